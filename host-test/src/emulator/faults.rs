//! Fault injection for tests: rules that make chosen requests fail in chosen ways.
//!
//! A [`Fault`] matches requests by method and path, fires on every match, on the n-th match, or
//! on the next n matches, and then does one [`FaultAction`]:
//!
//! ```
//! use okta_block_host::emulator::{Emulator, Fault, FaultAction};
//! let org = Emulator::demo();
//! // The second GET of /api/v1/users answers 503 with Okta's error body.
//! org.inject(Fault::new(FaultAction::status(503)).method("GET").path("/api/v1/users").nth(2));
//! // The next three requests to anything under /api/v1/groups are rate limited.
//! org.inject(Fault::new(FaultAction::TooManyRequests { with_headers: true })
//!     .path_prefix("/api/v1/groups").next(3));
//! ```
//!
//! Actions that replace the answer leave the org untouched; `Delay` and `TruncatedBody` let the
//! request do its work and then spoil how the answer arrives.

use crate::exchange::TransportFault;
use std::time::Duration;

/// What a fault does to a request it fires on.
#[derive(Clone, Debug, PartialEq)]
pub enum FaultAction {
    /// Okta's error JSON with this status, code and summary.
    Error {
        status: u16,
        code: String,
        summary: String,
    },
    /// The real answer, after this long.
    Delay(Duration),
    /// The real answer with its body cut off halfway.
    TruncatedBody,
    /// An HTML page with this status, as a proxy in front of Okta would send.
    HtmlBody { status: u16 },
    /// 429 E0000047, with or without the `X-Rate-Limit-*` headers.
    TooManyRequests { with_headers: bool },
    /// A redirect (301, 302, 307, 308) to this absolute URL.
    Redirect { status: u16, location: String },
    /// 200 with an empty body.
    EmptyOk,
    /// No answer at all.
    Transport(TransportFault),
}

impl FaultAction {
    /// Okta's error for a status: the catalog's code and summary where it has one.
    pub fn status(status: u16) -> Self {
        let (code, summary) = match status {
            400 => ("E0000001", "Api validation failed"),
            401 => ("E0000011", "Invalid token provided"),
            403 => (
                "E0000006",
                "You do not have permission to perform the requested action",
            ),
            404 => ("E0000007", "Not found: Resource not found"),
            405 => (
                "E0000022",
                "The endpoint does not support the provided HTTP method",
            ),
            429 => (
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
            ),
            503 => ("E0000010", "Service is in read only mode"),
            _ => ("E0000009", "Internal Server Error"),
        };
        Self::Error {
            status,
            code: code.into(),
            summary: summary.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum PathPattern {
    Any,
    Exact(String),
    Prefix(String),
}

/// Which of the matching requests a fault fires on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Always,
    /// Only the n-th matching request (1-based).
    Nth(u32),
    /// The next n matching requests.
    Next(u32),
}

/// One fault rule. By default it matches every request and fires every time.
#[derive(Clone, Debug)]
pub struct Fault {
    method: Option<String>,
    path: PathPattern,
    when: When,
    action: FaultAction,
    seen: u32,
    fired: u32,
}

impl Fault {
    pub fn new(action: FaultAction) -> Self {
        Self {
            method: None,
            path: PathPattern::Any,
            when: When::Always,
            action,
            seen: 0,
            fired: 0,
        }
    }

    /// Only requests with this method (any case).
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Only requests to exactly this path (the query is ignored), e.g. `/api/v1/users`.
    pub fn path(mut self, path: &str) -> Self {
        self.path = PathPattern::Exact(path.to_string());
        self
    }

    /// Only requests whose path starts with this.
    pub fn path_prefix(mut self, prefix: &str) -> Self {
        self.path = PathPattern::Prefix(prefix.to_string());
        self
    }

    /// Fire on every matching request (the default).
    pub fn always(mut self) -> Self {
        self.when = When::Always;
        self
    }

    /// Fire only on the n-th matching request, counting from 1.
    pub fn nth(mut self, n: u32) -> Self {
        self.when = When::Nth(n);
        self
    }

    /// Fire on the next n matching requests, then never again.
    pub fn next(mut self, n: u32) -> Self {
        self.when = When::Next(n);
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && match &self.path {
                PathPattern::Any => true,
                PathPattern::Exact(exact) => path == exact,
                PathPattern::Prefix(prefix) => path.starts_with(prefix.as_str()),
            }
    }
}

/// The faults in force, in the order they were injected.
#[derive(Default)]
pub struct Faults {
    rules: Vec<Fault>,
}

impl Faults {
    pub fn add(&mut self, fault: Fault) {
        self.rules.push(fault);
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// Counts the request against every rule it matches and returns the action of the first
    /// rule that fires.
    pub fn select(&mut self, method: &str, path: &str) -> Option<FaultAction> {
        let mut chosen = None;
        for rule in &mut self.rules {
            if !rule.matches(method, path) {
                continue;
            }
            rule.seen += 1;
            let fires = match rule.when {
                When::Always => true,
                When::Nth(n) => rule.seen == n,
                When::Next(n) => rule.fired < n,
            };
            if fires && chosen.is_none() {
                rule.fired += 1;
                chosen = Some(rule.action.clone());
            }
        }
        chosen
    }
}
