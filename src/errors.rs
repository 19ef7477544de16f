//! Every way a request can fail, as the typed [`OktaError`] a workflow can act on: a non-2xx
//! answer (Okta's `errorCode`, `errorSummary`, causes and request id, or a description of a
//! proxy's page), a redirect, an answer that cannot be read, and the names of `wasi:http`'s
//! transport errors.

use crate::http_date::http_date_epoch;
use crate::model::{Fields, FromJson, FromObject, Parsed, text};
use crate::okta::types::{ApiError, InvalidResponse, OktaError, RateLimitError};
use crate::transport::Headers;
use serde_json::{Map, Value};
use wasi::http::types::ErrorCode;

/// The `wasi:http` name of an error code. Hand-written rather than `{:?}`: the derived `Debug`
/// of `ErrorCode` and its payloads costs the component kilobytes for a message seen rarely.
pub(crate) fn error_code_name(code: &ErrorCode) -> &'static str {
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
        let mut f = Fields::new(o);
        let shape = Self {
            error_code: f.text("errorCode"),
            error_summary: f.text("errorSummary"),
            error_causes,
        };
        f.done(shape)
    }
}

fn request_id(headers: &Headers) -> Option<String> {
    headers.get("x-okta-request-id").map(str::to_string)
}

pub(crate) fn invalid_response(status: u16, headers: &Headers, reason: String) -> OktaError {
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
pub(crate) fn seconds_until_reset(headers: &Headers) -> Option<u64> {
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
