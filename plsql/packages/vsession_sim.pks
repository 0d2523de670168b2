-- VSESSION_SIM: a test-bed extension of vsession, not an Oracle package. It puts the calling
-- session into the states a real server gets into on its own, so scripts can show what a kill
-- does then.
CREATE OR REPLACE PACKAGE vsession_sim AS
  -- Spends seconds of engine time in uninterruptible network I/O (EVENT 'SQL*Net more data
  -- to client', as while a large result is sent to a slow client). A kill arriving meanwhile
  -- only marks the session; the killer waits up to the kill wait (ORA-00031 after it) and the
  -- kill completes when the I/O ends.
  PROCEDURE network_io(seconds IN NUMBER);
  -- From now on, every rollback in the instance undoes undo_records_per_second undo records
  -- per second of engine time (NULL: instant, the default; also Config::rollback_rate). A
  -- session rolling back — its own ROLLBACK, or the cleanup after a kill — is in the
  -- uninterruptible RollingBack phase (EVENT 'undo segment recovery') while V$TRANSACTION
  -- USED_UREC counts down; a kill meanwhile waits up to the kill wait, then ORA-00031. PMON
  -- rolls back for a session killed while idle or logged off. A rollback already under way
  -- keeps its rate. Zero or negative: ORA-06502.
  PROCEDURE set_rollback_rate(undo_records_per_second IN NUMBER);
END vsession_sim;
/
