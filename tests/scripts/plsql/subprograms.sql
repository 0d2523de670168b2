-- Procedures and functions: local ones in DECLARE (IN / OUT / IN OUT parameters, defaults,
-- named arguments, recursion, the enclosing block's variables), stored ones created with CREATE [OR REPLACE] PROCEDURE |
-- FUNCTION and called from blocks, EXEC and CALL, their ORA-06512 lines naming the unit, a
-- stored unit with compilation errors, DROP. Runaway recursion ends with ORA-06500 instead of
-- overflowing the stack.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
DECLARE
  total NUMBER := 0;
  calls PLS_INTEGER := 0;
  msg VARCHAR2(50);
  PROCEDURE add_to(acc IN OUT NUMBER, amount IN NUMBER DEFAULT 1) IS
  BEGIN
    acc := acc + amount;
  END;
  PROCEDURE describe(n IN NUMBER, text OUT VARCHAR2) IS
  BEGIN
    text := 'n is ' || n;
  END describe;
  FUNCTION fact(n PLS_INTEGER) RETURN NUMBER IS
  BEGIN
    IF n <= 1 THEN
      RETURN 1;
    END IF;
    RETURN n * fact(n - 1);
  END;
  PROCEDURE count_call IS
  BEGIN
    calls := calls + 1;
  END;
BEGIN
  count_call;
  add_to(total);
  add_to(total, 10);
  add_to(amount => 100, acc => total);
  describe(total, msg);
  DBMS_OUTPUT.PUT_LINE(msg);
  DBMS_OUTPUT.PUT_LINE('10! = ' || fact(10));
  count_call;
  DBMS_OUTPUT.PUT_LINE('count_call ran ' || calls || ' times (it sees the enclosing block)');
END;
/
CREATE OR REPLACE FUNCTION double_it(n IN NUMBER) RETURN NUMBER IS
BEGIN
  RETURN n * 2;
END;
/
CREATE OR REPLACE PROCEDURE show_double(n IN NUMBER) AS
  result NUMBER;
BEGIN
  result := double_it(n);
  DBMS_OUTPUT.PUT_LINE(n || ' doubled is ' || result);
END show_double;
/
EXEC show_double(21)
CALL show_double(4);
BEGIN
  show_double(n => double_it(5));
END;
/
CREATE OR REPLACE PROCEDURE fail_deep(n IN NUMBER) IS
  x NUMBER;
BEGIN
  x := 1 / n;
END;
/
BEGIN
  fail_deep(0);
END;
/
CREATE OR REPLACE PROCEDURE broken IS
BEGIN
  undefined_thing := 1;
END;
/
EXEC broken
DROP PROCEDURE broken;
DROP PROCEDURE broken;
CREATE OR REPLACE FUNCTION forever(n IN NUMBER) RETURN NUMBER IS
BEGIN
  RETURN forever(n + 1);
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE(forever(1));
EXCEPTION
  WHEN STORAGE_ERROR THEN DBMS_OUTPUT.PUT_LINE('stopped: ' || SQLERRM);
END;
/
CREATE OR REPLACE FUNCTION session_label(p_sid IN NUMBER, p_prefix IN VARCHAR2 DEFAULT 'sid ') RETURN VARCHAR2 IS
BEGIN
  RETURN p_prefix || p_sid;
END;
/
COLUMN label FORMAT a12
SELECT session_label(sid) label, double_it(serial#) dbl FROM v$session WHERE username = 'SYSTEM';
SELECT session_label(1, 2, 3) FROM dual;
CREATE OR REPLACE FUNCTION self_query RETURN NUMBER IS
  n NUMBER;
BEGIN
  SELECT self_query INTO n FROM dual;
  RETURN n;
END;
/
SELECT self_query FROM dual;
