-- ALTER SYSTEM CANCEL SQL ends the target's current call with ORA-01013 and the session lives
-- on; ALTER SYSTEM DISCONNECT SESSION ... IMMEDIATE ends the session like KILL SESSION
-- IMMEDIATE: the server process is gone, so the victim's client sees ORA-03135 on its next call
-- and ORA-03114 after (19c; Config::compatible = Oracle11g gives ORA-00028). The id text may carry spaces, '@1' (this instance) and, for CANCEL SQL, a SQL_ID.
-- A session that is between calls has nothing to cancel.
--
-- Cast: main = SYSTEM; app = JWARD.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION app
CONNECT jward/jward
EXEC DBMS_LOCK.SLEEP(120)

SESSION main
ALTER SYSTEM CANCEL SQL '11, 1, @1';
ALTER SYSTEM CANCEL SQL '11, 1';
ALTER SYSTEM CANCEL SQL '11, 1, 3tfmdd4xagv3y';
ALTER SYSTEM CANCEL SQL '11, 1, bad';

SESSION app
SELECT user FROM dual;
EXEC DBMS_SESSION.SLEEP(4000)

SESSION main
SELECT sid, serial#, status FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM DISCONNECT SESSION '11,1' IMMEDIATE;
SELECT sid, serial#, status, server FROM v$session WHERE username = 'JWARD';

SESSION app
SELECT user FROM dual;
SELECT user FROM dual;
