-- SELECT ... FOR UPDATE locks exactly the rows its WHERE clause selects (ROWNUM counting the
-- rows locked), then returns them: subqueries still see the whole table. Over a join it locks
-- the rows of every table that take part in the result, and no others.
SET ECHO ON
CONNECT system/manager
CREATE TABLE t (id NUMBER);
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (2);
INSERT INTO t VALUES (3);
COMMIT;
SELECT id FROM t WHERE id > (SELECT min(id) FROM t) ORDER BY id DESC FOR UPDATE;
SELECT id, (SELECT count(*) FROM t) n FROM t WHERE ROWNUM <= 2 FOR UPDATE;
SELECT count(*) FROM v$lock WHERE type = 'TX';
COMMIT;
SELECT count(*) FROM v$lock WHERE type = 'TX';

CREATE TABLE dept (deptno NUMBER PRIMARY KEY, dname VARCHAR2(10));
CREATE TABLE emp (empno NUMBER PRIMARY KEY, ename VARCHAR2(10), deptno NUMBER);
INSERT INTO dept VALUES (10, 'ACCOUNTING');
INSERT INTO dept VALUES (20, 'RESEARCH');
INSERT INTO emp VALUES (1, 'KING', 10);
INSERT INTO emp VALUES (2, 'SMITH', 20);
INSERT INTO emp VALUES (3, 'JONES', 20);
COMMIT;
SELECT e.ename, d.dname FROM emp e JOIN dept d ON d.deptno = e.deptno
 WHERE d.dname = 'RESEARCH' ORDER BY e.ename FOR UPDATE;
SELECT type, count(*) FROM v$lock GROUP BY type ORDER BY type;
SESSION b
CONNECT system/manager
SELECT ename FROM emp WHERE empno = 1 FOR UPDATE NOWAIT;
SELECT ename FROM emp WHERE empno = 2 FOR UPDATE NOWAIT;
SELECT dname FROM dept WHERE deptno = 20 FOR UPDATE NOWAIT;
SELECT dname FROM dept WHERE deptno = 10 FOR UPDATE NOWAIT;
SELECT e.ename FROM emp e, dept d WHERE e.deptno = d.deptno FOR UPDATE SKIP LOCKED;
SELECT ename FROM emp, v$session WHERE sid = 1 FOR UPDATE;
ROLLBACK;
SESSION main
COMMIT;
