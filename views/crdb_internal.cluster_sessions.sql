-- CRDB_INTERNAL.CLUSTER_SESSIONS: one row per open session of every node of the cluster. This
-- engine is one node, so the rows and columns are CRDB_INTERNAL.NODE_SESSIONS's.
CREATE TABLE CRDB_INTERNAL.CLUSTER_SESSIONS AS SELECT * FROM CRDB_INTERNAL.NODE_SESSIONS;
