-- Names are resolved before a block runs, as Oracle compiles it: an unknown identifier is
-- ORA-06550 + PLS-00201 (with the statement's "PL/SQL: Statement ignored"), wrong arguments
-- to a package procedure PLS-00306, an unknown column in embedded SQL "PL/SQL: ORA-00904"
-- + "PL/SQL: SQL Statement ignored", a syntax error PLS-00103. Nothing of the block has run:
-- the first PUT_LINE prints nothing. Compilation goes on after an error: every error is listed.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
BEGIN
  DBMS_OUTPUT.PUT_LINE('never printed');
  v_boss_name := name_boss(7);
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE('a', 'b');
END;
/
EXEC DBMS_OUTPUT.PUT_LINE(x => 'named wrong')
EXEC DBMS_OUTPUT.PUT_LINE(a => 'named right')
DECLARE
  n NUMBER;
BEGIN
  SELECT no_such_column INTO n FROM dual;
END;
/
DECLARE
  n NUMBER;
BEGIN
  n := 1
END;
/
DECLARE
  c CONSTANT NUMBER := 1;
BEGIN
  c := 2;
END;
/
DECLARE
  s VARCHAR2(3);
BEGIN
  s := 'abc';
  DBMS_OUTPUT.PUT_LINE(s);
  s := s || 'd';
END;
/
BEGIN
  x := 1;
  DBMS_OUTPUT.PUT_LINE(1, 2);
  y := 2;
END;
/
