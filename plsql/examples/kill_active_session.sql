-- Killing an ACTIVE session: JWARD's session is inside DBMS_SESSION.SLEEP(300), a call that
-- the engine can interrupt. The administrator finds it ACTIVE, waiting on 'PL/SQL lock timer',
-- and kills it. The sleep is interrupted at once (no need to wait 300 s): JWARD's call fails
-- with ORA-00028, the killer gets "System altered.", and the row leaves V$SESSION. The session
-- is gone: its next call gets ORA-01012.
--
-- Cast: main = the administrator (SYSTEM); app = JWARD's session.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION app
CONNECT jward/jward
EXEC DBMS_SESSION.SLEEP(300)

SESSION main
ADVANCE 5
COLUMN event FORMAT a20
SELECT sid, serial#, status, event, seconds_in_wait FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, serial#, status FROM v$session WHERE username = 'JWARD';

SESSION app
SELECT user FROM dual;
