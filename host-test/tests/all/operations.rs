//! Each of the 18 operations: the exact request(s) it sends and the exact output it returns
//! for a realistic answer (shapes from `tests/recordings`).

use crate::support::*;
use serde_json::{Value, json};

fn input(operation: &str, extra: Value) -> Value {
    let mut input = valid_input(operation);
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

#[tokio::test(start_paused = true)]
async fn list_users_sends_search_and_limit_and_maps_every_user() {
    let (output, exchanges) = run(
        "list_users",
        input(
            "list_users",
            json!({ "search": "profile.email co \"a+b@example.com\"", "limit": 5 }),
        ),
        vec![recorded("test_activate_user.json", 2)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users?search=profile.email%20co%20%22a%2Bb%40example.com%22&limit=5",
        None,
    );
    assert_eq!(output["count"], 3);
    assert_eq!(output["success"], true);
    assert_eq!(
        output["users"][0],
        json!({
            "id": "00uc04qdrQsSHjsDO4x6", "status": "ACTIVE", "firstName": "Justin", "lastName": "Abrokwah",
            "email": "justin.abrokwah@okta.com", "login": "justin.abrokwah@okta.com", "mobilePhone": null,
            "title": null, "department": null, "created": "2020-05-13T13:29:28.000Z",
            "lastLogin": "2020-08-27T13:30:59.000Z", "lastUpdated": "2020-05-13T13:33:05.000Z",
            "activated": null, "statusChanged": "2020-05-13T13:33:05.000Z",
            "profile": {
                "firstName": "Justin", "lastName": "Abrokwah", "mobilePhone": null, "secondEmail": null,
                "login": "justin.abrokwah@okta.com", "email": "justin.abrokwah@okta.com"
            }
        })
    );
    assert_eq!(output["users"][2]["id"], "00usfhfealbkkXMo84x6");
}

#[tokio::test(start_paused = true)]
async fn list_users_with_filter_only() {
    let (_, exchanges) = run(
        "list_users",
        input(
            "list_users",
            json!({ "filter": "status eq \"ACTIVE\"", "search": "" }),
        ),
        vec![ok(json!([]))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users?filter=status%20eq%20%22ACTIVE%22",
        None,
    );
}

#[tokio::test(start_paused = true)]
async fn get_user_by_login_encodes_the_segment_and_maps_every_field() {
    let (output, exchanges) = run(
        "get_user",
        input(
            "get_user",
            json!({ "userId": "John.Doe-Get+x@example.com" }),
        ),
        vec![recorded("test_create_get_user.json", 2)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users/John.Doe-Get%2Bx%40example.com",
        None,
    );
    assert_eq!(
        output,
        json!({
            "id": "00usfhrjbkppPBkoY4x6", "status": "STAGED", "firstName": "John", "lastName": "Doe-Get",
            "email": "John.Doe-Get@example.com", "login": "John.Doe-Get@example.com", "mobilePhone": null,
            "secondEmail": null, "displayName": null, "title": null, "department": null, "organization": null,
            "manager": null, "managerId": null, "division": null, "employeeNumber": null, "userType": null,
            "created": "2020-08-27T18:19:24.000Z", "activated": null, "lastLogin": null,
            "lastUpdated": "2020-08-27T18:19:24.000Z", "statusChanged": null,
            "passwordChanged": "2020-08-27T18:19:24.000Z",
            "profile": {
                "firstName": "John", "lastName": "Doe-Get", "mobilePhone": null, "secondEmail": null,
                "login": "John.Doe-Get@example.com", "email": "John.Doe-Get@example.com"
            },
            "success": true
        })
    );
}

#[tokio::test(start_paused = true)]
async fn get_user_reads_enterprise_attributes() {
    let user = json!({
        "id": "00u1", "status": "ACTIVE", "created": "2024-01-01T00:00:00.000Z", "activated": null,
        "statusChanged": null, "lastLogin": null, "lastUpdated": null, "passwordChanged": null,
        "profile": {
            "firstName": "Grace", "lastName": "Hopper", "email": "grace@example.com", "login": "grace@example.com",
            "displayName": "Grace Hopper", "title": "Rear Admiral", "department": "Navy", "organization": "USN",
            "manager": "Chester Nimitz", "managerId": "00u0", "division": "Computing", "employeeNumber": "1906",
            "userType": "Employee", "secondEmail": "g@navy.mil", "mobilePhone": "+1 555 0100"
        }
    });
    let (output, _) = run("get_user", valid_input("get_user"), vec![ok(user)]).await;
    for (field, value) in [
        ("displayName", "Grace Hopper"),
        ("organization", "USN"),
        ("manager", "Chester Nimitz"),
        ("managerId", "00u0"),
        ("division", "Computing"),
        ("employeeNumber", "1906"),
        ("userType", "Employee"),
        ("secondEmail", "g@navy.mil"),
        ("mobilePhone", "+1 555 0100"),
        ("title", "Rear Admiral"),
        ("department", "Navy"),
    ] {
        assert_eq!(output[field], value, "{field}");
    }
}

#[tokio::test(start_paused = true)]
async fn create_user_defaults_login_to_email_and_activates() {
    let (output, exchanges) = run(
        "create_user",
        input("create_user", json!({ "firstName": "John", "lastName": "Doe-Get", "email": "John.Doe-Get@example.com", "title": "", "password": "Abcd1234!" })),
        vec![recorded("test_create_get_user.json", 0)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users?activate=true",
        Some(json!({
            "profile": { "firstName": "John", "lastName": "Doe-Get", "email": "John.Doe-Get@example.com", "login": "John.Doe-Get@example.com" },
            "credentials": { "password": { "value": "Abcd1234!" } }
        })),
    );
    assert_eq!(
        output,
        json!({
            "id": "00usfhrjbkppPBkoY4x6", "status": "STAGED", "firstName": "John", "lastName": "Doe-Get",
            "email": "John.Doe-Get@example.com", "login": "John.Doe-Get@example.com",
            "created": "2020-08-27T18:19:24.000Z", "lastUpdated": "2020-08-27T18:19:24.000Z", "success": true
        })
    );
}

#[tokio::test(start_paused = true)]
async fn create_user_staged_with_every_optional_field() {
    let (_, exchanges) = run(
        "create_user",
        input(
            "create_user",
            json!({ "login": "ada.l", "mobilePhone": "+44 20 7946 0000", "title": "Analyst", "department": "R&D", "activate": false }),
        ),
        vec![recorded("test_create_get_user.json", 0)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users?activate=false",
        Some(json!({ "profile": {
            "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "login": "ada.l",
            "mobilePhone": "+44 20 7946 0000", "title": "Analyst", "department": "R&D"
        }})),
    );
}

#[tokio::test(start_paused = true)]
async fn update_user_sends_only_the_fields_given() {
    let (output, exchanges) = run(
        "update_user",
        input("update_user", json!({ "userId": "00usfdbbnIjyhFqU74x6", "lastName": "Doe-Update-Profile", "firstName": "", "email": "  ", "title": null })),
        vec![recorded("test_update_user_profile.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00usfdbbnIjyhFqU74x6",
        Some(json!({ "profile": { "lastName": "Doe-Update-Profile" } })),
    );
    assert_eq!(
        output,
        json!({
            "id": "00usfdbbnIjyhFqU74x6", "status": "STAGED", "firstName": "John", "lastName": "Doe-Update-Profile",
            "email": "John.Doe-Update-Profile@example.com", "login": "John.Doe-Update-Profile@example.com",
            "created": "2020-08-27T18:19:27.000Z", "lastUpdated": "2020-08-27T18:19:28.000Z", "success": true
        })
    );
}

#[tokio::test(start_paused = true)]
async fn update_user_with_nothing_to_change_only_reads() {
    let (output, exchanges) = run(
        "update_user",
        input("update_user", json!({ "firstName": "", "lastName": "", "email": "", "login": "", "mobilePhone": "", "title": "", "department": "" })),
        vec![recorded("test_update_user_profile.json", 2)],
    )
    .await;
    assert_eq!(exchanges.len(), 1);
    assert_request(&exchanges[0], "GET", "/users/00ub0oNGTSWTBKOLGLNR", None);
    assert_eq!(output["success"], true);
}

#[tokio::test(start_paused = true)]
async fn activate_user_without_email_returns_the_activation_link() {
    let (output, exchanges) = run(
        "activate_user",
        input(
            "activate_user",
            json!({ "userId": "00usfhfealbkkXMo84x6", "sendEmail": false }),
        ),
        vec![recorded("test_activate_user.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00usfhfealbkkXMo84x6/lifecycle/activate?sendEmail=false",
        None,
    );
    assert_eq!(
        output,
        json!({
            "userId": "00usfhfealbkkXMo84x6", "activated": true,
            "activationUrl": "https://test.okta.com/welcome/U1uFQ4LZpbyyiMe7Tw_t",
            "activationToken": "U1uFQ4LZpbyyiMe7Tw_t", "success": true
        })
    );
}

#[tokio::test(start_paused = true)]
async fn activate_user_sends_email_by_default() {
    let (output, exchanges) = run(
        "activate_user",
        valid_input("activate_user"),
        vec![ok(json!({}))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/activate?sendEmail=true",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "activated": true, "activationUrl": null, "activationToken": null, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn deactivate_user_defaults_to_no_email_and_accepts_204() {
    let (output, exchanges) = run(
        "deactivate_user",
        valid_input("deactivate_user"),
        vec![recorded("test_activate_user.json", 3)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/deactivate?sendEmail=false",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "deactivated": true, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn suspend_and_unsuspend_accept_an_empty_object() {
    let (output, exchanges) = run(
        "suspend_user",
        valid_input("suspend_user"),
        vec![recorded("test_suspend_user.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/suspend",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "suspended": true, "success": true })
    );

    let (output, exchanges) = run(
        "unsuspend_user",
        valid_input("unsuspend_user"),
        vec![recorded("test_suspend_user.json", 3)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/unsuspend",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "unsuspended": true, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn reset_password_returns_the_link_only_without_email() {
    let url = "https://acme.okta.com/reset_password/XE6wE17zmphl3KqAPFxO";
    let (output, exchanges) = run(
        "reset_password",
        input("reset_password", json!({ "sendEmail": "false" })),
        vec![ok(json!({ "summary": "", "resetPasswordUrl": url }))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/reset_password?sendEmail=false",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "resetPasswordUrl": url, "success": true })
    );

    let (output, exchanges) = run(
        "reset_password",
        valid_input("reset_password"),
        vec![ok(json!({}))],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/users/00ub0oNGTSWTBKOLGLNR/lifecycle/reset_password?sendEmail=true",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "resetPasswordUrl": null, "success": true })
    );
}

fn user_with_status(status: &str) -> Value {
    json!({ "id": "00ub0oNGTSWTBKOLGLNR", "status": status, "created": null, "activated": null, "statusChanged": null,
            "lastLogin": null, "lastUpdated": null, "passwordChanged": null, "profile": { "login": "a@example.com" } })
}

#[tokio::test(start_paused = true)]
async fn delete_user_on_an_active_user_reports_deactivation_not_deletion() {
    let (output, exchanges) = run(
        "delete_user",
        valid_input("delete_user"),
        vec![ok(user_with_status("ACTIVE")), no_content()],
    )
    .await;
    assert_request(&exchanges[0], "GET", "/users/00ub0oNGTSWTBKOLGLNR", None);
    assert_request(
        &exchanges[1],
        "DELETE",
        "/users/00ub0oNGTSWTBKOLGLNR?sendEmail=false",
        None,
    );
    assert_eq!(output["deleted"], false);
    assert_eq!(output["deactivated"], true);
    assert_eq!(output["status"], "DEPROVISIONED");
    assert!(
        output["message"]
            .as_str()
            .unwrap()
            .contains("run delete again")
    );
}

#[tokio::test(start_paused = true)]
async fn delete_user_on_a_deprovisioned_user_deletes() {
    let (output, exchanges) = run(
        "delete_user",
        input("delete_user", json!({ "sendEmail": true })),
        vec![
            ok(user_with_status("DEPROVISIONED")),
            recorded("test_create_get_user.json", 4),
        ],
    )
    .await;
    assert_request(
        &exchanges[1],
        "DELETE",
        "/users/00ub0oNGTSWTBKOLGLNR?sendEmail=true",
        None,
    );
    assert_eq!(
        output,
        json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "deleted": true, "deactivated": false, "status": "DELETED",
                "message": "The user was deleted permanently.", "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn list_groups_maps_types_and_descriptions() {
    let (output, exchanges) = run(
        "list_groups",
        input(
            "list_groups",
            json!({ "search": "type eq \"OKTA_GROUP\"", "limit": "200" }),
        ),
        vec![recorded("test_list_groups.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/groups?search=type%20eq%20%22OKTA_GROUP%22&limit=200",
        None,
    );
    assert_eq!(output["count"], 3);
    assert_eq!(
        output["groups"][0],
        json!({ "id": "00gc04qatkiyWnGoq4x6", "name": "Everyone", "description": "All users in your organization",
                "type": "BUILT_IN", "created": "2020-05-13T13:29:23.000Z", "lastUpdated": "2020-05-13T13:29:23.000Z",
                "lastMembershipUpdated": "2020-08-27T18:15:41.000Z",
                "profile": { "name": "Everyone", "description": "All users in your organization" } })
    );
    assert_eq!(output["groups"][1]["description"], Value::Null);
}

#[tokio::test(start_paused = true)]
async fn get_group_maps_the_group() {
    let (output, exchanges) = run(
        "get_group",
        input("get_group", json!({ "groupId": "00gsfck5wNqOPYMfS4x6" })),
        vec![recorded("test_create_get_group.json", 1)],
    )
    .await;
    assert_request(&exchanges[0], "GET", "/groups/00gsfck5wNqOPYMfS4x6", None);
    assert_eq!(
        output,
        json!({ "id": "00gsfck5wNqOPYMfS4x6", "name": "Group-Target-Test", "description": null, "type": "OKTA_GROUP",
                "created": "2020-08-27T18:15:49.000Z", "lastUpdated": "2020-08-27T18:15:49.000Z",
                "lastMembershipUpdated": "2020-08-27T18:15:49.000Z",
                "profile": { "name": "Group-Target-Test", "description": null }, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn create_group_sends_name_and_description() {
    let (output, exchanges) = run(
        "create_group",
        input(
            "create_group",
            json!({ "name": "Group-Target-Test", "description": "Target" }),
        ),
        vec![recorded("test_create_get_group.json", 0)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/groups",
        Some(json!({ "profile": { "name": "Group-Target-Test", "description": "Target" } })),
    );
    assert_eq!(output["id"], "00gsfck5wNqOPYMfS4x6");
    assert_eq!(output["type"], "OKTA_GROUP");

    let (_, exchanges) = run(
        "create_group",
        valid_input("create_group"),
        vec![recorded("test_create_get_group.json", 0)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "POST",
        "/groups",
        Some(json!({ "profile": { "name": "Engineering" } })),
    );
}

#[tokio::test(start_paused = true)]
async fn update_group_keeps_the_stored_description_and_custom_attributes() {
    let stored = json!({
        "id": "00g1emaKYZTWRYYRRTSK", "type": "OKTA_GROUP", "created": null, "lastUpdated": null, "lastMembershipUpdated": null,
        "profile": { "name": "Eng", "description": "Everyone who builds", "costCenter": "CC-42" }
    });
    let mut updated = stored.clone();
    updated["profile"]["name"] = json!("Engineering");
    let (output, exchanges) = run(
        "update_group",
        valid_input("update_group"),
        vec![ok(stored), ok(updated)],
    )
    .await;
    assert_request(&exchanges[0], "GET", "/groups/00g1emaKYZTWRYYRRTSK", None);
    assert_request(
        &exchanges[1],
        "PUT",
        "/groups/00g1emaKYZTWRYYRRTSK",
        Some(
            json!({ "profile": { "name": "Engineering", "description": "Everyone who builds", "costCenter": "CC-42" } }),
        ),
    );
    assert_eq!(output["name"], "Engineering");
    assert_eq!(output["description"], "Everyone who builds");
}

#[tokio::test(start_paused = true)]
async fn update_group_replaces_the_description_when_given() {
    let (_, exchanges) = run(
        "update_group",
        input("update_group", json!({ "groupId": "00gsfdp94a4kMmEcO4x6", "name": "Group-Target-Test NEW", "description": "New" })),
        vec![recorded("test_update_group.json", 2), recorded("test_update_group.json", 1)],
    )
    .await;
    assert_request(
        &exchanges[1],
        "PUT",
        "/groups/00gsfdp94a4kMmEcO4x6",
        Some(json!({ "profile": { "name": "Group-Target-Test NEW", "description": "New" } })),
    );
}

#[tokio::test(start_paused = true)]
async fn delete_group_accepts_204() {
    let (output, exchanges) = run(
        "delete_group",
        valid_input("delete_group"),
        vec![recorded("test_create_get_group.json", 2)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "DELETE",
        "/groups/00g1emaKYZTWRYYRRTSK",
        None,
    );
    assert_eq!(
        output,
        json!({ "groupId": "00g1emaKYZTWRYYRRTSK", "deleted": true, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn membership_changes_check_first_then_use_put_and_delete() {
    let everyone =
        json!([{ "id": "00gEveryone", "type": "BUILT_IN", "profile": { "name": "Everyone" } }]);
    let (output, exchanges) = run(
        "add_user_to_group",
        valid_input("add_user_to_group"),
        vec![ok(everyone.clone()), no_content()],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/users/00ub0oNGTSWTBKOLGLNR/groups?limit=200",
        None,
    );
    assert_request(
        &exchanges[1],
        "PUT",
        "/groups/00g1emaKYZTWRYYRRTSK/users/00ub0oNGTSWTBKOLGLNR",
        None,
    );
    assert_eq!(
        output,
        json!({ "groupId": "00g1emaKYZTWRYYRRTSK", "userId": "00ub0oNGTSWTBKOLGLNR", "added": true,
                "alreadyMember": false, "success": true })
    );

    let member = json!([{ "id": "00gEveryone" }, { "id": "00g1emaKYZTWRYYRRTSK" }]);
    let (output, exchanges) = run(
        "remove_user_from_group",
        valid_input("remove_user_from_group"),
        vec![ok(member), no_content()],
    )
    .await;
    assert_request(
        &exchanges[1],
        "DELETE",
        "/groups/00g1emaKYZTWRYYRRTSK/users/00ub0oNGTSWTBKOLGLNR",
        None,
    );
    assert_eq!(
        output,
        json!({ "groupId": "00g1emaKYZTWRYYRRTSK", "userId": "00ub0oNGTSWTBKOLGLNR", "removed": true,
                "wasMember": true, "success": true })
    );
}

#[tokio::test(start_paused = true)]
async fn membership_changes_that_change_nothing_are_reported_truthfully() {
    let member = json!([{ "id": "00g1emaKYZTWRYYRRTSK" }]);
    let (output, exchanges) = run(
        "add_user_to_group",
        valid_input("add_user_to_group"),
        vec![ok(member)],
    )
    .await;
    assert_eq!(exchanges.len(), 1, "an existing member is not added again");
    assert_eq!(output["added"], false);
    assert_eq!(output["alreadyMember"], true);

    let (output, exchanges) = run(
        "remove_user_from_group",
        valid_input("remove_user_from_group"),
        vec![ok(json!([]))],
    )
    .await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(output["removed"], false);
    assert_eq!(output["wasMember"], false);
    assert_eq!(output["success"], true);
}

#[tokio::test(start_paused = true)]
async fn list_group_members_maps_users() {
    let members = recording("test_activate_user.json").interactions[2]
        .response
        .body
        .clone()
        .unwrap();
    let members: Value = serde_json::from_str(&members).unwrap();
    let (output, exchanges) = run(
        "list_group_members",
        input("list_group_members", json!({ "limit": 1000 })),
        vec![ok(members)],
    )
    .await;
    assert_request(
        &exchanges[0],
        "GET",
        "/groups/00g1emaKYZTWRYYRRTSK/users?limit=1000",
        None,
    );
    assert_eq!(output["count"], 3);
    assert_eq!(output["members"][1]["login"], "thelastdance@netflix.com");
    assert_eq!(
        output["members"][1]["activated"],
        "2020-05-13T14:25:48.000Z"
    );
}
