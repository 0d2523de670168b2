-- DUAL: one row, one column; the FROM of a SELECT that reads no table.
CREATE TABLE DUAL (
    DUMMY VARCHAR2(1) -- always 'X'
);
