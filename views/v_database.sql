-- V$DATABASE: the database this engine holds.
CREATE TABLE V$DATABASE (
    DBID             NUMBER,        -- database identifier
    NAME             VARCHAR2(9),   -- DB_NAME
    CREATED          DATE,          -- creation time (the engine's start)
    LOG_MODE         VARCHAR2(12),  -- NOARCHIVELOG
    OPEN_MODE        VARCHAR2(20),  -- READ WRITE
    DATABASE_ROLE    VARCHAR2(16),  -- PRIMARY
    PLATFORM_NAME    VARCHAR2(101), -- platform
    DB_UNIQUE_NAME   VARCHAR2(30),  -- unique name
    CON_ID           NUMBER         -- container id
);
