-- PAUSE / RESUME / CANCEL JOBS FOR SCHEDULE id and FOR SCHEDULES select, and SHOW JOBS FOR
-- SCHEDULE(S): the jobs a schedule created (created_by_type 'crdb_schedule', created_by_id = the
-- schedule id). Only jobs in a state the command changes are touched and counted (PAUSE: pending,
-- running, reverting; RESUME: paused; CANCEL: pending, running, paused), so there is never a state
-- error; the tag says `... JOBS FOR SCHEDULES n`.
--
-- Jobs: VSESSION_JOBS test-bed jobs made to look schedule-created (schedule_id), so the statements
-- can be shown on long-running jobs; schedules_fire.sql shows real schedules creating jobs.
-- Cast: main = root (admin).
SET ECHO ON
COLUMN job_id FORMAT 9999999999999999999
COLUMN id FORMAT 9999999999999999999
COLUMN created_by_id FORMAT 9999999999999999999
COLUMN description FORMAT A12
COLUMN status FORMAT A16
CONNECT root/manager
EXEC vsession_jobs.set_work_rate(10)
EXEC vsession_jobs.start_job('BACKUP', 'backup a1', 100, schedule_id => 590204387299262465)
EXEC vsession_jobs.start_job('BACKUP', 'backup a2', 100, schedule_id => 590204387299262465)
EXEC vsession_jobs.start_job('BACKUP', 'backup b1', 100, schedule_id => 590204387299262466)
EXEC vsession_jobs.start_job('BACKUP', 'backup c1', 5, schedule_id => 590204387299262465)
EXEC vsession_jobs.start_job('BACKUP', 'manual', 100)
ADVANCE 1
SELECT description, status FROM [SHOW JOBS FOR SCHEDULE 590204387299262465];
SELECT id, status, created_by_type, created_by_id FROM system.jobs ORDER BY id;
PAUSE JOBS FOR SCHEDULE 590204387299262465;
PAUSE JOBS FOR SCHEDULE 590204387299262465;
ADVANCE 1
PAUSE JOBS FOR SCHEDULE 590204387299262465;
RESUME JOBS FOR SCHEDULES SELECT 590204387299262465 FROM dual;
CANCEL JOBS FOR SCHEDULE 590204387299262466;
CANCEL JOBS FOR SCHEDULE 42;
CANCEL JOBS FOR SCHEDULE NULL;
CANCEL JOBS FOR SCHEDULES SELECT 'x' FROM dual;
CANCEL JOBS FOR SCHEDULES SELECT created_by_id, id FROM system.jobs;
ADVANCE 1
SELECT description, status FROM crdb_internal.jobs ORDER BY job_id;
SELECT description, status FROM [SHOW JOBS FOR SCHEDULES SELECT created_by_id FROM system.jobs WHERE created_by_id IS NOT NULL];
