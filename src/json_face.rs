//! The JSON face's rules for reading an input's values, in one place: the HTTP face reads its
//! bodies with them (through its `Lenient` deserializer), and the host's JSON mapping
//! (`host-test/src/convert.rs`, which includes this file) reads the CLI's and engines' JSON with
//! them, so the same form values mean the same thing in both.
//!
//! Forms send every value as text and leave fields empty, so:
//! - `null`, or text that is empty or only spaces, in an optional field means "not given";
//! - a whole number may come as text (`"25"`);
//! - a boolean may come as text (`"true"`, `"False"`);
//! - text may come as a number (`12345` for an employee number);
//! - a list of texts may come as one text, its items separated by commas (`00g1, 00g2`).

use serde_json::Value;

/// Whether an optional field's value means "not given".
pub fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// A whole, non-negative number, given as a number or as text.
pub fn whole_number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                .map(|f| f as u64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean, given as one or as `true`/`false` text in any case.
pub fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(text) if text.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(text) if text.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Text, given as text or as a number.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A text given where a list of texts is wanted: its comma-separated items, trimmed, blanks
/// dropped. Anything else is not read by this rule.
pub fn comma_list(value: &Value) -> Option<Vec<Value>> {
    match value {
        Value::String(text) => Some(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_string()))
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn form_values_read_as_a_person_means_them() {
        for absent in [json!(null), json!(""), json!("   ")] {
            assert!(is_absent(&absent), "{absent}");
        }
        for given in [json!("x"), json!(0), json!(false), json!([])] {
            assert!(!is_absent(&given), "{given}");
        }
        assert_eq!(whole_number(&json!(25)), Some(25));
        assert_eq!(whole_number(&json!(" 25 ")), Some(25));
        assert_eq!(whole_number(&json!(25.0)), Some(25));
        for not_whole in [
            json!(-1),
            json!(2.5),
            json!("2.5"),
            json!("-1"),
            json!(true),
        ] {
            assert_eq!(whole_number(&not_whole), None, "{not_whole}");
        }
        assert_eq!(flag(&json!(true)), Some(true));
        assert_eq!(flag(&json!(" False ")), Some(false));
        assert_eq!(flag(&json!("yes")), None);
        assert_eq!(text(&json!(12345)), Some("12345".into()));
        assert_eq!(text(&json!("a")), Some("a".into()));
        assert_eq!(text(&json!(true)), None);
        assert_eq!(
            comma_list(&json!(" 00g1, 00g2 ,,")),
            Some(vec![json!("00g1"), json!("00g2")])
        );
        assert_eq!(comma_list(&json!(["00g1"])), None);
    }
}
