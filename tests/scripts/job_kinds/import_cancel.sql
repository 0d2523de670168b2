-- Cancel during IMPORT INTO. At 2 rows per engine second the IMPORT of the 6-row fixture
-- takes 3 s. Meanwhile the table is offline, as CockroachDB takes an IMPORT INTO's table
-- offline: other sessions' reads and writes get `relation "people" is offline: importing`.
-- CANCEL makes the job revert the table to its state before the import: the imported rows
-- go, the rows that were there before stay, and the table is back online.
SET ECHO ON
SET LINESIZE 200
COLUMN job_type FORMAT A10
COLUMN status FORMAT A10
COLUMN description FORMAT A70
CONNECT root/manager
CREATE TABLE people (id NUMBER PRIMARY KEY, name VARCHAR2(30), born DATE);
INSERT INTO people VALUES (1, 'before', NULL);
COMMIT;
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

SESSION a
CONNECT root/manager
IMPORT INTO people CSV DATA ('file://tests/fixtures/people.csv');

SESSION main
ADVANCE 2
SELECT job_type, description, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'IMPORT';
SELECT id, name FROM people ORDER BY id;
INSERT INTO people VALUES (2, 'meanwhile', NULL);
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'IMPORT');
ADVANCE 1
SELECT job_type, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'IMPORT';
SELECT id, name FROM people ORDER BY id;
