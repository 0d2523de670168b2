-- Transaction Guard (COMMIT_OUTCOME) keeps Application Continuity from running a committed
-- transaction twice:
--  * a kill after COMMIT returned: the request ended at the commit, so the failover replays
--    nothing and the row exists once;
--  * a kill landing while a call that has already committed is still running (here it is
--    held in network I/O after its COMMIT): the commit outcome is known, so the replay is
--    rejected and the client gets the original error; the committed row is there, once.
-- The service's attributes come from the parameter_array overload of CREATE_SERVICE /
-- MODIFY_SERVICE; COMMIT_OUTCOME cannot be turned off while FAILOVER_TYPE asks for replay
-- (ORA-44780), REPLAY_INITIATION_TIMEOUT must exceed FAILOVER_DELAY (ORA-44779), and an
-- unknown value or key is ORA-44316; a refused change changes nothing.
-- orders has no key, so a second run of a committed INSERT would show as a duplicate row.
-- FAILOVER_RESTORE LEVEL1 gives the new session the old one's MODULE and ACTION.
--
-- Cast: main = SYSTEM; app = BANK on tac.example.com (FAILOVER_TYPE AUTO).
SET ECHO ON
CONNECT system/manager
CREATE USER bank IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO bank;
DECLARE
  params DBMS_SERVICE.SVC_PARAMETER_ARRAY;
BEGIN
  params('failover_type') := 'AUTO';
  params('failover_restore') := 'LEVEL1';
  params('commit_outcome') := 'TRUE';
  params('retention_timeout') := 3600;
  DBMS_SERVICE.CREATE_SERVICE('tac.example.com', 'tac.example.com', params);
  DBMS_SERVICE.START_SERVICE('tac.example.com');
END;
/
SET SERVEROUTPUT ON
DECLARE
  PROCEDURE try(attribute VARCHAR2, value VARCHAR2) IS
    params DBMS_SERVICE.SVC_PARAMETER_ARRAY;
  BEGIN
    params(attribute) := value;
    DBMS_SERVICE.MODIFY_SERVICE('tac.example.com', params);
    DBMS_OUTPUT.PUT_LINE(attribute || ' ' || value || ': accepted');
  EXCEPTION
    WHEN OTHERS THEN DBMS_OUTPUT.PUT_LINE(attribute || ' ' || value || ': ' || SQLERRM);
  END;
BEGIN
  try('commit_outcome', 'FALSE');
  try('failover_delay', '300');
  try('failover_type', 'SOMETIMES');
  try('colour', 'blue');
  try('drain_timeout', '60');
END;
/
COLUMN name FORMAT a15
COLUMN failover_type FORMAT a13
COLUMN failover_restore FORMAT a16
COLUMN commit_outcome FORMAT a14
SELECT name, failover_type, failover_restore, commit_outcome, retention_timeout
  FROM dba_services WHERE name = 'tac.example.com';
SELECT name, commit_outcome, retention_time, replay_initiation_timeout
  FROM v$services WHERE name = 'tac.example.com';
SELECT name, commit_outcome, retention_time FROM v$active_services
 WHERE name = 'tac.example.com';
SELECT failover_delay, drain_timeout FROM dba_services WHERE name = 'tac.example.com';

SESSION app
CONNECT bank/pw@tac.example.com
CREATE TABLE orders (id NUMBER, item VARCHAR2(10));
EXEC DBMS_APPLICATION_INFO.SET_MODULE('shop', 'checkout')
INSERT INTO orders VALUES (1, 'book');
COMMIT;

PROMPT A kill after COMMIT returned: nothing to replay, the row exists once.
SESSION main
COLUMN module FORMAT a8
COLUMN action FORMAT a10
COLUMN failover_type FORMAT a13
COLUMN failed_over FORMAT a11
SELECT sid, serial#, module, action, failover_type, failed_over FROM v$session WHERE username = 'BANK';
ALTER SYSTEM KILL SESSION '11,1';
SESSION app
SELECT id, item FROM orders;
SESSION main
SELECT sid, serial#, module, action, failover_type, failed_over FROM v$session WHERE username = 'BANK';

PROMPT A kill while a call that committed is still running: the replay is rejected.
SESSION app
INSERT INTO orders VALUES (2, 'pen');
BEGIN
  INSERT INTO orders VALUES (3, 'ink');
  COMMIT;
  VSESSION_SIM.NETWORK_IO(5);
END;
/
SESSION main
ALTER SYSTEM KILL SESSION '11,2';
SESSION app
SELECT id, item FROM orders ORDER BY id;
SESSION main
SELECT id, item FROM bank.orders ORDER BY id;
SELECT count(*) FROM v$session WHERE username = 'BANK';
