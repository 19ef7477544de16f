//! One HTTP exchange with Okta over `wasi:http` (through waki), and the mapping of every
//! non-success answer to a typed [`OktaError`].

use crate::connection::Connection;
use crate::okta::types::{ApiError, InvalidResponse, OktaError, RateLimitError};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use waki::header::HeaderMap;
use waki::{Client, ErrorCode, Method};

const USER_AGENT: &str = concat!("okta-block/", env!("CARGO_PKG_VERSION"));
/// Okta's largest pages are a few megabytes; anything far beyond is not an Okta answer.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
const READ_CHUNK: u64 = 64 * 1024;

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
}

pub struct OktaClient {
    connection: Connection,
}

impl OktaClient {
    pub fn new(connection: Connection) -> Self {
        Self { connection }
    }

    /// Removes the token from an error built from Okta's words: a proxy or a misconfigured
    /// gateway may echo the request back, and errors end up in workflow logs.
    fn scrub(&self, error: OktaError) -> OktaError {
        let token = self.connection.token();
        let clean = |text: &mut String| {
            if text.contains(token) {
                *text = text.replace(token, "[REDACTED]");
            }
        };
        let mut error = error;
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

    pub fn get(&self, path_and_query: &str) -> Result<Reply, OktaError> {
        self.send(Method::Get, path_and_query, None)
    }

    pub fn post(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, OktaError> {
        self.send(Method::Post, path_and_query, body)
    }

    pub fn put(
        &self,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, OktaError> {
        self.send(Method::Put, path_and_query, body)
    }

    pub fn delete(&self, path_and_query: &str) -> Result<Reply, OktaError> {
        self.send(Method::Delete, path_and_query, None)
    }

    /// Sends one request to `{api_base}{path_and_query}`. The path and query must already be
    /// encoded (see [`crate::encode`]).
    fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, OktaError> {
        let url = format!("{}{}", self.connection.api_base, path_and_query);
        let has_body_semantics = matches!(method, Method::Post | Method::Put);
        let mut request = Client::new()
            .request(method, &url)
            .header("Accept", "application/json")
            .header("Authorization", self.connection.authorization.as_str())
            .header("User-Agent", USER_AGENT);
        match body {
            Some(json) => {
                let bytes = serde_json::to_vec(json).map_err(|e| {
                    OktaError::Transport(format!("could not encode the request body: {e}"))
                })?;
                request = request
                    .header("Content-Type", "application/json")
                    .header("Content-Length", bytes.len().to_string())
                    .body(bytes);
            }
            // Okta answers 411 to a POST or PUT without a length, even an empty one.
            None if has_body_semantics => request = request.header("Content-Length", "0"),
            None => {}
        }
        let response = request.send().map_err(|e| transport_error(&e, &url))?;
        let status = response.status_code();
        let headers = response.headers().clone();
        let body = read_body(&response, status, &headers)?;
        match status {
            200..=299 => Ok(Reply {
                status,
                headers,
                body,
            }),
            _ => Err(self.scrub(error_from_answer(status, &headers, &body))),
        }
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

/// Describes a failure to get any answer, naming the host but never the request headers.
fn transport_error(error: &anyhow::Error, url: &str) -> OktaError {
    let host = url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or(url);
    let reason = match error.downcast_ref::<ErrorCode>() {
        Some(ErrorCode::HttpRequestDenied) => {
            format!(
                "the host refused the request to {host}: it is not in the block's allowed egress"
            )
        }
        Some(ErrorCode::DnsTimeout | ErrorCode::DnsError(_)) => format!("could not resolve {host}"),
        Some(ErrorCode::ConnectionRefused) => format!("{host} refused the connection"),
        Some(ErrorCode::ConnectionTimeout) => format!("timed out connecting to {host}"),
        Some(ErrorCode::ConnectionReadTimeout) => format!("timed out waiting for {host} to answer"),
        Some(
            ErrorCode::TlsCertificateError
            | ErrorCode::TlsProtocolError
            | ErrorCode::TlsAlertReceived(_),
        ) => {
            format!("TLS with {host} failed")
        }
        Some(code) => format!("request to {host} failed: {code:?}"),
        None => format!("request to {host} failed: {error}"),
    };
    OktaError::Transport(reason)
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
        429 => {
            let reset_at: Option<u64> =
                header(headers, "x-rate-limit-reset").and_then(|v| v.trim().parse().ok());
            let now = header(headers, "date").and_then(http_date_epoch);
            let retry_after_seconds = match (reset_at, now) {
                (Some(reset), Some(now)) => Some(reset.saturating_sub(now) + 1),
                _ => None,
            };
            OktaError::RateLimited(RateLimitError {
                error: api,
                reset_at,
                retry_after_seconds,
            })
        }
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
