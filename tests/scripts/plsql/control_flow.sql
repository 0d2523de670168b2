-- PL/SQL control flow: IF/ELSIF/ELSE, CASE statements (simple and searched, ORA-06592 without
-- ELSE), basic LOOP with EXIT WHEN and CONTINUE WHEN, WHILE, numeric FOR (REVERSE), labels
-- with EXIT outer, nested blocks, constants, defaults and NOT NULL.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
DECLARE
  c_limit CONSTANT PLS_INTEGER := 3;
  n NUMBER NOT NULL := 0;
  s VARCHAR2(100) DEFAULT 'start';
  b BOOLEAN := TRUE;
BEGIN
  FOR i IN 1 .. c_limit LOOP
    IF i = 1 THEN
      s := s || ' one';
    ELSIF i = 2 THEN
      s := s || ' two';
    ELSE
      s := s || ' many';
    END IF;
  END LOOP;
  DBMS_OUTPUT.PUT_LINE(s);
  FOR i IN REVERSE 1 .. 3 LOOP
    DBMS_OUTPUT.PUT(i || ' ');
  END LOOP;
  DBMS_OUTPUT.NEW_LINE;
  LOOP
    n := n + 1;
    CONTINUE WHEN MOD(n, 2) = 0;
    EXIT WHEN n > 7;
    DBMS_OUTPUT.PUT(n || ',');
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('done at ' || n);
  WHILE n > 0 LOOP
    n := n - 4;
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('while ended at ' || n);
  <<outer>>
  FOR i IN 1 .. 3 LOOP
    FOR j IN 1 .. 3 LOOP
      EXIT outer WHEN i * j = 4;
      DBMS_OUTPUT.PUT(i || 'x' || j || ' ');
    END LOOP;
  END LOOP outer;
  DBMS_OUTPUT.NEW_LINE;
  CASE n
    WHEN -1 THEN DBMS_OUTPUT.PUT_LINE('minus one');
    WHEN 0 THEN DBMS_OUTPUT.PUT_LINE('zero');
    ELSE DBMS_OUTPUT.PUT_LINE('other');
  END CASE;
  CASE
    WHEN b AND n < 0 THEN DBMS_OUTPUT.PUT_LINE('negative and true');
    WHEN NOT b THEN DBMS_OUTPUT.PUT_LINE('false');
  END CASE;
  DECLARE
    s VARCHAR2(10) := 'inner';
  BEGIN
    DBMS_OUTPUT.PUT_LINE(s || ' shadows outer');
  END;
  DBMS_OUTPUT.PUT_LINE(CASE WHEN n IS NULL THEN 'null' ELSE 'n=' || n END);
END;
/
BEGIN
  CASE 1
    WHEN 2 THEN NULL;
  END CASE;
END;
/
DECLARE
  n NUMBER NOT NULL := 1;
  m NUMBER;
BEGIN
  n := m;
END;
/
