//! Groups and memberships: the Everyone group, creation, updates, deletes and membership changes.

use super::*;

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
