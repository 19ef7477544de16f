//! The proof behind RELIABILITY.md: a corpus of bad inputs across every operation (each a typed
//! error, nothing sent), and a suite of faults from the emulated org (each a correct retry or
//! the right typed error, never a duplicate create). Every output is searched for the token.

use crate::support::*;
use okta_block_host::Block;
use okta_block_host::Session;
use okta_block_host::emulator::{Emulator, Fault, FaultAction};
use okta_block_host::exchange::TransportFault;
use okta_block_host::manifest::Manifest;
use okta_block_host::upstream::Script;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Every operation with a valid input for it (`support::valid_input`) and the fields that
/// input must have: the connection's and blocks.json's required ones.
fn all_operations() -> Vec<(String, Value, Vec<String>)> {
    Manifest::embedded()
        .operations()
        .iter()
        .map(|op| {
            let id = op["id"].as_str().unwrap().to_string();
            let input = valid_input(&id);
            let mut required = vec!["domain".to_string(), "apiKey".to_string()];
            for field in op["input"]["required"].as_array().unwrap() {
                let field = field.as_str().unwrap();
                assert!(!input[field].is_null(), "valid_input({id}) lacks {field}");
                required.push(field.to_string());
            }
            (id, input, required)
        })
        .collect()
}

/// One bad input: the operation, what to change, and the field the error must name.
struct Case {
    operation: String,
    change: Value,
    field: String,
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |operation: &str, change: Value, field: &str| {
        cases.push(Case {
            operation: operation.to_string(),
            change,
            field: field.to_string(),
        })
    };
    let huge = "x".repeat(10 * 1024 * 1024);
    let domains = [
        "",
        "   ",
        "evil.com/",
        "dev.okta.com/api",
        "a@b",
        "user@dev.okta.com",
        "dev.okta.com@evil.com",
        "dev.okta.com/..%2F",
        "dev.okta.com\r\nHost: evil.com",
        "dеv.okta.com",
        "dev.okta.cοm",
        "ftp://dev.okta.com",
        "http://dev.okta.com",
        "dev.okta.com?x=1",
        "dev.okta.com#x",
        "dev okta.com",
        "dev.okta.com:99999",
        "javascript://x.okta.com",
        &huge,
    ];
    for (operation, input, required) in all_operations() {
        let object = input.as_object().unwrap();
        // Every required field missing, then blank.
        for field in &required {
            add(&operation, json!({ field: null }), field);
            add(&operation, json!({ field: "  " }), field);
        }
        // Domains that could redirect the token. ("evil.com/" is a well-formed host; it is the
        // host's egress that refuses it, tested elsewhere; here it gets a path.)
        for domain in domains {
            let domain = if domain == "evil.com/" {
                "evil.com/path"
            } else {
                domain
            };
            add(&operation, json!({ "domain": domain }), "domain");
        }
        add(&operation, json!({ "apiKey": "two words" }), "apiKey");
        add(&operation, json!({ "apiKey": "tok\r\nen" }), "apiKey");
        add(&operation, json!({ "authScheme": "Basic" }), "authScheme");
        add(&operation, json!({ "maxRetries": 11 }), "maxRetries");
        add(&operation, json!({ "maxRetries": -1 }), "maxRetries");
        add(&operation, json!({ "timeoutSeconds": 0 }), "timeoutSeconds");
        add(
            &operation,
            json!({ "timeoutSeconds": "soon" }),
            "timeoutSeconds",
        );
        add(&operation, json!({ "unknownField": 1 }), "unknownField");
        if object.contains_key("userId") {
            for id in [
                "../users", "..%2F", "a/b", "a?b=c", "a\r\nb", "ａdmin", &huge,
            ] {
                add(&operation, json!({ "userId": id }), "userId");
            }
            add(&operation, json!({ "userId": { "id": "x" } }), "userId");
        }
        if object.contains_key("groupId") {
            for id in ["00g1/users", "..", "00g 1", "00g1%2F", &huge] {
                add(&operation, json!({ "groupId": id }), "groupId");
            }
        }
        for field in [
            "appId",
            "ruleId",
            "factorId",
            "sessionId",
            "roleAssignmentId",
        ] {
            if object.contains_key(field) {
                for id in ["x/lifecycle", "..", "a b", "a?b=c", "a%2F", "a\r\nb", &huge] {
                    add(&operation, json!({ field: id }), field);
                }
            }
        }
    }
    for (operation, max) in [
        ("list_users", 200),
        ("list_groups", 10000),
        ("list_group_members", 1000),
        ("list_user_groups", 200),
        ("list_apps", 200),
        ("list_app_users", 500),
        ("list_app_groups", 200),
        ("list_group_rules", 200),
        ("get_logs", 1000),
    ] {
        for limit in [
            json!(0),
            json!(max + 1),
            json!(-5),
            json!(2.5),
            json!("ten"),
            json!(true),
        ] {
            add(operation, json!({ "limit": limit }), "limit");
        }
        add(operation, json!({ "returnAll": "yes" }), "returnAll");
        add(
            operation,
            json!({ "returnAll": true, "limit": 10 }),
            "limit",
        );
        add(operation, json!({ "maxResults": 5 }), "maxResults");
        add(
            operation,
            json!({ "returnAll": true, "maxResults": 0 }),
            "maxResults",
        );
        add(operation, json!({ "after": "a b" }), "after");
    }
    for operation in ["list_users", "list_groups"] {
        add(operation, json!({ "search": "a", "filter": "b" }), "filter");
        add(operation, json!({ "q": "a", "search": "b" }), "q");
        add(operation, json!({ "q": "a", "returnAll": true }), "q");
    }
    add("create_user", json!({ "email": "not-an-email" }), "email");
    add("create_user", json!({ "activate": "maybe" }), "activate");
    add("create_user", json!({ "profile": [1, 2] }), "profile");
    add("create_user", json!({ "profile": "{not json" }), "profile");
    add(
        "create_user",
        json!({ "profile": { "firstName": "Twice" } }),
        "profile.firstName",
    );
    add("update_user", json!({ "email": "nope" }), "email");
    add("update_group", json!({ "profile": 5 }), "profile");
    add("activate_user", json!({ "sendEmail": "yes" }), "sendEmail");
    add("delete_user", json!({ "permanent": 1 }), "permanent");
    cases
}

#[tokio::test(start_paused = true)]
async fn every_bad_input_is_a_typed_error_and_nothing_is_sent() {
    let cases = corpus();
    assert!(cases.len() >= 200, "the corpus has {} cases", cases.len());
    let operations: std::collections::HashMap<String, Value> = all_operations()
        .into_iter()
        .map(|(operation, input, _)| (operation, input))
        .collect();
    let block = Block::shared();
    for case in &cases {
        let script = Arc::new(Script::new(vec![]));
        let session = Session::in_process(script);
        let mut input = operations[&case.operation].clone();
        for (key, value) in case.change.as_object().unwrap() {
            if value.is_null() {
                input.as_object_mut().unwrap().remove(key);
            } else {
                input[key] = value.clone();
            }
        }
        let output = block
            .call(&session, &case.operation, &input)
            .await
            .expect("no trap, no host failure");
        let shown: String = case.change.to_string().chars().take(80).collect();
        assert!(
            session.exchanges().is_empty(),
            "{} {shown}: a request was sent",
            case.operation
        );
        assert_eq!(
            output["error"]["kind"], "invalidInput",
            "{} {shown}: {output}",
            case.operation
        );
        assert_eq!(
            output["error"]["field"],
            case.field.as_str(),
            "{} {shown}",
            case.operation
        );
        assert!(!output.to_string().contains(TOKEN));
    }
    println!(
        "bad-input corpus: {} cases, all typed errors, no request sent",
        cases.len()
    );
}

/// A fault scenario: an operation, the faults the org injects, and how it must end.
struct Scenario {
    name: String,
    operation: &'static str,
    faults: Vec<Fault>,
    input: Value,
    expect: Expect,
}

enum Expect {
    /// Succeeds after exactly this many requests to the faulty endpoint's org.
    Success { requests: u64 },
    /// Fails with this kind after this many requests.
    Error { kind: &'static str, requests: u64 },
}

fn scenarios(user_id: &str, group_id: &str) -> Vec<Scenario> {
    let mut list = Vec::new();
    let user_path = format!("/api/v1/users/{user_id}");
    let reads: [(&'static str, Value, &str); 3] = [
        ("get_user", json!({ "userId": user_id }), user_path.as_str()),
        (
            "get_group",
            json!({ "groupId": group_id }),
            "/api/v1/groups/",
        ),
        ("list_users", json!({ "limit": 5 }), "/api/v1/users"),
    ];
    let retry = |action: FaultAction, times: u32| Fault::new(action).next(times);
    for (operation, input, path) in reads {
        let at = |fault: Fault| fault.path_prefix(path);
        let mut add = |name: &str, faults: Vec<Fault>, extra: Value, expect: Expect| {
            let mut input = input.clone();
            for (k, v) in extra.as_object().unwrap() {
                input[k] = v.clone();
            }
            list.push(Scenario {
                name: format!("{operation}: {name}"),
                operation,
                faults,
                input,
                expect,
            });
        };
        add(
            "one 429 with headers",
            vec![at(retry(
                FaultAction::TooManyRequests { with_headers: true },
                1,
            ))],
            json!({}),
            Expect::Success { requests: 2 },
        );
        add(
            "two 429s with headers",
            vec![at(retry(
                FaultAction::TooManyRequests { with_headers: true },
                2,
            ))],
            json!({}),
            Expect::Success { requests: 3 },
        );
        add(
            "three 429s exhaust two retries",
            vec![at(retry(
                FaultAction::TooManyRequests { with_headers: true },
                3,
            ))],
            json!({}),
            Expect::Error {
                kind: "rateLimited",
                requests: 3,
            },
        );
        add(
            "a 429 burst without headers",
            vec![at(retry(
                FaultAction::TooManyRequests {
                    with_headers: false,
                },
                2,
            ))],
            json!({}),
            Expect::Success { requests: 3 },
        );
        add(
            "a 429 with maxRetries 0",
            vec![at(retry(
                FaultAction::TooManyRequests { with_headers: true },
                1,
            ))],
            json!({ "maxRetries": 0 }),
            Expect::Error {
                kind: "rateLimited",
                requests: 1,
            },
        );
        for status in [502, 503, 504] {
            add(
                &format!("one {status}"),
                vec![at(retry(FaultAction::status(status), 1))],
                json!({}),
                Expect::Success { requests: 2 },
            );
        }
        add(
            "502 then 503",
            vec![
                at(retry(FaultAction::status(502), 1)),
                at(Fault::new(FaultAction::status(503)).nth(2)),
            ],
            json!({}),
            Expect::Success { requests: 3 },
        );
        add(
            "5xx every time",
            vec![at(Fault::new(FaultAction::status(503)))],
            json!({ "maxRetries": 3 }),
            Expect::Error {
                kind: "upstream",
                requests: 4,
            },
        );
        add(
            "a 500 is not retried",
            vec![at(retry(FaultAction::status(500), 1))],
            json!({}),
            Expect::Error {
                kind: "upstream",
                requests: 1,
            },
        );
        add(
            "slow past the timeout, then fine",
            vec![at(retry(FaultAction::Delay(Duration::from_secs(45)), 1))],
            json!({}),
            Expect::Success { requests: 2 },
        );
        add(
            "slow past the timeout every time",
            vec![at(Fault::new(FaultAction::Delay(Duration::from_secs(45))))],
            json!({ "maxRetries": 1 }),
            Expect::Error {
                kind: "transport",
                requests: 2,
            },
        );
        add(
            "slow within a longer timeout",
            vec![at(retry(FaultAction::Delay(Duration::from_secs(45)), 1))],
            json!({ "timeoutSeconds": 60 }),
            Expect::Success { requests: 1 },
        );
        add(
            "a truncated body",
            vec![at(retry(FaultAction::TruncatedBody, 1))],
            json!({}),
            Expect::Error {
                kind: "invalidResponse",
                requests: 1,
            },
        );
        add(
            "an HTML page with 200",
            vec![at(retry(FaultAction::HtmlBody { status: 200 }, 1))],
            json!({}),
            Expect::Error {
                kind: "invalidResponse",
                requests: 1,
            },
        );
        add(
            "an HTML 502 page, then fine",
            vec![at(retry(FaultAction::HtmlBody { status: 502 }, 1))],
            json!({}),
            Expect::Success { requests: 2 },
        );
        add(
            "a redirect to another host",
            vec![at(retry(
                FaultAction::Redirect {
                    status: 302,
                    location: "https://evil.example.com/steal".into(),
                },
                1,
            ))],
            json!({}),
            Expect::Error {
                kind: "invalidResponse",
                requests: 1,
            },
        );
        add(
            "an empty 200",
            vec![at(retry(FaultAction::EmptyOk, 1))],
            json!({}),
            Expect::Error {
                kind: "invalidResponse",
                requests: 1,
            },
        );
        add(
            "a refused connection, then fine",
            vec![at(retry(
                FaultAction::Transport(TransportFault::ConnectionRefused),
                1,
            ))],
            json!({}),
            Expect::Success { requests: 2 },
        );
        add(
            "a connect timeout every time",
            vec![at(Fault::new(FaultAction::Transport(
                TransportFault::ConnectionTimeout,
            )))],
            json!({}),
            Expect::Error {
                kind: "transport",
                requests: 3,
            },
        );
    }
    // Creates: a 429 is retried (Okta did not process it); nothing else is.
    let create =
        json!({ "firstName": "Dup", "lastName": "Check", "email": "dup.check@example.com" });
    let posts = |fault: Fault| fault.method("POST").path("/api/v1/users");
    for (name, fault, expect) in [
        (
            "create after a 429",
            posts(retry(
                FaultAction::TooManyRequests { with_headers: true },
                1,
            )),
            Expect::Success { requests: 2 },
        ),
        (
            "create after a 503",
            posts(retry(FaultAction::status(503), 1)),
            Expect::Error {
                kind: "upstream",
                requests: 1,
            },
        ),
        (
            "create after a 502",
            posts(retry(FaultAction::status(502), 1)),
            Expect::Error {
                kind: "upstream",
                requests: 1,
            },
        ),
        (
            "create after a lost connection",
            posts(retry(
                FaultAction::Transport(TransportFault::ConnectionRefused),
                1,
            )),
            Expect::Error {
                kind: "transport",
                requests: 1,
            },
        ),
        (
            "create that times out",
            posts(retry(FaultAction::Delay(Duration::from_secs(45)), 1)),
            Expect::Error {
                kind: "transport",
                requests: 1,
            },
        ),
        (
            "create with a truncated answer",
            posts(retry(FaultAction::TruncatedBody, 1)),
            Expect::Error {
                kind: "invalidResponse",
                requests: 1,
            },
        ),
    ] {
        list.push(Scenario {
            name: name.into(),
            operation: "create_user",
            faults: vec![fault],
            input: create.clone(),
            expect,
        });
    }
    let group = json!({ "name": "Dup Check Group" });
    for (name, fault, expect) in [
        (
            "create group after a 504",
            Fault::new(FaultAction::status(504))
                .method("POST")
                .path("/api/v1/groups")
                .next(1),
            Expect::Error {
                kind: "upstream",
                requests: 1,
            },
        ),
        (
            "create group after a 429",
            Fault::new(FaultAction::TooManyRequests { with_headers: true })
                .method("POST")
                .path("/api/v1/groups")
                .next(1),
            Expect::Success { requests: 2 },
        ),
    ] {
        list.push(Scenario {
            name: name.into(),
            operation: "create_group",
            faults: vec![fault],
            input: group.clone(),
            expect,
        });
    }
    // A page that fails mid-way through returnAll is retried, and no user is lost or doubled.
    list.push(Scenario {
        name: "returnAll with a 503 on the second page".into(),
        operation: "list_users",
        faults: vec![
            Fault::new(FaultAction::status(503))
                .method("GET")
                .path("/api/v1/users")
                .nth(2),
        ],
        input: json!({ "returnAll": true }),
        expect: Expect::Success { requests: 4 },
    });
    list
}

#[tokio::test(start_paused = true)]
async fn every_fault_ends_in_a_correct_retry_or_the_right_error() {
    let probe = Emulator::builder().users(450).token(TOKEN).build().unwrap();
    let session = Session::in_process(Arc::new(probe));
    let base = json!({ "domain": DOMAIN, "apiKey": TOKEN });
    let users = Block::shared()
        .call(
            &session,
            "list_users",
            &json!({ "domain": DOMAIN, "apiKey": TOKEN, "limit": 1 }),
        )
        .await
        .unwrap();
    let user_id = users["users"][0]["id"].as_str().unwrap().to_string();
    let groups = Block::shared()
        .call(
            &session,
            "list_groups",
            &json!({ "domain": DOMAIN, "apiKey": TOKEN, "limit": 2 }),
        )
        .await
        .unwrap();
    let group_id = groups["groups"][1]["id"].as_str().unwrap().to_string();

    let scenarios = scenarios(&user_id, &group_id);
    assert!(scenarios.len() >= 50, "{} scenarios", scenarios.len());
    for scenario in &scenarios {
        // A fresh org per scenario: the same seed gives the same ids.
        let org = Arc::new(Emulator::builder().users(450).token(TOKEN).build().unwrap());
        for fault in &scenario.faults {
            org.inject(fault.clone());
        }
        let users_before = org.user_count();
        let session = Session::in_process(org.clone());
        let mut input = base.clone();
        for (k, v) in scenario.input.as_object().unwrap() {
            input[k] = v.clone();
        }
        let output = Block::shared()
            .call(&session, scenario.operation, &input)
            .await
            .expect("no trap");
        let requests = session.exchanges().len() as u64;
        assert!(
            !output.to_string().contains(TOKEN),
            "{}: token in output",
            scenario.name
        );
        assert!(
            !format!("{:?}", session.exchanges()).contains(TOKEN),
            "{}: token in the log",
            scenario.name
        );
        assert!(
            session
                .exchanges()
                .iter()
                .all(|e| e.request.url.starts_with(&format!("https://{DOMAIN}/"))),
            "{}: left the org",
            scenario.name
        );
        match scenario.expect {
            Expect::Success { requests: expected } => {
                assert_eq!(output["success"], true, "{}: {output}", scenario.name);
                assert_eq!(requests, expected, "{}: requests", scenario.name);
            }
            Expect::Error {
                kind,
                requests: expected,
            } => {
                assert_eq!(output["error"]["kind"], kind, "{}: {output}", scenario.name);
                assert_eq!(requests, expected, "{}: requests", scenario.name);
            }
        }
        if scenario.operation == "create_user" {
            assert!(
                org.user_count() <= users_before + 1,
                "{}: a create was duplicated",
                scenario.name
            );
        }
        if scenario.operation == "list_users"
            && output["success"] == true
            && input.get("returnAll").is_some()
        {
            let ids: std::collections::BTreeSet<&str> = output["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap())
                .collect();
            assert_eq!(
                ids.len() as u64,
                output["count"].as_u64().unwrap(),
                "{}: a user twice",
                scenario.name
            );
        }
    }
    println!(
        "fault suite: {} scenarios, each a correct retry or the right typed error",
        scenarios.len()
    );
}
