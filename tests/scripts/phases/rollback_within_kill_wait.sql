-- A rollback that ends within the kill wait: the killer waits for it and gets System altered.
-- VSESSION_SIM.SET_ROLLBACK_RATE (a vsession test-bed extension) sets 100 undo records per
-- second of engine time; the kill wait is 60 s.
--   1. The victim's own ROLLBACK of 3,000 undo records (30 s): the kill 5 s in waits 25 s, then
--      completes with the rollback; the ROLLBACK call gets ORA-00028.
--   2. A victim killed at a safe point (sleeping in PL/SQL) with 2,000 undo records: its call
--      rolls back for 20 s (KILLED / DEDICATED meanwhile), then gets ORA-00028.
--   3. An idle victim with 2,000 undo records: PMON rolls back for 20 s, the killer waits for it,
--      then the victim is KILLED / PSEUDO until its owner's next call.
--   4. KILL ... IMMEDIATE of such a victim: ORA-00031 at once, PMON rolls back all the same. The
--      owner calling meanwhile waits for PMON; then (19c: IMMEDIATE drops the connection) its
--      call gets ORA-03135.
--   5. KILL ... IMMEDIATE during the victim's own ROLLBACK: ORA-00031 at once; when the rollback
--      is over the ROLLBACK call ends with ORA-03113 (19c: the connection was dropped).
--
-- Cast: main = SYSTEM, the killer; app1, app2 = JWARD's sessions (SID 11, serial# 1 to 5);
-- watch = SYSTEM, looking on while main waits.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION, CREATE TABLE, CREATE PROCEDURE, UNLIMITED TABLESPACE TO jward;
EXEC VSESSION_SIM.SET_ROLLBACK_RATE(100)
COLUMN event FORMAT a30

SESSION app1
CONNECT jward/jward
CREATE TABLE audit_rows (n NUMBER);
PROMPT add_rows(n) inserts n rows: n undo records.
CREATE PROCEDURE add_rows(n NUMBER) AS
BEGIN
  FOR i IN 1 .. n LOOP
    INSERT INTO audit_rows VALUES (i);
  END LOOP;
END;
/
PROMPT 1. The victim's own ROLLBACK ends 30 s in, within the kill wait.
EXEC add_rows(3000)
ROLLBACK;
SESSION main
ADVANCE 5
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
SELECT COUNT(*) FROM jward.audit_rows;

PROMPT 2. A kill at a safe point: the interrupted call rolls back for 20 s.
SESSION app1
CONNECT jward/jward
BEGIN
  add_rows(2000);
  DBMS_SESSION.SLEEP(600);
END;
/
SESSION main
ALTER SYSTEM KILL SESSION '11,2';
SESSION watch
CONNECT system/manager
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
ADVANCE 10
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr WHERE s.sid = 11;
SESSION main
SELECT COUNT(*) FROM jward.audit_rows;

PROMPT 3. PMON rolls an idle victim back in 20 s, within the kill wait.
SESSION app2
CONNECT jward/jward
EXEC add_rows(2000)
SESSION main
ALTER SYSTEM KILL SESSION '11,3';
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
SESSION app2
SELECT user FROM dual;
SELECT user FROM dual;

PROMPT 4. IMMEDIATE does not wait; the owner's call waits for PMON.
CONNECT jward/jward
EXEC add_rows(2000)
SESSION main
ALTER SYSTEM KILL SESSION '11,4' IMMEDIATE;
ADVANCE 5
SESSION app2
SELECT user FROM dual;
SESSION main
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
ADVANCE 15
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';

PROMPT 5. IMMEDIATE during the victim's own ROLLBACK.
SESSION app1
CONNECT jward/jward
EXEC add_rows(1000)
ROLLBACK;
SESSION main
ALTER SYSTEM KILL SESSION '11,5' IMMEDIATE;
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
ADVANCE 10
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
