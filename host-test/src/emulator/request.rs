//! The parts of a request the emulator reads: method, the base of `_links` hrefs, the decoded
//! path segments under `/api/v1`, and the query.

use super::errors::ApiError;
use crate::exchange::RequestRecord;
use serde_json::{Map, Value};

pub struct Request<'a> {
    pub record: &'a RequestRecord,
    pub method: String,
    /// Scheme and host of the request, the base of every href the emulator writes.
    pub base: String,
    /// The path without the query, as sent (still percent-encoded).
    pub raw_path: String,
    /// Decoded segments after `/api/v1`, or `None` when the path is not under it.
    pub segments: Option<Vec<String>>,
    /// Query pairs as sent (still encoded), in order: `Link` headers repeat them verbatim.
    pub raw_query: Vec<(String, String)>,
}

impl<'a> Request<'a> {
    pub fn parse(record: &'a RequestRecord) -> Self {
        let (base, path_and_query) = match record.url.split_once("://") {
            Some((scheme, rest)) => {
                let slash = rest.find('/').unwrap_or(rest.len());
                (format!("{scheme}://{}", &rest[..slash]), &rest[slash..])
            }
            None => (String::new(), record.url.as_str()),
        };
        let path_and_query = path_and_query.split('#').next().unwrap_or_default();
        let (raw_path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let raw_query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (name.to_string(), value.to_string())
            })
            .collect();
        let segments = raw_path
            .trim_end_matches('/')
            .strip_prefix("/api/v1")
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .map(|rest| {
                rest.split('/')
                    .skip(1)
                    .map(|segment| decode(segment, false))
                    .collect()
            });
        Self {
            record,
            method: record.method.to_ascii_uppercase(),
            base,
            raw_path: raw_path.to_string(),
            segments,
            raw_query,
        }
    }

    /// The decoded value of the first query parameter with this name.
    pub fn param(&self, name: &str) -> Option<String> {
        self.raw_query
            .iter()
            .find(|(n, _)| decode(n, true) == name)
            .map(|(_, v)| decode(v, true))
    }

    /// A boolean query parameter; anything but `true`/`false` (any case) reads as the default.
    pub fn flag(&self, name: &str, default: bool) -> bool {
        match self.param(name).map(|v| v.to_ascii_lowercase()).as_deref() {
            Some("true") => true,
            Some("false") => false,
            _ => default,
        }
    }

    /// The body as a JSON object: E0000003 when it is missing, not JSON, or not an object.
    pub fn object_body(&self) -> Result<Map<String, Value>, ApiError> {
        let text = self.record.body.as_deref().unwrap_or_default();
        match serde_json::from_str(text) {
            Ok(Value::Object(object)) => Ok(object),
            _ => Err(ApiError::malformed_body()),
        }
    }
}

/// Percent-decodes; in queries `+` is a space. Invalid escapes are kept as written.
pub fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str) -> RequestRecord {
        RequestRecord {
            method: "get".into(),
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    #[test]
    fn splits_base_segments_and_query() {
        let r = record(
            "https://test.okta.com/api/v1/users/a%40b.com?filter=status+eq+%22ACTIVE%22&limit=2",
        );
        let request = Request::parse(&r);
        assert_eq!(request.method, "GET");
        assert_eq!(request.base, "https://test.okta.com");
        assert_eq!(
            request.segments.as_deref(),
            Some(&["users".to_string(), "a@b.com".to_string()][..])
        );
        assert_eq!(
            request.param("filter").as_deref(),
            Some("status eq \"ACTIVE\"")
        );
        assert_eq!(request.param("limit").as_deref(), Some("2"));
        assert_eq!(Request::parse(&record("http://h/other")).segments, None);
        assert_eq!(
            Request::parse(&record("http://h/api/v1")).segments,
            Some(vec![])
        );
    }

    #[test]
    fn decoding_survives_garbage() {
        assert_eq!(decode("%zz%4", true), "%zz%4");
        assert_eq!(decode("%", false), "%");
        assert_eq!(decode("a+b%20c", true), "a b c");
    }
}
