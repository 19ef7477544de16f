//! Input checks shared by every operation. Each failure names the field as a user sees it
//! (camelCase) and is raised before any request is sent.

use crate::okta::types::{InvalidInput, OktaError};

use crate::limits::MAX_TEXT_LEN;

pub fn invalid(field: &str, reason: impl Into<String>) -> OktaError {
    OktaError::InvalidInput(InvalidInput {
        field: field.to_string(),
        reason: reason.into(),
    })
}

/// A required text: trimmed, not blank, not too long, no control characters.
pub fn required(field: &str, value: &str) -> Result<String, OktaError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(invalid(field, "is required"));
    }
    checked(field, value)
}

/// An optional text. Workflow forms send `""` for fields left untouched, so blank means absent.
pub fn optional(field: &str, value: &Option<String>) -> Result<Option<String>, OktaError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => checked(field, value).map(Some),
    }
}

fn checked(field: &str, value: &str) -> Result<String, OktaError> {
    if value.len() > MAX_TEXT_LEN {
        return Err(invalid(
            field,
            format!("is longer than {MAX_TEXT_LEN} bytes"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters"));
    }
    Ok(value.to_string())
}

/// A user id, login or login short name, as Okta's `/users/{id}` takes it. Logins may hold `@`,
/// `+`, `'` and the like, which are encoded; what could never be part of one, and could steer
/// the URL, is refused outright.
pub fn user_id(value: &str) -> Result<String, OktaError> {
    let id = required("userId", value)?;
    if !id.is_ascii() {
        return Err(invalid(
            "userId",
            "must be an Okta user id or login in ASCII characters",
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '/' | '\\' | '?' | '#' | '%'))
    {
        return Err(invalid(
            "userId",
            format!("must be an Okta user id or login; `{c}` cannot be part of one"),
        ));
    }
    if id == "." || id == ".." {
        return Err(invalid("userId", "must be an Okta user id or login"));
    }
    Ok(id)
}

/// A group id: Okta's are letters and digits only (`00g1emaKYZTWRYYRRTSK`).
pub fn group_id(value: &str) -> Result<String, OktaError> {
    okta_id("groupId", value, "an Okta group id", "00g1emaKYZTWRYYRRTSK")
}

/// An object id of letters and digits (`0oa...`, `0pr...`, factor and role assignment ids),
/// so it can never steer the URL. `what` and `example` are for the error.
pub fn okta_id(field: &str, value: &str, what: &str, example: &str) -> Result<String, OktaError> {
    let id = required(field, value)?;
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(
            field,
            format!("must be {what} of letters and digits, such as {example}"),
        ));
    }
    Ok(id)
}

/// A list of object ids (as `okta_id`), blank entries dropped; `required` refuses an empty one.
pub fn okta_ids(
    field: &str,
    values: &[String],
    required: bool,
    what: &str,
    example: &str,
) -> Result<Vec<String>, OktaError> {
    let mut ids: Vec<String> = Vec::new();
    for value in values.iter().filter(|v| !v.trim().is_empty()) {
        let id = okta_id(field, value, what, example)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if required && ids.is_empty() {
        return Err(invalid(field, "needs at least one id"));
    }
    Ok(ids)
}

/// One of the values Okta accepts for a field, in any case; returned as Okta spells it.
pub fn one_of(
    field: &str,
    value: &str,
    allowed: &[&'static str],
) -> Result<&'static str, OktaError> {
    let value = value.trim();
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))
        .copied()
        .ok_or_else(|| invalid(field, format!("must be one of {}", allowed.join(", "))))
}

/// An email address: only the shape is checked here; Okta applies its own rules.
pub fn email(field: &str, value: &str) -> Result<String, OktaError> {
    let value = required(field, value)?;
    match value.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
        {
            Ok(value)
        }
        _ => Err(invalid(
            field,
            "must be an email address such as jane@example.com",
        )),
    }
}

/// A page size within the endpoint's range.
pub fn limit(value: Option<u32>, max: u32) -> Result<Option<u32>, OktaError> {
    match value {
        Some(n) if n == 0 || n > max => Err(invalid(
            "limit",
            format!("must be between 1 and {max}, got {n}"),
        )),
        other => Ok(other),
    }
}

/// Extra profile attributes: a JSON object whose keys do not repeat a field given on its own.
pub fn profile(
    value: &Option<String>,
    named: &serde_json::Map<String, serde_json::Value>,
) -> Result<serde_json::Map<String, serde_json::Value>, OktaError> {
    let text = match value.as_deref().map(str::trim) {
        None | Some("") => return Ok(serde_json::Map::new()),
        Some(text) => text,
    };
    let parsed: serde_json::Value = serde_json::from_slice(text.as_bytes())
        .map_err(|e| invalid("profile", format!("is not valid JSON: {e}")))?;
    let serde_json::Value::Object(attributes) = parsed else {
        return Err(invalid(
            "profile",
            "must be a JSON object of attribute names and values",
        ));
    };
    for name in attributes.keys() {
        if named.contains_key(name) {
            return Err(invalid(
                &format!("profile.{name}"),
                format!("is also given as the field {name}; give it once"),
            ));
        }
        if name.trim().is_empty() {
            return Err(invalid("profile", "has an attribute with an empty name"));
        }
    }
    Ok(attributes)
}
