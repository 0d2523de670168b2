-- USER_TAB_COLUMNS: the columns of the current schema's tables.
CREATE TABLE USER_TAB_COLUMNS (
    TABLE_NAME     VARCHAR2(128), -- table name
    COLUMN_NAME    VARCHAR2(128), -- column name
    DATA_TYPE      VARCHAR2(128), -- NUMBER, VARCHAR2, CHAR, DATE, TIMESTAMP(6), RAW
    DATA_LENGTH    NUMBER,        -- length in bytes
    DATA_PRECISION NUMBER,        -- NUMBER precision, if declared
    DATA_SCALE     NUMBER,        -- NUMBER scale, if declared
    NULLABLE       VARCHAR2(1),   -- Y or N
    COLUMN_ID      NUMBER,        -- position, from 1
    DATA_DEFAULT   VARCHAR2(4000) -- default expression text
);
