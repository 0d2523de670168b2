-- Oracle's documented example of terminating a session (Administrator's Guide, "Terminating
-- Sessions"): user JWARD has two sessions, both INACTIVE and DEDICATED. The administrator lists
-- them, kills one, and lists them again: the killed one is KILLED / PSEUDO. Its transaction was
-- rolled back and its locks released at once, but the session cannot be told yet; JWARD's next
-- call in it gets ORA-00028, the row then disappears, and every later call gets ORA-01012.
--
-- Cast: main = the administrator (SYSTEM); jward1 and jward2 = JWARD's two sessions.
SET ECHO ON
CONNECT system/manager
CREATE USER jward IDENTIFIED BY jward;
GRANT CREATE SESSION TO jward;

SESSION jward1
CONNECT jward/jward
SESSION jward2
CONNECT jward/jward

SESSION main
SELECT SID, SERIAL#, STATUS, SERVER FROM V$SESSION WHERE USERNAME = 'JWARD';
ALTER SYSTEM KILL SESSION '12,1';
SELECT SID, SERIAL#, STATUS, SERVER FROM V$SESSION WHERE USERNAME = 'JWARD';

SESSION jward2
SELECT user FROM dual;

SESSION main
SELECT SID, SERIAL#, STATUS, SERVER FROM V$SESSION WHERE USERNAME = 'JWARD';

SESSION jward2
SELECT user FROM dual;

SESSION jward1
SELECT user FROM dual;
