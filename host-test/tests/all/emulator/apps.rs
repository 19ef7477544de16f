//! Applications: creating, listing and paging apps, their lifecycle, and who has which app
//! through direct and group assignments.

use super::*;

fn bookmark(org: &Emulator, label: &str) -> String {
    let answer = call(
        org,
        "POST",
        "/api/v1/apps",
        Some(json!({
            "name": "bookmark", "label": label, "signOnMode": "BOOKMARK",
            "settings": { "app": { "requestIntegration": false, "url": "https://example.com/b" } },
        })),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json["id"].as_str().unwrap().to_string()
}

fn user_id(org: &Emulator, first: &str, last: &str) -> String {
    create(org, first, last, true, true)["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn join(org: &Emulator, group: &str, user: &str) {
    let path = format!("/api/v1/groups/{group}/users/{user}");
    assert_eq!(call(org, "PUT", &path, None).status, 204);
}

fn leave(org: &Emulator, group: &str, user: &str) {
    let path = format!("/api/v1/groups/{group}/users/{user}");
    assert_eq!(call(org, "DELETE", &path, None).status, 204);
}

/// The app's assignments as (user id, scope), in list order.
fn app_users(org: &Emulator, app: &str) -> Vec<(String, String)> {
    let answer = call(org, "GET", &format!("/api/v1/apps/{app}/users"), None);
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().to_string(),
                u["scope"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assign_user(org: &Emulator, app: &str, user: &str) -> Answer {
    call(
        org,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        Some(json!({ "id": user, "scope": "USER" })),
    )
}

fn assign_group(org: &Emulator, app: &str, group: &str, body: Option<Value>) -> Answer {
    call(
        org,
        "PUT",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        body,
    )
}

fn scoped(user: &str, scope: &str) -> (String, String) {
    (user.to_string(), scope.to_string())
}

#[test]
fn every_org_has_oktas_apps_and_apps_page_with_cursors() {
    let (org, _) = empty_org();
    let first = call(&org, "GET", "/api/v1/apps", None);
    let names: Vec<&str> = first
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|app| app["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["saasure", "okta_enduser", "okta_browser_plugin"]);
    assert_eq!(
        first.headers("link"),
        [format!("<{BASE}/api/v1/apps?limit=20>; rel=\"self\"")]
    );

    let made: Vec<String> = ["Wiki", "Payroll", "Handbook"]
        .iter()
        .map(|label| bookmark(&org, label))
        .collect();
    let mut seen = Vec::new();
    let mut next = Some(format!("{BASE}/api/v1/apps?limit=2"));
    let mut pages = 0;
    while let Some(url) = next {
        let page = call(&org, "GET", &url, None);
        assert_eq!(page.status, 200, "{:?}", page.body);
        assert!(page.json.as_array().unwrap().len() <= 2);
        seen.extend(ids(&page.json));
        next = page.next_link();
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[3..], made[..]);

    call(&org, "GET", "/api/v1/apps?after=00u1testcursorvalue", None).assert_error(400, "E0000029");
    // A cursor of the apps list is not one of an app's users list.
    let next = call(&org, "GET", "/api/v1/apps?limit=2", None)
        .next_link()
        .unwrap();
    let cursor = next
        .split("after=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let users_after = format!("/api/v1/apps/{}/users?after={cursor}", made[0]);
    call(&org, "GET", &users_after, None).assert_error(400, "E0000029");

    // `q` is a prefix of the name or the label, in any case; `filter` takes `eq` only.
    let q = call(&org, "GET", "/api/v1/apps?q=pay", None);
    assert_eq!(ids(&q.json), [made[1].clone()]);
    let q = call(&org, "GET", "/api/v1/apps?q=OKTA_", None);
    assert_eq!(q.json.as_array().unwrap().len(), 2);
    let path = format!("/api/v1/apps/{}/lifecycle/deactivate", made[2]);
    assert_eq!(call(&org, "POST", &path, None).json, json!({}));
    let inactive = call(
        &org,
        "GET",
        "/api/v1/apps?filter=status+eq+%22INACTIVE%22",
        None,
    );
    assert_eq!(ids(&inactive.json), [made[2].clone()]);
    let by_name = call(
        &org,
        "GET",
        "/api/v1/apps?filter=name+eq+%22bookmark%22+and+status+eq+%22ACTIVE%22",
        None,
    );
    assert_eq!(ids(&by_name.json), made[..2]);
    call(&org, "GET", "/api/v1/apps?filter=label+eq+%22Wiki%22", None)
        .assert_error(400, "E0000031");
    call(
        &org,
        "GET",
        "/api/v1/apps?filter=status+ne+%22ACTIVE%22",
        None,
    )
    .assert_error(400, "E0000031");
    call(&org, "GET", "/api/v1/apps?filter=status+eq", None).assert_error(400, "E0000031");
    // `includeNonDeleted` is accepted.
    let all = call(&org, "GET", "/api/v1/apps?includeNonDeleted=true", None);
    assert_eq!(all.json.as_array().unwrap().len(), 6);
}

#[test]
fn apps_are_created_with_oktas_defaults_for_their_sign_on_mode() {
    let (org, _) = empty_org();
    // A template's name implies its sign-on mode.
    let answer = call(
        &org,
        "POST",
        "/api/v1/apps?activate=false",
        Some(json!({ "name": "bookmark", "label": "Docs",
                     "settings": { "app": { "url": "https://docs.example.com" } } })),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let app = &answer.json;
    assert_eq!(app["signOnMode"], "BOOKMARK");
    assert_eq!(app["status"], "INACTIVE");
    assert_eq!(app["created"], START);
    assert!(
        app["orn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":apps:bookmark:{}", app["id"].as_str().unwrap()))
    );
    let id = app["id"].as_str().unwrap();
    assert!(id.starts_with("0oa") && id.len() == 20);
    assert_eq!(
        app["_links"]["appLinks"][0]["href"],
        format!("{BASE}/home/bookmark/{id}/2557")
    );
    assert!(app["_links"]["activate"].is_object());
    assert!(app["_links"].get("deactivate").is_none());
    assert_eq!(app["settings"]["app"]["url"], "https://docs.example.com");
    assert_eq!(app["accessibility"]["selfService"], false);

    // An OIDC client's secret is shown once, in the answer that creates it.
    let oidc = call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "label": "Portal", "signOnMode": "OPENID_CONNECT",
                     "settings": { "oauthClient": { "redirect_uris": ["https://p.example/cb"] } } })),
    );
    assert_eq!(oidc.status, 200, "{:?}", oidc.body);
    let client = &oidc.json["credentials"]["oauthClient"];
    assert_eq!(oidc.json["name"], "oidc_client");
    assert_eq!(client["client_id"], oidc.json["id"]);
    assert_eq!(client["client_secret"].as_str().unwrap().len(), 40);
    assert_eq!(oidc.json["visibility"]["hide"]["web"], true);
    let oidc_id = oidc.json["id"].as_str().unwrap();
    let read = call(&org, "GET", &format!("/api/v1/apps/{oidc_id}"), None);
    assert!(read.json["credentials"]["oauthClient"]["client_secret"].is_null());
    assert_eq!(
        read.json["credentials"]["oauthClient"]["client_id"],
        oidc_id
    );

    // A custom app is named after its label.
    let saml = call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "label": "Acme CRM", "signOnMode": "SAML_2_0" })),
    );
    assert_eq!(saml.json["name"], "acme_crm_1");
    assert!(
        saml.json["visibility"]["appLinks"]["acme_crm_1_link"]
            .as_bool()
            .unwrap()
    );

    call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "name": "bookmark" })),
    )
    .assert_error(400, "E0000001");
    let mode = call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "label": "X", "signOnMode": "TELEPATHY" })),
    );
    mode.assert_error(400, "E0000001");
    assert_eq!(
        mode.json["errorSummary"],
        "Api validation failed: signOnMode"
    );
    call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "label": "No mode", "name": "custom_thing" })),
    )
    .assert_error(400, "E0000001");
    call(&org, "POST", "/api/v1/apps", None).assert_error(400, "E0000003");

    // PUT replaces the label and settings and ignores the system fields.
    let replaced = call(
        &org,
        "PUT",
        &format!("/api/v1/apps/{id}"),
        Some(
            json!({ "label": "Docs 2", "status": "ACTIVE", "name": "other",
                     "settings": { "app": { "url": "https://docs2.example.com" } } }),
        ),
    );
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_eq!(replaced.json["label"], "Docs 2");
    assert_eq!(replaced.json["name"], "bookmark");
    assert_eq!(replaced.json["status"], "INACTIVE");
    assert_eq!(
        replaced.json["settings"]["app"]["url"],
        "https://docs2.example.com"
    );
}

#[test]
fn only_an_inactive_app_is_deleted() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Wiki");
    let active = call(&org, "DELETE", &format!("/api/v1/apps/{app}"), None);
    active.assert_error(403, "E0000056");
    assert_eq!(
        active.json["errorCauses"][0]["errorSummary"],
        "The application must be deactivated before deletion."
    );
    let lifecycle = |op: &str| {
        call(
            &org,
            "POST",
            &format!("/api/v1/apps/{app}/lifecycle/{op}"),
            None,
        )
    };
    assert_eq!(lifecycle("deactivate").json, json!({}));
    assert_eq!(lifecycle("activate").json, json!({}));
    assert_eq!(lifecycle("deactivate").status, 200);
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/apps/{app}"), None).status,
        204
    );
    let gone = call(&org, "GET", &format!("/api/v1/apps/{app}"), None);
    gone.assert_error(404, "E0000007");
    assert_eq!(
        gone.json["errorSummary"],
        format!("Not found: Resource not found: {app} (AppInstance)")
    );
    lifecycle("activate").assert_error(404, "E0000007");
    call(&org, "GET", &format!("/api/v1/apps/{app}/users"), None).assert_error(404, "E0000007");
    call(&org, "PATCH", "/api/v1/apps", None).assert_error(405, "E0000022");
    call(&org, "POST", &format!("/api/v1/apps/{app}/users/x/y"), None)
        .assert_error(404, "E0000008");
}

#[test]
fn a_group_assignment_follows_the_groups_members() {
    let (org, clock) = empty_org();
    let app = bookmark(&org, "Wiki");
    let group = create_group(&org, "Writers");
    let ann = user_id(&org, "Ann", "Author");
    let bob = user_id(&org, "Bob", "Blogger");
    let cid = user_id(&org, "Cid", "Critic");
    join(&org, &group, &ann);
    join(&org, &group, &bob);

    clock.advance(Duration::from_secs(60));
    let assigned = assign_group(&org, &app, &group, None);
    assert_eq!(assigned.status, 200, "{:?}", assigned.body);
    assert_eq!(assigned.json["priority"], 0);
    assert_eq!(assigned.json["lastUpdated"], "2024-01-08T09:01:00.000Z");
    assert_eq!(
        app_users(&org, &app),
        [scoped(&ann, "GROUP"), scoped(&bob, "GROUP")]
    );
    let ann_assignment = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/users/{ann}"),
        None,
    );
    assert_eq!(
        ann_assignment.json["credentials"]["userName"],
        "ann.author@example.com"
    );
    assert_eq!(
        ann_assignment.json["_links"]["group"]["href"],
        format!("{BASE}/api/v1/groups/{group}")
    );

    // Joiners gain the app, leavers lose it.
    join(&org, &group, &cid);
    leave(&org, &group, &bob);
    assert_eq!(
        app_users(&org, &app),
        [scoped(&ann, "GROUP"), scoped(&cid, "GROUP")]
    );

    // Assigning a member directly makes the assignment theirs, but a group that holds them
    // keeps the app theirs too.
    let direct = assign_user(&org, &app, &ann);
    assert_eq!(direct.status, 200, "{:?}", direct.body);
    assert_eq!(direct.json["scope"], "USER");
    call(
        &org,
        "DELETE",
        &format!("/api/v1/apps/{app}/users/{ann}"),
        None,
    )
    .assert_error(403, "E0000046");
    call(
        &org,
        "DELETE",
        &format!("/api/v1/apps/{app}/users/{cid}"),
        None,
    )
    .assert_error(403, "E0000046");

    let links = call(&org, "GET", &format!("/api/v1/users/{cid}/appLinks"), None);
    assert_eq!(links.json[0]["label"], "Wiki");
    assert_eq!(links.json[0]["appInstanceId"], app);
    assert!(
        links.json[0]["appAssignmentId"]
            .as_str()
            .unwrap()
            .starts_with("0ua")
    );

    // Unassigning the group takes the app from those who had it only through the group.
    assert_eq!(
        call(
            &org,
            "DELETE",
            &format!("/api/v1/apps/{app}/groups/{group}"),
            None
        )
        .status,
        204
    );
    assert_eq!(app_users(&org, &app), [scoped(&ann, "USER")]);
    let no_links = call(&org, "GET", &format!("/api/v1/users/{cid}/appLinks"), None);
    assert_eq!(no_links.json, json!([]));
    call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/groups/{group}"),
        None,
    )
    .assert_error(404, "E0000007");
    assert_eq!(
        call(
            &org,
            "DELETE",
            &format!("/api/v1/apps/{app}/users/{ann}?sendEmail=false"),
            None
        )
        .status,
        204
    );
    assert!(app_users(&org, &app).is_empty());
    call(
        &org,
        "DELETE",
        &format!("/api/v1/apps/{app}/users/{ann}"),
        None,
    )
    .assert_error(404, "E0000007");
}

#[test]
fn group_assignments_take_priorities_and_list_by_name() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Wiki");
    let alpha = create_group(&org, "Alpha Team");
    let beta = create_group(&org, "Beta Team");
    let gamma = create_group(&org, "Gamma");
    assert_eq!(assign_group(&org, &app, &alpha, None).json["priority"], 0);
    assert_eq!(
        assign_group(&org, &app, &beta, Some(json!({ "priority": 7 }))).json["priority"],
        7
    );
    assert_eq!(assign_group(&org, &app, &gamma, None).json["priority"], 8);
    // Assigning again changes the assignment, keeping its priority unless one is sent.
    let again = assign_group(
        &org,
        &app,
        &alpha,
        Some(json!({ "profile": { "role": "editor" } })),
    );
    assert_eq!(again.json["priority"], 0);
    assert_eq!(again.json["profile"]["role"], "editor");
    assign_group(&org, &app, &gamma, Some(json!({ "priority": -1 }))).assert_error(400, "E0000001");

    let listed = call(&org, "GET", &format!("/api/v1/apps/{app}/groups"), None);
    assert_eq!(
        ids(&listed.json),
        [alpha.clone(), beta.clone(), gamma.clone()]
    );
    assert_eq!(
        listed.headers("link"),
        [format!(
            "<{BASE}/api/v1/apps/{app}/groups?limit=20>; rel=\"self\""
        )]
    );
    let q = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/groups?q=be"),
        None,
    );
    assert_eq!(ids(&q.json), [beta]);
    let page = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/groups?limit=2"),
        None,
    );
    assert_eq!(page.json.as_array().unwrap().len(), 2);
    let rest = call(&org, "GET", &page.next_link().unwrap(), None);
    assert_eq!(ids(&rest.json), [gamma]);

    let of_group = call(&org, "GET", &format!("/api/v1/groups/{alpha}/apps"), None);
    assert_eq!(ids(&of_group.json), std::slice::from_ref(&app));
    call(
        &org,
        "GET",
        "/api/v1/groups/00gnosuchgroup000000/apps",
        None,
    )
    .assert_error(404, "E0000007");
    assign_group(&org, &app, "00gnosuchgroup000000", None).assert_error(404, "E0000007");
    assign_group(&org, "0oanosuchapp00000000", &alpha, None).assert_error(404, "E0000007");
}

#[test]
fn everyone_assigned_gives_the_app_to_every_user_even_new_ones() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Intranet");
    let everyone = call(&org, "GET", "/api/v1/groups", None).json[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let early = user_id(&org, "Early", "Bird");
    assert_eq!(assign_group(&org, &app, &everyone, None).status, 200);
    let late = user_id(&org, "Late", "Comer");
    assert_eq!(
        app_users(&org, &app),
        [scoped(&early, "GROUP"), scoped(&late, "GROUP")]
    );
}

#[test]
fn deactivation_takes_apps_away_and_reactivation_gives_group_ones_back() {
    let (org, _) = empty_org();
    let by_group = bookmark(&org, "By Group");
    let direct = bookmark(&org, "Direct");
    let retired = bookmark(&org, "Retired");
    let group = create_group(&org, "Staff");
    let user = user_id(&org, "Dee", "Activated");
    join(&org, &group, &user);
    assert_eq!(assign_group(&org, &by_group, &group, None).status, 200);
    assert_eq!(assign_user(&org, &direct, &user).status, 200);
    assert_eq!(assign_user(&org, &retired, &user).status, 200);
    let path = format!("/api/v1/apps/{retired}/lifecycle/deactivate");
    assert_eq!(call(&org, "POST", &path, None).status, 200);
    // An inactive app takes no new assignments.
    assign_user(&org, &retired, &user).assert_error(404, "E0000007");

    assert_eq!(lifecycle(&org, &user, "deactivate").status, 200);
    assert!(app_users(&org, &by_group).is_empty());
    assert!(app_users(&org, &direct).is_empty());
    // Assignments to inactive apps are left as they were.
    assert_eq!(app_users(&org, &retired), [scoped(&user, "USER")]);
    assign_user(&org, &direct, &user).assert_error(403, "E0000117");
    // Group changes give a deactivated user nothing.
    let other = bookmark(&org, "Other");
    assert_eq!(assign_group(&org, &other, &group, None).status, 200);
    assert!(app_users(&org, &other).is_empty());

    assert_eq!(lifecycle(&org, &user, "activate").status, 200);
    assert_eq!(app_users(&org, &by_group), [scoped(&user, "GROUP")]);
    assert_eq!(app_users(&org, &other), [scoped(&user, "GROUP")]);
    assert!(app_users(&org, &direct).is_empty());
}

#[test]
fn deleting_a_group_or_a_user_removes_their_assignments() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Wiki");
    let group = create_group(&org, "Temporary");
    let member = user_id(&org, "Mem", "Ber");
    let loner = user_id(&org, "Lo", "Ner");
    join(&org, &group, &member);
    assert_eq!(assign_group(&org, &app, &group, None).status, 200);
    assert_eq!(assign_user(&org, &app, &loner).status, 200);

    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/groups/{group}"), None).status,
        204
    );
    assert_eq!(app_users(&org, &app), [scoped(&loner, "USER")]);
    let groups = call(&org, "GET", &format!("/api/v1/apps/{app}/groups"), None);
    assert_eq!(groups.json, json!([]));

    assert_eq!(lifecycle(&org, &loner, "deactivate").status, 200);
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/users/{loner}"), None).status,
        204
    );
    assert!(app_users(&org, &app).is_empty());
}

#[test]
fn assignments_check_what_they_name() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Wiki");
    let user = user_id(&org, "Val", "Id");
    assign_user(&org, "0oanosuchapp00000000", &user).assert_error(404, "E0000007");
    let unknown = assign_user(&org, &app, "00unosuchuser0000000");
    unknown.assert_error(404, "E0000007");
    assert_eq!(
        unknown.json["errorSummary"],
        "Not found: Resource not found: 00unosuchuser0000000 (User)"
    );
    call(
        &org,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        Some(json!({})),
    )
    .assert_error(400, "E0000001");
    call(
        &org,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        Some(json!({ "id": user, "scope": "GROUP" })),
    )
    .assert_error(400, "E0000001");
    call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/users/{user}"),
        None,
    )
    .assert_error(404, "E0000007");

    // A user name may be set on assignment and changed later.
    let named = call(
        &org,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        Some(
            json!({ "id": user, "credentials": { "userName": "val" }, "profile": { "role": "r" } }),
        ),
    );
    assert_eq!(named.json["credentials"]["userName"], "val");
    assert_eq!(named.json["profile"]["role"], "r");
    let renamed = call(
        &org,
        "POST",
        &format!("/api/v1/apps/{app}/users/{user}"),
        Some(json!({ "credentials": { "userName": "valerie" } })),
    );
    assert_eq!(renamed.json["credentials"]["userName"], "valerie");
    assert_eq!(renamed.json["profile"]["role"], "r");
    call(
        &org,
        "GET",
        "/api/v1/users/nobody@example.com/appLinks",
        None,
    )
    .assert_error(404, "E0000007");

    // App users page: 50 by default, 500 at most.
    for i in 0..3 {
        let other = user_id(&org, "Page", &format!("Reader{i}"));
        assert_eq!(assign_user(&org, &app, &other).status, 200);
    }
    let page = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/users?limit=3"),
        None,
    );
    assert_eq!(page.json.as_array().unwrap().len(), 3);
    let rest = call(&org, "GET", &page.next_link().unwrap(), None);
    assert_eq!(rest.json.as_array().unwrap().len(), 1);
    assert!(rest.next_link().is_none());
    let capped = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/users?limit=9999"),
        None,
    );
    assert!(capped.headers("link")[0].contains("limit=500"));
    let q = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{app}/users?q=page"),
        None,
    );
    assert_eq!(q.json.as_array().unwrap().len(), 3);
}

#[test]
fn an_org_at_its_app_limit_refuses_more() {
    let (org, _) = empty_org();
    org.set_app_limit(Some(org.app_count() + 1));
    let app = bookmark(&org, "Fits");
    let refused = call(
        &org,
        "POST",
        "/api/v1/apps",
        Some(json!({ "name": "bookmark", "label": "Too many" })),
    );
    refused.assert_error(400, "E0000001");
    assert_eq!(
        refused.json["errorSummary"],
        "Api validation failed: generalSettings"
    );
    assert_eq!(
        refused.json["errorCauses"][0]["errorSummary"],
        "Cannot create application instance. Maximum number of instances has been reached."
    );
    call(
        &org,
        "POST",
        &format!("/api/v1/apps/{app}/lifecycle/deactivate"),
        None,
    );
    call(&org, "DELETE", &format!("/api/v1/apps/{app}"), None);
    bookmark(&org, "Fits now");
}

#[test]
fn app_changes_are_in_the_system_log() {
    let (org, _) = empty_org();
    let app = bookmark(&org, "Logged");
    let group = create_group(&org, "Loggers");
    let user = user_id(&org, "Log", "Ged");
    join(&org, &group, &user);
    assert_eq!(assign_group(&org, &app, &group, None).status, 200);
    let events = call(&org, "GET", "/api/v1/logs?limit=1000", None);
    assert_eq!(events.status, 200, "{:?}", events.body);
    let types: Vec<&str> = events
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    for wanted in [
        "application.lifecycle.create",
        "group.application_assignment.add",
        "application.user_membership.add",
    ] {
        assert!(types.contains(&wanted), "{wanted} not in {types:?}");
    }
    let added = events
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["eventType"] == "application.user_membership.add")
        .unwrap();
    let targets: Vec<&str> = added["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(targets, [user.as_str(), app.as_str()]);
}

#[test]
fn an_app_links_what_current_okta_links_in_its_order() {
    // Recorded in 2025: a bookmark app created active.
    let recorded = crate::support::recording("test_list_applications_pagination_with_after.json");
    let first = &recorded.interactions[0];
    let body: Value = serde_json::from_str(first.response.body.as_deref().unwrap()).unwrap();
    let expected: Vec<&String> = body["_links"].as_object().unwrap().keys().collect();
    let (org, _) = empty_org();
    let request: Value = serde_json::from_str(first.request.body.as_deref().unwrap()).unwrap();
    let created = call(&org, "POST", "/api/v1/apps", Some(request));
    assert_eq!(created.status, 200, "{:?}", created.body);
    let answered: Vec<&String> = created.json["_links"].as_object().unwrap().keys().collect();
    assert_eq!(answered, expected);
    // Every app of the org links the same default policies.
    let again = call(
        &org,
        "GET",
        &format!("/api/v1/apps/{}", created.json["id"].as_str().unwrap()),
        None,
    );
    assert_eq!(
        again.json["_links"]["accessPolicy"],
        created.json["_links"]["accessPolicy"]
    );
    assert!(
        created.json["_links"]["accessPolicy"]["href"]
            .as_str()
            .unwrap()
            .contains("/api/v1/policies/rst")
    );
}
