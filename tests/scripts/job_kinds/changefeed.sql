-- CREATE CHANGEFEED FOR TABLE t INTO 'nodelocal://1/dir' answers its job id at once; the
-- CHANGEFEED job runs until cancelled, writing the table's existing rows (the initial scan)
-- and then each committed insert, update and delete to <external-io-dir>/dir/t.ndjson as
-- JSON lines ({"after": {...}, "key": [...]}; "after": null for a delete). Uncommitted and
-- rolled-back changes never reach the sink. The file's content is checked by the test
-- `jobs::kinds::changefeed::tests::the_golden_script_writes_its_sink` after this script has run.
SET ECHO ON
SET LINESIZE 200
COLUMN job_type FORMAT A10
COLUMN description FORMAT A75
COLUMN status FORMAT A10
COLUMN job_id FORMAT 99999999999999999999
COLUMN error FORMAT A30
CONNECT root/manager
CREATE TABLE t (id NUMBER PRIMARY KEY, name VARCHAR2(10));
INSERT INTO t VALUES (1, 'one');
COMMIT;
CREATE CHANGEFEED FOR TABLE t INTO 'nodelocal://1/job_kinds_changefeed';
ADVANCE 1
INSERT INTO t VALUES (2, 'two');
INSERT INTO t VALUES (3, 'three');
COMMIT;
ADVANCE 1
UPDATE t SET name = 'uno' WHERE id = 1;
DELETE FROM t WHERE id = 2;
COMMIT;
INSERT INTO t VALUES (4, 'rolled');
ROLLBACK;
ADVANCE 1
SELECT job_type, description, status FROM crdb_internal.jobs WHERE job_type = 'CHANGEFEED';
CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = 'CHANGEFEED');
ADVANCE 1
-- After the cancel, changes no longer reach the sink.
INSERT INTO t VALUES (5, 'late');
COMMIT;
ADVANCE 1
SELECT job_type, status, error FROM crdb_internal.jobs WHERE job_type = 'CHANGEFEED';
CREATE CHANGEFEED FOR TABLE nosuch INTO 'nodelocal://1/job_kinds_changefeed';
CREATE CHANGEFEED FOR TABLE t INTO 'kafka://broker:9092';
