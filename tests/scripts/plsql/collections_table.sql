-- TABLE(collection) in a query's FROM: a PL/SQL nested table, varray or integer-keyed
-- associative array read as rows. Scalar elements give the one column COLUMN_VALUE (in index
-- order, deleted elements skipped), record elements their fields. The collection joins real
-- tables and views, filters a DELETE through IN (SELECT column_value FROM TABLE(...)), and
-- drives the DBA pattern of collecting a user's SIDs and killing them.
-- An atomically NULL collection gives no rows; a string-keyed associative array or a scalar
-- is ORA-22905, an unknown name ORA-00904, both reported when the block compiles.
--
-- Cast: main = SYSTEM; a and b = JWARD, whose sessions main kills.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
CREATE TABLE items (id NUMBER PRIMARY KEY, name VARCHAR2(10));
INSERT INTO items VALUES (1, 'one');
INSERT INTO items VALUES (2, 'two');
INSERT INTO items VALUES (3, 'three');
INSERT INTO items VALUES (4, 'four');
INSERT INTO items VALUES (5, 'five');
COMMIT;

-- Scalars: COLUMN_VALUE, an alias, WHERE, ORDER BY, aggregates, a deleted element skipped.
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  l_ids t_ids := t_ids(3, 1, 4, 1, 5);
  l_n NUMBER;
BEGIN
  l_ids.DELETE(3);
  FOR r IN (SELECT column_value FROM TABLE(l_ids)) LOOP
    DBMS_OUTPUT.PUT_LINE('value ' || r.column_value);
  END LOOP;
  FOR r IN (SELECT * FROM TABLE(l_ids) t WHERE t.column_value > 2 ORDER BY 1 DESC) LOOP
    DBMS_OUTPUT.PUT_LINE('over 2: ' || r.column_value);
  END LOOP;
  SELECT SUM(column_value) INTO l_n FROM TABLE(l_ids);
  DBMS_OUTPUT.PUT_LINE('sum ' || l_n);
  SELECT COUNT(DISTINCT column_value) INTO l_n FROM TABLE(l_ids);
  DBMS_OUTPUT.PUT_LINE('distinct ' || l_n);
END;
/

-- Joins with a real table: JOIN ... ON, a comma join, and a varray of strings.
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  TYPE t_names IS VARRAY(3) OF VARCHAR2(10);
  l_ids t_ids := t_ids(2, 4, 9);
  l_names t_names := t_names('five', 'one');
BEGIN
  FOR r IN (SELECT i.id, i.name FROM items i JOIN TABLE(l_ids) x ON x.column_value = i.id
            ORDER BY i.id) LOOP
    DBMS_OUTPUT.PUT_LINE('joined ' || r.id || ' ' || r.name);
  END LOOP;
  FOR r IN (SELECT i.id FROM items i, TABLE(l_names) n WHERE i.name = n.column_value
            ORDER BY i.id) LOOP
    DBMS_OUTPUT.PUT_LINE('by name ' || r.id);
  END LOOP;
END;
/

-- Records: their fields are the columns; an INDEX BY PLS_INTEGER array reads in key order.
DECLARE
  TYPE t_item IS RECORD (id NUMBER, label VARCHAR2(20));
  TYPE t_items IS TABLE OF t_item;
  TYPE t_map IS TABLE OF VARCHAR2(10) INDEX BY PLS_INTEGER;
  l_items t_items;
  l_map t_map;
BEGIN
  SELECT id, UPPER(name) BULK COLLECT INTO l_items FROM items WHERE id IN (5, 2) ORDER BY id DESC;
  FOR r IN (SELECT x.id, x.label, i.name FROM TABLE(l_items) x JOIN items i ON i.id = x.id
            ORDER BY x.id) LOOP
    DBMS_OUTPUT.PUT_LINE(r.id || ' ' || r.label || ' ' || r.name);
  END LOOP;
  l_map(30) := 'c';
  l_map(-1) := 'a';
  l_map(7) := 'b';
  FOR r IN (SELECT column_value FROM TABLE(l_map)) LOOP
    DBMS_OUTPUT.PUT_LINE('map ' || r.column_value);
  END LOOP;
END;
/

-- DELETE through a subquery on the collection; SQL%ROWCOUNT counts the rows deleted.
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  l_ids t_ids := t_ids(1, 3);
BEGIN
  DELETE FROM items WHERE id IN (SELECT column_value FROM TABLE(l_ids));
  DBMS_OUTPUT.PUT_LINE(SQL%ROWCOUNT || ' deleted');
END;
/
SELECT id, name FROM items ORDER BY id;
ROLLBACK;

-- A declared cursor and a local procedure's collection parameter read their collection too.
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  l_ids t_ids := t_ids(5, 3);
  CURSOR c IS SELECT i.name FROM items i WHERE i.id IN (SELECT column_value FROM TABLE(l_ids))
              ORDER BY i.name;
  PROCEDURE show(p_ids t_ids) IS
    l_n NUMBER;
  BEGIN
    SELECT COUNT(*) INTO l_n FROM items WHERE id NOT IN (SELECT column_value FROM TABLE(p_ids));
    DBMS_OUTPUT.PUT_LINE(l_n || ' not listed');
  END;
BEGIN
  FOR r IN c LOOP
    DBMS_OUTPUT.PUT_LINE('cursor ' || r.name);
  END LOOP;
  l_ids.EXTEND;
  l_ids(3) := 1;
  show(l_ids);
END;
/

-- An uninitialised (atomically NULL) nested table, and an empty one: no rows.
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  l_null t_ids;
  l_empty t_ids := t_ids();
  l_n NUMBER;
BEGIN
  SELECT COUNT(*) INTO l_n FROM TABLE(l_null);
  DBMS_OUTPUT.PUT_LINE('null: ' || l_n);
  SELECT COUNT(*) INTO l_n FROM TABLE(l_empty);
  DBMS_OUTPUT.PUT_LINE('empty: ' || l_n);
END;
/

-- A string-keyed associative array is not a nested table item.
DECLARE
  TYPE t_map IS TABLE OF NUMBER INDEX BY VARCHAR2(10);
  l_map t_map;
BEGIN
  FOR r IN (SELECT column_value FROM TABLE(l_map)) LOOP
    NULL;
  END LOOP;
END;
/

-- Nor is a scalar; an undeclared name is an invalid identifier.
DECLARE
  l_n NUMBER := 1;
BEGIN
  FOR r IN (SELECT column_value FROM TABLE(l_n)) LOOP
    NULL;
  END LOOP;
  FOR r IN (SELECT column_value FROM TABLE(l_nowhere)) LOOP
    NULL;
  END LOOP;
END;
/

-- Outside PL/SQL there is nothing to read.
SELECT column_value FROM TABLE(l_ids);

-- The DBA pattern: collect JWARD's SIDs, then kill each session found by joining V$SESSION.
SESSION a
CONNECT jward/jward
SESSION b
CONNECT jward/jward
SESSION main
DECLARE
  TYPE t_sids IS TABLE OF NUMBER;
  l_sids t_sids;
BEGIN
  SELECT sid BULK COLLECT INTO l_sids FROM v$session WHERE username = 'JWARD';
  DBMS_OUTPUT.PUT_LINE(l_sids.COUNT || ' sessions');
  FOR r IN (SELECT s.sid, s.serial# serial FROM v$session s
            JOIN TABLE(l_sids) x ON x.column_value = s.sid ORDER BY s.sid) LOOP
    EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION ''' || r.sid || ',' || r.serial || '''';
    DBMS_OUTPUT.PUT_LINE('killed ' || r.sid || ',' || r.serial);
  END LOOP;
END;
/
SELECT sid, username, status FROM v$session WHERE username = 'JWARD' ORDER BY sid;
SESSION a
SELECT 1 FROM dual;
