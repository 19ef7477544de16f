//! Injected faults: delays, truncated bodies, transport failures, 5xx and 429 storms.

use super::*;

#[test]
fn injected_faults_fire_when_and_how_they_are_told() {
    let (org, _) = empty_org();
    org.inject(
        Fault::new(FaultAction::status(503))
            .method("GET")
            .path("/api/v1/users")
            .nth(2),
    );
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 200);
    let second = call(&org, "GET", "/api/v1/users?limit=1", None);
    second.assert_error(503, "E0000010");
    assert!(second.header("x-okta-request-id").is_some());
    assert_eq!(call(&org, "GET", "/api/v1/users", None).status, 200);
    assert_eq!(
        call(&org, "GET", "/api/v1/groups", None).status,
        200,
        "other paths are not matched"
    );
    org.clear_faults();

    // A burst of 429s, with and without the rate-limit headers.
    org.inject(
        Fault::new(FaultAction::TooManyRequests { with_headers: true })
            .path_prefix("/api/v1/groups")
            .next(2),
    );
    for _ in 0..2 {
        let limited = call(&org, "GET", "/api/v1/groups/x", None);
        limited.assert_error(429, "E0000047");
        assert_eq!(limited.header("x-rate-limit-remaining"), Some("0"));
        assert!(limited.header("x-rate-limit-reset").is_some());
    }
    assert_eq!(call(&org, "GET", "/api/v1/groups", None).status, 200);
    org.inject(
        Fault::new(FaultAction::TooManyRequests {
            with_headers: false,
        })
        .next(1),
    );
    let bare = call(&org, "GET", "/api/v1/users", None);
    bare.assert_error(429, "E0000047");
    assert_eq!(bare.header("x-rate-limit-reset"), None);
    assert!(bare.header("Date").is_some());

    // Replacing faults never reach the org.
    org.inject(Fault::new(FaultAction::status(500)).method("POST").next(1));
    call(
        &org,
        "POST",
        "/api/v1/users",
        Some(user_body("Not", "Made", true)),
    )
    .assert_error(500, "E0000009");
    assert_eq!(org.user_count(), 0);

    // Spoiling faults let the request do its work.
    org.inject(
        Fault::new(FaultAction::TruncatedBody)
            .method("POST")
            .next(1),
    );
    let truncated = call(
        &org,
        "POST",
        "/api/v1/users",
        Some(user_body("Half", "Body", true)),
    );
    assert_eq!(truncated.status, 200);
    assert!(
        truncated
            .body
            .as_deref()
            .unwrap()
            .starts_with("{\"id\":\"00u")
    );
    assert!(serde_json::from_str::<Value>(truncated.body.as_deref().unwrap()).is_err());
    assert_eq!(org.user_count(), 1);

    org.inject(Fault::new(FaultAction::Delay(Duration::from_secs(7))).next(1));
    match reply(&org, &request("GET", "/api/v1/users", Some(TOKEN), None)) {
        Reply::Http { response, delay } => {
            assert_eq!(response.status, 200);
            assert_eq!(delay, Some(Duration::from_secs(7)));
        }
        other => panic!("{other:?}"),
    }

    org.inject(Fault::new(FaultAction::HtmlBody { status: 502 }).next(1));
    let html = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(html.status, 502);
    assert!(
        html.header("Content-Type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html.body.unwrap().starts_with("<html>"));

    org.inject(
        Fault::new(FaultAction::Redirect {
            status: 302,
            location: "https://evil.example/api/v1/users".into(),
        })
        .next(1),
    );
    let redirect = call(&org, "GET", "/api/v1/users", None);
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (302, Some("https://evil.example/api/v1/users"))
    );

    org.inject(Fault::new(FaultAction::EmptyOk).next(1));
    let empty = call(&org, "GET", "/api/v1/users", None);
    assert_eq!((empty.status, empty.body), (200, None));

    org.inject(Fault::new(FaultAction::Transport(TransportFault::ConnectionRefused)).next(1));
    assert!(matches!(
        reply(&org, &request("GET", "/api/v1/users", Some(TOKEN), None)),
        Reply::Transport(TransportFault::ConnectionRefused)
    ));
    assert_eq!(
        call(&org, "GET", "/api/v1/users", None).status,
        200,
        "every fault is spent"
    );
}
