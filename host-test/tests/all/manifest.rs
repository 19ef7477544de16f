//! blocks.json must agree with the component: the same operations, and for each one the same
//! input and output fields with the same types and requiredness; and the block's one
//! `connection` schema the same fields as the `connection` record every input starts with. The
//! component side is read from the compiled component's own types, not from the WIT text.

use okta_block_host::Block;
use okta_block_host::convert::{FLATTENED, is_json_text, json_name};
use okta_block_host::manifest::Manifest;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wasmtime::component::Type;

/// A JSON Schema type for a WIT type, as blocks.json must declare it.
fn schema_type(ty: &Type) -> Value {
    match ty {
        Type::String => json!("string"),
        Type::Bool => json!("boolean"),
        Type::U16 | Type::U32 | Type::U64 => json!("integer"),
        Type::List(_) => json!("array"),
        Type::Record(_) => json!("object"),
        other => panic!("no JSON Schema type for {other:?}"),
    }
}

/// Compares one schema with one record type; returns every disagreement found.
fn compare(path: &str, schema: &Value, record: &Type, output: bool, problems: &mut Vec<String>) {
    let Type::Record(record) = record else {
        panic!("{path} is not a record")
    };
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut expected = BTreeMap::new();
    // An input's connection is declared once for the block, not in each operation's schema.
    for field in record.fields().filter(|f| output || f.name != FLATTENED) {
        expected.insert(json_name(field.name), (field.ty, is_json_text(field.name)));
    }
    for name in properties.keys() {
        if !(expected.contains_key(name) || (output && name == "success")) {
            problems.push(format!(
                "{path}.{name} is in blocks.json but not in the component"
            ));
        }
    }
    for (name, (ty, json_text)) in &expected {
        let Some(property) = properties.get(name) else {
            problems.push(format!(
                "{path}.{name} is in the component but not in blocks.json"
            ));
            continue;
        };
        let (inner, optional) = match ty {
            Type::Option(option) => (option.ty(), true),
            other => (other.clone(), false),
        };
        let declared = &property["type"];
        // JSON-text fields are objects on the JSON face.
        let wanted = if *json_text {
            json!("object")
        } else {
            schema_type(&inner)
        };
        let type_ok = if output && optional {
            *declared == json!([wanted.clone(), "null"])
        } else {
            *declared == wanted
        };
        if !type_ok {
            problems.push(format!("{path}.{name} has type {declared} in blocks.json, the component says {wanted} (optional: {optional})"));
        }
        // Inputs: required exactly when not optional. Outputs: every key is always present.
        let must_be_required = output || !optional;
        if required.contains(&name.as_str()) != must_be_required {
            problems.push(format!(
                "{path}.{name}: required in blocks.json is {}, expected {must_be_required}",
                !must_be_required
            ));
        }
        match (&inner, property.get("items")) {
            (Type::List(list), Some(items)) => match list.ty() {
                record @ Type::Record(_) => compare(
                    &format!("{path}.{name}[]"),
                    items,
                    &record,
                    output,
                    problems,
                ),
                // A list of texts or numbers: its items' type.
                scalar => {
                    let wanted = schema_type(&scalar);
                    if items["type"] != wanted {
                        problems.push(format!(
                            "{path}.{name}[] has type {} in blocks.json, the component says {wanted}",
                            items["type"]
                        ));
                    }
                }
            },
            (Type::List(_), None) => {
                problems.push(format!("{path}.{name} is a list without `items`"))
            }
            (Type::Record(_), _) => compare(
                &format!("{path}.{name}"),
                property,
                &inner,
                output,
                problems,
            ),
            _ => {}
        }
    }
    if output
        && !path.ends_with("[]")
        && properties.get("success").map(|s| &s["type"]) != Some(&json!("boolean"))
    {
        problems.push(format!("{path} does not declare `success`"));
    }
}

/// Checks a manifest against the component and returns every disagreement.
fn disagreements(manifest: &Manifest) -> Vec<String> {
    let block = Block::shared();
    let engine = block.engine();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut compared_connection = false;
    for operation in manifest.operations() {
        let id = operation["id"].as_str().unwrap_or_default();
        seen.push(id.to_string());
        let Some(export) = block.operations().get(id) else {
            problems.push(format!(
                "operation {id} is in blocks.json but not exported by the component"
            ));
            continue;
        };
        let function = format!("{}#{}", export.interface, export.function);
        if operation["function"] != function {
            problems.push(format!(
                "{id}: function is {}, the component exports {function}",
                operation["function"]
            ));
        }
        let ty = block
            .component()
            .component_type()
            .get_export(engine, &export.interface)
            .and_then(|i| match i.ty {
                wasmtime::component::types::ComponentItem::ComponentInstance(i) => {
                    i.get_export(engine, &export.function).map(|f| f.ty)
                }
                _ => None,
            });
        let Some(wasmtime::component::types::ComponentItem::ComponentFunc(func)) = ty else {
            problems.push(format!("{id}: no function type"));
            continue;
        };
        let (_, input) = func
            .params()
            .next()
            .expect("every operation takes one input");
        let connection = match &input {
            Type::Record(record) => record.fields().find(|f| f.name == FLATTENED).map(|f| f.ty),
            _ => None,
        };
        match connection {
            Some(connection) if !compared_connection => {
                compare(
                    "block.connection",
                    &manifest.json["block"]["connection"],
                    &connection,
                    false,
                    &mut problems,
                );
                compared_connection = true;
            }
            Some(_) => {}
            None => problems.push(format!("{id}: the input does not start with a connection")),
        }
        compare(
            &format!("{id}.input"),
            &operation["input"],
            &input,
            false,
            &mut problems,
        );
        let Some(Type::Result(result)) = func.results().next() else {
            panic!("{id} must return a result")
        };
        compare(
            &format!("{id}.output"),
            &operation["output"],
            &result.ok().expect("an ok type"),
            true,
            &mut problems,
        );
    }
    for id in block.operations().keys() {
        if !seen.contains(id) {
            problems.push(format!(
                "operation {id} is exported by the component but missing from blocks.json"
            ));
        }
    }
    problems
}

#[test]
fn blocks_json_is_what_the_generator_writes() {
    let generated = okta_block_host::blocks::generate(Block::shared()).unwrap();
    if generated != okta_block_host::manifest::MANIFEST_JSON {
        let path = concat!(env!("CARGO_TARGET_TMPDIR"), "/blocks.generated.json");
        std::fs::write(path, &generated).unwrap();
        panic!(
            "blocks.json is not what the generator writes from the component, the WIT docs and \
             blocks.overlay.json: run `cargo run -- manifest > blocks.json` (this run's output is \
             in {path})"
        );
    }
}

#[test]
fn the_generator_refuses_an_undocumented_field_or_an_unknown_overlay_entry() {
    use okta_block_host::blocks::{OVERLAY_JSON, WIT, generate_from};
    let block = Block::shared();

    // get_user's one field, without its doc comment.
    let doc = "        /// An Okta user ID, a login (e.g. jane.doe@example.com), or a login's short name.\n";
    let field = "        user-id: string,\n    }\n\n    record user-detail";
    let documented = format!("{doc}{field}");
    assert!(
        WIT.contains(&documented),
        "the WIT changed: update this test"
    );
    let undocumented = WIT.replacen(&documented, field, 1);
    let error = generate_from(block, OVERLAY_JSON, &undocumented).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("document the WIT field `user-id`"),
        "{error}"
    );

    let mut overlay: Value = serde_json::from_str(OVERLAY_JSON).unwrap();
    overlay["operations"][1]["input"]["userID"] = json!({ "title": "A typo" });
    let error = generate_from(block, &overlay.to_string(), WIT).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("get_user.userID is not an input field"),
        "{error}"
    );

    let mut overlay: Value = serde_json::from_str(OVERLAY_JSON).unwrap();
    overlay["operations"].as_array_mut().unwrap().remove(1);
    let error = generate_from(block, &overlay.to_string(), WIT).unwrap_err();
    assert!(error.to_string().contains("`get_user`"), "{error}");
}

#[test]
fn blocks_json_agrees_with_the_component() {
    let problems = disagreements(Manifest::embedded());
    assert!(
        problems.is_empty(),
        "blocks.json disagrees with the component:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_catches_each_kind_of_disagreement() {
    let original = Manifest::embedded().json.clone();
    let mutate = |change: &dyn Fn(&mut Value)| {
        let mut json = original.clone();
        change(&mut json);
        disagreements(&Manifest { json })
    };
    let find = |json: &mut Value, id: &str| -> usize {
        json["operations"]
            .as_array()
            .unwrap()
            .iter()
            .position(|op| op["id"] == id)
            .unwrap()
    };
    let missing_operation = mutate(&|json| {
        let i = find(json, "suspend_user");
        json["operations"].as_array_mut().unwrap().remove(i);
    });
    assert!(
        missing_operation
            .iter()
            .any(|p| p.contains("suspend_user is exported by the component but missing"))
    );

    let extra_operation = mutate(&|json| {
        let mut op = json["operations"][0].clone();
        op["id"] = json!("list_everything");
        json["operations"].as_array_mut().unwrap().push(op);
    });
    assert!(
        extra_operation
            .iter()
            .any(|p| p.contains("list_everything is in blocks.json but not exported"))
    );

    let renamed = mutate(&|json| {
        let i = find(json, "get_user");
        let props = json["operations"][i]["input"]["properties"]
            .as_object_mut()
            .unwrap();
        let v = props.remove("userId").unwrap();
        props.insert("userID".into(), v);
    });
    assert!(renamed.iter().any(|p| p.contains("get_user.input.userID is in blocks.json but not in the component")));
    assert!(renamed.iter().any(|p| p.contains("get_user.input.userId is in the component but not in blocks.json")));

    let retyped = mutate(&|json| {
        let i = find(json, "list_users");
        json["operations"][i]["input"]["properties"]["limit"]["type"] = json!("string");
    });
    assert!(
        retyped
            .iter()
            .any(|p| p.contains("list_users.input.limit has type"))
    );

    let optional_made_required = mutate(&|json| {
        let i = find(json, "list_users");
        json["operations"][i]["input"]["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("search"));
    });
    assert!(
        optional_made_required
            .iter()
            .any(|p| p.contains("list_users.input.search: required"))
    );

    let connection = mutate(&|json| {
        json["block"]["connection"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("timeoutSeconds");
    });
    assert!(connection.iter().any(|p| {
        p.contains("block.connection.timeoutSeconds is in the component but not in blocks.json")
    }));

    let nested = mutate(&|json| {
        let i = find(json, "list_groups");
        json["operations"][i]["output"]["properties"]["groups"]["items"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("description");
    });
    assert!(nested.iter().any(|p| p.contains(
        "list_groups.output.groups[].description is in the component but not in blocks.json"
    )));
}

#[test]
fn blocks_json_declares_credentials_and_egress() {
    let json = &Manifest::embedded().json;
    let block = &json["block"];
    for key in ["id", "name", "description", "version", "category", "icon"] {
        assert!(
            block[key].as_str().is_some_and(|v| !v.is_empty()),
            "block.{key}"
        );
    }
    assert_eq!(block["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(block["component"]["world"], "okta-block:okta/block@0.4.0");
    // The connection, declared once for the block: the token is a secret, write-only field.
    let connection = &block["connection"];
    assert_eq!(
        connection["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let api_key = &connection["properties"]["apiKey"];
    assert_eq!(api_key["x-secret"], true);
    assert_eq!(api_key["writeOnly"], true);
    assert!(connection["properties"]["domain"]["x-placeholder"].is_string());
    assert_eq!(connection["required"], json!(["domain", "apiKey"]));
    let egress: Vec<&str> = block["egress"]["allow"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for domain in [
        "*.okta.com",
        "*.oktapreview.com",
        "*.okta-emea.com",
        "*.okta-gov.com",
        "*.okta.mil",
        "*.trexcloud.com",
    ] {
        assert!(egress.contains(&domain), "{domain}");
    }
    for operation in Manifest::embedded().operations() {
        let id = operation["id"].as_str().unwrap();
        for key in ["title", "description", "function"] {
            assert!(
                operation[key].as_str().is_some_and(|v| !v.is_empty()),
                "{id}.{key}"
            );
        }
        for schema in [&operation["input"], &operation["output"]] {
            assert_eq!(
                schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{id}"
            );
        }
        // No operation repeats the connection.
        for field in [
            "domain",
            "apiKey",
            "maxRetries",
            "timeoutSeconds",
            "authScheme",
        ] {
            assert!(
                operation["input"]["properties"].get(field).is_none(),
                "{id} repeats the connection's {field}"
            );
        }
    }
}
