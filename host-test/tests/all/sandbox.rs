//! What the host enforces around the component: the egress allowlist and the token's secrecy.

use crate::support::*;
use okta_block_host::hooks::Outcome;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::json;
use std::sync::Arc;

#[tokio::test(start_paused = true)]
async fn a_host_outside_the_allowlist_is_refused_with_a_clear_error() {
    let script = Arc::new(Script::new(vec![ok(json!([]))]));
    let session = Session::in_process(script.clone());
    let mut input = valid_input("list_users");
    input["domain"] = json!("login.example.com");
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["success"], false);
    assert_eq!(output["error"]["kind"], "transport");
    assert_eq!(
        output["error"]["message"],
        "the host refused the request to login.example.com: it is not in the block's allowed egress"
    );
    let exchanges = session.exchanges();
    assert_eq!(exchanges.len(), 1);
    assert!(matches!(exchanges[0].outcome, Outcome::Denied));
    assert_eq!(
        script.remaining(),
        1,
        "a denied request must not reach the responder"
    );
}

#[tokio::test(start_paused = true)]
async fn an_embedder_can_allow_one_more_host() {
    let script = Arc::new(Script::new(vec![ok(json!([]))]));
    let session = Session::in_process(script).allow_host("login.example.com");
    let mut input = valid_input("list_users");
    input["domain"] = json!("https://login.example.com/");
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(
        output,
        json!({ "users": [], "count": 0, "nextCursor": null, "hasMore": false, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn every_okta_cloud_domain_is_allowed() {
    for domain in [
        "dev-1.okta.com",
        "acme.oktapreview.com",
        "acme.okta-emea.com",
        "acme.okta-gov.com",
        "acme.okta.mil",
        "acme.trexcloud.com",
    ] {
        let mut input = valid_input("list_groups");
        input["domain"] = json!(domain);
        let (output, _) = run("list_groups", input, vec![ok(json!([]))]).await;
        assert_eq!(output["success"], true, "{domain}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_token_never_appears_in_outputs_or_recordings() {
    for operation in all_operations() {
        // The error body even echoes the token back, as a misconfigured proxy might.
        let reply = okta_error(
            401,
            "E0000011",
            &format!("Invalid token provided: {TOKEN}"),
            &[TOKEN],
        );
        let (output, exchanges) = run(operation, valid_input(operation), vec![reply]).await;
        let recorded = format!("{exchanges:?}");
        assert!(
            !recorded.contains(TOKEN),
            "{operation}: the recording holds the token"
        );
        assert!(recorded.contains("SSWS [REDACTED]"), "{operation}");
        // The error a user sees must not repeat it either.
        assert!(!output.to_string().contains(TOKEN), "{operation}: {output}");
    }
}

#[tokio::test(start_paused = true)]
async fn guest_memory_is_capped_and_its_peak_reported() {
    let users: Vec<serde_json::Value> = (0..5000)
        .map(|i| json!({ "id": format!("00u{i:017}"), "status": "ACTIVE", "profile": { "login": format!("user{i}@example.com") } }))
        .collect();
    let page = ok(serde_json::Value::Array(users));

    let roomy = Session::in_process(Arc::new(Script::new(vec![page.clone()])));
    let output = Block::shared()
        .call(&roomy, "list_users", &valid_input("list_users"))
        .await
        .unwrap();
    assert_eq!(output["count"], 5000);
    let peak = roomy.peak_guest_memory();
    assert!(peak > 1 << 20, "peak {peak}");

    // Below what the page needs: the call fails as a host error, not a wrong answer.
    let tight = Session::in_process(Arc::new(Script::new(vec![page]))).memory_limit(peak / 2);
    let error = Block::shared()
        .call(&tight, "list_users", &valid_input("list_users"))
        .await
        .unwrap_err();
    assert!(format!("{error:#}").contains("trapped"), "{error:#}");
}

#[tokio::test(start_paused = true)]
async fn a_live_instance_serves_many_calls_like_fresh_ones() {
    let replies: Vec<_> = (0..3)
        .map(|_| recorded("test_create_get_group.json", 1))
        .collect();
    let session = Session::in_process(Arc::new(Script::new(replies)));
    let input = json!({ "domain": DOMAIN, "apiKey": TOKEN, "groupId": "00gsfck5wNqOPYMfS4x6" });
    let mut live = Block::shared().live(&session).await.unwrap();
    let first = live.call("get_group", &input).await.unwrap();
    let second = live.call("get_group", &input).await.unwrap();
    let fresh = Block::shared()
        .call(&session, "get_group", &input)
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(first, fresh);
    assert_eq!(first["name"], "Group-Target-Test");
    assert_eq!(session.exchanges().len(), 3);
}

#[test]
fn the_component_imports_http_and_no_files_or_sockets() {
    // What an engine must provide: wasi:http for every request, the environment for a token
    // injected there (WIT `connection.api-key`), and the clocks, random and stdio that Rust's
    // standard library links. No filesystem, no sockets.
    let block = Block::shared();
    let imports: Vec<String> = block
        .component()
        .component_type()
        .imports(block.engine())
        .map(|(name, _)| name.to_string())
        .collect();
    let package = |name: &str| name.split('/').next().unwrap_or(name).to_string();
    for required in ["wasi:http/outgoing-handler", "wasi:cli/environment"] {
        assert!(
            imports.iter().any(|name| name.starts_with(required)),
            "{required} is not imported: {imports:?}"
        );
    }
    for name in &imports {
        assert!(
            [
                "wasi:http",
                "wasi:io",
                "wasi:clocks",
                "wasi:random",
                "wasi:cli"
            ]
            .contains(&package(name).as_str()),
            "unexpected import {name} in {imports:?}"
        );
    }
}
