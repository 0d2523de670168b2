-- DBMS_SERVICE (spec text of dbmssrv.sql, 18c): constants and exceptions. Its subprograms are
-- implemented with the services layer; the interpreter reads the constants from here.
-- CREATE_SERVICE and MODIFY_SERVICE are overloaded as in Oracle: the parameter_array form is
-- the only way to set the Application Continuity attributes (keys commit_outcome,
-- retention_timeout, replay_initiation_timeout, session_state_consistency,
-- failover_restore, drain_timeout, and the named-parameter attributes).
CREATE OR REPLACE PACKAGE dbms_service AS
  TYPE svc_parameter_array IS TABLE OF VARCHAR2(100) INDEX BY VARCHAR2(100);

  post_transaction CONSTANT NUMBER := 0;
  immediate CONSTANT NUMBER := 1;
  noreplay CONSTANT NUMBER := 2;
  all_instances CONSTANT VARCHAR2(2) := '*';
  goal_none CONSTANT NUMBER := 0;
  goal_service_time CONSTANT NUMBER := 1;
  goal_throughput CONSTANT NUMBER := 2;
  clb_goal_short CONSTANT NUMBER := 1;
  clb_goal_long CONSTANT NUMBER := 2;
  failover_method_none CONSTANT VARCHAR2(5) := 'NONE';
  failover_method_basic CONSTANT VARCHAR2(5) := 'BASIC';
  failover_type_none CONSTANT VARCHAR2(11) := 'NONE';
  failover_type_session CONSTANT VARCHAR2(11) := 'SESSION';
  failover_type_select CONSTANT VARCHAR2(11) := 'SELECT';
  failover_type_transaction CONSTANT VARCHAR2(11) := 'TRANSACTION';
  failover_restore_none CONSTANT VARCHAR2(6) := 'NONE';
  failover_restore_basic CONSTANT VARCHAR2(6) := 'LEVEL1';
  stop_option_none CONSTANT VARCHAR2(13) := 'NONE';
  stop_option_immediate CONSTANT VARCHAR2(13) := 'IMMEDIATE';
  stop_option_transactional CONSTANT VARCHAR2(13) := 'TRANSACTIONAL';

  null_service_name EXCEPTION;
  PRAGMA EXCEPTION_INIT(null_service_name, -44301);
  null_network_name EXCEPTION;
  PRAGMA EXCEPTION_INIT(null_network_name, -44302);
  service_exists EXCEPTION;
  PRAGMA EXCEPTION_INIT(service_exists, -44303);
  service_does_not_exist EXCEPTION;
  PRAGMA EXCEPTION_INIT(service_does_not_exist, -44304);
  service_in_use EXCEPTION;
  PRAGMA EXCEPTION_INIT(service_in_use, -44305);
  service_name_too_long EXCEPTION;
  PRAGMA EXCEPTION_INIT(service_name_too_long, -44306);
  network_prefix_too_long EXCEPTION;
  PRAGMA EXCEPTION_INIT(network_prefix_too_long, -44307);
  not_initialized EXCEPTION;
  PRAGMA EXCEPTION_INIT(not_initialized, -44308);
  general_failure EXCEPTION;
  PRAGMA EXCEPTION_INIT(general_failure, -44309);
  max_services_exceeded EXCEPTION;
  PRAGMA EXCEPTION_INIT(max_services_exceeded, -44310);
  service_not_running EXCEPTION;
  PRAGMA EXCEPTION_INIT(service_not_running, -44311);
  database_closed EXCEPTION;
  PRAGMA EXCEPTION_INIT(database_closed, -44312);
  invalid_instance EXCEPTION;
  PRAGMA EXCEPTION_INIT(invalid_instance, -44313);
  network_exists EXCEPTION;
  PRAGMA EXCEPTION_INIT(network_exists, -44314);
  null_attributes EXCEPTION;
  PRAGMA EXCEPTION_INIT(null_attributes, -44315);
  invalid_argument EXCEPTION;
  PRAGMA EXCEPTION_INIT(invalid_argument, -44316);
  database_readonly EXCEPTION;
  PRAGMA EXCEPTION_INIT(database_readonly, -44317);
  max_sn_length EXCEPTION;
  PRAGMA EXCEPTION_INIT(max_sn_length, -44318);
  aq_service EXCEPTION;
  PRAGMA EXCEPTION_INIT(aq_service, -44319);
  glb_service EXCEPTION;
  PRAGMA EXCEPTION_INIT(glb_service, -44320);
  invalid_pdb_name EXCEPTION;
  PRAGMA EXCEPTION_INIT(invalid_pdb_name, -44771);
  crs_api_failed EXCEPTION;
  PRAGMA EXCEPTION_INIT(crs_api_failed, -44772);
  pdb_closed EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_closed, -44773);
  pdb_invalid EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_invalid, -44774);
  pdb_name EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_name, -44775);
  pdb_exp EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_exp, -44776);
  pdb_fail EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_fail, -44777);
  tg_rettm EXCEPTION;
  PRAGMA EXCEPTION_INIT(tg_rettm, -44778);
  tg_repto EXCEPTION;
  PRAGMA EXCEPTION_INIT(tg_repto, -44779);
  tg_co EXCEPTION;
  PRAGMA EXCEPTION_INIT(tg_co, -44780);
  tg_aq EXCEPTION;
  PRAGMA EXCEPTION_INIT(tg_aq, -44781);
  crs_fail EXCEPTION;
  PRAGMA EXCEPTION_INIT(crs_fail, -44782);
  mxrlbsvc EXCEPTION;
  PRAGMA EXCEPTION_INIT(mxrlbsvc, -44783);
  delint EXCEPTION;
  PRAGMA EXCEPTION_INIT(delint, -44784);
  tg_dbsvc EXCEPTION;
  PRAGMA EXCEPTION_INIT(tg_dbsvc, -44785);
  pdb_imp EXCEPTION;
  PRAGMA EXCEPTION_INIT(pdb_imp, -44786);
  inv_stop EXCEPTION;
  PRAGMA EXCEPTION_INIT(inv_stop, -44791);
  stop_intl EXCEPTION;
  PRAGMA EXCEPTION_INIT(stop_intl, -44793);
  intr EXCEPTION;
  PRAGMA EXCEPTION_INIT(intr, -1013);

  PROCEDURE create_service(service_name IN VARCHAR2, network_name IN VARCHAR2,
                           goal IN NUMBER DEFAULT NULL, dtp IN BOOLEAN DEFAULT NULL,
                           aq_ha_notifications IN BOOLEAN DEFAULT NULL,
                           failover_method IN VARCHAR2 DEFAULT NULL,
                           failover_type IN VARCHAR2 DEFAULT NULL,
                           failover_retries IN NUMBER DEFAULT NULL,
                           failover_delay IN NUMBER DEFAULT NULL,
                           clb_goal IN NUMBER DEFAULT NULL,
                           edition IN VARCHAR2 DEFAULT NULL);
  PROCEDURE modify_service(service_name IN VARCHAR2, goal IN NUMBER DEFAULT NULL,
                           dtp IN BOOLEAN DEFAULT NULL,
                           aq_ha_notifications IN BOOLEAN DEFAULT NULL,
                           failover_method IN VARCHAR2 DEFAULT NULL,
                           failover_type IN VARCHAR2 DEFAULT NULL,
                           failover_retries IN NUMBER DEFAULT NULL,
                           failover_delay IN NUMBER DEFAULT NULL,
                           clb_goal IN NUMBER DEFAULT NULL,
                           edition IN VARCHAR2 DEFAULT NULL,
                           modify_edition IN BOOLEAN DEFAULT FALSE);
  PROCEDURE create_service(service_name IN VARCHAR2, network_name IN VARCHAR2,
                           parameter_array IN svc_parameter_array);
  PROCEDURE modify_service(service_name IN VARCHAR2,
                           parameter_array IN svc_parameter_array);
  PROCEDURE delete_service(service_name IN VARCHAR2);
  PROCEDURE start_service(service_name IN VARCHAR2, instance_name IN VARCHAR2 DEFAULT NULL);
  PROCEDURE stop_service(service_name IN VARCHAR2, instance_name IN VARCHAR2 DEFAULT NULL,
                         stop_option IN VARCHAR2 DEFAULT NULL,
                         drain_timeout IN NUMBER DEFAULT NULL,
                         replay IN BOOLEAN DEFAULT TRUE);
  PROCEDURE disconnect_session(service_name IN VARCHAR2,
                               disconnect_option IN NUMBER DEFAULT post_transaction,
                               guid IN VARCHAR2 DEFAULT NULL);
  PROCEDURE kill_session(service_name IN VARCHAR2, kill_option IN NUMBER DEFAULT dbms_service.immediate);
  PROCEDURE tag_session(service_name IN VARCHAR2, guid IN VARCHAR2);
END dbms_service;
/
