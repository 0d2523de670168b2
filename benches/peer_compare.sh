#!/usr/bin/env bash
# Peer comparison: vsession beside PostgreSQL 15 on the same machine, in one run.
#
#   bash benches/peer_compare.sh            # as root (PostgreSQL runs as the postgres user)
#   VSESSION_PG_PEER="host=... port=... user=... dbname=..." bash benches/peer_compare.sh
#                                           # against a PostgreSQL already running
#
# Without VSESSION_PG_PEER it starts a throwaway cluster in /tmp/pgpeer on 127.0.0.1:55432
# (PGBIN, default /usr/lib/postgresql/15/bin; `apt-get install -y postgresql-15` gives it) and
# stops it at the end (KEEP_PEER=1 leaves it running). Then:
#   1. the wire load tool (benches/wire_load): SELECT 1 round trip with tokio-postgres, raw
#      clients and pgbench; 1,000 idle connections; kill-to-notification against
#      pg_terminate_backend — both servers in alternating rounds;
#   2. PL/SQL beside PL/pgSQL: a 1,000,000-iteration loop (add + data-dependent concatenation,
#      benches/plsql.rs `plsql_loop_1m/add_and_concat_mod`) and 100,000 INSERTs in a
#      server-side loop then ROLLBACK (benches/storage.rs `PL/SQL FOR loop (one call)`).
# PostgreSQL's side is timed by pgbench (latency average of 5 runs) and psql's \timing.
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PEER_DIR=/tmp/pgpeer
started=""

start_peer() {
    if [ ! -x "$PGBIN/pg_ctl" ]; then
        echo "PostgreSQL 15 not found in $PGBIN (apt-get install -y postgresql-15)" >&2
        exit 1
    fi
    mkdir -p "$PEER_DIR"
    chown -R postgres:postgres "$PEER_DIR"
    if [ ! -d "$PEER_DIR/data" ]; then
        su postgres -c "$PGBIN/initdb -D $PEER_DIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    su postgres -c "$PGBIN/pg_ctl -D $PEER_DIR/data -l $PEER_DIR/server.log -w -o \"-c listen_addresses=127.0.0.1 -p 55432 -c unix_socket_directories=$PEER_DIR -c max_connections=300\" start" >/dev/null
    started=1
}

stop_peer() {
    if [ -n "$started" ] && [ -z "${KEEP_PEER:-}" ]; then
        su postgres -c "$PGBIN/pg_ctl -D $PEER_DIR/data -m fast stop" >/dev/null || true
    fi
}
trap stop_peer EXIT

if [ -z "${VSESSION_PG_PEER:-}" ]; then
    start_peer
    export VSESSION_PG_PEER="host=127.0.0.1 port=55432 user=postgres dbname=postgres"
fi
psql_peer() { PGOPTIONS='-c client_min_messages=warning' psql "$VSESSION_PG_PEER" -X -q "$@"; }
psql_peer -c "select version()" -At

echo "== 1. wire: round trip, idle connections, kill-to-notification"
cargo bench --bench wire_load 2>/dev/null

work=$(mktemp -d)
echo "== 2a. 1,000,000-iteration loop: n := n + 1; s := 'x' || MOD(i, 10)"
cat >"$work/loop.sql" <<'EOF'
DO $$ DECLARE n int := 0; s text;
BEGIN FOR i IN 1..1000000 LOOP n := n + 1; s := 'x' || (i % 10); END LOOP; END $$;
EOF
echo -n "PostgreSQL DO block: "
pgbench -n -c 1 -t 5 -f "$work/loop.sql" "$VSESSION_PG_PEER" 2>/dev/null | grep "latency average"
cargo bench --bench plsql -- "plsql_loop_1m/add_and_concat_mod" 2>/dev/null | grep -E "^plsql|time:"

echo "== 2b. 100,000 INSERTs in one server-side loop, then ROLLBACK"
psql_peer -c "drop table if exists peer_bench_t" -c "create table peer_bench_t (id int primary key, v text)"
echo -n "PostgreSQL DO loop + ROLLBACK: "
printf 'BEGIN;\nDO $$ BEGIN FOR i IN 1..100000 LOOP INSERT INTO peer_bench_t VALUES (i, %s || i); END LOOP; END $$;\nROLLBACK;\n' "'v'" >"$work/ins.sql"
{ time psql_peer -f "$work/ins.sql" >/dev/null; } 2>&1 | grep real
psql_peer -c "drop table peer_bench_t"
cargo bench --bench storage -- "PL/SQL FOR loop" 2>/dev/null | grep -E "^100k|time:"
rm -rf "$work"
