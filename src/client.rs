//! Okta requests with Okta's retry rules; `errors.rs` maps what fails to a typed
//! [`OktaError`].
//!
//! A 429 is retried after the window resets, timed by the answer's own `Date` so a skewed
//! clock cannot shorten the wait. 502, 503, 504 and lost connections are retried with jittered
//! backoff, but only for requests that are safe to repeat: a create is never sent twice.

use crate::connection::Connection;
use crate::errors::{error_code_name, error_from_answer, invalid_response, seconds_until_reset};
use crate::limits::MAX_BODY_BYTES;
use crate::model::FromJson;
use crate::okta::types::{OktaError, RateLimitError};
use crate::redact;
use crate::transport::{self, Failure, Headers, Incoming, Outgoing};
use serde_json::{Map, Value};

/// One object of an answer, as decoding hands it over.
type Object = Map<String, Value>;
use std::time::Duration;
use wasi::http::types::ErrorCode;
pub use wasi::http::types::Method;

const USER_AGENT: &str = concat!("okta-block/", env!("CARGO_PKG_VERSION"));
const READ_CHUNK: u64 = 64 * 1024;
/// The first backoff step for 5xx and transport retries; it doubles each time.
const BACKOFF_BASE: Duration = Duration::from_millis(500);

/// How hard to try.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Per request: connect, first byte, and between bytes.
    pub timeout: Duration,
    /// The most time one operation may spend waiting for rate limits and backoff.
    pub wait_budget: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_retries: crate::limits::DEFAULT_MAX_RETRIES,
            timeout: Duration::from_secs(crate::limits::DEFAULT_TIMEOUT_SECONDS as u64),
            wait_budget: Duration::from_secs(180),
        }
    }
}

/// Whether a request may be sent again after a failure that may have reached Okta.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Repeat {
    /// Repeating it changes nothing more: reads, updates, memberships, suspend, deactivate.
    Safe,
    /// Repeating it could do more than once: creates, a user DELETE (the second one deletes
    /// for good), and calls that mint a new link or send another email. Only a 429, which
    /// Okta did not process, is retried.
    Unsafe,
}

/// A successful (2xx) answer.
pub struct Success {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl Success {
    /// Decodes the body, or says which answer could not be decoded and why.
    pub fn json<T: FromJson>(&self) -> Result<T, OktaError> {
        crate::model::parse(&self.body, T::UNREAD)
            .and_then(T::from_json)
            .map_err(|e| self.undecodable(e))
    }

    fn undecodable(&self, reason: String) -> OktaError {
        invalid_response(
            self.status,
            &self.headers,
            format!("undecodable JSON body: {reason}"),
        )
    }

    /// Decodes a page (a JSON array of objects), handing each object to `take`: one decoding
    /// loop for every item type, so each list adds only its own `from_object`.
    pub fn each_object(
        &self,
        unread: &'static [&'static str],
        take: &mut dyn FnMut(&mut Object) -> Result<(), String>,
    ) -> Result<(), OktaError> {
        let items = match crate::model::parse(&self.body, unread) {
            Ok(Value::Array(items)) => items,
            Ok(_) => return Err(self.undecodable("expected a JSON array".into())),
            Err(reason) => return Err(self.undecodable(reason)),
        };
        for item in items {
            let Value::Object(mut object) = item else {
                return Err(self.undecodable("expected a JSON object".into()));
            };
            take(&mut object).map_err(|e| self.undecodable(e))?;
        }
        Ok(())
    }

    /// Decodes a body that may legitimately be empty (204, or 200 `{}`), as `T::default()`.
    pub fn json_or_default<T: FromJson + Default>(&self) -> Result<T, OktaError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            Ok(T::default())
        } else {
            self.json()
        }
    }

    /// Every value of a header, in order (Okta sends one `Link` line per relation).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers.get_all(name).collect()
    }

    /// How long to pause before the next page when this answer spent the rate limit.
    pub fn rate_limit_pause(&self) -> Option<Duration> {
        let remaining: u64 = self
            .headers
            .get("x-rate-limit-remaining")?
            .trim()
            .parse()
            .ok()?;
        (remaining == 0)
            .then(|| seconds_until_reset(&self.headers))
            .flatten()
            .map(Duration::from_secs)
    }
}

pub struct OktaClient {
    connection: Connection,
    policy: Policy,
    /// Time spent waiting so far in this operation, against the policy's budget.
    waited: std::cell::Cell<Duration>,
}

impl OktaClient {
    pub fn new(connection: Connection, policy: Policy) -> Self {
        Self {
            connection,
            policy,
            waited: std::cell::Cell::new(Duration::ZERO),
        }
    }

    pub fn get(&self, path_and_query: &str) -> Result<Success, OktaError> {
        self.send(Method::Get, path_and_query, None, Repeat::Safe)
    }

    pub fn post(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
        repeat: Repeat,
    ) -> Result<Success, OktaError> {
        self.send(Method::Post, path_and_query, body, repeat)
    }

    pub fn put(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Success, OktaError> {
        self.send(Method::Put, path_and_query, body, Repeat::Safe)
    }

    pub fn delete(&self, path_and_query: &str, repeat: Repeat) -> Result<Success, OktaError> {
        self.send(Method::Delete, path_and_query, None, repeat)
    }

    /// Sends a request whose answer is not read, only its success.
    #[inline(never)]
    pub fn call(
        &self,
        method: Method,
        path_and_query: &str,
        repeat: Repeat,
    ) -> Result<(), OktaError> {
        self.send(method, path_and_query, None, repeat).map(drop)
    }

    /// Waits if the budget allows; says whether it did.
    pub fn pause(&self, duration: Duration) -> bool {
        // Saturating: a 429 whose reset is far in the future must not overflow `Duration`.
        let total = self.waited.get().saturating_add(duration);
        if total > self.policy.wait_budget {
            return false;
        }
        transport::sleep(duration);
        self.waited.set(total);
        true
    }

    /// Sends a request to `/api/v1{path_and_query}`, retrying as the policy and Okta allow.
    /// The path and query must already be encoded (see [`crate::encode`]).
    fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
        repeat: Repeat,
    ) -> Result<Success, OktaError> {
        let body = match body {
            Some(json) => Some(serde_json::to_vec(json).map_err(|e| {
                OktaError::Transport(format!("could not encode the request body: {e}"))
            })?),
            None => None,
        };
        let path = format!("/api/v1{path_and_query}");
        let mut retry_for: Option<String> = None;
        let mut attempt = 0;
        loop {
            let (error, transient) = match self.send_once(
                &method,
                &path,
                body.as_deref(),
                attempt,
                retry_for.as_deref(),
            ) {
                Ok(reply) => return Ok(reply),
                Err(failed) => failed,
            };
            if attempt >= self.policy.max_retries {
                return Err(error);
            }
            let wait = match &error {
                // Okta did not process a rate-limited request, so even a create may go again.
                OktaError::RateLimited(limit) => match limit.retry_after_seconds {
                    Some(seconds) => Duration::from_secs(seconds),
                    None => self.backoff(attempt),
                },
                OktaError::Upstream(api)
                    if repeat == Repeat::Safe && matches!(api.status, 502..=504) =>
                {
                    self.backoff(attempt)
                }
                OktaError::Transport(_) if repeat == Repeat::Safe && transient => {
                    self.backoff(attempt)
                }
                _ => return Err(error),
            };
            if !self.pause(wait) {
                return Err(error);
            }
            if retry_for.is_none() {
                retry_for = request_id_of(&error);
            }
            attempt += 1;
        }
    }

    /// Exponential backoff with full jitter over the upper half: `base * 2^n * [0.5, 1)`.
    fn backoff(&self, attempt: u32) -> Duration {
        let step = BACKOFF_BASE.saturating_mul(1 << attempt.min(10));
        let jitter = 0.5 + (transport::random_u64() % 1000) as f64 / 2000.0;
        step.mul_f64(jitter)
    }

    fn send_once(
        &self,
        method: &Method,
        path: &str,
        body: Option<&[u8]>,
        attempt: u32,
        retry_for: Option<&str>,
    ) -> Result<Success, (OktaError, bool)> {
        let mut headers = vec![
            ("Accept", "application/json".to_string()),
            ("Authorization", self.connection.authorization.clone()),
            ("User-Agent", USER_AGENT.to_string()),
        ];
        match body {
            Some(bytes) => {
                headers.push(("Content-Type", "application/json".to_string()));
                headers.push(("Content-Length", bytes.len().to_string()));
            }
            // Okta answers 411 to a POST or PUT without a length, even an empty one.
            None if matches!(method, Method::Post | Method::Put) => {
                headers.push(("Content-Length", "0".to_string()))
            }
            None => {}
        }
        if attempt > 0 {
            // As Okta's SDKs do, so Okta support can tie the retries to the first request.
            if let Some(id) = retry_for {
                headers.push(("X-Okta-Retry-For", id.to_string()));
            }
            headers.push(("X-Okta-Retry-Count", attempt.to_string()));
        }
        let outgoing = Outgoing {
            method: method.clone(),
            secure: self.connection.secure,
            authority: &self.connection.authority,
            path_and_query: path,
            headers: &headers,
            body,
            timeout: self.policy.timeout,
        };
        let response =
            transport::send(&outgoing).map_err(|f| (self.transport_error(&f), is_transient(&f)))?;
        let secret = self.connection.token();
        let mut body = read_body(&response).map_err(|e| (self.scrub(e), false))?;
        let Incoming {
            status,
            mut headers,
            ..
        } = response;
        // Before anything is read from the answer: nothing derived from it may carry the token.
        headers.clean(secret);
        redact::clean_body(&mut body, secret);
        if std::str::from_utf8(&body).is_err() {
            let reason = "the body is not valid UTF-8, so it is not Okta's JSON".to_string();
            return Err((invalid_response(status, &headers, reason), false));
        }
        match status {
            200..=299 => Ok(Success {
                status,
                headers,
                body,
            }),
            _ => Err((
                self.scrub(error_from_answer(status, &headers, &body)),
                false,
            )),
        }
    }

    /// Describes a failure to get any answer, naming the host but never the request headers.
    fn transport_error(&self, failure: &Failure) -> OktaError {
        let host = &self.connection.authority;
        let timeout = self.policy.timeout.as_secs();
        let reason = match failure {
            Failure::Build(reason) => format!("request to {host} failed: {reason}"),
            Failure::Http(code) => match code {
                ErrorCode::HttpRequestDenied => {
                    format!(
                        "the host refused the request to {host}: it is not in the block's allowed egress"
                    )
                }
                ErrorCode::DnsTimeout | ErrorCode::DnsError(_) => {
                    format!("could not resolve {host}")
                }
                ErrorCode::ConnectionRefused => format!("{host} refused the connection"),
                ErrorCode::ConnectionTimeout => {
                    format!("timed out after {timeout} s connecting to {host}")
                }
                ErrorCode::ConnectionReadTimeout | ErrorCode::HttpResponseTimeout => {
                    format!("{host} did not answer within {timeout} s")
                }
                ErrorCode::TlsCertificateError
                | ErrorCode::TlsProtocolError
                | ErrorCode::TlsAlertReceived(_) => {
                    format!("TLS with {host} failed")
                }
                other => match other {
                    ErrorCode::InternalError(Some(detail)) => {
                        format!("request to {host} failed: internal error: {detail}")
                    }
                    _ => format!("request to {host} failed: {}", error_code_name(other)),
                },
            },
        };
        OktaError::Transport(self.scrub_text(reason))
    }

    fn scrub_text(&self, text: String) -> String {
        let token = self.connection.token();
        if text.contains(token) {
            text.replace(token, "[REDACTED]")
        } else {
            text
        }
    }

    /// Removes the token from an error built from Okta's words: a proxy or a misconfigured
    /// gateway may echo the request back, and errors end up in workflow logs.
    fn scrub(&self, mut error: OktaError) -> OktaError {
        let clean = |text: &mut String| *text = self.scrub_text(std::mem::take(text));
        match &mut error {
            OktaError::Unauthorized(api)
            | OktaError::Forbidden(api)
            | OktaError::NotFound(api)
            | OktaError::Rejected(api)
            | OktaError::Upstream(api)
            | OktaError::RateLimited(RateLimitError { error: api, .. }) => {
                api.error_summary.iter_mut().for_each(clean);
                api.error_code.iter_mut().for_each(clean);
                api.error_causes.iter_mut().for_each(clean);
                api.request_id.iter_mut().for_each(clean);
            }
            OktaError::InvalidResponse(response) => {
                clean(&mut response.reason);
                response.request_id.iter_mut().for_each(clean);
            }
            OktaError::Transport(reason) => clean(reason),
            OktaError::InvalidInput(_) | OktaError::ExecutionFailed => {}
        }
        error
    }
}

/// Whether a failure to get an answer may pass if tried again (only requests that are safe to
/// repeat are). A refused egress, a bad certificate or an unknown host will not.
fn is_transient(failure: &Failure) -> bool {
    matches!(
        failure,
        Failure::Http(
            ErrorCode::ConnectionRefused
                | ErrorCode::ConnectionTerminated
                | ErrorCode::ConnectionTimeout
                | ErrorCode::ConnectionReadTimeout
                | ErrorCode::ConnectionWriteTimeout
                | ErrorCode::DnsTimeout
                | ErrorCode::HttpResponseIncomplete
                | ErrorCode::HttpResponseTimeout
                // What some runtimes report for a connection reset before any answer.
                | ErrorCode::HttpProtocolError
        )
    )
}

fn request_id_of(error: &OktaError) -> Option<String> {
    match error {
        OktaError::RateLimited(RateLimitError { error: api, .. }) | OktaError::Upstream(api) => {
            api.request_id.clone()
        }
        _ => None,
    }
}

fn read_body(response: &Incoming) -> Result<Vec<u8>, OktaError> {
    let (status, headers) = (response.status, &response.headers);
    let mut body = Vec::new();
    loop {
        match response.chunk(READ_CHUNK) {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(invalid_response(
                        status,
                        headers,
                        format!("response body exceeds {MAX_BODY_BYTES} bytes"),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => {
                return Err(invalid_response(
                    status,
                    headers,
                    format!("response body was cut off: {e}"),
                ));
            }
        }
    }
}
