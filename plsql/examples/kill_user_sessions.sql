-- The two kill loops DBA scripts use (issue 4), run against three sessions of JWARD:
-- 1. a cursor FOR loop over V$SESSION that builds ALTER SYSTEM KILL SESSION ... IMMEDIATE with
--    '''' quote doubling and runs it with EXECUTE IMMEDIATE, treating ORA-00031 ("marked for
--    kill") as success and re-raising anything else;
-- 2. the cscripts pattern: BULK COLLECT of 'sid,serial#' into DBMS_UTILITY.NAME_ARRAY, then
--    ALTER SYSTEM DISCONNECT SESSION for each, with PRAGMA EXCEPTION_INIT names for ORA-00030
--    and ORA-00031.
-- Idle sessions are killed at once: they show KILLED / PSEUDO until their owners' next calls,
-- which find the connection lost (ORA-03135: IMMEDIATE and DISCONNECT end the server side).
--
-- Cast: main = SYSTEM; s1, s2, s3 = JWARD's sessions; s4 = SCOTT's session.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
CREATE USER scott IDENTIFIED BY tiger;
GRANT CREATE SESSION TO scott;
SESSION s1
CONNECT jward/jward
SESSION s2
CONNECT jward/jward
SESSION s3
CONNECT scott/tiger

SESSION main
SET SERVEROUTPUT ON
COLUMN username FORMAT a10
SELECT sid, serial#, username, status FROM v$session WHERE username IN ('JWARD', 'SCOTT') ORDER BY sid;
BEGIN
  FOR r IN (SELECT sid, serial# FROM v$session WHERE username = 'JWARD' AND status <> 'KILLED') LOOP
    BEGIN
      EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || r.sid || ',' || r.serial# || ''' IMMEDIATE';
      DBMS_OUTPUT.PUT_LINE('killed ' || r.sid || ',' || r.serial#);
    EXCEPTION
      WHEN OTHERS THEN
        IF SQLCODE = -31 THEN
          DBMS_OUTPUT.PUT_LINE('marked ' || r.sid);
        ELSE
          RAISE;
        END IF;
    END;
  END LOOP;
END;
/
SELECT sid, serial#, username, status, server FROM v$session WHERE username IN ('JWARD', 'SCOTT') ORDER BY sid;

DECLARE
  session_marked_for_kill EXCEPTION;
  PRAGMA EXCEPTION_INIT(session_marked_for_kill, -00031);
  session_does_not_exist EXCEPTION;
  PRAGMA EXCEPTION_INIT(session_does_not_exist, -00030);
  l_sessions DBMS_UTILITY.name_array;
BEGIN
  SELECT sid || ',' || serial# BULK COLLECT INTO l_sessions
    FROM v$session
   WHERE username = 'SCOTT' AND type = 'USER' AND sid <> SYS_CONTEXT('USERENV', 'SID');
  IF l_sessions.COUNT = 0 THEN
    DBMS_OUTPUT.PUT_LINE('no session found');
  END IF;
  FOR i IN 1 .. l_sessions.COUNT LOOP
    BEGIN
      EXECUTE IMMEDIATE 'ALTER SYSTEM DISCONNECT SESSION ''' || l_sessions(i) || ''' IMMEDIATE';
    EXCEPTION
      WHEN session_marked_for_kill OR session_does_not_exist THEN NULL;
    END;
  END LOOP;
  DBMS_OUTPUT.PUT_LINE(l_sessions.COUNT || ' session killed!');
END;
/
SELECT sid, serial#, username, status, server FROM v$session WHERE username IN ('JWARD', 'SCOTT') ORDER BY sid;

SESSION s1
SELECT user FROM dual;
SESSION s3
SELECT user FROM dual;
