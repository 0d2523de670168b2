-- A deadlock. a locks row 1, b locks row 2, a waits for row 2, b asks for row 1 and closes
-- the cycle: the statement that would wait forever gets ORA-00060, but its transaction stays
-- open with the locks it already had (as in Oracle). Only when it rolls back does a go on.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app;

SESSION a
CONNECT app/pw
CREATE TABLE t (id NUMBER PRIMARY KEY, n NUMBER);
INSERT INTO t VALUES (1, 0);
INSERT INTO t VALUES (2, 0);
COMMIT;
UPDATE t SET n = n + 1 WHERE id = 1;

SESSION b
CONNECT app/pw
UPDATE t SET n = n + 10 WHERE id = 2;

SESSION a
UPDATE t SET n = n + 1 WHERE id = 2;

SESSION b
UPDATE t SET n = n + 10 WHERE id = 1;
SELECT id, n FROM t ORDER BY id;

SESSION main
SELECT sid, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
SELECT count(*) FROM v$transaction;

SESSION b
ROLLBACK;

SESSION a
COMMIT;
SELECT id, n FROM t ORDER BY id;
