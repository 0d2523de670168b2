-- DBA_ROLE_PRIVS: one row per role granted to a user. Needs dictionary access.
CREATE TABLE DBA_ROLE_PRIVS (
    GRANTEE      VARCHAR2(128), -- the user
    GRANTED_ROLE VARCHAR2(128), -- the role
    ADMIN_OPTION VARCHAR2(3),   -- NO
    DEFAULT_ROLE VARCHAR2(3)    -- YES
);
