-- Constraint and type errors, as Oracle words them: ORA-00001 (unique), ORA-01400 (NULL into
-- NOT NULL), ORA-01407 (update to NULL), ORA-12899 (too long), ORA-01722 (not a number),
-- ORA-01438 (precision), ORA-00947 / ORA-00913 (value counts), ORA-00904 (no such column).
-- Each failing statement changes nothing; the rows before it stay.
SET ECHO ON
CONNECT system/manager
CREATE TABLE emp (
  id     NUMBER(4),
  name   VARCHAR2(10) NOT NULL,
  code   CHAR(3) UNIQUE,
  salary NUMBER(7,2) DEFAULT 1000,
  hired  DATE DEFAULT DATE '2020-01-01',
  CONSTRAINT emp_pk PRIMARY KEY (id)
);
INSERT INTO emp (id, name, code) VALUES (1, 'KING', 'K');
INSERT INTO emp (id, name, code) VALUES (1, 'JONES', 'J');
INSERT INTO emp (id, name, code) VALUES (2, 'JONES', 'K');
INSERT INTO emp (id, name) VALUES (3, NULL);
INSERT INTO emp (id, name) VALUES (3, 'ABCDEFGHIJK');
INSERT INTO emp (id, name, salary) VALUES (3, 'X', 'abc');
INSERT INTO emp (id, name, salary) VALUES (3, 'X', 123456);
INSERT INTO emp (id, name) VALUES (10000, 'X');
INSERT INTO emp (id, name) VALUES (3);
INSERT INTO emp (id, name) VALUES (3, 'X', 'Y');
INSERT INTO emp (id, nope) VALUES (3, 'X');
UPDATE emp SET name = NULL;
UPDATE emp SET id = 2 WHERE nope = 1;
INSERT INTO emp (id, name, salary) VALUES (2, 'SCOTT', 2999.999);
SELECT id, name, '[' || code || ']' code, salary, hired FROM emp ORDER BY id;
COLUMN column_name FORMAT a12
COLUMN data_type FORMAT a10
COLUMN data_default FORMAT a20
SELECT column_name, data_type, data_length, data_precision, data_scale, nullable
  FROM user_tab_columns WHERE table_name = 'EMP' ORDER BY column_id;
SELECT column_name, data_default FROM user_tab_columns
 WHERE table_name = 'EMP' AND data_default IS NOT NULL ORDER BY column_id;
COMMIT;
