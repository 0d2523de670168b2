-- A kill in the middle of a multi-row transaction. Session a moves money between accounts in
-- several statements; the DBA kills it halfway. Every change of the open transaction is
-- undone: the total is what it was before, and the committed transfer before it stays.
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;

SESSION a
CONNECT bank/pw
CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL);
INSERT INTO acct VALUES (1, 1000);
INSERT INTO acct VALUES (2, 1000);
INSERT INTO acct VALUES (3, 1000);
INSERT INTO acct VALUES (4, 1000);
COMMIT;
UPDATE acct SET bal = bal - 100 WHERE id = 1;
UPDATE acct SET bal = bal + 100 WHERE id = 2;
COMMIT;
SELECT sum(bal) FROM acct;
UPDATE acct SET bal = bal - 500 WHERE id IN (1, 2, 3);
INSERT INTO acct VALUES (5, 1500);
DELETE FROM acct WHERE id = 4;
SELECT sum(bal), count(*) FROM acct;

SESSION main
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr
 WHERE s.username = 'BANK';
COLUMN object_name FORMAT a12
SELECT o.object_name, l.locked_mode FROM v$locked_object l JOIN dba_objects o
    ON o.object_id = l.object_id;
ALTER SYSTEM KILL SESSION '11,1';
SELECT id, bal FROM bank.acct ORDER BY id;
SELECT sum(bal), count(*) FROM bank.acct;
SELECT count(*) FROM v$transaction;
SELECT count(*) FROM v$locked_object;

SESSION a
SELECT sum(bal) FROM acct;
