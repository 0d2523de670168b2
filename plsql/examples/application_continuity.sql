-- Application Continuity in one page. The DBA creates a service with FAILOVER_TYPE
-- TRANSACTION; a shop application connects to it and is in the middle of an order when the
-- DBA disconnects every session of the service (planned maintenance). The application never
-- sees an error: its next call runs on a new session (new SERIAL#, FAILED_OVER YES) on which
-- the calls of the open transaction were replayed, and the order commits once. The same
-- disconnect with DBMS_SERVICE.NOREPLAY loses the connection (ORA-03135) and the open order.
--
-- Cast: main = SYSTEM; shop = SHOP on shop.example.com.
SET ECHO ON
CONNECT system/manager
CREATE USER shop IDENTIFIED BY pw;
GRANT CREATE SESSION, RESOURCE TO shop;
BEGIN
  DBMS_SERVICE.CREATE_SERVICE('shop.example.com', 'shop.example.com',
                              failover_type => DBMS_SERVICE.FAILOVER_TYPE_TRANSACTION);
  DBMS_SERVICE.START_SERVICE('shop.example.com');
END;
/
COLUMN failed_over FORMAT a11
COLUMN failover_type FORMAT a13

SESSION shop
CONNECT shop/pw@shop.example.com
CREATE TABLE orders (id NUMBER PRIMARY KEY, item VARCHAR2(10), qty NUMBER);
INSERT INTO orders VALUES (1, 'book', 1);
SELECT count(*) FROM orders;

SESSION main
SELECT sid, serial#, failover_type, failed_over FROM v$session WHERE username = 'SHOP';
EXEC DBMS_SERVICE.DISCONNECT_SESSION('shop.example.com', DBMS_SERVICE.IMMEDIATE)
SELECT sid, serial#, status, server FROM v$session WHERE username = 'SHOP';

SESSION shop
INSERT INTO orders VALUES (2, 'pen', 3);
COMMIT;

SESSION main
SELECT sid, serial#, failover_type, failed_over FROM v$session WHERE username = 'SHOP';
SELECT id, item, qty FROM shop.orders ORDER BY id;

SESSION shop
INSERT INTO orders VALUES (3, 'ink', 2);
SESSION main
EXEC DBMS_SERVICE.DISCONNECT_SESSION('shop.example.com', DBMS_SERVICE.NOREPLAY)
SESSION shop
COMMIT;
SESSION main
SELECT id, item, qty FROM shop.orders ORDER BY id;
