-- V$SESSION's time columns follow the engine clock, which a script moves with ADVANCE:
-- LAST_CALL_ET counts seconds since the session last became INACTIVE (or ACTIVE), and
-- SECONDS_IN_WAIT the seconds of an idle session's 'SQL*Net message from client' wait.
-- Background processes come first (TYPE BACKGROUND, USERNAME NULL); GV$SESSION adds INST_ID.
--
-- Cast: main = SYSTEM; app = JWARD.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
SESSION app
CONNECT jward/jward
SESSION main
ADVANCE 42
COLUMN event FORMAT a28
COLUMN state FORMAT a10
SELECT sid, status, last_call_et, event, seconds_in_wait, state FROM v$session WHERE username = 'JWARD';
SESSION app
COLUMN sid FORMAT a5
COLUMN who FORMAT a10
SELECT sys_context('USERENV', 'SID') sid, sys_context('userenv', 'session_user') who FROM dual;
SESSION main
ADVANCE 3
SELECT sid, status, last_call_et FROM v$session WHERE username = 'JWARD';
SELECT inst_id, sid, type FROM gv$session WHERE username IS NULL AND sid <= 3 ORDER BY sid;
SELECT type, COUNT(*) FROM v$session GROUP BY type ORDER BY type;
SELECT instance_number, instance_name, status FROM v$instance;
