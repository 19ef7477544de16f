//! Saving and restoring an org, and the seeded demo and generated orgs.

use super::*;

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
