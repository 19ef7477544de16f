//! Every transcript in `tests/recordings` replayed through the component, operation by
//! operation, as a workflow would run it.
//!
//! The SDK's tests end with a bare DELETE of a user they deactivated. The block's delete reads
//! the user first (to say truthfully whether it deactivated or deleted), a request those
//! transcripts do not hold, so those DELETEs are left out of the replay; the emulator's
//! fidelity test covers them.

use crate::support::*;
use okta_block_host::replay::Replay;
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::sync::Arc;

/// Replays `name` (without its bare user DELETEs) through `steps`; returns each output.
async fn replay(name: &str, steps: &[(&str, Value)]) -> Vec<Value> {
    replay_without(name, &[], steps).await
}

/// Replays `name` without its bare user DELETEs and without the requests that no operation
/// of the block makes (`skipped`: method and path under `/api/v1`, `*` for one segment): the
/// SDK's tests create apps, sign users in and read group roles to set the scene.
async fn replay_without(
    name: &str,
    skipped: &[(&str, &str)],
    steps: &[(&str, Value)],
) -> Vec<Value> {
    let mut transcript = recording(name);
    let made_by_the_block = |request: &okta_block_host::exchange::RequestRecord| {
        let path = request.path_and_query().split('?').next().unwrap_or("");
        let path = path.strip_prefix("/api/v1").unwrap_or(path);
        let bare_user_delete = request.method == "DELETE"
            && path.starts_with("/users/")
            && path.matches('/').count() == 2;
        !bare_user_delete
            && !skipped
                .iter()
                .any(|(method, pattern)| request.method == *method && segments_match(pattern, path))
    };
    transcript
        .interactions
        .retain(|i| made_by_the_block(&i.request));
    let replay = Arc::new(Replay::new(transcript));
    let session = Session::in_process(replay.clone());
    let mut outputs = Vec::new();
    for (operation, fields) in steps {
        let mut input = json!({ "domain": "test.okta.com", "apiKey": "myAPIToken" });
        for (key, value) in fields.as_object().unwrap() {
            input[key] = value.clone();
        }
        let output = Block::shared()
            .call(&session, operation, &input)
            .await
            .unwrap();
        outputs.push(output);
    }
    assert_eq!(replay.mismatches(), Vec::<String>::new(), "{name}");
    assert_eq!(
        replay.remaining(),
        0,
        "{name}: the steps left interactions unplayed"
    );
    outputs
}

/// Whether `path` is `pattern`, `*` matching any one segment.
fn segments_match(pattern: &str, path: &str) -> bool {
    let (pattern, path): (Vec<&str>, Vec<&str>) =
        (pattern.split('/').collect(), path.split('/').collect());
    pattern.len() == path.len() && pattern.iter().zip(&path).all(|(p, s)| *p == "*" || p == s)
}

#[tokio::test(start_paused = true)]
async fn create_activate_list_deactivate() {
    let user = json!({ "firstName": "John", "lastName": "Doe-Activate", "email": "John.Doe-Activate@example.com" });
    let mut create = user.clone();
    create["activate"] = json!(false);
    let out = replay(
        "test_activate_user.json",
        &[
            ("create_user", create),
            (
                "activate_user",
                json!({ "userId": "00usfhfealbkkXMo84x6", "sendEmail": false }),
            ),
            ("list_users", json!({ "filter": "status eq \"ACTIVE\"" })),
            (
                "deactivate_user",
                json!({ "userId": "00usfhfealbkkXMo84x6" }),
            ),
        ],
    )
    .await;
    assert_eq!(out[0]["status"], "STAGED");
    assert_eq!(out[1]["activationToken"], "U1uFQ4LZpbyyiMe7Tw_t");
    assert!(
        out[2]["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == "00usfhfealbkkXMo84x6")
    );
    assert_eq!(out[3]["deactivated"], true);
}

#[tokio::test(start_paused = true)]
async fn create_get_delete_group_then_not_found() {
    let out = replay(
        "test_create_get_group.json",
        &[
            ("create_group", json!({ "name": "Group-Target-Test" })),
            ("get_group", json!({ "groupId": "00gsfck5wNqOPYMfS4x6" })),
            ("delete_group", json!({ "groupId": "00gsfck5wNqOPYMfS4x6" })),
            (
                "get_group",
                json!({ "groupId": "00gsfck5wNqOPYMfS4x6", "maxRetries": 0 }),
            ),
        ],
    )
    .await;
    assert_eq!(out[1]["name"], "Group-Target-Test");
    assert_eq!(out[2]["deleted"], true);
    assert_eq!(out[3]["error"]["kind"], "notFound");
    assert_eq!(out[3]["error"]["errorCode"], "E0000007");
}

#[tokio::test(start_paused = true)]
async fn create_get_by_id_and_login_deactivate_then_not_found() {
    let out = replay(
        "test_create_get_user.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Get", "email": "John.Doe-Get@example.com", "activate": false })),
            ("get_user", json!({ "userId": "00usfhrjbkppPBkoY4x6" })),
            ("get_user", json!({ "userId": "John.Doe-Get@example.com" })),
            ("deactivate_user", json!({ "userId": "00usfhrjbkppPBkoY4x6" })),
            ("get_user", json!({ "userId": "00usfhrjbkppPBkoY4x6" })),
        ],
    )
    .await;
    assert_eq!(out[1]["id"], out[2]["id"]);
    assert_eq!(out[4]["error"]["kind"], "notFound");
}

#[tokio::test(start_paused = true)]
async fn list_groups_with_the_everyone_group() {
    let out = replay(
        "test_list_groups.json",
        &[
            ("create_group", json!({ "name": "Group-Target-Test" })),
            ("list_groups", json!({})),
            ("delete_group", json!({ "groupId": "00gsfaq86mwHfGtjb4x6" })),
        ],
    )
    .await;
    assert!(
        out[1]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["type"] == "BUILT_IN" && g["name"] == "Everyone")
    );
}

#[tokio::test(start_paused = true)]
async fn quick_search_for_a_group() {
    let out = replay(
        "test_search_group.json",
        &[
            ("create_group", json!({ "name": "Group-Target-Test" })),
            ("list_groups", json!({ "q": "Group-Target-Test" })),
            ("delete_group", json!({ "groupId": "00gsfbh2pJyrDzGmQ4x6" })),
        ],
    )
    .await;
    assert_eq!(out[1]["groups"][0]["id"], "00gsfbh2pJyrDzGmQ4x6");
}

#[tokio::test(start_paused = true)]
async fn suspend_and_unsuspend() {
    let out = replay(
        "test_suspend_user.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Suspend", "email": "John.Doe-Suspend@example.com", "password": "Password150kta" })),
            ("suspend_user", json!({ "userId": "00usfdd3eO3sfObs54x6" })),
            ("list_users", json!({ "filter": "status eq \"SUSPENDED\"" })),
            ("unsuspend_user", json!({ "userId": "00usfdd3eO3sfObs54x6" })),
            ("list_users", json!({ "filter": "status eq \"ACTIVE\"" })),
            ("deactivate_user", json!({ "userId": "00usfdd3eO3sfObs54x6" })),
        ],
    )
    .await;
    assert_eq!(out[0]["status"], "ACTIVE");
    assert_eq!(out[1]["suspended"], true);
    assert!(
        out[2]["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == "00usfdd3eO3sfObs54x6" && u["status"] == "SUSPENDED")
    );
    assert_eq!(out[3]["unsuspended"], true);
}

#[tokio::test(start_paused = true)]
async fn update_group_profile() {
    // The SDK's transcript has the PUT before its GET; the block reads before it writes, so the
    // replay runs the read (get_group) as its own step and checks the written name after.
    let mut transcript = recording("test_update_group.json");
    transcript.interactions.swap(1, 2);
    let replay = Arc::new(Replay::new(transcript));
    let session = Session::in_process(replay.clone());
    let base = json!({ "domain": "test.okta.com", "apiKey": "myAPIToken" });
    let mut create = base.clone();
    create["name"] = json!("Group-Target-Test");
    let mut update = base.clone();
    update["groupId"] = json!("00gsfdp94a4kMmEcO4x6");
    update["name"] = json!("Group-Target-Test NEW");
    let mut delete = base.clone();
    delete["groupId"] = json!("00gsfdp94a4kMmEcO4x6");
    let block = Block::shared();
    block.call(&session, "create_group", &create).await.unwrap();
    let updated = block.call(&session, "update_group", &update).await.unwrap();
    block.call(&session, "delete_group", &delete).await.unwrap();
    assert_eq!(replay.mismatches(), Vec::<String>::new());
    assert_eq!(replay.remaining(), 0);
    assert_eq!(updated["name"], "Group-Target-Test NEW");
    assert_eq!(updated["description"], Value::Null);
}

#[tokio::test(start_paused = true)]
async fn update_user_profile() {
    let out = replay(
        "test_update_user_profile.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Update-Profile", "email": "John.Doe-Update-Profile@example.com", "activate": false })),
            ("update_user", json!({ "userId": "00usfdbbnIjyhFqU74x6", "profile": { "nickName": "JD" } })),
            ("get_user", json!({ "userId": "00usfdbbnIjyhFqU74x6" })),
            ("deactivate_user", json!({ "userId": "00usfdbbnIjyhFqU74x6" })),
        ],
    )
    .await;
    assert_eq!(out[2]["profile"]["nickName"], "JD");
}

#[tokio::test(start_paused = true)]
async fn a_request_the_transcript_does_not_hold_fails_clearly() {
    let replay = Arc::new(Replay::new(recording("test_create_get_group.json")));
    let session = Session::in_process(replay.clone());
    let input = json!({ "domain": "test.okta.com", "apiKey": "myAPIToken", "userId": "00u1", "maxRetries": 0 });
    let output = Block::shared()
        .call(&session, "get_user", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["errorCode"], "REPLAY_MISMATCH");
    assert_eq!(
        replay.mismatches(),
        vec![
            "the transcript expects POST /api/v1/groups as request 1, not GET /api/v1/users/00u1"
                .to_string()
        ]
    );
}

// ----- issue 14's areas -----

/// The SDK's app tests create and remove the app itself, which no operation does.
const APP_SETUP: &[(&str, &str)] = &[
    ("POST", "/apps"),
    ("POST", "/apps/*/lifecycle/deactivate"),
    ("DELETE", "/apps/*"),
];

#[tokio::test(start_paused = true)]
async fn assign_a_user_to_an_app() {
    let out = replay_without(
        "test_assign_user_app.json",
        APP_SETUP,
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Get", "email": "John.Doe-Get@example.com" })),
            ("assign_user_to_app", json!({ "appId": "0oasfb9wlBI1dwITs4x6", "userId": "00usf8pqyhJ5PSGq44x6" })),
            ("deactivate_user", json!({ "userId": "00usf8pqyhJ5PSGq44x6" })),
        ],
    )
    .await;
    let assignment = &out[1];
    assert_eq!(assignment["id"], "00usf8pqyhJ5PSGq44x6");
    assert_eq!(assignment["scope"], "USER");
    assert_eq!(assignment["status"], "ACTIVE");
    assert_eq!(assignment["syncState"], "DISABLED");
    // The username lives in the assignment's `credentials`, which users' shapes skip.
    assert_eq!(assignment["userName"], "John.Doe-Get@example.com");
    assert_eq!(assignment["externalId"], Value::Null);
    assert_eq!(assignment["profile"], json!({}));
}

#[tokio::test(start_paused = true)]
async fn assign_a_group_to_an_app() {
    let mut skipped = APP_SETUP.to_vec();
    skipped.push(("GET", "/apps/*/groups/*"));
    let out = replay_without(
        "test_assign_group_app.json",
        &skipped,
        &[
            ("create_group", json!({ "name": "Group-Target-Test" })),
            (
                "assign_group_to_app",
                json!({ "appId": "0oasf8pr97LJhYKnu4x6", "groupId": "00gsfge6rEr8qDQrU4x6" }),
            ),
            ("delete_group", json!({ "groupId": "00gsfge6rEr8qDQrU4x6" })),
        ],
    )
    .await;
    assert_eq!(out[1]["id"], "00gsfge6rEr8qDQrU4x6");
    assert_eq!(out[1]["priority"], 0);
    assert_eq!(out[1]["lastUpdated"], "2020-08-27T18:14:19.000Z");
}

#[tokio::test(start_paused = true)]
async fn list_inactive_apps() {
    let out = replay_without(
        "test_list_apps.json",
        APP_SETUP,
        &[("list_apps", json!({ "filter": "status eq \"INACTIVE\"" }))],
    )
    .await;
    let app = &out[0]["apps"][0];
    assert_eq!(out[0]["count"], 1);
    assert_eq!(app["id"], "0oasfbmddlaXQIxaS4x6");
    assert_eq!(app["status"], "INACTIVE");
    assert_eq!(app["signOnMode"], "OPENID_CONNECT");
    assert_eq!(app["features"], json!([]));
    assert_eq!(app["visibility"]["hide"]["web"], true);
    assert!(app["settings"].is_object());
}

#[tokio::test(start_paused = true)]
async fn page_through_apps_and_a_bad_cursor() {
    let out = replay_without(
        "test_list_applications_pagination_with_after.json",
        APP_SETUP,
        &[
            ("list_apps", json!({ "limit": 2 })),
            ("list_apps", json!({ "q": "PaginationTestAppOnly", "limit": 1 })),
            ("list_apps", json!({ "q": "PaginationTestAppOnly", "after": "00u1testcursorvalue", "limit": 1, "maxRetries": 0 })),
        ],
    )
    .await;
    assert_eq!(out[0]["count"], 2);
    assert_eq!(out[0]["apps"][0]["label"], "Okta Admin Console");
    assert_eq!(out[1]["count"], 0);
    assert_eq!(out[1]["hasMore"], false);
    assert_eq!(out[2]["error"]["kind"], "rejected");
    assert_eq!(out[2]["error"]["errorCode"], "E0000029");
    assert_eq!(out[2]["error"]["errorCauses"], json!(["Invalid cursor."]));
}

#[tokio::test(start_paused = true)]
async fn a_group_rule_assigns_then_stops() {
    // Okta's PUT of a rule has no operation (a rule is replaced by deleting and creating it),
    // and the block reads a rule before deleting it, a request the transcript does not hold.
    let out = replay_without(
        "test_group_rule_operations.json",
        &[("PUT", "/groups/rules/*"), ("DELETE", "/groups/rules/*")],
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Group-Rule-Ops", "email": "John.Doe-Group-Rule-Ops@example.com", "activate": false })),
            ("create_group", json!({ "name": "Group-Target-Test-Group-Rule-Ops" })),
            ("create_group_rule", json!({
                "name": "Test-Group-Rule-Group-Rule-Ops",
                "expression": "user.lastName==\"Doe-Group-Rule-Ops\"",
                "assignUserToGroupIds": "00gsfnbb3uSf4Bfzg4x6",
            })),
            ("activate_group_rule", json!({ "ruleId": "0prsfncw9sygwaEYW4x6" })),
            ("list_group_members", json!({ "groupId": "00gsfnbb3uSf4Bfzg4x6" })),
            ("list_group_rules", json!({})),
            ("deactivate_group_rule", json!({ "ruleId": "0prsfncw9sygwaEYW4x6" })),
            ("activate_group_rule", json!({ "ruleId": "0prsfncw9sygwaEYW4x6" })),
            ("list_group_members", json!({ "groupId": "00gsfnbb3uSf4Bfzg4x6" })),
            ("deactivate_group_rule", json!({ "ruleId": "0prsfncw9sygwaEYW4x6" })),
            ("deactivate_user", json!({ "userId": "00usfqsebZHrwwPpw4x6" })),
            ("delete_group", json!({ "groupId": "00gsfnbb3uSf4Bfzg4x6" })),
        ],
    )
    .await;
    let rule = &out[2];
    assert_eq!(rule["id"], "0prsfncw9sygwaEYW4x6");
    assert_eq!(rule["status"], "INACTIVE");
    assert_eq!(rule["type"], "group_rule");
    assert_eq!(rule["expression"], "user.lastName==\"Doe-Group-Rule-Ops\"");
    assert_eq!(rule["expressionType"], "urn:okta:expression:1.0");
    assert_eq!(
        rule["assignUserToGroupIds"],
        json!(["00gsfnbb3uSf4Bfzg4x6"])
    );
    assert_eq!(rule["excludedUserIds"], json!([]));
    assert_eq!(out[3]["activated"], true);
    assert_eq!(out[4]["members"][0]["id"], "00usfqsebZHrwwPpw4x6");
    assert_eq!(out[5]["rules"][0]["status"], "ACTIVE");
    assert_eq!(out[6]["deactivated"], true);
    assert_eq!(out[8]["count"], 0);
}

#[tokio::test(start_paused = true)]
async fn assign_list_and_remove_an_admin_role() {
    let out = replay(
        "test_assign_user_to_role.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Role", "email": "John.Doe-Role@example.com" })),
            ("assign_user_role", json!({ "userId": "00usfex7wP9lvobJ84x6", "roleType": "user_admin" })),
            ("list_user_roles", json!({ "userId": "00usfex7wP9lvobJ84x6" })),
            ("remove_user_role", json!({ "userId": "00usfex7wP9lvobJ84x6", "roleAssignmentId": "KVJUKUS7IFCE2SKO" })),
            ("list_user_roles", json!({ "userId": "00usfex7wP9lvobJ84x6" })),
            ("deactivate_user", json!({ "userId": "00usfex7wP9lvobJ84x6" })),
        ],
    )
    .await;
    assert_eq!(out[1]["id"], "KVJUKUS7IFCE2SKO");
    assert_eq!(out[1]["type"], "USER_ADMIN");
    assert_eq!(out[1]["label"], "User Administrator");
    assert_eq!(out[1]["assignmentType"], "USER");
    assert_eq!(out[2]["count"], 1);
    assert_eq!(out[2]["roles"][0]["status"], "ACTIVE");
    assert_eq!(out[3]["removed"], true);
    assert_eq!(out[4]["count"], 0);
}

#[tokio::test(start_paused = true)]
async fn enroll_and_list_an_sms_factor() {
    let out = replay(
        "test_enroll_sms_factor.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Factor", "email": "John.Doe-Factor@example.com" })),
            ("enroll_factor", json!({ "userId": "00usfbmh4cxr2p8F14x6", "factorType": "SMS", "phoneNumber": "+12345678901" })),
            ("list_factors", json!({ "userId": "00usfbmh4cxr2p8F14x6" })),
            ("deactivate_user", json!({ "userId": "00usfbmh4cxr2p8F14x6" })),
        ],
    )
    .await;
    assert_eq!(out[1]["id"], "mblsf9bdcP8tGDTMi4x6");
    assert_eq!(out[1]["factorType"], "sms");
    assert_eq!(out[1]["status"], "PENDING_ACTIVATION");
    assert_eq!(out[1]["profile"], json!({ "phoneNumber": "+12345678901" }));
    assert_eq!(out[2]["count"], 1);
    assert_eq!(out[2]["factors"][0]["vendorName"], "OKTA");
}

#[tokio::test(start_paused = true)]
async fn a_new_user_has_no_factors_and_resetting_all_works() {
    let out = replay(
        "test_list_factors_new_user.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-List-Factor", "email": "John.Doe-List-Factor@example.com" })),
            ("list_factors", json!({ "userId": "00usfe1icMu2UMzRN4x6" })),
            ("deactivate_user", json!({ "userId": "00usfe1icMu2UMzRN4x6" })),
        ],
    )
    .await;
    assert_eq!(
        out[1],
        json!({ "factors": [], "count": 0, "success": true })
    );
    let out = replay(
        "test_reset_factors.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Reset-Factors", "email": "John.Doe-Reset-Factors@example.com", "password": "Password150kta" })),
            ("reset_all_factors", json!({ "userId": "00uqrkpm4sjoVvxsL5d7" })),
            ("deactivate_user", json!({ "userId": "00uqrkpm4sjoVvxsL5d7" })),
        ],
    )
    .await;
    assert_eq!(out[1]["reset"], true);
}

/// The SDK's session tests sign the user in first, which no operation does.
const SIGN_IN: &[(&str, &str)] = &[
    ("POST", "/authn"),
    ("POST", "/sessions"),
    ("POST", "/sessions/*/lifecycle/refresh"),
];

#[tokio::test(start_paused = true)]
async fn get_and_revoke_a_session_then_not_found() {
    for (name, user, session, missing) in [
        (
            "test_successful_session_lifecycle.json",
            "00uq9re9mup35oXfu1d7",
            "102etAqRbcPRXGtoDMIRXgWOQ",
            "102etAqRbcPRXGtoDMIRXgWOQ",
        ),
        (
            "test_get_non_existent_session.json",
            "00uq9rgxol2uZABHN1d7",
            "102l8zwRRO8Q2y3vlkDEVbkig",
            "nonexistent_session_12345",
        ),
    ] {
        let out = replay_without(
            name,
            SIGN_IN,
            &[
                ("create_user", json!({ "firstName": "SessionTest", "lastName": "User", "email": "sessiontest.user@example.com", "password": "TempPassword123!" })),
                ("get_session", json!({ "sessionId": session })),
                ("revoke_session", json!({ "sessionId": session })),
                ("get_session", json!({ "sessionId": missing, "maxRetries": 0 })),
                ("deactivate_user", json!({ "userId": user })),
            ],
        )
        .await;
        let found = &out[1];
        assert_eq!(found["id"], session, "{name}");
        assert_eq!(found["userId"], user);
        assert_eq!(found["status"], "ACTIVE");
        assert_eq!(found["amr"], json!(["pwd"]));
        assert_eq!(found["idpType"], "OKTA");
        assert_eq!(found["mfaActive"], true);
        assert_eq!(found["lastFactorVerification"], Value::Null);
        assert_eq!(out[2]["revoked"], true);
        assert_eq!(out[3]["error"]["kind"], "notFound");
        assert_eq!(out[3]["error"]["errorCode"], "E0000007");
    }
}

#[tokio::test(start_paused = true)]
async fn clear_a_users_sessions() {
    let out = replay(
        "test_revoke_user_sessions.json",
        &[
            ("create_user", json!({ "firstName": "John", "lastName": "Doe-Revoke-Sessions", "email": "John.Doe-Revoke-Sessions@example.com", "password": "Password150kta" })),
            ("clear_user_sessions", json!({ "userId": "00uqrkmp3c23vb0035d7" })),
            ("deactivate_user", json!({ "userId": "00uqrkmp3c23vb0035d7" })),
        ],
    )
    .await;
    assert_eq!(out[1]["cleared"], true);
    assert_eq!(out[1]["devicesForgotten"], true);
}
