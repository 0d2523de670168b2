-- A stored procedure's source and errors in the dictionary: USER_PROCEDURES lists it (STATUS
-- INVALID after a compilation with errors), USER_SOURCE holds its lines, USER_ERRORS and
-- SHOW ERRORS its messages, with lines counted from the PROCEDURE keyword.
SET ECHO ON
CONNECT system/manager
CREATE OR REPLACE PROCEDURE kill_idle(p_user IN VARCHAR2) IS
BEGIN
  FOR r IN (SELECT sid, serial# FROM v$session WHERE username = p_user) LOOP
    v_count := v_count + 1;
  END LOOP;
  DBMS_OUTPUT.PUT_LINE(v_count, 'two arguments');
END;
/
SHOW ERRORS
COLUMN name FORMAT a10
COLUMN text FORMAT a60
SELECT name, type, line, position, text FROM user_errors ORDER BY sequence;
SELECT line, text FROM user_source WHERE name = 'KILL_IDLE' ORDER BY line;
COLUMN object_name FORMAT a12
SELECT object_name, object_type, status FROM user_procedures;
CREATE OR REPLACE PROCEDURE kill_idle(p_user IN VARCHAR2) IS
  v_count PLS_INTEGER := 0;
BEGIN
  FOR r IN (SELECT sid, serial# FROM v$session WHERE username = p_user) LOOP
    v_count := v_count + 1;
  END LOOP;
END;
/
SHOW ERRORS
SELECT object_name, object_type, status FROM user_procedures;
SELECT COUNT(*) FROM user_errors;
