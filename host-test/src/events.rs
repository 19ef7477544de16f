//! What the component is doing, as the host sees it: every request it sends and every answer it
//! gets, through the `send_request` hook, without changing the block. An embedder observes a
//! session's events with `Session::observe` (a callback, called on the hook's task, so it must
//! be quick); the CLI's progress line and the page's progress use the same events.

use crate::exchange::ResponseRecord;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One step of a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The component sent its `index`th request (from 1). The URL never carries the token.
    Sent {
        index: usize,
        method: String,
        url: String,
    },
    /// Its answer came: the status, how long it took, and for a page (a JSON array) how many
    /// items it holds.
    Answered {
        index: usize,
        status: u16,
        elapsed: Duration,
        items: Option<usize>,
    },
    /// That answer spent the org's rate limit (a 429, or none left in the window): the block
    /// waits about `wait` before its next request, as it reads the same headers.
    RateLimited { wait: Duration },
    /// The request got no answer (refused by the host's egress, or a transport failure).
    Failed { index: usize, reason: String },
}

/// Receives a session's events.
pub type Observer = Arc<dyn Fn(&Event) + Send + Sync>;

/// How long the block will wait after `response`, if it spent the rate limit: until
/// `X-Rate-Limit-Reset`, by the answer's own clock (`Date`), as the block times it.
pub fn rate_limit_wait(response: &ResponseRecord) -> Option<Duration> {
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    };
    let spent = response.status == 429 || header("x-rate-limit-remaining") == Some("0");
    if !spent {
        return None;
    }
    let reset: u64 = header("x-rate-limit-reset")?.parse().ok()?;
    let now = header("date")
        .and_then(crate::http_date::http_date_epoch)
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    Some(Duration::from_secs(reset.saturating_sub(now)))
}

/// How many items a page holds: the length of a top-level JSON array, or `None` for any
/// other body.
pub fn page_items(body: &[u8]) -> Option<usize> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'[' {
        return None;
    }
    serde_json::from_slice::<Vec<serde::de::IgnoredAny>>(body)
        .ok()
        .map(|items| items.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)]) -> ResponseRecord {
        ResponseRecord {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }

    #[test]
    fn a_spent_window_is_a_wait_until_its_reset_by_the_answers_clock() {
        let date = ("Date", "Sun, 06 Dec 2026 09:00:00 GMT");
        let reset = ("X-Rate-Limit-Reset", "1796547642"); // 42 s after that Date
        let spent = answer(200, &[date, ("X-Rate-Limit-Remaining", "0"), reset]);
        assert_eq!(rate_limit_wait(&spent), Some(Duration::from_secs(42)));
        let limited = answer(429, &[date, reset]);
        assert_eq!(rate_limit_wait(&limited), Some(Duration::from_secs(42)));
        let left = answer(200, &[date, ("X-Rate-Limit-Remaining", "3"), reset]);
        assert_eq!(rate_limit_wait(&left), None);
    }

    #[test]
    fn a_page_counts_its_items_and_nothing_else_does() {
        assert_eq!(page_items(b" [{\"id\":1},{\"id\":2}]"), Some(2));
        assert_eq!(page_items(b"[]"), Some(0));
        assert_eq!(page_items(b"{\"id\":1}"), None);
        assert_eq!(page_items(b"[1,"), None);
    }
}
