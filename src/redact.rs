//! Keeping the token out of everything the block returns.
//!
//! A proxy, a misconfigured gateway or a hostile server may echo the `Authorization` header
//! back: in a header (`X-Okta-Request-Id`), in an error body, or in a field of a successful
//! answer. Every answer is therefore cleaned as it arrives, before anything is read from it,
//! so no output, error or field derived from it can carry the token, whatever the host does.

use serde_json::Value;

/// What stands where the token was.
pub const REDACTED: &str = "[REDACTED]";

/// `bytes` with every occurrence of `secret` replaced, or `None` when there is none.
pub fn replace(bytes: &[u8], secret: &str) -> Option<Vec<u8>> {
    let needle = secret.as_bytes();
    if needle.is_empty() || bytes.len() < needle.len() {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    let mut start = 0;
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        if bytes[i..].starts_with(needle) {
            let buffer = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            buffer.extend_from_slice(&bytes[start..i]);
            buffer.extend_from_slice(REDACTED.as_bytes());
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    let mut buffer = out?;
    buffer.extend_from_slice(&bytes[start..]);
    Some(buffer)
}

/// Cleans a JSON body in place. The raw text is cleaned first; a body with escapes (`\u0041`
/// spells `A`) is also decoded and cleaned string by string, object keys included, because an
/// escaped token is the token once decoded.
pub fn clean_body(body: &mut Vec<u8>, secret: &str) {
    if let Some(clean) = replace(body, secret) {
        *body = clean;
    }
    if !body.contains(&b'\\') {
        return;
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    if clean_value(&mut value, secret)
        && let Ok(text) = serde_json::to_vec(&value)
    {
        *body = text;
    }
}

/// Replaces the secret in every string and key of `value`; says whether it found any.
fn clean_value(value: &mut Value, secret: &str) -> bool {
    let clean = |text: &mut String| {
        let found = text.contains(secret);
        if found {
            *text = text.replace(secret, REDACTED);
        }
        found
    };
    match value {
        Value::String(text) => clean(text),
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |found, item| clean_value(item, secret) | found),
        Value::Object(members) => {
            let mut found = false;
            let dirty: Vec<String> = members
                .keys()
                .filter(|key| key.contains(secret))
                .cloned()
                .collect();
            for key in dirty {
                if let Some(member) = members.remove(&key) {
                    members.insert(key.replace(secret, REDACTED), member);
                    found = true;
                }
            }
            members
                .values_mut()
                .fold(found, |found, member| clean_value(member, secret) | found)
        }
        _ => false,
    }
}
