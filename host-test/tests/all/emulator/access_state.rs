//! The demo org's apps, admins and sessions, saving and restoring them, and the org settings
//! the recorded orgs had (Realms).

use super::*;
use okta_block_host::emulator::DEMO_PASSWORD;

fn id_of(answer: &Answer) -> String {
    answer.json["id"].as_str().unwrap().to_string()
}

fn demo_user(org: &Emulator, login: &str) -> String {
    id_of(&call(
        org,
        "GET",
        &format!("/api/v1/users/{login}@acmecorp.example"),
        None,
    ))
}

fn app_by_label(org: &Emulator, label: &str) -> String {
    let found = call(
        org,
        "GET",
        &format!("/api/v1/apps?q={}", label.replace(' ', "%20")),
        None,
    );
    found.json.as_array().unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_demo_org_has_apps_admins_and_signed_in_people() {
    let (org, _) = demo_org();
    let apps = call(&org, "GET", "/api/v1/apps", None).json;
    assert_eq!(apps.as_array().unwrap().len(), 7);
    let inactive = call(
        &org,
        "GET",
        "/api/v1/apps?filter=status+eq+%22INACTIVE%22",
        None,
    );
    assert_eq!(inactive.json[0]["label"], "Legacy Intranet");

    // Slack is assigned to Engineering: every engineer has it, through the group.
    let slack = app_by_label(&org, "Slack");
    let engineering = call(&org, "GET", "/api/v1/groups?q=Engineering", None).json[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let groups = call(&org, "GET", &format!("/api/v1/apps/{slack}/groups"), None);
    assert_eq!(ids(&groups.json), std::slice::from_ref(&engineering));
    let members = call(
        &org,
        "GET",
        &format!("/api/v1/groups/{engineering}/users"),
        None,
    );
    let users = call(&org, "GET", &format!("/api/v1/apps/{slack}/users"), None);
    assert_eq!(ids(&users.json), ids(&members.json));
    assert!(
        users
            .json
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["scope"] == "GROUP")
    );

    let olivia = demo_user(&org, "olivia.bennett");
    let links = call(
        &org,
        "GET",
        &format!("/api/v1/users/{olivia}/appLinks"),
        None,
    );
    let labels: Vec<&str> = links
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Company Wiki"]);

    // The IT Director is a super admin, and a read-only admin through IT Admins.
    let samuel = demo_user(&org, "samuel.adeyemi");
    let roles = call(&org, "GET", &format!("/api/v1/users/{samuel}/roles"), None).json;
    let roles: Vec<(&str, &str)> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap(),
                r["assignmentType"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [("SUPER_ADMIN", "USER"), ("READ_ONLY_ADMIN", "GROUP")]
    );

    // Demo people sign in with the demo password; two are signed in already.
    let signed_in = call(
        &org,
        "POST",
        "/api/v1/authn",
        Some(json!({ "username": "olivia.bennett@acmecorp.example", "password": DEMO_PASSWORD })),
    );
    assert_eq!(signed_in.json["status"], "SUCCESS");
    let state = org.to_json();
    let sessions = state["org"]["sessions"]["sessions"].as_object().unwrap();
    assert_eq!(sessions.len(), 2);
    for id in sessions.keys() {
        let session = call(&org, "GET", &format!("/api/v1/sessions/{id}"), None);
        assert_eq!(session.json["status"], "ACTIVE", "{:?}", session.body);
        assert_eq!(session.json["expiresAt"], "2099-12-31T23:59:59.000Z");
    }
}

#[test]
fn apps_roles_and_sessions_survive_a_save() {
    let (org, _) = demo_org();
    let user = create(&org, "Kept", "Around", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = call(
        &org,
        "POST",
        "/api/v1/authn",
        Some(json!({ "username": "kept.around@example.com", "password": "Tr0ub4dor&3" })),
    )
    .json["sessionToken"]
        .clone();
    let session = id_of(&call(
        &org,
        "POST",
        "/api/v1/sessions",
        Some(json!({ "sessionToken": token })),
    ));
    let wiki = app_by_label(&org, "Company Wiki");
    call(
        &org,
        "POST",
        &format!("/api/v1/apps/{wiki}/users"),
        Some(json!({ "id": user })),
    );
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{user}/roles"),
        Some(json!({ "type": "REPORT_ADMIN" })),
    );

    let restored = Emulator::builder()
        .state(org.to_json())
        .unwrap()
        .clock(Arc::new(ManualClock::at(START).unwrap()))
        .build()
        .unwrap();
    for path in [
        "/api/v1/apps".to_string(),
        format!("/api/v1/apps/{wiki}/users"),
        format!("/api/v1/users/{user}/roles"),
        format!("/api/v1/users/{user}/appLinks"),
        format!("/api/v1/sessions/{session}"),
    ] {
        let before = call(&org, "GET", &path, None);
        let after = call(&restored, "GET", &path, None);
        assert_eq!(before.status, 200, "{path}: {:?}", before.body);
        assert_eq!(after.json, before.json, "{path}");
    }
    // The saved password still signs in, and new ids continue the saved streams.
    let again = call(
        &restored,
        "POST",
        "/api/v1/authn",
        Some(json!({ "username": "kept.around@example.com", "password": "Tr0ub4dor&3" })),
    );
    assert_eq!(again.json["status"], "SUCCESS");
    let app = json!({ "name": "bookmark", "label": "After", "settings": { "app": { "url": "https://a" } } });
    let next_before = id_of(&call(&org, "POST", "/api/v1/apps", Some(app.clone())));
    let next_after = id_of(&call(&restored, "POST", "/api/v1/apps", Some(app)));
    assert_eq!(next_before, next_after);
}

#[test]
fn an_org_saved_before_apps_existed_loads_without_them() {
    let (org, _) = empty_org();
    let user = create(&org, "Old", "Timer", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut state = org.to_json();
    let saved = state["org"].as_object_mut().unwrap();
    for added in ["orgId", "realmId", "apps", "adminRoles", "sessions"] {
        assert!(saved.remove(added).is_some(), "{added}");
    }
    let old = Emulator::builder().state(state).unwrap().build().unwrap();
    assert_eq!(call(&old, "GET", "/api/v1/apps", None).json, json!([]));
    assert_eq!(
        call(&old, "GET", &format!("/api/v1/users/{user}/roles"), None).json,
        json!([])
    );
    let app = call(
        &old,
        "POST",
        "/api/v1/apps",
        Some(
            json!({ "name": "bookmark", "label": "New", "settings": { "app": { "url": "https://n" } } }),
        ),
    );
    assert_eq!(app.status, 200, "{:?}", app.body);
    assert!(app.json["orn"].as_str().unwrap().contains(":00o"));
}

#[test]
fn an_org_with_realms_shows_each_users_realm() {
    let with_realms = Emulator::builder().token(TOKEN).realms().build().unwrap();
    let user = create(&with_realms, "Realm", "Dweller", true, true);
    let realm = user["realmId"].as_str().unwrap();
    assert!(realm.starts_with("guo") && realm.len() == 20);
    let keys: Vec<String> = user.as_object().unwrap().keys().cloned().collect();
    let at = |key: &str| keys.iter().position(|k| k == key).unwrap();
    assert_eq!(at("realmId"), at("passwordChanged") + 1);
    assert_eq!(at("type"), at("realmId") + 1);
    let saved = Emulator::from_json(with_realms.to_json()).unwrap();
    let id = user["id"].as_str().unwrap();
    let read = send(
        &saved,
        request("GET", &format!("/api/v1/users/{id}"), Some(TOKEN), None),
    );
    assert_eq!(read.json["realmId"], realm);

    let (without, _) = empty_org();
    let plain = create(&without, "Realm", "Less", true, true);
    assert!(plain.get("realmId").is_none());
}
