-- DML inside PL/SQL: loop variables in VALUES, SET and WHERE; SQL%ROWCOUNT; COMMIT in a
-- block. A session killed in the middle of a PL/SQL loop of transfers loses the whole open
-- transaction: the sum is what it was before the block began.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;

SESSION a
CONNECT bank/pw
SET SERVEROUTPUT ON
CREATE TABLE acct (id NUMBER PRIMARY KEY, bal NUMBER NOT NULL);
BEGIN
  FOR i IN 1..5 LOOP
    INSERT INTO acct VALUES (i, 100 * i);
  END LOOP;
  UPDATE acct SET bal = bal + 1 WHERE id >= 4;
  DBMS_OUTPUT.PUT_LINE(SQL%ROWCOUNT || ' rows updated');
  COMMIT;
END;
/
SELECT sum(bal) FROM acct;
BEGIN
  FOR i IN 1..10 LOOP
    UPDATE acct SET bal = bal - 10 WHERE id = 1;
    UPDATE acct SET bal = bal + 10 WHERE id = 2;
    DBMS_SESSION.SLEEP(1);
  END LOOP;
  COMMIT;
END;
/

SESSION main
ADVANCE 4
SELECT t.used_urec FROM v$transaction t JOIN v$session s ON s.taddr = t.addr
 WHERE s.username = 'BANK';
ALTER SYSTEM KILL SESSION '11,1';
SELECT id, bal FROM bank.acct ORDER BY id;
SELECT sum(bal) FROM bank.acct;
SELECT count(*) FROM v$transaction;
