//! The component against the emulated org: every operation end to end.

use super::*;

/// Runs one of the component's operations against the org; the output must be a success.
async fn operation(org: &Arc<Emulator>, name: &str, fields: Value) -> Value {
    let mut input = json!({ "domain": "acme.okta.com", "apiKey": TOKEN });
    for (key, value) in fields.as_object().unwrap() {
        input[key] = value.clone();
    }
    let session = Session::in_process(org.clone());
    let output = Block::shared().call(&session, name, &input).await.unwrap();
    assert_eq!(output["success"], true, "{name}: {output}");
    output
}

#[tokio::test]
async fn the_component_runs_every_operation_against_the_emulator() {
    let clock = ManualClock::at(START).unwrap();
    let org = Arc::new(
        Emulator::builder()
            .demo()
            .token(TOKEN)
            .clock(Arc::new(clock))
            .build()
            .unwrap(),
    );
    let all = operation(&org, "list_users", json!({ "returnAll": true })).await;
    assert_eq!(all["count"], 47);
    assert_eq!(all["hasMore"], false);
    let page = operation(&org, "list_users", json!({ "limit": 20 })).await;
    assert_eq!(
        (page["count"].as_u64(), page["hasMore"].as_bool()),
        (Some(20), Some(true))
    );
    let next = operation(
        &org,
        "list_users",
        json!({ "limit": 20, "after": page["nextCursor"] }),
    )
    .await;
    assert_eq!(next["count"], 20);
    let found = operation(
        &org,
        "list_users",
        json!({ "search": "profile.department eq \"Sales\"" }),
    )
    .await;
    assert_eq!(found["count"], 9);
    let grace = operation(&org, "get_user", json!({ "userId": "grace.kim" })).await;
    assert_eq!(grace["title"], "VP of Sales");

    let created = operation(&org, "create_user", json!({
        "firstName": "Eve", "lastName": "Tester", "email": "eve.tester@example.com", "activate": false
    })).await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "STAGED");
    let updated = operation(
        &org,
        "update_user",
        json!({ "userId": id, "title": "QA Lead" }),
    )
    .await;
    assert_eq!(updated["id"], id.as_str());
    let activated = operation(
        &org,
        "activate_user",
        json!({ "userId": id, "sendEmail": false }),
    )
    .await;
    assert!(
        activated["activationUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://acme.okta.com/tokens/")
    );
    // Without a password the user is PROVISIONED; reset it, then suspend an active one.
    operation(
        &org,
        "reset_password",
        json!({ "userId": id, "sendEmail": false }),
    )
    .await;
    operation(&org, "suspend_user", json!({ "userId": "grace.kim" })).await;
    operation(&org, "unsuspend_user", json!({ "userId": "grace.kim" })).await;

    let groups = operation(&org, "list_groups", json!({})).await;
    assert_eq!(groups["count"], 8);
    let group = operation(
        &org,
        "create_group",
        json!({ "name": "Testers", "description": "QA" }),
    )
    .await;
    let group_id = group["id"].as_str().unwrap().to_string();
    let renamed = operation(
        &org,
        "update_group",
        json!({ "groupId": group_id, "name": "Test Team" }),
    )
    .await;
    assert_eq!(
        (renamed["name"].as_str(), renamed["description"].as_str()),
        (Some("Test Team"), Some("QA"))
    );
    operation(
        &org,
        "add_user_to_group",
        json!({ "groupId": group_id, "userId": id }),
    )
    .await;
    let members = operation(&org, "list_group_members", json!({ "groupId": group_id })).await;
    assert_eq!(members["members"][0]["id"], id.as_str());
    operation(
        &org,
        "remove_user_from_group",
        json!({ "groupId": group_id, "userId": id }),
    )
    .await;
    assert_eq!(
        operation(&org, "get_group", json!({ "groupId": group_id })).await["name"],
        "Test Team"
    );
    operation(&org, "delete_group", json!({ "groupId": group_id })).await;

    operation(&org, "deactivate_user", json!({ "userId": id })).await;
    let deleted = operation(&org, "delete_user", json!({ "userId": id })).await;
    assert_eq!(
        (deleted["deleted"].as_bool(), deleted["status"].as_str()),
        (Some(true), Some("DELETED"))
    );
    let session = Session::in_process(org.clone());
    let gone = Block::shared()
        .call(
            &session,
            "get_user",
            &json!({ "domain": "acme.okta.com", "apiKey": TOKEN, "userId": id }),
        )
        .await
        .unwrap();
    assert_eq!(gone["error"]["kind"], "notFound", "{gone}");
}
