-- A blocker found and killed. Session A commits some work, then updates a row and goes idle
-- without committing; session B updates the same row and waits. The DBA sees B waiting on
-- `enq: TX - row lock contention` with A as BLOCKING_SESSION, finds A with the usual queries
-- (V$SESSION, DBA_BLOCKERS, the V$LOCK self-join) and kills it. Killing A rolls back its open
-- transaction and releases its row lock at once: B's update completes, A's uncommitted change
-- is gone, A's committed work stays, and A's next call gets ORA-00028.
--
-- Cast: main = SYSTEM (the DBA); a, b = sessions of user APP.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app;

SESSION a
CONNECT app/pw
CREATE TABLE accounts (id NUMBER PRIMARY KEY, owner VARCHAR2(20) NOT NULL, balance NUMBER(12,2));
INSERT INTO accounts VALUES (1, 'alice', 100);
INSERT INTO accounts VALUES (2, 'bob', 50);
COMMIT;
UPDATE accounts SET balance = balance + 10 WHERE id = 2;
COMMIT;
UPDATE accounts SET balance = balance - 30 WHERE id = 1;

SESSION b
CONNECT app/pw
UPDATE accounts SET balance = balance + 1 WHERE id = 1;

SESSION main
ADVANCE 5
COLUMN event FORMAT a30
COLUMN state FORMAT a8
COLUMN wait_class FORMAT a12
SELECT sid, status, event, blocking_session, blocking_session_status
  FROM v$session WHERE username = 'APP' ORDER BY sid;
SELECT sid, state, wait_class, seconds_in_wait, row_wait_obj#, lockwait
  FROM v$session WHERE sid = 12;
SELECT sid, blocking_session, event FROM v$session WHERE blocking_session IS NOT NULL;
SELECT * FROM dba_blockers;
SELECT sid, type, lmode, request, block FROM v$lock
 WHERE type IN ('TX', 'TM') ORDER BY sid, type;
SELECT object_name FROM dba_objects WHERE object_id = 73000;
SELECT l1.sid blocker, l2.sid waiter
  FROM v$lock l1, v$lock l2
 WHERE l1.block = 1 AND l2.request > 0 AND l1.id1 = l2.id1 AND l1.id2 = l2.id2;
SELECT s.sid, s.serial#, t.used_urec
  FROM v$session s JOIN v$transaction t ON s.taddr = t.addr
 WHERE s.sid = 11;
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, server FROM v$session WHERE username = 'APP' ORDER BY sid;

SESSION b
SELECT id, owner, balance FROM accounts ORDER BY id;
COMMIT;

SESSION a
SELECT id, owner, balance FROM accounts ORDER BY id;

SESSION main
SELECT id, owner, balance FROM app.accounts ORDER BY id;
SELECT count(*) FROM v$lock WHERE type IN ('TX', 'TM');
SELECT count(*) FROM v$transaction;
