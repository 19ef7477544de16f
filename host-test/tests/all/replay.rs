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
    let mut transcript = recording(name);
    transcript
        .interactions
        .retain(|i| !(i.request.method == "DELETE" && i.request.url.contains("/api/v1/users/")));
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
