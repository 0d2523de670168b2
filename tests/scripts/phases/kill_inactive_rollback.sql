-- Killing an INACTIVE session with a large open transaction. The session has no call to roll
-- back on, so PMON (the background session SID 1) rolls it back, at the rollback rate set by
-- VSESSION_SIM.SET_ROLLBACK_RATE (a vsession test-bed extension): 9,000 undo records at 100
-- per second take 90 s of engine time, longer than the 60 s kill wait.
--   - The killer waits 60 s, then gets ORA-00031. Meanwhile the victim shows KILLED with SERVER
--     still DEDICATED, and the victim and PMON show EVENT 'undo segment recovery';
--     V$TRANSACTION.USED_UREC counts down.
--   - IMMEDIATE answers ORA-00031 at once (the kill is already under way).
--   - When PMON is done the kill completes as for any idle session: SERVER PSEUDO, locks gone;
--     the owner's next call gets ORA-00028, then ORA-01012.
--
-- Cast: main = SYSTEM, the killer; app = JWARD's session (SID 11), idle with its transaction.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION, CREATE TABLE, UNLIMITED TABLESPACE TO jward;
COLUMN event FORMAT a30
COLUMN program FORMAT a28

SESSION app
CONNECT jward/jward
CREATE TABLE audit_rows (n NUMBER);
BEGIN
  FOR i IN 1 .. 9000 LOOP
    INSERT INTO audit_rows VALUES (i);
  END LOOP;
END;
/

SESSION main
EXEC VSESSION_SIM.SET_ROLLBACK_RATE(100)
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
PROMPT The kill waits 60 s while PMON rolls back, then ORA-00031.
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, server, event FROM v$session WHERE sid IN (1, 11);
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
ALTER SYSTEM KILL SESSION '11,1' IMMEDIATE;
ADVANCE 20
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
PROMPT PMON is done at 90 s.
ADVANCE 10
SELECT sid, status, server, event FROM v$session WHERE sid IN (1, 11);
SELECT COUNT(*) FROM v$transaction;
SELECT COUNT(*) FROM v$lock WHERE sid = 11;
SELECT COUNT(*) FROM jward.audit_rows;

SESSION app
SELECT user FROM dual;
SELECT user FROM dual;

SESSION main
SELECT sid FROM v$session WHERE username = 'JWARD';
