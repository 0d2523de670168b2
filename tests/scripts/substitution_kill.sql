-- The way DBA scripts kill: find the session with a query whose columns land in substitution
-- variables (COLUMN ... NEW_VALUE), then kill '&sid,&serial'. SET VERIFY shows the
-- substitution; the variables are shared by every session of the script.
--
-- Cast: main = SYSTEM; app = JWARD.
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION app
CONNECT jward/jward

SESSION main
COLUMN sid NEW_VALUE sid
COLUMN serial# NEW_VALUE serial
SELECT sid, serial# FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '&sid,&serial';
SET VERIFY OFF
DEFINE victim = JWARD
SELECT status, server FROM v$session WHERE username = '&victim';

SESSION app
PROMPT JWARD's next call learns of the kill:
SELECT user FROM dual;
