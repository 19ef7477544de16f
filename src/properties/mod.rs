//! Property tests for everything the block reads from untrusted text: Okta's `Link` headers,
//! the URL encoding of user input, the `domain` field, Okta's user and group JSON, and non-2xx
//! answers.
//!
//! Each property runs the case count given to [`config`] (256 to 1000); set `PROPTEST_CASES`
//! to run more, e.g. `PROPTEST_CASES=100000 cargo test -p okta-block properties`.

mod answers;
mod domains;
mod json;
mod links;
mod urls;

use crate::client::Success;
use crate::connection::parse_origin;
use crate::encode::{decode, path_segment, query_string, query_value};
use crate::errors::error_from_answer;
use crate::link::{self, after_cursor, next_target};
use crate::model::{FromJson, FromObject, OktaGroup, User};
use crate::okta::types::OktaError;
use crate::transport::Headers;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Value};
use std::time::{Duration, UNIX_EPOCH};

/// `cases` per property, unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// `text` with each ASCII letter in either case.
fn any_case(text: &'static str) -> impl Strategy<Value = String> {
    vec(any::<bool>(), text.len()).prop_map(move |upper| {
        text.chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// Strings made mostly of the given pieces, plus any string at all.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vec(select(parts), 0..max).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}
