//! Golden scripts: every `tests/scripts/**/*.sql` and `plsql/examples/*.sql` is run by the same
//! runner as `vsession run`, and its transcript is compared with the `.out` file beside it.
//!
//! One trial per file, named by its path (`cargo test --test golden kill_inactive`).
//! `UPDATE_GOLDENFILES=1 cargo test --test golden` rewrites the `.out` files; CI never sets it.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            scripts(&path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
}

fn run(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (transcript, status) =
        vsession::script::run_script_text(&text, vsession::script::script_config());
    let actual = format!("{transcript}[exit status {status}]\n");
    let expected_path = path.with_extension("out");
    if std::env::var_os("UPDATE_GOLDENFILES").is_some() {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).map_err(|_| {
        format!(
            "{} is missing: create it with UPDATE_GOLDENFILES=1 cargo test --test golden",
            expected_path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(diff(&expected, &actual).into())
}

/// The first differing lines, with context, so a failure says where the transcript went wrong.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    let mut msg = format!("transcript differs from line {}:\n--- expected\n", first + 1);
    for l in e.iter().skip(from).take(8) {
        msg.push_str(&format!("  {l}\n"));
    }
    msg.push_str("+++ actual\n");
    for l in a.iter().skip(from).take(8) {
        msg.push_str(&format!("  {l}\n"));
    }
    msg
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    scripts(&root.join("tests/scripts"), &mut files);
    scripts(&root.join("plsql/examples"), &mut files);
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            Trial::test(name, move || run(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
