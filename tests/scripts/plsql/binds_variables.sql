-- SQL*Plus bind variables: VARIABLE declarations and listings, :name read in SQL and PL/SQL
-- and assigned by EXEC, a block and SELECT INTO, PRINT, SET AUTOPRINT, and the SQL*Plus
-- errors (SP2-0552 undeclared, SP2-0553 bad name, the usage text for a bad type, SP2-0425 /
-- SP2-0631 for a bad initial value) and the engine's (a value too long for VARCHAR2(n)).
SET ECHO ON
CONNECT system/manager
VARIABLE n NUMBER
VARIABLE name VARCHAR2(20)
VARIABLE flag CHAR
VARIABLE total NUMBER = 2.5
VARIABLE
VARIABLE name
PRINT n
EXEC :n := 42
PRINT n
BEGIN
  :name := 'sid is ' || :n;
  :n := :n + 1;
END;
/
PRINT name n
PRINT
SELECT :n + 1 AS next_n FROM dual WHERE :name LIKE 'sid%';
BEGIN
  SELECT username INTO :name FROM dba_users WHERE username = 'SYSTEM';
END;
/
PRINT name
-- autoprint shows the variables a successful call used
SET AUTOPRINT ON
EXEC :total := :total * 2
EXEC :flag := 'Y'
SET AUTOPRINT OFF
-- a failing call leaves the variables as they were
EXEC :n := 1; :name := RPAD('x', 21, 'x')
PRINT n
-- errors
PRINT missing
EXEC :missing := 1
SELECT :nothere FROM dual;
VARIABLE 1abc NUMBER
VARIABLE x DATE
VARIABLE bad NUMBER = abc
VARIABLE bad
PRINT bad
VARIABLE name = 'a value that is far too long'
VARIABLE name = 'short'
PRINT name
-- binds belong to one session (one SQL*Plus window)
SESSION other
CONNECT system/manager
PRINT n
VARIABLE n NUMBER = 7
PRINT n
SESSION main
PRINT n
