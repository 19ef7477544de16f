//! Property tests of the URL and query building for user input.

use super::*;

/// Only RFC 3986 unreserved characters and `%XX` with uppercase hex digits.
fn only_unreserved_and_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') => i += 1,
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).unwrap_or_default();
                if hex.len() != 2
                    || !hex
                        .iter()
                        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

/// Whether `text` has a `%` that is not followed by two hex digits.
fn has_malformed_escape(text: &str) -> bool {
    text.match_indices('%').any(|(i, _)| {
        !text
            .as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

fn user_text() -> impl Strategy<Value = String> {
    pieces(
        &[
            "a", "Z", "0", "-", ".", "..", "_", "~", "/", "?", "#", "&", "=", "+", " ", "%", "%2F",
            "@", "\r\n", "\t", "\0", "ü", "😀", "\u{202e}",
        ],
        20,
    )
}

proptest! {
    #![proptest_config(config(1000))]

    /// Encoded path segments and query values hold only unreserved characters and `%XX`:
    /// never `/ ? # & = +` or whitespace, and a segment is never a dot-segment.
    #[test]
    fn encoding_leaves_only_unreserved_and_escapes(text in user_text()) {
        for encoded in [path_segment(&text), query_value(&text)] {
            prop_assert!(only_unreserved_and_escapes(&encoded), "{:?} -> {:?}", text, encoded);
            prop_assert!(!encoded.contains(['/', '?', '#', '&', '=', '+']));
            prop_assert!(!encoded.contains(char::is_whitespace));
        }
        let segment = path_segment(&text);
        prop_assert!(segment != "." && segment != "..");
    }

    /// `decode` undoes `query_value` and `path_segment` for any string.
    #[test]
    fn decode_inverts_encoding(text in user_text()) {
        prop_assert_eq!(decode(&query_value(&text)), Some(text.clone()));
        prop_assert_eq!(decode(&path_segment(&text)), Some(text));
    }

    /// `query_string` of any pairs (keys are the block's own constant names) parses back into
    /// the same pairs, in order.
    #[test]
    fn query_string_round_trips(
        pairs in vec(("[a-zA-Z][a-zA-Z0-9_]{0,8}", user_text()), 0..6)
    ) {
        let borrowed: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let query = query_string(&borrowed);
        if pairs.is_empty() {
            prop_assert_eq!(query, "");
            return Ok(());
        }
        let rest = query.strip_prefix('?').expect("starts with ?");
        prop_assert!(!rest.contains(['?', '#', '+', ' ']));
        let parsed: Vec<(String, String)> = rest
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').expect("k=v");
                (k.to_string(), decode(v).expect("decodable"))
            })
            .collect();
        prop_assert_eq!(parsed, pairs);
    }

    /// `decode` never panics, and refuses any `%` not followed by two hex digits.
    #[test]
    fn decode_refuses_malformed_escapes(text in pieces(
        &["%", "%2", "%2B", "%e9", "%C3%A9", "%ff", "+", "+1", "-1", "a", "é", " "], 12)
    ) {
        let decoded = decode(&text);
        if has_malformed_escape(&text) {
            prop_assert_eq!(decoded, None);
        }
    }
}
