//! The System Log: the events changes record, and `/logs` with its window, filter, keywords,
//! order and polling feed.

use super::*;

fn logs(org: &Emulator, query: &str) -> Answer {
    let answer = call(org, "GET", &format!("/api/v1/logs{query}"), None);
    assert_eq!(answer.status, 200, "{query}: {:?}", answer.body);
    answer
}

fn event_types(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventType"].as_str().unwrap().to_string())
        .collect()
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn filtered(org: &Emulator, filter: &str) -> Value {
    logs(org, &format!("?filter={}", encoded(filter))).json
}

#[test]
fn changes_are_logged_with_okta_s_event_types_targets_and_request() {
    let (org, clock) = empty_org();
    let created = send(
        &org,
        request(
            "POST",
            "/api/v1/users?activate=true",
            Some(TOKEN),
            Some(user_body("Ada", "Lovelace", true)),
        ),
    );
    let ada = created.json["id"].as_str().unwrap().to_string();
    let request_id = created.header("x-okta-request-id").unwrap().to_string();
    let group = create_group(&org, "Engineers");
    clock.advance(Duration::from_secs(60));
    call(
        &org,
        "PUT",
        &format!("/api/v1/groups/{group}/users/{ada}"),
        None,
    );
    lifecycle(&org, &ada, "suspend");
    lifecycle(&org, &ada, "unsuspend");
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{ada}/factors?activate=true"),
        Some(json!({ "factorType": "email", "provider": "OKTA" })),
    );
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{ada}/lifecycle/reset_factors"),
        None,
    );

    let events = logs(&org, "").json;
    assert_eq!(
        event_types(&events),
        [
            "user.lifecycle.create",
            "user.lifecycle.activate",
            "group.lifecycle.create",
            "group.user_membership.add",
            "user.lifecycle.suspend",
            "user.lifecycle.unsuspend",
            "user.mfa.factor.activate",
            "user.mfa.factor.reset_all",
        ]
    );
    let create = &events[0];
    assert_eq!(create["displayMessage"], "Create Okta user");
    assert_eq!(create["published"], START);
    assert_eq!(create["version"], "0");
    assert_eq!(create["severity"], "INFO");
    assert_eq!(
        create["outcome"],
        json!({ "result": "SUCCESS", "reason": null })
    );
    assert_eq!(create["actor"]["type"], "User");
    assert_eq!(
        create["target"],
        json!([{ "id": ada, "type": "User", "alternateId": "ada.lovelace@example.com",
                 "displayName": "Ada Lovelace", "detailEntry": null }])
    );
    // One request, one transaction: Okta's request id correlates the events it caused.
    assert_eq!(create["transaction"]["id"], request_id);
    assert_eq!(events[1]["transaction"]["id"], request_id);
    assert_eq!(create["transaction"]["type"], "WEB");
    assert_eq!(
        create["debugContext"]["debugData"]["requestUri"],
        "/api/v1/users"
    );
    assert_eq!(
        create["debugContext"]["debugData"]["url"],
        "/api/v1/users?activate=true"
    );
    assert!(create["request"]["ipChain"][0]["ip"].is_string());
    let uuid = create["uuid"].as_str().unwrap();
    assert_eq!(
        uuid.split('-').map(str::len).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    let membership = &events[3];
    assert_eq!(
        membership["legacyEventType"],
        "core.user_group_member.user_add"
    );
    assert_eq!(membership["target"][1]["type"], "UserGroup");
    assert_eq!(membership["published"], "2024-01-08T09:01:00.000Z");

    // Deleting logs the deactivation, then the deletion.
    call(&org, "DELETE", &format!("/api/v1/users/{ada}"), None);
    call(&org, "DELETE", &format!("/api/v1/users/{ada}"), None);
    let last: Vec<String> = event_types(&logs(&org, "").json).split_off(8);
    assert_eq!(
        last,
        [
            "user.lifecycle.deactivate",
            "user.lifecycle.delete.initiated",
            "user.lifecycle.delete.completed"
        ]
    );
}

#[test]
fn rule_changes_and_the_memberships_they_make_are_logged() {
    let (org, _) = empty_org();
    let ada = create(&org, "Ada", "Rule", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string();
    let group = create_group(&org, "Everyone Here");
    let body = json!({
        "type": "group_rule", "name": "All",
        "conditions": { "expression": { "value": "true", "type": "urn:okta:expression:1.0" } },
        "actions": { "assignUserToGroups": { "groupIds": [group] } },
    });
    let rule = call(&org, "POST", "/api/v1/groups/rules", Some(body)).json["id"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &org,
        "POST",
        &format!("/api/v1/groups/rules/{rule}/lifecycle/activate"),
        None,
    );
    call(
        &org,
        "DELETE",
        &format!("/api/v1/groups/{group}/users/{ada}"),
        None,
    );

    let events = filtered(
        &org,
        &format!(r#"target.id eq "{rule}" or target.id eq "{group}""#),
    );
    assert_eq!(
        event_types(&events),
        [
            "group.lifecycle.create",
            "policy.rule.add",
            "policy.rule.activate",
            "group.user_membership.add",
            "group.user_membership.rule.add_exclusion",
            "group.user_membership.remove",
        ]
    );
    assert_eq!(events[1]["target"][0]["type"], "PolicyRule");
    assert_eq!(events[4]["target"][1]["id"], json!(ada));
}

#[test]
fn filter_keywords_and_order_select_events() {
    let (org, _) = empty_org();
    for (first, last) in [("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")] {
        create(&org, first, last, false, true);
    }
    let all = logs(&org, "").json;
    assert_eq!(all.as_array().unwrap().len(), 3);
    let turing = all[1]["target"][0]["id"].as_str().unwrap().to_string();

    assert_eq!(
        filtered(&org, &format!(r#"target.id eq "{turing}""#))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        filtered(&org, r#"eventType eq "user.lifecycle.create""#)
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(filtered(&org, r#"eventType sw "group.""#), json!([]));
    assert_eq!(
        filtered(
            &org,
            r#"target.displayName co "Hop" and outcome.result eq "SUCCESS""#
        )[0]["target"][0]["displayName"],
        "Grace Hopper"
    );
    assert_eq!(
        filtered(
            &org,
            r#"actor.id eq "nobody" or eventType ne "user.lifecycle.create""#
        ),
        json!([])
    );

    // Keywords: every one must be a word of some value, in any case.
    assert_eq!(
        logs(&org, "?q=alan%20TURING")
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(logs(&org, "?q=alan%20hopper").json, json!([]));
    assert_eq!(logs(&org, "?q=Lov").json, json!([]));

    let newest_first = logs(&org, "?sortOrder=DESCENDING").json;
    let reversed: Vec<Value> = all.as_array().unwrap().iter().rev().cloned().collect();
    assert_eq!(newest_first, Value::Array(reversed));

    for (query, code) in [
        (
            format!("?filter={}", encoded(r#"eventType eqq "x""#)),
            "E0000053",
        ),
        (
            format!(
                "?filter={}",
                encoded(r#"published gt "2024-01-01T00:00:00Z""#)
            ),
            "E0000053",
        ),
        (format!("?q={}", "x".repeat(41)), "E0000001"),
        (format!("?q={}", ["a"; 11].join("%20")), "E0000001"),
        ("?sortOrder=NEWEST".to_string(), "E0000001"),
        ("?after=not-a-cursor".to_string(), "E0000029"),
    ] {
        call(&org, "GET", &format!("/api/v1/logs{query}"), None).assert_error(400, code);
    }
    let invalid = call(
        &org,
        "GET",
        &format!("/api/v1/logs?filter={}", encoded("foo eq \"x\"")),
        None,
    );
    assert_eq!(invalid.json["errorSummary"], "field is not valid: foo");
}

#[test]
fn since_and_until_bound_the_window() {
    let (org, clock) = empty_org();
    create(&org, "Old", "Event", false, true);
    clock.advance(Duration::from_secs(8 * 86_400));
    create(&org, "New", "Event", false, true);

    // `since` defaults to seven days before `until`.
    assert_eq!(logs(&org, "").json.as_array().unwrap().len(), 1);
    let both = logs(&org, "?since=2024-01-01T00:00:00Z").json;
    assert_eq!(both.as_array().unwrap().len(), 2);
    let first_day = logs(
        &org,
        "?since=2024-01-08T00:00:00.000-01:00&until=2024-01-09T00:00:00Z",
    )
    .json;
    assert_eq!(first_day[0]["target"][0]["displayName"], "Old Event");
    assert_eq!(first_day.as_array().unwrap().len(), 1);

    let bad = call(&org, "GET", "/api/v1/logs?until=yesterday", None);
    bad.assert_error(400, "E0000001");
    assert_eq!(
        bad.json["errorCauses"],
        json!([
            { "errorSummary": "until: The date format in your query is not recognized. Please enter dates using ISO8601 string format." },
            { "errorSummary": "until: must be a valid date-time or empty." }
        ])
    );
    call(&org, "GET", "/api/v1/logs?since=2024-01-08", None).assert_error(400, "E0000001");
    call(
        &org,
        "GET",
        "/api/v1/logs?since=2024-02-01T00:00:00Z&until=2024-01-01T00:00:00Z",
        None,
    )
    .assert_error(400, "E0000053");
}

#[test]
fn polling_always_links_the_next_page_and_a_bounded_query_ends() {
    let (org, clock) = empty_org();
    // An empty log still links onwards.
    let empty = logs(&org, "");
    assert_eq!(empty.json, json!([]));
    let resume = empty
        .next_link()
        .expect("a polling feed always links the next page");

    for first in ["Ann", "Ben", "Cal"] {
        create(&org, first, "Poll", false, true);
    }
    let page = logs(&org, "?limit=2");
    assert_eq!(page.json.as_array().unwrap().len(), 2);
    let rest = call(&org, "GET", &page.next_link().unwrap(), None);
    assert_eq!(rest.json.as_array().unwrap().len(), 1);
    let caught_up = call(&org, "GET", &rest.next_link().unwrap(), None);
    assert_eq!(caught_up.json, json!([]));
    let polled = caught_up.next_link().unwrap();
    // The link from before anything happened sees all three.
    assert_eq!(
        call(&org, "GET", &resume, None)
            .json
            .as_array()
            .unwrap()
            .len(),
        3
    );

    clock.advance(Duration::from_secs(5));
    create(&org, "Dee", "Poll", false, true);
    let fresh = call(&org, "GET", &polled, None);
    assert_eq!(event_types(&fresh.json), ["user.lifecycle.create"]);
    assert_eq!(fresh.json[0]["target"][0]["displayName"], "Dee Poll");

    // With `until`, the last page has no next link.
    let bounded = "?since=2024-01-01T00:00:00Z&until=2024-02-01T00:00:00Z&limit=3";
    let first = logs(&org, bounded);
    assert_eq!(first.json.as_array().unwrap().len(), 3);
    let last = call(&org, "GET", &first.next_link().unwrap(), None);
    assert_eq!(last.json.as_array().unwrap().len(), 1);
    assert!(last.next_link().is_none());
    assert_eq!(
        logs(&org, &format!("{bounded}&sortOrder=DESCENDING")).json[0]["target"][0]["displayName"],
        "Dee Poll"
    );
    // The log has its own rate-limit budget.
    assert_eq!(first.header("x-rate-limit-limit"), Some("120"));
}

#[test]
fn the_demo_log_holds_the_org_s_history() {
    let (org, _) = demo_org();
    let window = "?since=2021-01-01T00:00:00Z&until=2024-01-01T00:00:00Z&limit=1000";
    let history = logs(&org, window).json;
    let types = event_types(&history);
    for expected in [
        "user.lifecycle.create",
        "user.lifecycle.activate",
        "user.lifecycle.suspend",
        "group.lifecycle.create",
        "group.user_membership.add",
        "policy.rule.activate",
        "user.mfa.factor.activate",
    ] {
        assert!(types.iter().any(|t| t == expected), "{expected}");
    }
    // The IT Director owns the API token.
    assert_eq!(
        history[0]["actor"]["alternateId"],
        "samuel.adeyemi@acmecorp.example"
    );
    assert!(
        history
            .as_array()
            .unwrap()
            .windows(2)
            .all(|pair| pair[0]["published"].as_str() <= pair[1]["published"].as_str())
    );
}

#[test]
fn rules_factors_and_the_log_survive_a_saved_state() {
    let (org, _) = demo_org();
    call(
        &org,
        "POST",
        "/api/v1/users/grace.kim@acmecorp.example/factors",
        Some(json!({ "factorType": "token:software:totp", "provider": "GOOGLE" })),
    );
    let restored = Emulator::builder()
        .state(org.to_json())
        .unwrap()
        .token(TOKEN)
        .clock(Arc::new(ManualClock::at(START).unwrap()))
        .build()
        .unwrap();
    for path in [
        "/api/v1/groups/rules",
        "/api/v1/users/grace.kim@acmecorp.example/factors",
        "/api/v1/logs?since=2021-01-01T00:00:00Z&until=2025-01-01T00:00:00Z&limit=1000",
    ] {
        assert_eq!(
            call(&restored, "GET", path, None).json,
            call(&org, "GET", path, None).json,
            "{path}"
        );
    }
    // A state saved before rules, factors and the log existed still loads, with none of them.
    let mut old = org.to_json();
    for added in ["rules", "factors", "log"] {
        old["org"].as_object_mut().unwrap().remove(added);
    }
    let loaded = Emulator::builder()
        .state(old)
        .unwrap()
        .token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        call(&loaded, "GET", "/api/v1/groups/rules", None).json,
        json!([])
    );
    assert_eq!(
        call(
            &loaded,
            "GET",
            "/api/v1/logs?since=2021-01-01T00:00:00Z&until=2025-01-01T00:00:00Z",
            None
        )
        .json,
        json!([])
    );
}
