-- Schema changes as SCHEMA CHANGE jobs. ALTER TABLE ... ADD COLUMN backfills the default a
-- budget of rows at a time into a new version of the table and publishes it when done (the
-- column is invisible until then; the statement waits for its job). CREATE [UNIQUE] INDEX
-- scans the rows progressively; a UNIQUE index that finds a duplicate fails its job with
-- CockroachDB's error, one that succeeds is enforced afterwards. DROP TABLE, ALTER TABLE ...
-- RENAME TO and CREATE TABLE ... AS leave not-cancelable jobs: CANCEL JOB says so (Oracle's
-- DROP TABLE answers as always: "Table dropped.").
SET ECHO ON
SET LINESIZE 200
SET PAGESIZE 100
COLUMN job_type FORMAT A16
COLUMN description FORMAT A60
COLUMN status FORMAT A10
COLUMN error FORMAT A60
CONNECT root/manager
CREATE TABLE t (id NUMBER PRIMARY KEY, x NUMBER);
BEGIN
  FOR i IN 1 .. 10 LOOP
    INSERT INTO t VALUES (i, MOD(i, 3));
  END LOOP;
  COMMIT;
END;
/
EXEC VSESSION_JOBS.SET_WORK_RATE(4)

SESSION a
CONNECT root/manager
ALTER TABLE t ADD COLUMN flag NUMBER(1) DEFAULT 1;

SESSION main
ADVANCE 2
SELECT description, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'SCHEMA CHANGE';
SELECT * FROM t WHERE id = 1;
ADVANCE 1
SELECT * FROM t WHERE id = 1;
EXEC VSESSION_JOBS.SET_WORK_RATE(0)
CREATE UNIQUE INDEX ON t (x);
CREATE UNIQUE INDEX t_id_flag ON t (id, flag);
CREATE INDEX ON t (x);
CREATE INDEX ON t (nosuch);
INSERT INTO t VALUES (11, 0, 1);
SELECT description, status, error FROM crdb_internal.jobs WHERE job_type = 'SCHEMA CHANGE' ORDER BY created, description;
ALTER TABLE t ADD COLUMN x NUMBER;
ALTER TABLE t RENAME TO t2;
SELECT COUNT(*) FROM t2;
CREATE TABLE t3 AS SELECT * FROM t2 WHERE x = 1;
DROP TABLE t3;
SELECT job_type, description, status FROM crdb_internal.jobs WHERE description LIKE '%t3%' OR description LIKE '%RENAME%' ORDER BY created, job_type;
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE description LIKE 'DROP TABLE%');
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE description LIKE '%RENAME%');
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE description LIKE 'CREATE TABLE%');
