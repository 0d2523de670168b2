-- DML inside PL/SQL: INSERT / UPDATE / DELETE with PL/SQL variables bound into them (a
-- column wins over a variable of the same name), SQL%ROWCOUNT after each, %ROWTYPE and
-- %TYPE of a table, SELECT * INTO a table record, CHAR blank-padding, COMMIT in a block,
-- and a cursor FOR loop over the table.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
CREATE TABLE audit_log (id NUMBER, msg VARCHAR2(50), at DATE);
DECLARE
  r audit_log%ROWTYPE;
  v audit_log.msg%TYPE;
  d DATE := DATE '2024-01-02';
  t TIMESTAMP;
  c CHAR(3) := 'a';
BEGIN
  FOR i IN 1 .. 3 LOOP
    INSERT INTO audit_log VALUES (i, 'row ' || i, d);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('inserted, last rowcount ' || SQL%ROWCOUNT);
  UPDATE audit_log SET msg = msg || '!' WHERE id > 1;
  DBMS_OUTPUT.PUT_LINE('updated ' || SQL%ROWCOUNT);
  SELECT * INTO r FROM audit_log WHERE id = 2;
  v := r.msg;
  DBMS_OUTPUT.PUT_LINE(r.id || ' ' || v || ' ' || TO_CHAR(r.at, 'YYYY-MM-DD') || ' [' || c || ']');
  t := SYSTIMESTAMP;
  DELETE FROM audit_log;
  DBMS_OUTPUT.PUT_LINE('deleted ' || SQL%ROWCOUNT);
  COMMIT;
END;
/
DECLARE
  id NUMBER := 99;
  n PLS_INTEGER := 0;
BEGIN
  INSERT INTO audit_log (id, msg) VALUES (id, 'variable id is ' || id);
  FOR r IN (SELECT id, msg FROM audit_log ORDER BY id) LOOP
    n := n + 1;
    DBMS_OUTPUT.PUT_LINE(r.id || ': ' || r.msg);
  END LOOP;
  DELETE FROM audit_log WHERE id = id;
  DBMS_OUTPUT.PUT_LINE('WHERE id = id compares the column with itself: ' || SQL%ROWCOUNT || ' deleted');
  ROLLBACK;
END;
/
SELECT COUNT(*) FROM audit_log;
