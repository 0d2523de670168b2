-- Cursors, records and collections: explicit cursors with parameters (OPEN / FETCH INTO /
-- CLOSE and %FOUND %NOTFOUND %ROWCOUNT %ISOPEN), cursor FOR loops over a declared cursor and
-- over an inline query, %ROWTYPE of a cursor and of a view, %TYPE, SELECT INTO a record,
-- BULK COLLECT into DBMS_UTILITY.NAME_ARRAY, associative arrays indexed by PLS_INTEGER and by
-- VARCHAR2 with COUNT FIRST LAST NEXT PRIOR EXISTS DELETE, records declared with TYPE ... IS
-- RECORD, EXECUTE IMMEDIATE with INTO and USING, SQL%ROWCOUNT, and the cursor errors
-- (INVALID_CURSOR, CURSOR_ALREADY_OPEN).
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
SESSION app
CONNECT jward/jward
SESSION main
CONNECT system/manager
SET SERVEROUTPUT ON
DECLARE
  CURSOR c_sessions(p_user VARCHAR2) IS
    SELECT sid, serial#, username FROM v$session WHERE username = p_user ORDER BY sid;
  r c_sessions%ROWTYPE;
  v_sid v$session.sid%TYPE;
  v_copy v_sid%TYPE;
  s v$session%ROWTYPE;
BEGIN
  DBMS_OUTPUT.PUT_LINE('open before: ' || CASE WHEN c_sessions%ISOPEN THEN 'yes' ELSE 'no' END);
  OPEN c_sessions('JWARD');
  LOOP
    FETCH c_sessions INTO r;
    EXIT WHEN c_sessions%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE('fetched ' || r.sid || ',' || r.serial# || ' ' || r.username
      || ' rowcount ' || c_sessions%ROWCOUNT);
  END LOOP;
  CLOSE c_sessions;
  FOR x IN c_sessions('SYSTEM') LOOP
    v_sid := x.sid;
  END LOOP;
  v_copy := v_sid;
  DBMS_OUTPUT.PUT_LINE('system sid ' || v_copy);
  SELECT * INTO s FROM v$session WHERE sid = v_copy;
  DBMS_OUTPUT.PUT_LINE('rowtype of a view: ' || s.username || ' ' || s.status);
  FOR q IN (SELECT COUNT(*) n FROM v$session WHERE type = 'USER') LOOP
    DBMS_OUTPUT.PUT_LINE('user sessions: ' || q.n);
  END LOOP;
END;
/
DECLARE
  TYPE t_by_name IS TABLE OF NUMBER INDEX BY VARCHAR2(30);
  TYPE t_point IS RECORD (x NUMBER, y NUMBER);
  TYPE t_points IS TABLE OF t_point INDEX BY PLS_INTEGER;
  l_names DBMS_UTILITY.name_array;
  l_sids t_by_name;
  l_points t_points;
  p t_point;
  k VARCHAR2(30);
  i PLS_INTEGER;
BEGIN
  SELECT username BULK COLLECT INTO l_names FROM v$session WHERE type = 'USER' ORDER BY sid;
  DBMS_OUTPUT.PUT_LINE('names: ' || l_names.COUNT || ' first ' || l_names(l_names.FIRST));
  FOR j IN 1 .. l_names.COUNT LOOP
    l_sids(l_names(j)) := j;
  END LOOP;
  k := l_sids.FIRST;
  WHILE k IS NOT NULL LOOP
    DBMS_OUTPUT.PUT_LINE(k || ' => ' || l_sids(k));
    k := l_sids.NEXT(k);
  END LOOP;
  p.x := 1;
  p.y := 2;
  l_points(10) := p;
  l_points(20).x := 3;
  l_points(5).y := 4;
  l_points.DELETE(20);
  i := l_points.LAST;
  WHILE i IS NOT NULL LOOP
    DBMS_OUTPUT.PUT_LINE('point ' || i || ': ' || NVL(TO_CHAR(l_points(i).x), '-') || ',' || l_points(i).y);
    i := l_points.PRIOR(i);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('exists 20: ' || CASE WHEN l_points.EXISTS(20) THEN 'yes' ELSE 'no' END);
  l_points.DELETE;
  DBMS_OUTPUT.PUT_LINE('after delete: ' || l_points.COUNT);
  BEGIN
    DBMS_OUTPUT.PUT_LINE(l_names(99));
  EXCEPTION
    WHEN NO_DATA_FOUND THEN DBMS_OUTPUT.PUT_LINE('no element 99');
  END;
END;
/
DECLARE
  n NUMBER;
  u VARCHAR2(30);
BEGIN
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM v$session WHERE username = :u' INTO n USING 'JWARD';
  DBMS_OUTPUT.PUT_LINE('jward sessions: ' || n);
  EXECUTE IMMEDIATE 'SELECT username FROM v$session WHERE sid = :1 AND serial# = :2'
    INTO u USING 11, 1;
  DBMS_OUTPUT.PUT_LINE('sid 11 is ' || u);
  EXECUTE IMMEDIATE 'BEGIN DBMS_OUTPUT.PUT_LINE(''dynamic block''); END;';
END;
/
DECLARE
  CURSOR c IS SELECT sid FROM v$session;
  n NUMBER;
BEGIN
  FETCH c INTO n;
END;
/
DECLARE
  CURSOR c IS SELECT sid FROM v$session;
BEGIN
  OPEN c;
  OPEN c;
END;
/
