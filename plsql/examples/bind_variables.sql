-- A DBA's bind-variable kill script: find the session of a user (its module set by the
-- application) into the SQL*Plus binds :sid and :serial, show it with a query that reads the
-- binds, then kill it with EXECUTE IMMEDIATE of an ALTER SYSTEM KILL SESSION text built from
-- them. The binds keep their values between calls, so the same :sid is checked afterwards.
--
-- Cast: main = SYSTEM; app = the application session of SCOTT.
SET ECHO ON
CONNECT system/manager
CREATE USER scott IDENTIFIED BY tiger;
GRANT CREATE SESSION TO scott;
SESSION app
CONNECT scott/tiger
EXEC DBMS_APPLICATION_INFO.SET_MODULE('billing', 'nightly run')

SESSION main
VARIABLE sid NUMBER
VARIABLE serial NUMBER
VARIABLE target VARCHAR2(30)
EXEC :target := 'SCOTT'
BEGIN
  SELECT sid, serial#
    INTO :sid, :serial
    FROM v$session
   WHERE username = :target AND module = 'billing';
END;
/
PRINT sid serial
COLUMN username FORMAT a10
COLUMN module FORMAT a10
SELECT sid, serial#, username, module, status FROM v$session WHERE sid = :sid AND serial# = :serial;
SET SERVEROUTPUT ON
DECLARE
  l_sql VARCHAR2(200);
BEGIN
  l_sql := 'ALTER SYSTEM KILL SESSION ''' || :sid || ',' || :serial || ''' IMMEDIATE';
  DBMS_OUTPUT.PUT_LINE(l_sql);
  EXECUTE IMMEDIATE l_sql;
END;
/
SELECT sid, serial#, username, status FROM v$session WHERE sid = :sid;
-- Nothing left to find: SELECT INTO raises NO_DATA_FOUND and the binds keep their values.
BEGIN
  SELECT sid, serial# INTO :sid, :serial FROM v$session WHERE username = :target AND status <> 'KILLED';
END;
/
PRINT sid

SESSION app
SELECT user FROM dual;
