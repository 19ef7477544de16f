//! Bad input gets a typed error naming the field, and nothing is sent.

use crate::support::*;
use serde_json::{Value, json};

async fn refused(operation: &str, changes: Value) -> Value {
    let mut input = valid_input(operation);
    for (key, value) in changes.as_object().unwrap() {
        if value.is_null() {
            input.as_object_mut().unwrap().remove(key);
        } else {
            input[key] = value.clone();
        }
    }
    let (output, exchanges) = run(operation, input, vec![]).await;
    assert!(
        exchanges.is_empty(),
        "{operation} sent a request for bad input: {output}"
    );
    assert_eq!(output["success"], false);
    assert_eq!(
        output["error"]["kind"], "invalidInput",
        "{operation}: {output}"
    );
    output["error"].clone()
}

#[tokio::test(start_paused = true)]
async fn missing_or_blank_required_fields_name_the_field() {
    for operation in all_operations() {
        for field in ["domain", "apiKey"] {
            let error = refused(operation, json!({ field: null })).await;
            assert_eq!(error["field"], field, "{operation}");
            assert_eq!(error["reason"], "is required");
            let error = refused(operation, json!({ field: "   " })).await;
            assert_eq!(error["field"], field, "{operation}");
        }
        for field in [
            "userId",
            "groupId",
            "firstName",
            "lastName",
            "email",
            "name",
        ] {
            if valid_input(operation).get(field).is_some() {
                let error = refused(operation, json!({ field: "" })).await;
                assert_eq!(error["field"], field, "{operation}");
                assert_eq!(error["message"], format!("{field}: is required"));
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn domains_that_could_leak_the_token_are_refused() {
    for domain in [
        "dev.okta.com/evil",
        "user@dev.okta.com",
        "http://dev.okta.com",
        "ftp://dev.okta.com",
        "dev.okta.com?x=y",
        "dev.okta.com#x",
        "dev.okta.com\r\nHost: evil.com",
        "dеv.okta.com",
        "dev .okta.com",
    ] {
        let error = refused("get_user", json!({ "domain": domain })).await;
        assert_eq!(error["field"], "domain", "{domain}");
    }
}

#[tokio::test(start_paused = true)]
async fn wrong_json_types_and_unknown_fields_are_refused() {
    let cases = [
        ("list_users", json!({ "limit": "many" }), "limit"),
        ("list_users", json!({ "limit": -1 }), "limit"),
        ("list_users", json!({ "limit": 1.5 }), "limit"),
        ("list_users", json!({ "limit": 0 }), "limit"),
        ("list_users", json!({ "limit": 201 }), "limit"),
        ("list_groups", json!({ "limit": 10001 }), "limit"),
        ("list_group_members", json!({ "limit": 1001 }), "limit"),
        ("get_user", json!({ "userId": true }), "userId"),
        ("get_user", json!({ "userId": ["a"] }), "userId"),
        ("get_user", json!({ "userid": "a" }), "userid"),
        ("activate_user", json!({ "sendEmail": "yes" }), "sendEmail"),
        ("create_user", json!({ "activate": 1 }), "activate"),
        ("create_user", json!({ "email": "not-an-email" }), "email"),
        (
            "list_users",
            json!({ "search": "a", "filter": "b" }),
            "filter",
        ),
        ("get_user", json!({ "userId": "a\u{0}b" }), "userId"),
        ("get_user", json!({ "userId": "x".repeat(5000) }), "userId"),
        ("get_user", json!({ "apiKey": "two words" }), "apiKey"),
    ];
    for (operation, change, field) in cases {
        let error = refused(operation, change.clone()).await;
        assert_eq!(error["field"], field, "{operation} {change}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_non_object_input_is_refused() {
    let (output, exchanges) = run("get_user", json!(["not", "an", "object"]), vec![]).await;
    assert!(exchanges.is_empty());
    assert_eq!(output["error"]["field"], "input");
}

#[tokio::test(start_paused = true)]
async fn ids_cannot_add_path_segments_or_parameters() {
    for user_id in [
        "../groups",
        "..",
        "a?limit=1",
        "a/lifecycle/suspend",
        "..%2F",
        "évil",
        "a#b",
        "a b",
        "a\\b",
    ] {
        let error = refused("get_user", json!({ "userId": user_id })).await;
        assert_eq!(error["field"], "userId", "{user_id}");
    }
    for group_id in ["00g1/users", "00g-1", "..", "00g1?x=1", "ｇroup"] {
        let error = refused("get_group", json!({ "groupId": group_id })).await;
        assert_eq!(error["field"], "groupId", "{group_id}");
    }
    // Logins keep what makes them logins, encoded as one path segment.
    for (user_id, path) in [
        (
            "o'brien+test@example.com",
            "/users/o%27brien%2Btest%40example.com",
        ),
        ("00ub0oNGTSWTBKOLGLNR", "/users/00ub0oNGTSWTBKOLGLNR"),
        ("jane.doe", "/users/jane.doe"),
    ] {
        let (_, exchanges) = run(
            "get_user",
            json!({ "domain": DOMAIN, "apiKey": TOKEN, "userId": user_id }),
            vec![ok(json!({"id": "x", "status": "ACTIVE"}))],
        )
        .await;
        assert_request(&exchanges[0], "GET", path, None);
    }
}
