//! The typed exports (`LiveInstance::typed`): the same operations as the JSON face, with Rust
//! types, on one live instance.

use crate::support::{TOKEN, ok, okta_error};
use okta_block_host::typed::types::{Connection, OktaError};
use okta_block_host::typed::users::GetUserInput;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::json;
use std::sync::Arc;

fn input(user_id: &str) -> GetUserInput {
    GetUserInput {
        connection: Connection {
            domain: "acme.okta.com".into(),
            api_key: TOKEN.into(),
            max_retries: Some(0),
            timeout_seconds: None,
            auth_scheme: None,
        },
        user_id: user_id.into(),
    }
}

#[tokio::test]
async fn typed_calls_answer_records_and_typed_errors_on_one_instance() {
    let script = Arc::new(Script::new(vec![
        ok(
            json!({ "id": "00u1", "status": "ACTIVE", "created": "2024-01-02T03:04:05.000Z",
                   "profile": { "login": "jane@example.com", "firstName": "Jane", "costCenter": 42 } }),
        ),
        okta_error(
            404,
            "E0000007",
            "Not found: Resource not found: 00u2 (User)",
            &[],
        ),
    ]));
    let session = Session::in_process(script.clone());
    let mut live = Block::shared().live(&session).await.unwrap();

    let (block, store) = live.typed().unwrap();
    let user = block
        .okta_block_okta_users()
        .call_get_user(store, &input("00u1"))
        .await
        .unwrap()
        .expect("a user");
    assert_eq!(user.id, "00u1");
    assert_eq!(user.status, "ACTIVE");
    assert_eq!(user.first_name.as_deref(), Some("Jane"));
    assert_eq!(user.login.as_deref(), Some("jane@example.com"));
    assert_eq!(user.created.as_deref(), Some("2024-01-02T03:04:05.000Z"));
    assert_eq!(user.last_login, None);
    let profile: serde_json::Value =
        serde_json::from_str(user.profile_json.as_deref().unwrap()).unwrap();
    assert_eq!(profile["costCenter"], 42);

    let (block, store) = live.typed().unwrap();
    let missing = block
        .okta_block_okta_users()
        .call_get_user(store, &input("00u2"))
        .await
        .unwrap();
    match missing {
        Err(OktaError::NotFound(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.error_code.as_deref(), Some("E0000007"));
        }
        other => panic!("expected not-found, got {other:?}"),
    }

    // Refused before any request: the script has no reply left for it.
    let (block, store) = live.typed().unwrap();
    let refused = block
        .okta_block_okta_users()
        .call_get_user(store, &input(""))
        .await
        .unwrap();
    match refused {
        Err(OktaError::InvalidInput(error)) => assert_eq!(error.field, "userId"),
        other => panic!("expected invalid-input, got {other:?}"),
    }
    assert_eq!(script.remaining(), 0);
    assert_eq!(session.exchanges().len(), 2);
}
