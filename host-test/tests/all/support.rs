//! Shared helpers: a recognisable token, recorded Okta answers, and one-call runners.

use okta_block_host::exchange::{Reply, Transcript};
use okta_block_host::hooks::Exchange;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::Value;
use std::sync::Arc;

/// A token no output may ever contain.
pub const TOKEN: &str = "00TESTtoken-SECRET-do-not-leak-4242";
pub const DOMAIN: &str = "acme.okta.com";
pub const BASE: &str = "https://acme.okta.com/api/v1";

/// The recorded Okta traffic vendored with the tests (see its README).
pub const RECORDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/recordings");

/// A transcript from `tests/recordings`.
pub fn recording(name: &str) -> Transcript {
    let path = format!("{RECORDINGS}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The recorded answer of one interaction, as a reply.
pub fn recorded(name: &str, index: usize) -> Reply {
    let response = recording(name).interactions[index].response.clone();
    Reply::Http {
        response,
        delay: None,
    }
}

/// Runs one operation against scripted replies; returns the output and the exchanges.
pub async fn run(operation: &str, input: Value, replies: Vec<Reply>) -> (Value, Vec<Exchange>) {
    let script = Arc::new(Script::new(replies));
    let session = Session::in_process(script.clone());
    let output = Block::shared()
        .call(&session, operation, &input)
        .await
        .expect("the host must not fail");
    assert_eq!(
        script.remaining(),
        0,
        "the operation used fewer replies than scripted"
    );
    let text = output.to_string();
    assert!(
        !text.contains(TOKEN),
        "the token leaked into the output: {text}"
    );
    (output, session.exchanges())
}

/// A minimal valid input for every operation, for tests that vary only the answer.
pub fn valid_input(operation: &str) -> Value {
    let mut input = serde_json::json!({ "domain": DOMAIN, "apiKey": TOKEN });
    let extra = match operation {
        "list_users" | "list_groups" => serde_json::json!({}),
        "get_user"
        | "activate_user"
        | "deactivate_user"
        | "suspend_user"
        | "unsuspend_user"
        | "reset_password"
        | "delete_user"
        | "update_user"
        | "list_user_groups"
        | "unlock_user"
        | "expire_password"
        | "reactivate_user"
        | "clear_user_sessions" => {
            serde_json::json!({ "userId": "00ub0oNGTSWTBKOLGLNR" })
        }
        "create_user" => {
            serde_json::json!({ "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com" })
        }
        "get_group" | "delete_group" | "list_group_members" => {
            serde_json::json!({ "groupId": "00g1emaKYZTWRYYRRTSK" })
        }
        "create_group" => serde_json::json!({ "name": "Engineering" }),
        "update_group" => {
            serde_json::json!({ "groupId": "00g1emaKYZTWRYYRRTSK", "name": "Engineering" })
        }
        "add_user_to_group" | "remove_user_from_group" => {
            serde_json::json!({ "groupId": "00g1emaKYZTWRYYRRTSK", "userId": "00ub0oNGTSWTBKOLGLNR" })
        }
        "list_apps" | "list_group_rules" | "get_logs" => serde_json::json!({}),
        "get_app" | "list_app_users" | "list_app_groups" => {
            serde_json::json!({ "appId": "0oa1gjh63g214q0Hq0g4" })
        }
        "assign_user_to_app" | "remove_user_from_app" => {
            serde_json::json!({ "appId": "0oa1gjh63g214q0Hq0g4", "userId": "00ub0oNGTSWTBKOLGLNR" })
        }
        "assign_group_to_app" | "remove_group_from_app" => {
            serde_json::json!({ "appId": "0oa1gjh63g214q0Hq0g4", "groupId": "00g1emaKYZTWRYYRRTSK" })
        }
        "get_group_rule"
        | "activate_group_rule"
        | "deactivate_group_rule"
        | "delete_group_rule" => {
            serde_json::json!({ "ruleId": "0pr3f7zMZZHPgUoWO0g4" })
        }
        "create_group_rule" => serde_json::json!({
            "name": "Engineering", "expression": "user.department==\"Engineering\"",
            "assignUserToGroupIds": ["00g1emaKYZTWRYYRRTSK"],
        }),
        "assign_user_role" => {
            serde_json::json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "roleType": "USER_ADMIN" })
        }
        "list_user_roles" | "list_factors" | "reset_all_factors" => {
            serde_json::json!({ "userId": "00ub0oNGTSWTBKOLGLNR" })
        }
        "remove_user_role" => {
            serde_json::json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "roleAssignmentId": "KVJUKUS7IFCE2SKO" })
        }
        "get_factor" | "reset_factor" => {
            serde_json::json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "factorId": "mbl1nz9JHJGHWRKMTLHP" })
        }
        "enroll_factor" => serde_json::json!({
            "userId": "00ub0oNGTSWTBKOLGLNR", "factorType": "sms", "phoneNumber": "+14155550100",
        }),
        "get_session" | "revoke_session" => {
            serde_json::json!({ "sessionId": "102l8zwRRO8Q2y3vlkDEVbkig" })
        }
        other => panic!("no valid input for {other}"),
    };
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

/// Every operation, as the component itself exports them (generated from the guest's
/// operation table): no copy of the list to forget. A new operation fails the tests that run
/// every operation until `valid_input` and the emulator know it.
pub fn all_operations() -> Vec<&'static str> {
    Block::shared()
        .operations()
        .keys()
        .map(String::as_str)
        .collect()
}

/// A 200 JSON answer with the headers Okta sends.
pub fn ok(body: Value) -> Reply {
    okta_reply(200, Some(body))
}

/// A page of a list with Okta's headers, linking the next page's cursor when there is one.
pub fn page(items: Value, path: &str, next: Option<&str>) -> Reply {
    let Reply::Http {
        mut response,
        delay,
    } = ok(items)
    else {
        unreachable!("ok() is an HTTP reply")
    };
    if let Some(after) = next {
        response.headers.push((
            "link".to_string(),
            format!("<{BASE}{path}?after={after}&limit=2>; rel=\"next\""),
        ));
    }
    Reply::Http { response, delay }
}

/// A 204 answer with Okta's headers.
pub fn no_content() -> Reply {
    okta_reply(204, None)
}

/// Okta's error JSON with its headers.
pub fn okta_error(status: u16, code: &str, summary: &str, causes: &[&str]) -> Reply {
    let causes: Vec<Value> = causes
        .iter()
        .map(|c| serde_json::json!({ "errorSummary": c }))
        .collect();
    okta_reply(
        status,
        Some(serde_json::json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            "errorId": "oaeTestErrorId",
            "errorCauses": causes,
        })),
    )
}

fn okta_reply(status: u16, body: Option<Value>) -> Reply {
    let mut headers = vec![
        (
            "Date".to_string(),
            "Thu, 27 Aug 2020 18:19:30 GMT".to_string(),
        ),
        ("x-okta-request-id".to_string(), "reqTest123".to_string()),
        ("x-rate-limit-limit".to_string(), "600".to_string()),
        ("x-rate-limit-remaining".to_string(), "599".to_string()),
        ("x-rate-limit-reset".to_string(), "1598552424".to_string()),
    ];
    if body.is_some() {
        headers.insert(
            0,
            (
                "Content-Type".to_string(),
                "application/json;charset=UTF-8".to_string(),
            ),
        );
    }
    Reply::http(status, headers, body.map(|b| b.to_string()))
}

/// Asserts one request exactly: method, URL, every header, and the JSON body.
pub fn assert_request(
    exchange: &Exchange,
    method: &str,
    path_and_query: &str,
    body: Option<Value>,
) {
    let request = &exchange.request;
    assert_eq!(request.method, method, "method of {}", request.url);
    assert_eq!(request.url, format!("{BASE}{path_and_query}"));
    let mut expected = vec![
        ("accept".to_string(), "application/json".to_string()),
        ("authorization".to_string(), "SSWS [REDACTED]".to_string()),
        (
            "user-agent".to_string(),
            format!("okta-block/{}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    match (&body, method) {
        (Some(_), _) => {
            let length = request.body.as_deref().map_or(0, str::len);
            expected.push(("content-type".to_string(), "application/json".to_string()));
            expected.push(("content-length".to_string(), length.to_string()));
        }
        (None, "POST" | "PUT") => expected.push(("content-length".to_string(), "0".to_string())),
        (None, _) => {}
    }
    let mut actual = request.headers.clone();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected, "headers of {method} {path_and_query}");
    match body {
        Some(body) => assert_eq!(request.json(), body, "body of {method} {path_and_query}"),
        None => assert_eq!(
            request.body, None,
            "{method} {path_and_query} must have no body"
        ),
    }
}
