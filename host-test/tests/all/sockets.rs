//! The component over real loopback sockets: `okta-block serve` on one side, wasmtime-wasi-http's
//! network client on the other.

use crate::support::*;
use okta_block_host::serve::serve;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::json;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_block_reaches_a_loopback_server_only_when_allowed() {
    let script = Arc::new(Script::new(vec![recorded("test_create_get_group.json", 1)]));
    let server = serve(script.clone(), 0).await.unwrap();
    let authority = server.address.to_string();
    let input = json!({ "domain": server.origin(), "apiKey": TOKEN, "groupId": "00gsfck5wNqOPYMfS4x6", "maxRetries": 0 });

    // Not in the egress: refused before any socket opens.
    let denied = Session::network(&[]);
    let output = Block::shared()
        .call(&denied, "get_group", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["kind"], "transport");
    assert_eq!(script.remaining(), 1);

    let allowed = Session::network(&[authority]);
    let output = Block::shared()
        .call(&allowed, "get_group", &input)
        .await
        .unwrap();
    assert_eq!(output["name"], "Group-Target-Test", "{output}");
    assert_eq!(script.remaining(), 0);
    let exchanges = allowed.exchanges();
    assert_eq!(
        exchanges[0].request.header("authorization"),
        Some("SSWS [REDACTED]")
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_block_runs_against_the_served_emulated_org() {
    use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
    let org = Arc::new(Emulator::demo());
    let server = serve(org.clone(), 0).await.unwrap();
    let session = Session::network(&[server.address.to_string()]);
    let base = json!({ "domain": server.origin(), "apiKey": DEMO_TOKEN });
    let mut input = base.clone();
    input["returnAll"] = json!(true);
    let users = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert!(users["count"].as_u64().unwrap() > 40, "{users}");
    let mut input = base.clone();
    input["firstName"] = json!("Radia");
    input["lastName"] = json!("Perlman");
    input["email"] = json!("radia@example.com");
    let created = Block::shared()
        .call(&session, "create_user", &input)
        .await
        .unwrap();
    assert_eq!(created["status"], "PROVISIONED");
    assert_eq!(org.user_count(), 51);
    server.stop().await;
}

/// One raw HTTP/1.1 exchange with `serve`: the answer's head (lowercased) and its body bytes.
async fn raw_get(origin: &str, path: &str, extra: &str) -> (String, Vec<u8>) {
    let token = okta_block_host::emulator::DEMO_TOKEN;
    let head = format!("GET {path} HTTP/1.1\r\nAuthorization: SSWS {token}\r\n{extra}");
    raw_request(origin, head.trim_end(), "").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_org_answers_gzip_to_a_client_that_asks() {
    use okta_block_host::emulator::Emulator;
    use std::io::Read;
    let server = serve(Arc::new(Emulator::demo()), 0).await.unwrap();
    let origin = server.origin();

    let (head, body) = raw_get(&origin, "/api/v1/groups?limit=2", "").await;
    assert!(!head.contains("content-encoding"), "{head}");
    let plain: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(plain.as_array().unwrap().len(), 2);

    let (head, body) = raw_get(
        &origin,
        "/api/v1/groups?limit=2",
        "Accept-Encoding: gzip, deflate\r\n",
    )
    .await;
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut text)
        .unwrap();
    let unzipped: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(unzipped.as_array().unwrap().len(), 2);
    assert_eq!(unzipped[0]["id"], plain[0]["id"]);

    // Refused with q=0: plain again.
    let (head, _) = raw_get(
        &origin,
        "/api/v1/groups?limit=2",
        "Accept-Encoding: gzip;q=0\r\n",
    )
    .await;
    assert!(!head.contains("content-encoding"), "{head}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_passes_a_token_from_its_environment_through_the_components() {
    // OKTA_API_TOKEN goes into the component's environment, the way engines inject secrets,
    // with the input's apiKey empty: the call works, and nothing printed carries the token.
    use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
    let server = serve(Arc::new(Emulator::demo()), 0).await.unwrap();
    let origin = server.origin();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_okta-block"))
            .args(["list_groups", "--set", "limit=2", "--domain", &origin])
            .args(["--allow-host", origin.trim_start_matches("http://")])
            .env("OKTA_API_TOKEN", DEMO_TOKEN)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listed["count"], 2, "{stdout}");
    assert!(!format!("{stdout}{stderr}").contains(DEMO_TOKEN));
}

/// One request to a loopback server as raw bytes; returns the status line and head (lower
/// case) and the body.
async fn raw_request(origin: &str, head: &str, body: &str) -> (String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = origin.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{head}\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    (head, answer[split + 4..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_runs_operations_and_only_for_itself() {
    use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
    use okta_block_host::serve::serve_with_page;
    let server = serve_with_page(Arc::new(Emulator::demo()), DEMO_TOKEN, 0, false)
        .await
        .unwrap();
    let origin = server.origin();

    // The page itself, locked down; the emulated org still answers under /api/v1.
    let (head, body) = raw_request(&origin, "GET / HTTP/1.1", "").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-security-policy: default-src 'self'"));
    assert!(String::from_utf8_lossy(&body).contains("/assets/app.js"));
    let (head, _) = raw_get(&origin, "/api/v1/groups?limit=1", "").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");

    // A run on the emulated org: the output and the exchanges, redacted.
    let run = r#"{"operation": "list_groups", "input": {"limit": 2}}"#;
    let post = "POST /ui/run HTTP/1.1\r\nContent-Type: application/json";
    let (head, body) = raw_request(&origin, post, run).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["output"]["count"], 2, "{answer}");
    let exchange = &answer["exchanges"][0];
    assert_eq!(exchange["method"], "GET");
    assert_eq!(exchange["status"], 200);
    assert!(exchange["milliseconds"].as_f64().is_some());
    assert!(!String::from_utf8_lossy(&body).contains(DEMO_TOKEN));

    // A real org's token, typed in: used, and in nothing the page gets back.
    let run = json!({ "operation": "list_groups", "org": "real",
        "input": { "domain": origin, "apiKey": DEMO_TOKEN, "limit": 1 } })
    .to_string();
    let (head, body) = raw_request(&origin, post, &run).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains(r#""count":1"#), "{text}");
    assert!(text.contains("SSWS [REDACTED]"), "{text}");
    assert!(!text.contains(DEMO_TOKEN), "{text}");

    // Only JSON, from the page's own origin: a form post or another site cannot run anything.
    let list = r#"{"operation": "list_groups", "input": {}}"#;
    for (head, status) in [
        (
            "POST /ui/run HTTP/1.1\r\nContent-Type: text/plain".to_string(),
            "403",
        ),
        (format!("{post}\r\nOrigin: http://evil.example"), "403"),
        (format!("{post}\r\nOrigin: {origin}"), "200"),
    ] {
        let (answer, _) = raw_request(&origin, &head, list).await;
        assert!(
            answer.starts_with(&format!("http/1.1 {status}")),
            "{head}: {answer}"
        );
    }

    // Bad runs are refused plainly.
    let (head, body) = raw_request(
        &origin,
        post,
        r#"{"operation": "drop_tables", "input": {}}"#,
    )
    .await;
    assert!(head.starts_with("http/1.1 400"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("no operation is named `drop_tables`"));
    let (head, _) = raw_request(&origin, post, "not json").await;
    assert!(head.starts_with("http/1.1 400"), "{head}");
}
