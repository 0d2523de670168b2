-- CockroachDB's CANCEL JOB page, played against jobs doing real work on real tables:
--   SHOW JOBS;
--   CANCEL JOB <id>;                                                             -- one job by id
--   CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach');  -- a user's jobs
-- and PAUSE / RESUME JOB on the way. A cancel is a request (cancel-requested); the job
-- coordinator reverts the job's partial work at its next turn (reverting) and the job ends
-- canceled. Ids come from SHOW JOBS through COLUMN ... NEW_VALUE.
--
-- Jobs, paced at 2 rows per engine second (VSESSION_JOBS.SET_WORK_RATE) so each takes 20 s:
--   root:     IMPORT INTO customers of the 40-row tests/fixtures/customers.csv (file:// URL,
--             relative to the working directory: the repository root)  -> paused, resumed, canceled
--   root:     CREATE STATISTICS on maxroach.orders (session stats waits for it) -> succeeds
--   maxroach: BACKUP TABLE orders INTO 'nodelocal://1/...'               -> canceled
--   maxroach: RESTORE TABLE archive from a backup root took before       -> canceled
-- The effects prove the work was real and was undone: customers goes back to its 5 rows, the
-- partially restored archive table is dropped, the statistics count the 40 orders. SHOW JOBS
-- also lists root's finished setup jobs (the first BACKUP, DROP TABLE's schema changes).
-- nodelocal://1/ is the external-io directory (a temp directory), not the repository.
-- Cast: main and stats = root (admin); roach = MAXROACH.
SET ECHO ON
SET LINESIZE 300
SET PAGESIZE 100
COLUMN job_id FORMAT 9999999999999999999
COLUMN job_type FORMAT A16
COLUMN user_name FORMAT A10
COLUMN status FORMAT A16
COLUMN description FORMAT A70
COLUMN error FORMAT A22
COLUMN running_status FORMAT A14
COLUMN statistics_name FORMAT A14
COLUMN column_names FORMAT A14
CONNECT root/manager
CREATE USER maxroach IDENTIFIED BY roach;
GRANT CREATE SESSION, CREATE TABLE TO maxroach;
CREATE TABLE customers (id NUMBER PRIMARY KEY, name VARCHAR2(30), city VARCHAR2(20));
BEGIN
  FOR i IN 1 .. 5 LOOP
    INSERT INTO customers VALUES (i, 'walk-in ' || i, 'Oslo');
  END LOOP;
  COMMIT;
END;
/

SESSION roach
CONNECT maxroach/roach
CREATE TABLE orders (id NUMBER PRIMARY KEY, item VARCHAR2(20));
CREATE TABLE archive (id NUMBER PRIMARY KEY, note VARCHAR2(20));
BEGIN
  FOR i IN 1 .. 40 LOOP
    INSERT INTO orders VALUES (i, 'item ' || i);
    INSERT INTO archive VALUES (i, 'note ' || i);
  END LOOP;
  COMMIT;
END;
/

SESSION main
-- Setup: root backs up maxroach's archive table and drops it, so that it can be restored.
COLUMN job_id NOPRINT
BACKUP TABLE maxroach.archive INTO 'nodelocal://1/demo_cancel_job/archive';
COLUMN job_id PRINT
DROP TABLE maxroach.archive;
EXEC VSESSION_JOBS.SET_WORK_RATE(2)
COLUMN job_id NOPRINT
IMPORT INTO customers CSV DATA ('file://tests/fixtures/customers.csv') WITH DETACHED;

SESSION roach
BACKUP TABLE orders INTO 'nodelocal://1/demo_cancel_job/orders' WITH DETACHED;
RESTORE TABLE archive FROM LATEST IN 'nodelocal://1/demo_cancel_job/archive' WITH DETACHED;

SESSION stats
CONNECT root/manager
CREATE STATISTICS orders_stats FROM maxroach.orders;

SESSION main
COLUMN job_id PRINT
ADVANCE 4
SHOW JOBS;
SELECT job_id, job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
-- While they work, the tables of the IMPORT and of the RESTORE are offline, as CockroachDB
-- takes them offline (8 of the 40 customers are imported, 8 archive rows restored so far).
SELECT COUNT(*) FROM customers;
SELECT COUNT(*) FROM maxroach.archive;
COLUMN job_id NEW_VALUE import_job
SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'IMPORT';
COLUMN job_id NEW_VALUE stats_job
SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'CREATE STATS';
COLUMN job_id CLEAR
COLUMN job_id FORMAT 9999999999999999999
PAUSE JOB &import_job;
SELECT job_type, status FROM [SHOW JOB &import_job];
ADVANCE 1
SELECT job_type, status, fraction_completed FROM [SHOW JOB &import_job];
-- Paused: no more rows arrive, and the table stays offline.
ADVANCE 3
SELECT job_type, status, fraction_completed FROM [SHOW JOB &import_job];
SELECT COUNT(*) FROM customers;
RESUME JOB &import_job;
ADVANCE 2
SELECT job_type, status, fraction_completed FROM [SHOW JOB &import_job];
CANCEL JOB &import_job;
SELECT job_type, status FROM [SHOW JOB &import_job];
ADVANCE 1
SELECT job_type, status, fraction_completed, error FROM [SHOW JOB &import_job];
-- The import is undone: customers is back online with its 5 rows.
SELECT COUNT(*) FROM customers;
CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach');
SELECT job_type, user_name, status FROM [SHOW JOBS] WHERE user_name = 'maxroach';
ADVANCE 1
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
-- The partially restored archive table is gone.
SELECT COUNT(*) FROM maxroach.archive;
-- The statistics job goes on to the end and counted every order.
ADVANCE 10
SHOW STATISTICS FOR TABLE maxroach.orders;
SELECT job_type, user_name, status, fraction_completed FROM [SHOW JOBS];
-- A canceled job: the cancel is a counted no-op. A succeeded one cannot be canceled.
CANCEL JOB &import_job;
CANCEL JOB &stats_job;
