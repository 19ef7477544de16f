//! Answers from a recorded transcript (the `shared/okta-recordings` format), in order.
//!
//! Each request must be the one the transcript holds next: same method, same path and query
//! (the host may differ, so a transcript recorded on one org replays against any domain). A
//! request the transcript does not hold gets a 599 answer that says so, which the component
//! reports as an upstream error and the CLI as a failure.

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
        let problem = match self.interactions.get(*next) {
            Some(expected)
                if expected
                    .request
                    .method
                    .eq_ignore_ascii_case(&request.method)
                    && same_target(expected.request.path_and_query(), request.path_and_query()) =>
            {
                *next += 1;
                return Reply::Http {
                    response: expected.response.clone(),
                    delay: None,
                };
            }
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

/// Compares path and query, reading `+` and `%20` in queries alike: recorders differ in which
/// they write for a space.
fn same_target(recorded: &str, actual: &str) -> bool {
    let normalize = |s: &str| s.replace('+', "%20");
    recorded == actual || normalize(recorded) == normalize(actual)
}
