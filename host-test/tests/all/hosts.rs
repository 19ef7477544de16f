//! The component in hosts this project did not write. Each test runs when its host is
//! installed (see `hosts/*/run.sh`) and says so when it is not.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Runs a `hosts/` script with this build's component and CLI; returns what it printed.
fn run_script(script: &str, args: &[&str]) -> String {
    let output = Command::new("bash")
        .arg(Path::new(ROOT).join(script))
        .args(args)
        .env("OKTA_BLOCK_BIN", env!("CARGO_BIN_EXE_okta-block"))
        .env_remove("LOAD")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}: {stdout}\n{stderr}");
    stdout
}

/// The stock wasmtime CLI, where `hosts/wasmtime-cli/run.sh` installed it.
fn wasmtime_cli() -> Option<PathBuf> {
    let tools = std::env::var_os("OKTA_BLOCK_TOOLS")
        .map(PathBuf::from)
        .or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
            Some(cache.join("okta-block/tools"))
        })?;
    let wasmtime = tools.join("bin/wasmtime");
    wasmtime.exists().then_some(wasmtime)
}

#[test]
fn node_through_jco() {
    if !Path::new(ROOT)
        .join("hosts/jco/node_modules/@bytecodealliance/jco")
        .exists()
    {
        eprintln!("skipped: jco is not installed; `bash hosts/jco/run.sh` installs it");
        return;
    }
    let stdout = run_script("hosts/jco/run.sh", &[env!("OKTA_BLOCK_COMPONENT")]);
    assert!(stdout.contains("jco: all calls behaved"), "{stdout}");
}

#[test]
fn the_stock_wasmtime_cli() {
    if wasmtime_cli().is_none() {
        eprintln!(
            "skipped: the wasmtime CLI is not installed; `bash hosts/wasmtime-cli/run.sh` installs it"
        );
        return;
    }
    let stdout = run_script("hosts/wasmtime-cli/run.sh", &[env!("OKTA_BLOCK_COMPONENT")]);
    assert!(stdout.contains("ok({users: [{id: "), "{stdout}");
    assert!(stdout.contains("has-more: true"), "{stdout}");
    assert!(
        stdout.contains("err(not-found({status: 404, error-code: some(\"E0000007\")"),
        "{stdout}"
    );
    assert!(
        stdout.contains("err(invalid-input({field: \"userId\""),
        "{stdout}"
    );
}

#[test]
fn the_http_face_under_wasmtime_serve() {
    if wasmtime_cli().is_none() {
        eprintln!(
            "skipped: the wasmtime CLI is not installed; `bash hosts/wasmtime-cli/run.sh` installs it"
        );
        return;
    }
    let stdout = run_script("hosts/http-face/run.sh", &[]);
    assert!(
        stdout.contains(r#""name":"Engineering""#) && stdout.contains("HTTP 200"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""kind":"notFound""#) && stdout.contains("HTTP 404"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""field":"userId","kind":"invalidInput""#) && stdout.contains("HTTP 400"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("demo-okta-token"),
        "the token must not be echoed"
    );
}
