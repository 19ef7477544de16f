//! A facade that lets the cargo-fuzz target in `fuzz/` reach the response decoders.
//!
//! **Not for production use.** It is hidden from the docs, is no part of the block's WIT
//! interface, and may change at any time. It exists so that a fuzzer outside the crate can run
//! every decoder the block applies to an answer from Okta on arbitrary input: any panic in them
//! is a finding. It is left out of the component (wasm32), which pays for every byte.

#![cfg(not(target_arch = "wasm32"))]

use crate::client::Success;
use crate::errors::error_from_answer;
use crate::link;
use crate::model::{ActivationLinks, ExpiredPassword, GroupId, OktaGroup, ResetLink, User};
use crate::okta::types::OktaError;
use crate::transport::Headers;
use std::hint::black_box;

/// Runs every decoder the block applies to one answer:
///
/// - [`error_from_answer`], as for a non-2xx answer (whatever `status` is), checking that the
///   status maps to the error case of its class;
/// - JSON decoding of the body as a page of users, one user, a page of groups, one group, the
///   activation and reset-link answers, the expire-password answer and a page of group ids,
///   through the block's own `Success::json` and `Success::json_or_default`;
/// - every mapping of each decoded value (`summary`, `detail`, `written`, `to_wit`);
/// - the `Link` lines (`link::parse`, `next_target`, `after_cursor`) and the rate-limit pause.
///
/// Header entries are kept as given, whatever their bytes, as the runtime's list would be.
/// Panics only on a bug.
pub fn decode_response(status: u16, headers: &[(&str, &[u8])], body: &[u8]) {
    let map = Headers::from(
        headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_vec()))
            .collect::<Vec<_>>(),
    );

    let error = error_from_answer(status, &map, body);
    let class_ok = match status {
        401 => matches!(error, OktaError::Unauthorized(_)),
        403 => matches!(error, OktaError::Forbidden(_)),
        404 => matches!(error, OktaError::NotFound(_)),
        429 => matches!(error, OktaError::RateLimited(_)),
        400..=499 => matches!(error, OktaError::Rejected(_)),
        500..=599 => matches!(error, OktaError::Upstream(_)),
        _ => matches!(error, OktaError::InvalidResponse(_)),
    };
    assert!(class_ok, "status {status} mapped to {error:?}");
    black_box(error);

    let reply = Success {
        status,
        headers: map,
        body: body.to_vec(),
    };
    if let Ok(users) = reply.json::<Vec<User>>() {
        for user in &users {
            black_box(user.summary());
        }
    }
    if let Ok(user) = reply.json::<User>() {
        black_box((user.summary(), user.detail(), user.written()));
    }
    if let Ok(groups) = reply.json::<Vec<OktaGroup>>() {
        for group in &groups {
            black_box(group.to_wit());
        }
    }
    if let Ok(group) = reply.json::<OktaGroup>() {
        black_box(group.to_wit());
    }
    let _ = black_box(reply.json_or_default::<ActivationLinks>());
    let _ = black_box(reply.json_or_default::<ResetLink>());
    let _ = black_box(reply.json_or_default::<ExpiredPassword>());
    let _ = black_box(reply.json::<Vec<GroupId>>());

    let lines = reply.header_values("link");
    for line in &lines {
        black_box(link::parse(line));
    }
    if let Some(target) = link::next_target(lines.iter().copied()) {
        black_box(link::after_cursor(&target));
    }
    black_box(reply.rate_limit_pause());
}

#[cfg(test)]
mod tests {
    use super::decode_response;

    #[test]
    fn runs_on_an_okta_page_and_on_garbage() {
        let link: &[u8] = b"<https://x.okta.com/api/v1/users?after=00u2>; rel=\"next\"";
        let page = br#"[{"id":"00u1","status":"ACTIVE","created":null,"profile":{"login":"a"}}]"#;
        decode_response(200, &[("link", link), ("date", b"garbage")], page);
        decode_response(429, &[("x-rate-limit-reset", &[0xff, 0x31])], b"\xff{");
        decode_response(302, &[("location", b"https://evil")], b"");
        decode_response(0, &[("bad name", b"\r\n")], b"");
    }
}
