-- SHOW [ALL] [CLUSTER | LOCAL] SESSIONS and SHOW QUERIES | STATEMENTS over the engine's own
-- sessions, with CockroachDB's visibility rules: root (admin) and VIEWACTIVITY see everybody,
-- VIEWACTIVITYREDACTED sees everybody with other users' constants replaced by _, anybody else
-- only their own sessions (no error). ALL adds the internal sessions (the background processes,
-- application_name '$ internal-...'). Ids are 32 hex digits: the engine clock's wall time in ns,
-- a logical counter, node 1; sessions started at the same instant differ by the logical part.
--
-- Cast: main = root; app = maxroach (no privilege); ops = watcher (VIEWACTIVITY);
-- red = redactor (VIEWACTIVITYREDACTED).
SET ECHO ON
COLUMN user_name FORMAT A10
COLUMN application_name FORMAT A30
SET LINESIZE 200
COLUMN query FORMAT A30
CONNECT root/manager
CREATE USER maxroach WITH PASSWORD 'roach';
CREATE USER watcher WITH PASSWORD 'w' VIEWACTIVITY;
CREATE USER redactor WITH PASSWORD 'r';
GRANT SYSTEM VIEWACTIVITYREDACTED TO redactor;

SESSION app
CONNECT maxroach/roach
EXEC DBMS_LOCK.SLEEP(30)

SESSION main
-- The whole SHOW, with its newest column list and lower-case headings.
SHOW SESSIONS;
SELECT session_id, status, user_name, active_queries, num_txns_executed FROM [SHOW CLUSTER SESSIONS];
SELECT user_name, application_name FROM [SHOW ALL LOCAL SESSIONS] ORDER BY user_name, application_name;
SELECT query_id, session_id, user_name, query, phase FROM [SHOW STATEMENTS] ORDER BY user_name;
SHOW session_id;
-- Ids are unique: the logical part tells apart sessions that started in the same instant.
SELECT COUNT(*), COUNT(DISTINCT session_id) FROM crdb_internal.node_sessions;

SESSION ops
CONNECT watcher/w
SELECT user_name, active_queries FROM [SHOW SESSIONS] AS s ORDER BY user_name;
-- Internal sessions only with ALL.
SELECT COUNT(*) FROM [SHOW SESSIONS] WHERE application_name LIKE '$ internal%';
SELECT COUNT(*) FROM [SHOW ALL SESSIONS] WHERE application_name LIKE '$ internal%';

SESSION red
CONNECT redactor/r
SELECT user_name, query FROM [SHOW QUERIES] ORDER BY user_name;

SESSION other
CONNECT maxroach/roach
-- Without a privilege: only maxroach's own two sessions, one of them busy.
WITH s AS (SHOW SESSIONS) SELECT user_name, status, active_queries FROM s ORDER BY status;
SELECT COUNT(*) FROM [SHOW ALL CLUSTER QUERIES];

SESSION main
ADVANCE 30
SELECT user_name, status, last_active_query FROM [SHOW SESSIONS] WHERE user_name = 'maxroach' ORDER BY status;
-- Forms CockroachDB has and this engine does not answer as CockroachDB would.
SHOW TRANSACTIONS;
