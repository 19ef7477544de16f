//! blocks.json, generated: `cargo run -- manifest > blocks.json` (a test fails when the
//! checked-in file differs from what this writes).
//!
//! Four sources, each for what only it knows:
//! - **the compiled component's own types**: the operations, their fields, types,
//!   requiredness and nesting (what the engine's JSON must match), and the error schema from the
//!   `okta-error` variant (its kinds, and which fields each kind carries);
//! - **the WIT doc comments** (`wit/okta.wit`): every field's, operation's and error kind's
//!   description;
//! - **the guest's own bounds** (`src/limits.rs`, as `crate::limits`): minimum, maximum and default
//!   of the numbers it checks, so the forms refuse what the block would;
//! - and a small hand-kept overlay (`blocks.overlay.json`) for what types cannot say: the
//!   block's identity, icon, egress and conventions, the descriptions of the error fields
//!   (each merges several kinds), and per field its title, examples, placeholder, enum,
//!   advanced flag, when it is shown, and any other default.

use crate::convert::{FLATTENED, is_json_text, json_name};
use crate::limits;
use crate::runtime::Block;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Map, Value, json};
use wasmtime::component::Type;
use wasmtime::component::types::ComponentItem;
use wit_parser::{Resolve, TypeDefKind};

/// The overlay, as the host was built with it.
pub const OVERLAY_JSON: &str = include_str!("../../blocks.overlay.json");
/// The contract, for its doc comments.
pub const WIT: &str = include_str!("../../wit/okta.wit");
const SCHEMA: &str = "https://json-schema.org/draft/2020-12/schema";

/// blocks.json for `block`, as pretty JSON with a final newline.
pub fn generate(block: &Block) -> Result<String> {
    generate_from(block, OVERLAY_JSON, WIT)
}

/// The same from another overlay and WIT text (whose types must be the component's).
pub fn generate_from(block: &Block, overlay: &str, wit: &str) -> Result<String> {
    let overlay: Value = serde_json::from_str(overlay).context("blocks.overlay.json")?;
    let mut resolve = Resolve::new();
    let package = resolve.push_source("okta.wit", wit)?;
    let generator = Generator {
        block,
        resolve: &resolve,
    };
    let manifest = generator.manifest(&overlay, package)?;
    Ok(serde_json::to_string_pretty(&manifest)? + "\n")
}

struct Generator<'a> {
    block: &'a Block,
    resolve: &'a Resolve,
}

impl Generator<'_> {
    fn manifest(&self, overlay: &Value, package: wit_parser::PackageId) -> Result<Value> {
        let name = &self.resolve.packages[package].name;
        let version = name
            .version
            .as_ref()
            .map(|v| format!("@{v}"))
            .unwrap_or_default();
        let package_id = format!("{}:{}{version}", name.namespace, name.name);
        let world = format!("{}:{}/block{version}", name.namespace, name.name);

        let mut block = Map::new();
        for (key, value) in object(&overlay["block"], "block")? {
            match key.as_str() {
                "component" => {
                    let mut component = object(value, "block.component")?.clone();
                    component.insert("world".into(), json!(world));
                    component.insert("package".into(), json!(package_id));
                    block.insert(key.clone(), Value::Object(component));
                }
                "connection" => {
                    block.insert(key.clone(), self.connection(value)?);
                }
                _ => {
                    block.insert(key.clone(), value.clone());
                }
            }
            if key == "description" {
                block.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
            }
        }

        let exported = self.block.operations();
        let listed = overlay["operations"]
            .as_array()
            .ok_or_else(|| anyhow!("blocks.overlay.json has no operations"))?;
        let mut operations = Vec::new();
        for op in listed {
            let id = op["id"].as_str().unwrap_or_default();
            if !exported.contains_key(id) {
                bail!("blocks.overlay.json lists `{id}`, which the component does not export");
            }
            operations.push(self.operation(id, op)?);
        }
        for id in exported.keys() {
            if !listed.iter().any(|op| op["id"] == id.as_str()) {
                bail!("the component exports `{id}`: give it an entry in blocks.overlay.json");
            }
        }
        Ok(json!({
            "manifestVersion": overlay["manifestVersion"],
            "block": block,
            "errorSchema": self.error_schema(&overlay["errorSchema"])?,
            "operations": operations,
        }))
    }

    /// What every operation returns on failure, from the `okta-error` variant: `kind` names the
    /// case, and the case's fields sit beside it, flattened as the JSON face writes them (a
    /// nested record's fields too; a text payload is `message`).
    fn error_schema(&self, overlay: &Value) -> Result<Value> {
        let (function, _) = self.signature("get_user")?;
        let Some(Type::Result(result)) = function.results().next() else {
            bail!("get_user does not return a result");
        };
        let Some(Type::Variant(variant)) = result.err() else {
            bail!("the error type is not a variant");
        };
        let wit = self
            .resolve
            .types
            .iter()
            .find_map(|(_, def)| match &def.kind {
                TypeDefKind::Variant(v) if def.name.as_deref() == Some("okta-error") => Some(v),
                _ => None,
            })
            .ok_or_else(|| anyhow!("no WIT variant okta-error"))?;
        let described = |name: &str| -> Result<Value> {
            overlay["fields"]
                .get(name)
                .cloned()
                .ok_or_else(|| anyhow!("blocks.overlay.json: describe the error field `{name}`"))
        };

        let mut kinds = Vec::new();
        let mut kind_docs = Vec::new();
        let mut properties = Map::new();
        properties.insert(
            "message".into(),
            json!({ "type": "string", "description": described("message")? }),
        );
        let mut cases = Vec::new();
        for case in variant.cases() {
            let kind = json_name(case.name);
            let doc = wit
                .cases
                .iter()
                .find(|c| c.name == case.name)
                .and_then(|c| docs(&c.docs))
                .ok_or_else(|| anyhow!("document the okta-error case `{}`", case.name))?;
            kind_docs.push(format!("{kind}: {}", doc.trim_end_matches('.')));
            // The case's fields as the JSON face flattens them.
            let mut fields: Vec<(String, Type)> = Vec::new();
            match &case.ty {
                Some(Type::Record(record)) => {
                    for field in record.fields() {
                        match &field.ty {
                            Type::Record(inner) => fields
                                .extend(inner.fields().map(|f| (json_name(f.name), f.ty.clone()))),
                            other => fields.push((json_name(field.name), other.clone())),
                        }
                    }
                }
                Some(_) => fields.push(("message".into(), Type::String)),
                None => {}
            }
            let mut required = Vec::new();
            for (name, ty) in fields {
                required.push(json!(name));
                if name == "message" {
                    continue;
                }
                let (inner, output_type) = output_type(&ty, "")?;
                let mut property = Map::new();
                property.insert("type".into(), output_type);
                match &inner {
                    Type::U16 => {
                        property.insert("minimum".into(), json!(0));
                        property.insert("maximum".into(), json!(u16::MAX));
                    }
                    Type::U32 | Type::U64 => {
                        property.insert("minimum".into(), json!(0));
                    }
                    Type::List(list) => {
                        property.insert(
                            "items".into(),
                            json!({ "type": json_type(&list.ty(), "")? }),
                        );
                    }
                    _ => {}
                }
                property.insert("description".into(), described(&name)?);
                let property = Value::Object(property);
                match properties.get(&name) {
                    Some(seen) if seen != &property => {
                        bail!("the error field `{name}` has two types in okta-error")
                    }
                    Some(_) => {}
                    None => {
                        properties.insert(name, property);
                    }
                }
            }
            // A case without fields (`execution-failed`) requires nothing beyond `kind`.
            if !required.is_empty() {
                cases.push(json!({
                    "if": { "properties": { "kind": { "const": kind } } },
                    "then": { "required": required },
                }));
            }
            kinds.push(json!(kind));
        }
        let mut error = Map::new();
        error.insert("type".into(), json!("object"));
        let mut all = Map::new();
        all.insert(
            "kind".into(),
            json!({ "type": "string", "enum": kinds, "description": kind_docs.join("; ") }),
        );
        all.extend(properties);
        error.insert("properties".into(), Value::Object(all));
        error.insert("required".into(), json!(["kind"]));
        error.insert("additionalProperties".into(), json!(false));
        error.insert("allOf".into(), json!(cases));
        Ok(with_schema(
            overlay["title"].clone(),
            Some(overlay["description"].clone()),
            json!({
                "type": "object",
                "properties": {
                    "success": { "type": "boolean", "const": false, "description": overlay["success"] },
                    "error": error,
                },
                "required": ["success", "error"],
                "additionalProperties": false,
            }),
        ))
    }

    /// The block's one connection form, from the `connection` record every input starts with.
    fn connection(&self, overlay: &Value) -> Result<Value> {
        let (_, input) = self.signature("get_user")?;
        let Type::Record(record) = input else {
            bail!("get_user's input is not a record");
        };
        let connection = record
            .fields()
            .find(|f| f.name == FLATTENED)
            .map(|f| f.ty)
            .ok_or_else(|| anyhow!("get_user's input has no connection"))?;
        let wit = self.wit_record_named("connection")?;
        let schema = self.input_schema("connection", &connection, wit, &overlay["fields"])?;
        Ok(with_schema(
            overlay["title"].clone(),
            Some(overlay["description"].clone()),
            schema,
        ))
    }

    fn operation(&self, id: &str, overlay: &Value) -> Result<Value> {
        let (function, input) = self.signature(id)?;
        let title = overlay["title"]
            .as_str()
            .ok_or_else(|| anyhow!("{id}: no title in blocks.overlay.json"))?;
        let export = &self.block.operations()[id];
        let wit_function = self.wit_function(&export.function)?;
        let description = docs(&wit_function.docs)
            .ok_or_else(|| anyhow!("{id}: document the WIT function `{}`", export.function))?;
        let input_wit = match wit_function.params.first() {
            Some(param) => self.wit_record(&param.ty),
            None => None,
        }
        .ok_or_else(|| anyhow!("{id}: the WIT input is not a record"))?;
        let output_wit = match &wit_function.result {
            Some(wit_parser::Type::Id(id)) => match &self.resolve.types[*id].kind {
                TypeDefKind::Result(result) => {
                    result.ok.as_ref().and_then(|ok| self.wit_record(ok))
                }
                _ => None,
            },
            _ => None,
        }
        .ok_or_else(|| anyhow!("{id}: the WIT result is not result<record, _>"))?;
        let Some(Type::Result(result)) = function.results().next() else {
            bail!("{id} does not return a result");
        };
        let output = result.ok().ok_or_else(|| anyhow!("{id}: no output type"))?;

        let input_schema = self.input_schema(id, &input, input_wit, &overlay["input"])?;
        let output_schema = self.output_schema(id, &output, output_wit)?;
        Ok(json!({
            "id": id,
            "title": title,
            "description": description,
            "function": format!("{}#{}", export.interface, export.function),
            "input": with_schema(json!(format!("{title}: input")), None, input_schema),
            "output": with_schema(json!(format!("{title}: output")), None, output_schema),
        }))
    }

    /// The input fields of a record (the connection's left out: it is the block's).
    fn input_schema(
        &self,
        id: &str,
        ty: &Type,
        wit: &wit_parser::Record,
        overlay: &Value,
    ) -> Result<Value> {
        let Type::Record(record) = ty else {
            bail!("{id}: the input is not a record");
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in record.fields().filter(|f| f.name != FLATTENED) {
            let name = json_name(field.name);
            let (inner, optional) = unwrap_option(&field.ty);
            let mut property = Map::new();
            property.insert("type".into(), json_type(&inner, field.name)?);
            let extra = &overlay[&name];
            if let Some(title) = extra.get("title") {
                property.insert("title".into(), title.clone());
            }
            property.insert(
                "description".into(),
                json!(self.field_doc(wit, field.name, id)?),
            );
            if let Some(extra) = extra.as_object() {
                for (key, value) in extra.iter().filter(|(key, _)| *key != "title") {
                    property.insert(key.clone(), value.clone());
                }
            }
            // A required text must not be blank, unless the overlay says otherwise (`apiKey`
            // may be empty: the block then reads the token from its environment).
            if !optional && inner == Type::String {
                property.entry("minLength").or_insert(json!(1));
            }
            if let Type::List(list) = &inner {
                property.insert(
                    "items".into(),
                    json!({ "type": json_type(&list.ty(), "")? }),
                );
            }
            for (key, value) in bounds(id, &name) {
                property.insert(key.into(), value);
            }
            if !optional {
                required.push(json!(name));
            }
            properties.insert(name, Value::Object(property));
        }
        if let Some(unknown) = overlay
            .as_object()
            .and_then(|o| o.keys().find(|k| !properties.contains_key(*k)))
        {
            bail!("blocks.overlay.json: {id}.{unknown} is not an input field of the component");
        }
        Ok(json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }))
    }

    /// An output record: every key always present, absent options as null.
    fn output_schema(&self, id: &str, ty: &Type, wit: &wit_parser::Record) -> Result<Value> {
        let mut schema = self.output_record(id, ty, wit)?;
        let object = object_mut(&mut schema)?;
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            properties.insert(
                "success".into(),
                json!({ "description": "Operation success status", "type": "boolean", "const": true }),
            );
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.push(json!("success"));
        }
        Ok(schema)
    }

    fn output_record(&self, id: &str, ty: &Type, wit: &wit_parser::Record) -> Result<Value> {
        let Type::Record(record) = ty else {
            bail!("{id}: an output is not a record");
        };
        let mut properties = Map::new();
        for field in record.fields() {
            let name = json_name(field.name);
            let (inner, output_type) = output_type(&field.ty, field.name)?;
            let mut property = Map::new();
            property.insert(
                "description".into(),
                json!(self.field_doc(wit, field.name, id)?),
            );
            property.insert("type".into(), output_type);
            match &inner {
                Type::U16 | Type::U32 | Type::U64 => {
                    property.insert("minimum".into(), json!(0));
                }
                Type::List(list) => {
                    let element = list.ty();
                    let items = match &element {
                        Type::Record(_) => {
                            let wit_field = wit
                                .fields
                                .iter()
                                .find(|f| f.name == field.name)
                                .and_then(|f| self.wit_record(&f.ty))
                                .ok_or_else(|| anyhow!("{id}.{name}: no WIT record"))?;
                            self.output_record(id, &element, wit_field)?
                        }
                        other => json!({ "type": json_type(other, "")? }),
                    };
                    property.insert("items".into(), items);
                }
                _ => {}
            }
            properties.insert(name, Value::Object(property));
        }
        let required: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
        Ok(json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }))
    }

    /// The exported function of an operation and its input type.
    fn signature(&self, id: &str) -> Result<(wasmtime::component::types::ComponentFunc, Type)> {
        let engine = self.block.engine();
        let export = self
            .block
            .operations()
            .get(id)
            .ok_or_else(|| anyhow!("the component does not export {id}"))?;
        let instance = self
            .block
            .component()
            .component_type()
            .get_export(engine, &export.interface)
            .map(|item| item.ty);
        let Some(ComponentItem::ComponentInstance(instance)) = instance else {
            bail!("{id}: no interface {}", export.interface);
        };
        let Some(ComponentItem::ComponentFunc(function)) = instance
            .get_export(engine, &export.function)
            .map(|item| item.ty)
        else {
            bail!("{id}: no function {}", export.function);
        };
        let input = function
            .params()
            .next()
            .map(|(_, ty)| ty)
            .ok_or_else(|| anyhow!("{id} takes no input"))?;
        Ok((function, input))
    }

    fn wit_function(&self, name: &str) -> Result<&wit_parser::Function> {
        self.resolve
            .interfaces
            .iter()
            .find_map(|(_, interface)| interface.functions.get(name))
            .ok_or_else(|| anyhow!("no WIT function {name}"))
    }

    fn wit_record_named(&self, name: &str) -> Result<&wit_parser::Record> {
        self.resolve
            .types
            .iter()
            .find_map(|(_, def)| match &def.kind {
                TypeDefKind::Record(record) if def.name.as_deref() == Some(name) => Some(record),
                _ => None,
            })
            .ok_or_else(|| anyhow!("no WIT record {name}"))
    }

    /// The record a WIT type names, through options, lists and `use` aliases.
    fn wit_record(&self, ty: &wit_parser::Type) -> Option<&wit_parser::Record> {
        let wit_parser::Type::Id(id) = ty else {
            return None;
        };
        match &self.resolve.types[*id].kind {
            TypeDefKind::Record(record) => Some(record),
            TypeDefKind::Option(inner) | TypeDefKind::List(inner) | TypeDefKind::Type(inner) => {
                self.wit_record(inner)
            }
            _ => None,
        }
    }

    fn field_doc(&self, record: &wit_parser::Record, field: &str, id: &str) -> Result<String> {
        record
            .fields
            .iter()
            .find(|f| f.name == field)
            .and_then(|f| docs(&f.docs))
            .ok_or_else(|| anyhow!("{id}: document the WIT field `{field}` (a `///` line)"))
    }
}

/// A doc comment as one line of text.
fn docs(docs: &wit_parser::Docs) -> Option<String> {
    let text = docs
        .contents
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>();
    (!text.is_empty()).then(|| text.join(" "))
}

/// Bounds and defaults the guest enforces, for the fields it checks by number.
fn bounds(operation: &str, field: &str) -> Vec<(&'static str, Value)> {
    match field {
        "maxRetries" => vec![
            ("minimum", json!(0)),
            ("maximum", json!(limits::MAX_RETRIES)),
            ("default", json!(limits::DEFAULT_MAX_RETRIES)),
        ],
        "timeoutSeconds" => vec![
            ("minimum", json!(1)),
            ("maximum", json!(limits::MAX_TIMEOUT_SECONDS)),
            ("default", json!(limits::DEFAULT_TIMEOUT_SECONDS)),
        ],
        "limit" => limits::PAGE_MAX
            .iter()
            .find(|(id, _)| *id == operation)
            .map(|(_, max)| vec![("minimum", json!(1)), ("maximum", json!(max))])
            .unwrap_or_default(),
        // No default: a filled-in maxResults without returnAll is refused.
        "maxResults" => vec![
            ("minimum", json!(1)),
            ("maximum", json!(limits::MAX_MAX_RESULTS)),
        ],
        _ => Vec::new(),
    }
}

/// An output field's type without its option, and its JSON type: every key is always present,
/// so an absent option is `null`.
fn output_type(ty: &Type, field: &str) -> Result<(Type, Value)> {
    let (inner, optional) = unwrap_option(ty);
    let base = json_type(&inner, field)?;
    let json = if optional {
        json!([base, "null"])
    } else {
        base
    };
    Ok((inner, json))
}

fn unwrap_option(ty: &Type) -> (Type, bool) {
    match ty {
        Type::Option(option) => (option.ty(), true),
        other => (other.clone(), false),
    }
}

/// The JSON Schema type of a WIT type on the JSON face.
fn json_type(ty: &Type, field: &str) -> Result<Value> {
    if is_json_text(field) {
        return Ok(json!("object"));
    }
    Ok(json!(match ty {
        Type::String | Type::Enum(_) => "string",
        Type::Bool => "boolean",
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => "integer",
        Type::List(_) => "array",
        Type::Record(_) => "object",
        other => bail!("{field}: no JSON Schema type for {other:?}"),
    }))
}

/// A top-level schema: `$schema`, its title (and description), then the body.
fn with_schema(title: Value, description: Option<Value>, body: Value) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), json!(SCHEMA));
    out.insert("title".into(), title);
    if let Some(description) = description {
        out.insert("description".into(), description);
    }
    if let Value::Object(rest) = body {
        out.extend(rest);
    }
    Value::Object(out)
}

fn object<'v>(value: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| anyhow!("blocks.overlay.json: {what} is not an object"))
}

fn object_mut(value: &mut Value) -> Result<&mut Map<String, Value>> {
    value
        .as_object_mut()
        .ok_or_else(|| anyhow!("a schema is not an object"))
}
