-- A kill interrupts a FORALL like any DML: here the app session's FORALL has updated rows 1
-- and 2 and waits for the lock main holds on row 3. ALTER SYSTEM KILL SESSION ends the wait at
-- once: the FORALL's call fails with ORA-00028, its two finished runs are rolled back with the
-- rest of its transaction, and main's own update stays. ALTER SYSTEM CANCEL SQL likewise ends
-- a waiting FORALL ... SAVE EXCEPTIONS with ORA-01013 (a cancel is not one of the saved
-- exceptions), and the session lives on.
--
-- Cast: main = SYSTEM, holds row 3, kills and cancels; app and batch = SYSTEM too, each runs
-- a FORALL.
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

UPDATE stock SET qty = 34 WHERE id = 3;

SESSION batch
CONNECT system/manager
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids(1, 2, 3, 4);
BEGIN
  FORALL i IN 1 .. ids.COUNT SAVE EXCEPTIONS
    UPDATE stock SET qty = qty + 1 WHERE id = ids(i);
END;
/

SESSION main
SELECT sid, serial#, event FROM v$session WHERE username = 'SYSTEM' AND sid <> 10 ORDER BY sid;
ALTER SYSTEM CANCEL SQL '11,2';
ROLLBACK;

SESSION batch
SELECT COUNT(*) FROM stock;
ROLLBACK;
