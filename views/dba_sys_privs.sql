-- DBA_SYS_PRIVS: one row per system privilege granted directly to a user or role. Needs dictionary access.
CREATE TABLE DBA_SYS_PRIVS (
    GRANTEE      VARCHAR2(128), -- the user or role
    PRIVILEGE    VARCHAR2(40),  -- the privilege, e.g. ALTER SYSTEM
    ADMIN_OPTION VARCHAR2(3)    -- NO
);
