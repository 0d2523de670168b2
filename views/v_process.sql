-- V$PROCESS: one row per server process: the shared PSEUDO process, the background processes,
-- and one dedicated server per user session. Killed idle sessions no longer have theirs.
CREATE TABLE V$PROCESS (
    ADDR             RAW(8),        -- process state object (V$SESSION.PADDR)
    PID              NUMBER,        -- Oracle process id
    SOSID            VARCHAR2(24),  -- operating-system process or thread id
    SPID             VARCHAR2(24),  -- operating-system process id (what kill -9 would target)
    STID             VARCHAR2(24),  -- operating-system thread id
    EXECUTION_TYPE   VARCHAR2(10),  -- PROCESS
    PNAME            VARCHAR2(5),   -- process name for background processes (PMON, SMON); NULL otherwise
    USERNAME         VARCHAR2(15),  -- operating-system user
    SERIAL#          NUMBER,        -- process serial number
    TERMINAL         VARCHAR2(30),  -- terminal
    PROGRAM          VARCHAR2(48),  -- program, e.g. oracle@localhost (PMON)
    TRACEID          VARCHAR2(255), -- trace file identifier
    TRACEFILE        VARCHAR2(513), -- trace file name
    BACKGROUND       VARCHAR2(1),   -- 1 for a background process, NULL otherwise
    LATCHWAIT        VARCHAR2(16),  -- latch waited for; NULL
    LATCHSPIN        VARCHAR2(16),  -- latch spun on; NULL
    PGA_USED_MEM     NUMBER,        -- PGA memory in use (bytes)
    PGA_ALLOC_MEM    NUMBER,        -- PGA memory allocated (bytes)
    PGA_FREEABLE_MEM NUMBER,        -- PGA memory that may be freed (bytes)
    PGA_MAX_MEM      NUMBER,        -- most PGA memory ever allocated (bytes)
    CON_ID           NUMBER         -- container id
);
