-- CockroachDB's schedule statements and the jobs schedules create:
--   CREATE SCHEDULE test_schedule FOR BACKUP ... RECURRING '@hourly';  -- a FULL + INCREMENTAL pair
--   SHOW SCHEDULES;  PAUSE SCHEDULE <id>;  RESUME SCHEDULE <id>;
--   CANCEL JOBS FOR SCHEDULE 590204387299262465;            -- answers CANCEL JOBS FOR SCHEDULES 1
--   CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
--   DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
-- A due schedule runs its BACKUP as its owner when next_run passes on the engine clock; the job it
-- starts has created_by_type 'crdb_schedule' and created_by_id = the schedule id.
--
-- Jobs: the schedule-created jobs whose control is shown are VSESSION_JOBS test-bed jobs marked as
-- created by schedule 590204387299262465 (the id on CockroachDB's page) and by test_schedule.
-- Cast: main = root (admin).
SET ECHO ON
COLUMN id FORMAT 9999999999999999999
COLUMN job_id FORMAT 9999999999999999999
COLUMN created_by_id FORMAT 9999999999999999999
COLUMN label FORMAT A14
COLUMN schedule_status FORMAT A8
COLUMN recurrence FORMAT A10
COLUMN description FORMAT A28
COLUMN status FORMAT A16
CONNECT root/manager
CREATE TABLE orders (id NUMBER, item VARCHAR2(20));
INSERT INTO orders VALUES (1, 'roach');
COMMIT;
CREATE SCHEDULE test_schedule FOR BACKUP TABLE orders INTO 'nodelocal://1/backups' RECURRING '@hourly' WITH SCHEDULE OPTIONS first_run = '2026-01-05 09:30:00';
SELECT id, label, schedule_status, next_run, recurrence FROM [SHOW SCHEDULES];
COLUMN id NEW_VALUE full_schedule
SELECT id FROM [SHOW RUNNING SCHEDULES] WHERE label = 'test_schedule';
COLUMN id CLEAR
COLUMN id FORMAT 9999999999999999999
PAUSE SCHEDULE &full_schedule;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &full_schedule];
RESUME SCHEDULE &full_schedule;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &full_schedule];

EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('BACKUP', 'BACKUP INTO ''s3://bucket''', 600, schedule_id => 590204387299262465)
EXEC vsession_jobs.start_job('BACKUP', 'scheduled backup', 600, schedule_id => &full_schedule)
ADVANCE 2
SELECT description, status FROM [SHOW JOBS FOR SCHEDULE 590204387299262465];
CANCEL JOBS FOR SCHEDULE 590204387299262465;
CANCEL JOBS FOR SCHEDULE 590204387299262465;
CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
ADVANCE 1
SELECT description, status FROM crdb_internal.jobs ORDER BY job_id;
PROMPT RESUME recomputed next_run from the recurrence (midnight, @daily); then the first full
PROMPT backup is due and the schedule runs its BACKUP statement as root (its outcome is the
PROMPT schedule's state; with the BACKUP job kind merged it starts a job created by the schedule):
ADVANCE 54000
SELECT label, schedule_status, next_run, state FROM [SHOW SCHEDULES];
SELECT job_type, status, created_by_type, created_by_id FROM system.jobs ORDER BY id;
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule';
SHOW SCHEDULES;
