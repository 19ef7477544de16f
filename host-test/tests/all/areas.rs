//! Issue 14's operations (applications, group rules, admin roles, factors, sessions and the
//! System Log): the exact requests each sends and the outputs it returns, for what the
//! recordings do not cover (`replay.rs` plays those). Answers have Okta's shapes.

use crate::support::*;
use serde_json::{Value, json};

fn input(operation: &str, extra: Value) -> Value {
    let mut input = valid_input(operation);
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

fn app_user(id: &str, scope: &str) -> Value {
    json!({
        "id": id, "externalId": null, "created": "2026-12-01T09:00:00.000Z",
        "lastUpdated": "2026-12-01T09:00:00.000Z", "scope": scope, "status": "ACTIVE",
        "statusChanged": "2026-12-01T09:00:00.000Z", "passwordChanged": null,
        "syncState": "DISABLED", "credentials": { "userName": "jane@example.com" },
        "profile": { "role": "Editor" },
        "_links": { "app": { "href": "https://acme.okta.com/api/v1/apps/0oa1" } }
    })
}

#[tokio::test(start_paused = true)]
async fn list_apps_sends_every_filter_and_follows_pages_with_return_all() {
    let app = |id: &str| {
        json!({ "id": id, "name": "bookmark", "label": id, "status": "ACTIVE",
        "signOnMode": "BOOKMARK", "features": ["PUSH_NEW_USERS"], "settings": { "app": {} } })
    };
    let (output, exchanges) = run(
        "list_apps",
        input(
            "list_apps",
            json!({ "q": "Sla", "filter": "status eq \"ACTIVE\"", "includeNonDeleted": true,
                    "returnAll": true, "maxResults": 3 }),
        ),
        vec![
            page(json!([app("0oa1"), app("0oa2")]), "/apps", Some("0oa2")),
            page(json!([app("0oa3")]), "/apps", Some("0oa3")),
        ],
    )
    .await;
    let query = "q=Sla&filter=status%20eq%20%22ACTIVE%22&includeNonDeleted=true";
    assert_request(
        &exchanges[0],
        "GET",
        &format!("/apps?{query}&limit=3"),
        None,
    );
    assert_request(
        &exchanges[1],
        "GET",
        &format!("/apps?{query}&after=0oa2&limit=1"),
        None,
    );
    assert_eq!(output["count"], 3);
    assert_eq!(output["apps"][2]["id"], "0oa3");
    assert_eq!(output["apps"][0]["features"], json!(["PUSH_NEW_USERS"]));
    assert_eq!(output["apps"][0]["accessibility"], Value::Null);
    // maxResults reached with a next link: more are there, and the cursor goes on from them.
    assert_eq!(output["hasMore"], true);
    assert_eq!(output["nextCursor"], "0oa3");
}

#[tokio::test(start_paused = true)]
async fn app_assignments_list_with_their_usernames_and_priorities() {
    let (output, exchanges) = run(
        "list_app_users",
        input("list_app_users", json!({ "q": "jane", "limit": 500 })),
        vec![ok(json!([app_user("00u1", "GROUP")]))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/apps/0oa1gjh63g214q0Hq0g4/users?q=jane&limit=500",
        None,
    );
    assert_eq!(output["appUsers"][0]["userName"], "jane@example.com");
    assert_eq!(output["appUsers"][0]["scope"], "GROUP");
    assert_eq!(
        output["appUsers"][0]["profile"],
        json!({ "role": "Editor" })
    );

    let (output, exchanges) = run(
        "list_app_groups",
        valid_input("list_app_groups"),
        vec![ok(json!([{ "id": "00g1", "priority": 3, "lastUpdated": "2026-12-01T09:00:00.000Z", "profile": {} }]))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/apps/0oa1gjh63g214q0Hq0g4/groups",
        None,
    );
    assert_eq!(
        output["appGroups"][0],
        json!({ "id": "00g1", "priority": 3,
        "lastUpdated": "2026-12-01T09:00:00.000Z", "profile": {} })
    );
}

#[tokio::test(start_paused = true)]
async fn assign_user_to_app_sends_scope_username_and_profile() {
    let (output, exchanges) = run(
        "assign_user_to_app",
        input(
            "assign_user_to_app",
            json!({ "appUserName": "jane@example.com", "profile": "{\"role\": \"Editor\"}" }),
        ),
        vec![ok(app_user("00ub0oNGTSWTBKOLGLNR", "USER"))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/apps/0oa1gjh63g214q0Hq0g4/users",
        Some(json!({ "id": "00ub0oNGTSWTBKOLGLNR", "scope": "USER",
            "credentials": { "userName": "jane@example.com" }, "profile": { "role": "Editor" } })),
    );
    assert_eq!(output["id"], "00ub0oNGTSWTBKOLGLNR");
    assert_eq!(output["success"], true);
}

#[tokio::test(start_paused = true)]
async fn removing_an_assignment_that_is_not_there_says_so_but_a_missing_app_is_not_found() {
    let not_found = || {
        okta_error(
            404,
            "E0000007",
            "Not found: Resource not found: 00u1 (AppUser)",
            &[],
        )
    };
    let (output, exchanges) = run(
        "remove_user_from_app",
        valid_input("remove_user_from_app"),
        vec![
            not_found(),
            ok(json!({ "id": "0oa1gjh63g214q0Hq0g4", "status": "ACTIVE" })),
        ],
    )
    .await;
    assert_request(
        &exchanges[0],
        "DELETE",
        "/apps/0oa1gjh63g214q0Hq0g4/users/00ub0oNGTSWTBKOLGLNR?sendEmail=false",
        None,
    );
    assert_request(&exchanges[1], "GET", "/apps/0oa1gjh63g214q0Hq0g4", None);
    assert_eq!(output["removed"], false);
    assert_eq!(output["success"], true);

    let (output, _) = run(
        "remove_group_from_app",
        valid_input("remove_group_from_app"),
        vec![not_found(), not_found()],
    )
    .await;
    assert_eq!(output["error"]["kind"], "notFound");

    let (output, exchanges) = run(
        "remove_group_from_app",
        valid_input("remove_group_from_app"),
        vec![no_content()],
    )
    .await;
    assert_request(
        &exchanges[0],
        "DELETE",
        "/apps/0oa1gjh63g214q0Hq0g4/groups/00g1emaKYZTWRYYRRTSK",
        None,
    );
    assert_eq!(output["removed"], true);
}

#[tokio::test(start_paused = true)]
async fn assign_group_to_app_sends_the_priority_or_an_empty_object() {
    let answer = || ok(json!({ "id": "00g1emaKYZTWRYYRRTSK", "priority": 2, "profile": {} }));
    let (output, exchanges) = run(
        "assign_group_to_app",
        input("assign_group_to_app", json!({ "priority": "2" })),
        vec![answer()],
    )
    .await;
    let path = "/apps/0oa1gjh63g214q0Hq0g4/groups/00g1emaKYZTWRYYRRTSK";
    assert_request(&exchanges[0], "PUT", path, Some(json!({ "priority": 2 })));
    assert_eq!(output["priority"], 2);
    let (_, exchanges) = run(
        "assign_group_to_app",
        valid_input("assign_group_to_app"),
        vec![answer()],
    )
    .await;
    assert_request(&exchanges[0], "PUT", path, Some(json!({})));
}

#[tokio::test(start_paused = true)]
async fn create_group_rule_sends_okta_s_rule_shape_from_comma_separated_ids() {
    let (_, exchanges) = run(
        "create_group_rule",
        input(
            "create_group_rule",
            json!({ "assignUserToGroupIds": "00g1, 00g2,", "excludedUserIds": ["00u9"] }),
        ),
        vec![ok(
            json!({ "id": "0pr1", "type": "group_rule", "status": "INACTIVE" }),
        )],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/groups/rules",
        Some(json!({
            "type": "group_rule",
            "name": "Engineering",
            "conditions": {
                "people": { "users": { "exclude": ["00u9"] } },
                "expression": { "value": "user.department==\"Engineering\"", "type": "urn:okta:expression:1.0" }
            },
            "actions": { "assignUserToGroups": { "groupIds": ["00g1", "00g2"] } }
        })),
    );
}

#[tokio::test(start_paused = true)]
async fn deleting_an_active_rule_is_refused_with_the_way_out_and_nothing_is_deleted() {
    let rule = |status: &str| ok(json!({ "id": "0pr3f7zMZZHPgUoWO0g4", "status": status }));
    let (output, exchanges) = run(
        "delete_group_rule",
        valid_input("delete_group_rule"),
        vec![rule("ACTIVE")],
    )
    .await;
    assert_eq!(exchanges.len(), 1, "only the rule was read");
    assert_eq!(output["error"]["kind"], "invalidInput");
    assert_eq!(output["error"]["field"], "ruleId");
    assert!(
        output["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("deactivate_group_rule")
    );

    let (output, exchanges) = run(
        "delete_group_rule",
        input("delete_group_rule", json!({ "removeUsers": true })),
        vec![rule("INACTIVE"), okta_reply_202()],
    )
    .await;
    assert_request(
        &exchanges[1],
        "DELETE",
        "/groups/rules/0pr3f7zMZZHPgUoWO0g4?removeUsers=true",
        None,
    );
    assert_eq!(output["deleted"], true);
}

/// Okta answers a rule's DELETE with 202 and `{}`.
fn okta_reply_202() -> okta_block_host::exchange::Reply {
    let okta_block_host::exchange::Reply::Http {
        mut response,
        delay,
    } = ok(json!({}))
    else {
        unreachable!()
    };
    response.status = 202;
    okta_block_host::exchange::Reply::Http { response, delay }
}

#[tokio::test(start_paused = true)]
async fn a_custom_role_needs_its_role_and_resource_set() {
    let (output, exchanges) = run(
        "assign_user_role",
        input("assign_user_role", json!({ "roleType": "CUSTOM", "customRoleId": "cr0Yq6IJxGIr0ouum0g3",
            "resourceSetId": "iamoJDFKaJxGIr0oamd9g", "disableNotifications": true })),
        vec![ok(json!({ "id": "irb1", "type": "CUSTOM", "role": "cr0Yq6IJxGIr0ouum0g3",
            "resource-set": "iamoJDFKaJxGIr0oamd9g", "assignmentType": "USER", "status": "ACTIVE" }))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/roles?disableNotifications=true",
        Some(
            json!({ "type": "CUSTOM", "role": "cr0Yq6IJxGIr0ouum0g3", "resource-set": "iamoJDFKaJxGIr0oamd9g" }),
        ),
    );
    assert_eq!(output["resourceSet"], "iamoJDFKaJxGIr0oamd9g");
    assert_eq!(output["role"], "cr0Yq6IJxGIr0ouum0g3");
}

#[tokio::test(start_paused = true)]
async fn each_factor_type_sends_its_own_fields() {
    let factor = ok(
        json!({ "id": "ufs1", "factorType": "question", "provider": "OKTA", "status": "ACTIVE",
        "profile": { "question": "disliked_food", "questionText": "What is the food you least liked as a child?" } }),
    );
    let (output, exchanges) = run(
        "enroll_factor",
        input("enroll_factor", json!({ "factorType": "question", "phoneNumber": "", "question": "disliked_food", "answer": "spinach" })),
        vec![factor],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/factors?activate=false",
        Some(json!({ "factorType": "question", "provider": "OKTA",
            "profile": { "question": "disliked_food", "answer": "spinach" } })),
    );
    assert_eq!(
        output["profile"]["questionText"],
        "What is the food you least liked as a child?"
    );

    let (_, exchanges) = run(
        "enroll_factor",
        input(
            "enroll_factor",
            json!({ "factorType": "token", "provider": "rsa", "phoneNumber": null,
            "credentialId": "jane@example.com", "passCode": "5275875498" }),
        ),
        vec![ok(
            json!({ "id": "rsa1", "factorType": "token", "provider": "RSA", "status": "ACTIVE" }),
        )],
    )
    .await;
    assert_eq!(
        exchanges[0].request.json(),
        json!({ "factorType": "token", "provider": "RSA", "profile": { "credentialId": "jane@example.com" },
            "verify": { "passCode": "5275875498" } })
    );

    let (_, exchanges) = run(
        "enroll_factor",
        input("enroll_factor", json!({ "factorType": "email", "phoneNumber": null, "email": "jane@example.com", "activate": true })),
        vec![ok(json!({ "id": "emf1", "factorType": "email", "provider": "OKTA", "status": "ACTIVE" }))],
    )
    .await;
    assert_eq!(
        exchanges[0].request.url,
        format!("{BASE}/users/00ub0oNGTSWTBKOLGLNR/factors?activate=true")
    );
}

#[tokio::test(start_paused = true)]
async fn factor_fields_are_checked_per_type_before_anything_is_sent() {
    for (extra, field) in [
        (json!({ "phoneNumber": "" }), "phoneNumber"),
        (json!({ "phoneNumber": "4155550100" }), "phoneNumber"),
        (
            json!({ "factorType": "question", "phoneNumber": null, "question": "disliked_food", "answer": "no" }),
            "answer",
        ),
        (
            json!({ "factorType": "question", "phoneNumber": null, "answer": "spinach" }),
            "question",
        ),
        (
            json!({ "factorType": "push", "phoneNumber": "+14155550100" }),
            "phoneNumber",
        ),
        (
            json!({ "factorType": "push", "phoneNumber": null, "activate": true }),
            "activate",
        ),
        (
            json!({ "factorType": "token:software:totp", "phoneNumber": null, "provider": "FIDO" }),
            "provider",
        ),
        (json!({ "factorType": "yubikey" }), "factorType"),
    ] {
        let (output, exchanges) = run(
            "enroll_factor",
            input("enroll_factor", extra.clone()),
            vec![],
        )
        .await;
        assert_eq!(exchanges.len(), 0, "{extra}");
        assert_eq!(output["error"]["kind"], "invalidInput", "{extra}");
        assert_eq!(output["error"]["field"], field, "{extra}: {output}");
    }
}

#[tokio::test(start_paused = true)]
async fn get_and_reset_one_factor() {
    let (output, exchanges) = run(
        "get_factor",
        valid_input("get_factor"),
        vec![recorded("test_enroll_sms_factor.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users/00ub0oNGTSWTBKOLGLNR/factors/mbl1nz9JHJGHWRKMTLHP",
        None,
    );
    assert_eq!(output["provider"], "OKTA");
    let (output, exchanges) = run(
        "reset_factor",
        input("reset_factor", json!({ "removeRecoveryEnrollment": true })),
        vec![no_content()],
    )
    .await;
    assert_request(
        &exchanges[0],
        "DELETE",
        "/users/00ub0oNGTSWTBKOLGLNR/factors/mbl1nz9JHJGHWRKMTLHP?removeRecoveryEnrollment=true",
        None,
    );
    assert_eq!(output["reset"], true);
}

fn log_event(uuid: &str) -> Value {
    json!({
        "uuid": uuid, "published": "2026-12-01T09:00:00.000Z", "eventType": "user.lifecycle.create",
        "version": "0", "severity": "INFO", "displayMessage": "Create Okta user",
        "actor": { "id": "00uadmin", "type": "User", "alternateId": "admin@example.com", "displayName": "Admin" },
        "outcome": { "result": "SUCCESS", "reason": null },
        "target": [{ "id": "00u1", "type": "User", "alternateId": "jane@example.com", "displayName": "Jane Doe", "detailEntry": null }],
        "transaction": { "type": "WEB", "id": "req1", "detail": {} },
        "client": { "ipAddress": "203.0.113.5" }
    })
}

#[tokio::test(start_paused = true)]
async fn get_logs_sends_the_window_and_maps_the_event() {
    let (output, exchanges) = run(
        "get_logs",
        input(
            "get_logs",
            json!({ "since": "2026-12-01T00:00:00Z", "until": "2026-12-02T00:00:00.000+01:00",
                    "filter": "eventType eq \"user.lifecycle.create\"", "q": "jane", "sortOrder": "descending" }),
        ),
        vec![ok(json!([log_event("e1")]))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/logs?since=2026-12-01T00%3A00%3A00Z&until=2026-12-02T00%3A00%3A00.000%2B01%3A00\
         &filter=eventType%20eq%20%22user.lifecycle.create%22&q=jane&sortOrder=DESCENDING&limit=100",
        None,
    );
    let event = &output["events"][0];
    assert_eq!(event["eventType"], "user.lifecycle.create");
    assert_eq!(event["actorAlternateId"], "admin@example.com");
    assert_eq!(event["outcomeResult"], "SUCCESS");
    assert_eq!(
        event["targets"],
        json!([{ "id": "00u1", "type": "User",
        "alternateId": "jane@example.com", "displayName": "Jane Doe" }])
    );
    // The whole event stays available, the client's address included.
    assert_eq!(event["event"]["client"]["ipAddress"], "203.0.113.5");
    assert_eq!(output["hasMore"], false);
}

#[tokio::test(start_paused = true)]
async fn return_all_on_the_log_stops_at_the_end_of_the_data_and_keeps_the_polling_cursor() {
    // Okta links a next page even after the last event: a polling feed. A page shorter than
    // asked for is the end; the cursor is what the workflow polls from next time.
    // returnAll asks for Okta's largest page (1,000): a full one goes on, a short one ends.
    let first: Vec<Value> = (0..1000).map(|i| log_event(&format!("e{i}"))).collect();
    let (output, exchanges) = run(
        "get_logs",
        input("get_logs", json!({ "returnAll": true, "maxResults": 1500 })),
        vec![
            page(json!(first), "/logs", Some("e999")),
            page(json!([log_event("e1000")]), "/logs", Some("e1000")),
        ],
    )
    .await;
    assert_eq!(exchanges.len(), 2);
    assert_request(&exchanges[0], "GET", "/logs?limit=1000", None);
    assert_request(&exchanges[1], "GET", "/logs?after=e999&limit=500", None);
    assert_eq!(output["count"], 1001);
    assert_eq!(output["nextCursor"], "e1000");
    assert_eq!(output["hasMore"], false);

    // One full page of the default size: there may be more.
    let events: Vec<Value> = (0..100).map(|i| log_event(&format!("e{i}"))).collect();
    let (output, _) = run(
        "get_logs",
        valid_input("get_logs"),
        vec![page(json!(events), "/logs", Some("e99"))],
    )
    .await;
    assert_eq!(output["hasMore"], true);
    assert_eq!(output["nextCursor"], "e99");
}

#[tokio::test(start_paused = true)]
async fn log_inputs_are_checked_before_anything_is_sent() {
    for (extra, field) in [
        (json!({ "since": "yesterday" }), "since"),
        (json!({ "until": "2026-12-01" }), "until"),
        (
            json!({ "since": "2026-12-01T00:00:00Z", "after": "e1" }),
            "since",
        ),
        (json!({ "sortOrder": "NEWEST" }), "sortOrder"),
        (json!({ "q": "a b c d e f g h i j k" }), "q"),
        (json!({ "limit": 1001 }), "limit"),
    ] {
        let (output, exchanges) = run("get_logs", input("get_logs", extra.clone()), vec![]).await;
        assert_eq!(exchanges.len(), 0, "{extra}");
        assert_eq!(output["error"]["field"], field, "{extra}: {output}");
    }
}

#[tokio::test(start_paused = true)]
async fn ids_that_could_steer_the_url_are_refused() {
    for (operation, field, value) in [
        ("get_app", "appId", "0oa1/../users"),
        ("assign_user_to_app", "userId", "jane@example.com"),
        ("get_group_rule", "ruleId", "0pr1?x=1"),
        ("get_session", "sessionId", "me/lifecycle"),
        ("get_factor", "factorId", "mbl1%2F"),
        ("remove_user_role", "roleAssignmentId", "../roles"),
    ] {
        let (output, exchanges) =
            run(operation, input(operation, json!({ field: value })), vec![]).await;
        assert_eq!(exchanges.len(), 0, "{operation}");
        assert_eq!(output["error"]["kind"], "invalidInput", "{operation}");
        assert_eq!(output["error"]["field"], field, "{operation}");
    }
}
