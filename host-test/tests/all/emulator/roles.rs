//! Admin roles of users and groups: standard, IAM-based and custom roles, held once, and the
//! roles a user has through their groups.

use super::*;

fn roles_path(kind: &str, id: &str) -> String {
    format!("/api/v1/{kind}/{id}/roles")
}

fn grant(org: &Emulator, kind: &str, id: &str, body: Value) -> Answer {
    call(org, "POST", &roles_path(kind, id), Some(body))
}

/// The (id, type, assignmentType) of each role a user or group lists.
fn listed(org: &Emulator, kind: &str, id: &str) -> Vec<(String, String, String)> {
    let answer = call(org, "GET", &roles_path(kind, id), None);
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|role| {
            let text = |key: &str| role[key].as_str().unwrap().to_string();
            (text("id"), text("type"), text("assignmentType"))
        })
        .collect()
}

fn role(id: &str, kind: &str, assignment: &str) -> (String, String, String) {
    (id.into(), kind.into(), assignment.into())
}

#[test]
fn a_standard_role_has_its_type_as_id_and_is_held_once() {
    let (org, _) = empty_org();
    let user = create(&org, "Ad", "Min", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let granted = call(
        &org,
        "POST",
        &format!("/api/v1/users/{user}/roles?disableNotifications=true"),
        Some(json!({ "type": "USER_ADMIN" })),
    );
    assert_eq!(granted.status, 201, "{:?}", granted.body);
    assert_eq!(
        granted.json,
        json!({
            "id": "KVJUKUS7IFCE2SKO", "label": "User Administrator", "type": "USER_ADMIN",
            "status": "ACTIVE", "created": START, "lastUpdated": START, "assignmentType": "USER",
            "_links": { "assignee": { "href": format!("{BASE}/api/v1/users/{user}") } },
        })
    );
    grant(&org, "users", &user, json!({ "type": "USER_ADMIN" })).assert_error(409, "E0000090");
    assert_eq!(
        grant(&org, "users", &user, json!({ "type": "APP_ADMIN" })).json["id"],
        "IFIFAX2BIRGUSTQ"
    );
    assert_eq!(
        listed(&org, "users", &user),
        [
            role("IFIFAX2BIRGUSTQ", "APP_ADMIN", "USER"),
            role("KVJUKUS7IFCE2SKO", "USER_ADMIN", "USER"),
        ]
    );
    let one = call(
        &org,
        "GET",
        &format!("/api/v1/users/{user}/roles/KVJUKUS7IFCE2SKO"),
        None,
    );
    assert_eq!(one.json["label"], "User Administrator");

    let path = format!("/api/v1/users/{user}/roles/KVJUKUS7IFCE2SKO");
    assert_eq!(call(&org, "DELETE", &path, None).status, 204);
    call(&org, "DELETE", &path, None).assert_error(404, "E0000007");
    assert_eq!(
        listed(&org, "users", &user),
        [role("IFIFAX2BIRGUSTQ", "APP_ADMIN", "USER")]
    );

    grant(&org, "users", &user, json!({ "type": "KING" })).assert_error(400, "E0000001");
    grant(&org, "users", &user, json!({})).assert_error(400, "E0000001");
    call(&org, "POST", &roles_path("users", &user), None).assert_error(400, "E0000003");
    grant(
        &org,
        "users",
        "00unosuchuser0000000",
        json!({ "type": "APP_ADMIN" }),
    )
    .assert_error(404, "E0000007");
    call(
        &org,
        "GET",
        &roles_path("groups", "00gnosuchgroup000000"),
        None,
    )
    .assert_error(404, "E0000007");
    call(&org, "PUT", &roles_path("users", &user), None).assert_error(405, "E0000022");
}

#[test]
fn a_groups_roles_make_its_members_admins() {
    let (org, _) = empty_org();
    let group = create_group(&org, "Admins");
    let member = create(&org, "Mem", "Ber", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{member}"),
        None,
    );
    let granted = grant(&org, "groups", &group, json!({ "type": "APP_ADMIN" }));
    assert_eq!(granted.status, 201);
    assert_eq!(granted.json["assignmentType"], "GROUP");
    assert_eq!(
        granted.json["_links"]["assignee"]["href"],
        format!("{BASE}/api/v1/groups/{group}")
    );
    grant(&org, "groups", &group, json!({ "type": "APP_ADMIN" })).assert_error(409, "E0000090");
    assert_eq!(
        grant(&org, "users", &member, json!({ "type": "REPORT_ADMIN" })).status,
        201
    );
    // The member's own roles first, then their groups'.
    assert_eq!(
        listed(&org, "users", &member),
        [
            role("KJCVAT2SKRPUCRCNJFHA", "REPORT_ADMIN", "USER"),
            role("IFIFAX2BIRGUSTQ", "APP_ADMIN", "GROUP"),
        ]
    );
    // A role held through a group is the group's to lose.
    call(
        &org,
        "DELETE",
        &format!("/api/v1/users/{member}/roles/IFIFAX2BIRGUSTQ"),
        None,
    )
    .assert_error(404, "E0000007");

    // Leaving the group, or the group's deletion, ends the role.
    call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{group}/users/{member}"),
        None,
    );
    assert_eq!(listed(&org, "users", &member).len(), 1);
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{member}"),
        None,
    );
    assert_eq!(listed(&org, "users", &member).len(), 2);
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/groups/{group}"), None).status,
        204
    );
    assert_eq!(
        listed(&org, "users", &member),
        [role("KJCVAT2SKRPUCRCNJFHA", "REPORT_ADMIN", "USER")]
    );
}

#[test]
fn custom_and_iam_based_roles_name_their_role_and_resource_set() {
    let (org, _) = demo_org();
    let victoria = call(
        &org,
        "GET",
        "/api/v1/users/victoria.lopez@acmecorp.example",
        None,
    )
    .json["id"]
        .as_str()
        .unwrap()
        .to_string();
    let roles = call(&org, "GET", &roles_path("users", &victoria), None).json;
    let custom = &roles[0];
    assert_eq!(custom["type"], "CUSTOM");
    assert_eq!(custom["label"], "Onboarding Coordinator");
    assert!(custom["id"].as_str().unwrap().starts_with("irb"));
    let role_id = custom["role"].as_str().unwrap().to_string();
    let set = custom["resource-set"].as_str().unwrap().to_string();
    assert!(role_id.starts_with("cr0") && set.starts_with("iam"));
    assert_eq!(
        custom["_links"]["role"]["href"],
        format!("{BASE}/api/v1/iam/roles/{role_id}")
    );

    let other = create(&org, "New", "Coordinator", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let assigned = grant(
        &org,
        "users",
        &other,
        json!({ "type": "CUSTOM", "role": role_id, "resource-set": set }),
    );
    assert_eq!(assigned.status, 201, "{:?}", assigned.body);
    assert_eq!(assigned.json["resource-set"], set.as_str());
    let unknown_role = grant(
        &org,
        "users",
        &other,
        json!({ "type": "CUSTOM", "role": "cr0nosuchrole0000000", "resource-set": set }),
    );
    unknown_role.assert_error(404, "E0000007");
    assert_eq!(
        unknown_role.json["errorSummary"],
        "Not found: Resource not found: cr0nosuchrole0000000 (CustomRole)"
    );
    grant(
        &org,
        "users",
        &other,
        json!({ "type": "CUSTOM", "role": role_id, "resource-set": "iamnosuchset00000000" }),
    )
    .assert_error(404, "E0000007");
    grant(
        &org,
        "users",
        &other,
        json!({ "type": "CUSTOM", "role": role_id }),
    )
    .assert_error(400, "E0000001");

    let workflows = grant(&org, "users", &other, json!({ "type": "WORKFLOWS_ADMIN" }));
    assert_eq!(workflows.status, 201);
    assert_eq!(workflows.json["role"], "WORKFLOWS_ADMIN");
    assert_eq!(workflows.json["resource-set"], "WORKFLOWS_IAM_POLICY");
    assert!(workflows.json["id"].as_str().unwrap().starts_with("irb"));
}

#[test]
fn role_changes_are_in_the_system_log() {
    let (org, _) = empty_org();
    let user = create(&org, "Log", "Admin", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        grant(&org, "users", &user, json!({ "type": "ORG_ADMIN" })).status,
        201
    );
    let path = format!("/api/v1/users/{user}/roles/J5JEOX2BIRGUSTQ");
    assert_eq!(call(&org, "DELETE", &path, None).status, 204);
    let events = call(&org, "GET", "/api/v1/logs", None).json;
    let privileges: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .filter(|t| t.contains("privilege"))
        .collect();
    assert_eq!(
        privileges,
        [
            "user.account.privilege.grant",
            "user.account.privilege.revoke"
        ]
    );
}
