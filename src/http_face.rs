//! The HTTP face: the block as a `wasi:http/incoming-handler`, so engines built on wasi:http
//! (Spin, wasmCloud, `wasmtime serve`) can scale it out without new code.
//!
//! `POST /v1/{operation}` takes the same camelCase JSON as the CLI and answers with the same
//! output, `{"success": true, ...}`, or `{"success": false, "error": {"kind", ...}}` with a
//! fitting status. The credentials come from headers, never from the body or a log:
//! `X-Okta-Domain: dev-123456.okta.com` and `Authorization: SSWS <token>` (or `Bearer`).

use crate::json_face::{comma_list, flag, is_absent, text, whole_number};
use crate::okta::types::{InvalidInput, OktaError};
use crate::{apps, factors, group_rules, groups, roles, sessions, system_log, users};
use serde::Serialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value, json};
use wasi::exports::http::incoming_handler::Guest;
use wasi::http::types::{
    Fields, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam,
};
use wasi::io::streams::StreamError;

/// The largest request body read: an operation's input is a few kilobytes.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

struct Face;

impl Guest for Face {
    fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
        let (status, body) = answer(&request);
        let content_type = [("content-type".to_string(), b"application/json".to_vec())];
        let headers = Fields::from_list(&content_type).unwrap_or_else(|_| Fields::new());
        let response = OutgoingResponse::new(headers);
        let _ = response.set_status_code(status);
        let Ok(outgoing) = response.body() else {
            return;
        };
        ResponseOutparam::set(response_out, Ok(response));
        if let Ok(stream) = outgoing.write() {
            // `blocking-write-and-flush` takes at most 4096 bytes per call.
            for chunk in body.to_string().as_bytes().chunks(4096) {
                if stream.blocking_write_and_flush(chunk).is_err() {
                    break;
                }
            }
        }
        let _ = OutgoingBody::finish(outgoing, None);
    }
}

wasi::http::proxy::export!(Face);

/// The request body, read to its end; `None` when it cannot be read or is too large.
fn read_body(request: &IncomingRequest) -> Option<Vec<u8>> {
    let body = request.consume().ok()?;
    let mut bytes = Vec::new();
    {
        let stream = body.stream().ok()?;
        loop {
            match stream.blocking_read(64 * 1024) {
                Ok(chunk) => bytes.extend_from_slice(&chunk),
                Err(StreamError::Closed) => break,
                Err(StreamError::LastOperationFailed(_)) => return None,
            }
            if bytes.len() > MAX_REQUEST_BYTES {
                return None;
            }
        }
    }
    Some(bytes)
}

fn answer(request: &IncomingRequest) -> (u16, Value) {
    if !matches!(request.method(), Method::Post) {
        return failure(405, invalid("method", "use POST /v1/{operation}"));
    }
    let path = request.path_with_query().unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let Some(operation) = path.strip_prefix("/v1/").map(str::to_string) else {
        return failure(404, invalid("path", "use POST /v1/{operation}"));
    };
    let domain = header(request, "x-okta-domain");
    let authorization = header(request, "authorization");
    let body = match read_body(request) {
        Some(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Value::Object(Map::new()),
        Some(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(value @ Value::Object(_)) => value,
            _ => return failure(400, invalid("body", "must be a JSON object")),
        },
        None => {
            let reason = format!("could not be read, or is over {MAX_REQUEST_BYTES} bytes");
            return failure(400, invalid("body", reason));
        }
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

fn header(request: &IncomingRequest, name: &str) -> Option<String> {
    let values = request.headers().get(name);
    let value = values.first()?;
    String::from_utf8(value.clone()).ok()
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
    let input = I::deserialize(Lenient(input)).map_err(|e| invalid("input", e.to_string()))?;
    let output = operation(input)?;
    serde_json::to_value(output).map_err(|e| invalid("output", e.to_string()))
}

/// `dispatch`, from the operation table: `POST /v1/{id}` runs the row whose function is `id`.
macro_rules! dispatch {
    (version $version:literal; $($module:ident $interface:literal { $($name:ident $wit:literal $shape:ident ($input:ty) -> $output:ty, $glue:ident, $post:ident;)* })*) => {
        fn dispatch(operation: &str, input: Value) -> Option<Result<Value, OktaError>> {
            match operation {
                $($(stringify!($name) => Some(run(input, $module::$name)),)*)*
                _ => None,
            }
        }
    };
}

operation_table!(dispatch);

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
        OktaError::ExecutionFailed => 500,
    }
}

/// `{"success": false, "error": {"kind": ..., fields...}}`, the shape the host's JSON face uses.
fn failure(status: u16, error: OktaError) -> (u16, Value) {
    let mut object = Map::new();
    // serde writes a variant as `{"NotFound": payload}` (a case without one as `"Name"`); the
    // face writes `kind` beside the payload.
    let tagged = match serde_json::to_value(&error) {
        Ok(Value::Object(tagged)) => tagged,
        Ok(Value::String(case)) => Map::from_iter([(case, Value::Null)]),
        _ => Map::new(),
    };
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
            Value::Null => {}
            other => {
                object.insert("message".into(), other);
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

/// A serde deserializer over a JSON value that applies the JSON face's rules
/// (`json_face.rs`) wherever the record being read asks for an option, a number, a boolean or
/// text; everything else is serde_json's own.
pub struct Lenient(pub Value);

impl<'de> Deserializer<'de> for Lenient {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if is_absent(&self.0) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match whole_number(&self.0) {
            Some(n) => visitor.visit_u64(n),
            None => self.0.deserialize_u64(visitor),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match flag(&self.0) {
            Some(b) => visitor.visit_bool(b),
            None => self.0.deserialize_bool(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match text(&self.0) {
            Some(text) => visitor.visit_string(text),
            None => self.0.deserialize_string(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match comma_list(&self.0) {
            Some(items) => Value::Array(items).deserialize_seq(visitor),
            None => self.0.deserialize_seq(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                value: None,
            }),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct map enum identifier ignored_any
    }
}

/// An object's members, each value read leniently in turn.
struct Members {
    members: serde_json::map::IntoIter,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Members {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Lenient(value)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}
