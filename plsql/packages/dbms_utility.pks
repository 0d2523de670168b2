-- DBMS_UTILITY: the collection types DBA scripts use, and GET_TIME.
CREATE OR REPLACE PACKAGE dbms_utility AS
  TYPE name_array IS TABLE OF VARCHAR2(30) INDEX BY BINARY_INTEGER;
  TYPE lname_array IS TABLE OF VARCHAR2(4000) INDEX BY BINARY_INTEGER;
  TYPE number_array IS TABLE OF NUMBER INDEX BY BINARY_INTEGER;
  -- Hundredths of a second since an arbitrary epoch.
  FUNCTION get_time RETURN NUMBER;
END dbms_utility;
/
