-- CANCEL SESSION [IF EXISTS] expr / CANCEL SESSIONS [IF EXISTS] select, as CockroachDB runs
-- them: the input must be one string column (42601 otherwise), a singular form's subquery is a
-- scalar one (21000 for two rows); per row, NULL is skipped, a bad id is 42601 `invalid session
-- ID`, a missing session is `could not cancel session ...: session ID ... not found` unless IF
-- EXISTS; every row counts in the tag `CANCEL SESSIONS n`. Privileges (checkCancelPrivilege):
-- your own sessions always, admin anything, otherwise CANCELQUERY and never an admin's session
-- (42501 both). A cancelled session ends at once: its transaction rolls back, its row locks go
-- (the waiter proceeds), and its client finds the connection closed with no message from the
-- server - the runner prints what the Go driver reports, `ERROR: driver: bad connection`
-- (SQLSTATE 08006, client-side), on that client's every later statement.
--
-- Session ids are repeatable under the virtual clock; the literal ids below are the ones
-- SHOW SESSIONS printed. Cast: main = root; app = maxroach; waiter = root; peon = peon (no
-- privilege); canceller = canceller (CANCELQUERY).
SET ECHO ON
SET LINESIZE 200
COLUMN user_name FORMAT A10
CONNECT root/manager
CREATE USER maxroach WITH PASSWORD 'roach';
CREATE USER peon WITH PASSWORD 'p';
CREATE USER canceller WITH PASSWORD 'c' CANCELQUERY;
GRANT RESOURCE TO maxroach;

SESSION app
CONNECT maxroach/roach
CREATE TABLE accounts (id NUMBER PRIMARY KEY, balance NUMBER);
INSERT INTO accounts VALUES (1, 100);
COMMIT;
UPDATE accounts SET balance = 0 WHERE id = 1;

SESSION waiter
CONNECT root/manager
UPDATE maxroach.accounts SET balance = balance + 1 WHERE id = 1;

SESSION peon
CONNECT peon/p

SESSION canceller
CONNECT canceller/c

SESSION main
SELECT session_id, user_name, status, CASE WHEN kv_txn IS NULL THEN 'no' ELSE 'yes' END AS in_txn FROM crdb_internal.cluster_sessions ORDER BY session_id;

-- Shape and id errors change nothing.
CANCEL SESSION 1;
CANCEL SESSIONS SELECT session_id, user_name FROM [SHOW SESSIONS];
CANCEL SESSION 'f54';
CANCEL SESSION '0g';
CANCEL SESSION '1887ca1be9b3a00000000000e0000000100';
CANCEL SESSION (SELECT session_id FROM [SHOW SESSIONS]);
CANCEL SESSION '00000000000000000000000000000001';
CANCEL SESSION IF EXISTS '00000000000000000000000000000001';
CANCEL SESSIONS IF EXISTS VALUES (NULL), ('01'), ('1887ca1be9b3a0000000000e00000002');
CANCEL SESSIONS SELECT session_id FROM [SHOW SESSIONS] WHERE user_name = 'nobody';
CANCEL SESSION NULL;

SESSION peon
-- peon cannot see maxroach's session: the subquery gives NULL, a no-op that still counts.
CANCEL SESSION (SELECT session_id FROM [SHOW SESSIONS] WHERE user_name = 'maxroach');
CANCEL SESSION '1887ca1be9b3a0000000000e00000001';

SESSION canceller
CANCEL SESSION '1887ca1be9b3a0000000000900000001';
CANCEL SESSIONS (SELECT session_id FROM crdb_internal.cluster_sessions WHERE user_name = 'root');
-- CANCELQUERY on a non-admin's session: maxroach's transaction rolls back, the waiter goes on.
CANCEL SESSIONS (SELECT '1887ca1be9b3a0000000000e00000001' FROM dual);

SESSION waiter
COMMIT;
SELECT balance FROM maxroach.accounts;

SESSION app
SELECT balance FROM accounts;
SELECT 1 FROM dual;

SESSION main
SELECT user_name, status FROM [SHOW SESSIONS] ORDER BY user_name;
-- The cancelled session is gone from V$SESSION too once its client noticed.
SELECT COUNT(*) FROM v$session WHERE username = 'MAXROACH';

SESSION peon
-- Your own session needs no privilege: the issuer's connection closes too.
CANCEL SESSION (SELECT session_id FROM [SHOW session_id]);
SELECT 1 FROM dual;

SESSION main
SELECT user_name FROM [SHOW SESSIONS] ORDER BY user_name;
