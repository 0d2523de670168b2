-- CANCEL QUERY [IF EXISTS] expr / CANCEL QUERIES [IF EXISTS] select: the statement with that
-- query id fails with SQLSTATE 57014 `query execution canceled` and its session lives on. The
-- same input checks, id errors (`invalid query ID`), not-found texts, IF EXISTS, tag
-- `CANCEL QUERIES n` and privilege order as CANCEL SESSION. CANCELQUERY alone does not let
-- you see other users' query ids (that takes VIEWACTIVITY), so a CANCEL QUERIES over
-- [SHOW QUERIES] finds nothing until it is granted. Inside a transaction the cancelled
-- statement is rolled back and the transaction stays open (Oracle's statement-level rollback;
-- CockroachDB would leave the transaction aborted, see README).
--
-- Cast: main = root; app = maxroach; canceller = canceller (CANCELQUERY).
SET ECHO ON
SET LINESIZE 200
COLUMN user_name FORMAT A10
COLUMN query FORMAT A40
CONNECT root/manager
CREATE USER maxroach WITH PASSWORD 'roach';
CREATE USER canceller WITH PASSWORD 'c' CANCELQUERY;
GRANT RESOURCE TO maxroach;

SESSION app
CONNECT maxroach/roach
CREATE TABLE t (id NUMBER PRIMARY KEY, v NUMBER);
INSERT INTO t VALUES (1, 1);
COMMIT;
UPDATE t SET v = 2 WHERE id = 1;
EXEC DBMS_LOCK.SLEEP(60)

SESSION canceller
CONNECT canceller/c
SELECT COUNT(*) FROM [SHOW QUERIES] WHERE user_name = 'maxroach';
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE user_name = 'maxroach');

SESSION main
SELECT query_id, user_name, query FROM [SHOW CLUSTER QUERIES] ORDER BY user_name;
CANCEL QUERY 1;
CANCEL QUERY 'f54';
CANCEL QUERIES SELECT 'a', 'b' FROM dual;
CANCEL QUERY '1887ca1be9b3a0000000000900000001';
CANCEL QUERY IF EXISTS '1887ca1be9b3a0000000000900000001';
ALTER ROLE canceller WITH VIEWACTIVITY;

SESSION canceller
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE user_name = 'maxroach');
-- The same id again: the statement is over.
CANCEL QUERY '1887ca1be9b3a0000000001200000001';

SESSION app
-- The session lives, and so does its transaction (the UPDATE before the cancelled call).
SELECT id, v FROM t;

SESSION boss
CONNECT root/manager
-- A statement waiting for a row lock is cancelled like any other; the holder keeps its lock.
UPDATE maxroach.t SET v = 3 WHERE id = 1;

SESSION canceller
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE user_name = 'root');

SESSION main
ALTER ROLE canceller WITH NOCANCELQUERY;

SESSION canceller
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE user_name = 'root');

SESSION main
CANCEL QUERIES (SELECT query_id FROM [SHOW QUERIES] WHERE user_name = 'root' AND query LIKE 'UPDATE%');

SESSION app
COMMIT;
SELECT id, v FROM t;

SESSION main
-- A statement cancelling itself fails itself.
CANCEL QUERY (SELECT query_id FROM [SHOW QUERIES] WHERE session_id = (SELECT session_id FROM [SHOW session_id]));
SELECT user_name, status FROM [SHOW SESSIONS] ORDER BY user_name;
