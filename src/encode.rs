//! Percent-encoding for the parts of an Okta URL that carry user input.
//!
//! Everything outside RFC 3986's unreserved set is encoded, so an input can never add a path
//! segment (`/`, `..`), start a query (`?`, `#`) or add a parameter (`&`, `=`). A space becomes
//! `%20` and a `+` becomes `%2B`: Okta would read a raw `+` in a query as a space.

/// Encodes one path segment (a user id, a login or a group id). A whole segment of `.` or `..`
/// is encoded too, so it is not a dot-segment that a URL normaliser would resolve.
pub fn path_segment(value: &str) -> String {
    match value {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        _ => encode(value),
    }
}

/// Encodes one query value.
pub fn query_value(value: &str) -> String {
    encode(value)
}

/// Builds `?k=v&k=v` from pairs, encoding each value. Empty when there are none.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        out.push_str(&query_value(value));
    }
    out
}

fn encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 0x0f) as usize] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes; used to read cursors back out of Okta's `Link` URLs.
pub fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                // Two hex digits exactly: `from_str_radix` alone would also take `+1`.
                let hex = value
                    .get(i + 1..i + 3)
                    .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_and_space_are_encoded_distinctly() {
        assert_eq!(query_value("a+b@example.com"), "a%2Bb%40example.com");
        assert_eq!(
            query_value("status eq \"ACTIVE\""),
            "status%20eq%20%22ACTIVE%22"
        );
    }

    #[test]
    fn path_segment_cannot_escape() {
        assert_eq!(path_segment("../groups"), "..%2Fgroups");
        assert_eq!(path_segment("a?b=c#d"), "a%3Fb%3Dc%23d");
        assert_eq!(path_segment("x\r\ny"), "x%0D%0Ay");
    }

    #[test]
    fn a_whole_dot_segment_is_encoded() {
        assert_eq!(path_segment("."), "%2E");
        assert_eq!(path_segment(".."), "%2E%2E");
        assert_eq!(path_segment("..."), "...");
        assert_eq!(path_segment("a.b"), "a.b");
    }

    #[test]
    fn query_string_joins_pairs() {
        assert_eq!(query_string(&[]), "");
        assert_eq!(
            query_string(&[("limit", "5".into()), ("q", "a&b=c".into())]),
            "?limit=5&q=a%26b%3Dc"
        );
    }

    #[test]
    fn decode_round_trips() {
        for s in ["a+b c", "00u1%2F", "ünï", ""] {
            assert_eq!(decode(&query_value(s)).as_deref(), Some(s));
        }
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%+1"), None);
        assert_eq!(decode("%-1"), None);
        assert_eq!(decode("%é"), None);
    }
}
