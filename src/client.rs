//! Okta requests with Okta's retry rules, and the mapping of every non-success answer to a
//! typed [`OktaError`].
//!
//! A 429 is retried after the window resets, timed by the answer's own `Date` so a skewed
//! clock cannot shorten the wait. 502, 503, 504 and lost connections are retried with jittered
//! backoff, but only for requests that are safe to repeat: a create is never sent twice.

use crate::connection::Connection;
use crate::model::{FromJson, FromObject, Parsed, text};
use crate::okta::types::{ApiError, InvalidResponse, OktaError, RateLimitError};
use crate::redact;
use crate::transport::{self, Answer, Failure, Headers, Outgoing};
use serde_json::{Map, Value};
use std::time::Duration;
use wasi::http::types::{ErrorCode, Method};

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
pub struct Reply {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl Reply {
    /// Decodes the body, or says which answer could not be decoded and why.
    pub fn json<T: FromJson>(&self) -> Result<T, OktaError> {
        let value = serde_json::from_slice(&self.body).map_err(|e| e.to_string());
        value
            .and_then(|Parsed(value)| T::from_json(value))
            .map_err(|e| self.undecodable(e))
    }

    fn undecodable(&self, reason: String) -> OktaError {
        invalid_response(
            self.status,
            &self.headers,
            format!("undecodable JSON body: {reason}"),
        )
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
        let secret = self.connection.token();
        let mut body = read_body(&response).map_err(|e| (self.scrub(e), false))?;
        let Answer {
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
            OktaError::InvalidInput(_) => {}
        }
        error
    }
}

/// The `wasi:http` name of an error code. Hand-written rather than `{:?}`: the derived `Debug`
/// of `ErrorCode` and its payloads costs the component kilobytes for a message seen rarely.
fn error_code_name(code: &ErrorCode) -> &'static str {
    match code {
        ErrorCode::DnsTimeout => "DNS-timeout",
        ErrorCode::DnsError(_) => "DNS-error",
        ErrorCode::DestinationNotFound => "destination-not-found",
        ErrorCode::DestinationUnavailable => "destination-unavailable",
        ErrorCode::DestinationIpProhibited => "destination-IP-prohibited",
        ErrorCode::DestinationIpUnroutable => "destination-IP-unroutable",
        ErrorCode::ConnectionRefused => "connection-refused",
        ErrorCode::ConnectionTerminated => "connection-terminated",
        ErrorCode::ConnectionTimeout => "connection-timeout",
        ErrorCode::ConnectionReadTimeout => "connection-read-timeout",
        ErrorCode::ConnectionWriteTimeout => "connection-write-timeout",
        ErrorCode::ConnectionLimitReached => "connection-limit-reached",
        ErrorCode::TlsProtocolError => "TLS-protocol-error",
        ErrorCode::TlsCertificateError => "TLS-certificate-error",
        ErrorCode::TlsAlertReceived(_) => "TLS-alert-received",
        ErrorCode::HttpRequestDenied => "HTTP-request-denied",
        ErrorCode::HttpRequestLengthRequired => "HTTP-request-length-required",
        ErrorCode::HttpRequestBodySize(_) => "HTTP-request-body-size",
        ErrorCode::HttpRequestMethodInvalid => "HTTP-request-method-invalid",
        ErrorCode::HttpRequestUriInvalid => "HTTP-request-URI-invalid",
        ErrorCode::HttpRequestUriTooLong => "HTTP-request-URI-too-long",
        ErrorCode::HttpRequestHeaderSectionSize(_) => "HTTP-request-header-section-size",
        ErrorCode::HttpRequestHeaderSize(_) => "HTTP-request-header-size",
        ErrorCode::HttpRequestTrailerSectionSize(_) => "HTTP-request-trailer-section-size",
        ErrorCode::HttpRequestTrailerSize(_) => "HTTP-request-trailer-size",
        ErrorCode::HttpResponseIncomplete => "HTTP-response-incomplete",
        ErrorCode::HttpResponseHeaderSectionSize(_) => "HTTP-response-header-section-size",
        ErrorCode::HttpResponseHeaderSize(_) => "HTTP-response-header-size",
        ErrorCode::HttpResponseBodySize(_) => "HTTP-response-body-size",
        ErrorCode::HttpResponseTrailerSectionSize(_) => "HTTP-response-trailer-section-size",
        ErrorCode::HttpResponseTrailerSize(_) => "HTTP-response-trailer-size",
        ErrorCode::HttpResponseTransferCoding(_) => "HTTP-response-transfer-coding",
        ErrorCode::HttpResponseContentCoding(_) => "HTTP-response-content-coding",
        ErrorCode::HttpResponseTimeout => "HTTP-response-timeout",
        ErrorCode::HttpUpgradeFailed => "HTTP-upgrade-failed",
        ErrorCode::HttpProtocolError => "HTTP-protocol-error",
        ErrorCode::LoopDetected => "loop-detected",
        ErrorCode::ConfigurationError => "configuration-error",
        ErrorCode::InternalError(_) => "internal-error",
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

fn read_body(response: &Answer) -> Result<Vec<u8>, OktaError> {
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

/// Okta's error body. Every field is optional: proxies and outages answer with other shapes.
#[derive(Default)]
struct ErrorBody {
    error_code: Option<String>,
    error_summary: Option<String>,
    /// The `errorSummary` of each cause that has one.
    error_causes: Vec<Option<String>>,
}

impl FromObject for ErrorBody {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let error_causes = match o.remove("errorCauses") {
            None => Vec::new(),
            Some(Value::Array(causes)) => causes
                .into_iter()
                .map(|cause| match cause {
                    Value::Object(mut cause) => text(&mut cause, "errorSummary"),
                    _ => Err("an error cause is not an object".into()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("field `errorCauses` is not an array".into()),
        };
        Ok(Self {
            error_code: text(o, "errorCode")?,
            error_summary: text(o, "errorSummary")?,
            error_causes,
        })
    }
}

fn request_id(headers: &Headers) -> Option<String> {
    headers.get("x-okta-request-id").map(str::to_string)
}

fn invalid_response(status: u16, headers: &Headers, reason: String) -> OktaError {
    OktaError::InvalidResponse(InvalidResponse {
        status,
        reason,
        request_id: request_id(headers),
    })
}

/// `X-Rate-Limit-Reset` as epoch seconds.
fn reset_at(headers: &Headers) -> Option<u64> {
    headers.get("x-rate-limit-reset")?.trim().parse().ok()
}

/// Seconds until the rate-limit window resets, by the answer's own `Date`, plus one.
fn seconds_until_reset(headers: &Headers) -> Option<u64> {
    let now = http_date_epoch(headers.get("date")?)?;
    // Saturating: a reset of u64::MAX with a `Date` of the epoch must not overflow.
    Some(reset_at(headers)?.saturating_sub(now).saturating_add(1))
}

/// Maps a non-2xx answer to the error case a workflow can act on.
pub fn error_from_answer(status: u16, headers: &Headers, body: &[u8]) -> OktaError {
    if (300..400).contains(&status) {
        let location = headers.get("location").unwrap_or("nowhere");
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

fn api_error(status: u16, headers: &Headers, body: &[u8]) -> ApiError {
    let parsed = serde_json::from_slice(body)
        .ok()
        .and_then(|Parsed(value)| ErrorBody::from_json(value).ok());
    let (error_code, error_summary, error_causes) = match parsed {
        Some(body) if body.error_code.is_some() || body.error_summary.is_some() => (
            body.error_code,
            body.error_summary,
            body.error_causes.into_iter().flatten().collect(),
        ),
        // Not Okta's JSON (an HTML error page from a proxy, say): describe it instead.
        _ => {
            let kind = headers.get("content-type").unwrap_or("no content type");
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

/// Reads an HTTP `Date` header as epoch seconds, in the three forms RFC 9110 asks recipients to
/// accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37
/// GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). The date must exist, lie in 1970..=9999 and
/// fall on the weekday it names. (A hand parser: the `httpdate` crate cost the component 7 KB.)
pub fn http_date_epoch(value: &str) -> Option<u64> {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let s = value.trim().as_bytes();
    let num = |digits: &[u8]| {
        digits.iter().try_fold(0u64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
        })
    };
    let month = |name: &[u8]| {
        MONTHS
            .chunks(3)
            .position(|m| m == name)
            .map(|i| i as u64 + 1)
    };
    // (weekday as written, day, month, year, "HH:MM:SS")
    let (weekday, day, mon, year, time): (&[u8], _, _, _, &[u8]) = if s.len() == 29 {
        if &s[3..5] != b", " || s[7] != b' ' || s[11] != b' ' || s[16] != b' ' {
            return None;
        }
        if &s[25..] != b" GMT" {
            return None;
        }
        (
            &s[..3],
            num(&s[5..7])?,
            month(&s[8..11])?,
            num(&s[12..16])?,
            &s[17..25],
        )
    } else if s.len() == 24 && s[3] == b' ' && s[7] == b' ' && s[10] == b' ' && s[19] == b' ' {
        let day = if s[8] == b' ' { &s[9..10] } else { &s[8..10] };
        (
            &s[..3],
            num(day)?,
            month(&s[4..7])?,
            num(&s[20..24])?,
            &s[11..19],
        )
    } else {
        let comma = s.iter().position(|&c| c == b',')?;
        let (name, r) = s.split_at(comma);
        if r.len() != 24 || &r[..2] != b", " || r[4] != b'-' || r[8] != b'-' || r[11] != b' ' {
            return None;
        }
        if &r[20..] != b" GMT" || !DAYS.iter().any(|d| d.as_bytes() == name) {
            return None;
        }
        let yy = num(&r[9..11])?;
        let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
        (
            &name[..3],
            num(&r[2..4])?,
            month(&r[5..8])?,
            year,
            &r[12..20],
        )
    };
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (hour, min, sec) = (num(&time[..2])?, num(&time[3..5])?, num(&time[6..])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match mon {
        2 => 28 + u64::from(leap),
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1970..=9999).contains(&year) || day == 0 || day > month_days {
        return None;
    }
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    // Days since the epoch (Howard Hinnant's days_from_civil, for years from 1970 on).
    let y = if mon <= 2 { year - 1 } else { year };
    let doy = (153 * ((mon + 9) % 12) + 2) / 5 + day - 1;
    let doe = (y % 400) * 365 + (y % 400) / 4 - (y % 400) / 100 + doy;
    let days = (y / 400) * 146_097 + doe - 719_468;
    // 1970-01-01 was a Thursday.
    if DAYS[((days + 3) % 7) as usize].as_bytes()[..3] != *weekday {
        return None;
    }
    Some(days * 86_400 + hour * 3_600 + min * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::http_date_epoch;
    use std::time::{Duration, UNIX_EPOCH};

    fn httpdate(value: &str) -> Option<u64> {
        let time = httpdate::parse_http_date(value.trim()).ok()?;
        Some(time.duration_since(UNIX_EPOCH).ok()?.as_secs())
    }

    #[test]
    fn dates_read_as_httpdate_reads_them() {
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 29 Feb 2024 12:00:00 GMT",
            "Wed, 29 Feb 2023 12:00:00 GMT",
            "Wed, 32 Feb 2024 25:61:61 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Wednesday, 01-Jan-69 00:00:00 GMT",
            "Thursday, 01-Jan-70 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:3x GMT",
            "  Sun, 06 Nov 1994 08:49:37 GMT ",
            "not a date",
            "",
            "Sun, 06 Nov 1994 08:49:37 GMTX",
            "Sunday, 06-Nov-94 08:49:37 GMT ",
            "Sund, 06-Nov-94 08:49:37 GMT",
        ] {
            assert_eq!(http_date_epoch(value), httpdate(value), "{value:?}");
        }
        for seconds in (0..253_402_300_799u64).step_by(7_919_999) {
            let text = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
            assert_eq!(http_date_epoch(&text), Some(seconds), "{text}");
        }
    }
}
