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


-- DBMS_SERVICE.DISCONNECT_SESSION with POST_TRANSACTION does the same for every session of a
-- service, and returns only when they are all gone: the idle one at once, the busy one when
-- it commits.
SESSION c
CONNECT app/pw
UPDATE t SET id = id + 10;

SESSION d
CONNECT app/pw

SESSION main
EXEC DBMS_SERVICE.DISCONNECT_SESSION('SYS$USERS', DBMS_SERVICE.POST_TRANSACTION)

SESSION c
SELECT count(*) FROM t WHERE id > 10;
COMMIT;

SESSION main
SELECT sid, status, server FROM v$session WHERE username = 'APP' ORDER BY sid;
SELECT sum(id) FROM app.t;

SESSION c
SELECT 1 FROM dual;

SESSION d
SELECT 1 FROM dual;
