-- Killing an ACTIVE blocker. Session a holds a row lock and is busy in a long call (a sleep
-- stands for work); b waits for the row. Killing a interrupts its call at the next safe point
-- (ORA-00028 in its late result), rolls back its transaction and releases the row: b's
-- update completes in the same step.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app;

SESSION a
CONNECT app/pw
CREATE TABLE t (id NUMBER PRIMARY KEY, v VARCHAR2(10));
INSERT INTO t VALUES (1, 'one');
COMMIT;
UPDATE t SET v = 'a' WHERE id = 1;
EXEC DBMS_SESSION.SLEEP(600)

SESSION b
CONNECT app/pw
UPDATE t SET v = 'b' WHERE id = 1;

SESSION main
ADVANCE 10
COLUMN event FORMAT a30
SELECT sid, status, event, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, event, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;

SESSION b
COMMIT;
SELECT id, v FROM t;
