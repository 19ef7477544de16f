//! The `okta-block` CLI as a user runs it: separate processes sharing an org through
//! `--state`, recording and replaying, errors and help.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn okta_block(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okta-block"))
        .args(args)
        .env_remove("OKTA_DOMAIN")
        .env_remove("OKTA_API_TOKEN")
        .output()
        .expect("the CLI runs")
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-block-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn state_arg(path: &Path) -> String {
    path.to_str().unwrap().to_string()
}

#[test]
fn steps_of_a_workflow_share_the_org_through_state() {
    let dir = scratch("state");
    let state = state_arg(&dir.join("org.json"));
    let created = okta_block(&[
        "create_user",
        "--state",
        &state,
        "--set",
        "firstName=Margaret",
        "--set",
        "lastName=Hamilton",
        "--set",
        "email=margaret@example.com",
        "--set",
        "activate=false",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let user_id = json_of(&created)["id"].as_str().unwrap().to_string();

    let activated = okta_block(&[
        "activate_user",
        "--state",
        &state,
        "--input",
        &format!(r#"{{"userId": "{user_id}", "sendEmail": false}}"#),
    ]);
    assert!(activated.status.success());
    assert!(json_of(&activated)["activationUrl"].is_string());

    let group = okta_block(&["create_group", "--state", &state, "--set", "name=Apollo"]);
    let group_id = json_of(&group)["id"].as_str().unwrap().to_string();
    let added = okta_block(&[
        "add_user_to_group",
        "--state",
        &state,
        "--set",
        &format!("groupId={group_id}"),
        "--set",
        &format!("userId={user_id}"),
    ]);
    assert_eq!(json_of(&added)["added"], true);

    let members = okta_block(&[
        "list_group_members",
        "--state",
        &state,
        "--set",
        &format!("groupId={group_id}"),
    ]);
    let members = json_of(&members);
    assert_eq!(members["count"], 1);
    assert_eq!(members["members"][0]["id"], user_id.as_str());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_recording_replays_to_the_same_output_without_the_token() {
    let dir = scratch("record");
    let transcript = state_arg(&dir.join("transcript.json"));
    let recorded = okta_block(&["list_groups", "--set", "q=Eng", "--record", &transcript]);
    assert!(recorded.status.success());
    let text = std::fs::read_to_string(&transcript).unwrap();
    assert!(
        !text.contains(okta_block_host::emulator::DEMO_TOKEN),
        "the recording holds the token"
    );
    assert!(text.contains("SSWS [REDACTED]"));

    let replayed = okta_block(&["list_groups", "--set", "q=Eng", "--replay", &transcript]);
    assert!(
        replayed.status.success(),
        "{}",
        String::from_utf8_lossy(&replayed.stderr)
    );
    assert_eq!(json_of(&replayed), json_of(&recorded));

    let wrong = okta_block(&["list_users", "--replay", &transcript]);
    assert_eq!(wrong.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&wrong.stderr)
            .contains("replay failed: the transcript expects GET /api/v1/groups?q=Eng")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_okta_error_prints_its_code_and_exits_non_zero() {
    let output = okta_block(&[
        "get_user",
        "--set",
        "userId=nobody@example.com",
        "--set",
        "maxRetries=0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("E0000007"), "{stderr}");
    assert_eq!(json_of(&output)["error"]["kind"], "notFound");
    let bad = okta_block(&["list_users", "--set", "limit=0"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("limit: must be between 1 and 200"));
}

#[test]
fn a_real_org_token_is_never_printed() {
    // 127.0.0.1:9 is not allowed (and nothing listens there): the request fails before any
    // socket opens, and neither output nor error repeats the token.
    let secret = "00real-token-SECRET-987654";
    let output = Command::new(env!("CARGO_BIN_EXE_okta-block"))
        .args([
            "get_user",
            "--set",
            "userId=x",
            "--set",
            "maxRetries=0",
            "--domain",
            "http://127.0.0.1:9",
        ])
        .env("OKTA_API_TOKEN", secret)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("not in the block's allowed egress"), "{all}");
    assert!(!all.contains(secret));
}

#[test]
fn operations_and_help_come_from_blocks_json() {
    let list = okta_block(&["operations"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert_eq!(text.lines().count(), 48);
    assert!(text.lines().any(|l| l.starts_with("list_group_members")));
    let help = okta_block(&["create_user", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("firstName (string, required)"), "{text}");
    assert!(
        text.contains("activate (boolean, optional, default true)"),
        "{text}"
    );
}

#[test]
fn the_demo_workflow_runs_to_the_end() {
    let output = okta_block(&["demo"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Done: 23 steps"), "{text}");
    // The workflow's story, in order: the rule places Ada, so adding her by hand changes
    // nothing; she gets an app and a factor, signs in, and offboarding undoes it all; the
    // System Log tells it back.
    let story = [
        "[create_group_rule]",
        "POST /api/v1/groups/rules/",
        "\"alreadyMember\": true",
        "[assign_user_to_app]",
        "\"status\": \"PENDING_ACTIVATION\"",
        "POST /api/v1/sessions -> 200",
        "[get_session]",
        "\"revoked\": true",
        "\"devicesForgotten\": true",
        "[reset_all_factors]",
        "\"removed\": true",
        "\"deleted\": true",
        "[get_logs]",
        "group.user_membership.add",
        "user.session.start",
        "user.session.end",
        "user.mfa.factor.reset_all",
        "application.user_membership.remove",
        "user.lifecycle.delete.completed",
    ];
    let mut rest = text.as_ref();
    for fragment in story {
        let at = rest
            .find(fragment)
            .unwrap_or_else(|| panic!("the demo does not show {fragment} where expected:\n{text}"));
        rest = &rest[at + fragment.len()..];
    }
    assert!(!text.contains(okta_block_host::emulator::DEMO_TOKEN));
}

#[test]
fn two_processes_filling_an_empty_cache_at_once_both_answer() {
    // Each process compiles the component and writes the cache through a file of its own,
    // renamed into place: neither reads the other's half-written artifact.
    let cache = std::env::temp_dir().join(format!("okta-block-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_okta-block"))
            .args(["list_groups", "--set", "limit=1"])
            .env_remove("OKTA_DOMAIN")
            .env_remove("OKTA_API_TOKEN")
            .env("OKTA_BLOCK_CACHE_DIR", &cache)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (start(), start());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        assert_eq!(json_of(&output)["count"], 1);
    }
    let files: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "one artifact and no leftovers: {files:?}");
    assert!(files[0].ends_with(".cwasm"), "{files:?}");
    // And the next process loads what they wrote.
    let output = start().wait_with_output().unwrap();
    assert!(output.status.success());
    let _ = std::fs::remove_dir_all(&cache);
}

/// Runs the CLI under a pseudo-terminal (`script` from util-linux): its stderr is the terminal,
/// its stdout goes to `stdout`. Returns what the terminal showed.
fn under_a_terminal(args: &[&str], stdout: &std::path::Path) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let command = std::iter::once(env!("CARGO_BIN_EXE_okta-block"))
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .args([
            "-qefc",
            &format!("{command} > {}", quote(&stdout.to_string_lossy())),
        ])
        .arg("/dev/null")
        .env("TERM", "xterm-256color")
        .env("OKTA_API_TOKEN", okta_block_host::emulator::DEMO_TOKEN)
        .env_remove("OKTA_DOMAIN")
        .output()
        .expect("script (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_run_shows_its_progress_on_a_terminal_and_nowhere_else() {
    use okta_block_host::emulator::Emulator;
    // 4,000 users, 20 pages, at 8 requests per 2-second window: the block waits twice or more.
    let org = Emulator::with_users(4_000);
    org.set_rate_limit(Some(8));
    org.set_rate_window(std::time::Duration::from_secs(2));
    let server = okta_block_host::serve::serve(std::sync::Arc::new(org), 0)
        .await
        .unwrap();
    let origin = server.origin();
    let authority = origin.trim_start_matches("http://").to_string();
    let args = [
        "list_users",
        "--set",
        "returnAll=true",
        "--set",
        "maxResults=4000",
        "--domain",
        &origin,
        "--allow-host",
        &authority,
    ];
    let dir = std::env::temp_dir().join(format!("okta-block-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (args, dir) = (
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        dir.clone(),
    );
    let (shown, on_terminal, plain, quiet_shown) = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let shown = under_a_terminal(&args, &dir.join("terminal.json"));
        let plain = Command::new(env!("CARGO_BIN_EXE_okta-block"))
            .args(&args)
            .env("OKTA_API_TOKEN", okta_block_host::emulator::DEMO_TOKEN)
            .env_remove("OKTA_DOMAIN")
            .output()
            .unwrap();
        let mut quiet = args.clone();
        quiet.push("--quiet");
        let quiet_shown = under_a_terminal(&quiet, &dir.join("quiet.json"));
        let on_terminal = std::fs::read(dir.join("terminal.json")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        (shown, on_terminal, plain, quiet_shown)
    })
    .await
    .unwrap();

    // The line appears, counts up, shows the wait, and is cleared at the end.
    assert!(shown.contains("list_users: "), "{shown:?}");
    // Requests so far, from "N requests" and, while waiting, "N pages so far", in order.
    let counts: Vec<u64> = shown
        .split("list_users: ")
        .filter_map(|part| {
            let text = part.split(['\r', '\u{1b}']).next()?;
            let number = |after: &str| {
                let before = text.split(after).next().filter(|b| b.len() < text.len())?;
                before.rsplit(' ').next()?.parse::<u64>().ok()
            };
            number(" requests").or_else(|| number(" pages so far"))
        })
        .collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(
        counts
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            >= 3,
        "{counts:?}"
    );
    assert!(shown.contains("waiting "), "no wait shown: {shown:?}");
    assert!(shown.contains("for Okta's rate limit"), "{shown:?}");
    let after_last = shown.rsplit("list_users: ").next().unwrap();
    assert!(
        after_last.contains("\r\u{1b}[2K") || after_last.contains("\u{1b}[2K"),
        "the line is not cleared at the end: {after_last:?}"
    );
    // stdout is the same JSON with or without a terminal; without one, stderr stays empty.
    assert!(plain.status.success());
    assert_eq!(on_terminal, plain.stdout, "stdout differs under a terminal");
    // (A plain listing leaves out the seed's deactivated users.)
    assert!(json_of(&plain)["count"].as_u64().unwrap() > 3_900);
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    // --quiet: nothing on the terminal.
    assert!(!quiet_shown.contains("list_users: "), "{quiet_shown:?}");
}

#[test]
fn serve_logs_a_line_per_request_only_when_asked() {
    use std::io::{BufRead, BufReader, Read, Write};
    for log in [true, false] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_okta-block"));
        command.args(["serve", "--port", "0"]);
        if log {
            command.arg("--log");
        }
        let mut server = command
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(server.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let origin = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap()
            .trim_end_matches([',', '.'])
            .to_string();
        let mut stream =
            std::net::TcpStream::connect(origin.trim_start_matches("http://")).unwrap();
        let token = okta_block_host::emulator::DEMO_TOKEN;
        write!(
            stream,
            "GET /api/v1/groups?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: SSWS {token}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        server.kill().unwrap();
        let mut logged = String::new();
        server
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut logged)
            .unwrap();
        server.wait().unwrap();
        if log {
            let line = logged.lines().next().unwrap_or_default();
            assert!(
                line.starts_with("GET /api/v1/groups?limit=1 200 "),
                "{logged}"
            );
            assert!(line.ends_with(" ms"), "{logged}");
            assert!(!logged.contains(token));
        } else {
            assert!(logged.is_empty(), "quiet by default: {logged}");
        }
    }
}
