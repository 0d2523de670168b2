-- CockroachDB's schedule statements and the jobs schedules create, with real BACKUP jobs:
--   CREATE SCHEDULE test_schedule FOR BACKUP ... RECURRING '@hourly' FULL BACKUP ALWAYS;
--   SHOW SCHEDULES;  PAUSE SCHEDULE <id>;  RESUME SCHEDULE <id>;
--   CANCEL JOBS FOR SCHEDULE <id>;                          -- answers CANCEL JOBS FOR SCHEDULES 1
--   CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
--   DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
-- A due schedule runs its BACKUP ... WITH detached as its owner when next_run passes on the
-- engine clock; the job it starts has created_by_type 'crdb_schedule' and created_by_id = the
-- schedule id. At 2 rows per engine second (VSESSION_JOBS.SET_WORK_RATE) a backup of the
-- 40-row table takes 20 s, so the 09:30 and 10:00 runs are caught running (at 5%) and canceled, and
-- the 11:00 run is left to finish. CANCEL JOBS FOR SCHEDULE(S) counts only the jobs in a state
-- a cancel may start from (pending, running, paused): a second cancel counts 0.
-- FULL BACKUP ALWAYS makes one schedule (without it, CockroachDB's FULL + INCREMENTAL pair).
-- nodelocal://1/ is the external-io directory (a temp directory), not the repository.
-- Cast: main = root (admin).
SET ECHO ON
SET LINESIZE 200
SET PAGESIZE 100
COLUMN id FORMAT 9999999999999999999
COLUMN schedule_id FORMAT 9999999999999999999
COLUMN job_id FORMAT 9999999999999999999
COLUMN created_by_id FORMAT 9999999999999999999
COLUMN label FORMAT A14
COLUMN schedule_status FORMAT A8
COLUMN recurrence FORMAT A10
COLUMN state FORMAT A20
COLUMN description FORMAT A64
COLUMN status FORMAT A16
COLUMN job_type FORMAT A8
COLUMN created_by_type FORMAT A14
CONNECT root/manager
CREATE TABLE orders (id NUMBER PRIMARY KEY, item VARCHAR2(20));
BEGIN
  FOR i IN 1 .. 40 LOOP
    INSERT INTO orders VALUES (i, 'item ' || i);
  END LOOP;
  COMMIT;
END;
/
CREATE SCHEDULE test_schedule FOR BACKUP TABLE orders INTO 'nodelocal://1/demo_schedules' RECURRING '@hourly' FULL BACKUP ALWAYS WITH SCHEDULE OPTIONS first_run = '2026-01-05 09:30:00';
SELECT id, label, schedule_status, next_run, recurrence FROM [SHOW SCHEDULES];
COLUMN id NEW_VALUE sched
SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
COLUMN id CLEAR
COLUMN id FORMAT 9999999999999999999
EXEC VSESSION_JOBS.SET_WORK_RATE(2)

-- 09:30: the first run.
ADVANCE 1802
SELECT label, next_run, jobsrunning FROM [SHOW SCHEDULES];
SELECT description, status, fraction_completed FROM [SHOW JOBS FOR SCHEDULE &sched];
CANCEL JOBS FOR SCHEDULE &sched;
CANCEL JOBS FOR SCHEDULE &sched;
ADVANCE 1
SELECT description, status, fraction_completed FROM [SHOW JOBS FOR SCHEDULE &sched];

-- 10:00: the next run, canceled through the schedule's label.
ADVANCE 1799
SELECT label, next_run, jobsrunning FROM [SHOW SCHEDULES];
SELECT description, status, fraction_completed FROM [SHOW JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule'];
CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
ADVANCE 1
CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';

-- PAUSE SCHEDULE clears next_run; RESUME recomputes it from the recurrence (11:00).
PAUSE SCHEDULE &sched;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &sched];
RESUME SCHEDULE &sched;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &sched];

-- 11:00: this run finishes; its backup holds the 40 rows.
ADVANCE 3600
ADVANCE 20
SELECT job_id, status, fraction_completed FROM [SHOW JOBS FOR SCHEDULE &sched] ORDER BY job_id;
SELECT id, job_type, status, created_by_type, created_by_id FROM system.jobs WHERE created_by_id = &sched ORDER BY id;
DROP TABLE orders;
EXEC VSESSION_JOBS.SET_WORK_RATE(0)
RESTORE TABLE orders FROM LATEST IN 'nodelocal://1/demo_schedules';
SELECT COUNT(*) FROM orders;
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
SHOW SCHEDULES;
