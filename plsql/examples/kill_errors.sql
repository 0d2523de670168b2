-- Every way ALTER SYSTEM KILL SESSION can fail, and that a failed kill changes nothing:
--   ORA-00026  the id text is malformed (the instance must carry '@': '11,1,1' is malformed)
--   ORA-00030  no such session: a free SID, a SERIAL# that does not match, another instance
--   ORA-00027  a session cannot kill itself
--   ORA-00029  background processes are not user sessions
--   ORA-01031  the killer lacks the ALTER SYSTEM privilege
-- Afterwards JWARD's session is still INACTIVE and DEDICATED and answers its next call.
--
-- Cast: main = the administrator (SYSTEM); app = JWARD (no ALTER SYSTEM privilege).
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION app
CONNECT jward/jward

SESSION main
ALTER SYSTEM KILL SESSION '11';
ALTER SYSTEM KILL SESSION '11,one';
ALTER SYSTEM KILL SESSION '11,1,1';
ALTER SYSTEM KILL SESSION 11,1;
ALTER SYSTEM KILL SESSION '11,2';
ALTER SYSTEM KILL SESSION '999,1';
ALTER SYSTEM KILL SESSION '11,1,@2';
ALTER SYSTEM KILL SESSION '10,1';
ALTER SYSTEM KILL SESSION '1,1';

SESSION app
ALTER SYSTEM KILL SESSION '10,1';

SESSION main
SELECT sid, serial#, status, server FROM v$session WHERE username = 'JWARD';

SESSION app
SELECT user FROM dual;
