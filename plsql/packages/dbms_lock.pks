-- DBMS_LOCK: only SLEEP (user locks are not modelled).
CREATE OR REPLACE PACKAGE dbms_lock AS
  -- Suspends the session for seconds (fractions allowed).
  PROCEDURE sleep(seconds IN NUMBER);
END dbms_lock;
/
