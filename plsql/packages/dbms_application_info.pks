-- DBMS_APPLICATION_INFO: what the session says it is doing, shown in V$SESSION.
CREATE OR REPLACE PACKAGE dbms_application_info AS
  -- Sets MODULE and ACTION.
  PROCEDURE set_module(module_name IN VARCHAR2, action_name IN VARCHAR2);
  -- Sets ACTION.
  PROCEDURE set_action(action_name IN VARCHAR2);
  -- Sets CLIENT_INFO.
  PROCEDURE set_client_info(client_info IN VARCHAR2);
END dbms_application_info;
/
