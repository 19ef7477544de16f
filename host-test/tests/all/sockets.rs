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
