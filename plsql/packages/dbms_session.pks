-- DBMS_SESSION: session-level settings of the calling session.
CREATE OR REPLACE PACKAGE dbms_session AS
  -- Suspends the session for seconds (fractions allowed, at most 3600: ORA-38148).
  PROCEDURE sleep(seconds IN NUMBER);
  -- Sets V$SESSION.CLIENT_IDENTIFIER.
  PROCEDURE set_identifier(client_id IN VARCHAR2);
  -- Clears V$SESSION.CLIENT_IDENTIFIER.
  PROCEDURE clear_identifier;
END dbms_session;
/
