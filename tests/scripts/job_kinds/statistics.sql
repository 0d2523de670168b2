-- CREATE STATISTICS runs a CREATE STATS job that counts rows, distinct values and NULLs per
-- column over the committed rows; SHOW STATISTICS FOR TABLE lists them with CockroachDB's
-- columns (column_names as {a,b}; avg_size = average bytes of the values' text form; no
-- histograms). ON a, b collects one multi-column statistic (distinct value pairs, rows whose
-- columns are all NULL). [SHOW STATISTICS FOR TABLE t] works as a row source. A new collection replaces the older one on the same columns.
SET ECHO ON
SET LINESIZE 200
SET PAGESIZE 100
COLUMN job_type FORMAT A14
COLUMN description FORMAT A50
COLUMN status FORMAT A10
CONNECT root/manager
CREATE TABLE emp (id NUMBER PRIMARY KEY, dept VARCHAR2(10), boss NUMBER);
BEGIN
  FOR i IN 1 .. 20 LOOP
    INSERT INTO emp VALUES (i, CASE WHEN MOD(i, 5) = 0 THEN NULL ELSE 'D' || MOD(i, 3) END,
                            CASE WHEN i > 15 THEN NULL ELSE MOD(i, 4) END);
  END LOOP;
  COMMIT;
END;
/
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false;
CREATE STATISTICS s1 FROM emp;
SHOW STATISTICS FOR TABLE emp;
CREATE STATISTICS s2 ON dept, boss FROM emp;
SHOW STATISTICS FOR TABLE emp;
DELETE FROM emp WHERE id > 10;
COMMIT;
CREATE STATISTICS s3 ON id FROM emp;
SHOW STATISTICS FOR TABLE emp;
-- [SHOW STATISTICS ...] is a row source (a query over crdb_internal.table_statistics).
SELECT statistics_name, column_names, row_count, distinct_count FROM [SHOW STATISTICS FOR TABLE emp] WHERE distinct_count < 10 ORDER BY statistics_name;
SELECT COUNT(*) FROM [SHOW STATISTICS FOR TABLE root.emp];
SELECT job_type, description, status FROM crdb_internal.jobs WHERE job_type = 'CREATE STATS';
CREATE STATISTICS s4 ON nosuch FROM emp;
CREATE STATISTICS s4 FROM nosuch;
