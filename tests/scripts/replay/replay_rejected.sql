-- Replay that cannot reproduce what the client saw is rejected, and the client gets the
-- original error, as with Oracle's Application Continuity:
--  * app reads the total of its accounts inside its transaction; after the kill rolled the
--    transaction back, clerk adds an account and commits; replaying app's calls gives another
--    total, so the replay is rejected: ORA-00028, then ORA-01012, and the replay's own session
--    is gone again (nothing of it stays in V$SESSION or V$TRANSACTION);
--  * a request older than REPLAY_INITIATION_TIMEOUT (here 60 s) is not replayed either;
--  * an ACTIVE session killed in the middle of a call on the AC service: the call is re-run
--    on the new session after the replay and answers as if nothing happened (its
--    DBMS_OUTPUT line shows once).
--
-- Cast: main = SYSTEM; app = BANK on ac.example.com; clerk = BANK on the default service.
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;
DECLARE
  params DBMS_SERVICE.SVC_PARAMETER_ARRAY;
BEGIN
  params('failover_type') := 'TRANSACTION';
  params('replay_initiation_timeout') := 60;
  params('failover_delay') := 5;
  DBMS_SERVICE.CREATE_SERVICE('ac.example.com', 'ac.example.com', params);
  DBMS_SERVICE.START_SERVICE('ac.example.com');
END;
/
COLUMN name FORMAT a15
COLUMN failover_type FORMAT a13
COLUMN commit_outcome FORMAT a14
COLUMN event FORMAT a20
COLUMN failed_over FORMAT a11
SELECT name, failover_type, failover_delay, replay_initiation_timeout
  FROM dba_services WHERE name = 'ac.example.com';

SESSION app
CONNECT bank/pw@ac.example.com
CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL);
INSERT INTO acct VALUES (1, 1000);
INSERT INTO acct VALUES (2, 1000);
COMMIT;
UPDATE acct SET bal = bal - 100 WHERE id = 1;
SELECT sum(bal) FROM acct;

SESSION main
ALTER SYSTEM KILL SESSION '11,1';

SESSION clerk
CONNECT bank/pw
INSERT INTO acct VALUES (3, 500);
COMMIT;

SESSION app
UPDATE acct SET bal = bal + 100 WHERE id = 2;
SELECT sum(bal) FROM acct;

SESSION main
SELECT sid, serial#, status, failed_over FROM v$session WHERE username = 'BANK' ORDER BY sid;
SELECT count(*) FROM v$transaction;

PROMPT The request is older than REPLAY_INITIATION_TIMEOUT: no replay.
SESSION app
CONNECT bank/pw@ac.example.com
UPDATE acct SET bal = bal - 100 WHERE id = 1;
ADVANCE 61
SESSION main
ALTER SYSTEM KILL SESSION '11,3';
SESSION app
SELECT sum(bal) FROM acct;

PROMPT An ACTIVE session killed mid-call: the call is re-run after the replay.
CONNECT bank/pw@ac.example.com
UPDATE acct SET bal = bal - 100 WHERE id = 1;
SET SERVEROUTPUT ON
BEGIN
  DBMS_OUTPUT.PUT_LINE('moving 100 to account 3');
  DBMS_SESSION.SLEEP(10);
  UPDATE acct SET bal = bal + 100 WHERE id = 3;
END;
/
SESSION main
SELECT sid, serial#, status, event FROM v$session WHERE username = 'BANK' AND service_name <> 'SYS$USERS';
ALTER SYSTEM KILL SESSION '11,4';
SELECT sid, serial#, status, event, failed_over FROM v$session WHERE username = 'BANK' AND service_name <> 'SYS$USERS';
ADVANCE 10
SESSION app
SELECT id, bal FROM acct ORDER BY id;
COMMIT;
SESSION main
SELECT id, bal FROM bank.acct ORDER BY id;
