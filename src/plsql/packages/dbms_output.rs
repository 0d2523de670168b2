//! DBMS_OUTPUT: the session's line buffer. Lines are kept only while it is enabled; the
//! client (the script runner, when SERVEROUTPUT is ON) takes them after each call.

use super::{NativeArg, arg, set};
use crate::error::{Code, OraError};
use crate::exec::Ctx;
use crate::plsql::interp::{Collection, Key};
use crate::value::Value;

/// ORU-10028: a line longer than this is an error.
const MAX_LINE: usize = 32767;

/// One session's DBMS_OUTPUT state, kept across calls.
#[derive(Debug, Default, Clone)]
pub struct OutputBuffer {
    /// ENABLE called (and not DISABLE since).
    pub enabled: bool,
    /// Completed lines not yet read.
    pub lines: Vec<String>,
    /// The line being built by PUT.
    partial: String,
    /// buffer_size in bytes; None = unlimited (ENABLE(NULL)).
    limit: Option<usize>,
}

impl OutputBuffer {
    /// ENABLE(buffer_size): keeps lines already buffered.
    pub fn enable(&mut self, limit: Option<usize>) {
        self.enabled = true;
        self.limit = limit;
    }

    /// DISABLE: drops everything buffered.
    pub fn disable(&mut self) {
        *self = OutputBuffer::default();
    }

    /// Takes the completed lines.
    pub fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.lines)
    }

    fn used(&self) -> usize {
        self.lines.iter().map(|l| l.len()).sum::<usize>() + self.partial.len()
    }

    fn put(&mut self, text: &str) -> Result<(), OraError> {
        if !self.enabled {
            return Ok(());
        }
        if self.partial.len() + text.len() > MAX_LINE {
            return Err(oru(&format!(
                "ORU-10028: line length overflow, limit of {MAX_LINE} bytes per line"
            )));
        }
        if let Some(limit) = self.limit
            && self.used() + text.len() > limit
        {
            return Err(oru(&format!("ORU-10027: buffer overflow, limit of {limit} bytes")));
        }
        self.partial.push_str(text);
        Ok(())
    }

    fn new_line(&mut self) {
        if self.enabled {
            self.lines.push(std::mem::take(&mut self.partial));
        }
    }
}

/// ORA-20000 with an ORU- text, as the package raises it.
fn oru(text: &str) -> OraError {
    OraError::with_text(Code::ora(20000), text)
}

fn text_arg(args: &[NativeArg]) -> String {
    arg(args, 0).to_text().unwrap_or_default()
}

/// ENABLE(buffer_size): NULL means unlimited; sizes are clamped to 2000..1000000.
pub fn enable(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let limit = arg(args, 0).to_i64()?.map(|n| n.clamp(2000, 1_000_000) as usize);
    ctx.output.enable(limit);
    Ok(None)
}

/// DISABLE.
pub fn disable(ctx: &mut Ctx<'_>, _args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    ctx.output.disable();
    Ok(None)
}

/// PUT(a).
pub fn put(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    ctx.output.put(&text_arg(args))?;
    Ok(None)
}

/// PUT_LINE(a).
pub fn put_line(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    ctx.output.put(&text_arg(args))?;
    ctx.output.new_line();
    Ok(None)
}

/// NEW_LINE.
pub fn new_line(ctx: &mut Ctx<'_>, _args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    ctx.output.new_line();
    Ok(None)
}

/// GET_LINE(line OUT, status OUT): status 0 and the first line, or 1 and NULL.
pub fn get_line(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    if ctx.output.lines.is_empty() {
        set(args, 0, Value::Null);
        set(args, 1, Value::int(1));
    } else {
        let line = ctx.output.lines.remove(0);
        set(args, 0, Value::text(line));
        set(args, 1, Value::int(0));
    }
    Ok(None)
}

/// GET_LINES(lines OUT, numlines IN OUT): up to numlines lines into lines(1..n).
pub fn get_lines(ctx: &mut Ctx<'_>, args: &mut [NativeArg]) -> Result<Option<Value>, OraError> {
    let want = arg(args, 1).to_i64()?.unwrap_or(0).max(0) as usize;
    let n = want.min(ctx.output.lines.len());
    let mut coll = Collection::default();
    for (i, line) in ctx.output.lines.drain(..n).enumerate() {
        coll.map.insert(Key::Int(i as i64 + 1), vec![Value::text(line)]);
    }
    if let Some(a) = args.get_mut(0) {
        *a = NativeArg::Coll(coll);
    }
    set(args, 1, Value::int(n as i64));
    Ok(None)
}
