//! Group rules: their states and Okta's errors, and what an active rule does to memberships.

use super::*;

/// Creates a user with a department; returns its id.
fn person(org: &Emulator, first: &str, department: &str, activate: bool) -> String {
    let mut body = user_body(first, "Rules", true);
    body["profile"]["department"] = json!(department);
    let answer = call(
        org,
        "POST",
        &format!("/api/v1/users?activate={activate}"),
        Some(body),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json["id"].as_str().unwrap().to_string()
}

fn rule_body(name: &str, expression: &str, groups: &[&str]) -> Value {
    json!({
        "type": "group_rule",
        "name": name,
        "conditions": { "expression": { "value": expression, "type": "urn:okta:expression:1.0" } },
        "actions": { "assignUserToGroups": { "groupIds": groups } },
    })
}

fn create_rule(org: &Emulator, name: &str, expression: &str, groups: &[&str]) -> String {
    let answer = call(
        org,
        "POST",
        "/api/v1/groups/rules",
        Some(rule_body(name, expression, groups)),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json["id"].as_str().unwrap().to_string()
}

fn rule_lifecycle(org: &Emulator, id: &str, operation: &str) -> Answer {
    call(
        org,
        "POST",
        &format!("/api/v1/groups/rules/{id}/lifecycle/{operation}"),
        None,
    )
}

fn members(org: &Emulator, group: &str) -> BTreeSet<String> {
    let answer = call(org, "GET", &format!("/api/v1/groups/{group}/users"), None);
    ids(&answer.json).into_iter().collect()
}

fn set(ids: &[&String]) -> BTreeSet<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

fn update_department(org: &Emulator, id: &str, department: &str) {
    let body = json!({ "profile": { "department": department } });
    let answer = call(org, "POST", &format!("/api/v1/users/{id}"), Some(body));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
}

#[test]
fn an_active_rule_assigns_every_matching_user_and_each_later_one() {
    let (org, _) = empty_org();
    let staged = person(&org, "Ada", "Engineering", false);
    let sales = person(&org, "Bob", "Sales", true);
    let gone = person(&org, "Carl", "Engineering", true);
    lifecycle(&org, &gone, "deactivate");
    let group = create_group(&org, "Engineers");

    let created = call(
        &org,
        "POST",
        "/api/v1/groups/rules",
        Some(rule_body(
            "Engineering",
            r#"user.department=="Engineering""#,
            &[&group],
        )),
    );
    assert_eq!(created.status, 200);
    let rule = created.json["id"].as_str().unwrap().to_string();
    assert!(rule.starts_with("0pr") && rule.len() == 20, "{rule}");
    assert_eq!(created.json["status"], "INACTIVE");
    assert_eq!(created.json["type"], "group_rule");
    assert_eq!(created.json["created"], START);
    assert!(created.json["conditions"].get("people").is_none());
    assert_eq!(
        created.json["actions"],
        json!({ "assignUserToGroups": { "groupIds": [group] } })
    );
    // Created inactive: nobody is assigned yet.
    assert!(members(&org, &group).is_empty());

    let activated = rule_lifecycle(&org, &rule, "activate");
    assert_eq!(activated.status, 204);
    assert_eq!(activated.body, None);
    // The staged engineer is assigned (as the recording shows); the deactivated one is not.
    assert_eq!(members(&org, &group), set(&[&staged]));
    assert_eq!(rule_lifecycle(&org, &rule, "activate").status, 204);

    let later = person(&org, "Dana", "Engineering", true);
    assert_eq!(members(&org, &group), set(&[&staged, &later]));
    update_department(&org, &sales, "Engineering");
    assert_eq!(members(&org, &group), set(&[&staged, &later, &sales]));
    // A user the rule added leaves when they stop matching.
    update_department(&org, &later, "Finance");
    assert_eq!(members(&org, &group), set(&[&staged, &sales]));
    // Reactivating the deactivated engineer brings them in.
    lifecycle(&org, &gone, "activate");
    assert!(members(&org, &group).contains(&gone));
}

#[test]
fn excluded_users_and_users_removed_by_hand_stay_out() {
    let (org, _) = empty_org();
    let ada = person(&org, "Ada", "Engineering", true);
    let bob = person(&org, "Bob", "Engineering", true);
    let group = create_group(&org, "Engineers");
    let mut body = rule_body(
        "Engineering",
        r#"user.department == "Engineering""#,
        &[&group],
    );
    body["conditions"]["people"] = json!({ "users": { "exclude": [bob] } });
    let created = call(&org, "POST", "/api/v1/groups/rules", Some(body));
    assert_eq!(
        created.json["conditions"]["people"],
        json!({ "users": { "exclude": [bob] }, "groups": { "exclude": [] } })
    );
    let rule = created.json["id"].as_str().unwrap().to_string();
    rule_lifecycle(&org, &rule, "activate");
    assert_eq!(members(&org, &group), set(&[&ada]));

    // Okta adds a rule's member removed by hand to the rule's exclusions.
    let removed = call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{group}/users/{ada}"),
        None,
    );
    assert_eq!(removed.status, 204);
    update_department(&org, &ada, "Engineering");
    assert!(members(&org, &group).is_empty());
    let rule_json = call(&org, "GET", &format!("/api/v1/groups/rules/{rule}"), None).json;
    assert_eq!(
        rule_json["conditions"]["people"]["users"]["exclude"],
        json!([bob, ada])
    );
}

#[test]
fn deactivating_keeps_members_and_deleting_may_remove_them() {
    let (org, _) = empty_org();
    let ada = person(&org, "Ada", "Engineering", true);
    let group = create_group(&org, "Engineers");
    let rule = create_rule(
        &org,
        "Engineering",
        r#"user.department=="Engineering""#,
        &[&group],
    );
    rule_lifecycle(&org, &rule, "activate");
    assert_eq!(rule_lifecycle(&org, &rule, "deactivate").status, 204);
    assert_eq!(members(&org, &group), set(&[&ada]));
    assert_eq!(rule_lifecycle(&org, &rule, "deactivate").status, 204);

    // The recording: a new expression nobody matches, activated, empties the group.
    let mut body = rule_body(
        "Engineering Updated",
        r#"user.lastName=="BLAHBLAHBLAH""#,
        &[&group],
    );
    body["id"] = json!(rule);
    let replaced = call(
        &org,
        "PUT",
        &format!("/api/v1/groups/rules/{rule}"),
        Some(body),
    );
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_eq!(replaced.json["name"], "Engineering Updated");
    assert_eq!(replaced.json["status"], "INACTIVE");
    rule_lifecycle(&org, &rule, "activate");
    assert!(members(&org, &group).is_empty());

    // Deleting with removeUsers=true takes the rule's users out; without, they stay.
    for (remove, stays) in [(true, false), (false, true)] {
        let group = create_group(&org, &format!("Kept {stays}"));
        let rule = create_rule(
            &org,
            &format!("Rule {stays}"),
            r#"user.department=="Engineering""#,
            &[&group],
        );
        rule_lifecycle(&org, &rule, "activate");
        rule_lifecycle(&org, &rule, "deactivate");
        let deleted = call(
            &org,
            "DELETE",
            &format!("/api/v1/groups/rules/{rule}?removeUsers={remove}"),
            None,
        );
        assert_eq!(deleted.status, 202);
        assert_eq!(deleted.body.as_deref(), Some("{}"));
        assert_eq!(
            members(&org, &group).contains(&ada),
            stays,
            "removeUsers={remove}"
        );
        call(&org, "GET", &format!("/api/v1/groups/rules/{rule}"), None)
            .assert_error(404, "E0000007");
    }
}

#[test]
fn an_active_rule_cannot_be_changed_or_deleted_and_its_groups_never_change() {
    let (org, _) = empty_org();
    let group = create_group(&org, "Engineers");
    let other = create_group(&org, "Others");
    let rule = create_rule(
        &org,
        "Engineering",
        r#"user.department=="Engineering""#,
        &[&group],
    );
    rule_lifecycle(&org, &rule, "activate");
    let path = format!("/api/v1/groups/rules/{rule}");
    let body = rule_body("Renamed", r#"user.department=="Sales""#, &[&group]);

    let refused = call(&org, "PUT", &path, Some(body.clone()));
    refused.assert_error(400, "E0000001");
    assert_eq!(
        refused.json["errorSummary"],
        "Api validation failed: status"
    );
    assert_eq!(
        refused.json["errorCauses"][0]["errorSummary"],
        "status: Cannot update an active rule"
    );
    let refused = call(&org, "DELETE", &path, None);
    refused.assert_error(400, "E0000001");
    assert_eq!(
        refused.json["errorCauses"][0]["errorSummary"],
        "status: Cannot delete an active rule"
    );
    assert_eq!(call(&org, "GET", &path, None).json["status"], "ACTIVE");

    rule_lifecycle(&org, &rule, "deactivate");
    let regrouped = rule_body("Renamed", r#"user.department=="Sales""#, &[&other]);
    call(&org, "PUT", &path, Some(regrouped)).assert_error(400, "E0000001");
    let replaced = call(&org, "PUT", &path, Some(body));
    assert_eq!(replaced.status, 200);
    assert_eq!(
        replaced.json["conditions"]["expression"]["value"],
        r#"user.department=="Sales""#
    );
    for unknown in ["0prnothere0000000000", "x"] {
        call(
            &org,
            "GET",
            &format!("/api/v1/groups/rules/{unknown}"),
            None,
        )
        .assert_error(404, "E0000007");
        rule_lifecycle(&org, unknown, "activate").assert_error(404, "E0000007");
    }
    assert_eq!(call(&org, "PATCH", &path, None).status, 405);
}

#[test]
fn rules_are_validated_as_okta_does() {
    let (org, _) = empty_org();
    let group = create_group(&org, "Engineers");
    let everyone = call(&org, "GET", "/api/v1/groups?q=Everyone", None).json[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    create_rule(&org, "Taken", "true", &[&group]);
    let ok = r#"user.department=="Engineering""#;
    let cases: Vec<(Value, &str)> = vec![
        (rule_body("", ok, &[&group]), "Api validation failed: name"),
        (
            rule_body(&"n".repeat(51), ok, &[&group]),
            "Api validation failed: name",
        ),
        (
            rule_body("TAKEN", ok, &[&group]),
            "Api validation failed: name",
        ),
        (
            rule_body("No groups", ok, &[]),
            "Api validation failed: actions.assignUserToGroups.groupIds",
        ),
        (
            rule_body("Unknown", ok, &["00gnothere0000000000"]),
            "Api validation failed: actions.assignUserToGroups.groupIds",
        ),
        (
            rule_body("Everyone", ok, &[&everyone]),
            "Api validation failed: actions.assignUserToGroups.groupIds",
        ),
        (
            rule_body("Syntax", r#"user.department = "Engineering""#, &[&group]),
            "Api validation failed: validateRule",
        ),
        (
            rule_body("Property", r#"user.departmnt == "Engineering""#, &[&group]),
            "Api validation failed: validateRule",
        ),
        (
            rule_body("Convert", r#"Convert.toInt("2018") == 2018"#, &[&group]),
            "Api validation failed: validateRule",
        ),
        (
            rule_body("Text", r#""Engineering""#, &[&group]),
            "Api validation failed: validateRule",
        ),
    ];
    for (body, summary) in cases {
        let answer = call(&org, "POST", "/api/v1/groups/rules", Some(body.clone()));
        answer.assert_error(400, "E0000001");
        assert_eq!(answer.json["errorSummary"], summary, "{body}");
    }
    let property = call(
        &org,
        "POST",
        "/api/v1/groups/rules",
        Some(rule_body(
            "Property",
            r#"user.departmnt == "Engineering""#,
            &[&group],
        )),
    );
    assert!(
        property.json["errorCauses"][0]["errorSummary"]
            .as_str()
            .unwrap()
            .starts_with("Invalid property departmnt in expression"),
        "{:?}",
        property.body
    );
    let mut untyped = rule_body("Untyped", ok, &[&group]);
    untyped.as_object_mut().unwrap().remove("type");
    call(&org, "POST", "/api/v1/groups/rules", Some(untyped)).assert_error(400, "E0000001");
    let mut wrong_type = rule_body("Wrong type", ok, &[&group]);
    wrong_type["conditions"]["expression"]["type"] = json!("urn:okta:expression:2.0");
    call(&org, "POST", "/api/v1/groups/rules", Some(wrong_type)).assert_error(400, "E0000001");
    let garbled = send(
        &org,
        RequestRecord {
            body: Some("{".into()),
            ..request("POST", "/api/v1/groups/rules", Some(TOKEN), Some(json!({})))
        },
    );
    garbled.assert_error(400, "E0000003");
    // Custom attributes some user has are known to the schema.
    person(&org, "Ada", "Engineering", true);
    let mut body = user_body("Cy", "Custom", true);
    body["profile"]["costCenter"] = json!("ENG-42");
    body["profile"]["badge"] = json!(true);
    call(&org, "POST", "/api/v1/users", Some(body));
    create_rule(
        &org,
        "Badge holders",
        "user.badge && user.costCenter != null",
        &[&group],
    );
}

#[test]
fn rules_list_in_pages_and_search_and_expand() {
    let (org, _) = empty_org();
    let group = create_group(&org, "Engineers");
    let names = ["Alpha rule", "Beta rule", "Gamma"];
    let made: Vec<String> = names
        .iter()
        .map(|name| create_rule(&org, name, "true", &[&group]))
        .collect();

    let first = call(&org, "GET", "/api/v1/groups/rules?limit=2", None);
    assert_eq!(first.status, 200);
    assert_eq!(ids(&first.json), made[..2]);
    let next = first.next_link().expect("a next link");
    let second = call(&org, "GET", &next, None);
    assert_eq!(ids(&second.json), made[2..]);
    assert!(second.next_link().is_none());
    let all = call(&org, "GET", "/api/v1/groups/rules", None);
    assert_eq!(
        all.header("link"),
        Some(format!("<{BASE}/api/v1/groups/rules?limit=50>; rel=\"self\"").as_str())
    );
    assert!(all.json[0].get("_embedded").is_none());

    let found = call(&org, "GET", "/api/v1/groups/rules?search=RULE", None);
    assert_eq!(ids(&found.json), made[..2]);
    let expanded = call(
        &org,
        "GET",
        &format!(
            "/api/v1/groups/rules/{}?expand=groupIdToGroupNameMap",
            made[0]
        ),
        None,
    );
    let mut names = serde_json::Map::new();
    names.insert(group.clone(), json!("Engineers"));
    assert_eq!(
        expanded.json["_embedded"]["groupIdToGroupNameMap"],
        Value::Object(names)
    );
    call(&org, "GET", "/api/v1/groups/rules?after=nope", None).assert_error(400, "E0000029");
}

#[test]
fn deleting_a_group_invalidates_the_rules_that_fill_it() {
    let (org, _) = empty_org();
    let group = create_group(&org, "Engineers");
    let rule = create_rule(&org, "Engineering", "true", &[&group]);
    assert_eq!(
        call(&org, "DELETE", &format!("/api/v1/groups/{group}"), None).status,
        204
    );
    let path = format!("/api/v1/groups/rules/{rule}");
    assert_eq!(call(&org, "GET", &path, None).json["status"], "INVALID");
    rule_lifecycle(&org, &rule, "activate").assert_error(400, "E0000001");
    call(&org, "PUT", &path, Some(rule_body("x", "true", &[&group]))).assert_error(400, "E0000001");
    assert_eq!(call(&org, "DELETE", &path, None).status, 202);
}

#[test]
fn group_functions_follow_memberships_as_they_change() {
    let (org, _) = empty_org();
    let ada = person(&org, "Ada", "Engineering", true);
    let source = create_group(&org, "Source");
    let target = create_group(&org, "Follows Source");
    let rule = create_rule(
        &org,
        "Follow",
        &format!(r#"isMemberOfGroup("{source}") || isMemberOfGroupNameStartsWith("VIP")"#),
        &[&target],
    );
    rule_lifecycle(&org, &rule, "activate");
    assert!(members(&org, &target).is_empty());
    let membership = format!("/api/v1/groups/{source}/users/{ada}");
    call(&org, "PUT", &membership, None);
    assert_eq!(members(&org, &target), set(&[&ada]));
    call(&org, "DELETE", &membership, None);
    assert!(members(&org, &target).is_empty());
}

#[test]
fn the_demo_org_has_an_active_sales_rule() {
    let (org, _) = demo_org();
    let rules = call(
        &org,
        "GET",
        "/api/v1/groups/rules?expand=groupIdToGroupNameMap",
        None,
    );
    let rule = &rules.json[0];
    assert_eq!(rules.json.as_array().unwrap().len(), 1);
    assert_eq!(rule["status"], "ACTIVE");
    assert_eq!(
        rule["conditions"]["expression"]["value"],
        r#"user.department=="Sales""#
    );
    let names: Vec<&Value> = rule["_embedded"]["groupIdToGroupNameMap"]
        .as_object()
        .unwrap()
        .values()
        .collect();
    assert_eq!(names, vec![&json!("Sales")]);
    let sales = rule["actions"]["assignUserToGroups"]["groupIds"][0]
        .as_str()
        .unwrap();
    // A new salesperson joins Sales through the rule.
    let new = person(&org, "Sally", "Sales", true);
    assert!(members(&org, sales).contains(&new));
}
