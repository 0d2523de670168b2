-- V$SQL / V$SQLAREA: the DBA's "what is that session running?" before a kill. A session's
-- SQL_ID (or PREV_SQL_ID once the call is over) joins V$SQL's text; EXECUTIONS counts the
-- calls of one text, USERS_EXECUTING the sessions running it now; a text that does not parse
-- leaves no row. GV$SQL adds INST_ID.
--
-- Cast: main = SYSTEM; app = JWARD.
SET ECHO ON
SET LINESIZE 160
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
SESSION app
CONNECT jward/jward
SELECT COUNT(*) FROM dual;
SELECT COUNT(*) FROM dual;
SELECT nonsense FROM;
BEGIN DBMS_SESSION.SLEEP(600); END;
/
SESSION main
ADVANCE 5
COLUMN sql_text FORMAT A45
COLUMN parsing_schema_name FORMAT A10
COLUMN first_load_time FORMAT A19
SELECT sql_text, executions, users_executing, command_type, parsing_schema_name
  FROM v$sql WHERE parsing_schema_name = 'JWARD' ORDER BY first_load_time, sql_text;
PROMPT The running statement of JWARD's session, by its SQL_ID:
SELECT s.sid, s.status, q.sql_text, q.child_number
  FROM v$session s JOIN v$sql q ON q.sql_id = s.sql_id
 WHERE s.username = 'JWARD';
SELECT COUNT(*) FROM v$sql WHERE sql_text LIKE 'SELECT nonsense%';
SELECT inst_id, version_count, executions, loads FROM gv$sqlarea
 WHERE sql_text = 'SELECT COUNT(*) FROM dual';
COLUMN sid NEW_VALUE victim_sid
COLUMN serial# NEW_VALUE victim_serial
SELECT sid, serial# FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '&victim_sid,&victim_serial' IMMEDIATE;
PROMPT Killed: nobody runs the sleep any more; its area stays in the cache.
SELECT executions, users_executing FROM v$sql WHERE sql_text LIKE 'BEGIN DBMS_SESSION.SLEEP%';
PROMPT An ordinary user may not read V$SQL (a dictionary view):
SESSION app2
CONNECT jward/jward
SELECT COUNT(*) FROM v$sql;
