//! Rate limits, authentication and the headers Okta sends.

use super::*;

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
    // okta-sdk-python 3.x sends `SSWS<token>` with no space, and Okta takes it; a wrong token
    // glued on the same way is still refused.
    let glued = |token: &str| RequestRecord {
        headers: vec![("Authorization".into(), format!("SSWS{token}"))],
        ..request("GET", "/api/v1/users", None, None)
    };
    assert_eq!(send(&org, glued(TOKEN)).status, 200);
    send(&org, glued("wrong")).assert_error(401, "E0000011");
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
        for (name, value) in [
            ("Cache-Control", "no-cache, no-store"),
            ("Pragma", "no-cache"),
            ("Expires", "0"),
            ("Vary", "Accept-Encoding"),
            ("X-Content-Type-Options", "nosniff"),
            (
                "Strict-Transport-Security",
                "max-age=315360000; includeSubDomains",
            ),
        ] {
            assert_eq!(answer.header(name), Some(value), "{name}");
        }
    }
    // Request ids are unique across runs, as Okta's are: two orgs built alike never share one.
    let (one, _) = empty_org();
    let (other, _) = empty_org();
    assert_ne!(
        call(&one, "GET", "/api/v1/users", None).header("x-okta-request-id"),
        call(&other, "GET", "/api/v1/users", None).header("x-okta-request-id")
    );
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
    call(&org, "GET", "/api/v1/brands", None).assert_error(404, "E0000008");
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
