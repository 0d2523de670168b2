-- A collection element (`l_sids(i)`) in an embedded SELECT, a cursor FOR query or SELECT INTO is
-- bound like a PL/SQL variable: its value when the statement runs, with PL/SQL's errors for a
-- missing element (ORA-01403), a NULL collection (ORA-06531) and a varray subscript past its
-- limit (ORA-06532).
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
DECLARE
  TYPE sid_list IS TABLE OF NUMBER;
  TYPE by_pos IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  l_sids sid_list := sid_list(1, 2, 3);
  l_pos  by_pos;
  l_n    NUMBER;
  l_type VARCHAR2(10);
BEGIN
  FOR i IN 1 .. l_sids.COUNT LOOP
    SELECT type INTO l_type FROM v$session WHERE sid = l_sids(i);
    DBMS_OUTPUT.PUT_LINE('sid ' || l_sids(i) || ' is ' || l_type);
  END LOOP;
  l_pos(10) := 2;
  FOR r IN (SELECT sid, type FROM v$session WHERE sid <= l_pos(10) ORDER BY sid) LOOP
    DBMS_OUTPUT.PUT_LINE('cursor: ' || r.sid || ' ' || r.type);
  END LOOP;
  SELECT COUNT(*) INTO l_n FROM v$session WHERE sid = l_pos(7);
END;
/
DECLARE
  TYPE sid_list IS TABLE OF NUMBER;
  l_sids sid_list;
  l_n NUMBER;
BEGIN
  SELECT COUNT(*) INTO l_n FROM dual WHERE 1 = l_sids(1);
END;
/
DECLARE
  TYPE pair IS VARRAY(2) OF NUMBER;
  l_pair pair := pair(1);
  l_n NUMBER;
BEGIN
  SELECT COUNT(*) INTO l_n FROM dual WHERE 1 = l_pair(3);
END;
/
