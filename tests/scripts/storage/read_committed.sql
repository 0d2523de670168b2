-- Read committed across sessions: a session sees its own uncommitted changes, nobody else
-- does; a commit makes them visible to every later statement. Another schema's table needs
-- SELECT ANY TABLE (else ORA-00942, as if it did not exist); names resolve in the current
-- schema, and schema.table works.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
CREATE USER other IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app, other;

SESSION a
CONNECT app/pw
CREATE TABLE notes (id NUMBER, txt VARCHAR2(20));
INSERT INTO notes VALUES (1, 'committed');
COMMIT;
INSERT INTO notes VALUES (2, 'pending');
UPDATE notes SET txt = 'changed' WHERE id = 1;
SELECT id, txt FROM notes ORDER BY id;

SESSION b
CONNECT app/pw
SELECT id, txt FROM notes ORDER BY id;
SELECT id, txt FROM app.notes ORDER BY id;

SESSION o
CONNECT other/pw
SELECT id, txt FROM app.notes;
SELECT count(*) FROM notes;

SESSION a
COMMIT;

SESSION b
SELECT id, txt FROM notes ORDER BY id;

SESSION main
ALTER SESSION SET CURRENT_SCHEMA = app;
SELECT id, txt FROM notes ORDER BY id;
COLUMN owner FORMAT a12
COLUMN table_name FORMAT a12
SELECT owner, table_name FROM all_tables;

SESSION o
SELECT owner, table_name FROM all_tables;
SELECT count(*) FROM user_tables;
