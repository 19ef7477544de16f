//! Okta requests with Okta's retry rules, and the mapping of every non-success answer to a
//! typed [`OktaError`].
//!
//! A 429 is retried after the window resets, timed by the answer's own `Date` so a skewed
//! clock cannot shorten the wait. 502, 503, 504 and lost connections are retried with jittered
//! backoff, but only for requests that are safe to repeat: a create is never sent twice.

use crate::connection::Connection;
use crate::okta::types::{ApiError, InvalidResponse, OktaError, RateLimitError};
use crate::transport::{self, Failure, Outgoing};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::time::Duration;
use waki::header::HeaderMap;
use waki::{ErrorCode, Method};

const USER_AGENT: &str = concat!("okta-block/", env!("CARGO_PKG_VERSION"));
/// Okta's largest pages are a few megabytes; anything far beyond is not an Okta answer.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
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
            max_retries: 2,
            timeout: Duration::from_secs(30),
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
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// Decodes the body, or says which answer could not be decoded and why.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, OktaError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            invalid_response(
                self.status,
                &self.headers,
                format!("undecodable JSON body: {e}"),
            )
        })
    }

    /// Decodes a body that may legitimately be empty (204, or 200 `{}`), as `T::default()`.
    pub fn json_or_default<T: DeserializeOwned + Default>(&self) -> Result<T, OktaError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            Ok(T::default())
        } else {
            self.json()
        }
    }

    /// Every value of a header, in order (Okta sends one `Link` line per relation).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// How long to pause before the next page when this answer spent the rate limit.
    pub fn rate_limit_pause(&self) -> Option<Duration> {
        let remaining: u64 = header(&self.headers, "x-rate-limit-remaining")?
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

    pub fn get(&self, path_and_query: &str) -> Result<Reply, OktaError> {
        self.send(Method::Get, path_and_query, None, Repeat::Safe)
    }

    pub fn post(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
        repeat: Repeat,
    ) -> Result<Reply, OktaError> {
        self.send(Method::Post, path_and_query, body, repeat)
    }

    pub fn put(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, OktaError> {
        self.send(Method::Put, path_and_query, body, Repeat::Safe)
    }

    pub fn delete(&self, path_and_query: &str, repeat: Repeat) -> Result<Reply, OktaError> {
        self.send(Method::Delete, path_and_query, None, repeat)
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
    ) -> Result<Reply, OktaError> {
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
    ) -> Result<Reply, (OktaError, bool)> {
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
        let status = response.status_code();
        let headers = response.headers().clone();
        let body = read_body(&response, status, &headers).map_err(|e| (e, false))?;
        match status {
            200..=299 => Ok(Reply {
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
                other => format!("request to {host} failed: {other:?}"),
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
            }
            OktaError::InvalidResponse(response) => clean(&mut response.reason),
            OktaError::Transport(reason) => clean(reason),
            OktaError::InvalidInput(_) => {}
        }
        error
    }
}

/// Whether a failure to get an answer may pass if tried again. A refused egress, a bad
/// certificate or an unknown host will not.
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

fn read_body(
    response: &waki::Response,
    status: u16,
    headers: &HeaderMap,
) -> Result<Vec<u8>, OktaError> {
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

/// Okta's error body. Every field is optional: proxies and outages answer with other shapes.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    error_code: Option<String>,
    error_summary: Option<String>,
    #[serde(default)]
    error_causes: Vec<ErrorCause>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorCause {
    error_summary: Option<String>,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    header(headers, "x-okta-request-id").map(str::to_string)
}

fn invalid_response(status: u16, headers: &HeaderMap, reason: String) -> OktaError {
    OktaError::InvalidResponse(InvalidResponse {
        status,
        reason,
        request_id: request_id(headers),
    })
}

/// `X-Rate-Limit-Reset` as epoch seconds.
fn reset_at(headers: &HeaderMap) -> Option<u64> {
    header(headers, "x-rate-limit-reset")?.trim().parse().ok()
}

/// Seconds until the rate-limit window resets, by the answer's own `Date`, plus one.
fn seconds_until_reset(headers: &HeaderMap) -> Option<u64> {
    let now = http_date_epoch(header(headers, "date")?)?;
    // Saturating: a reset of u64::MAX with a `Date` of the epoch must not overflow.
    Some(reset_at(headers)?.saturating_sub(now).saturating_add(1))
}

/// Maps a non-2xx answer to the error case a workflow can act on.
pub fn error_from_answer(status: u16, headers: &HeaderMap, body: &[u8]) -> OktaError {
    if (300..400).contains(&status) {
        let location = header(headers, "location").unwrap_or("nowhere");
        return invalid_response(
            status,
            headers,
            format!("Okta redirected to {location}; the block never follows redirects"),
        );
    }
    let api = api_error(status, headers, body);
    match status {
        401 => OktaError::Unauthorized(api),
        403 => OktaError::Forbidden(api),
        404 => OktaError::NotFound(api),
        429 => OktaError::RateLimited(RateLimitError {
            error: api,
            reset_at: reset_at(headers),
            retry_after_seconds: seconds_until_reset(headers),
        }),
        500..=599 => OktaError::Upstream(api),
        400..=499 => OktaError::Rejected(api),
        _ => invalid_response(status, headers, format!("unexpected HTTP status {status}")),
    }
}

fn api_error(status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let (error_code, error_summary, error_causes) = match parsed {
        Some(body) if body.error_code.is_some() || body.error_summary.is_some() => (
            body.error_code,
            body.error_summary,
            body.error_causes
                .into_iter()
                .filter_map(|c| c.error_summary)
                .collect(),
        ),
        // Not Okta's JSON (an HTML error page from a proxy, say): describe it instead.
        _ => {
            let kind = header(headers, "content-type").unwrap_or("no content type");
            let summary = if body.is_empty() {
                format!("HTTP {status} with an empty body")
            } else {
                format!("HTTP {status} with a body that is not Okta's JSON ({kind})")
            };
            (None, Some(summary), Vec::new())
        }
    };
    ApiError {
        status,
        error_code,
        error_summary,
        error_causes,
        request_id: request_id(headers),
    }
}

/// Reads an HTTP `Date` header as epoch seconds.
fn http_date_epoch(value: &str) -> Option<u64> {
    let time = httpdate::parse_http_date(value.trim()).ok()?;
    time.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}
