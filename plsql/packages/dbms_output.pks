-- DBMS_OUTPUT: a per-session buffer of lines. Lines are kept only while the buffer is enabled
-- (SET SERVEROUTPUT ON enables it); SQL*Plus fetches them with GET_LINES after each call.
CREATE OR REPLACE PACKAGE dbms_output AS
  TYPE chararr IS TABLE OF VARCHAR2(32767) INDEX BY BINARY_INTEGER;

  PROCEDURE enable(buffer_size IN INTEGER DEFAULT 20000);
  PROCEDURE disable;
  PROCEDURE put(a IN VARCHAR2);
  PROCEDURE put_line(a IN VARCHAR2);
  PROCEDURE new_line;
  PROCEDURE get_line(line OUT VARCHAR2, status OUT INTEGER);
  PROCEDURE get_lines(lines OUT chararr, numlines IN OUT INTEGER);
END dbms_output;
/
