-- FORALL: one INSERT / UPDATE / DELETE run per index value of a range, INDICES OF a sparse
-- collection (with BETWEEN) or VALUES OF an index collection; SQL%ROWCOUNT is the total and
-- SQL%BULK_ROWCOUNT(i) the rows of run i. Without SAVE EXCEPTIONS the first failing run stops
-- the statement, that run alone is undone and the runs before it stay done; with SAVE
-- EXCEPTIONS every run is tried, then ORA-24381 and SQL%BULK_EXCEPTIONS list the failures
-- (ERROR_INDEX = iteration number, ERROR_CODE = the error number). A range over a missing
-- element is ORA-22160, and the index used outside a subscript is PLS-00430. Plain DML in a
-- FOR loop binds collection elements the same way.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
CREATE TABLE accounts (id NUMBER PRIMARY KEY, owner VARCHAR2(10) NOT NULL, balance NUMBER);
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  TYPE t_owners IS TABLE OF VARCHAR2(10) INDEX BY PLS_INTEGER;
  ids t_ids := t_ids(1, 2, 3, 4, 5);
  owners t_owners;
BEGIN
  FOR i IN 1 .. 5 LOOP
    owners(i) := 'owner' || i;
  END LOOP;
  FORALL i IN 1 .. ids.COUNT
    INSERT INTO accounts VALUES (ids(i), owners(i), 100 * ids(i));
  DBMS_OUTPUT.PUT_LINE('inserted ' || SQL%ROWCOUNT);
  FORALL i IN ids.FIRST .. ids.LAST
    UPDATE accounts SET balance = balance + 1 WHERE id >= ids(i);
  DBMS_OUTPUT.PUT_LINE('updated ' || SQL%ROWCOUNT || ' rows in all');
  FOR i IN 1 .. ids.COUNT LOOP
    DBMS_OUTPUT.PUT_LINE('  run ' || i || ': ' || SQL%BULK_ROWCOUNT(i));
  END LOOP;
  ids.DELETE(2);
  ids.DELETE(4);
  FORALL i IN INDICES OF ids
    UPDATE accounts SET owner = UPPER(owner) WHERE id = ids(i);
  DBMS_OUTPUT.PUT_LINE('indices of a sparse table: ' || SQL%ROWCOUNT);
  FORALL i IN INDICES OF ids BETWEEN 2 AND 5
    UPDATE accounts SET balance = 0 WHERE id = ids(i);
  DBMS_OUTPUT.PUT_LINE('indices of between 2 and 5: ' || SQL%ROWCOUNT
    || ', bulk_rowcount(3) ' || SQL%BULK_ROWCOUNT(3));
  COMMIT;
END;
/
SELECT id, owner, balance FROM accounts ORDER BY id;
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids(4, 5);
BEGIN
  FOR i IN 1 .. ids.COUNT LOOP
    UPDATE accounts SET owner = 'loop' || i WHERE id = ids(i);
    DBMS_OUTPUT.PUT_LINE('a FOR loop binds ids(' || i || ') into its UPDATE: ' || SQL%ROWCOUNT);
  END LOOP;
  ROLLBACK;
END;
/
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  TYPE t_names IS VARRAY(4) OF VARCHAR2(10);
  TYPE t_pick IS TABLE OF PLS_INTEGER INDEX BY PLS_INTEGER;
  ids t_ids := t_ids(10, 20, 30, 40);
  names t_names := t_names('ten', 'twenty', 'thirty', 'forty');
  pick t_pick;
BEGIN
  pick(1) := 4;
  pick(2) := 1;
  pick(3) := 4;
  FORALL i IN VALUES OF pick
    INSERT INTO accounts VALUES (ids(i), names(i), ids(i) * 2);
EXCEPTION
  WHEN DUP_VAL_ON_INDEX THEN
    DBMS_OUTPUT.PUT_LINE('values of: stopped by ORA-00001 after ' || SQL%ROWCOUNT
      || ' rows, bulk_rowcount(1) ' || SQL%BULK_ROWCOUNT(1));
END;
/
SELECT id, owner, balance FROM accounts WHERE id > 5 ORDER BY id;
ROLLBACK;
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  TYPE t_names IS TABLE OF VARCHAR2(10);
  ids t_ids := t_ids(6, 1, 7, 8, 3);
  names t_names := t_names('six', 'dup', NULL, 'eight', 'dup');
  errors EXCEPTION;
  PRAGMA EXCEPTION_INIT(errors, -24381);
BEGIN
  FORALL i IN 1 .. ids.COUNT SAVE EXCEPTIONS
    INSERT INTO accounts VALUES (ids(i), names(i), 0);
EXCEPTION
  WHEN errors THEN
    DBMS_OUTPUT.PUT_LINE(SQLERRM);
    DBMS_OUTPUT.PUT_LINE('inserted ' || SQL%ROWCOUNT || ', failed ' || SQL%BULK_EXCEPTIONS.COUNT);
    FOR j IN 1 .. SQL%BULK_EXCEPTIONS.COUNT LOOP
      DBMS_OUTPUT.PUT_LINE('  iteration ' || SQL%BULK_EXCEPTIONS(j).ERROR_INDEX || ': '
        || 'ORA-' || LPAD(SQL%BULK_EXCEPTIONS(j).ERROR_CODE, 5, '0'));
    END LOOP;
END;
/
SELECT id, owner FROM accounts WHERE id > 5 ORDER BY id;
ROLLBACK;
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids(6, 7, 8);
BEGIN
  ids.DELETE(2);
  FORALL i IN 1 .. 3
    INSERT INTO accounts VALUES (ids(i), 'x', 0);
END;
/
ROLLBACK;
DECLARE
  TYPE t_ids IS TABLE OF NUMBER;
  ids t_ids := t_ids(1);
BEGIN
  FORALL i IN 1 .. 1
    UPDATE accounts SET balance = i WHERE id = ids(i);
END;
/
