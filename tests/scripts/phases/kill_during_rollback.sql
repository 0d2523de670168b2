-- A session rolling back cannot be ended until the rollback is over. With a rollback rate of
-- 100 undo records per second (VSESSION_SIM.SET_ROLLBACK_RATE, a vsession test-bed extension),
-- a ROLLBACK of 12,000 undo records takes 120 s of engine time, longer than the 60 s kill wait:
--   - V$SESSION shows the victim ACTIVE, then KILLED with SERVER still DEDICATED (not PSEUDO),
--     EVENT 'undo segment recovery'; V$TRANSACTION.USED_UREC counts down as it goes;
--   - the killer waits 60 s, then gets ORA-00031; a second kill answers ORA-00031 at once;
--   - the row lock the victim holds is kept until the whole rollback is over: a session waiting
--     for it waits until then;
--   - when the rollback ends the kill completes: the ROLLBACK call gets ORA-00028, the victim
--     leaves V$SESSION and V$TRANSACTION, its locks go, the waiter proceeds; then ORA-01012.
--
-- Cast: main = SYSTEM, the killer; app = JWARD's session (SID 11), the victim; other = a second
-- SYSTEM session (SID 12) that waits for the victim's row lock.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION, CREATE TABLE, UNLIMITED TABLESPACE TO jward;
COLUMN event FORMAT a30
COLUMN wait_class FORMAT a10
COLUMN username FORMAT a10

SESSION app
CONNECT jward/jward
CREATE TABLE accounts (id NUMBER PRIMARY KEY, balance NUMBER);
INSERT INTO accounts VALUES (1, 100);
COMMIT;
CREATE TABLE audit_rows (n NUMBER);
PROMPT One row update, then 11,999 inserts: 12,000 undo records.
UPDATE accounts SET balance = 0 WHERE id = 1;
BEGIN
  FOR i IN 1 .. 11999 LOOP
    INSERT INTO audit_rows VALUES (i);
  END LOOP;
END;
/

SESSION main
EXEC VSESSION_SIM.SET_ROLLBACK_RATE(100)
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;

SESSION other
CONNECT system/manager
UPDATE jward.accounts SET balance = balance + 1 WHERE id = 1;

SESSION app
ROLLBACK;

SESSION main
ADVANCE 10
SELECT sid, status, server, event, wait_class FROM v$session WHERE username = 'JWARD';
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
PROMPT The kill waits 60 s, then ORA-00031.
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, event, blocking_session FROM v$session WHERE sid = 12;
ADVANCE 30
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
PROMPT The rollback ends at 120 s: the kill completes, the waiter proceeds.
ADVANCE 20
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
SELECT s.username, t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr;
SELECT sid, type FROM v$lock WHERE sid = 11;
SELECT COUNT(*) FROM jward.audit_rows;

SESSION other
COMMIT;
SELECT balance FROM jward.accounts;

SESSION app
SELECT user FROM dual;
