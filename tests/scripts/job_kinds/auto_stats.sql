-- Automatic statistics. After writes, the engine creates an AUTO CREATE STATS job (owner
-- node, statistics name __auto__) for each table whose statistics are stale: none yet, or
-- more rows changed since the last collection than fraction_stale_rows * rows +
-- min_stale_rows (0.2 and 500, CockroachDB's defaults; checked at most once per engine
-- second). Cancelling one is pointless: the table stays stale, so the next write creates a
-- new job. With sql.stats.automatic_collection.enabled = false no new job comes. Only admins
-- may read or change cluster settings.
SET ECHO ON
SET LINESIZE 200
SET PAGESIZE 100
COLUMN job_type FORMAT A17
COLUMN description FORMAT A45
COLUMN user_name FORMAT A9
COLUMN status FORMAT A10
CONNECT root/manager
SHOW CLUSTER SETTING sql.stats.automatic_collection.enabled;
SHOW CLUSTER SETTING sql.stats.automatic_collection.fraction_stale_rows;
SHOW CLUSTER SETTING sql.stats.automatic_collection.min_stale_rows;
EXEC VSESSION_JOBS.SET_WORK_RATE(4)
CREATE TABLE t (id NUMBER PRIMARY KEY, v NUMBER);
BEGIN
  FOR i IN 1 .. 20 LOOP
    INSERT INTO t VALUES (i, MOD(i, 7));
  END LOOP;
END;
/
-- The commit makes t stale (never collected): an automatic job starts (20 rows, 5 s).
COMMIT;
ADVANCE 2
SELECT job_type, description, user_name, status, fraction_completed FROM crdb_internal.jobs WHERE job_type = 'AUTO CREATE STATS';
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'AUTO CREATE STATS' AND status = 'running');
ADVANCE 1
SHOW STATISTICS FOR TABLE t;
-- The next committed write creates a new automatic job, which completes.
UPDATE t SET v = v + 1 WHERE id = 1;
COMMIT;
ADVANCE 6
SELECT job_type, status FROM crdb_internal.jobs WHERE job_type = 'AUTO CREATE STATS' ORDER BY created;
SHOW STATISTICS FOR TABLE t;
-- Fresh statistics: 20 changes (not more than 0.2 * 20 + 500) create no job.
UPDATE t SET v = 0;
COMMIT;
ADVANCE 1
SELECT COUNT(*) FROM crdb_internal.jobs WHERE job_type = 'AUTO CREATE STATS';
-- A table never collected, with the setting off: no job, whatever is written.
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false;
SHOW CLUSTER SETTING sql.stats.automatic_collection.enabled;
CREATE TABLE u (id NUMBER);
INSERT INTO u VALUES (1);
COMMIT;
ADVANCE 2
SELECT COUNT(*) FROM crdb_internal.jobs WHERE job_type = 'AUTO CREATE STATS';
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = DEFAULT;
SET CLUSTER SETTING sql.stats.automatic_collection.min_stale_rows = 'many';
SET CLUSTER SETTING sql.nosuch = 1;
CREATE USER maxroach WITH PASSWORD 'roach';
CONNECT maxroach/roach
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false;
SHOW CLUSTER SETTING sql.stats.automatic_collection.enabled;
