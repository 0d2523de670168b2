//! VSESSION_JOBS (a vsession extension, not Oracle): the work rate of CockroachDB jobs, and
//! test jobs that count units of work (see `plsql/packages/vsession_jobs.pks`).

use super::{NativeArg, arg};
use crate::error::OraError;
use crate::exec::Ctx;
use crate::jobs::testbed::Counter;
use crate::jobs::{CREATED_BY_SCHEDULE, CreatedBy, NewJob};
use crate::value::Value;

/// SET_WORK_RATE(units_per_second).
pub fn set_work_rate(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let rate = count(&arg(args, 0))?.unwrap_or(0);
    ctx.db.jobs.set_work_rate(rate);
    Ok(None)
}

/// START_JOB(job_type, description, units, cancelable, fail_at, schedule_id).
pub fn start_job(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let job_type = arg(args, 0).to_text().unwrap_or_default().to_ascii_uppercase();
    let description = arg(args, 1).to_text().unwrap_or_default();
    let units = count(&arg(args, 2))?.unwrap_or(0);
    let cancelable = !matches!(arg(args, 3), Value::Bool(false));
    let fail_at = count(&arg(args, 4))?;
    let work = Box::new(Counter::new(units, fail_at));
    let mut job = NewJob::new(&job_type, &description, ctx.me.username(), work);
    job.noncancelable = !cancelable;
    job.created_by =
        arg(args, 5).to_i64()?.map(|id| CreatedBy { kind: CREATED_BY_SCHEDULE.into(), id });
    ctx.db.jobs.create(job);
    Ok(None)
}

fn count(v: &Value) -> Result<Option<u64>, OraError> {
    Ok(v.to_i64()?.map(|n| n.max(0) as u64))
}
