-- Package state is per session: each session that uses the package gets its own instance,
-- initialized (the initialization section run) on its first use and kept across its calls.
-- Killing a session discards its instance: the new session after a reconnect starts afresh.
--
-- Cast: main = SYSTEM (creates the package, kills); a, b = SYSTEM sessions using it.
SET ECHO ON
CONNECT system/manager
CREATE OR REPLACE PACKAGE hit_counter IS
  g_hits NUMBER;
  PROCEDURE hit;
  FUNCTION hits RETURN NUMBER;
END hit_counter;
/
CREATE OR REPLACE PACKAGE BODY hit_counter IS
  PROCEDURE hit IS
  BEGIN
    g_hits := g_hits + 1;
  END hit;

  FUNCTION hits RETURN NUMBER IS
  BEGIN
    RETURN g_hits;
  END hits;
BEGIN
  g_hits := 0;
  DBMS_OUTPUT.PUT_LINE('hit_counter initialized in session ' || SYS_CONTEXT('USERENV', 'SID'));
END hit_counter;
/

SESSION a
CONNECT system/manager
SET SERVEROUTPUT ON
EXEC hit_counter.hit
EXEC hit_counter.hit
EXEC hit_counter.hit
SELECT hit_counter.hits AS hits FROM dual;

SESSION b
CONNECT system/manager
SET SERVEROUTPUT ON
EXEC hit_counter.hit
EXEC DBMS_OUTPUT.PUT_LINE('b sees ' || hit_counter.g_hits)

SESSION a
-- No initialization this time: the instance lives on between calls.
EXEC DBMS_OUTPUT.PUT_LINE('a sees ' || hit_counter.g_hits)

SESSION main
SELECT sid, serial#, status FROM v$session WHERE username = 'SYSTEM' ORDER BY sid;
ALTER SYSTEM KILL SESSION '11,1';

SESSION a
EXEC hit_counter.hit
CONNECT system/manager
-- A new session: a new instance, initialized again, counting from zero.
EXEC hit_counter.hit
EXEC DBMS_OUTPUT.PUT_LINE('new a sees ' || hit_counter.g_hits)
SELECT sid, serial# FROM v$session WHERE sid = SYS_CONTEXT('USERENV', 'SID');

SESSION b
-- b's instance is untouched by the kill.
EXEC DBMS_OUTPUT.PUT_LINE('b still sees ' || hit_counter.g_hits)
