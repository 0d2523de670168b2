//! The `vsession` command: `run` scripts, `serve` (later), `repl` (later).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use vsession::script;

/// Oracle-compatible session-control engine.
#[derive(Parser)]
#[command(name = "vsession", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run SQL*Plus-style scripts, one after another, on one engine; print the transcript.
    Run {
        /// Script files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Use the wall clock instead of virtual time.
        #[arg(long)]
        real_time: bool,
        /// Seconds a killer waits for a session in an uninterruptible phase (default 60).
        #[arg(long, value_name = "SECONDS")]
        kill_wait: Option<f64>,
    },
    /// PostgreSQL wire-protocol server (not yet implemented).
    Serve,
    /// Interactive shell (not yet implemented).
    Repl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Run { files, real_time, kill_wait } => run(&files, real_time, kill_wait),
        Cmd::Serve | Cmd::Repl => {
            eprintln!("vsession: not yet implemented");
            ExitCode::from(2)
        }
    }
}

fn run(files: &[PathBuf], real_time: bool, kill_wait: Option<f64>) -> ExitCode {
    let mut config = script::script_config();
    config.virtual_time = !real_time;
    if let Some(secs) = kill_wait {
        match Duration::try_from_secs_f64(secs) {
            Ok(d) => config.kill_wait = d,
            Err(_) => {
                eprintln!("vsession: --kill-wait needs a number of seconds >= 0");
                return ExitCode::from(2);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match script::run_files(files, config, &mut out) {
        Ok(status) => ExitCode::from(u8::try_from(status.rem_euclid(256)).unwrap_or(1)),
        Err(e) => {
            eprintln!("vsession: {e}");
            ExitCode::from(1)
        }
    }
}
