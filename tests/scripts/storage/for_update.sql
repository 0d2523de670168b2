-- SELECT ... FOR UPDATE locks exactly the rows its WHERE clause selects (ROWNUM counting the
-- rows locked), then returns them: subqueries still see the whole table.
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
