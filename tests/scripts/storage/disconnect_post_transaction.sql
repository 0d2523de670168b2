-- ALTER SYSTEM DISCONNECT SESSION ... POST_TRANSACTION waits for the session's transaction to
-- end: the statement returns at once, the session goes on working, and its ROLLBACK (or
-- COMMIT) succeeds; then it is disconnected and its next call gets ORA-00028. On a session
-- without an open transaction it acts like KILL SESSION.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app;

SESSION a
CONNECT app/pw
CREATE TABLE t (id NUMBER);
INSERT INTO t VALUES (1);

SESSION b
CONNECT app/pw

SESSION main
ALTER SYSTEM DISCONNECT SESSION '11,1' POST_TRANSACTION;
ALTER SYSTEM DISCONNECT SESSION '12,1' POST_TRANSACTION;
SELECT sid, status, server FROM v$session WHERE username = 'APP' ORDER BY sid;

SESSION a
INSERT INTO t VALUES (2);
COMMIT;

SESSION main
SELECT sid, status, server FROM v$session WHERE username = 'APP' ORDER BY sid;
SELECT count(*) FROM app.t;

SESSION a
SELECT count(*) FROM t;
SELECT count(*) FROM t;

SESSION b
SELECT count(*) FROM t;

