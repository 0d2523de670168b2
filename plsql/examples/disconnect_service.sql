-- DBMS_SERVICE end to end: the administrator creates and starts a service, two application
-- sessions log on to it (CONNECT user/password@service) and a third uses the default service.
-- DISCONNECT_SESSION with DBMS_SERVICE.NOREPLAY ends every session of the service at once
-- (they are idle: KILLED / PSEUDO until each client's next call finds the connection lost,
-- ORA-03135, as a DISCONNECT destroys the server process) and leaves the other
-- alone. A stopped service refuses logons as Oracle's listener does (ORA-12514); deleting a
-- running service, starting a started one and stopping a stopped one fail with DBMS_SERVICE's
-- errors; an unknown service name is not an error for DISCONNECT_SESSION.
--
-- Cast: main = SYSTEM; sales1, sales2 = APP on sales.example.com; other = APP on SYS$USERS.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE USER app IDENTIFIED BY pw;
GRANT CREATE SESSION TO app;
BEGIN
  DBMS_SERVICE.CREATE_SERVICE(service_name => 'sales.example.com',
                              network_name => 'sales.example.com',
                              failover_type => 'TRANSACTION');
  DBMS_SERVICE.START_SERVICE('sales.example.com');
END;
/
COLUMN name FORMAT a20
COLUMN failover_type FORMAT a13
SELECT name, failover_type FROM dba_services WHERE name LIKE 'sales%';
SELECT name FROM v$active_services ORDER BY name;

SESSION sales1
CONNECT app/pw@sales.example.com
SESSION sales2
CONNECT app/pw@sales.example.com
SESSION other
CONNECT app/pw

SESSION main
COLUMN service_name FORMAT a20
SELECT sid, serial#, status, service_name FROM v$session WHERE username = 'APP' ORDER BY sid;
BEGIN
  DBMS_SERVICE.DISCONNECT_SESSION(
    service_name      => 'sales.example.com',
    disconnect_option => DBMS_SERVICE.NOREPLAY);
END;
/
SELECT sid, serial#, status, server, service_name FROM v$session WHERE username = 'APP' ORDER BY sid;
EXEC DBMS_SERVICE.DISCONNECT_SESSION('no.such.service', DBMS_SERVICE.IMMEDIATE)
EXEC DBMS_SERVICE.DELETE_SERVICE('sales.example.com')
EXEC DBMS_SERVICE.START_SERVICE('sales.example.com')
EXEC DBMS_SERVICE.STOP_SERVICE('sales.example.com')
EXEC DBMS_SERVICE.STOP_SERVICE('sales.example.com')

SESSION sales1
SELECT user FROM dual;
CONNECT app/pw@sales.example.com

SESSION other
SELECT user FROM dual;

SESSION main
BEGIN
  DBMS_SERVICE.DELETE_SERVICE('sales.example.com');
  DBMS_SERVICE.START_SERVICE('sales.example.com');
EXCEPTION
  WHEN DBMS_SERVICE.SERVICE_DOES_NOT_EXIST THEN
    DBMS_OUTPUT.PUT_LINE('deleted: ' || SQLERRM);
END;
/
