-- A session in uninterruptible network I/O cannot be ended until the I/O is over. The killer
-- waits up to the kill wait (60 s of engine time here):
--   1. I/O that ends within the wait: the kill completes then, the killer gets System altered.
--   2. I/O that outlasts the wait: the killer gets ORA-00031; V$SESSION shows the target KILLED
--      but SERVER still DEDICATED (not PSEUDO); the kill completes by itself when the I/O ends.
--   3. IMMEDIATE: the killer does not wait at all: ORA-00031 at once, same completion later,
--      and the victim's call ends with ORA-03113 (19c: IMMEDIATE drops the connection).
-- VSESSION_SIM.NETWORK_IO is a vsession test-bed extension that holds the caller in that phase.
--
-- Cast: main = SYSTEM; app1, app2, app3 = JWARD's sessions.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;
COLUMN event FORMAT a28
COLUMN wait_class FORMAT a10

PROMPT 1. The I/O ends 30 s in, within the kill wait.
SESSION app1
CONNECT jward/jward
EXEC VSESSION_SIM.NETWORK_IO(30)
SESSION main
ADVANCE 5
SELECT sid, status, server, event, wait_class FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '11,1';
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';

PROMPT 2. The I/O lasts 120 s, longer than the 60 s kill wait.
SESSION app2
CONNECT jward/jward
EXEC VSESSION_SIM.NETWORK_IO(120)
SESSION main
ALTER SYSTEM KILL SESSION '11,2';
SELECT sid, status, server, event FROM v$session WHERE username = 'JWARD';
ALTER SYSTEM KILL SESSION '11,2';
ADVANCE 60
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';

PROMPT 3. IMMEDIATE does not wait.
SESSION app3
CONNECT jward/jward
EXEC VSESSION_SIM.NETWORK_IO(10)
SESSION main
ALTER SYSTEM KILL SESSION '11,3' IMMEDIATE;
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
ADVANCE 10
SELECT sid, status, server FROM v$session WHERE username = 'JWARD';
SESSION app3
SELECT user FROM dual;
