//! One HTTP exchange between the component and Okta, as the host sees and records it.
//!
//! Recordings use the format of `host-test/tests/recordings`: headers are `[name, value]` pairs in
//! order (a name may repeat) and bodies are text or null. The API token is redacted before
//! anything is stored.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Headers as ordered `[name, value]` pairs.
pub type Headers = Vec<(String, String)>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub url: String,
    pub headers: Headers,
    pub body: Option<String>,
}

impl RequestRecord {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body parsed as JSON, or `Null` when there is none.
    pub fn json(&self) -> serde_json::Value {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or_default()
    }

    /// The path and query, without scheme and host.
    pub fn path_and_query(&self) -> &str {
        let after_scheme = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub status: u16,
    pub headers: Headers,
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub request: RequestRecord,
    pub response: ResponseRecord,
}

/// A transcript file: `{"source", "interactions"}`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Transcript {
    #[serde(default)]
    pub source: String,
    pub interactions: Vec<Interaction>,
}

/// What an in-process upstream answers to one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An HTTP answer, optionally after a delay.
    Http {
        response: ResponseRecord,
        delay: Option<Duration>,
    },
    /// No answer at all: the connection failed in the given way.
    Transport(TransportFault),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportFault {
    ConnectionRefused,
    ConnectionTimeout,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::http(
            status,
            vec![("Content-Type".into(), "application/json".into())],
            Some(body.to_string()),
        )
    }

    pub fn no_content() -> Self {
        Self::http(204, Vec::new(), None)
    }

    pub fn http(status: u16, headers: Headers, body: Option<String>) -> Self {
        Self::Http {
            response: ResponseRecord {
                status,
                headers,
                body,
            },
            delay: None,
        }
    }

    /// Adds a header to an HTTP reply.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Http { response, .. } = &mut self {
            response.headers.push((name.into(), value.into()));
        }
        self
    }
}

/// An `http` header map as ordered pairs (values that are not UTF-8 are shown lossily).
pub fn headers_of(map: &http::HeaderMap) -> Headers {
    map.iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A body as stored in a record: `None` when empty.
pub fn body_text(body: &[u8]) -> Option<String> {
    (!body.is_empty()).then(|| String::from_utf8_lossy(body).into_owned())
}

pub fn find_header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The text that stands in for a secret in anything the host stores or prints.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces every occurrence of `secret` in the record.
pub fn redact_request(record: &RequestRecord, secret: Option<&str>) -> RequestRecord {
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return record.clone();
    };
    let clean = |text: &str| text.replace(secret, REDACTED);
    RequestRecord {
        method: record.method.clone(),
        url: clean(&record.url),
        headers: record
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), clean(v)))
            .collect(),
        body: record.body.as_deref().map(clean),
    }
}

/// Replaces every occurrence of `secret` in the record, in place: only text that holds the
/// secret is copied.
pub fn redact_response(mut record: ResponseRecord, secret: Option<&str>) -> ResponseRecord {
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return record;
    };
    let clean = |text: &mut String| {
        if text.contains(secret) {
            *text = text.replace(secret, REDACTED);
        }
    };
    for (_, value) in &mut record.headers {
        clean(value);
    }
    if let Some(body) = &mut record.body {
        clean(body);
    }
    record
}

/// Replaces every occurrence of `secret` in a body's bytes (a body need not be UTF-8).
pub fn redact_bytes(bytes: Vec<u8>, secret: Option<&str>) -> Vec<u8> {
    let Some(needle) = secret.filter(|s| !s.is_empty()).map(str::as_bytes) else {
        return bytes;
    };
    // memchr's substring search: a 10 MB page of users is scanned at memory speed, where
    // comparing the needle at every position cost a few percent of a whole listing.
    let finder = memchr::memmem::Finder::new(needle);
    if finder.find(&bytes).is_none() {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes.as_slice();
    while let Some(at) = finder.find(rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Replaces `secret` in every string and object key of a JSON value: the last check on what
/// a host returns or prints, whatever field the text came through.
pub fn redact_json(value: &mut serde_json::Value, secret: &str) {
    use serde_json::Value;
    if secret.is_empty() {
        return;
    }
    match value {
        Value::String(text) if text.contains(secret) => *text = text.replace(secret, REDACTED),
        Value::Array(items) => items.iter_mut().for_each(|item| redact_json(item, secret)),
        Value::Object(members) => {
            if members.keys().any(|key| key.contains(secret)) {
                let old = std::mem::take(members);
                *members = old
                    .into_iter()
                    .map(|(key, member)| (key.replace(secret, REDACTED), member))
                    .collect();
            }
            members
                .values_mut()
                .for_each(|member| redact_json(member, secret));
        }
        _ => {}
    }
}

/// The credential in an `Authorization` header (`SSWS x` or `Bearer x`), if any.
pub fn credential(headers: &Headers) -> Option<&str> {
    let value = find_header(headers, "authorization")?;
    let token = value
        .split_once(' ')
        .map_or(value, |(_, token)| token)
        .trim();
    (!token.is_empty()).then_some(token)
}
