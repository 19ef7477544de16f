//! The emulated org, driven directly through `Responder::respond`: lifecycle rules, errors,
//! listing grammars, pagination, rate limits, faults, persistence, seeds, and fidelity to the
//! real recordings in `tests/recordings`.

use okta_block_host::emulator::{DEMO_TOKEN, Emulator, Fault, FaultAction, ManualClock};
use okta_block_host::exchange::{Reply, RequestRecord, ResponseRecord, Transcript, TransportFault};
use okta_block_host::state::StateFile;
use okta_block_host::upstream::Responder;
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "emulator-test-token";
const BASE: &str = "https://acme.okta.com";
const START: &str = "2024-01-08T09:00:00.000Z";

/// An empty org on a manual clock at [`START`].
fn empty_org() -> (Emulator, ManualClock) {
    let clock = ManualClock::at(START).unwrap();
    let org = Emulator::builder()
        .token(TOKEN)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (org, clock)
}

/// The demo org, answering to [`TOKEN`], on a manual clock.
fn demo_org() -> (Emulator, ManualClock) {
    let clock = ManualClock::at(START).unwrap();
    let org = Emulator::builder()
        .demo()
        .token(TOKEN)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (org, clock)
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<String>,
    json: Value,
}

impl Answer {
    fn from(response: ResponseRecord) -> Self {
        let json = response
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        Self {
            status: response.status,
            headers: response.headers,
            body: response.body,
            json,
        }
    }

    fn headers(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers(name).first().copied()
    }

    /// The target of the `rel="next"` link, if any.
    fn next_link(&self) -> Option<String> {
        self.headers("link")
            .into_iter()
            .find(|l| l.ends_with("rel=\"next\""))
            .map(|l| l[1..l.find('>').unwrap()].to_string())
    }

    fn error_code(&self) -> &str {
        self.json["errorCode"].as_str().unwrap_or_default()
    }

    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{:?}", self.body);
        assert_eq!(self.error_code(), code, "{:?}", self.body);
        assert_eq!(self.json["errorLink"], code);
        assert!(self.json["errorId"].as_str().unwrap().starts_with("oae"));
        assert!(self.json["errorCauses"].is_array());
    }
}

fn request(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> RequestRecord {
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if let Some(token) = token {
        headers.push(("Authorization".to_string(), format!("SSWS {token}")));
    }
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    RequestRecord {
        method: method.into(),
        url: if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{BASE}{path}")
        },
        headers,
        body: body.map(|b| b.to_string()),
    }
}

fn reply(org: &Emulator, record: &RequestRecord) -> Reply {
    org.respond(record)
}

fn send(org: &Emulator, record: RequestRecord) -> Answer {
    match reply(org, &record) {
        Reply::Http { response, .. } => Answer::from(response),
        Reply::Transport(fault) => panic!("unexpected transport fault {fault:?}"),
    }
}

fn call(org: &Emulator, method: &str, path: &str, body: Option<Value>) -> Answer {
    send(org, request(method, path, Some(TOKEN), body))
}

fn user_body(first: &str, last: &str, password: bool) -> Value {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let mut body = json!({ "profile": {
        "firstName": first, "lastName": last, "email": login, "login": login
    }});
    if password {
        body["credentials"] = json!({ "password": { "value": "Tr0ub4dor&3" } });
    }
    body
}

/// Creates a user and returns its JSON.
fn create(org: &Emulator, first: &str, last: &str, activate: bool, password: bool) -> Value {
    let answer = call(
        org,
        "POST",
        &format!("/api/v1/users?activate={activate}"),
        Some(user_body(first, last, password)),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json
}

fn lifecycle(org: &Emulator, id: &str, operation: &str) -> Answer {
    call(
        org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/{operation}"),
        None,
    )
}

fn status_of(org: &Emulator, id: &str) -> String {
    call(org, "GET", &format!("/api/v1/users/{id}"), None).json["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

fn create_group(org: &Emulator, name: &str) -> String {
    let answer = call(
        org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": { "name": name, "description": format!("{name} people") } })),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json["id"].as_str().unwrap().to_string()
}

// ----- users and the lifecycle -----

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
    assert_eq!(staged["statusChanged"], Value::Null);
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
        format!("{BASE}/welcome/{token}")
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

// ----- groups and memberships -----

#[test]
fn everyone_holds_every_user_always() {
    let (org, clock) = empty_org();
    let groups = call(&org, "GET", "/api/v1/groups", None);
    assert_eq!(groups.json.as_array().unwrap().len(), 1);
    let everyone = &groups.json[0];
    assert_eq!(everyone["type"], "BUILT_IN");
    assert_eq!(
        everyone["profile"],
        json!({ "name": "Everyone", "description": "All users in your organization" })
    );
    assert_eq!(everyone["objectClass"], json!(["okta:user_group"]));
    let everyone_id = everyone["id"].as_str().unwrap().to_string();

    clock.advance(Duration::from_secs(60));
    let a = create(&org, "Ev", "One", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = create(&org, "Ev", "Two", false, false)["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(lifecycle(&org, &b, "deactivate").status, 200);
    let members = call(
        &org,
        "GET",
        &format!("/api/v1/groups/{everyone_id}/users"),
        None,
    );
    assert_eq!(ids(&members.json), [a.clone(), b.clone()]);
    let group = call(&org, "GET", &format!("/api/v1/groups/{everyone_id}"), None).json;
    assert_eq!(group["lastMembershipUpdated"], "2024-01-08T09:01:00.000Z");
    assert_eq!(group["lastUpdated"], START);

    // Everyone takes no changes from the API.
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{everyone_id}/users/{a}"),
        None,
    )
    .assert_error(501, "E0000060");
    call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{everyone_id}/users/{a}"),
        None,
    )
    .assert_error(501, "E0000060");
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{everyone_id}"),
        Some(json!({ "profile": { "name": "All" } })),
    )
    .assert_error(501, "E0000060");
    call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{everyone_id}"),
        None,
    )
    .assert_error(501, "E0000060");
    let groups_of_a = call(&org, "GET", &format!("/api/v1/users/{a}/groups"), None);
    assert_eq!(ids(&groups_of_a.json), [everyone_id]);
}

#[test]
fn deactivated_users_keep_memberships_and_deleted_users_leave() {
    let (org, clock) = empty_org();
    let group = create_group(&org, "Pilots");
    let user = create(&org, "Mem", "Ber", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    clock.advance(Duration::from_secs(10));
    let add = call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{user}"),
        None,
    );
    assert_eq!((add.status, add.body.clone()), (204, None));
    let touched = call(&org, "GET", &format!("/api/v1/groups/{group}"), None).json;
    assert_eq!(touched["lastMembershipUpdated"], "2024-01-08T09:00:10.000Z");
    assert_eq!(touched["lastUpdated"], START);

    assert_eq!(lifecycle(&org, &user, "deactivate").status, 200);
    let members = call(&org, "GET", &format!("/api/v1/groups/{group}/users"), None);
    assert_eq!(ids(&members.json), std::slice::from_ref(&user));
    assert_eq!(members.json[0]["status"], "DEPROVISIONED");
    assert_eq!(
        call(&org, "GET", &format!("/api/v1/users/{user}/groups"), None)
            .json
            .as_array()
            .unwrap()
            .len(),
        2
    );

    clock.advance(Duration::from_secs(10));
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/users/{user}"), None).status,
        204
    );
    let members = call(&org, "GET", &format!("/api/v1/groups/{group}/users"), None);
    assert_eq!(members.json, json!([]));
    let group_now = call(&org, "GET", &format!("/api/v1/groups/{group}"), None).json;
    assert_eq!(
        group_now["lastMembershipUpdated"],
        "2024-01-08T09:00:20.000Z"
    );

    // Removing a member; adding twice is harmless; unknown users and groups are 404.
    let other = create(&org, "Oth", "Er", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..2 {
        assert_eq!(
            call(
                &org,
                "PUT",
                &format!("/api/v1/groups/{group}/users/{other}"),
                None
            )
            .status,
            204
        );
    }
    assert_eq!(
        ids(&call(&org, "GET", &format!("/api/v1/groups/{group}/users"), None).json).len(),
        1
    );
    assert_eq!(
        call(
            &org,
            "DELETE",
            &format!("/api/v1/groups/{group}/users/{other}"),
            None
        )
        .status,
        204
    );
    assert_eq!(
        call(&org, "GET", &format!("/api/v1/groups/{group}/users"), None).json,
        json!([])
    );
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/00uMissing0000000000"),
        None,
    )
    .assert_error(404, "E0000007");
    let missing_group = call(
        &org,
        "PUT",
        &format!("/api/v1/groups/00gMissing0000000000/users/{other}"),
        None,
    );
    missing_group.assert_error(404, "E0000007");
    assert_eq!(
        missing_group.json["errorSummary"],
        "Not found: Resource not found: 00gMissing0000000000 (UserGroup)"
    );
}

#[test]
fn group_crud_and_app_groups_are_read_only() {
    let (org, clock) = demo_org();
    let created = call(
        &org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": { "name": "Pilots", "region": "EU" } })),
    );
    assert_eq!(created.status, 200);
    let id = created.json["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("00g") && id.len() == 20);
    assert_eq!(created.json["type"], "OKTA_GROUP");
    assert_eq!(
        created.json["profile"],
        json!({ "name": "Pilots", "description": null, "region": "EU" })
    );
    assert_eq!(
        keys(&created.json),
        [
            "id",
            "created",
            "lastUpdated",
            "lastMembershipUpdated",
            "objectClass",
            "type",
            "profile",
            "_links"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    assert_eq!(
        created.json["_links"]["users"]["href"],
        format!("{BASE}/api/v1/groups/{id}/users")
    );
    assert_eq!(created.json["_links"]["logo"].as_array().unwrap().len(), 2);
    call(
        &org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": { "name": "pilots" } })),
    )
    .assert_error(400, "E0000001");
    call(
        &org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": { "description": "no name" } })),
    )
    .assert_error(400, "E0000001");

    clock.advance(Duration::from_secs(30));
    let replaced = call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{id}"),
        Some(json!({ "profile": { "name": "Pilots EU" } })),
    );
    assert_eq!(replaced.status, 200);
    assert_eq!(
        replaced.json["profile"],
        json!({ "name": "Pilots EU", "description": null })
    );
    assert_eq!(replaced.json["lastUpdated"], "2024-01-08T09:00:30.000Z");
    assert_eq!(replaced.json["lastMembershipUpdated"], START);

    let deleted = call(&org, "DELETE", &format!("/api/v1/groups/{id}"), None);
    assert_eq!((deleted.status, deleted.body), (204, None));
    call(&org, "GET", &format!("/api/v1/groups/{id}"), None).assert_error(404, "E0000007");

    // The demo org's Active Directory group belongs to its import.
    let app = call(
        &org,
        "GET",
        "/api/v1/groups?filter=type+eq+%22APP_GROUP%22",
        None,
    );
    let app_id = ids(&app.json)[0].clone();
    assert_eq!(
        app.json[0]["source"]["id"]
            .as_str()
            .map(|s| s.starts_with("0oa")),
        Some(true)
    );
    let member = ids(&call(
        &org,
        "GET",
        &format!("/api/v1/groups/{app_id}/users?limit=1"),
        None,
    )
    .json)[0]
        .clone();
    call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{app_id}/users/{member}"),
        None,
    )
    .assert_error(403, "E0000006");
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{app_id}"),
        Some(json!({ "profile": { "name": "x" } })),
    )
    .assert_error(403, "E0000006");
}

// ----- search, filter and q -----

#[test]
fn search_is_parsed_and_case_insensitive_on_values() {
    let (org, _) = demo_org();
    let search = |expr: &str| {
        let path = format!(
            "/api/v1/users?search={}",
            expr.replace(' ', "+").replace('"', "%22")
        );
        call(&org, "GET", &path, None)
    };
    let engineering = search(r#"profile.department eq "engineering""#);
    assert_eq!(engineering.status, 200);
    assert_eq!(engineering.json.as_array().unwrap().len(), 12);
    let active_engineers = search(r#"profile.department eq "Engineering" and status eq "active""#);
    assert_eq!(active_engineers.json.as_array().unwrap().len(), 10);
    let either = search(
        r#"(profile.department eq "HR" or profile.department eq "IT") and status eq "STAGED""#,
    );
    assert_eq!(either.json.as_array().unwrap().len(), 1);
    assert_eq!(
        search(r#"profile.lastName sw "o'c""#).json[0]["profile"]["lastName"],
        "O'Connor"
    );
    assert_eq!(
        search(r#"profile.title co "INTERN""#)
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Search includes DEPROVISIONED users.
    assert_eq!(
        search(r#"status eq "DEPROVISIONED""#)
            .json
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let early = search(r#"created lt "2022-03-11T00:00:00.000Z""#);
    assert_eq!(early.json.as_array().unwrap().len(), 2);
    assert_eq!(
        search(r#"profile.managerId pr and profile.department eq "Executive""#).json,
        json!([])
    );
    assert_eq!(search(r#"type.id pr"#).json.as_array().unwrap().len(), 50);
    // Attribute names are case-sensitive: an unknown top-level attribute is refused.
    search(r#"Status eq "ACTIVE""#).assert_error(400, "E0000031");

    for bad in [
        r#"status eq"#,
        r#"status eq ACTIVE"#,
        r#"status eq "ACTIVE"#,
        r#"(status eq "ACTIVE""#,
        r#"status ne "ACTIVE""#,
        r#"not status eq "ACTIVE""#,
        r#"status equals "ACTIVE""#,
        r#"profile.firstName eq "A" or"#,
        r#"created sw "2023""#,
    ] {
        let answer = search(bad);
        answer.assert_error(400, "E0000031");
        assert_eq!(
            answer.json["errorSummary"], "Invalid search criteria.",
            "{bad}"
        );
    }
    search(r#"created gt "yesterday""#).assert_error(400, "E0000030");
    let both = call(
        &org,
        "GET",
        "/api/v1/users?search=status+eq+%22ACTIVE%22&filter=status+eq+%22ACTIVE%22",
        None,
    );
    both.assert_error(400, "E0000033");
}

#[test]
fn filter_is_limited_and_case_sensitive() {
    let (org, clock) = demo_org();
    let filter = |expr: &str| {
        let path = format!(
            "/api/v1/users?filter={}",
            expr.replace(' ', "%20").replace('"', "%22")
        );
        call(&org, "GET", &path, None)
    };
    assert_eq!(
        filter(r#"status eq "SUSPENDED""#)
            .json
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(filter(r#"status eq "suspended""#).json, json!([]));
    assert_eq!(
        filter(r#"status eq "DEPROVISIONED""#)
            .json
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        filter(r#"status eq "LOCKED_OUT" or status eq "RECOVERY""#)
            .json
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let login = filter(r#"profile.login eq "grace.kim@acmecorp.example""#);
    assert_eq!(login.json[0]["profile"]["firstName"], "Grace");

    clock.advance(Duration::from_secs(1));
    let id = create(&org, "Fresh", "Face", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let recent = filter(r#"lastUpdated gt "2024-01-08T09:00:00.000Z""#);
    assert_eq!(ids(&recent.json), std::slice::from_ref(&id));
    assert_eq!(ids(&filter(&format!(r#"id eq "{id}""#)).json), [id]);

    for bad in [
        r#"profile.department eq "Sales""#,
        r#"status sw "ACT""#,
        r#"lastUpdated sw "2024""#,
        r#"status eq "ACTIVE" and"#,
    ] {
        filter(bad).assert_error(400, "E0000031");
    }
    let groups = call(
        &org,
        "GET",
        "/api/v1/groups?filter=type+eq+%22OKTA_GROUP%22",
        None,
    );
    assert_eq!(groups.json.as_array().unwrap().len(), 6);
    call(
        &org,
        "GET",
        "/api/v1/groups?filter=profile.name+eq+%22Sales%22",
        None,
    )
    .assert_error(400, "E0000031");
    let named = call(
        &org,
        "GET",
        "/api/v1/groups?search=profile.name+sw+%22human%22",
        None,
    );
    assert_eq!(named.json[0]["profile"]["name"], "Human Resources");
}

#[test]
fn plain_lists_leave_out_deprovisioned_users_and_q_is_a_prefix_lookup() {
    let (org, _) = demo_org();
    let all = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(all.json.as_array().unwrap().len(), 47);
    assert!(
        all.json
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] != "DEPROVISIONED")
    );
    assert_eq!(
        all.headers("link"),
        [format!("<{BASE}/api/v1/users?limit=200>; rel=\"self\"")]
    );

    let q = call(&org, "GET", "/api/v1/users?q=s", None);
    let names: Vec<String> = q
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{} {}",
                u["profile"]["firstName"].as_str().unwrap(),
                u["profile"]["lastName"].as_str().unwrap()
            )
        })
        .collect();
    assert!(names.len() <= 10, "q defaults to 10 results: {names:?}");
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| n
            .split(' ')
            .any(|part| part.to_lowercase().starts_with('s'))),
        "{names:?}"
    );
    assert_eq!(q.headers("link"), Vec::<&str>::new(), "q is not paged");
    let one = call(&org, "GET", "/api/v1/users?q=GRACE&limit=5", None);
    assert_eq!(one.json.as_array().unwrap().len(), 1);
    // q leaves out DEPROVISIONED users (James Wilson is one).
    assert_eq!(
        call(&org, "GET", "/api/v1/users?q=james", None).json,
        json!([])
    );

    let groups = call(&org, "GET", "/api/v1/groups?q=eng", None);
    assert_eq!(groups.json[0]["profile"]["name"], "Engineering");
    assert!(groups.headers("link").is_empty());
    let exact_first = call(&org, "GET", "/api/v1/groups?q=sales", None);
    assert_eq!(exact_first.json[0]["profile"]["name"], "Sales");
}

// ----- pagination -----

#[test]
fn pages_follow_next_links_on_separate_header_lines() {
    let (org, _) = empty_org();
    let made: Vec<String> = (0..5)
        .map(|i| {
            create(&org, "Page", &format!("User{i}"), true, true)["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let first = call(
        &org,
        "GET",
        "/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22",
        None,
    );
    let links = first.headers("link");
    assert_eq!(
        links.len(),
        2,
        "self and next are two header lines: {links:?}"
    );
    assert_eq!(
        links[0],
        format!("<{BASE}/api/v1/users?limit=2&filter=status+eq+%22ACTIVE%22>; rel=\"self\"")
    );
    assert!(links[1].starts_with(&format!("<{BASE}/api/v1/users?after=")));
    assert!(links[1].ends_with("&limit=2&filter=status+eq+%22ACTIVE%22>; rel=\"next\""));

    let mut seen = ids(&first.json);
    let mut next = first.next_link();
    let mut pages = 1;
    while let Some(url) = next {
        let page = send(&org, request("GET", &url, Some(TOKEN), None));
        assert_eq!(page.status, 200);
        let self_link = page.headers("link")[0].to_string();
        assert!(self_link.contains("after="), "{self_link}");
        seen.extend(ids(&page.json));
        next = page.next_link();
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, made, "every user once, in creation order");

    // A deleted cursor user does not break the walk.
    let second_url = first.next_link().unwrap();
    for id in &made[..2] {
        call(&org, "DELETE", &format!("/api/v1/users/{id}"), None);
        call(&org, "DELETE", &format!("/api/v1/users/{id}"), None);
    }
    let resumed = send(&org, request("GET", &second_url, Some(TOKEN), None));
    assert_eq!(ids(&resumed.json), made[2..4]);

    call(&org, "GET", "/api/v1/users?after=bogus", None).assert_error(400, "E0000029");
    let group_cursor = {
        for i in 0..2 {
            create_group(&org, &format!("G{i}"));
        }
        call(&org, "GET", "/api/v1/groups?limit=1", None)
            .next_link()
            .unwrap()
    };
    let cursor = group_cursor
        .split("after=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    call(&org, "GET", &format!("/api/v1/users?after={cursor}"), None).assert_error(400, "E0000029");
    call(&org, "GET", "/api/v1/users?limit=abc", None).assert_error(400, "E0000001");
    let capped = call(&org, "GET", "/api/v1/users?limit=5000", None);
    assert_eq!(
        capped.headers("link"),
        [format!("<{BASE}/api/v1/users?limit=200>; rel=\"self\"")]
    );
    let groups = call(&org, "GET", "/api/v1/groups", None);
    assert_eq!(
        groups.headers("link"),
        [format!("<{BASE}/api/v1/groups?limit=10000>; rel=\"self\"")]
    );
}

#[test]
fn group_members_page_at_up_to_1000() {
    let org = Emulator::with_users(2500);
    let everyone = send(
        &org,
        request("GET", "/api/v1/groups?q=Everyone", Some(DEMO_TOKEN), None),
    )
    .json[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut url = format!("{BASE}/api/v1/groups/{everyone}/users?limit=5000");
    let mut total = 0;
    let mut pages = 0;
    loop {
        let page = send(&org, request("GET", &url, Some(DEMO_TOKEN), None));
        assert_eq!(page.status, 200);
        assert!(page.json.as_array().unwrap().len() <= 1000);
        total += page.json.as_array().unwrap().len();
        pages += 1;
        match page.next_link() {
            Some(next) => {
                assert!(next.contains("limit=1000"), "{next}");
                url = next;
            }
            None => break,
        }
    }
    assert_eq!((total, pages), (2500, 3));
}

// ----- rate limits, auth and headers -----

#[test]
fn spent_budgets_answer_429_until_the_window_resets() {
    let clock = ManualClock::at(START).unwrap();
    let org = Emulator::builder()
        .token(TOKEN)
        .rate_limit_per_minute(3)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let start_seconds = 1_704_704_400; // START as epoch seconds
    for remaining in ["2", "1", "0"] {
        let answer = call(&org, "GET", "/api/v1/users", None);
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("x-rate-limit-limit"), Some("3"));
        assert_eq!(answer.header("x-rate-limit-remaining"), Some(remaining));
        assert_eq!(
            answer.header("x-rate-limit-reset"),
            Some((start_seconds + 60).to_string().as_str())
        );
    }
    let limited = call(&org, "GET", "/api/v1/users", None);
    limited.assert_error(429, "E0000047");
    assert_eq!(
        limited.json["errorSummary"],
        "API call exceeded rate limit due to too many requests."
    );
    assert_eq!(limited.header("x-rate-limit-remaining"), Some("0"));
    // Another endpoint family has its own window.
    assert_eq!(call(&org, "GET", "/api/v1/groups", None).status, 200);
    clock.advance(Duration::from_secs(60));
    let again = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(again.status, 200);
    assert_eq!(again.header("x-rate-limit-remaining"), Some("2"));

    // Okta's own budgets by default: 600 for /users, 2000 for GET /users/{id}.
    let (org, _) = empty_org();
    assert_eq!(
        call(&org, "GET", "/api/v1/users", None).header("x-rate-limit-limit"),
        Some("600")
    );
    assert_eq!(
        call(&org, "GET", "/api/v1/users/x", None).header("x-rate-limit-limit"),
        Some("2000")
    );
    org.set_rate_limit(Some(1));
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 200);
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 429);
}

#[test]
fn wrong_or_missing_tokens_answer_401() {
    let (org, _) = empty_org();
    for record in [
        request("GET", "/api/v1/users", Some("wrong"), None),
        request("GET", "/api/v1/users", None, None),
        RequestRecord {
            headers: vec![("Authorization".into(), format!("Basic {TOKEN}"))],
            ..request("GET", "/api/v1/users", None, None)
        },
    ] {
        let answer = send(&org, record);
        answer.assert_error(401, "E0000011");
        assert_eq!(answer.json["errorSummary"], "Invalid token provided");
    }
    let bearer = RequestRecord {
        headers: vec![("authorization".into(), format!("Bearer {TOKEN}"))],
        ..request("GET", "/api/v1/users", None, None)
    };
    assert_eq!(send(&org, bearer).status, 200);
    org.set_token("rotated");
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 401);
    assert_eq!(
        send(&org, request("GET", "/api/v1/users", Some("rotated"), None)).status,
        200
    );
}

#[test]
fn every_answer_carries_okta_headers() {
    let (org, clock) = empty_org();
    clock.advance(Duration::from_millis(1500));
    for answer in [
        call(&org, "GET", "/api/v1/users", None),
        call(&org, "GET", "/api/v1/users/missing", None),
        send(&org, request("GET", "/api/v1/users", Some("wrong"), None)),
    ] {
        assert_eq!(answer.header("Date"), Some("Mon, 08 Jan 2024 09:00:01 GMT"));
        assert_eq!(answer.header("x-okta-request-id").map(str::len), Some(27));
        assert!(answer.header("x-rate-limit-limit").is_some());
        assert!(answer.header("x-rate-limit-remaining").is_some());
        assert!(answer.header("x-rate-limit-reset").is_some());
        assert_eq!(
            answer.header("Content-Type"),
            Some("application/json;charset=UTF-8")
        );
    }
    assert_eq!(org.requests_served(), 3);
    let id = create(&org, "Time", "Stamp", true, true);
    // Okta's timestamps have whole seconds.
    assert_eq!(id["created"], "2024-01-08T09:00:01.000Z");
}

#[test]
fn no_request_makes_it_panic() {
    let (org, _) = demo_org();
    let id = create(&org, "Ro", "Bust", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    call(&org, "POST", "/api/v1/users", None).assert_error(400, "E0000003");
    let not_json = RequestRecord {
        body: Some("{\"profile\":".into()),
        ..request("POST", "/api/v1/users", Some(TOKEN), None)
    };
    send(&org, not_json).assert_error(400, "E0000003");
    call(&org, "POST", "/api/v1/users", Some(json!([1, 2]))).assert_error(400, "E0000003");
    call(
        &org,
        "POST",
        "/api/v1/users",
        Some(json!({ "profile": "nope" })),
    )
    .assert_error(400, "E0000003");
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{id}"),
        Some(json!({ "credentials": 5 })),
    )
    .assert_error(400, "E0000003");
    call(
        &org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": [] })),
    )
    .assert_error(400, "E0000003");
    call(&org, "GET", "/api/v1/apps", None).assert_error(404, "E0000008");
    call(&org, "GET", "/somewhere/else", None).assert_error(404, "E0000008");
    call(&org, "PATCH", "/api/v1/users", None).assert_error(405, "E0000022");
    call(&org, "DELETE", "/api/v1/groups", None).assert_error(405, "E0000022");
    call(
        &org,
        "GET",
        &format!("/api/v1/users/{id}/lifecycle/suspend"),
        None,
    )
    .assert_error(405, "E0000022");
    for url in [
        "",
        "garbage",
        "https://",
        "https://h",
        "https://h/api/v1/users/%",
        "https://h/api/v1/users/%E2%28",
        "https://h/api/v1/users?limit=-1",
        "https://h/api/v1/users?limit=99999999999999999999",
        "https://h/api/v1/users?search=%22",
        "https://h/api/v1/users?search=((((",
        "https://h/api/v1/users?filter=",
        "https://h/api/v1/users?q=",
        "https://h/api/v1/groups?after=%ZZ",
        "https://h/api/v1//users//",
        "https://h/api/v1/groups/x/users/y/z",
        "https://h/api/v1/users?search=profile.x+eq+1e999",
    ] {
        for method in ["GET", "POST", "PUT", "DELETE", "HEAD", ""] {
            let record = RequestRecord {
                body: Some("\u{0}{".into()),
                ..request(method, url, Some(TOKEN), None)
            };
            match reply(&org, &record) {
                Reply::Http { response, .. } => assert!((200..600).contains(&response.status)),
                Reply::Transport(_) => panic!("no transport faults were injected"),
            }
        }
    }
}

// ----- faults -----

#[test]
fn injected_faults_fire_when_and_how_they_are_told() {
    let (org, _) = empty_org();
    org.inject(
        Fault::new(FaultAction::status(503))
            .method("GET")
            .path("/api/v1/users")
            .nth(2),
    );
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 200);
    let second = call(&org, "GET", "/api/v1/users?limit=1", None);
    second.assert_error(503, "E0000010");
    assert!(second.header("x-okta-request-id").is_some());
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 200);
    assert_eq!(
        call(&org, "GET", "/api/v1/groups", None).status,
        200,
        "other paths are not matched"
    );
    org.clear_faults();

    // A burst of 429s, with and without the rate-limit headers.
    org.inject(
        Fault::new(FaultAction::TooManyRequests { with_headers: true })
            .path_prefix("/api/v1/groups")
            .next(2),
    );
    for _ in 0..2 {
        let limited = call(&org, "GET", "/api/v1/groups/x", None);
        limited.assert_error(429, "E0000047");
        assert_eq!(limited.header("x-rate-limit-remaining"), Some("0"));
        assert!(limited.header("x-rate-limit-reset").is_some());
    }
    assert_eq!(call(&org, "GET", "/api/v1/groups", None).status, 200);
    org.inject(
        Fault::new(FaultAction::TooManyRequests {
            with_headers: false,
        })
        .next(1),
    );
    let bare = call(&org, "GET", "/api/v1/users", None);
    bare.assert_error(429, "E0000047");
    assert_eq!(bare.header("x-rate-limit-reset"), None);
    assert!(bare.header("Date").is_some());

    // Replacing faults never reach the org.
    org.inject(Fault::new(FaultAction::status(500)).method("POST").next(1));
    call(
        &org,
        "POST",
        "/api/v1/users",
        Some(user_body("Not", "Made", true)),
    )
    .assert_error(500, "E0000009");
    assert_eq!(org.user_count(), 0);

    // Spoiling faults let the request do its work.
    org.inject(
        Fault::new(FaultAction::TruncatedBody)
            .method("POST")
            .next(1),
    );
    let truncated = call(
        &org,
        "POST",
        "/api/v1/users",
        Some(user_body("Half", "Body", true)),
    );
    assert_eq!(truncated.status, 200);
    assert!(
        truncated
            .body
            .as_deref()
            .unwrap()
            .starts_with("{\"id\":\"00u")
    );
    assert!(serde_json::from_str::<Value>(truncated.body.as_deref().unwrap()).is_err());
    assert_eq!(org.user_count(), 1);

    org.inject(Fault::new(FaultAction::Delay(Duration::from_secs(7))).next(1));
    match reply(&org, &request("GET", "/api/v1/users", Some(TOKEN), None)) {
        Reply::Http { response, delay } => {
            assert_eq!(response.status, 200);
            assert_eq!(delay, Some(Duration::from_secs(7)));
        }
        other => panic!("{other:?}"),
    }

    org.inject(Fault::new(FaultAction::HtmlBody { status: 502 }).next(1));
    let html = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(html.status, 502);
    assert!(
        html.header("Content-Type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html.body.unwrap().starts_with("<html>"));

    org.inject(
        Fault::new(FaultAction::Redirect {
            status: 302,
            location: "https://evil.example/api/v1/users".into(),
        })
        .next(1),
    );
    let redirect = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (302, Some("https://evil.example/api/v1/users"))
    );

    org.inject(Fault::new(FaultAction::EmptyOk).next(1));
    let empty = call(&org, "GET", "/api/v1/users", None);
    assert_eq!((empty.status, empty.body), (200, None));

    org.inject(Fault::new(FaultAction::Transport(TransportFault::ConnectionRefused)).next(1));
    assert!(matches!(
        reply(&org, &request("GET", "/api/v1/users", Some(TOKEN), None)),
        Reply::Transport(TransportFault::ConnectionRefused)
    ));
    assert_eq!(
        call(&org, "GET", "/api/v1/users", None).status,
        200,
        "every fault is spent"
    );
}

// ----- persistence and seeds -----

#[test]
fn state_saves_and_loads_back() {
    let (org, _) = demo_org();
    let id = create(&org, "Saved", "State", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let group = create_group(&org, "Persisted");
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{id}"),
        None,
    );
    lifecycle(&org, &id, "suspend");

    let dir = std::env::temp_dir().join(format!("okta-emulator-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = StateFile::lock(&dir.join("org.json")).unwrap();
    state.save(&org).unwrap();
    let loaded = state.load().unwrap();
    drop(state);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(loaded.to_json(), org.to_json());

    let clock = ManualClock::at(START).unwrap();
    let restored = Emulator::builder()
        .state(org.to_json())
        .unwrap()
        .clock(Arc::new(clock))
        .build()
        .unwrap();
    for path in [
        format!("/api/v1/users/{id}"),
        format!("/api/v1/groups/{group}/users"),
        "/api/v1/users?search=status+eq+%22SUSPENDED%22".to_string(),
        "/api/v1/groups".to_string(),
    ] {
        let before = call(&org, "GET", &path, None);
        let after = call(&restored, "GET", &path, None);
        assert_eq!(after.json, before.json, "{path}");
    }
    // New ids continue the saved sequence rather than repeating one.
    let next_before = create(&org, "Next", "One", true, true)["id"].clone();
    let next_after = create(&restored, "Next", "One", true, true)["id"].clone();
    assert_eq!(next_before, next_after);

    assert!(Emulator::from_json(json!({ "token": "x" })).is_err());
    assert!(StateFile::lock(std::path::Path::new("/nonexistent/state.json")).is_err());
}

#[test]
fn the_demo_org_is_realistic_and_deterministic() {
    let (org, _) = demo_org();
    let users = call(&org, "GET", "/api/v1/users?search=id+pr", None);
    let users = users.json.as_array().unwrap();
    assert_eq!(users.len(), 50);
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for user in users {
        *statuses
            .entry(user["status"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(statuses["ACTIVE"], 35);
    for status in [
        "STAGED",
        "PROVISIONED",
        "SUSPENDED",
        "LOCKED_OUT",
        "PASSWORD_EXPIRED",
        "DEPROVISIONED",
        "RECOVERY",
    ] {
        assert!(statuses.contains_key(status), "{status}");
    }
    let departments: BTreeSet<&str> = users
        .iter()
        .map(|u| u["profile"]["department"].as_str().unwrap())
        .collect();
    assert!(departments.len() >= 6);
    let managed = users
        .iter()
        .filter(|u| u["profile"]["managerId"].is_string())
        .count();
    assert_eq!(managed, 49);
    assert!(
        users
            .iter()
            .all(|u| u["profile"]["mobilePhone"].is_string() && u["profile"]["title"].is_string())
    );

    let groups = call(&org, "GET", "/api/v1/groups", None).json;
    let types: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 8);
    assert_eq!(types.iter().filter(|t| **t == "BUILT_IN").count(), 1);
    assert_eq!(types.iter().filter(|t| **t == "APP_GROUP").count(), 1);
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["profile"]["description"].is_string())
    );

    assert_eq!(Emulator::demo().to_json(), Emulator::demo().to_json());
    let demo = Emulator::demo();
    assert_eq!(
        send(
            &demo,
            request("GET", "/api/v1/users?limit=1", Some(DEMO_TOKEN), None)
        )
        .status,
        200
    );
}

#[test]
fn a_hundred_thousand_users_seed_quickly() {
    let started = Instant::now();
    let org = Emulator::with_users(100_000);
    let elapsed = started.elapsed();
    assert_eq!(org.user_count(), 100_000);
    // Generous for unoptimized test builds on a busy machine; release builds take a fraction.
    assert!(
        elapsed < Duration::from_secs(10),
        "seeding took {elapsed:?}"
    );
    let page = send(
        &org,
        request(
            "GET",
            "/api/v1/users?filter=status+eq+%22SUSPENDED%22",
            Some(DEMO_TOKEN),
            None,
        ),
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.json.as_array().unwrap().len(), 200);
    assert!(page.next_link().is_some());
}

// ----- fidelity to the recordings -----

/// Every vendored recording, by file name.
fn recordings() -> Vec<(String, Transcript)> {
    let dir = crate::support::RECORDINGS;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no recordings in {dir}");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

/// The users and groups the recorded org already had, made through the API.
fn seed_recorded_org(org: &Emulator) {
    for (first, last, login) in [
        ("Justin", "Abrokwah", "justin.abrokwah@okta.com"),
        ("Michael", "Jordan", "thelastdance@netflix.com"),
    ] {
        let body = json!({
            "profile": { "firstName": first, "lastName": last, "email": login, "login": login },
            "credentials": { "password": { "value": "Abcd1234!" } },
        });
        let answer = send(
            org,
            request(
                "POST",
                "https://test.okta.com/api/v1/users?activate=true",
                Some("myAPIToken"),
                Some(body),
            ),
        );
        assert_eq!(answer.status, 200);
    }
    let body = json!({ "profile": { "name": "NBA Players", "description": "Professional Association of NBA Players" } });
    assert_eq!(
        send(
            org,
            request(
                "POST",
                "https://test.okta.com/api/v1/groups",
                Some("myAPIToken"),
                Some(body)
            )
        )
        .status,
        200
    );
}

/// A request body for a recorded request (bodies were not recorded): what the recorded
/// response says was sent.
fn synthesize_body(method: &str, url: &str, response: &Value) -> Option<Value> {
    let path = url.split('?').next().unwrap();
    let profile = response.get("profile")?.as_object()?;
    let sent: serde_json::Map<String, Value> = profile
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut body = json!({ "profile": sent });
    if method == "POST" && path.ends_with("/users") && !response["passwordChanged"].is_null() {
        body["credentials"] = json!({ "password": { "value": "Abcd1234!" } });
    }
    Some(body)
}

/// Top-level field names: of an object, or of an array's first element.
fn shape(body: Option<&str>) -> (String, BTreeSet<String>) {
    let value: Value = body
        .filter(|b| !b.trim().is_empty())
        .map(|b| serde_json::from_str(b).unwrap())
        .unwrap_or(json!({}));
    match &value {
        Value::Array(items) => ("array".into(), items.first().map(keys).unwrap_or_default()),
        other => ("object".into(), keys(other)),
    }
}

/// The recordings of areas the emulated org does not serve yet (applications, app links, admin
/// roles, group rules, factors, sessions: issue 14; the session ones also carry today's user
/// shape with `realmId`: issue 15). Their replay is the ignored test below, so it
/// shows in every run as not done rather than passing by leaving them out.
const AREAS_NOT_EMULATED_YET: &[&str] = &[
    "test_assign_group_app.json",
    "test_assign_user_app.json",
    "test_assign_user_to_role.json",
    "test_enroll_sms_factor.json",
    "test_get_non_existent_session.json",
    "test_group_roles_operations.json",
    "test_group_rule_operations.json",
    "test_list_app_links.json",
    "test_list_applications_pagination_with_after.json",
    "test_list_apps.json",
    "test_list_factors_new_user.json",
    "test_reset_factors.json",
    "test_successful_session_lifecycle.json",
];

#[test]
fn every_recorded_interaction_is_answered_alike() {
    let all = recordings();
    for file in AREAS_NOT_EMULATED_YET {
        assert!(
            all.iter().any(|(name, _)| name == file),
            "{file} is listed as not emulated yet but is not among the recordings"
        );
    }
    let emulated = all
        .into_iter()
        .filter(|(file, _)| !AREAS_NOT_EMULATED_YET.contains(&file.as_str()));
    let compared: usize = emulated
        .map(|(file, transcript)| answered_alike(&file, &transcript))
        .sum();
    assert!(compared >= 30, "only {compared} interactions compared");
}

#[test]
#[ignore = "the emulated org has no applications, admin roles, group rules, factors or sessions yet (issue 14)"]
fn the_recordings_of_areas_not_emulated_yet_are_answered_alike() {
    for (file, transcript) in recordings() {
        if AREAS_NOT_EMULATED_YET.contains(&file.as_str()) {
            answered_alike(&file, &transcript);
        }
    }
}

/// Replays one transcript's requests against a fresh org seeded as the recorded one was, and
/// checks each answer's status, body shape and Link headers; returns how many it compared.
fn answered_alike(file: &str, transcript: &Transcript) -> usize {
    let mut compared = 0;
    let org = Emulator::new("myAPIToken");
    seed_recorded_org(&org);
    // Recorded ids of created objects, to the emulator's ids.
    let mut id_map: Vec<(String, String)> = Vec::new();
    for (index, interaction) in transcript.interactions.iter().enumerate() {
        let recorded = &interaction.request;
        let mut url = recorded.url.clone();
        for (from, to) in &id_map {
            url = url.replace(from, to);
        }
        let recorded_json: Value = interaction
            .response
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let body = recorded
            .body
            .as_deref()
            .map(|b| serde_json::from_str(b).unwrap())
            .or_else(|| synthesize_body(&recorded.method, &url, &recorded_json));
        let record = RequestRecord {
            url,
            body: body.map(|b| b.to_string()),
            ..recorded.clone()
        };
        let answer = match org.respond(&record) {
            Reply::Http { response, .. } => response,
            other => panic!("{file} #{index}: {other:?}"),
        };
        let context = format!("{file} #{index} {} {}", record.method, record.url);

        // The one known difference: the 2020 API answered deactivate with 204, the current
        // reference with 200 and an empty object.
        let deactivate = record.method == "POST" && record.url.contains("/lifecycle/deactivate");
        let expected_status = match interaction.response.status {
            204 if deactivate => 200,
            status => status,
        };
        assert_eq!(
            answer.status, expected_status,
            "{context}: {:?}",
            answer.body
        );
        assert_eq!(
            shape(answer.body.as_deref()),
            shape(interaction.response.body.as_deref()),
            "{context}"
        );
        let recorded_self = interaction
            .response
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("link") && v.contains("rel=\"self\""));
        let answered_self = answer
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("link") && v.contains("rel=\"self\""));
        assert_eq!(answered_self, recorded_self, "{context}: Link headers");

        let answered_id = serde_json::from_str::<Value>(answer.body.as_deref().unwrap_or("null"))
            .ok()
            .and_then(|v| v["id"].as_str().map(str::to_string));
        if recorded.method == "POST"
            && interaction.response.status == 200
            && let (Some(from), Some(to)) = (recorded_json["id"].as_str(), answered_id)
            && from != to
            && !id_map.iter().any(|(f, _)| f == from)
        {
            id_map.push((from.to_string(), to));
        }
        compared += 1;
    }
    compared
}

// ----- the component against the emulator -----

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
            .starts_with("https://acme.okta.com/welcome/")
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
