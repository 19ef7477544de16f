//! Listing grammars: `search`, `filter` and `q`, as Okta parses and refuses them.

use super::*;

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
