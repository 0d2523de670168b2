-- DDL commits: CREATE TABLE, TRUNCATE, DROP (and CREATE USER, GRANT...) first commit the
-- session's open transaction, so a ROLLBACK after them has nothing to undo; ALTER SESSION
-- does not commit. TRUNCATE removes committed rows at once.
SET ECHO ON
CONNECT system/manager
CREATE TABLE a (n NUMBER);
INSERT INTO a VALUES (1);
CREATE TABLE b (n NUMBER);
ROLLBACK;
SELECT count(*) FROM a;
INSERT INTO a VALUES (2);
CREATE TABLE a (x NUMBER);
ROLLBACK;
SELECT count(*) FROM a;
CREATE TABLE c AS SELECT n, n * 10 FROM a;
CREATE TABLE c AS SELECT n, n * 10 AS ten FROM a;
SELECT n, ten FROM c ORDER BY n;
COLUMN table_name FORMAT a12
COLUMN owner FORMAT a12
COLUMN object_name FORMAT a12
SELECT table_name, num_rows FROM user_tables ORDER BY table_name;
INSERT INTO c VALUES (3, 30);
TRUNCATE TABLE c;
ROLLBACK;
SELECT count(*) FROM c;
DROP TABLE b;
SELECT * FROM b;
DROP TABLE b;
SELECT owner, object_name, object_type FROM dba_objects ORDER BY object_id;
INSERT INTO a VALUES (3);
CREATE USER nobody IDENTIFIED BY pw;
ROLLBACK;
SELECT count(*) FROM a;
INSERT INTO a VALUES (4);
ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD';
ROLLBACK;
SELECT count(*) FROM a;
