-- USER_SOURCE: one row per source line of each stored procedure and function of the current
-- schema, from the PROCEDURE / FUNCTION keyword on (as CREATE stored it).
CREATE TABLE USER_SOURCE (
    NAME          VARCHAR2(128),  -- object name
    TYPE          VARCHAR2(12),   -- PROCEDURE or FUNCTION
    LINE          NUMBER,         -- line number, from 1
    TEXT          VARCHAR2(4000), -- the line's text
    ORIGIN_CON_ID NUMBER          -- container id: always 0 (not a CDB)
);
