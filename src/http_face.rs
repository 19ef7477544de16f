//! The HTTP face: the block as a `wasi:http/incoming-handler`, so engines built on wasi:http
//! (Spin, wasmCloud, `wasmtime serve`) can scale it out without new code.
//!
//! `POST /v1/{operation}` takes the same camelCase JSON as the CLI and answers with the same
//! output, `{"success": true, ...}`, or `{"success": false, "error": {"kind", ...}}` with a
//! fitting status. The credentials come from headers, never from the body or a log:
//! `X-Okta-Domain: dev-123456.okta.com` and `Authorization: SSWS <token>` (or `Bearer`).

use crate::okta::types::{InvalidInput, OktaError};
use crate::{groups, users};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use waki::{ErrorCode, Method, Request, Response, handler};

#[handler]
fn serve(request: Request) -> Result<Response, ErrorCode> {
    let (status, body) = answer(request);
    Response::builder()
        .status_code(status)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .build()
}

fn answer(request: Request) -> (u16, Value) {
    if !matches!(request.method(), Method::Post) {
        return failure(405, invalid("method", "use POST /v1/{operation}"));
    }
    let Some(operation) = request.path().strip_prefix("/v1/").map(str::to_string) else {
        return failure(404, invalid("path", "use POST /v1/{operation}"));
    };
    let domain = header(&request, "x-okta-domain");
    let authorization = header(&request, "authorization");
    let body = match request.body() {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Value::Object(Map::new()),
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(value @ Value::Object(_)) => value,
            _ => return failure(400, invalid("body", "must be a JSON object")),
        },
        Err(_) => return failure(400, invalid("body", "could not be read")),
    };
    let mut input = match to_snake(body) {
        Value::Object(fields) => fields,
        _ => Map::new(),
    };
    let in_connection = |key: &str| {
        input
            .get("connection")
            .and_then(Value::as_object)
            .is_some_and(|c| c.contains_key(key))
    };
    if ["api_key", "domain"]
        .iter()
        .any(|key| input.contains_key(*key) || in_connection(key))
    {
        return failure(
            400,
            invalid(
                "body",
                "credentials go in the X-Okta-Domain and Authorization headers",
            ),
        );
    }
    let (scheme, token) = match authorization
        .as_deref()
        .and_then(|a| a.trim().split_once(' '))
    {
        Some((scheme, token)) => (scheme.to_string(), token.trim().to_string()),
        None => return failure(401, invalid("apiKey", "send `Authorization: SSWS <token>`")),
    };
    // The body may tune retries and timeouts; the credentials come only from the headers.
    let mut connection = match input.remove("connection") {
        Some(Value::Object(fields)) => fields,
        Some(_) => return failure(400, invalid("connection", "must be a JSON object")),
        None => Map::new(),
    };
    for tuning in ["max_retries", "timeout_seconds"] {
        if let Some(value) = input.remove(tuning) {
            connection.insert(tuning.into(), value);
        }
    }
    connection.insert("domain".into(), Value::String(domain.unwrap_or_default()));
    connection.insert("api_key".into(), Value::String(token));
    connection.insert("auth_scheme".into(), Value::String(scheme));
    input.insert("connection".into(), Value::Object(connection));
    match dispatch(&operation, Value::Object(input)) {
        None => failure(
            404,
            invalid(
                "operation",
                format!("`{operation}` is not an operation of the block"),
            ),
        ),
        Some(Ok(output)) => {
            let mut output = to_camel(output);
            if let Value::Object(object) = &mut output {
                object.insert("success".into(), Value::Bool(true));
            }
            (200, output)
        }
        Some(Err(error)) => failure(status_of(&error), error),
    }
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .header(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn invalid(field: &str, reason: impl Into<String>) -> OktaError {
    OktaError::InvalidInput(InvalidInput {
        field: field.into(),
        reason: reason.into(),
    })
}

/// Runs one operation on JSON in the records' own (snake_case) field names.
fn run<I: DeserializeOwned, O: Serialize>(
    input: Value,
    operation: fn(I) -> Result<O, OktaError>,
) -> Result<Value, OktaError> {
    let input: I = serde_json::from_value(input).map_err(|e| invalid("input", e.to_string()))?;
    let output = operation(input)?;
    serde_json::to_value(output).map_err(|e| invalid("output", e.to_string()))
}

macro_rules! operations {
    ($($name:literal => $function:path),* $(,)?) => {
        fn dispatch(operation: &str, input: Value) -> Option<Result<Value, OktaError>> {
            match operation {
                $($name => Some(run(input, $function)),)*
                _ => None,
            }
        }
    };
}

operations! {
    "list_users" => users::list_users,
    "get_user" => users::get_user,
    "create_user" => users::create_user,
    "update_user" => users::update_user,
    "activate_user" => users::activate_user,
    "deactivate_user" => users::deactivate_user,
    "suspend_user" => users::suspend_user,
    "unsuspend_user" => users::unsuspend_user,
    "reset_password" => users::reset_password,
    "delete_user" => users::delete_user,
    "list_user_groups" => users::list_user_groups,
    "unlock_user" => users::unlock_user,
    "expire_password" => users::expire_password,
    "reactivate_user" => users::reactivate_user,
    "clear_user_sessions" => users::clear_user_sessions,
    "list_groups" => groups::list_groups,
    "get_group" => groups::get_group,
    "create_group" => groups::create_group,
    "update_group" => groups::update_group,
    "delete_group" => groups::delete_group,
    "add_user_to_group" => groups::add_user_to_group,
    "remove_user_from_group" => groups::remove_user_from_group,
    "list_group_members" => groups::list_group_members,
}

/// The HTTP status that fits an error: Okta's own where there is one.
fn status_of(error: &OktaError) -> u16 {
    match error {
        OktaError::InvalidInput(_) => 400,
        OktaError::Unauthorized(_) => 401,
        OktaError::Forbidden(_) => 403,
        OktaError::NotFound(_) => 404,
        OktaError::Rejected(api) => api.status,
        OktaError::RateLimited(_) => 429,
        OktaError::Upstream(_) | OktaError::InvalidResponse(_) => 502,
        OktaError::Transport(_) => 504,
    }
}

/// `{"success": false, "error": {"kind": ..., fields...}}`, the shape the host's JSON face uses.
fn failure(status: u16, error: OktaError) -> (u16, Value) {
    let mut object = Map::new();
    // serde writes a variant as `{"NotFound": payload}`; the face writes `kind` beside the payload.
    if let Ok(Value::Object(tagged)) = serde_json::to_value(&error) {
        for (case, payload) in tagged {
            let kind: String = case
                .chars()
                .take(1)
                .flat_map(char::to_lowercase)
                .chain(case.chars().skip(1))
                .collect();
            object.insert("kind".into(), Value::String(kind));
            match to_camel(payload) {
                Value::Object(fields) => {
                    for (name, value) in fields {
                        match value {
                            // The rate-limit case nests Okta's error: flatten it as the host does.
                            Value::Object(inner) if name == "error" => object.extend(inner),
                            other => {
                                object.insert(name, other);
                            }
                        }
                    }
                }
                other => {
                    object.insert("message".into(), other);
                }
            }
        }
    }
    (status, json!({ "success": false, "error": object }))
}

/// camelCase keys to the records' snake_case (`userId` to `user_id`, `type` to `type_`,
/// and a `profile` object to `profile_json` text).
fn to_snake(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| {
                    if key == "profile" {
                        let text = match value {
                            Value::String(text) => text,
                            other => other.to_string(),
                        };
                        return ("profile_json".to_string(), Value::String(text));
                    }
                    let mut snake = String::with_capacity(key.len() + 4);
                    for c in key.chars() {
                        if c.is_ascii_uppercase() {
                            snake.push('_');
                            snake.push(c.to_ascii_lowercase());
                        } else {
                            snake.push(c);
                        }
                    }
                    if snake == "type" {
                        snake.push('_');
                    }
                    (snake, to_snake(value))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(to_snake).collect()),
        other => other,
    }
}

/// The records' snake_case keys back to camelCase, with `profile_json` parsed into `profile`.
fn to_camel(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| {
                    if key == "profile_json" {
                        let parsed = match &value {
                            Value::String(text) => serde_json::from_str(text).unwrap_or(value),
                            _ => value,
                        };
                        return ("profile".to_string(), parsed);
                    }
                    let key = key.trim_end_matches('_');
                    let mut camel = String::with_capacity(key.len());
                    let mut upper = false;
                    for c in key.chars() {
                        if c == '_' {
                            upper = true;
                        } else if upper {
                            camel.push(c.to_ascii_uppercase());
                            upper = false;
                        } else {
                            camel.push(c);
                        }
                    }
                    (camel, to_camel(value))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(to_camel).collect()),
        other => other,
    }
}
