-- Killing a waiter and killing a blocker. A waiting (ACTIVE) session that is killed stops
-- waiting at once with ORA-00028, and the row it waited for stays locked by its holder.
-- Killing the holder (INACTIVE) rolls its transaction back and releases the row: the next
-- waiter in line gets it immediately.
--
-- Cast: main = SYSTEM; a holds the row; b and c wait for it.
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

SESSION b
CONNECT app/pw
UPDATE t SET v = 'b' WHERE id = 1;

SESSION c
CONNECT app/pw
DELETE FROM t WHERE id = 1;

SESSION main
SELECT sid, status, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
COLUMN lock_type FORMAT a12
COLUMN mode_held FORMAT a10
COLUMN mode_requested FORMAT a10
SELECT waiting_session, holding_session, lock_type, mode_held, mode_requested FROM dba_waiters
 ORDER BY waiting_session;
ALTER SYSTEM KILL SESSION '12,1';
SELECT sid, status, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;

SESSION c
SELECT count(*) FROM t;
ROLLBACK;
SELECT id, v FROM t;

SESSION b
SELECT 1 FROM dual;

SESSION a
SELECT 1 FROM dual;
