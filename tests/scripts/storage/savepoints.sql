-- SAVEPOINT and ROLLBACK TO: changes after the savepoint are undone, earlier ones stay and
-- the transaction stays open; a later savepoint is erased by rolling back past it; an unknown
-- savepoint is ORA-01086. A failing statement undoes only itself.
SET ECHO ON
CONNECT system/manager
CREATE TABLE t (id NUMBER PRIMARY KEY, v VARCHAR2(10));
INSERT INTO t VALUES (1, 'one');
SAVEPOINT s1;
INSERT INTO t VALUES (2, 'two');
SAVEPOINT s2;
UPDATE t SET v = 'ONE' WHERE id = 1;
DELETE FROM t WHERE id = 2;
SELECT id, v FROM t ORDER BY id;
ROLLBACK TO SAVEPOINT s2;
SELECT id, v FROM t ORDER BY id;
ROLLBACK TO s1;
SELECT id, v FROM t ORDER BY id;
ROLLBACK TO s2;
SELECT count(*) FROM v$transaction;
INSERT INTO t VALUES (3, 'three');
INSERT INTO t SELECT id + 10, v FROM t UNION ALL SELECT 1, 'dup' FROM dual;
SELECT id, v FROM t ORDER BY id;
DELETE FROM t WHERE ROWNUM <= 1;
SELECT count(*) FROM t;
ROLLBACK;
SELECT count(*) FROM t;
SELECT count(*) FROM v$transaction;
