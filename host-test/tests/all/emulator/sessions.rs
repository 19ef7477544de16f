//! Signing in (`/authn`) and sessions: one-time session tokens, the session lifecycle, lockout,
//! and the ends of a user's sessions.

use super::*;

const PASSWORD: &str = "Tr0ub4dor&3";

fn authn(org: &Emulator, login: &str, password: &str) -> Answer {
    call(
        org,
        "POST",
        "/api/v1/authn",
        Some(json!({ "username": login, "password": password })),
    )
}

/// Signs a user in and opens a session; returns the session's JSON.
fn sign_in(org: &Emulator, login: &str) -> Value {
    let token = authn(org, login, PASSWORD);
    assert_eq!(token.status, 200, "{:?}", token.body);
    let session = call(
        org,
        "POST",
        "/api/v1/sessions",
        Some(json!({ "sessionToken": token.json["sessionToken"] })),
    );
    assert_eq!(session.status, 200, "{:?}", session.body);
    session.json
}

fn session(org: &Emulator, id: &str) -> Answer {
    call(org, "GET", &format!("/api/v1/sessions/{id}"), None)
}

const LOGIN: &str = "sue.session@example.com";

fn sue(org: &Emulator) -> String {
    create(org, "Sue", "Session", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_sign_in_opens_a_session_that_lives_two_hours() {
    let (org, clock) = empty_org();
    let user = sue(&org);
    authn(&org, LOGIN, "wrong").assert_error(401, "E0000004");
    authn(&org, "nobody@example.com", PASSWORD).assert_error(401, "E0000004");

    let signed_in = authn(&org, LOGIN, PASSWORD);
    assert_eq!(signed_in.json["status"], "SUCCESS");
    assert_eq!(signed_in.json["expiresAt"], "2024-01-08T09:05:00.000Z");
    assert_eq!(signed_in.json["_embedded"]["user"]["id"], user.as_str());
    assert_eq!(
        signed_in.json["_embedded"]["user"]["profile"]["login"],
        LOGIN
    );
    let token = signed_in.json["sessionToken"].as_str().unwrap().to_string();
    // Signing in is the user's last login.
    assert_eq!(
        call(&org, "GET", &format!("/api/v1/users/{user}"), None).json["lastLogin"],
        START
    );

    let created = call(
        &org,
        "POST",
        "/api/v1/sessions",
        Some(json!({ "sessionToken": token })),
    );
    assert_eq!(created.status, 200, "{:?}", created.body);
    let id = created.json["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("102") && id.len() == 25);
    assert_eq!(created.json["userId"], user.as_str());
    assert_eq!(created.json["login"], LOGIN);
    assert_eq!(created.json["expiresAt"], "2024-01-08T11:00:00.000Z");
    assert_eq!(created.json["amr"], json!(["pwd"]));
    assert_eq!(created.json["idp"]["type"], "OKTA");
    assert_eq!(created.json["mfaActive"], false);
    assert_eq!(
        created.json["_links"]["self"]["href"],
        format!("{BASE}/api/v1/sessions/me")
    );
    // A session token works once.
    call(
        &org,
        "POST",
        "/api/v1/sessions",
        Some(json!({ "sessionToken": token })),
    )
    .assert_error(401, "E0000004");
    call(&org, "POST", "/api/v1/sessions", Some(json!({}))).assert_error(400, "E0000003");

    let read = session(&org, &id);
    assert_eq!(
        read.json["_links"]["self"]["href"],
        format!("{BASE}/api/v1/sessions/{id}")
    );
    clock.advance(Duration::from_secs(3600));
    let refreshed = call(
        &org,
        "POST",
        &format!("/api/v1/sessions/{id}/lifecycle/refresh"),
        None,
    );
    assert_eq!(refreshed.json["expiresAt"], "2024-01-08T12:00:00.000Z");
    assert_eq!(refreshed.json["createdAt"], START);
    clock.advance(Duration::from_secs(2 * 3600));
    let expired = session(&org, &id);
    expired.assert_error(404, "E0000007");
    assert_eq!(
        expired.json["errorSummary"],
        format!("Not found: Resource not found: {id} (AppSession)")
    );

    let again = sign_in(&org, LOGIN)["id"].as_str().unwrap().to_string();
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/sessions/{again}"), None).status,
        204
    );
    session(&org, &again).assert_error(404, "E0000007");
    call(&org, "DELETE", &format!("/api/v1/sessions/{again}"), None).assert_error(404, "E0000007");
    call(&org, "GET", "/api/v1/sessions", None).assert_error(405, "E0000022");
}

#[test]
fn a_session_token_expires_after_five_minutes() {
    let (org, clock) = empty_org();
    sue(&org);
    let token = authn(&org, LOGIN, PASSWORD).json["sessionToken"].clone();
    clock.advance(Duration::from_secs(301));
    call(
        &org,
        "POST",
        "/api/v1/sessions",
        Some(json!({ "sessionToken": token })),
    )
    .assert_error(401, "E0000004");
}

#[test]
fn signing_in_needs_no_api_token_but_sessions_do() {
    let (org, _) = empty_org();
    sue(&org);
    let body = json!({ "username": LOGIN, "password": PASSWORD });
    let anonymous = send(&org, request("POST", "/api/v1/authn", None, Some(body)));
    assert_eq!(anonymous.status, 200, "{:?}", anonymous.body);
    let token = json!({ "sessionToken": anonymous.json["sessionToken"] });
    send(&org, request("POST", "/api/v1/sessions", None, Some(token)))
        .assert_error(401, "E0000011");
}

#[test]
fn ten_failed_sign_ins_lock_the_user_out() {
    let (org, _) = empty_org();
    let user = sue(&org);
    for _ in 0..9 {
        authn(&org, LOGIN, "guess").assert_error(401, "E0000004");
    }
    // A success in between starts the count again.
    assert_eq!(authn(&org, LOGIN, PASSWORD).json["status"], "SUCCESS");
    for _ in 0..10 {
        authn(&org, LOGIN, "guess").assert_error(401, "E0000004");
    }
    assert_eq!(status_of(&org, &user), "LOCKED_OUT");
    let locked = authn(&org, LOGIN, PASSWORD);
    assert_eq!(locked.status, 200);
    assert_eq!(locked.json["status"], "LOCKED_OUT");
    assert!(locked.json.get("sessionToken").is_none());
    assert_eq!(lifecycle(&org, &user, "unlock").status, 200);
    assert_eq!(authn(&org, LOGIN, PASSWORD).json["status"], "SUCCESS");

    let events = call(&org, "GET", "/api/v1/logs?limit=1000", None).json;
    let failures = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["eventType"] == "user.session.start" && e["outcome"]["result"] == "FAILURE")
        .count();
    assert_eq!(failures, 19);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["eventType"] == "user.account.lock")
    );
}

#[test]
fn clearing_sessions_or_deactivating_ends_a_users_sessions() {
    let (org, _) = empty_org();
    let user = sue(&org);
    let first = sign_in(&org, LOGIN)["id"].as_str().unwrap().to_string();
    let second = sign_in(&org, LOGIN)["id"].as_str().unwrap().to_string();
    let cleared = call(
        &org,
        "DELETE",
        &format!("/api/v1/users/{user}/sessions?oauthTokens=true&forgetDevices=false"),
        None,
    );
    assert_eq!(cleared.status, 204);
    session(&org, &first).assert_error(404, "E0000007");
    session(&org, &second).assert_error(404, "E0000007");

    let third = sign_in(&org, LOGIN)["id"].as_str().unwrap().to_string();
    assert_eq!(session(&org, &third).status, 200);
    assert_eq!(lifecycle(&org, &user, "deactivate").status, 200);
    session(&org, &third).assert_error(404, "E0000007");
    authn(&org, LOGIN, PASSWORD).assert_error(401, "E0000004");
}

#[test]
fn the_sign_in_follows_the_users_password_and_status() {
    let (org, _) = empty_org();
    let user = sue(&org);
    // A temporary password signs in to a password change.
    let temp = lifecycle(&org, &user, "expire_password_with_temp_password");
    let temp = temp.json["tempPassword"].as_str().unwrap().to_string();
    authn(&org, LOGIN, PASSWORD).assert_error(401, "E0000004");
    let expired = authn(&org, LOGIN, &temp);
    assert_eq!(expired.status, 200);
    assert_eq!(expired.json["status"], "PASSWORD_EXPIRED");
    assert!(expired.json["stateToken"].is_string());
    assert!(expired.json.get("sessionToken").is_none());

    // An admin's new password replaces it.
    let updated = call(
        &org,
        "POST",
        &format!("/api/v1/users/{user}"),
        Some(json!({ "credentials": { "password": { "value": "N3w-Pa55word" } } })),
    );
    assert_eq!(updated.status, 200);
    authn(&org, LOGIN, &temp).assert_error(401, "E0000004");
    assert_eq!(
        authn(&org, LOGIN, "N3w-Pa55word").json["status"],
        "PASSWORD_EXPIRED"
    );

    // A suspended user, or one without a password, does not sign in.
    let suspended = create(&org, "Sus", "Pended", true, true);
    let suspended_id = suspended["id"].as_str().unwrap();
    assert_eq!(lifecycle(&org, suspended_id, "suspend").status, 200);
    authn(&org, "sus.pended@example.com", PASSWORD).assert_error(401, "E0000004");
    assert_eq!(lifecycle(&org, suspended_id, "unsuspend").status, 200);
    assert_eq!(
        authn(&org, "sus.pended@example.com", PASSWORD).json["status"],
        "SUCCESS"
    );
    let staged = create(&org, "No", "Password", false, false);
    let staged_login = staged["profile"]["login"].as_str().unwrap();
    authn(&org, staged_login, "").assert_error(401, "E0000004");

    // The password is kept only as a salted digest.
    let state = org.to_json().to_string();
    assert!(!state.contains("N3w-Pa55word") && !state.contains(PASSWORD) && !state.contains(&temp));
}
