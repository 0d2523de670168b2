-- USER_PROCEDURES: one row per stored procedure and function of the current schema.
CREATE TABLE USER_PROCEDURES (
    OBJECT_NAME    VARCHAR2(128), -- the procedure or function
    PROCEDURE_NAME VARCHAR2(128), -- subprogram inside a package: NULL for standalone units
    OBJECT_TYPE    VARCHAR2(13),  -- PROCEDURE or FUNCTION
    AGGREGATE      VARCHAR2(3),   -- NO
    PIPELINED      VARCHAR2(3),   -- NO
    PARALLEL       VARCHAR2(3),   -- NO
    DETERMINISTIC  VARCHAR2(3),   -- NO
    AUTHID         VARCHAR2(12),  -- DEFINER
    STATUS         VARCHAR2(7)    -- VALID, or INVALID after a compilation with errors (USER_OBJECTS.STATUS)
);
