//! Okta's retry rules and pagination, on scripted answers and virtual time (tokio's paused
//! clock advances whenever the component waits, so a 60 s reset passes at once).

use crate::support::*;
use okta_block_host::exchange::{Reply, TransportFault};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

fn with(operation: &str, extra: Value) -> Value {
    let mut input = valid_input(operation);
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

fn rate_limited() -> Reply {
    // Date 18:19:30, reset 18:20:24: Okta asks for 54 s, the block waits 55.
    okta_error(
        429,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
        &[],
    )
}

fn header<'a>(exchange: &'a okta_block_host::hooks::Exchange, name: &str) -> Option<&'a str> {
    exchange.request.header(name)
}

#[tokio::test(start_paused = true)]
async fn a_429_waits_for_the_reset_by_the_answers_clock_then_retries() {
    let start = Instant::now();
    let (output, exchanges) = run(
        "get_group",
        valid_input("get_group"),
        vec![rate_limited(), ok(json!({"id": "00g1"}))],
    )
    .await;
    assert_eq!(output["success"], true);
    assert_eq!(start.elapsed().as_secs(), 55);
    assert_eq!(exchanges.len(), 2);
    assert_eq!(header(&exchanges[0], "x-okta-retry-count"), None);
    assert_eq!(
        header(&exchanges[1], "x-okta-retry-for"),
        Some("reqTest123")
    );
    assert_eq!(header(&exchanges[1], "x-okta-retry-count"), Some("1"));
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_max_retries_with_the_rate_limit_error() {
    let (output, exchanges) = run(
        "list_users",
        with("list_users", json!({ "maxRetries": 2 })),
        vec![rate_limited(), rate_limited(), rate_limited()],
    )
    .await;
    assert_eq!(exchanges.len(), 3);
    assert_eq!(header(&exchanges[2], "x-okta-retry-count"), Some("2"));
    assert_eq!(output["error"]["kind"], "rateLimited");
    assert_eq!(output["error"]["resetAt"], 1598552424);
}

#[tokio::test(start_paused = true)]
async fn a_reset_beyond_the_wait_budget_fails_at_once() {
    let far = okta_error(429, "E0000047", "rate limit", &[]);
    let far = match far {
        Reply::Http {
            mut response,
            delay,
        } => {
            for (name, value) in &mut response.headers {
                if name == "x-rate-limit-reset" {
                    *value = "1598553570".into(); // 20 minutes after the Date
                }
            }
            Reply::Http { response, delay }
        }
        other => other,
    };
    let start = Instant::now();
    let (output, exchanges) = run("get_user", valid_input("get_user"), vec![far]).await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(output["error"]["retryAfterSeconds"], 1201);
}

#[tokio::test(start_paused = true)]
async fn a_429_without_headers_backs_off_and_retries() {
    let bare = Reply::json(
        429,
        &json!({ "errorCode": "E0000047", "errorSummary": "rate limit" }),
    );
    let (output, exchanges) = run(
        "get_user",
        valid_input("get_user"),
        vec![bare, ok(json!({"id": "00u1", "status": "ACTIVE"}))],
    )
    .await;
    assert_eq!(output["success"], true);
    assert_eq!(exchanges.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn gateway_errors_are_retried_only_when_safe_to_repeat() {
    for status in [502, 503, 504] {
        let (output, exchanges) = run(
            "get_user",
            valid_input("get_user"),
            vec![
                okta_error(status, "E0000009", "down", &[]),
                ok(json!({"id": "00u1", "status": "ACTIVE"})),
            ],
        )
        .await;
        assert_eq!(output["success"], true, "{status}");
        assert_eq!(exchanges.len(), 2);
    }
    // A create, a user DELETE, an activation and a reset are never repeated after a 5xx: the
    // first may have happened.
    for (operation, replies) in [
        (
            "create_user",
            vec![okta_error(503, "E0000009", "down", &[])],
        ),
        (
            "create_group",
            vec![okta_error(502, "E0000009", "down", &[])],
        ),
        (
            "activate_user",
            vec![okta_error(504, "E0000009", "down", &[])],
        ),
        (
            "reset_password",
            vec![okta_error(504, "E0000009", "down", &[])],
        ),
        (
            "delete_user",
            vec![
                ok(json!({"id": "00u1", "status": "ACTIVE"})),
                okta_error(503, "E0000009", "down", &[]),
            ],
        ),
    ] {
        let expected = replies.len();
        let (output, exchanges) = run(operation, valid_input(operation), replies).await;
        assert_eq!(exchanges.len(), expected, "{operation} was repeated");
        assert_eq!(output["error"]["kind"], "upstream", "{operation}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_500_is_not_retried() {
    let (output, exchanges) = run(
        "get_user",
        valid_input("get_user"),
        vec![okta_error(500, "E0000009", "Internal Server Error", &[])],
    )
    .await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(output["error"]["kind"], "upstream");
}

#[tokio::test(start_paused = true)]
async fn a_create_is_retried_after_a_429_because_okta_did_not_process_it() {
    let (output, exchanges) = run(
        "create_user",
        valid_input("create_user"),
        vec![rate_limited(), recorded("test_create_get_user.json", 0)],
    )
    .await;
    assert_eq!(output["success"], true);
    assert_eq!(exchanges.len(), 2);
    assert_eq!(exchanges[0].request.body, exchanges[1].request.body);
}

#[tokio::test(start_paused = true)]
async fn lost_connections_are_retried_for_reads_not_for_creates() {
    let refused = Reply::Transport(TransportFault::ConnectionRefused);
    let (output, exchanges) = run(
        "list_groups",
        valid_input("list_groups"),
        vec![refused.clone(), ok(json!([]))],
    )
    .await;
    assert_eq!(output["success"], true);
    assert_eq!(exchanges.len(), 2);

    let (output, exchanges) = run("create_group", valid_input("create_group"), vec![refused]).await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(output["error"]["kind"], "transport");
    assert_eq!(
        output["error"]["message"],
        "acme.okta.com refused the connection"
    );
}

fn slow(seconds: u64, reply: Reply) -> Reply {
    match reply {
        Reply::Http { response, .. } => Reply::Http {
            response,
            delay: Some(Duration::from_secs(seconds)),
        },
        other => other,
    }
}

#[tokio::test(start_paused = true)]
async fn an_answer_slower_than_the_timeout_is_a_transport_error() {
    let start = Instant::now();
    let (output, _) = run(
        "get_user",
        with("get_user", json!({ "maxRetries": 0 })),
        vec![slow(45, ok(json!({})))],
    )
    .await;
    assert_eq!(output["error"]["kind"], "transport");
    assert_eq!(
        output["error"]["message"],
        "acme.okta.com did not answer within 30 s"
    );
    assert_eq!(start.elapsed().as_secs(), 30);

    let (output, _) = run(
        "get_user",
        with("get_user", json!({ "timeoutSeconds": 60 })),
        vec![slow(45, ok(json!({"id": "00u1", "status": "ACTIVE"})))],
    )
    .await;
    assert_eq!(output["success"], true);
}

fn user(id: &str) -> Value {
    json!({ "id": id, "status": "ACTIVE", "profile": { "login": format!("{id}@example.com") } })
}

fn page(ids: &[&str], links: &[&str]) -> Reply {
    let mut reply = ok(Value::Array(ids.iter().map(|id| user(id)).collect()));
    for link in links {
        reply = reply.with_header("link", link);
    }
    reply
}

const SELF: &str = "<https://acme.okta.com/api/v1/users?limit=200>; rel=\"self\"";

fn next(after: &str) -> String {
    format!("<https://acme.okta.com/api/v1/users?after={after}&limit=200>; rel=\"next\"")
}

#[tokio::test(start_paused = true)]
async fn return_all_follows_next_links_at_the_largest_page_size() {
    let (output, exchanges) = run(
        "list_users",
        with(
            "list_users",
            json!({ "returnAll": true, "filter": "status eq \"ACTIVE\"" }),
        ),
        vec![
            page(&["00u1", "00u2"], &[SELF, &next("00u2")]),
            // Both links in one line, the self link carrying a cursor too.
            page(
                &["00u3"],
                &[&format!(
                    "<https://acme.okta.com/api/v1/users?after=00u2&limit=200>; rel=\"self\", {}",
                    next("00u3")
                )],
            ),
            page(
                &["00u4"],
                &["<https://acme.okta.com/api/v1/users?after=00u3&limit=200>; rel=\"self\""],
            ),
        ],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users?filter=status%20eq%20%22ACTIVE%22&limit=200",
        None,
    );
    assert_request(
        &exchanges[1],
        "GET",
        "/users?filter=status%20eq%20%22ACTIVE%22&after=00u2&limit=200",
        None,
    );
    assert_request(
        &exchanges[2],
        "GET",
        "/users?filter=status%20eq%20%22ACTIVE%22&after=00u3&limit=200",
        None,
    );
    let ids: Vec<&str> = output["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["00u1", "00u2", "00u3", "00u4"]);
    assert_eq!(output["count"], 4);
    assert_eq!(output["hasMore"], false);
    assert_eq!(output["nextCursor"], Value::Null);
}

#[tokio::test(start_paused = true)]
async fn one_page_reports_the_cursor_to_continue_from() {
    let (output, exchanges) = run(
        "list_users",
        with("list_users", json!({ "limit": 2 })),
        vec![page(&["00u1", "00u2"], &[SELF, &next("00u2")])],
    )
    .await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(output["hasMore"], true);
    assert_eq!(output["nextCursor"], "00u2");

    let (_, exchanges) = run(
        "list_users",
        with("list_users", json!({ "after": "00u2", "limit": 2 })),
        vec![page(&["00u3"], &[SELF])],
    )
    .await;
    assert_request(&exchanges[0], "GET", "/users?after=00u2&limit=2", None);
}

#[tokio::test(start_paused = true)]
async fn max_results_caps_return_all_and_keeps_the_cursor_exact() {
    let (output, exchanges) = run(
        "list_group_members",
        with(
            "list_group_members",
            json!({ "returnAll": true, "maxResults": 3 }),
        ),
        vec![
            page(&["00u1", "00u2"], &[&next("00u2")]),
            page(&["00u3"], &[&next("00u3")]),
        ],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/groups/00g1emaKYZTWRYYRRTSK/users?limit=3",
        None,
    );
    assert_request(
        &exchanges[1],
        "GET",
        "/groups/00g1emaKYZTWRYYRRTSK/users?after=00u2&limit=1",
        None,
    );
    assert_eq!(output["count"], 3);
    assert_eq!(output["hasMore"], true);
    assert_eq!(output["nextCursor"], "00u3");
}

#[tokio::test(start_paused = true)]
async fn return_all_pauses_when_a_page_spends_the_rate_limit() {
    let spent = match page(&["00u1"], &[&next("00u1")]) {
        Reply::Http {
            mut response,
            delay,
        } => {
            for (name, value) in &mut response.headers {
                if name == "x-rate-limit-remaining" {
                    *value = "0".into();
                }
            }
            Reply::Http { response, delay }
        }
        other => other,
    };
    let start = Instant::now();
    let (output, exchanges) = run(
        "list_users",
        with("list_users", json!({ "returnAll": true })),
        vec![spent, page(&["00u2"], &[])],
    )
    .await;
    assert_eq!(exchanges.len(), 2, "no 429 was taken");
    assert_eq!(start.elapsed().as_secs(), 55);
    assert_eq!(output["count"], 2);
}

#[tokio::test(start_paused = true)]
async fn a_next_link_to_the_same_page_is_refused_rather_than_looped() {
    let (output, exchanges) = run(
        "list_groups",
        with("list_groups", json!({ "returnAll": true, "after": "00g1" })),
        vec![page(
            &[],
            &["<https://acme.okta.com/api/v1/groups?after=00g1>; rel=\"next\""],
        )],
    )
    .await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(output["error"]["kind"], "invalidResponse");
}

#[tokio::test(start_paused = true)]
async fn paging_inputs_are_checked() {
    for (change, field) in [
        (json!({ "returnAll": true, "limit": 10 }), "limit"),
        (json!({ "maxResults": 10 }), "maxResults"),
        (json!({ "returnAll": true, "maxResults": 0 }), "maxResults"),
        (
            json!({ "returnAll": true, "maxResults": 1000001 }),
            "maxResults",
        ),
        (json!({ "maxRetries": 11 }), "maxRetries"),
        (json!({ "timeoutSeconds": 0 }), "timeoutSeconds"),
        (json!({ "timeoutSeconds": 301 }), "timeoutSeconds"),
    ] {
        let (output, exchanges) =
            run("list_users", with("list_users", change.clone()), vec![]).await;
        assert!(exchanges.is_empty(), "{change}");
        assert_eq!(output["error"]["field"], field, "{change}");
    }
}
