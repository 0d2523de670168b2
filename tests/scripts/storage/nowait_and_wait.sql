-- Lock options. SELECT FOR UPDATE NOWAIT on a row another transaction holds fails at once with
-- ORA-00054; WAIT n gives ORA-30006 after n seconds of engine time; SKIP LOCKED returns the
-- unlocked rows only. LOCK TABLE ... NOWAIT conflicts with the other transaction's row
-- exclusive table lock; DROP TABLE on a table in use is ORA-00054 too.
SET ECHO ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO app;

SESSION a
CONNECT app/pw
CREATE TABLE jobs (id NUMBER PRIMARY KEY, state VARCHAR2(10));
INSERT INTO jobs VALUES (1, 'NEW');
INSERT INTO jobs VALUES (2, 'NEW');
INSERT INTO jobs VALUES (3, 'NEW');
INSERT INTO jobs VALUES (4, 'NEW');
COMMIT;
SELECT id FROM jobs WHERE id <= 2 FOR UPDATE;

SESSION b
CONNECT app/pw
SELECT id FROM jobs WHERE id = 1 FOR UPDATE NOWAIT;
SELECT id, state FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED;
ROLLBACK;
SELECT id FROM jobs WHERE state = 'NEW' AND ROWNUM = 1 FOR UPDATE SKIP LOCKED;
ROLLBACK;
SELECT id FROM jobs WHERE id = 2 FOR UPDATE WAIT 3;

SESSION main
ADVANCE 2
COLUMN event FORMAT a30
SELECT sid, event, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
ADVANCE 2

SESSION b
LOCK TABLE jobs IN EXCLUSIVE MODE NOWAIT;
DROP TABLE jobs;

SESSION a
COMMIT;
LOCK TABLE jobs IN EXCLUSIVE MODE NOWAIT;

SESSION b
UPDATE jobs SET state = 'DONE' WHERE id = 3;

SESSION main
SELECT sid, event, blocking_session FROM v$session WHERE username = 'APP' ORDER BY sid;
SELECT sid, type, lmode, request, block FROM v$lock WHERE type = 'TM' ORDER BY sid;

SESSION a
ROLLBACK;

SESSION b
COMMIT;
SELECT id, state FROM jobs ORDER BY id;
