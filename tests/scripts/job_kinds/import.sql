-- IMPORT INTO t CSV DATA ('file-url'): an IMPORT job reads a CSV file (here the fixture
-- tests/fixtures/people.csv, by a file:// URL relative to the working directory) and loads its
-- rows into an existing table, committed as the import's own work. Quoted fields, doubled
-- quotes and an empty field (NULL) are read as RFC 4180 says. A target column list maps the
-- fields to columns. A field that does not parse fails the job: the table is reverted to
-- its state before the import (the rows already loaded go), and the statement returns the
-- error.
SET ECHO ON
COLUMN job_id FORMAT 99999999999999999999
CONNECT system/manager
CREATE TABLE people (id NUMBER PRIMARY KEY, name VARCHAR2(30), born DATE);
INSERT INTO people VALUES (1, 'existing', NULL);
COMMIT;
IMPORT INTO people CSV DATA ('file://tests/fixtures/people.csv');
SELECT * FROM people ORDER BY id;
CREATE TABLE names (name VARCHAR2(30), id NUMBER);
IMPORT INTO names (id, name) CSV DATA ('file://tests/fixtures/people.csv');
IMPORT INTO names (id, name, born) CSV DATA ('file://tests/fixtures/people.csv');
IMPORT INTO people (id, name) CSV DATA ('file://tests/fixtures/people.csv');
-- A bad date on line 2: the first row, loaded, is taken out again.
EXEC VSESSION_JOBS.SET_WORK_RATE(1)
IMPORT INTO people CSV DATA ('file://tests/fixtures/people_bad.csv');
SELECT COUNT(*) FROM people;
-- A duplicate key fails the job the same way.
IMPORT INTO people CSV DATA ('file://tests/fixtures/people.csv');
SELECT COUNT(*) FROM people;
IMPORT INTO people CSV DATA ('file://tests/fixtures/missing.csv');
IMPORT INTO nosuch CSV DATA ('file://tests/fixtures/people.csv');
