-- CockroachDB's CANCEL SESSION page, played against the engine's sessions: list the sessions
-- with SHOW SESSIONS, cancel one by its session id, then cancel every session of a user with a
-- subquery over [SHOW SESSIONS]. A cancelled session ends at once - its open transaction rolls
-- back and its locks go - and its client finds the connection closed without a message
-- (shown as the Go driver's `driver: bad connection`). root is CockroachDB's built-in admin.
--
-- Cast: main = root; roach1, roach2 = maxroach; other = carl.
SET ECHO ON
SET LINESIZE 200
COLUMN user_name FORMAT A10
COLUMN application_name FORMAT A30
CONNECT root/manager
CREATE USER maxroach WITH PASSWORD 'roach';
CREATE USER carl WITH PASSWORD 'carl';

ADVANCE 1
SESSION roach1
CONNECT maxroach/roach
ADVANCE 1
SESSION roach2
CONNECT maxroach/roach
ADVANCE 1
SESSION other
CONNECT carl/carl

SESSION main
SELECT session_id, user_name, status, application_name FROM [SHOW SESSIONS];
-- Cancel one session by its id (carl's).
CANCEL SESSION '1887ca1c9c83fe000000000000000001';
-- Cancel all of maxroach's sessions.
CANCEL SESSIONS (SELECT session_id FROM [SHOW SESSIONS] WHERE user_name = 'maxroach');
SELECT session_id, user_name, status FROM [SHOW SESSIONS];

SESSION other
SELECT 1 FROM dual;
SESSION roach1
SELECT 1 FROM dual;
