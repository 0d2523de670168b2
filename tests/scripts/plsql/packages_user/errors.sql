-- What goes wrong with packages, as Oracle reports it: a body without a spec, a body missing a
-- subprogram the spec declares (PLS-00323), a body with a compilation error (USER_ERRORS with
-- TYPE 'PACKAGE BODY', SHOW ERRORS PACKAGE BODY), calling a package whose body is missing or
-- invalid (ORA-04067 / ORA-04063 + ORA-06508), a private member used from outside
-- (PLS-00302), and a run-time error inside a package subprogram (ORA-06512 names the package).
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE OR REPLACE PACKAGE BODY no_spec IS
  PROCEDURE p IS
  BEGIN
    NULL;
  END p;
END no_spec;
/
SHOW ERRORS PACKAGE BODY no_spec

CREATE OR REPLACE PACKAGE kill_tools IS
  PROCEDURE kill_user(p_user IN VARCHAR2);
  FUNCTION sessions_of(p_user IN VARCHAR2) RETURN NUMBER;
END kill_tools;
/
-- No body yet: calling it fails at run time.
EXEC kill_tools.kill_user('NOBODY')
-- A body that forgets SESSIONS_OF.
CREATE OR REPLACE PACKAGE BODY kill_tools IS
  PROCEDURE kill_user(p_user IN VARCHAR2) IS
  BEGIN
    NULL;
  END kill_user;
END kill_tools;
/
SHOW ERRORS
-- A body with an undeclared identifier.
CREATE OR REPLACE PACKAGE BODY kill_tools IS
  g_killed NUMBER := 0;

  PROCEDURE kill_user(p_user IN VARCHAR2) IS
  BEGIN
    g_kiled := g_killed + 1;
  END kill_user;

  FUNCTION sessions_of(p_user IN VARCHAR2) RETURN NUMBER IS
    n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO n FROM v$session WHERE username = p_user;
    RETURN n;
  END sessions_of;
END kill_tools;
/
SHOW ERRORS PACKAGE BODY kill_tools
COLUMN name FORMAT a10
COLUMN text FORMAT a60
SELECT name, type, line, position, text FROM user_errors ORDER BY name, type, sequence;
COLUMN object_name FORMAT a12
SELECT object_name, object_type, status FROM user_procedures ORDER BY object_name;
EXEC kill_tools.kill_user('NOBODY')
-- Fixed: the body compiles, USER_SOURCE holds both parts.
CREATE OR REPLACE PACKAGE BODY kill_tools IS
  g_killed NUMBER := 0;

  PROCEDURE kill_user(p_user IN VARCHAR2) IS
  BEGIN
    IF p_user IS NULL THEN
      RAISE_APPLICATION_ERROR(-20001, 'kill_user needs a user name');
    END IF;
    g_killed := g_killed + sessions_of(p_user);
  END kill_user;

  FUNCTION sessions_of(p_user IN VARCHAR2) RETURN NUMBER IS
    n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO n FROM v$session WHERE username = p_user;
    RETURN n;
  END sessions_of;
END kill_tools;
/
SHOW ERRORS
SELECT COUNT(*) FROM user_errors WHERE name = 'KILL_TOOLS';
SELECT type, line, text FROM user_source WHERE name = 'KILL_TOOLS' AND line <= 3 ORDER BY type, line;
SELECT object_name, object_type, status FROM user_procedures ORDER BY object_name;
-- G_KILLED is private: not visible outside the package.
EXEC DBMS_OUTPUT.PUT_LINE(kill_tools.g_killed)
BEGIN
  kill_tools.g_killed := 0;
END;
/
EXEC kill_tools.no_such_procedure
-- A run-time error inside the package names it in the ORA-06512 lines.
EXEC kill_tools.kill_user(NULL)
EXEC DBMS_OUTPUT.PUT_LINE('SYSTEM has ' || kill_tools.sessions_of('SYSTEM') || ' session(s)')
-- A spec with an error: callers get PLS-00905 when they compile, a body PLS-00905 too.
CREATE OR REPLACE PACKAGE bad_spec IS
  g no_such_type;
  PROCEDURE p;
END bad_spec;
/
SHOW ERRORS PACKAGE bad_spec
EXEC bad_spec.p
CREATE OR REPLACE PACKAGE BODY bad_spec IS
  PROCEDURE p IS
  BEGIN
    NULL;
  END p;
END bad_spec;
/
SHOW ERRORS
-- A package's name is taken for procedures, and a body needs OR REPLACE to be replaced.
CREATE PROCEDURE bad_spec IS BEGIN NULL; END;
/
CREATE PACKAGE BODY bad_spec IS
  PROCEDURE p IS
  BEGIN
    NULL;
  END p;
END bad_spec;
/
