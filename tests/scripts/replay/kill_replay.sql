-- Application Continuity after ALTER SYSTEM KILL SESSION. The service ac.example.com has
-- FAILOVER_TYPE TRANSACTION (which turns COMMIT_OUTCOME on); plain.example.com has no replay.
-- app moves money in an open transaction and the DBA kills it while it is idle:
--  * on the AC service the client never sees ORA-00028: its next call logs on a new session
--    (new SERIAL#, FAILED_OVER YES), the recorded calls of the open transaction are replayed
--    and give the same results, and the call is answered; the transaction is intact and
--    commits once;
--  * KILL ... IMMEDIATE, which on 19c ends the server side of the connection, is recovered
--    the same way: surviving a lost connection is what Application Continuity is for;
--  * KILL ... NOREPLAY on the same service: no replay, the client gets the original error
--    (on 19c NOREPLAY implies IMMEDIATE, which cuts the connection: ORA-03135);
--  * on the service without replay: ORA-00028, the transaction is gone.
--
-- Cast: main = SYSTEM (the DBA); app = BANK on ac.example.com; legacy = BANK on plain.example.com.
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;
BEGIN
  DBMS_SERVICE.CREATE_SERVICE(service_name => 'ac.example.com',
                              network_name => 'ac.example.com',
                              failover_type => 'TRANSACTION');
  DBMS_SERVICE.START_SERVICE('ac.example.com');
  DBMS_SERVICE.CREATE_SERVICE('plain.example.com', 'plain.example.com');
  DBMS_SERVICE.START_SERVICE('plain.example.com');
END;
/
COLUMN name FORMAT a18
COLUMN failover_type FORMAT a13
COLUMN commit_outcome FORMAT a14
SELECT name, failover_type, commit_outcome, replay_initiation_timeout
  FROM dba_services WHERE name LIKE '%.example.com' ORDER BY name;

SESSION app
CONNECT bank/pw@ac.example.com
CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL);
INSERT INTO acct VALUES (1, 1000);
INSERT INTO acct VALUES (2, 1000);
COMMIT;
UPDATE acct SET bal = bal - 100 WHERE id = 1;
SELECT bal FROM acct WHERE id = 1;

SESSION main
COLUMN service_name FORMAT a15
COLUMN failover_method FORMAT a15
COLUMN failed_over FORMAT a11
SELECT sid, serial#, service_name, failover_type, failover_method, failed_over
  FROM v$session WHERE username = 'BANK';
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, serial#, status, server FROM v$session WHERE username = 'BANK';

SESSION app
UPDATE acct SET bal = bal + 100 WHERE id = 2;
SELECT id, bal FROM acct ORDER BY id;

SESSION main
SELECT sid, serial#, service_name, failover_type, failover_method, failed_over
  FROM v$session WHERE username = 'BANK';
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr
 WHERE s.username = 'BANK';

SESSION app
COMMIT;
SELECT id, bal FROM acct ORDER BY id;

PROMPT IMMEDIATE cuts the connection (19c); Application Continuity recovers that too.
UPDATE acct SET bal = bal - 1 WHERE id = 1;
SESSION main
ALTER SYSTEM KILL SESSION '11,2' IMMEDIATE;
SESSION app
SELECT id, bal FROM acct ORDER BY id;
ROLLBACK;

PROMPT NOREPLAY: the same kill with NOREPLAY is not replayed.
UPDATE acct SET bal = 0 WHERE id = 1;

SESSION main
SELECT sid, serial#, failed_over FROM v$session WHERE username = 'BANK';
ALTER SYSTEM KILL SESSION '11,3' NOREPLAY;

SESSION app
SELECT id, bal FROM acct ORDER BY id;
SELECT id, bal FROM acct ORDER BY id;

PROMPT A service without replay: ORA-00028.
SESSION legacy
CONNECT bank/pw@plain.example.com
UPDATE acct SET bal = 0 WHERE id = 2;

SESSION main
COLUMN service_name FORMAT a17
SELECT sid, serial#, service_name, failover_type, failed_over FROM v$session WHERE username = 'BANK';
ALTER SYSTEM KILL SESSION '11,4';

SESSION legacy
SELECT id, bal FROM acct ORDER BY id;
CONNECT bank/pw@plain.example.com
SELECT id, bal FROM acct ORDER BY id;
