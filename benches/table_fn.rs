//! `TABLE(collection)` bench: a nested table of 1,000 ids joined to a 10,000-row table in one
//! query (`table_join`: the collection is one relation, the join a hash join), against the loop
//! it replaces, one lookup query per element (`per_element_select`: a statement and a scan of
//! the table each). Both blocks first BULK COLLECT the 1,000 ids.
//!
//! On the 2-core development VM (shared with other builds), two runs: `table_join` 5.7-5.9 ms,
//! `per_element_select` 0.81-0.96 s, 140-170 times slower.
//!
//! Run with `cargo bench --bench table_fn`.

use criterion::{Criterion, criterion_group, criterion_main};
use vsession::{Config, ConnectOptions, Engine};

const FILL: &str = "BEGIN
  FOR i IN 1 .. 10000 LOOP
    INSERT INTO items VALUES (i, 'item');
  END LOOP;
  COMMIT;
END;";

const COLLECT: &str = "DECLARE
  TYPE t IS TABLE OF NUMBER;
  l t;
  n NUMBER := 0;
  m NUMBER;
  v NUMBER;
BEGIN
  SELECT id BULK COLLECT INTO l FROM items WHERE MOD(id, 10) = 0;
  <<count>>
  IF n <> 1000 THEN
    RAISE_APPLICATION_ERROR(-20001, 'counted ' || n);
  END IF;
END;";

fn table_join(c: &mut Criterion) {
    let engine = Engine::new(Config::default());
    let sys = engine.connect(&ConnectOptions::new("system", "manager")).unwrap();
    sys.execute("CREATE TABLE items (id NUMBER, label VARCHAR2(20))").unwrap();
    sys.execute(FILL).unwrap();
    let join = COLLECT.replace(
        "<<count>>",
        "SELECT COUNT(*) INTO n FROM items i JOIN TABLE(l) x ON x.column_value = i.id;",
    );
    let per_element = COLLECT.replace(
        "<<count>>",
        "FOR k IN 1 .. l.COUNT LOOP
           v := l(k);
           SELECT COUNT(*) INTO m FROM items WHERE id = v;
           n := n + m;
         END LOOP;",
    );
    let mut g = c.benchmark_group("table_fn_1000_of_10000");
    g.sample_size(10);
    g.bench_function("table_join", |b| b.iter(|| sys.execute(&join).unwrap()));
    g.bench_function("per_element_select", |b| b.iter(|| sys.execute(&per_element).unwrap()));
    g.finish();
}

criterion_group!(benches, table_join);
criterion_main!(benches);
