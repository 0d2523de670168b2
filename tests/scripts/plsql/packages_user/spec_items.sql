-- What a spec can declare besides variables and subprograms: a cursor, a collection type and
-- variable, exceptions (one with PRAGMA EXCEPTION_INIT). The body uses them, qualified with
-- the package's own name or not; callers outside catch the package's exceptions by name; a
-- stored procedure calls the package.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE OR REPLACE PACKAGE user_list IS
  CURSOR c_users IS SELECT username FROM dba_users WHERE username IN ('SYS', 'SYSTEM') ORDER BY 1;
  TYPE t_names IS TABLE OF VARCHAR2(30) INDEX BY PLS_INTEGER;
  g_names t_names;
  e_empty EXCEPTION;
  e_full EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_full, -20100);
  PROCEDURE load;
  FUNCTION cnt RETURN NUMBER;
END user_list;
/
CREATE OR REPLACE PACKAGE BODY user_list IS
  PROCEDURE load IS
  BEGIN
    IF g_names.COUNT >= 4 THEN
      RAISE_APPLICATION_ERROR(-20100, 'list is full');
    END IF;
    FOR r IN c_users LOOP
      g_names(g_names.COUNT + 1) := r.username;
    END LOOP;
  END load;

  FUNCTION cnt RETURN NUMBER IS
  BEGIN
    IF user_list.g_names.COUNT = 0 THEN
      RAISE user_list.e_empty;
    END IF;
    RETURN g_names.COUNT;
  END cnt;
END user_list;
/
SHOW ERRORS
BEGIN
  DBMS_OUTPUT.PUT_LINE(user_list.cnt);
EXCEPTION
  WHEN user_list.e_empty THEN
    DBMS_OUTPUT.PUT_LINE('empty');
END;
/
BEGIN
  FOR i IN 1 .. 3 LOOP
    user_list.load;
    DBMS_OUTPUT.PUT_LINE(i || ': ' || user_list.cnt);
  END LOOP;
EXCEPTION
  WHEN user_list.e_full THEN
    DBMS_OUTPUT.PUT_LINE('full: ' || SQLERRM);
END;
/
CREATE OR REPLACE PROCEDURE show_users IS
BEGIN
  DBMS_OUTPUT.PUT_LINE('show_users sees ' || user_list.cnt || ' names');
END;
/
EXEC show_users
