//! Answers from a recorded transcript (the format of `host-test/tests/recordings`), in order.
//!
//! Each request must be the one the transcript holds next: the same method and path, and every
//! query parameter the recording has, with the same value (the block may add parameters it
//! always sends, such as `sendEmail=false`). Paths and values are compared decoded, so `%40`
//! and `@`, `%20` and `+` match. The host may differ, so a transcript recorded on one org
//! replays against any domain. A request the transcript does not hold next gets a 599 answer
//! that says so, which the component reports as an upstream error and the CLI as a failure.

use crate::exchange::{Interaction, Reply, RequestRecord, Transcript};
use crate::upstream::Responder;
use anyhow::{Context, Result};
use serde_json::json;
use std::path::Path;
use std::sync::Mutex;

pub struct Replay {
    interactions: Vec<Interaction>,
    next: Mutex<usize>,
    mismatches: Mutex<Vec<String>>,
}

impl Replay {
    pub fn new(transcript: Transcript) -> Self {
        Self {
            interactions: transcript.interactions,
            next: Mutex::new(0),
            mismatches: Mutex::new(Vec::new()),
        }
    }

    pub fn from_file(path: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let transcript: Transcript = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a transcript", path.display()))?;
        Ok(Self::new(transcript))
    }

    /// Interactions not yet replayed.
    pub fn remaining(&self) -> usize {
        self.interactions.len() - *self.next.lock().unwrap()
    }

    /// Requests that did not match the transcript, described.
    pub fn mismatches(&self) -> Vec<String> {
        self.mismatches.lock().unwrap().clone()
    }

    /// The host of the transcript's first request, a sensible domain to replay against.
    pub fn recorded_host(&self) -> Option<String> {
        let url = &self.interactions.first()?.request.url;
        let rest = url.split_once("://")?.1;
        Some(rest.split('/').next()?.to_string())
    }
}

impl Responder for Replay {
    fn respond(&self, request: &RequestRecord) -> Reply {
        let mut next = self.next.lock().unwrap();
        if let Some(expected) = self
            .interactions
            .get(*next)
            .filter(|e| matches(&e.request, request))
        {
            *next += 1;
            return Reply::Http {
                response: expected.response.clone(),
                delay: None,
            };
        }
        let problem = match self.interactions.get(*next) {
            Some(expected) => format!(
                "the transcript expects {} {} as request {}, not {} {}",
                expected.request.method,
                expected.request.path_and_query(),
                *next + 1,
                request.method,
                request.path_and_query()
            ),
            None => format!(
                "the transcript has no request left for {} {} (it holds {})",
                request.method,
                request.path_and_query(),
                self.interactions.len()
            ),
        };
        self.mismatches.lock().unwrap().push(problem.clone());
        Reply::json(
            599,
            &json!({ "errorCode": "REPLAY_MISMATCH", "errorSummary": problem, "errorCauses": [] }),
        )
    }
}

/// Whether a request is the recorded one: same method, same decoded path, and every recorded
/// query parameter present with the same decoded value.
fn matches(recorded: &RequestRecord, actual: &RequestRecord) -> bool {
    if !recorded.method.eq_ignore_ascii_case(&actual.method) {
        return false;
    }
    let (recorded_path, recorded_query) = split(recorded.path_and_query());
    let (actual_path, actual_query) = split(actual.path_and_query());
    recorded_path == actual_path
        && recorded_query
            .iter()
            .all(|pair| actual_query.contains(pair))
}

/// A decoded path and its decoded query pairs.
fn split(path_and_query: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    (decode(path), pairs)
}

/// Percent-decoding that reads `+` as a space; invalid escapes are kept as they are.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
