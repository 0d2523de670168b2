-- Nested tables (TABLE OF x) and varrays (VARRAY(n) OF x, VARYING ARRAY(n) OF x): atomically
-- NULL until a constructor initialises them, IS [NOT] NULL, the methods COUNT LIMIT FIRST LAST
-- NEXT PRIOR EXISTS EXTEND TRIM DELETE, copies on assignment (value semantics), = and <> of
-- nested tables, OUT and IN OUT collection parameters, constructor elements converted to the
-- element type (ORA-06502 if too long), BULK COLLECT into both kinds, and every collection
-- error with its ORA-06512 line: ORA-06531 (NULL collection), ORA-06532 (outside the limit),
-- ORA-06533 (beyond the count), ORA-01403 (a deleted element), ORA-22165 (BULK COLLECT past a
-- varray's limit), PLS-00306 (DELETE(i) of a varray), PLS-00382 (a constructor of another
-- type).
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
CREATE TABLE coll_src (n NUMBER);
INSERT INTO coll_src VALUES (1);
INSERT INTO coll_src VALUES (2);
INSERT INTO coll_src VALUES (3);
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  TYPE t_names IS VARRAY(3) OF VARCHAR2(10);
  TYPE t_days IS VARYING ARRAY(7) OF VARCHAR2(3);
  n t_nums;
  v t_names := t_names('ann', 'bob');
  d t_days := t_days();
  copy t_nums;
  i PLS_INTEGER;
  s VARCHAR2(200);
BEGIN
  DBMS_OUTPUT.PUT_LINE('n is null: ' || CASE WHEN n IS NULL THEN 'yes' ELSE 'no' END
    || ', exists(1): ' || CASE WHEN n.EXISTS(1) THEN 'yes' ELSE 'no' END);
  n := t_nums(10, 20, 30, 40);
  DBMS_OUTPUT.PUT_LINE('n is not null: ' || CASE WHEN n IS NOT NULL THEN 'yes' ELSE 'no' END
    || ', count ' || n.COUNT || ', limit [' || n.LIMIT || '], first ' || n.FIRST
    || ', last ' || n.LAST);
  DBMS_OUTPUT.PUT_LINE('v count ' || v.COUNT || ' limit ' || v.LIMIT
    || ', d count ' || d.COUNT || ' limit ' || d.LIMIT);
  n.DELETE(2);
  DBMS_OUTPUT.PUT_LINE('after delete(2): count ' || n.COUNT || ', last ' || n.LAST
    || ', next(1) ' || n.NEXT(1) || ', prior(3) ' || n.PRIOR(3)
    || ', exists(2) ' || CASE WHEN n.EXISTS(2) THEN 'yes' ELSE 'no' END);
  n(2) := 21;
  DBMS_OUTPUT.PUT_LINE('a deleted element can be assigned again: n(2) = ' || n(2));
  n.EXTEND;
  n.EXTEND(2, 1);
  i := n.FIRST;
  s := NULL;
  WHILE i IS NOT NULL LOOP
    s := s || i || '=' || NVL(TO_CHAR(n(i)), 'null') || ' ';
    i := n.NEXT(i);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('after extend, extend(2,1): ' || s);
  n.TRIM;
  n.TRIM(2);
  DBMS_OUTPUT.PUT_LINE('after trim, trim(2): count ' || n.COUNT || ', last ' || n.LAST);
  n.DELETE(2, 3);
  DBMS_OUTPUT.PUT_LINE('after delete(2,3): count ' || n.COUNT || ', first ' || n.FIRST
    || ', last ' || n.LAST);
  copy := n;
  copy(1) := -1;
  DBMS_OUTPUT.PUT_LINE('copies: n(1) = ' || n(1) || ', copy(1) = ' || copy(1));
  copy := t_nums(10, 40);
  n := t_nums(40, 10);
  DBMS_OUTPUT.PUT_LINE('t_nums(10,40) = t_nums(40,10): '
    || CASE WHEN copy = n THEN 'yes' ELSE 'no' END
    || ', <> : ' || CASE WHEN copy <> n THEN 'yes' ELSE 'no' END);
  copy := NULL;
  DBMS_OUTPUT.PUT_LINE('compared with a NULL table: '
    || CASE WHEN copy = n THEN 'equal' WHEN copy <> n THEN 'different' ELSE 'unknown' END);
  v.EXTEND;
  v(3) := 'cy';
  DBMS_OUTPUT.PUT_LINE('v: ' || v(1) || ',' || v(2) || ',' || v(3) || ' count ' || v.COUNT);
  v.TRIM;
  v.DELETE;
  DBMS_OUTPUT.PUT_LINE('v after trim and delete: count ' || v.COUNT
    || ', first [' || v.FIRST || ']');
  d := t_days('mon', 'tue');
  n := NULL;
  DBMS_OUTPUT.PUT_LINE('assigned NULL: ' || CASE WHEN n IS NULL THEN 'null' ELSE 'not null' END);
END;
/
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  TYPE t_sids IS VARRAY(2) OF NUMBER;
  TYPE t_row IS RECORD (sid NUMBER, username VARCHAR2(30));
  TYPE t_rows IS TABLE OF t_row;
  n t_nums;
  few t_sids;
  r t_rows;
BEGIN
  SELECT n BULK COLLECT INTO n FROM coll_src ORDER BY n;
  DBMS_OUTPUT.PUT_LINE('bulk collect initialises: count ' || n.COUNT || ', last ' || n(n.LAST));
  SELECT sid, username BULK COLLECT INTO r FROM v$session WHERE type = 'USER';
  DBMS_OUTPUT.PUT_LINE('records: ' || r.COUNT || ', first user ' || r(1).username);
  r.EXTEND;
  r(r.LAST).username := 'NEW';
  DBMS_OUTPUT.PUT_LINE('extended record element: [' || r(r.LAST).sid || '] ' || r(r.LAST).username);
  SELECT n BULK COLLECT INTO few FROM coll_src WHERE n <= 2;
  DBMS_OUTPUT.PUT_LINE('varray of 2 takes 2 rows: ' || few.COUNT);
  SELECT n BULK COLLECT INTO few FROM coll_src;
END;
/
DECLARE
  TYPE t_codes IS TABLE OF VARCHAR2(3);
  c t_codes;
  PROCEDURE fill(p OUT t_codes) IS
  BEGIN
    DBMS_OUTPUT.PUT_LINE('OUT parameter starts NULL: '
      || CASE WHEN p IS NULL THEN 'yes' ELSE 'no' END);
    p := t_codes(1, 22);
  END;
  PROCEDURE grow(p IN OUT t_codes) IS
  BEGIN
    p.EXTEND;
    p(p.LAST) := 'new';
  END;
BEGIN
  fill(c);
  grow(c);
  DBMS_OUTPUT.PUT_LINE(c.COUNT || ' codes: ' || c(1) || ' ' || c(2) || ' ' || c(3));
  c := t_codes('abcd');
END;
/
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  n t_nums;
BEGIN
  DBMS_OUTPUT.PUT_LINE('count of a NULL nested table');
  DBMS_OUTPUT.PUT_LINE(n.COUNT);
END;
/
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  n t_nums;
BEGIN
  n(1) := 1;
EXCEPTION
  WHEN COLLECTION_IS_NULL THEN
    DBMS_OUTPUT.PUT_LINE('COLLECTION_IS_NULL: ' || SQLERRM);
    n := t_nums(1, 2);
    BEGIN
      n(0) := 0;
    EXCEPTION
      WHEN SUBSCRIPT_OUTSIDE_LIMIT THEN DBMS_OUTPUT.PUT_LINE('n(0): ' || SQLERRM);
    END;
    BEGIN
      n(3) := 3;
    EXCEPTION
      WHEN SUBSCRIPT_BEYOND_COUNT THEN DBMS_OUTPUT.PUT_LINE('n(3): ' || SQLERRM);
    END;
    n.DELETE(1);
    BEGIN
      DBMS_OUTPUT.PUT_LINE(n(1));
    EXCEPTION
      WHEN NO_DATA_FOUND THEN DBMS_OUTPUT.PUT_LINE('deleted n(1): ' || SQLERRM);
    END;
END;
/
DECLARE
  TYPE t_names IS VARRAY(2) OF VARCHAR2(10);
  v t_names := t_names('a');
BEGIN
  v.EXTEND;
  DBMS_OUTPUT.PUT_LINE('extended to the limit: ' || v.COUNT);
  v.EXTEND;
END;
/
DECLARE
  TYPE t_names IS VARRAY(5) OF VARCHAR2(10);
  v t_names := t_names('a', 'b');
BEGIN
  BEGIN
    DBMS_OUTPUT.PUT_LINE(v(6));
  EXCEPTION
    WHEN SUBSCRIPT_OUTSIDE_LIMIT THEN DBMS_OUTPUT.PUT_LINE('v(6) of a VARRAY(5): ' || SQLERRM);
  END;
  DBMS_OUTPUT.PUT_LINE(v(3));
END;
/
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  n t_nums := t_nums(1, 2, 3);
BEGIN
  n.DELETE(2);
  DBMS_OUTPUT.PUT_LINE(n(2));
END;
/
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  n t_nums := t_nums(1);
BEGIN
  n.TRIM(2);
END;
/
DECLARE
  TYPE t_names IS VARRAY(2) OF VARCHAR2(10);
  v t_names := t_names('a', 'b', 'c');
BEGIN
  NULL;
END;
/
DECLARE
  TYPE t_names IS VARRAY(3) OF VARCHAR2(10);
  TYPE t_other IS VARRAY(3) OF VARCHAR2(10);
  v t_names := t_names('a', 'b');
BEGIN
  v.DELETE(1);
  v := t_other('x');
END;
/
