-- VSESSION_SIM: a test-bed extension of vsession, not an Oracle package. It puts the calling
-- session into the states a real server gets into on its own, so scripts can show what a kill
-- does then.
CREATE OR REPLACE PACKAGE vsession_sim AS
  -- Spends seconds of engine time in uninterruptible network I/O (EVENT 'SQL*Net more data
  -- to client', as while a large result is sent to a slow client). A kill arriving meanwhile
  -- only marks the session; the killer waits up to the kill wait (ORA-00031 after it) and the
  -- kill completes when the I/O ends.
  PROCEDURE network_io(seconds IN NUMBER);
END vsession_sim;
/
