//! Job-control bench: `CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs WHERE ...)` over
//! 10,000 running jobs (issue 7 target: under 20 ms) — the select over the jobs view, the
//! all-or-nothing check of every job, and the cancel requests.
//!
//! Run with `cargo bench --bench jobs`. Each sample gets a fresh engine with 10,000 running
//! test-bed jobs (VSESSION_JOBS counting jobs, 1 unit per engine second on a virtual clock, so
//! they stay running); only the CANCEL statement is timed.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vsession::jobs::NewJob;
use vsession::jobs::testbed::Counter;
use vsession::{Config, ConnectOptions, Engine, Session};

const JOBS: usize = 10_000;

fn setup() -> (Engine, Session) {
    let engine = Engine::new(Config { virtual_time: true, job_work_rate: 1, ..Config::default() });
    let root = engine.connect(&ConnectOptions::new("root", "manager")).unwrap();
    let jobs = &engine.db().jobs;
    for i in 0..JOBS {
        let owner = if i % 2 == 0 { "ROOT" } else { "MAXROACH" };
        let job = NewJob::new(
            "IMPORT",
            "IMPORT INTO t CSV DATA ('x')",
            owner,
            Box::new(Counter::new(1_000, None)),
        );
        jobs.create(job);
    }
    // Let the worker adopt them all (pending -> running).
    engine.db().clock.wait_settled(std::time::Duration::from_secs(30));
    (engine, root)
}

fn cancel_jobs(c: &mut Criterion) {
    let mut g = c.benchmark_group("jobs");
    g.sample_size(20);
    g.bench_function("CANCEL JOBS (SELECT job_id ...) over 10,000 jobs", |b| {
        b.iter_batched(
            setup,
            |(engine, root)| {
                let out = root
                    .execute(
                        "CANCEL JOBS (SELECT job_id FROM crdb_internal.jobs \
                         WHERE user_name = 'maxroach')",
                    )
                    .unwrap();
                black_box(out);
                (engine, root)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, cancel_jobs);
criterion_main!(benches);
