-- A PL/SQL block spinning in an endless loop is ACTIVE and burns CPU, never waiting on
-- anything; a kill still ends it at the loop's next iteration (every iteration is a safe
-- point). Its handler WHEN OTHERS sees SQLCODE -28, but the session is dead anyway: the call
-- ends with ORA-00028 and the row leaves V$SESSION.
--
-- Cast: main = SYSTEM; app = JWARD, looping.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION app
CONNECT jward/jward
SET SERVEROUTPUT ON
DECLARE
  n PLS_INTEGER := 0;
BEGIN
  LOOP
    n := n + 1;
  END LOOP;
EXCEPTION
  WHEN OTHERS THEN
    DBMS_OUTPUT.PUT_LINE('caught ' || SQLCODE);
    RAISE;
END;
/

SESSION main
SELECT sid, serial#, status FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, serial#, status FROM v$session WHERE username = 'JWARD';
