-- ALL_USERS: every user, visible to every user.
CREATE TABLE ALL_USERS (
    USERNAME          VARCHAR2(128), -- user name
    USER_ID           NUMBER,        -- user id
    CREATED           DATE,          -- creation time
    COMMON            VARCHAR2(3),   -- NO: not a CDB common user
    ORACLE_MAINTAINED VARCHAR2(1)    -- Y for SYS and SYSTEM
);
