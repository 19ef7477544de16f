//! Who answers the component's requests: an in-process responder (stub, replay, emulator) or
//! the real network.

use crate::exchange::{Reply, RequestRecord};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Answers requests in-process. The request carries the real credential, so that an emulator can
/// check it; only redacted copies are ever stored.
pub trait Responder: Send + Sync {
    fn respond(&self, request: &RequestRecord) -> Reply;

    /// How long the request travels before it is answered: the hook (or `serve`) waits this
    /// long and only then asks for the answer, so a waiting request holds no answer, as with a
    /// distant org. A [`Reply`]'s own `delay` is for an answer made now and sent late.
    fn latency(&self) -> Option<Duration> {
        None
    }
}

/// A fixed script of replies, one per request in order. A request past the end of the script
/// gets a 599 reply that names the fact, so a test sees the mistake rather than hanging.
#[derive(Default)]
pub struct Script {
    replies: Mutex<VecDeque<Reply>>,
}

impl Script {
    pub fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Self {
            replies: Mutex::new(replies.into_iter().collect()),
        }
    }

    /// Replies not yet used.
    pub fn remaining(&self) -> usize {
        self.replies.lock().unwrap().len()
    }
}

impl Responder for Script {
    fn respond(&self, request: &RequestRecord) -> Reply {
        self.replies.lock().unwrap().pop_front().unwrap_or_else(|| {
            Reply::json(
                599,
                &serde_json::json!({
                    "errorCode": "SCRIPT_EXHAUSTED",
                    "errorSummary": format!("the test script has no reply for {} {}", request.method, request.path_and_query()),
                }),
            )
        })
    }
}

/// Answers as `inner` does, `delay` later: an org at a realistic distance (Okta's API answers in
/// tens of milliseconds from a cloud region). The wait is the hook's (or `serve`'s) timer, so
/// a waiting request holds no thread, and it comes before the answer is made, so a waiting
/// request holds no answer either.
pub struct Latency {
    pub inner: Arc<dyn Responder>,
    pub delay: Duration,
}

impl Responder for Latency {
    fn respond(&self, request: &RequestRecord) -> Reply {
        self.inner.respond(request)
    }

    fn latency(&self) -> Option<Duration> {
        Some(self.inner.latency().unwrap_or_default() + self.delay)
    }
}
