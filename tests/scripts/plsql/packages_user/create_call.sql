-- A user package: spec with a constant, a public variable, a cursor-free procedure and an
-- overload-free function; body with a private variable, a private helper and an
-- initialization section. Calls from blocks (named and default arguments), the public
-- variable read and assigned from outside, the function from SQL, and a schema-qualified call.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE OR REPLACE PACKAGE session_audit AUTHID DEFINER IS
  c_version CONSTANT VARCHAR2(10) := '1.0';
  g_count   NUMBER := 0;
  PROCEDURE note(p_what IN VARCHAR2, p_times IN NUMBER DEFAULT 1);
  FUNCTION total(p_scale IN NUMBER DEFAULT 1) RETURN NUMBER;
END session_audit;
/
CREATE OR REPLACE PACKAGE BODY session_audit IS
  g_last VARCHAR2(100);

  PROCEDURE remember(p_what IN VARCHAR2) IS
  BEGIN
    g_last := p_what;
  END remember;

  PROCEDURE note(p_what IN VARCHAR2, p_times IN NUMBER DEFAULT 1) IS
  BEGIN
    g_count := g_count + p_times;
    remember(p_what);
    DBMS_OUTPUT.PUT_LINE('noted ' || g_last || ' x' || p_times || ', total ' || total);
  END note;

  FUNCTION total(p_scale IN NUMBER DEFAULT 1) RETURN NUMBER IS
  BEGIN
    RETURN g_count * p_scale;
  END total;
BEGIN
  DBMS_OUTPUT.PUT_LINE('session_audit initialized, version ' || c_version);
  g_count := 100;
END session_audit;
/
SHOW ERRORS
BEGIN
  session_audit.note('login');
  session_audit.note(p_times => 2, p_what => 'kill');
  system.session_audit.note('logout', 3);
  DBMS_OUTPUT.PUT_LINE('g_count = ' || session_audit.g_count);
  session_audit.g_count := session_audit.g_count * 2;
  DBMS_OUTPUT.PUT_LINE('after assignment: ' || session_audit.total || ' / ' || session_audit.total(p_scale => 10));
  DBMS_OUTPUT.PUT_LINE('version ' || session_audit.c_version);
END;
/
SELECT session_audit.total(2) AS doubled FROM dual;
EXEC session_audit.note('exec')
-- A constant is not an assignment target.
BEGIN
  session_audit.c_version := '2.0';
END;
/
