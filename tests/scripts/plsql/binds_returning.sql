-- RETURNING ... INTO for INSERT, UPDATE and DELETE: into PL/SQL variables, a record, host
-- binds (in a block and in plain SQL from SQL*Plus), BULK COLLECT into associative arrays;
-- no row sets the targets to NULL (no NO_DATA_FOUND), a second row is ORA-01422 and the
-- statement is undone; SQL%ROWCOUNT counts the changed rows.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
CREATE TABLE jobs_q (id NUMBER, name VARCHAR2(20), tries NUMBER DEFAULT 0, code CHAR(3));
INSERT INTO jobs_q (id, name, code) VALUES (1, 'backup', 'b');
INSERT INTO jobs_q (id, name, code) VALUES (2, 'stats', 's');
INSERT INTO jobs_q (id, name, code) VALUES (3, 'purge', 'p');
DECLARE
  v_id    NUMBER;
  v_name  VARCHAR2(20);
  v_tries NUMBER;
  v_code  jobs_q.code%TYPE;
BEGIN
  INSERT INTO jobs_q (id, name) VALUES (4, 'rebuild') RETURNING id, tries, name INTO v_id, v_tries, v_name;
  DBMS_OUTPUT.PUT_LINE('inserted ' || v_id || ' ' || v_name || ' tries=' || v_tries);
  UPDATE jobs_q SET tries = tries + 5 WHERE id = 2 RETURNING tries, code INTO v_tries, v_code;
  DBMS_OUTPUT.PUT_LINE('updated ' || SQL%ROWCOUNT || ' row, tries=' || v_tries || ' code=[' || v_code || ']');
  DELETE FROM jobs_q WHERE id = 3 RETURNING name INTO v_name;
  DBMS_OUTPUT.PUT_LINE('deleted ' || v_name);
  UPDATE jobs_q SET tries = 0 WHERE id = 99 RETURNING name INTO v_name;
  DBMS_OUTPUT.PUT_LINE('no row: ' || SQL%ROWCOUNT || ' name is null: ' || CASE WHEN v_name IS NULL THEN 'yes' ELSE 'no' END);
END;
/
DECLARE
  r jobs_q%ROWTYPE;
BEGIN
  UPDATE jobs_q SET name = UPPER(name) WHERE id = 1 RETURNING id, name, tries, code INTO r;
  DBMS_OUTPUT.PUT_LINE('record ' || r.id || ' ' || r.name);
END;
/
DECLARE
  TYPE num_tab IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  TYPE name_tab IS TABLE OF VARCHAR2(20) INDEX BY PLS_INTEGER;
  ids   num_tab;
  names name_tab;
BEGIN
  UPDATE jobs_q SET tries = tries + 1 RETURNING id, name BULK COLLECT INTO ids, names;
  DBMS_OUTPUT.PUT_LINE(SQL%ROWCOUNT || ' rows, ' || ids.COUNT || ' returned');
  FOR i IN 1 .. ids.COUNT LOOP
    DBMS_OUTPUT.PUT_LINE(ids(i) || ' ' || names(i));
  END LOOP;
END;
/
-- several rows into one variable: ORA-01422, and the UPDATE is undone
DECLARE
  v NUMBER;
BEGIN
  UPDATE jobs_q SET tries = 100 RETURNING id INTO v;
END;
/
SELECT id, name, tries FROM jobs_q ORDER BY id;
-- host binds
VARIABLE new_id NUMBER
VARIABLE new_name VARCHAR2(20)
INSERT INTO jobs_q (id, name) VALUES (5, 'vacuum') RETURNING id, name INTO :new_id, :new_name;
PRINT new_id new_name
BEGIN
  DELETE FROM jobs_q WHERE id = :new_id RETURNING name INTO :new_name;
END;
/
PRINT new_name
SELECT COUNT(*) FROM jobs_q WHERE id = 5;
UPDATE jobs_q SET tries = 7 WHERE name = 'stats' RETURNING id, tries + 1 INTO :new_id, :new_name;
PRINT new_id new_name
ROLLBACK;
