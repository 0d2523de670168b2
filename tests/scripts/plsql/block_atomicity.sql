-- A PL/SQL block or CALL is one statement to its caller: when an exception reaches the caller,
-- everything the call changed is undone (an implicit savepoint before it), while the work of
-- earlier statements of the transaction stays. Handled exceptions undo nothing; a COMMIT inside
-- the block keeps what it committed; a failing dynamic block run by EXECUTE IMMEDIATE is undone
-- alone; savepoints set inside the failed call are gone with it.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE TABLE audit_rows (id NUMBER PRIMARY KEY, note VARCHAR2(20));
INSERT INTO audit_rows VALUES (1, 'before');
BEGIN
  INSERT INTO audit_rows VALUES (2, 'in block');
  UPDATE audit_rows SET note = 'changed' WHERE id = 1;
  RAISE_APPLICATION_ERROR(-20001, 'unhandled');
END;
/
SELECT id, note FROM audit_rows ORDER BY id;
BEGIN
  INSERT INTO audit_rows VALUES (3, 'kept');
  BEGIN
    INSERT INTO audit_rows VALUES (4, 'inner kept');
    RAISE NO_DATA_FOUND;
  EXCEPTION WHEN NO_DATA_FOUND THEN DBMS_OUTPUT.PUT_LINE('handled inside');
  END;
END;
/
SELECT id, note FROM audit_rows ORDER BY id;
PROMPT A COMMIT inside keeps what it committed; only the work after it is undone:
BEGIN
  INSERT INTO audit_rows VALUES (5, 'committed');
  COMMIT;
  INSERT INTO audit_rows VALUES (6, 'after commit');
  INSERT INTO audit_rows VALUES (5, 'duplicate');
END;
/
SELECT id, note FROM audit_rows ORDER BY id;
PROMPT An unhandled FORALL failure undoes the runs before it too:
DECLARE
  TYPE ids_t IS TABLE OF NUMBER;
  ids ids_t := ids_t(10, 11, 1);
BEGIN
  FORALL i IN 1 .. ids.COUNT
    INSERT INTO audit_rows VALUES (ids(i), 'forall');
END;
/
SELECT COUNT(*) FROM audit_rows WHERE note = 'forall';
PROMPT A procedure called with CALL or EXEC:
CREATE PROCEDURE add_and_fail(p_id NUMBER) IS
BEGIN
  INSERT INTO audit_rows VALUES (p_id, 'procedure');
  RAISE_APPLICATION_ERROR(-20002, 'procedure failed');
END;
/
CALL add_and_fail(20);
EXEC add_and_fail(21)
SELECT COUNT(*) FROM audit_rows WHERE note = 'procedure';
PROMPT A failing dynamic block is undone alone; the outer block handles it and goes on:
BEGIN
  INSERT INTO audit_rows VALUES (30, 'outer');
  BEGIN
    EXECUTE IMMEDIATE 'BEGIN INSERT INTO audit_rows VALUES (31, ''dynamic''); RAISE_APPLICATION_ERROR(-20003, ''dyn''); END;';
  EXCEPTION WHEN OTHERS THEN DBMS_OUTPUT.PUT_LINE('caught ' || SQLCODE);
  END;
END;
/
SELECT id, note FROM audit_rows WHERE id >= 30 ORDER BY id;
PROMPT A savepoint set inside a failed block is gone with it:
BEGIN
  SAVEPOINT inside;
  INSERT INTO audit_rows VALUES (40, 'after savepoint');
  RAISE_APPLICATION_ERROR(-20004, 'fail');
END;
/
ROLLBACK TO SAVEPOINT inside;
ROLLBACK;
SELECT id, note FROM audit_rows ORDER BY id;
