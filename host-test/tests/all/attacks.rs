//! What a hostile server, a hostile input and a crash try (issue 12), each checked the way it
//! was found: scripted answers, a raw fault server on loopback, and the CLI as processes.

use crate::support::*;
use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
use okta_block_host::exchange::Reply;
use okta_block_host::serve::serve;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

// ----- the token never leaves, whatever field echoes it -----

/// The token spelled with JSON escapes: the same text once decoded.
fn escaped_token() -> String {
    TOKEN
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

/// Answers that echo the `Authorization` header in every place a server can put it.
fn echoing_answers(scheme: &str) -> Vec<(&'static str, Reply)> {
    let echoed = format!("{scheme} {TOKEN}");
    let user = |first_name: &str| {
        format!(
            r#"{{"id":"00u1","status":"ACTIVE","created":"2024-01-01T00:00:00.000Z","profile":{{"login":"a@example.com","email":"a@example.com","firstName":"{first_name}","lastName":"L","{TOKEN}":"{echoed}"}}}}"#
        )
    };
    let error = |status: u16| {
        Reply::json(
            status,
            &json!({ "errorCode": "E0000007", "errorSummary": format!("echo: {echoed}"), "errorCauses": [{ "errorSummary": echoed }] }),
        )
        .with_header("X-Okta-Request-Id", &echoed)
    };
    vec![
        (
            "a success with the token in a field, a key and the request id",
            Reply::http(
                200,
                vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("X-Okta-Request-Id".into(), echoed.clone()),
                ],
                Some(user(&echoed)),
            ),
        ),
        (
            "a success with the token JSON-escaped",
            Reply::http(
                200,
                vec![("Content-Type".into(), "application/json".into())],
                Some(user(&escaped_token())),
            ),
        ),
        ("a 404 echoing it", error(404)),
        ("a 401 echoing it", error(401)),
        ("a 400 echoing it", error(400)),
        ("a 500 echoing it", error(500)),
        ("a 429 echoing it", error(429)),
        (
            "a proxy page echoing it",
            Reply::http(
                502,
                vec![("X-Okta-Request-Id".into(), echoed.clone())],
                Some(format!("<html>{echoed}</html>")),
            ),
        ),
        (
            "a redirect to a URL with it",
            Reply::http(
                302,
                vec![(
                    "Location".into(),
                    format!("https://evil.example/?t={TOKEN}"),
                )],
                None,
            ),
        ),
    ]
}

/// The same answer for a listing: a success's user as a page of one.
fn as_page(reply: &Reply) -> Reply {
    match reply {
        Reply::Http { response, delay } if response.status == 200 => Reply::Http {
            response: okta_block_host::ResponseRecord {
                body: response.body.as_ref().map(|user| format!("[{user}]")),
                ..response.clone()
            },
            delay: *delay,
        },
        other => other.clone(),
    }
}

#[tokio::test(start_paused = true)]
async fn an_echoed_token_reaches_no_output_through_any_field() {
    for scheme in ["SSWS", "Bearer"] {
        for (what, reply) in echoing_answers(scheme) {
            // The host's own redaction on, and off as in hosts that have none: the component
            // alone must keep the token out. The token in the input, and in the component's
            // environment with the input's apiKey empty, as engines inject secrets. A listing
            // goes through the typed path (listing.rs), whole and written item by item.
            for (host_redacts, from_environment, operation) in [
                (true, false, "get_user"),
                (false, false, "get_user"),
                (true, true, "get_user"),
                (false, true, "get_user"),
                (true, false, "list_users"),
                (false, true, "list_users"),
            ] {
                let reply = match operation {
                    "list_users" => as_page(&reply),
                    _ => reply.clone(),
                };
                let script = Arc::new(Script::new(vec![reply.clone(), reply]));
                let mut session = Session::in_process(script);
                if !host_redacts {
                    session = session.without_host_redaction();
                }
                if from_environment {
                    session = session.token_in_environment(TOKEN);
                }
                let api_key = if from_environment { "" } else { TOKEN };
                let input = json!({ "domain": DOMAIN, "apiKey": api_key, "authScheme": scheme, "userId": "00u1", "maxRetries": 0 });
                let input = match operation {
                    "list_users" => {
                        json!({ "domain": DOMAIN, "apiKey": api_key, "authScheme": scheme, "maxRetries": 0 })
                    }
                    _ => input,
                };
                let whole = Block::shared()
                    .call(&session, operation, &input)
                    .await
                    .unwrap();
                let mut written = Vec::new();
                Block::shared()
                    .run(&session, operation, &input)
                    .await
                    .unwrap()
                    .write_json(&mut written, false)
                    .unwrap();
                let written = String::from_utf8(written).unwrap();
                assert_eq!(
                    serde_json::from_str::<Value>(&written).unwrap()["success"],
                    whole["success"]
                );
                for text in [whole.to_string(), written] {
                    assert!(
                        !text.contains(TOKEN),
                        "{operation}, {scheme}, {what}, host redacts: {host_redacts}, \
                         from the environment: {from_environment}: {text}"
                    );
                }
                let log = format!("{:?}", session.exchanges());
                assert!(
                    !log.contains(TOKEN),
                    "{what}: the exchange log holds the token"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_not_utf8_is_an_invalid_response() {
    // The network path keeps bytes as they came; in-process answers are text, so the raw
    // fault server below serves the bytes.
    let server = FaultServer::start(|_, stream| {
        let body = b"{\"id\":\"00u1\",\"profile\":{\"firstName\":\"\xff\xfe\"}}";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    });
    let output = server.call("get_user", json!({ "userId": "00u1" })).await;
    assert_invalid_response(&output, "UTF-8");
}

// ----- paging that never ends -----

fn page(body: Value, next: Option<&str>) -> Reply {
    let reply = Reply::json(200, &body);
    match next {
        Some(cursor) => reply.with_header(
            "Link",
            &format!("<https://{DOMAIN}/api/v1/users?after={cursor}&limit=200>; rel=\"next\""),
        ),
        None => reply,
    }
}

#[tokio::test(start_paused = true)]
async fn empty_pages_with_fresh_cursors_end_the_listing_with_its_cursor() {
    let replies = vec![page(json!([]), Some("c1")), page(json!([]), Some("c2"))];
    let script = Arc::new(Script::new(replies));
    let session = Session::in_process(script.clone());
    let input = json!({ "domain": DOMAIN, "apiKey": TOKEN, "returnAll": true, "maxResults": 5 });
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["success"], true, "{output}");
    assert_eq!(output["count"], 0);
    assert_eq!(
        output["hasMore"], true,
        "the cursor lets a workflow go on later"
    );
    assert_eq!(output["nextCursor"], "c1");
    assert_eq!(script.remaining(), 1, "one request, not a loop");
}

#[tokio::test(start_paused = true)]
async fn cursors_that_come_back_are_refused_rather_than_followed() {
    let user = |id: &str| json!([{ "id": id, "status": "ACTIVE", "profile": { "login": format!("{id}@example.com") } }]);
    let replies = vec![
        page(user("00u1"), Some("a")),
        page(user("00u2"), Some("b")),
        page(user("00u3"), Some("a")),
        page(user("00u4"), Some("b")),
    ];
    let script = Arc::new(Script::new(replies));
    let session = Session::in_process(script.clone());
    let input = json!({ "domain": DOMAIN, "apiKey": TOKEN, "returnAll": true });
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["kind"], "invalidResponse", "{output}");
    assert_eq!(
        script.remaining(),
        1,
        "stopped at the first repeated cursor"
    );
}

// ----- a hostile search expression -----

#[tokio::test(start_paused = true)]
async fn a_deeply_nested_search_is_okta_s_400_not_a_crash() {
    let org = Arc::new(Emulator::demo());
    let session = Session::in_process(org);
    // Within the block's own 1 KiB cap on a search, as the attack was.
    for search in [
        "(".repeat(1_024),
        format!("{}status eq \"ACTIVE\"{}", "(".repeat(400), ")".repeat(400)),
    ] {
        let input =
            json!({ "domain": DOMAIN, "apiKey": DEMO_TOKEN, "search": search, "maxRetries": 0 });
        let output = Block::shared()
            .call(&session, "list_users", &input)
            .await
            .unwrap();
        assert_eq!(output["error"]["kind"], "rejected", "{output}");
        assert_eq!(output["error"]["errorCode"], "E0000031", "{output}");
    }
    // The org still answers.
    let input = json!({ "domain": DOMAIN, "apiKey": DEMO_TOKEN, "limit": 1 });
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["success"], true, "{output}");
}

// ----- a raw fault server on loopback -----

/// A TCP server on loopback that runs `handle` on each connection (with its index), in a thread.
struct FaultServer {
    origin: String,
    authority: String,
}

impl FaultServer {
    fn start(handle: impl Fn(usize, &mut TcpStream) + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let authority = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            for (index, stream) in listener.incoming().enumerate() {
                let Ok(mut stream) = stream else { return };
                // Read the request head before answering, as a server would.
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                handle(index, &mut stream);
            }
        });
        Self {
            origin: format!("http://{authority}"),
            authority,
        }
    }

    async fn call(&self, operation: &str, fields: Value) -> Value {
        self.timed_call(operation, fields, None).await.0
    }

    /// Runs `operation` against this server (`fields` may override the connection's), with the
    /// session's `deadline` if given; returns the output and how long the call took.
    async fn timed_call(
        &self,
        operation: &str,
        fields: Value,
        deadline: Option<Duration>,
    ) -> (Value, Duration) {
        let mut input = json!({ "domain": self.origin, "apiKey": TOKEN, "timeoutSeconds": 2 });
        for (key, value) in fields.as_object().unwrap() {
            input[key] = value.clone();
        }
        let mut session = Session::network(std::slice::from_ref(&self.authority));
        if let Some(deadline) = deadline {
            session = session.deadline(deadline);
        }
        let started = Instant::now();
        let output = Block::shared()
            .call(&session, operation, &input)
            .await
            .unwrap();
        assert!(!output.to_string().contains(TOKEN));
        (output, started.elapsed())
    }
}

/// The output is an `invalidResponse` whose reason says `why`.
fn assert_invalid_response(output: &Value, why: &str) {
    assert_eq!(output["error"]["kind"], "invalidResponse", "{output}");
    let reason = output["error"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains(why), "{output}");
}

const USER: &str = r#"{"id":"00u1","status":"ACTIVE","profile":{"login":"a@example.com"}}"#;

fn answer(stream: &mut TcpStream, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_reset_before_the_answer_is_retried_for_a_safe_request() {
    let server = FaultServer::start(|index, stream| {
        if index == 0 {
            // Closed without a word: what a reset or an idle-closed keep-alive looks like.
            let _ = stream.shutdown(std::net::Shutdown::Both);
        } else {
            answer(stream, USER);
        }
    });
    let output = server.call("get_user", json!({ "userId": "00u1" })).await;
    assert_eq!(output["id"], "00u1", "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_cut_off_mid_way_is_an_invalid_response() {
    let server = FaultServer::start(|_, stream| {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"id\":\"00u1\""
        );
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let output = server
        .call("get_user", json!({ "userId": "00u1", "maxRetries": 0 }))
        .await;
    assert_invalid_response(&output, "cut off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_body_is_refused_at_the_cap_while_it_streams() {
    let server = FaultServer::start(|_, stream| {
        // 400 MiB announced, streamed until the reader goes away.
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n[",
            400u64 << 20
        );
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..400 {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    let output = server.call("list_users", json!({ "maxRetries": 0 })).await;
    assert_invalid_response(&output, "exceeds");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_handshake_that_never_comes_is_bounded_by_the_timeouts() {
    // Accepts TCP, then says nothing: the TLS handshake waits for a server hello forever.
    let server = FaultServer::start(|_, stream| {
        std::thread::sleep(Duration::from_secs(30));
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let fields = json!({ "domain": format!("https://{}", server.authority), "userId": "00u1", "timeoutSeconds": 1, "maxRetries": 0 });
    let (output, elapsed) = server.timed_call("get_user", fields, None).await;
    assert_eq!(output["error"]["kind"], "transport", "{output}");
    // Connect plus first-byte timeouts, with room for a slow machine.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_past_its_deadline_ends_with_a_transport_error() {
    // A body that drips one byte a second: never slow enough for the per-byte timeout.
    let server = FaultServer::start(|_, stream| {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        );
        for _ in 0..100 {
            if stream.write_all(b" ").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    // A listing goes through the typed path (listing.rs), bounded the same way.
    for (operation, fields) in [
        (
            "get_user",
            json!({ "userId": "00u1", "timeoutSeconds": 5, "maxRetries": 0 }),
        ),
        (
            "list_users",
            json!({ "timeoutSeconds": 5, "maxRetries": 0 }),
        ),
    ] {
        let deadline = Some(Duration::from_secs(2));
        let (output, elapsed) = server.timed_call(operation, fields, deadline).await;
        assert_eq!(
            output["error"]["kind"], "transport",
            "{operation}: {output}"
        );
        assert!(
            output["error"]["message"]
                .as_str()
                .unwrap()
                .contains("deadline"),
            "{operation}: {output}"
        );
        assert!(elapsed < Duration::from_secs(8), "{operation}: {elapsed:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_while_clients_hold_idle_connections() {
    let server = serve(Arc::new(Emulator::demo()), 0).await.unwrap();
    // Half-open clients: connected, sending nothing.
    let idle: Vec<_> = (0..200)
        .map(|_| TcpStream::connect(server.address).unwrap())
        .collect();
    let session = Session::network(&[server.address.to_string()]);
    let input = json!({ "domain": server.origin(), "apiKey": DEMO_TOKEN, "limit": 1, "maxRetries": 0, "timeoutSeconds": 5 });
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["success"], true, "{output}");
    drop(idle);
    server.stop().await;
}

// ----- the CLI's state file under parallel runs, kills and closed pipes -----

fn okta_block() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okta-block"));
    command
        .env_remove("OKTA_DOMAIN")
        .env_remove("OKTA_API_TOKEN");
    command
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("okta-block-attack-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every user the state file holds, as saved.
fn saved_users(state: &std::path::Path) -> Vec<Value> {
    let text = std::fs::read_to_string(state).unwrap();
    let saved: Value = serde_json::from_str(&text).unwrap();
    saved["org"]["users"].as_array().unwrap().clone()
}

/// The logins of the users the state file holds.
fn users_in(state: &std::path::Path) -> Vec<String> {
    saved_users(state)
        .iter()
        .map(|u| u["profile"]["login"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn parallel_runs_on_one_state_file_lose_nothing() {
    let dir = scratch("parallel");
    let state = dir.join("org.json");
    let creates: Vec<_> = (0..12)
        .map(|i| {
            okta_block()
                .args(["create_user", "--state"])
                .arg(&state)
                .args([
                    "--set",
                    "firstName=Par",
                    "--set",
                    &format!("lastName=Allel{i}"),
                ])
                .args(["--set", &format!("email=parallel{i}@example.com")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // A read-only run racing the creates must not write back an older org.
    let reads: Vec<_> = (0..4)
        .map(|_| {
            okta_block()
                .args(["list_users", "--state"])
                .arg(&state)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in creates.into_iter().chain(reads) {
        assert!(child.wait().unwrap().success());
    }
    let users = users_in(&state);
    for i in 0..12 {
        let login = format!("parallel{i}@example.com");
        assert!(users.contains(&login), "{login} was lost");
    }
    let users = saved_users(&state);
    let mut ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "two users share an id");
}

#[test]
fn a_closed_stdout_neither_panics_nor_loses_the_change() {
    let dir = scratch("pipe");
    let state = dir.join("org.json");
    let mut child = okta_block()
        .args(["create_user", "--state"])
        .arg(&state)
        .args([
            "--set",
            "firstName=Pipe",
            "--set",
            "lastName=Closed",
            "--set",
            "email=pipe@example.com",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(users_in(&state).contains(&"pipe@example.com".to_string()));
}

#[test]
fn a_state_file_that_is_not_one_is_refused_without_reading_it_all() {
    let dir = scratch("device");
    for (path, why) in [
        (std::path::PathBuf::from("/dev/zero"), "not a regular file"),
        (dir.clone(), "not a regular file"),
    ] {
        let output = okta_block()
            .args(["list_users", "--state"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&output.stderr).contains(why));
    }
    let crafted = dir.join("crafted.json");
    let mut saved = Emulator::demo().to_json();
    saved["org"]["nextSeq"] = json!(u64::MAX);
    std::fs::write(&crafted, saved.to_string()).unwrap();
    let output = okta_block()
        .args(["create_user", "--state"])
        .arg(&crafted)
        .args([
            "--set",
            "firstName=A",
            "--set",
            "lastName=B",
            "--set",
            "email=ab@example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn state_with_a_real_org_is_refused() {
    let output = okta_block()
        .args([
            "list_users",
            "--state",
            "x.json",
            "--domain",
            "dev-1.okta.com",
            "--api-key",
            "t",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "usage errors exit 2");
}

/// Creates a user through `okta-block serve` on `port` (waiting for it to listen).
fn create_over_http(port: u16, login: &str) {
    let body = json!({ "profile": { "firstName": "Kill", "lastName": "Nine", "email": login, "login": login } }).to_string();
    for _ in 0..100 {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            write!(
                stream,
                "POST /api/v1/users?activate=false HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: SSWS {DEMO_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("serve did not start");
}

/// `okta-block serve --state` on a free port.
fn serve_state(state: &std::path::Path) -> (std::process::Child, u16) {
    let port = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let child = okta_block()
        .args(["serve", "--port", &port.to_string(), "--state"])
        .arg(state)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (child, port)
}

fn terminate(mut server: std::process::Child) {
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success(), "SIGTERM is a clean stop");
}

#[test]
fn serve_state_survives_sigkill_after_a_change_and_saves_on_sigterm() {
    let dir = scratch("serve");
    let state = dir.join("org.json");
    let (mut server, port) = serve_state(&state);
    create_over_http(port, "killed@example.com");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(users_in(&state).contains(&"killed@example.com".to_string()));

    let (server, port) = serve_state(&state);
    create_over_http(port, "termed@example.com");
    terminate(server);
    let users = users_in(&state);
    assert!(users.contains(&"killed@example.com".to_string()));
    assert!(users.contains(&"termed@example.com".to_string()));
}

#[test]
fn serve_state_keeps_every_one_of_parallel_changes() {
    let dir = scratch("serve-parallel");
    let state = dir.join("org.json");
    let (server, port) = serve_state(&state);
    create_over_http(port, "first@example.com");
    let clients: Vec<_> = (0..10)
        .map(|i| std::thread::spawn(move || create_over_http(port, &format!("p{i}@example.com"))))
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    // Read while serve still runs: each change was saved before it was answered.
    let users = users_in(&state);
    for i in 0..10 {
        assert!(
            users.contains(&format!("p{i}@example.com")),
            "p{i} was lost"
        );
    }
    terminate(server);
}
