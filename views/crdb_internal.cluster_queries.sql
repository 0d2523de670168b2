-- CRDB_INTERNAL.CLUSTER_QUERIES: one row per statement running now on every node of the
-- cluster. This engine is one node, so the rows and columns are CRDB_INTERNAL.NODE_QUERIES's.
CREATE TABLE CRDB_INTERNAL.CLUSTER_QUERIES AS SELECT * FROM CRDB_INTERNAL.NODE_QUERIES;
