-- Application Continuity after a kill whose rollback takes time (VSESSION_SIM.SET_ROLLBACK_RATE,
-- a test-bed extension): the killer waits while PMON rolls the idle victim's transaction back
-- (10 s for one undo record at 0.1 per second), then the client's next call is answered on a
-- new session with the transaction replayed, as if the kill had not happened.
--
-- Cast: main = SYSTEM; app = BANK on ac.example.com.
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;
BEGIN
  DBMS_SERVICE.CREATE_SERVICE('ac.example.com', 'ac.example.com', failover_type => 'TRANSACTION');
  DBMS_SERVICE.START_SERVICE('ac.example.com');
END;
/
SESSION app
CONNECT bank/pw@ac.example.com
CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL);
INSERT INTO acct VALUES (1, 1000);
COMMIT;
UPDATE acct SET bal = bal - 100 WHERE id = 1;
SESSION main
EXEC VSESSION_SIM.SET_ROLLBACK_RATE(0.1)
ALTER SYSTEM KILL SESSION '11,1';
COLUMN event FORMAT a28
COLUMN failed_over FORMAT a11
SELECT sid, serial#, status, server, event FROM v$session WHERE username = 'BANK';
SESSION app
SELECT bal FROM acct;
SESSION main
SELECT sid, serial#, status, server, failed_over FROM v$session WHERE username = 'BANK';
SESSION app
COMMIT;
SESSION main
SELECT bal FROM bank.acct;
