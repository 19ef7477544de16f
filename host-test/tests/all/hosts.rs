//! The component in hosts this project did not write. Each test runs when its host is
//! installed (see `hosts/*/run.sh`) and says so when it is not.

use std::path::Path;
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

#[test]
fn node_through_jco() {
    let jco = Path::new(ROOT).join("hosts/jco");
    if !jco.join("node_modules/@bytecodealliance/jco").exists() {
        eprintln!("skipped: jco is not installed; `bash hosts/jco/run.sh` installs it");
        return;
    }
    let output = Command::new("bash")
        .arg(jco.join("run.sh"))
        .arg(env!("OKTA_BLOCK_COMPONENT"))
        .env("OKTA_BLOCK_BIN", env!("CARGO_BIN_EXE_okta-block"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("jco: all calls behaved"), "{stdout}");
}
