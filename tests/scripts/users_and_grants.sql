-- Users, roles and privileges as an Oracle DBA manages them. A new user cannot log on without
-- CREATE SESSION (ORA-01045); a wrong password is ORA-01017; without dictionary access V$SESSION
-- "does not exist" (ORA-00942); GRANT SELECT ANY DICTIONARY opens it; REVOKE closes it again;
-- DROP USER fails with ORA-01940 while the user has a session, even a KILLED one.
--
-- Cast: main = SYSTEM; scott = a new user.
SET ECHO ON
CONNECT system/manager
CREATE USER scott IDENTIFIED BY tiger;
CREATE USER scott IDENTIFIED BY tiger;

SESSION scott
CONNECT scott/tiger

SESSION main
GRANT CREATE SESSION TO scott;

SESSION scott
CONNECT scott/wrong
CONNECT scott/tiger
SELECT sid FROM v$session WHERE username = 'SCOTT';
ALTER SYSTEM KILL SESSION '10,1';
SELECT * FROM session_privs;

SESSION main
GRANT SELECT ANY DICTIONARY TO scott;
GRANT nosuchrole TO scott;
GRANT CREATE SESSION TO nobody;

SESSION scott
COLUMN username FORMAT a10
SELECT sid, serial#, username FROM v$session WHERE username = 'SCOTT';

SESSION main
REVOKE SELECT ANY DICTIONARY FROM scott;
REVOKE DBA FROM scott;

SESSION scott
SELECT sid FROM v$session;

SESSION main
COLUMN grantee FORMAT a10
COLUMN privilege FORMAT a20
SELECT grantee, privilege FROM dba_sys_privs WHERE grantee = 'SCOTT';
ALTER SYSTEM KILL SESSION '11,1';
DROP USER scott;

SESSION scott
SELECT user FROM dual;

SESSION main
DROP USER scott CASCADE;
SELECT username FROM all_users WHERE username = 'SCOTT';
