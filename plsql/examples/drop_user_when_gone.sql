-- The sleep-and-poll pattern of schema-drop scripts: kill every session of the user, try
-- DROP USER ... CASCADE, and while it fails with ORA-01940 (a killed session's row is still
-- there until its owner hears of the kill) sleep a second and try again. The loop waits on
-- DBMS_SESSION.SLEEP, which runs on virtual time here; it ends once JWARD's client makes its
-- next call, learns of the kill (ORA-03135: on 19c an IMMEDIATE kill drops the connection)
-- and its session leaves V$SESSION.
--
-- Cast: main = SYSTEM running the drop loop; app = JWARD's idle session.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
SESSION app
CONNECT jward/jward

SESSION main
SET SERVEROUTPUT ON
DECLARE
  user_name CONSTANT VARCHAR2(30) := 'JWARD';
  v_user_exists NUMBER;
  v_tries PLS_INTEGER := 0;
BEGIN
  LOOP
    FOR c IN (SELECT s.sid, s.serial# FROM v$session s
               WHERE UPPER(s.username) = user_name AND s.status <> 'KILLED') LOOP
      EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || c.sid || ',' || c.serial# || ''' IMMEDIATE';
      DBMS_OUTPUT.PUT_LINE('killed ' || c.sid || ',' || c.serial#);
    END LOOP;
    BEGIN
      v_tries := v_tries + 1;
      EXECUTE IMMEDIATE 'DROP USER ' || user_name || ' CASCADE';
    EXCEPTION
      WHEN OTHERS THEN
        IF SQLCODE = -1940 THEN
          NULL;
        ELSE
          RAISE;
        END IF;
    END;
    SELECT COUNT(*) INTO v_user_exists FROM dba_users WHERE username = user_name;
    EXIT WHEN v_user_exists = 0;
    DBMS_SESSION.SLEEP(1);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('dropped after ' || v_tries || ' tries');
END;
/

SESSION app
ADVANCE 3
SELECT user FROM dual;

SESSION main
ADVANCE 1
SELECT username FROM dba_users WHERE username = 'JWARD';
