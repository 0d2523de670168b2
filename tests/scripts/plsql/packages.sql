-- Built-in packages read from plsql/packages/*.pks: DBMS_OUTPUT (PUT, NEW_LINE, GET_LINE and
-- GET_LINES with OUT / IN OUT parameters, DISABLE drops the buffer and later lines until SET
-- SERVEROUTPUT ON enables it again), the
-- DBMS_SERVICE constants, DBMS_SESSION.SLEEP (virtual time; > 3600 s is ORA-38148 raised in
-- SYS.DBMS_SESSION), DBMS_LOCK.SLEEP with fractions, and DBMS_APPLICATION_INFO's MODULE,
-- ACTION and CLIENT_INFO and DBMS_SESSION's CLIENT_IDENTIFIER as V$SESSION shows them.
SET ECHO ON
CONNECT system/manager
SET SERVEROUTPUT ON
DECLARE
  l_line VARCHAR2(100);
  l_status INTEGER;
  l_lines DBMS_OUTPUT.CHARARR;
  l_count INTEGER := 10;
  l_text VARCHAR2(100) := 'unchanged';
  l_empty INTEGER;
BEGIN
  DBMS_OUTPUT.PUT('one');
  DBMS_OUTPUT.PUT(' line');
  DBMS_OUTPUT.NEW_LINE;
  DBMS_OUTPUT.PUT_LINE('two');
  DBMS_OUTPUT.PUT_LINE('three');
  DBMS_OUTPUT.GET_LINE(l_line, l_status);
  DBMS_OUTPUT.GET_LINES(l_lines, l_count);
  DBMS_OUTPUT.GET_LINE(l_text, l_empty);
  DBMS_OUTPUT.PUT_LINE('got "' || l_line || '" status ' || l_status);
  DBMS_OUTPUT.PUT_LINE('then ' || l_count || ' lines: ' || l_lines(1) || ', ' || l_lines(2));
  DBMS_OUTPUT.PUT_LINE('empty buffer: status ' || l_empty || ', line ' || NVL(l_text, 'NULL'));
  DBMS_OUTPUT.PUT_LINE('noreplay = ' || DBMS_SERVICE.NOREPLAY || ', all = ' || DBMS_SERVICE.ALL_INSTANCES);
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE('lost when disabled');
  DBMS_OUTPUT.DISABLE;
  DBMS_OUTPUT.PUT_LINE('never buffered');
END;
/
EXEC DBMS_OUTPUT.PUT_LINE('still disabled')
SET SERVEROUTPUT ON
EXEC DBMS_OUTPUT.PUT_LINE('enabled again by SET SERVEROUTPUT ON')
EXEC DBMS_SESSION.SLEEP(4000)
EXEC DBMS_SESSION.SLEEP(seconds => 2.5)
EXEC DBMS_LOCK.SLEEP(0.5)
BEGIN
  DBMS_APPLICATION_INFO.SET_MODULE(module_name => 'kill_script', action_name => 'scan');
  DBMS_APPLICATION_INFO.SET_CLIENT_INFO('ticket 42');
  DBMS_SESSION.SET_IDENTIFIER('dba@ops');
END;
/
COLUMN module FORMAT a12
COLUMN action FORMAT a8
COLUMN client_info FORMAT a12
COLUMN client_identifier FORMAT a10
SELECT module, action, client_info, client_identifier FROM v$session WHERE sid = SYS_CONTEXT('USERENV', 'SID');
EXEC DBMS_APPLICATION_INFO.SET_ACTION('kill')
SELECT module, action, client_info FROM v$session WHERE sid = SYS_CONTEXT('USERENV', 'SID');
