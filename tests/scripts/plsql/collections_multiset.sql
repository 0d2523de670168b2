-- Multiset operators on nested tables: CARDINALITY, [NOT] MEMBER OF, [NOT] SUBMULTISET OF,
-- and MULTISET UNION / INTERSECT / EXCEPT with ALL (the default) or DISTINCT. A NULL table
-- makes CARDINALITY NULL and the result of an operator NULL; a NULL element can make MEMBER OF
-- unknown.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
DECLARE
  TYPE t_nums IS TABLE OF NUMBER;
  a t_nums := t_nums(1, 2, 2, 3);
  b t_nums := t_nums(2, 3, 4);
  r t_nums;
  nothing t_nums;
  FUNCTION show(t t_nums) RETURN VARCHAR2 IS
    s VARCHAR2(100);
    i PLS_INTEGER;
  BEGIN
    IF t IS NULL THEN
      RETURN 'NULL';
    END IF;
    i := t.FIRST;
    WHILE i IS NOT NULL LOOP
      s := s || t(i) || ' ';
      i := t.NEXT(i);
    END LOOP;
    RETURN '(' || RTRIM(s) || ')';
  END;
  FUNCTION tf(b BOOLEAN) RETURN VARCHAR2 IS
  BEGIN
    RETURN CASE WHEN b THEN 'TRUE' WHEN NOT b THEN 'FALSE' ELSE 'NULL' END;
  END;
BEGIN
  DBMS_OUTPUT.PUT_LINE('cardinality ' || CARDINALITY(a) || ', of NULL [' || CARDINALITY(nothing) || ']');
  r := a MULTISET UNION b;
  DBMS_OUTPUT.PUT_LINE('union ' || show(r));
  r := a MULTISET UNION DISTINCT b;
  DBMS_OUTPUT.PUT_LINE('union distinct ' || show(r));
  r := a MULTISET INTERSECT b;
  DBMS_OUTPUT.PUT_LINE('intersect ' || show(r));
  r := a MULTISET EXCEPT b;
  DBMS_OUTPUT.PUT_LINE('except ' || show(r));
  r := a MULTISET EXCEPT DISTINCT b;
  DBMS_OUTPUT.PUT_LINE('except distinct ' || show(r));
  r := a MULTISET UNION nothing;
  DBMS_OUTPUT.PUT_LINE('union with NULL ' || show(r));
  DBMS_OUTPUT.PUT_LINE('3 member of a: ' || tf(3 MEMBER OF a)
    || ', 5 not member of a: ' || tf(5 NOT MEMBER OF a));
  b.EXTEND;
  DBMS_OUTPUT.PUT_LINE('5 member of (2 3 4 NULL): ' || tf(5 MEMBER OF b));
  r := t_nums(2, 3);
  DBMS_OUTPUT.PUT_LINE('(2 3) submultiset of a: ' || tf(r SUBMULTISET OF a)
    || ', a submultiset of (2 3): ' || tf(a SUBMULTISET OF r)
    || ', a not submultiset of (2 3): ' || tf(a NOT SUBMULTISET OF r));
END;
/
