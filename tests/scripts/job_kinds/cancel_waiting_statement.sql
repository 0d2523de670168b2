-- A BACKUP statement waits for its job on the engine clock, as a blocking call of its
-- session: CANCEL QUERY ends the wait (57014, query execution canceled) but not the job,
-- which goes on in the background and succeeds, as in CockroachDB.
SET ECHO ON
SET LINESIZE 200
COLUMN job_type FORMAT A17
COLUMN status FORMAT A10
CONNECT root/manager
SET CLUSTER SETTING sql.stats.automatic_collection.enabled = false;
CREATE TABLE t (id NUMBER PRIMARY KEY);
BEGIN
  FOR i IN 1 .. 10 LOOP
    INSERT INTO t VALUES (i);
  END LOOP;
  COMMIT;
END;
/
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

SESSION a
CONNECT root/manager
BACKUP TABLE t INTO 'nodelocal://1/job_kinds_cancel_waiting';

SESSION main
ADVANCE 1
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE query LIKE 'BACKUP%');
SELECT job_type, status, fraction_completed FROM crdb_internal.jobs;
ADVANCE 5
SELECT job_type, status, fraction_completed FROM crdb_internal.jobs;
