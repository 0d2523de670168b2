-- CockroachDB's users, roles and privileges over the engine's dictionary: `root` is built in
-- (admin, password `manager` like SYS), the `admin` role is Oracle's DBA, CREATE USER takes
-- `[WITH] PASSWORD 'p'` beside Oracle's IDENTIFIED BY, and the role options CANCELQUERY,
-- CONTROLJOB, VIEWACTIVITY, VIEWACTIVITYREDACTED, VIEWJOB (and their NO... forms) and
-- `GRANT | REVOKE SYSTEM ...` set the same system privileges, visible in DBA_SYS_PRIVS.
-- Revoking an option not held is no error (CockroachDB's ALTER ROLE ... NO... is idempotent).
-- `GRANT | REVOKE admin` answers CockroachDB's tag; Oracle's `GRANT DBA` its feedback.
--
-- Cast: main = root; app = maxroach.
SET ECHO ON
COLUMN grantee FORMAT A10
COLUMN privilege FORMAT A22
COLUMN granted_role FORMAT A12
CONNECT root/manager
SELECT user_name FROM [SHOW session_id] s, crdb_internal.node_sessions n WHERE n.session_id = s.session_id;
CREATE USER maxroach WITH PASSWORD 'roach';
CREATE ROLE ops WITH VIEWACTIVITY;
CREATE USER jobber PASSWORD 'j' CONTROLJOB VIEWJOB;
ALTER ROLE maxroach WITH CANCELQUERY VIEWACTIVITYREDACTED;
ALTER USER maxroach NOCANCELQUERY NOCONTROLJOB;
GRANT SYSTEM VIEWACTIVITY, CANCELQUERY TO ops, maxroach;
REVOKE SYSTEM CANCELQUERY FROM ops;
GRANT ops TO jobber;
SELECT grantee, privilege FROM dba_sys_privs WHERE grantee IN ('MAXROACH', 'OPS', 'JOBBER') ORDER BY grantee, privilege;
SELECT grantee, granted_role FROM dba_role_privs WHERE grantee IN ('MAXROACH', 'OPS', 'JOBBER') ORDER BY grantee;
-- Errors: an unknown option, an unknown system privilege, a missing user.
ALTER ROLE maxroach WITH FLYING;
GRANT SYSTEM FLYING TO maxroach;
ALTER ROLE nobody WITH VIEWJOB;

SESSION app
CONNECT maxroach/roach
-- Not an admin: role management needs admin (or CREATEROLE).
ALTER ROLE maxroach WITH CONTROLJOB;
GRANT SYSTEM VIEWJOB TO maxroach;

SESSION main
GRANT admin TO maxroach;

SESSION app
ALTER ROLE maxroach WITH CONTROLJOB;
SELECT COUNT(*) FROM [SHOW ALL SESSIONS];

SESSION main
REVOKE admin FROM maxroach;
-- Oracle's own statements work as before.
CREATE USER scott IDENTIFIED BY tiger;
ALTER USER scott IDENTIFIED BY lion;
GRANT CREATE SESSION TO scott;
GRANT DBA TO scott;
REVOKE DBA FROM scott;
