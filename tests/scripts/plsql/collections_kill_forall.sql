-- A kill interrupts a FORALL like any DML: here the app session's FORALL has updated rows 1
-- and 2 and waits for the lock main holds on row 3. ALTER SYSTEM KILL SESSION ends the wait at
-- once: the FORALL's call fails with ORA-00028, its two finished runs are rolled back with the
-- rest of its transaction, and main's own update stays.
--
-- Cast: main = SYSTEM, holds row 3 and kills; app = SYSTEM too, runs the FORALL.
SET ECHO ON
CONNECT system/manager
CREATE TABLE stock (id NUMBER PRIMARY KEY, qty NUMBER);
INSERT INTO stock VALUES (1, 10);
INSERT INTO stock VALUES (2, 20);
INSERT INTO stock VALUES (3, 30);
INSERT INTO stock VALUES (4, 40);
COMMIT;
UPDATE stock SET qty = 33 WHERE id = 3;

SESSION app
CONNECT system/manager
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids(1, 2, 3, 4);
BEGIN
  FORALL i IN 1 .. ids.COUNT
    UPDATE stock SET qty = 0 WHERE id = ids(i);
END;
/

SESSION main
SELECT sid, serial#, status, event FROM v$session WHERE username = 'SYSTEM' ORDER BY sid;
ALTER SYSTEM KILL SESSION '11,1';
COMMIT;
SELECT id, qty FROM stock ORDER BY id;
