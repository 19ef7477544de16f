//! Users: creation, reads, updates and every lifecycle transition with Okta's error codes.

use super::*;

#[test]
fn create_sets_status_from_activate_and_password() {
    let (org, _) = empty_org();
    let staged = create(&org, "Stan", "Staged", false, true);
    let active = create(&org, "Ada", "Active", true, true);
    let provisioned = create(&org, "Pat", "Provisioned", true, false);
    assert_eq!(staged["status"], "STAGED");
    assert_eq!(active["status"], "ACTIVE");
    assert_eq!(provisioned["status"], "PROVISIONED");

    assert_eq!(staged["activated"], Value::Null);
    // Current Okta sets statusChanged at creation, for a STAGED user too.
    assert_eq!(staged["statusChanged"], START);
    assert_eq!(staged["created"], START);
    assert_eq!(staged["passwordChanged"], START);
    assert_eq!(active["activated"], START);
    assert_eq!(provisioned["passwordChanged"], Value::Null);
    assert!(provisioned["credentials"].get("password").is_none());
    assert_eq!(active["credentials"]["password"], json!({}));

    // The shape of the recordings, nulls included.
    let id = active["id"].as_str().unwrap();
    assert_eq!(id.len(), 20);
    assert!(id.starts_with("00u"));
    assert_eq!(
        keys(&active),
        [
            "id",
            "status",
            "created",
            "activated",
            "statusChanged",
            "lastLogin",
            "lastUpdated",
            "passwordChanged",
            "type",
            "profile",
            "credentials",
            "_links"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    assert_eq!(active["lastLogin"], Value::Null);
    assert_eq!(active["profile"]["mobilePhone"], Value::Null);
    assert_eq!(active["profile"]["secondEmail"], Value::Null);
    assert_eq!(
        active["credentials"]["emails"],
        json!([{ "value": "ada.active@example.com", "status": "VERIFIED", "type": "PRIMARY" }])
    );
    assert_eq!(
        active["credentials"]["provider"],
        json!({ "type": "OKTA", "name": "OKTA" })
    );
    assert!(active["type"]["id"].as_str().unwrap().starts_with("oty"));
    assert_eq!(
        active["_links"]["self"]["href"],
        format!("{BASE}/api/v1/users/{id}")
    );
    assert_eq!(
        active["_links"]["suspend"],
        json!({ "href": format!("{BASE}/api/v1/users/{id}/lifecycle/suspend"), "method": "POST" })
    );
    assert!(staged["_links"].get("activate").is_some());
    assert!(staged["_links"].get("suspend").is_none());
    // Fields come out in Okta's order.
    let text = serde_json::to_string(&active).unwrap();
    let raw = call(&org, "GET", &format!("/api/v1/users/{id}"), None)
        .body
        .unwrap();
    assert!(raw.starts_with(r#"{"id":"#), "{raw}");
    assert!(raw.contains(r#""profile":{"firstName":"Ada","lastName":"Active","mobilePhone":null,"secondEmail":null,"login""#), "{raw}");
    assert!(!text.is_empty());
}

#[test]
fn lifecycle_moves_status_and_timestamps_as_okta_does() {
    let (org, clock) = empty_org();
    let user = create(&org, "Lee", "Cycle", false, true);
    let id = user["id"].as_str().unwrap();

    clock.advance(Duration::from_secs(5));
    let activation = lifecycle(&org, &format!("{id}/../{id}"), "activate");
    assert_eq!(activation.status, 404, "a path with .. is not a user");
    let activation = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/activate?sendEmail=false"),
        None,
    );
    assert_eq!(activation.status, 200);
    assert_eq!(
        keys(&activation.json),
        ["activationToken", "activationUrl"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let token = activation.json["activationToken"].as_str().unwrap();
    assert_eq!(
        activation.json["activationUrl"],
        format!("{BASE}/tokens/{token}/verify")
    );
    let after = call(&org, "GET", &format!("/api/v1/users/{id}"), None).json;
    assert_eq!(after["status"], "ACTIVE");
    assert_eq!(after["activated"], "2024-01-08T09:00:05.000Z");
    assert_eq!(after["statusChanged"], "2024-01-08T09:00:05.000Z");
    assert_eq!(after["lastUpdated"], "2024-01-08T09:00:05.000Z");
    assert_eq!(after["created"], START);
    assert_eq!(after["passwordChanged"], START);

    clock.advance(Duration::from_secs(5));
    let suspend = lifecycle(&org, id, "suspend");
    assert_eq!((suspend.status, suspend.json.clone()), (200, json!({})));
    assert_eq!(status_of(&org, id), "SUSPENDED");
    let suspended = call(&org, "GET", &format!("/api/v1/users/{id}"), None).json;
    assert_eq!(suspended["statusChanged"], "2024-01-08T09:00:10.000Z");
    assert_eq!(suspended["activated"], "2024-01-08T09:00:05.000Z");

    let unsuspend = lifecycle(&org, id, "unsuspend");
    assert_eq!((unsuspend.status, unsuspend.json.clone()), (200, json!({})));
    assert_eq!(status_of(&org, id), "ACTIVE");

    let reset = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"),
        None,
    );
    assert_eq!(reset.status, 200);
    assert!(
        reset.json["resetPasswordUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{BASE}/reset_password/"))
    );
    assert_eq!(status_of(&org, id), "RECOVERY");
    let mailed = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=true"),
        None,
    );
    assert_eq!((mailed.status, mailed.json), (200, json!({})));

    clock.advance(Duration::from_secs(5));
    let expired = lifecycle(&org, id, "expire_password");
    assert_eq!(expired.status, 200);
    assert_eq!(expired.json["status"], "PASSWORD_EXPIRED");
    assert_eq!(expired.json["id"], id);

    clock.advance(Duration::from_secs(5));
    let temp = lifecycle(&org, id, "expire_password_with_temp_password");
    assert_eq!(temp.status, 200);
    assert_eq!(keys(&temp.json), ["tempPassword".to_string()].into());
    let user = call(&org, "GET", &format!("/api/v1/users/{id}"), None).json;
    assert_eq!(user["passwordChanged"], "2024-01-08T09:00:20.000Z");
    assert_eq!(user["status"], "PASSWORD_EXPIRED");

    let deactivate = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/deactivate?sendEmail=false"),
        None,
    );
    assert_eq!((deactivate.status, deactivate.json), (200, json!({})));
    assert_eq!(status_of(&org, id), "DEPROVISIONED");

    // A deactivated user can be activated again; with a password it is ACTIVE at once.
    let again = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/activate?sendEmail=true"),
        None,
    );
    assert_eq!((again.status, again.json), (200, json!({})));
    assert_eq!(status_of(&org, id), "ACTIVE");
}

#[test]
fn provisioned_users_reactivate_and_activate_without_a_password_is_provisioned() {
    let (org, _) = empty_org();
    let id = create(&org, "No", "Password", false, false)["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(lifecycle(&org, &id, "activate").json, json!({}));
    assert_eq!(status_of(&org, &id), "PROVISIONED");
    let again = lifecycle(&org, &id, "reactivate");
    assert_eq!(again.status, 200);
    assert!(
        again.json["activationToken"].is_string(),
        "reactivate defaults to sendEmail=false"
    );
    assert_eq!(status_of(&org, &id), "PROVISIONED");
}

#[test]
fn illegal_transitions_answer_okta_errors() {
    let (org, _) = demo_org();
    let active = create(&org, "Al", "Ready", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let staged = create(&org, "St", "Aged", false, true)["id"]
        .as_str()
        .unwrap()
        .to_string();

    lifecycle(&org, &active, "activate").assert_error(403, "E0000016");
    assert_eq!(
        lifecycle(&org, &active, "activate").json["errorSummary"],
        "Activation failed because the user is already active"
    );
    // The reference: suspend and unsuspend in the wrong status are 400 E0000001.
    lifecycle(&org, &staged, "suspend").assert_error(400, "E0000001");
    lifecycle(&org, &active, "unsuspend").assert_error(400, "E0000001");
    lifecycle(&org, &staged, "unlock").assert_error(403, "E0000032");
    assert_eq!(
        lifecycle(&org, &staged, "unlock").json["errorSummary"],
        "Unlock is not allowed for this user."
    );
    // An ACTIVE user is not locked out either: current Okta refuses, saying so.
    let refused = lifecycle(&org, &active, "unlock");
    refused.assert_error(403, "E0000032");
    assert_eq!(
        refused.json["errorCauses"],
        json!([{ "errorSummary": "The user is not locked out" }])
    );
    lifecycle(&org, &active, "reactivate").assert_error(403, "E0000038");
    let forbidden = lifecycle(&org, &staged, "reset_password");
    forbidden.assert_error(403, "E0000038");
    assert_eq!(
        forbidden.json["errorSummary"],
        "This operation is not allowed in the user's current status."
    );
    lifecycle(&org, &staged, "expire_password").assert_error(403, "E0000038");

    assert_eq!(lifecycle(&org, &active, "suspend").status, 200);
    lifecycle(&org, &active, "activate").assert_error(403, "E0000038");
    lifecycle(&org, &active, "suspend").assert_error(400, "E0000001");
    lifecycle(&org, &active, "unlock").assert_error(403, "E0000032");

    assert_eq!(lifecycle(&org, &staged, "deactivate").status, 200);
    lifecycle(&org, &staged, "deactivate").assert_error(403, "E0000038");
    lifecycle(&org, &staged, "suspend").assert_error(400, "E0000001");

    lifecycle(&org, "00uNoSuchUser0000000", "suspend").assert_error(404, "E0000007");
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{active}/lifecycle/explode"),
        None,
    )
    .assert_error(404, "E0000008");
}

#[test]
fn locked_out_users_unlock_to_active() {
    let (org, _) = demo_org();
    let locked = call(
        &org,
        "GET",
        "/api/v1/users?filter=status+eq+%22LOCKED_OUT%22",
        None,
    );
    let id = &ids(&locked.json)[0];
    assert_eq!(
        locked.json[0]["_links"].as_object().unwrap().len(),
        1,
        "lists carry only self"
    );
    let full = call(&org, "GET", &format!("/api/v1/users/{id}"), None).json;
    assert!(full["_links"]["unlock"].is_object());
    assert_eq!(lifecycle(&org, id, "unlock").json, json!({}));
    assert_eq!(status_of(&org, id), "ACTIVE");
}

#[test]
fn logins_are_unique_regardless_of_case_and_required_fields_are_checked() {
    let (org, _) = empty_org();
    create(&org, "Dup", "Licate", true, true);
    let mut body = user_body("Dup", "Licate", true);
    body["profile"]["login"] = json!("DUP.LICATE@EXAMPLE.COM");
    let duplicate = call(&org, "POST", "/api/v1/users?activate=true", Some(body));
    duplicate.assert_error(400, "E0000001");
    assert_eq!(
        duplicate.json["errorSummary"],
        "Api validation failed: login"
    );
    assert_eq!(
        duplicate.json["errorCauses"],
        json!([{ "errorSummary": "login: An object with this field already exists in the current organization" }])
    );

    let missing = call(
        &org,
        "POST",
        "/api/v1/users",
        Some(json!({ "profile": { "login": "x@example.com" } })),
    );
    missing.assert_error(400, "E0000001");
    assert_eq!(missing.json["errorSummary"], "Api validation failed: email");
    let causes: Vec<&str> = missing.json["errorCauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["errorSummary"].as_str().unwrap())
        .collect();
    assert_eq!(
        causes,
        [
            "email: The field cannot be left blank",
            "firstName: The field cannot be left blank",
            "lastName: The field cannot be left blank",
        ]
    );

    // A changed login must be free too, and an update to the same login in other case is fine.
    let other = create(&org, "Oth", "Er", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{other}"),
        Some(json!({ "profile": { "login": "Dup.Licate@example.com" } })),
    )
    .assert_error(400, "E0000001");
    let recased = call(
        &org,
        "POST",
        &format!("/api/v1/users/{other}"),
        Some(json!({ "profile": { "login": "OTH.ER@example.com" } })),
    );
    assert_eq!(recased.status, 200);
    assert_eq!(
        call(&org, "GET", "/api/v1/users/oth.er@EXAMPLE.com", None).json["id"],
        other.as_str()
    );
}

#[test]
fn partial_update_changes_only_what_is_sent_and_put_replaces() {
    let (org, clock) = empty_org();
    let mut body = user_body("Par", "Tial", true);
    body["profile"]["title"] = json!("Engineer");
    body["profile"]["department"] = json!("R&D");
    let id = call(&org, "POST", "/api/v1/users", Some(body)).json["id"]
        .as_str()
        .unwrap()
        .to_string();
    clock.advance(Duration::from_secs(3));
    let updated = call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}"),
        Some(json!({ "profile": { "title": "Staff Engineer", "nickName": "PT" } })),
    );
    assert_eq!(updated.status, 200);
    assert_eq!(updated.json["profile"]["title"], "Staff Engineer");
    assert_eq!(updated.json["profile"]["nickName"], "PT");
    assert_eq!(updated.json["profile"]["department"], "R&D");
    assert_eq!(updated.json["profile"]["firstName"], "Par");
    assert_eq!(updated.json["lastUpdated"], "2024-01-08T09:00:03.000Z");
    assert_eq!(updated.json["created"], START);
    assert_eq!(
        keys(&updated.json).len(),
        12,
        "the response is the full user"
    );

    let replaced = call(
        &org,
        "PUT",
        &format!("/api/v1/users/{id}"),
        Some(user_body("Par", "Tial", false)),
    );
    assert_eq!(replaced.status, 200);
    assert!(replaced.json["profile"].get("title").is_none());
    assert!(replaced.json["profile"].get("department").is_none());

    call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}"),
        Some(json!({ "profile": { "email": "" } })),
    )
    .assert_error(400, "E0000001");
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}"),
        Some(json!({ "profile": { "email": "not-an-email" } })),
    )
    .assert_error(400, "E0000001");
}

#[test]
fn delete_deactivates_then_deletes_then_404() {
    let (org, _) = empty_org();
    let id = create(&org, "Del", "Ete", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first = call(
        &org,
        "DELETE",
        &format!("/api/v1/users/{id}?sendEmail=false"),
        None,
    );
    assert_eq!((first.status, first.body.clone()), (204, None));
    assert_eq!(first.header("Content-Type"), None);
    assert_eq!(status_of(&org, &id), "DEPROVISIONED");
    let second = call(&org, "DELETE", &format!("/api/v1/users/{id}"), None);
    assert_eq!(second.status, 204);
    let gone = call(&org, "GET", &format!("/api/v1/users/{id}"), None);
    gone.assert_error(404, "E0000007");
    assert_eq!(
        gone.json["errorSummary"],
        format!("Not found: Resource not found: {id} (User)")
    );
    call(&org, "DELETE", &format!("/api/v1/users/{id}"), None).assert_error(404, "E0000007");
    // The login is free again.
    create(&org, "Del", "Ete", true, true);
}

#[test]
fn users_are_found_by_login_in_any_case_and_by_short_name() {
    let (org, _) = empty_org();
    let id = create(&org, "Find", "Me", false, false)["id"]
        .as_str()
        .unwrap()
        .to_string();
    for key in ["find.me@example.com", "FIND.ME%40EXAMPLE.COM", "find.me"] {
        let found = call(&org, "GET", &format!("/api/v1/users/{key}"), None);
        assert_eq!(found.json["id"], id.as_str(), "{key}");
    }
    call(&org, "GET", "/api/v1/users/nobody@example.com", None).assert_error(404, "E0000007");
}

#[test]
fn an_active_user_links_what_current_okta_links_in_its_order() {
    // Recorded in 2025: a user created active with a password, and no recovery question.
    let recorded = crate::support::recording("test_get_non_existent_session.json");
    let body: Value =
        serde_json::from_str(recorded.interactions[0].response.body.as_deref().unwrap()).unwrap();
    let expected: Vec<&String> = body["_links"].as_object().unwrap().keys().collect();
    let (org, _) = empty_org();
    let active = create(&org, "Link", "Order", true, true);
    let answered: Vec<&String> = active["_links"].as_object().unwrap().keys().collect();
    assert_eq!(answered, expected);
}
