//! The `vsession` command: `run` scripts, `serve` the PostgreSQL wire protocol, `repl`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use vsession::{script, server};

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
        /// Release whose behaviour to follow where releases differ: 19c (an IMMEDIATE kill
        /// drops the victim's connection: ORA-03135 / ORA-03113, then ORA-03114) or 11g
        /// (ORA-00028, then ORA-01012).
        #[arg(long, value_enum, default_value = "19c")]
        compatible: Release,
    },
    /// PostgreSQL wire-protocol server: psql and PostgreSQL drivers connect, one session
    /// per connection (users SYS and SYSTEM, password `manager`, exist by default).
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:15210")]
        listen: std::net::SocketAddr,
        /// Seconds a killer waits for a session in an uninterruptible phase (default 60).
        #[arg(long, value_name = "SECONDS")]
        kill_wait: Option<f64>,
        /// Create an account at startup: name/password[:role] (CONNECT is always granted).
        #[arg(long = "user", value_name = "NAME/PASSWORD[:ROLE]")]
        users: Vec<String>,
        /// File of accounts, one name/password[:role] a line (`#` comments).
        #[arg(long = "users", value_name = "FILE")]
        users_file: Option<PathBuf>,
        /// Most sessions at once (Oracle's SESSIONS); more logons get ORA-00018.
        #[arg(long, default_value_t = 1024)]
        max_sessions: usize,
        /// Password exchange: scram (SCRAM-SHA-256, as PostgreSQL) or cleartext (for
        /// clients without SCRAM; use on loopback or behind TLS termination).
        #[arg(long, value_enum, default_value = "scram")]
        auth: AuthArg,
    },
    /// Interactive shell on an embedded engine (reads stdin when it is not a terminal).
    Repl {
        /// Log on as user/password at start (default system/manager; /nolog: not connected).
        logon: Option<String>,
        /// Use virtual time (as `vsession run`) instead of the wall clock.
        #[arg(long)]
        virtual_time: bool,
        /// Seconds a killer waits for a session in an uninterruptible phase (default 60).
        #[arg(long, value_name = "SECONDS")]
        kill_wait: Option<f64>,
    },
}

/// `--auth` values.
#[derive(Clone, Copy, clap::ValueEnum)]
enum AuthArg {
    /// SCRAM-SHA-256.
    Scram,
    /// Cleartext password.
    Cleartext,
}

/// `--compatible` values.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Release {
    /// Oracle 19c.
    #[value(name = "19c")]
    V19c,
    /// Oracle 11g.
    #[value(name = "11g")]
    V11g,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Run { files, real_time, kill_wait, compatible } => {
            run(&files, real_time, kill_wait, compatible)
        }
        Cmd::Serve { listen, kill_wait, users, users_file, max_sessions, auth } => {
            let auth = match auth {
                AuthArg::Scram => server::Auth::Scram,
                AuthArg::Cleartext => server::Auth::Cleartext,
            };
            let config = server::ServerConfig { listen, max_sessions, auth, ..Default::default() };
            serve(config, kill_wait, &users, users_file.as_deref())
        }
        Cmd::Repl { logon, virtual_time, kill_wait } => repl(logon, virtual_time, kill_wait),
    }
}

/// Parses `--kill-wait`.
fn kill_wait_arg(secs: Option<f64>, config: &mut vsession::Config) -> Result<(), ExitCode> {
    if let Some(secs) = secs {
        match Duration::try_from_secs_f64(secs) {
            Ok(d) => config.kill_wait = d,
            Err(_) => {
                eprintln!("vsession: --kill-wait needs a number of seconds >= 0");
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(())
}

fn serve(
    server_config: server::ServerConfig,
    kill_wait: Option<f64>,
    users: &[String],
    users_file: Option<&std::path::Path>,
) -> ExitCode {
    let mut config = vsession::Config::default();
    if let Err(code) = kill_wait_arg(kill_wait, &mut config) {
        return code;
    }
    let engine = vsession::Engine::new(config);
    let mut specs: Vec<String> = users.to_vec();
    if let Some(path) = users_file {
        match std::fs::read_to_string(path) {
            Ok(text) => specs.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from),
            ),
            Err(e) => {
                eprintln!("vsession: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    for spec in &specs {
        if let Err(e) = server::add_user(&engine, spec) {
            eprintln!("vsession: {e}");
            return ExitCode::from(2);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("vsession: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async move {
        let server = server::Server::bind(engine, server_config).await?;
        eprintln!("vsession: listening on {}", server.local_addr()?);
        server.run().await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vsession: {e}");
            ExitCode::from(1)
        }
    }
}

fn repl(logon: Option<String>, virtual_time: bool, kill_wait: Option<f64>) -> ExitCode {
    let mut config = vsession::Config { virtual_time, ..vsession::Config::default() };
    if let Err(code) = kill_wait_arg(kill_wait, &mut config) {
        return code;
    }
    match vsession::repl::run(config, logon.as_deref()) {
        Ok(status) => ExitCode::from(u8::try_from(status.rem_euclid(256)).unwrap_or(1)),
        Err(e) => {
            eprintln!("vsession: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(files: &[PathBuf], real_time: bool, kill_wait: Option<f64>, release: Release) -> ExitCode {
    let mut config = script::script_config();
    config.virtual_time = !real_time;
    config.compatible = match release {
        Release::V19c => vsession::Compatible::Oracle19c,
        Release::V11g => vsession::Compatible::Oracle11g,
    };
    if let Err(code) = kill_wait_arg(kill_wait, &mut config) {
        return code;
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
