-- Ref cursors: SYS_REFCURSOR and TYPE ... IS REF CURSOR variables, OPEN FOR a static query
-- and for a dynamic text with USING, FETCH into variables / a record / BULK COLLECT,
-- %ISOPEN / %FOUND / %NOTFOUND / %ROWCOUNT, reopening an open cursor variable, ORA-01001 on
-- a closed one; SQL*Plus VARIABLE rc REFCURSOR opened by EXEC and a block, printed by PRINT
-- (once: PRINT fetches every row and closes it) and by SET AUTOPRINT.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
CREATE TABLE staff (id NUMBER, name VARCHAR2(10), dept NUMBER);
INSERT INTO staff VALUES (1, 'ada', 10);
INSERT INTO staff VALUES (2, 'brian', 20);
INSERT INTO staff VALUES (3, 'carla', 10);
INSERT INTO staff VALUES (4, 'dmitri', 30);
DECLARE
  TYPE staff_cur IS REF CURSOR RETURN staff%ROWTYPE;
  c     staff_cur;
  w     SYS_REFCURSOR;
  r     staff%ROWTYPE;
  v_id  NUMBER;
  v_nm  VARCHAR2(10);
  dept_no NUMBER := 10;
BEGIN
  DBMS_OUTPUT.PUT_LINE('open before: ' || CASE WHEN c%ISOPEN THEN 'yes' ELSE 'no' END);
  OPEN c FOR SELECT * FROM staff WHERE dept = dept_no ORDER BY id;
  LOOP
    FETCH c INTO r;
    EXIT WHEN c%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE(c%ROWCOUNT || ': ' || r.name);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('fetched ' || c%ROWCOUNT || ', found=' || CASE WHEN c%FOUND THEN 'yes' ELSE 'no' END);
  -- reopening an open cursor variable is allowed
  OPEN c FOR SELECT * FROM staff WHERE id = 4;
  FETCH c INTO r;
  DBMS_OUTPUT.PUT_LINE('reopened: ' || r.name);
  CLOSE c;
  OPEN w FOR 'SELECT id, name FROM staff WHERE dept = :d OR id = :i ORDER BY id' USING 20, 4;
  FETCH w INTO v_id, v_nm;
  DBMS_OUTPUT.PUT_LINE('dynamic first: ' || v_id || ' ' || v_nm);
  FETCH w INTO v_id, v_nm;
  DBMS_OUTPUT.PUT_LINE('dynamic second: ' || v_id || ' ' || v_nm);
  CLOSE w;
END;
/
DECLARE
  TYPE name_tab IS TABLE OF VARCHAR2(10) INDEX BY PLS_INTEGER;
  names name_tab;
  c SYS_REFCURSOR;
BEGIN
  OPEN c FOR SELECT name FROM staff ORDER BY name DESC;
  FETCH c BULK COLLECT INTO names;
  DBMS_OUTPUT.PUT_LINE(names.COUNT || ' names, first ' || names(1) || ', rowcount ' || c%ROWCOUNT);
  CLOSE c;
END;
/
-- FETCH from a closed cursor variable: ORA-01001
DECLARE
  c SYS_REFCURSOR;
  n NUMBER;
BEGIN
  OPEN c FOR SELECT id FROM staff;
  CLOSE c;
  FETCH c INTO n;
END;
/
-- SQL*Plus REFCURSOR binds
VARIABLE rc REFCURSOR
VARIABLE
PRINT rc
EXEC OPEN :rc FOR SELECT id, name FROM staff WHERE dept = 10 ORDER BY id
PRINT rc
PRINT rc
BEGIN
  OPEN :rc FOR 'SELECT name, dept FROM staff WHERE dept > :1 ORDER BY name' USING 10;
END;
/
PRINT rc
SET AUTOPRINT ON
EXEC OPEN :rc FOR SELECT COUNT(*) AS n FROM staff
SET AUTOPRINT OFF
-- a cursor variable as a procedure's OUT parameter (stored and local), fetched by the caller
CREATE OR REPLACE PROCEDURE dept_staff(p_dept IN NUMBER, p_rc OUT SYS_REFCURSOR) AS
BEGIN
  OPEN p_rc FOR SELECT id, name FROM staff WHERE dept = p_dept ORDER BY id;
END;
/
DECLARE
  c    SYS_REFCURSOR;
  v_id NUMBER;
  v_nm VARCHAR2(10);
  PROCEDURE skip_one(p IN SYS_REFCURSOR) IS
    n NUMBER;
    s VARCHAR2(10);
  BEGIN
    FETCH p INTO n, s;
    DBMS_OUTPUT.PUT_LINE('skipped ' || s);
  END;
BEGIN
  dept_staff(10, c);
  skip_one(c);
  LOOP
    FETCH c INTO v_id, v_nm;
    EXIT WHEN c%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE('caller got ' || v_nm);
  END LOOP;
  CLOSE c;
END;
/
EXEC dept_staff(20, :rc)
PRINT rc
DROP PROCEDURE dept_staff;
