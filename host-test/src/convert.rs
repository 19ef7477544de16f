//! The JSON face of the component: blocks.json's camelCase JSON to WIT values and back.
//!
//! The mapping is driven by the component's own types, so a new operation or field needs no
//! code here. Inputs are read by the JSON face's rules, the same file the HTTP face reads its
//! bodies with (`src/json_face.rs`): numbers and booleans may arrive as text, text as a number,
//! and a blank optional field means "not given". A wrong type or an unknown field is an
//! `invalidInput` error shaped exactly like the component's own.

use serde_json::{Map, Value, json};
use wasmtime::component::{Type, Val, types};

#[path = "../../src/json_face.rs"]
mod json_face;

/// WIT fields named `*-json` carry JSON text; the JSON face shows the parsed value under the
/// name without the suffix (`profile-json` is `profile`).
const JSON_SUFFIX: &str = "-json";

/// The JSON name of a WIT field: `user-id` is `userId`, `profile-json` is `profile`.
pub fn json_name(field: &str) -> String {
    let mut name = String::with_capacity(field.len());
    write_json_name(field, &mut name);
    name
}

/// Writes `field`'s JSON name into `out`, replacing what it held: a typed record's serde key
/// (`first_name`) becomes its JSON name (`firstName`) in the same allocation, as the JSON name
/// is no longer than the Rust one.
fn write_json_name(field: &str, out: &mut String) {
    write_camel_case(field.strip_suffix(JSON_SUFFIX).unwrap_or(field), out);
}

/// Whether a WIT field carries JSON text.
pub fn is_json_text(field: &str) -> bool {
    field.ends_with(JSON_SUFFIX)
}

/// `user-id` to `userId`.
pub fn camel_case(kebab: &str) -> String {
    let mut out = String::with_capacity(kebab.len());
    write_camel_case(kebab, &mut out);
    out
}

fn write_camel_case(kebab: &str, out: &mut String) {
    out.clear();
    let mut upper = false;
    for c in kebab.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
}

/// An input the host refused before calling the component.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub field: String,
    pub reason: String,
}

impl InputError {
    fn new(field: &str, reason: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    /// The same envelope the component returns for its own invalid-input errors.
    pub fn envelope(&self) -> Value {
        json!({
            "success": false,
            "error": {
                "kind": "invalidInput",
                "field": self.field,
                "reason": self.reason,
                "message": format!("{}: {}", self.field, self.reason),
            }
        })
    }
}

/// Converts a JSON object to the operation's input record.
pub fn input_record(ty: &Type, input: &Value) -> Result<Val, InputError> {
    let Type::Record(record) = ty else {
        return Err(InputError::new(
            "input",
            "the operation does not take a record",
        ));
    };
    let Some(object) = input.as_object() else {
        return Err(InputError::new("input", "must be a JSON object"));
    };
    record_from_json(record, object, "")
}

/// The WIT field whose record is flattened into the JSON face: every operation's input starts
/// with `connection`, and its fields (`domain`, `apiKey`, …) stand beside the operation's own,
/// as blocks.json's forms and the CLI give them.
pub const FLATTENED: &str = "connection";

/// The flattened connection record of an input record, if it has one.
fn flattened(record: &types::Record) -> Option<types::Record> {
    record
        .fields()
        .find(|f| f.name == FLATTENED)
        .and_then(|f| match f.ty {
            Type::Record(inner) => Some(inner),
            _ => None,
        })
}

fn record_from_json(
    record: &types::Record,
    object: &Map<String, Value>,
    prefix: &str,
) -> Result<Val, InputError> {
    let connection = flattened(record);
    let connection_names: Vec<String> = connection
        .iter()
        .flat_map(|c| c.fields().map(|f| json_name(f.name)))
        .collect();
    let names: Vec<String> = record
        .fields()
        .filter(|f| f.name != FLATTENED)
        .map(|f| json_name(f.name))
        .chain(connection_names.iter().cloned())
        .collect();
    if let Some(unknown) = object.keys().find(|k| !names.contains(k)) {
        return Err(InputError::new(
            &format!("{prefix}{unknown}"),
            format!(
                "is not a field of this operation (expected one of: {})",
                names.join(", ")
            ),
        ));
    }
    let mut fields = Vec::with_capacity(names.len());
    for field in record.fields() {
        if let (FLATTENED, Some(connection)) = (field.name, &connection) {
            let own: Map<String, Value> = object
                .iter()
                .filter(|(key, _)| connection_names.contains(key))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            fields.push((
                field.name.to_string(),
                record_from_json(connection, &own, prefix)?,
            ));
            continue;
        }
        let name = json_name(field.name);
        let path = format!("{prefix}{name}");
        let value = object.get(&name).unwrap_or(&Value::Null);
        let value = if is_json_text(field.name) {
            json_text(value, &path)?
        } else {
            value.clone()
        };
        fields.push((
            field.name.to_string(),
            value_from_json(&field.ty, &value, &path)?,
        ));
    }
    Ok(Val::Record(fields))
}

fn value_from_json(ty: &Type, value: &Value, field: &str) -> Result<Val, InputError> {
    if let Type::Option(option) = ty {
        let inner = option.ty();
        return if json_face::is_absent(value) {
            Ok(Val::Option(None))
        } else {
            Ok(Val::Option(Some(Box::new(value_from_json(
                &inner, value, field,
            )?))))
        };
    }
    if value.is_null() {
        return Err(InputError::new(field, "is required"));
    }
    match ty {
        Type::String => json_face::text(value)
            .map(Val::String)
            .ok_or_else(|| InputError::new(field, format!("must be text, got {}", kind(value)))),
        Type::Bool => json_face::flag(value).map(Val::Bool).ok_or_else(|| {
            InputError::new(field, format!("must be true or false, got {}", kind(value)))
        }),
        Type::U16 => whole(value, field, u16::MAX.into()).map(|n| Val::U16(n as u16)),
        Type::U32 => whole(value, field, u32::MAX.into()).map(|n| Val::U32(n as u32)),
        Type::U64 => whole(value, field, u64::MAX).map(Val::U64),
        // Forms send text: a text where a list is wanted is its comma-separated items.
        Type::List(list) => match json_face::comma_list(value)
            .map(Value::Array)
            .as_ref()
            .unwrap_or(value)
        {
            Value::Array(items) => {
                let element = list.ty();
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| value_from_json(&element, item, &format!("{field}[{i}]")))
                    .collect::<Result<_, _>>()
                    .map(Val::List)
            }
            _ => Err(InputError::new(
                field,
                format!("must be a list, got {}", kind(value)),
            )),
        },
        Type::Record(record) => match value {
            Value::Object(object) => record_from_json(record, object, &format!("{field}.")),
            _ => Err(InputError::new(
                field,
                format!("must be an object, got {}", kind(value)),
            )),
        },
        Type::Enum(cases) => match value {
            Value::String(s) if cases.names().any(|n| n == s || camel_case(n) == *s) => {
                let name = cases
                    .names()
                    .find(|n| *n == s || camel_case(n) == *s)
                    .unwrap_or_default();
                Ok(Val::Enum(name.to_string()))
            }
            _ => Err(InputError::new(
                field,
                format!(
                    "must be one of: {}",
                    cases.names().map(camel_case).collect::<Vec<_>>().join(", ")
                ),
            )),
        },
        other => Err(InputError::new(
            field,
            format!("has a type the JSON mapping does not support: {other:?}"),
        )),
    }
}

/// A JSON-text field given as an object or array is passed on as its text; text is passed on
/// as it is, for the component to parse and judge.
fn json_text(value: &Value, field: &str) -> Result<Value, InputError> {
    match value {
        Value::Object(_) | Value::Array(_) => Ok(Value::String(value.to_string())),
        Value::String(_) | Value::Null => Ok(value.clone()),
        _ => Err(InputError::new(
            field,
            format!("must be a JSON object, got {}", kind(value)),
        )),
    }
}

fn whole(value: &Value, field: &str, max: u64) -> Result<u64, InputError> {
    match json_face::whole_number(value) {
        Some(n) if n <= max => Ok(n),
        _ => Err(InputError::new(
            field,
            format!("must be a whole number from 0 to {max}, got {value}"),
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A WIT value as camelCase JSON. `none` becomes `null`, so every field is always present. The
/// value is consumed as it is converted, so a long list's records are freed one by one and the
/// tree and its JSON are never whole at once.
pub fn to_json(value: Val) -> Value {
    match value {
        Val::Bool(b) => Value::Bool(b),
        Val::U8(n) => json!(n),
        Val::U16(n) => json!(n),
        Val::U32(n) => json!(n),
        Val::U64(n) => json!(n),
        Val::S32(n) => json!(n),
        Val::S64(n) => json!(n),
        Val::Float64(n) => json!(n),
        Val::String(s) => Value::String(s),
        Val::List(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Val::Record(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(name, v)| (json_name(&name), field_json(&name, to_json(v))))
                .collect(),
        ),
        Val::Option(inner) => inner.map_or(Value::Null, |v| to_json(*v)),
        Val::Enum(name) => Value::String(name),
        Val::Variant(case, payload) => variant_json(&case, payload.map(|v| to_json(*v))),
        Val::Result(Ok(v)) | Val::Result(Err(v)) => v.map_or(Value::Null, |v| to_json(*v)),
        other => Value::String(format!("{other:?}")),
    }
}

/// The same JSON as [`to_json`], from a typed record's serde form (`serde_json::to_value` of
/// the typed bindings, `src/typed.rs`), guided by the component's type: serde names fields as
/// Rust does (`next_cursor`) and cases as Rust variants (`NotFound`); the WIT names come from
/// `ty`, field by field in order.
pub fn typed_json(value: Value, ty: &Type) -> Value {
    match (ty, value) {
        (Type::Record(record), Value::Object(object)) => Value::Object(
            record
                .fields()
                .zip(object)
                .map(|(field, (mut key, v))| {
                    let v = typed_json(v, &field.ty);
                    write_json_name(field.name, &mut key);
                    (key, field_json(field.name, v))
                })
                .collect(),
        ),
        (Type::Option(_), Value::Null) => Value::Null,
        (Type::Option(option), v) => typed_json(v, &option.ty()),
        (Type::List(list), Value::Array(items)) => {
            let element = list.ty();
            Value::Array(items.into_iter().map(|v| typed_json(v, &element)).collect())
        }
        (Type::Enum(cases), Value::String(rust)) => Value::String(
            cases
                .names()
                .find(|n| upper_camel_case(n) == rust)
                .map_or(rust, str::to_string),
        ),
        (Type::Variant(variant), value) => {
            // serde's external tagging: `"Case"`, or `{"Case": payload}`.
            let (rust, payload) = match value {
                Value::Object(object) if object.len() == 1 => {
                    let Some((tag, payload)) = object.into_iter().next() else {
                        return Value::Null;
                    };
                    (tag, Some(payload))
                }
                Value::String(tag) => (tag, None),
                other => return other,
            };
            let Some(case) = variant.cases().find(|c| upper_camel_case(c.name) == rust) else {
                return Value::String(rust);
            };
            let payload = match (case.ty, payload) {
                (Some(ty), Some(payload)) => Some(typed_json(payload, &ty)),
                _ => None,
            };
            variant_json(case.name, payload)
        }
        (_, v) => v,
    }
}

/// A WIT value in the form serde's derived `Deserialize` of the typed bindings reads: a record
/// as the list of its fields' values in order (so no Rust field name is needed), an option as
/// its value or `null`, a case by its Rust name. For handing a checked input to a typed call.
pub fn serde_form(value: Val) -> Value {
    match value {
        Val::Record(fields) => {
            Value::Array(fields.into_iter().map(|(_, v)| serde_form(v)).collect())
        }
        Val::Option(inner) => inner.map_or(Value::Null, |v| serde_form(*v)),
        Val::List(items) => Value::Array(items.into_iter().map(serde_form).collect()),
        Val::Enum(name) => Value::String(upper_camel_case(&name)),
        Val::Variant(case, None) => Value::String(upper_camel_case(&case)),
        Val::Variant(case, Some(payload)) => {
            json!({ upper_camel_case(&case): serde_form(*payload) })
        }
        other => to_json(other),
    }
}

/// A WIT name as wasmtime's bindgen names the Rust type or variant: `not-found` is `NotFound`.
fn upper_camel_case(kebab: &str) -> String {
    let camel = camel_case(kebab);
    let mut chars = camel.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A field's JSON: JSON-text fields are parsed, so engines see objects, not strings.
fn field_json(name: &str, value: Value) -> Value {
    match (&value, is_json_text(name)) {
        (Value::String(text), true) => serde_json::from_str(text).unwrap_or(value),
        _ => value,
    }
}

/// A variant as `{"kind": case, ...payload}`: a record payload is flattened (one level of
/// nested records too), and any other payload goes under `message`.
fn variant_json(case: &str, payload: Option<Value>) -> Value {
    let mut object = Map::new();
    object.insert("kind".into(), Value::String(camel_case(case)));
    match payload {
        Some(Value::Object(fields)) => {
            for (name, value) in fields {
                match value {
                    Value::Object(inner) => object.extend(inner),
                    other => {
                        object.insert(name, other);
                    }
                }
            }
        }
        Some(other) => {
            object.insert("message".into(), other);
        }
        None => {}
    }
    Value::Object(object)
}

/// The output a workflow engine shows: the operation's record with `success: true`, or
/// `{"success": false, "error": {...}}` with a readable `message`.
pub fn envelope(result: Val) -> Value {
    match result {
        Val::Result(Ok(value)) => envelope_of(Ok(value.map_or_else(|| json!({}), |v| to_json(*v)))),
        Val::Result(Err(error)) => {
            envelope_of(Err(error.map_or_else(|| json!({}), |v| to_json(*v))))
        }
        other => to_json(other),
    }
}

/// The envelope of an operation's output or error, already as JSON.
pub fn envelope_of(result: Result<Value, Value>) -> Value {
    match result {
        Ok(mut output) => {
            if let Value::Object(object) = &mut output {
                object.insert("success".into(), Value::Bool(true));
            }
            output
        }
        Err(mut error) => {
            if let Value::Object(object) = &mut error
                && !object.contains_key("message")
            {
                let message = error_message(object);
                object.insert("message".into(), Value::String(message));
            }
            json!({ "success": false, "error": error })
        }
    }
}

fn error_message(error: &Map<String, Value>) -> String {
    let text = |key: &str| error.get(key).and_then(Value::as_str);
    if let (Some(field), Some(reason)) = (text("field"), text("reason")) {
        return format!("{field}: {reason}");
    }
    if text("kind") == Some("executionFailed") {
        return "the engine ended the run: the block trapped, timed out or ran out of retries"
            .into();
    }
    let status = error.get("status").and_then(Value::as_u64).unwrap_or(0);
    let mut message = match (text("errorSummary"), text("errorCode"), text("reason")) {
        (Some(summary), Some(code), _) => format!("{summary} ({code}, HTTP {status})"),
        (Some(summary), None, _) => format!("{summary} (HTTP {status})"),
        (None, _, Some(reason)) => format!("{reason} (HTTP {status})"),
        _ => format!("HTTP {status}"),
    };
    if let Some(causes) = error
        .get("errorCauses")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty())
    {
        let causes: Vec<&str> = causes.iter().filter_map(Value::as_str).collect();
        message.push_str(": ");
        message.push_str(&causes.join("; "));
    }
    if let Some(seconds) = error.get("retryAfterSeconds").and_then(Value::as_u64) {
        message.push_str(&format!(". Retry after {seconds} s"));
    }
    message
}
