-- A killed INACTIVE session keeps its row (KILLED / PSEUDO, PADDR moved to the shared PSEUDO
-- process, its own process gone from V$PROCESS) until its owner's next call learns of the kill.
-- After that, its SID is free again: the next logon takes the lowest free SID with SERIAL#
-- one higher, so 'sid,serial#' still names exactly one session.
--
-- Cast: main = SYSTEM; a, b = sessions of user APPUSER.
SET ECHO ON
CONNECT system/manager
CREATE USER appuser IDENTIFIED BY pw;
GRANT CREATE SESSION TO appuser;

SESSION a
CONNECT appuser/pw
SESSION b
CONNECT appuser/pw

SESSION main
COLUMN program FORMAT a20
SELECT s.sid, s.serial#, s.status, s.server, p.pid, p.program
  FROM v$session s, v$process p
 WHERE s.paddr = p.addr AND s.username = 'APPUSER'
 ORDER BY s.sid;
ALTER SYSTEM KILL SESSION '11,1';
SELECT s.sid, s.status, s.server, p.pid, p.program
  FROM v$session s JOIN v$process p ON s.paddr = p.addr
 WHERE s.username = 'APPUSER'
 ORDER BY s.sid;
ALTER SYSTEM KILL SESSION '11,1';

SESSION a
SELECT user FROM dual;
SELECT user FROM dual;
CONNECT appuser/pw

SESSION main
SELECT sid, serial#, status FROM v$session WHERE username = 'APPUSER' ORDER BY sid;
ALTER SYSTEM KILL SESSION '11,1';
