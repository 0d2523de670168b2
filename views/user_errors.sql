-- USER_ERRORS: the compilation errors of the current schema's stored procedures and
-- functions, one row per message (what SHOW ERRORS prints).
CREATE TABLE USER_ERRORS (
    NAME           VARCHAR2(128),  -- object name
    TYPE           VARCHAR2(12),   -- PROCEDURE or FUNCTION
    SEQUENCE       NUMBER,         -- order of the message
    LINE           NUMBER,         -- line in the source (USER_SOURCE.LINE)
    POSITION       NUMBER,         -- column in that line
    TEXT           VARCHAR2(4000), -- the message, e.g. PLS-00201: identifier 'X' must be declared
    ATTRIBUTE      VARCHAR2(9),    -- ERROR
    MESSAGE_NUMBER NUMBER          -- the PLS- number, 0 for the "Statement ignored" trailer
);
