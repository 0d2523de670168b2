-- DBMS_SERVICE.DISCONNECT_SESSION and ALTER SYSTEM DISCONNECT SESSION with each option, on a
-- service with Application Continuity (ac.example.com, FAILOVER_TYPE TRANSACTION) and on one
-- without (plain.example.com). A disconnect without NOREPLAY is the planned-maintenance case
-- AC exists for: the client's next call runs on a new session (FAILED_OVER YES) with its open
-- transaction replayed. With NOREPLAY, or without replay on the service, the client gets the
-- error of the disconnect: ORA-00028 after POST_TRANSACTION, a lost connection (ORA-03135)
-- after IMMEDIATE or NOREPLAY, which destroy the server process.
--
-- Cast: main = SYSTEM; ac = BANK on ac.example.com; plain = BANK on plain.example.com.
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;
BEGIN
  DBMS_SERVICE.CREATE_SERVICE('ac.example.com', 'ac.example.com',
                              failover_type => DBMS_SERVICE.FAILOVER_TYPE_TRANSACTION);
  DBMS_SERVICE.START_SERVICE('ac.example.com');
  DBMS_SERVICE.CREATE_SERVICE('plain.example.com', 'plain.example.com');
  DBMS_SERVICE.START_SERVICE('plain.example.com');
END;
/
COLUMN service_name FORMAT a17
COLUMN failed_over FORMAT a11

SESSION ac
CONNECT bank/pw@ac.example.com
CREATE TABLE t (id NUMBER PRIMARY KEY, note VARCHAR2(20));
INSERT INTO t VALUES (1, 'ac first');
SESSION plain
CONNECT bank/pw@plain.example.com
INSERT INTO t VALUES (2, 'plain first');

PROMPT POST_TRANSACTION: waits for both transactions to end.
SESSION main
EXEC DBMS_SERVICE.DISCONNECT_SESSION('ac.example.com', DBMS_SERVICE.POST_TRANSACTION)
SESSION ac
COMMIT;
SESSION main
EXEC DBMS_SERVICE.DISCONNECT_SESSION('plain.example.com', DBMS_SERVICE.POST_TRANSACTION)
SESSION plain
COMMIT;
SESSION main
SELECT sid, serial#, status, server, service_name FROM v$session WHERE username = 'BANK' ORDER BY sid;
SESSION ac
INSERT INTO t VALUES (3, 'ac second');
SESSION plain
INSERT INTO t VALUES (4, 'plain second');
CONNECT bank/pw@plain.example.com
SESSION main
SELECT sid, serial#, service_name, failed_over FROM v$session WHERE username = 'BANK' ORDER BY sid;

PROMPT IMMEDIATE: the open transaction of ac is replayed on a new session.
EXEC DBMS_SERVICE.DISCONNECT_SESSION('ac.example.com', DBMS_SERVICE.IMMEDIATE)
EXEC DBMS_SERVICE.DISCONNECT_SESSION('plain.example.com', DBMS_SERVICE.IMMEDIATE)
SESSION ac
INSERT INTO t VALUES (5, 'ac third');
COMMIT;
SESSION plain
INSERT INTO t VALUES (6, 'plain third');
CONNECT bank/pw@plain.example.com
SESSION main
SELECT sid, serial#, service_name, failed_over FROM v$session WHERE username = 'BANK' ORDER BY sid;

PROMPT NOREPLAY: no replay on either service.
SESSION ac
INSERT INTO t VALUES (7, 'ac lost');
SESSION main
EXEC DBMS_SERVICE.DISCONNECT_SESSION('ac.example.com', DBMS_SERVICE.NOREPLAY)
SESSION ac
COMMIT;
SELECT * FROM t;

PROMPT ALTER SYSTEM DISCONNECT SESSION ... IMMEDIATE on the AC service is replayed too.
CONNECT bank/pw@ac.example.com
INSERT INTO t VALUES (8, 'ac fourth');
SESSION main
SELECT sid, serial# FROM v$session WHERE username = 'BANK' AND service_name = 'ac.example.com';
ALTER SYSTEM DISCONNECT SESSION '11,4' IMMEDIATE;
SESSION ac
COMMIT;
SESSION main
SELECT sid, serial#, service_name, failed_over FROM v$session WHERE username = 'BANK' ORDER BY sid;
SELECT * FROM bank.t ORDER BY id;
