-- Replacing and dropping packages. A spec of variables and constants needs no body. Replacing
-- the body of a package another session has instantiated discards that session's state: its
-- next call fails once with ORA-04068 (ORA-04061 / ORA-04065 / ORA-06508 under it), the call
-- after that instantiates the package afresh. A package without state (no variables, no
-- cursors) is replaced silently. DROP PACKAGE BODY keeps the spec; DROP PACKAGE removes both.
--
-- Cast: main = SYSTEM (DDL); a = a SYSTEM session using the packages.
SET ECHO ON
CONNECT system/manager
CREATE PACKAGE limits IS
  max_sessions CONSTANT NUMBER := 5;
  g_note VARCHAR2(30) := 'default';
END limits;
/
CREATE OR REPLACE PACKAGE app_ctx IS
  PROCEDURE set_user(p_user IN VARCHAR2);
  FUNCTION get_user RETURN VARCHAR2;
END app_ctx;
/
CREATE OR REPLACE PACKAGE BODY app_ctx IS
  g_user VARCHAR2(30);

  PROCEDURE set_user(p_user IN VARCHAR2) IS
  BEGIN
    g_user := p_user;
  END set_user;

  FUNCTION get_user RETURN VARCHAR2 IS
  BEGIN
    RETURN NVL(g_user, '(none)');
  END get_user;
END app_ctx;
/
CREATE OR REPLACE PACKAGE greeter IS
  FUNCTION hello(p_name IN VARCHAR2) RETURN VARCHAR2;
END greeter;
/
CREATE OR REPLACE PACKAGE BODY greeter IS
  FUNCTION hello(p_name IN VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    RETURN 'hello ' || p_name;
  END hello;
END greeter;
/
-- The name is taken.
CREATE PACKAGE limits IS
  x NUMBER;
END;
/

SESSION a
CONNECT system/manager
SET SERVEROUTPUT ON
BEGIN
  limits.g_note := 'set by a';
  app_ctx.set_user('JWARD');
  DBMS_OUTPUT.PUT_LINE(limits.max_sessions || ' ' || limits.g_note || ' ' || app_ctx.get_user || ' ' || greeter.hello('a'));
END;
/

SESSION main
CREATE OR REPLACE PACKAGE BODY app_ctx IS
  g_user VARCHAR2(30);

  PROCEDURE set_user(p_user IN VARCHAR2) IS
  BEGIN
    g_user := UPPER(p_user);
  END set_user;

  FUNCTION get_user RETURN VARCHAR2 IS
  BEGIN
    RETURN NVL(g_user, '(nobody)');
  END get_user;
END app_ctx;
/
CREATE OR REPLACE PACKAGE BODY greeter IS
  FUNCTION hello(p_name IN VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    RETURN 'hi ' || p_name;
  END hello;
END greeter;
/

SESSION a
-- The stateless package just runs its new body.
EXEC DBMS_OUTPUT.PUT_LINE(greeter.hello('a'))
-- APP_CTX had state in this session: discarded, once.
EXEC DBMS_OUTPUT.PUT_LINE(app_ctx.get_user)
EXEC DBMS_OUTPUT.PUT_LINE(app_ctx.get_user)
-- LIMITS was not replaced: its state is still there.
EXEC DBMS_OUTPUT.PUT_LINE(limits.g_note)

SESSION main
DROP PACKAGE BODY app_ctx;
COLUMN name FORMAT a10
SELECT name, type FROM user_source WHERE name = 'APP_CTX' AND line = 1;

SESSION a
EXEC app_ctx.set_user('x')

SESSION main
DROP PACKAGE app_ctx;
DROP PACKAGE app_ctx;
DROP PACKAGE BODY limits;
SELECT COUNT(*) FROM user_source WHERE name = 'APP_CTX';

SESSION a
EXEC app_ctx.set_user('x')
