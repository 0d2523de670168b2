-- A DBA's own package for ending a user's sessions: the kill loop of kill_user_sessions.sql
-- packaged once and called by name. The spec publishes the kill option, a per-session count
-- of sessions killed and two subprograms; the body keeps a private cursor over V$SESSION, a
-- private helper that runs one ALTER SYSTEM KILL SESSION (ORA-00030 / ORA-00031 are not
-- failures) and an initialization section. SELECT calls the package's function too.
--
-- Cast: main = SYSTEM; s1, s2 = JWARD's sessions; s3 = SCOTT's session.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
CREATE USER scott IDENTIFIED BY tiger;
GRANT CREATE SESSION TO scott;

CREATE OR REPLACE PACKAGE session_killer AUTHID CURRENT_USER AS
  c_option CONSTANT VARCHAR2(9) := 'IMMEDIATE';
  g_killed NUMBER := 0;
  PROCEDURE kill_user(p_user IN VARCHAR2, p_dry_run IN BOOLEAN DEFAULT FALSE);
  FUNCTION session_count(p_user IN VARCHAR2) RETURN NUMBER;
END session_killer;
/
CREATE OR REPLACE PACKAGE BODY session_killer AS
  CURSOR c_sessions(p_user VARCHAR2) IS
    SELECT sid, serial# AS serial
      FROM v$session
     WHERE username = p_user AND status <> 'KILLED' AND type = 'USER'
       AND sid <> SYS_CONTEXT('USERENV', 'SID')
     ORDER BY sid;

  PROCEDURE kill_one(p_sid IN NUMBER, p_serial IN NUMBER) IS
    session_marked_for_kill EXCEPTION;
    PRAGMA EXCEPTION_INIT(session_marked_for_kill, -00031);
    session_does_not_exist EXCEPTION;
    PRAGMA EXCEPTION_INIT(session_does_not_exist, -00030);
  BEGIN
    EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || p_sid || ',' || p_serial || ''' ' || c_option;
    g_killed := g_killed + 1;
    DBMS_OUTPUT.PUT_LINE('killed ' || p_sid || ',' || p_serial);
  EXCEPTION
    WHEN session_marked_for_kill OR session_does_not_exist THEN
      DBMS_OUTPUT.PUT_LINE('already going: ' || p_sid || ',' || p_serial);
  END kill_one;

  PROCEDURE kill_user(p_user IN VARCHAR2, p_dry_run IN BOOLEAN DEFAULT FALSE) IS
  BEGIN
    FOR s IN c_sessions(UPPER(p_user)) LOOP
      IF p_dry_run THEN
        DBMS_OUTPUT.PUT_LINE('would kill ' || s.sid || ',' || s.serial);
      ELSE
        kill_one(s.sid, s.serial);
      END IF;
    END LOOP;
  END kill_user;

  FUNCTION session_count(p_user IN VARCHAR2) RETURN NUMBER IS
    n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO n FROM v$session WHERE username = UPPER(p_user) AND status <> 'KILLED';
    RETURN n;
  END session_count;
BEGIN
  DBMS_OUTPUT.PUT_LINE('session_killer ready (' || c_option || ')');
END session_killer;
/
SHOW ERRORS

SESSION s1
CONNECT jward/jward
SESSION s2
CONNECT jward/jward
SESSION s3
CONNECT scott/tiger

SESSION main
SET SERVEROUTPUT ON
COLUMN username FORMAT a10
EXEC session_killer.kill_user('jward', p_dry_run => TRUE)
SELECT session_killer.session_count('jward') AS jward, session_killer.session_count('scott') AS scott FROM dual;
EXEC session_killer.kill_user('jward')
SELECT sid, serial#, username, status, server FROM v$session WHERE username IN ('JWARD', 'SCOTT') ORDER BY sid;
EXEC session_killer.kill_user('jward')
EXEC DBMS_OUTPUT.PUT_LINE(session_killer.g_killed || ' session(s) killed by this session')

SESSION s1
SELECT user FROM dual;
SESSION s3
SELECT user FROM dual;
