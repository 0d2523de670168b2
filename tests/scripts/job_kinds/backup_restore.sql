-- BACKUP and RESTORE round trip. BACKUP TABLE ... INTO 'nodelocal://1/...' writes a backup
-- (a CSV file per table and a manifest, in a subdirectory named after the engine clock) into
-- the external-io directory and answers CockroachDB's row when its job is done; RESTORE
-- TABLE ... FROM LATEST IN ... recreates the table with its rows and constraints, loading
-- the rows progressively, the table offline until it is done. With a work rate of 2 rows per
-- engine second, session a waits for its RESTORE job on the engine clock while main watches
-- the job's progress (the table itself is offline: restoring). Then the errors:
-- restoring over an existing table, a table the backup does not have, an unknown storage
-- scheme, a missing table, a non-admin restoring into another schema.
SET ECHO ON
SET LINESIZE 200
COLUMN job_id FORMAT 99999999999999999999
COLUMN job_type FORMAT A8
COLUMN description FORMAT A75
COLUMN status FORMAT A10
CONNECT root/manager
CREATE TABLE emp (id NUMBER PRIMARY KEY, name VARCHAR2(20), hired DATE, code CHAR(3) UNIQUE);
INSERT INTO emp VALUES (1, 'KING', DATE '2020-01-01', 'K');
INSERT INTO emp VALUES (2, 'Smith, "Jr"', NULL, NULL);
INSERT INTO emp VALUES (3, NULL, DATE '2021-06-30', 'C');
INSERT INTO emp VALUES (4, 'ADAMS', NULL, 'A');
INSERT INTO emp VALUES (5, 'FORD', DATE '1999-12-31', 'F');
COMMIT;
SELECT * FROM emp ORDER BY id;
BACKUP TABLE emp INTO 'nodelocal://1/job_kinds_backup_restore';
DROP TABLE emp;
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

SESSION a
CONNECT root/manager
RESTORE TABLE emp FROM LATEST IN 'nodelocal://1/job_kinds_backup_restore';

SESSION main
ADVANCE 1
SELECT COUNT(*) FROM emp;
SELECT status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
ADVANCE 1
SELECT status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'RESTORE';
ADVANCE 1
SELECT * FROM emp ORDER BY id;
-- The restored table keeps its keys, under their names.
INSERT INTO emp VALUES (1, 'DUP', NULL, NULL);
INSERT INTO emp VALUES (6, 'DUP', NULL, 'K');
EXEC VSESSION_JOBS.SET_WORK_RATE(0)
BACKUP TABLE emp INTO 'nodelocal://1/job_kinds_backup_restore' WITH DETACHED;
RESTORE TABLE emp FROM LATEST IN 'nodelocal://1/job_kinds_backup_restore';
RESTORE TABLE nosuch FROM LATEST IN 'nodelocal://1/job_kinds_backup_restore';
BACKUP TABLE emp INTO 's3://bucket/x';
BACKUP TABLE nosuch INTO 'nodelocal://1/job_kinds_backup_restore';
-- Without TABLE: every table of the user's schema.
BACKUP INTO 'nodelocal://1/job_kinds_backup_restore_all';
SELECT job_type, description, status, fraction_completed FROM crdb_internal.jobs WHERE job_type IN ('BACKUP', 'RESTORE') ORDER BY created;
-- Restoring into another user's schema needs admin.
CREATE USER maxroach WITH PASSWORD 'roach';
CONNECT maxroach/roach
RESTORE TABLE root.emp FROM LATEST IN 'nodelocal://1/job_kinds_backup_restore';
-- Incremental backups: BACKUP ... INTO LATEST IN appends a layer to the collection's latest
-- full backup (none there: CockroachDB's error) holding only the rows changed since (2 rows:
-- 20 updated, 30 added; 40 unchanged) and the deleted keys (10); RESTORE ... FROM LATEST
-- replays the chain: the newest rows.
CONNECT root/manager
CREATE TABLE dept (id NUMBER PRIMARY KEY, name VARCHAR2(20));
INSERT INTO dept VALUES (10, 'ACCOUNTING');
INSERT INTO dept VALUES (20, 'RESEARCH');
INSERT INTO dept VALUES (40, 'HR');
COMMIT;
BACKUP TABLE dept INTO LATEST IN 'nodelocal://1/job_kinds_no_full_backup';
BACKUP TABLE dept INTO 'nodelocal://1/job_kinds_incremental';
DELETE FROM dept WHERE id = 10;
UPDATE dept SET name = 'SALES' WHERE id = 20;
INSERT INTO dept VALUES (30, 'OPERATIONS');
COMMIT;
ADVANCE 60
BACKUP TABLE dept INTO LATEST IN 'nodelocal://1/job_kinds_incremental';
DROP TABLE dept;
RESTORE TABLE dept FROM LATEST IN 'nodelocal://1/job_kinds_incremental';
SELECT * FROM dept ORDER BY id;
SELECT description, status FROM crdb_internal.jobs WHERE description LIKE '%job_kinds_incremental%' ORDER BY created;
