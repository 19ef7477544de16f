//! Property tests of mapping non-2xx answers to typed errors.

use super::json::any_json;
use super::*;

/// Latest time `httpdate` can format: the end of year 9999.
const MAX_HTTP_DATE: u64 = 253_402_300_799;

fn http_date(seconds: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds))
}

fn header_entry() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        4 => select(&[
            "x-rate-limit-reset",
            "X-Rate-Limit-Reset",
            "date",
            "location",
            "content-type",
            "x-okta-request-id",
            "x-rate-limit-remaining",
            "link",
        ][..])
        .prop_map(String::from),
        1 => "[a-zA-Z][a-zA-Z0-9-]{0,12}",
    ];
    let value = prop_oneof![
        any::<u64>().prop_map(|n| n.to_string().into_bytes()),
        Just(u64::MAX.to_string().into_bytes()),
        Just(b" 1598552525 ".to_vec()),
        (0..=MAX_HTTP_DATE).prop_map(|s| http_date(s).into_bytes()),
        (0..=120u64).prop_map(|s| http_date(s).into_bytes()),
        Just(b"Thu, 01 Jan 1970 00:00:00 GMT".to_vec()),
        Just(b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec()),
        Just(b"Sunday, 06-Nov-94 08:49:37 GMT".to_vec()),
        Just(b"Fri, 31 Dec 9999 23:59:59 GMT".to_vec()),
        Just(b"Wed, 32 Feb 2024 25:61:61 GMT".to_vec()),
        Just(b"not a date".to_vec()),
        "[ -~]{0,40}".prop_map(String::into_bytes),
        vec(any::<u8>(), 0..40),
        vec(128..=255u8, 1..10),
    ];
    (name, value)
}

/// `Date` and `X-Rate-Limit-Reset`, each maybe absent, biased to the edges of their ranges.
fn rate_limit_headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let date = prop_oneof![
        Just(0u64),
        0..=120u64,
        1_500_000_000..=2_000_000_000u64,
        0..=MAX_HTTP_DATE,
    ];
    let reset = prop_oneof![
        Just(u64::MAX),
        any::<u64>(),
        1_500_000_000..=2_000_000_000u64,
    ];
    (proptest::option::of(date), proptest::option::of(reset)).prop_map(|(date, reset)| {
        let mut headers = Vec::new();
        if let Some(date) = date {
            headers.push(("date".to_string(), http_date(date).into_bytes()));
        }
        if let Some(reset) = reset {
            headers.push((
                "x-rate-limit-reset".to_string(),
                reset.to_string().into_bytes(),
            ));
        }
        headers
    })
}

/// Any status, with the ones the block treats specially more often.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => 100..=599u16,
        2 => select(&[301, 302, 400, 401, 403, 404, 405, 409, 429, 500, 502, 503, 504][..]),
    ]
}

/// Headers as the runtime's list delivers them: every entry, in order.
fn header_map(entries: &[(String, Vec<u8>)]) -> Headers {
    Headers::from(entries.to_vec())
}

fn error_body() -> impl Strategy<Value = Vec<u8>> {
    let text = || {
        prop_oneof![
            Just(Value::Null),
            any::<String>().prop_map(Value::String),
            any_json()
        ]
    };
    let cause = proptest::option::of(text()).prop_map(|summary| {
        let mut cause = Map::new();
        if let Some(summary) = summary {
            cause.insert("errorSummary".into(), summary);
        }
        Value::Object(cause)
    });
    let okta = (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(prop_oneof![
            vec(cause, 0..3).prop_map(Value::Array),
            any_json()
        ]),
    )
        .prop_map(|(code, summary, causes)| {
            let mut body = Map::new();
            for (name, value) in [
                ("errorCode", code),
                ("errorSummary", summary),
                ("errorCauses", causes),
            ] {
                if let Some(value) = value {
                    body.insert(name.into(), value);
                }
            }
            serde_json::to_vec(&Value::Object(body)).expect("JSON")
        });
    prop_oneof![
        3 => okta,
        1 => Just(Vec::new()),
        1 => Just(b"<html><body>502 Bad Gateway</body></html>".to_vec()),
        2 => vec(any::<u8>(), 0..200),
        1 => any_json().prop_map(|v| serde_json::to_vec(&v).expect("JSON")),
    ]
}

/// The first value of `name` that is visible ASCII, as the block reads headers.
fn first_header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.get(name)
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any status from 100 to 599 with any headers and body maps, without panicking, to the
    /// error case of its class, carrying that status and the request id; a 429 carries the
    /// reset time and a wait of at least one second whenever the answer dates itself.
    #[test]
    fn answers_map_to_their_error_class(
        status in status(),
        (first, more) in (rate_limit_headers(), vec(header_entry(), 0..8)),
        body in error_body(),
    ) {
        let headers = header_map(&[first, more].concat());
        let error = error_from_answer(status, &headers, &body);
        let request_id = first_header(&headers, "x-okta-request-id").map(String::from);
        let api = match (status, &error) {
            (401, OktaError::Unauthorized(api))
            | (403, OktaError::Forbidden(api))
            | (404, OktaError::NotFound(api))
            | (500..=599, OktaError::Upstream(api)) => api,
            (429, OktaError::RateLimited(limit)) => {
                let reset = first_header(&headers, "x-rate-limit-reset")
                    .and_then(|v| v.trim().parse::<u64>().ok());
                prop_assert_eq!(limit.reset_at, reset);
                let now = first_header(&headers, "date")
                    .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
                match (reset, now) {
                    (Some(reset), Some(now)) => prop_assert_eq!(
                        limit.retry_after_seconds,
                        Some(reset.saturating_sub(now.as_secs()).saturating_add(1))
                    ),
                    _ => prop_assert_eq!(limit.retry_after_seconds, None),
                }
                &limit.error
            }
            (400..=499, OktaError::Rejected(api)) if !matches!(status, 401 | 403 | 404 | 429) => {
                api
            }
            (100..=399, OktaError::InvalidResponse(response)) => {
                prop_assert_eq!(response.status, status);
                prop_assert_eq!(&response.request_id, &request_id);
                return Ok(());
            }
            _ => {
                return Err(TestCaseError::fail(format!("status {status} mapped to {error:?}")));
            }
        };
        prop_assert_eq!(api.status, status);
        prop_assert_eq!(&api.request_id, &request_id);
        prop_assert!(api.error_summary.is_some() || api.error_code.is_some());
    }
}

/// A 429 dated at the epoch with the largest reset used to overflow `reset - now + 1`.
#[test]
fn rate_limit_reset_at_the_end_of_time_does_not_overflow() {
    let headers = header_map(&[
        ("date".into(), http_date(0).into_bytes()),
        (
            "x-rate-limit-reset".into(),
            u64::MAX.to_string().into_bytes(),
        ),
    ]);
    match error_from_answer(429, &headers, b"") {
        OktaError::RateLimited(limit) => {
            assert_eq!(limit.reset_at, Some(u64::MAX));
            assert_eq!(limit.retry_after_seconds, Some(u64::MAX));
        }
        other => panic!("{other:?}"),
    }
}
