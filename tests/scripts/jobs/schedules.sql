-- Backup schedules: CREATE SCHEDULE ... FOR BACKUP creates CockroachDB's pair — an INCREMENTAL
-- schedule on the RECURRING cadence, paused until the first full backup has run, and a FULL one
-- (daily for an hourly recurrence) whose first run is now, or first_run. FULL BACKUP ALWAYS makes one
-- FULL schedule. SHOW [RUNNING | PAUSED] SCHEDULES and SHOW SCHEDULE id read SYSTEM.SCHEDULED_JOBS.
-- PAUSE clears next_run, RESUME recomputes it from the recurrence (a paused one-off schedule cannot
-- be resumed), DROP deletes the schedule and its partner; ids that do not exist are skipped and not
-- counted; only an admin or the owner may change a schedule. A due schedule runs its BACKUP statement
-- as its owner when next_run passes on the engine clock.
--
-- Cast: main = root (admin); roach = MAXROACH (no privilege).
SET ECHO ON
COLUMN id FORMAT 9999999999999999999
COLUMN schedule_id FORMAT 9999999999999999999
COLUMN label FORMAT A14
COLUMN status FORMAT A48
COLUMN schedule_status FORMAT A8
COLUMN recurrence FORMAT A12
COLUMN schedule FORMAT A10
COLUMN state FORMAT A60
COLUMN backup_stmt FORMAT A60
CONNECT root/manager
CREATE TABLE orders (id NUMBER, item VARCHAR2(20));
INSERT INTO orders VALUES (1, 'roach');
COMMIT;
CREATE USER maxroach IDENTIFIED BY roach;
GRANT CREATE SESSION TO maxroach;
CREATE SCHEDULE test_schedule FOR BACKUP TABLE orders INTO 'nodelocal://1/backups' RECURRING '@hourly';
CREATE SCHEDULE IF NOT EXISTS test_schedule FOR BACKUP INTO 'nodelocal://1/other' RECURRING '@daily';
CREATE SCHEDULE 'nightly' FOR BACKUP INTO 'nodelocal://1/nightly' RECURRING '0 2 * * *' FULL BACKUP ALWAYS WITH SCHEDULE OPTIONS first_run = '2026-01-06 02:00:00';
CREATE SCHEDULE bad FOR BACKUP INTO 'nodelocal://1/x' RECURRING '0 25 * * *';
SELECT label, schedule_status, next_run, recurrence, jobsrunning, owner FROM [SHOW SCHEDULES];
SELECT label, recurrence, command FROM [SHOW PAUSED SCHEDULES];
COLUMN id NEW_VALUE nightly
SELECT id FROM [SHOW RUNNING SCHEDULES] WHERE label = 'nightly';

SESSION roach
CONNECT maxroach/roach
PAUSE SCHEDULE &nightly;
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES];

SESSION main
PAUSE SCHEDULE &nightly;
PAUSE SCHEDULE &nightly;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &nightly];
RESUME SCHEDULE &nightly;
SELECT label, schedule_status, next_run FROM [SHOW SCHEDULE &nightly];
PAUSE SCHEDULE 42;
PAUSE SCHEDULES SELECT 'x' FROM dual;
PAUSE SCHEDULES SELECT id, label FROM [SHOW SCHEDULES];
PROMPT The first full backup is due now: the worker runs it as the owner (its result is the
PROMPT schedule's state if it fails), and the incremental schedule starts; an hour later it runs:
ADVANCE 1
SELECT label, schedule_status, next_run, state FROM [SHOW SCHEDULES];
COLUMN job_type FORMAT A8
COLUMN description FORMAT A60
COLUMN created_by_type FORMAT A14
SELECT job_type, description, status, created_by_type FROM system.jobs ORDER BY id;
ADVANCE 3600
SELECT label, schedule_status, next_run, state FROM [SHOW SCHEDULES];
SELECT job_type, description, status, created_by_type FROM system.jobs ORDER BY id;
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'test_schedule' AND recurrence = '@daily';
SELECT label, recurrence FROM [SHOW SCHEDULES];
CREATE SCHEDULE once FOR BACKUP INTO 'nodelocal://1/once' RECURRING NEVER;
PAUSE SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'once';
RESUME SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'once';
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES];
SHOW SCHEDULES;
PROMPT The incremental half waits for a full backup that succeeds: cancel the first one, it stays paused;
EXEC VSESSION_JOBS.SET_WORK_RATE(1)
BEGIN
  FOR i IN 2 .. 21 LOOP
    INSERT INTO orders VALUES (i, 'more');
  END LOOP;
  COMMIT;
END;
/
CREATE SCHEDULE paced FOR BACKUP TABLE orders INTO 'nodelocal://1/paced' RECURRING '@hourly';
ADVANCE 2
SELECT label, recurrence, schedule_status FROM [SHOW SCHEDULES] ORDER BY recurrence;
CANCEL JOBS FOR SCHEDULES SELECT id FROM [SHOW SCHEDULES] WHERE label = 'paced';
ADVANCE 2
SELECT label, recurrence, schedule_status FROM [SHOW SCHEDULES] ORDER BY recurrence;
DROP SCHEDULES SELECT id FROM [SHOW SCHEDULES];
