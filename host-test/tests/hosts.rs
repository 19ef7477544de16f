//! The component in hosts this project did not write: the stock wasmtime CLI, Node.js through
//! jco, the HTTP face under `wasmtime serve`, and the Obelisk workflow engine (the block as an
//! activity, called from a workflow); the block's page in Debian's Chromium, driven by
//! Playwright; and the emulated org under clients this project did not write: Okta's own Python
//! SDK, the current 3.x and the last 2.x.
//!
//! Each host is installed once, outside the clone, by `bash hosts/install.sh`. A test whose host
//! is missing is reported as *ignored*, with the reason and the install command, never as
//! passed. With `OKTA_BLOCK_REQUIRE_HOSTS=1` (CI sets it) a missing host fails the test instead,
//! so a green run means every host really ran.
//!
//! A custom harness (libtest-mimic) because libtest can only ignore a test when it is compiled,
//! and whether a host is installed is known only when the tests run.

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const COMPONENT: &str = env!("OKTA_BLOCK_COMPONENT");
const CLI: &str = env!("CARGO_BIN_EXE_okta-block");

fn main() {
    let tests = vec![
        host_test(
            "the_stock_wasmtime_cli",
            "wasmtime-cli",
            the_stock_wasmtime_cli,
        ),
        host_test("node_through_jco", "jco", node_through_jco),
        host_test(
            "the_http_face_under_wasmtime_serve",
            "wasmtime-cli",
            the_http_face_under_wasmtime_serve,
        ),
        host_test(
            "an_obelisk_workflow_calls_the_block",
            "obelisk",
            an_obelisk_workflow_calls_the_block,
        ),
        host_test("the_page_in_chromium", "browser", the_page_in_chromium),
        host_test(
            "the_page_is_built_from_its_source",
            "npm",
            the_page_is_built_from_its_source,
        ),
        host_test(
            "okta_sdk_python_3_against_the_emulated_org",
            "okta-sdk-3.4.6",
            || okta_sdk_workflow("3.4.6"),
        ),
        host_test(
            "okta_sdk_python_2_against_the_emulated_org",
            "okta-sdk-2.9.13",
            || okta_sdk_workflow("2.9.13"),
        ),
    ];
    libtest_mimic::run(&Arguments::from_args(), tests).exit();
}

/// A test that needs `host` from the tool cache: ignored with the reason when it is missing
/// (failed instead under `OKTA_BLOCK_REQUIRE_HOSTS=1`), run otherwise.
fn host_test(name: &'static str, host: &'static str, check: fn() -> Result<(), Failed>) -> Trial {
    Trial::ignorable_test(name, move || {
        if let Some(missing) = missing(host) {
            // The install step: each SDK version's environment comes from `okta-sdk`.
            let step = if host.starts_with("okta-sdk-") {
                "okta-sdk"
            } else {
                host
            };
            let reason = if host == "npm" {
                format!("{missing} (Node.js's own package manager)")
            } else {
                format!("{missing}; install it with `bash hosts/install.sh {step}`")
            };
            if std::env::var_os("OKTA_BLOCK_REQUIRE_HOSTS").is_some_and(|v| v == "1") {
                return Err(format!("OKTA_BLOCK_REQUIRE_HOSTS=1 but {reason}").into());
            }
            return Ok(Completion::ignored_with(reason));
        }
        check().map(|()| Completion::Completed)
    })
}

/// The tool cache `hosts/install.sh` fills (the same rule as `hosts/lib.sh`).
fn tools() -> PathBuf {
    if let Some(dir) = std::env::var_os("OKTA_BLOCK_TOOLS") {
        return dir.into();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("okta-block/tools")
}

/// Why `host` cannot run here, or `None` when it is installed.
fn missing(host: &str) -> Option<String> {
    let tools = tools();
    let (what, path) = match host {
        "wasmtime-cli" => ("the wasmtime CLI", tools.join("bin/wasmtime")),
        "jco" => ("jco", tools.join("jco/node_modules/.bin/jco")),
        "obelisk" => ("Obelisk", tools.join("bin/obelisk")),
        "browser" => {
            if !Path::new("/usr/bin/chromium").exists() {
                return Some("Chromium is not installed (/usr/bin/chromium is missing)".into());
            }
            (
                "playwright-core",
                tools.join("browser/node_modules/playwright-core"),
            )
        }
        "npm" => {
            return Command::new("npm")
                .arg("--version")
                .output()
                .is_err()
                .then(|| "building the page needs npm, and `npm` is not on the PATH".into());
        }
        sdk if sdk.starts_with("okta-sdk-") => (
            "Okta's Python SDK",
            // Written last by the install, so a half-done install counts as missing.
            tools.join(sdk).join("requirements.txt"),
        ),
        other => return Some(format!("no such host `{other}`")),
    };
    if !path.exists() {
        return Some(format!(
            "{what} is not installed ({} is missing)",
            path.display()
        ));
    }
    if ["jco", "browser"].contains(&host) && Command::new("node").arg("--version").output().is_err()
    {
        return Some(format!(
            "{what} needs Node.js, and `node` is not on the PATH"
        ));
    }
    None
}

/// Runs a `hosts/` script with this build's component and CLI; returns what it printed.
fn run_script(script: &str, args: &[&str]) -> Result<String, Failed> {
    let output = Command::new("bash")
        .arg(Path::new(ROOT).join(script))
        .args(args)
        .env("OKTA_BLOCK_BIN", CLI)
        .env_remove("LOAD")
        .output()
        .map_err(|e| format!("bash {script}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{script} failed: {stdout}\n{stderr}").into());
    }
    Ok(stdout)
}

/// Fails with the whole output unless every expected piece is in it.
fn expect_all(stdout: &str, expected: &[&str]) -> Result<(), Failed> {
    match expected.iter().find(|piece| !stdout.contains(*piece)) {
        Some(piece) => Err(format!("expected `{piece}` in:\n{stdout}").into()),
        None => Ok(()),
    }
}

fn the_stock_wasmtime_cli() -> Result<(), Failed> {
    let stdout = run_script("hosts/wasmtime-cli/run.sh", &[COMPONENT])?;
    expect_all(
        &stdout,
        &[
            "ok({users: [{id: ",
            "has-more: true",
            "err(not-found({status: 404, error-code: some(\"E0000007\")",
            "err(invalid-input({field: \"userId\"",
        ],
    )
}

fn node_through_jco() -> Result<(), Failed> {
    let stdout = run_script("hosts/jco/run.sh", &[COMPONENT])?;
    expect_all(
        &stdout,
        &[
            "create-user: ",
            "get-user (unknown): not-found E0000007",
            "get-user (bad id): invalid-input userId",
            "assign-user-to-app: ",
            "list-group-rules: 1 rules, Sales department ACTIVE",
            "enroll-factor: email PENDING_ACTIVATION",
            "get-logs: user.lifecycle.create user.lifecycle.activate",
            "jco: all calls behaved",
        ],
    )
}

fn the_http_face_under_wasmtime_serve() -> Result<(), Failed> {
    let stdout = run_script("hosts/http-face/run.sh", &[])?;
    expect_all(
        &stdout,
        &[
            r#""name":"Engineering""#,
            "HTTP 200",
            "> list_groups as a form sends it\n{\"count\":1,",
            r#""kind":"notFound""#,
            "HTTP 404",
            r#""field":"userId","kind":"invalidInput""#,
            "HTTP 400",
            r#""name":"Sales department""#,
        ],
    )?;
    if stdout.contains("demo-okta-token") {
        return Err(format!("the token was echoed:\n{stdout}").into());
    }
    Ok(())
}

/// Okta's own Python SDK runs a whole workflow against `okta-block serve`: paging, users in every
/// lifecycle step, groups, the newer areas, and the error codes a workflow tells apart.
fn okta_sdk_workflow(version: &str) -> Result<(), Failed> {
    let stdout = run_script("hosts/okta-sdk/run.sh", &[version])?;
    expect_all(
        &stdout,
        &[
            "ok: list_users: ",
            "ok: get_user by id and by login",
            "ok: create_user: STAGED and ACTIVE",
            "ok: update: partial keeps the rest, full replaces the profile",
            "ok: activate an active user: 403 E0000016",
            "ok: unlock a user who is not locked out: 403 E0000032",
            "ok: deactivate a deactivated user: 403 E0000038",
            "ok: groups: create, find, add, list members, remove, delete",
            "ok: apps: assign a user, list the app's users, unassign",
            "ok: group rules: create, activate (",
            "ok: roles: assign HELP_DESK_ADMIN, unassign",
            "ok: factors: enroll a security question, list, unenroll",
            "ok: sessions: get, refresh, end",
            "ok: get a deleted user: 404 E0000007",
            "ok: a search that does not parse: 400 E0000031",
            "ok: a wrong token: 401 E0000011",
            &format!("okta-sdk {version}: the workflow passed"),
        ],
    )
}

/// The block as an Obelisk activity: the onboarding workflow runs to the end with the new user in
/// the group; a not-found comes back to the workflow typed and is not retried; a server that never
/// answers ends in `execution-failed`; and the token is nowhere in Obelisk's database or logs
/// (the script fails if it is).
fn an_obelisk_workflow_calls_the_block() -> Result<(), Failed> {
    let stdout = run_script("hosts/obelisk/run.sh", &[COMPONENT])?;
    expect_all(
        &stdout,
        &[
            "exports registered: 48",
            // Activated without a password: PROVISIONED, and in the group.
            "Execution finished: OK: {\"user_id\":\"00u",
            "\"status\":\"PROVISIONED\"",
            "\"grace.hopper@example.com\"]}",
            "block run: add-user-to-group, 1 run, 0 retries, ok",
            // The not-found reaches the workflow typed, after one run.
            "Execution finished: Error: {\"not_found\":{\"status\":404,\"error_code\":\"E0000007\"",
            "block run: get-user, 1 run, 0 retries, err not_found",
            // The stuck org: the engine ends the run at its lock expiry.
            "block run: get-user, 1 run, 0 retries, execution_failure timed_out",
            "Execution finished: Error: \"execution_failed\"",
            "token: not in Obelisk's database or logs",
        ],
    )
}

/// The block's page, in Debian's Chromium driven by Playwright: forms from blocks.json filled and
/// run (create_user, add_user_to_group, list_group_members), an invalid input stopped at its
/// field with no request, a typed error, a real org's token typed in, the workflow view, and the
/// token nowhere in the page, its storage, URLs or answers. Screenshots: target/page-screenshots.
fn the_page_in_chromium() -> Result<(), Failed> {
    let stdout = run_script("hosts/browser/run.sh", &[])?;
    expect_all(
        &stdout,
        &[
            "ok: the operation list has every operation (48)",
            "ok: a boolean is a switch",
            "ok: a missing required field shows the schema's message",
            "ok: and nothing is sent",
            "ok: the request headers are shown, the token redacted",
            "ok: list_group_members lists her",
            "ok: a not-found shows its kind, status and Okta code",
            "ok: the workflow runs to the end (10 of 10 steps succeeded)",
            "ok: the token is not in the page",
            "ok: no errors in the console",
            "browser: the page behaved",
        ],
    )
}

/// web/dist, which the binary embeds, is what `web/build.sh` makes of web/src now.
fn the_page_is_built_from_its_source() -> Result<(), Failed> {
    let out = std::env::temp_dir().join(format!("okta-block-page-{}", std::process::id()));
    let built = run_script("web/build.sh", &[out.to_str().unwrap_or_default()]);
    let compared = built.and_then(|_| {
        let diff = Command::new("diff")
            .args(["-rq"])
            .arg(&out)
            .arg(Path::new(ROOT).join("web/dist"))
            .output()
            .map_err(|e| format!("diff: {e}"))?;
        if diff.status.success() {
            Ok(())
        } else {
            Err(format!(
                "web/dist is not what web/src builds to; run `bash web/build.sh` and commit web/dist:\n{}",
                String::from_utf8_lossy(&diff.stdout)
            )
            .into())
        }
    });
    let _ = std::fs::remove_dir_all(&out);
    compared
}
