-- The kill loops of public DBA scripts (fact sheet section 8), as written there: an explicit
-- cursor with a column alias (`serial# Serial`) and '''' quote doubling; the lower-case form
-- with no spaces around the quotes (`session'''||sid||...||'''immediate`); and a cursor FOR
-- loop over a query that builds the statements, excluding the caller with SYS_CONTEXT and
-- ignoring ORA-00030 / ORA-00031.
--
-- Cast: main = SYSTEM; a, b = JWARD's idle sessions.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
SESSION a
CONNECT jward/jward
SESSION b
CONNECT jward/jward
SESSION main
SET SERVEROUTPUT ON
DECLARE
  CURSOR c IS SELECT sid, serial# Serial FROM v$session WHERE username = 'JWARD' AND status = 'INACTIVE' AND sid = 11;
BEGIN
  FOR i IN c LOOP
    EXECUTE IMMEDIATE 'ALTER SYSTEM KILL SESSION '||''''||i.sid||','||i.serial||'''';
    DBMS_OUTPUT.PUT_LINE('killed '||i.sid);
  END LOOP;
END;
/
declare
  cursor c1 is select sid, serial# from v$session where status='INACTIVE' and username not in ('SYS','SYSMAN','DBSNMP','SYSTEM') and last_call_et >= 0;
begin
  for r in c1 loop
    execute immediate 'alter system kill session'''||r.sid||','||r.serial#||'''immediate';
  end loop;
end;
/
BEGIN
  FOR session_info IN (SELECT 'ALTER SYSTEM DISCONNECT SESSION '''||sid||','||serial#||''' IMMEDIATE' kill_sessions FROM V$SESSION WHERE type != 'BACKGROUND' AND username NOT IN ('PUBLIC','SYS') AND sid NOT IN (SELECT SYS_CONTEXT('userenv','sid') FROM DUAL)) LOOP
    BEGIN
      EXECUTE IMMEDIATE session_info.kill_sessions;
    EXCEPTION WHEN OTHERS THEN IF SQLCODE = -00030 OR SQLCODE = -00031 THEN NULL; ELSE RAISE; END IF;
    END;
  END LOOP;
END;
/
SELECT sid, status, server FROM v$session WHERE username = 'JWARD' ORDER BY sid;
