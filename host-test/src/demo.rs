//! The main job: an IT admin's onboarding and offboarding workflow, run step by step through the
//! component against an emulated org, printing what each step sent and returned.

use crate::emulator::{DEMO_DOMAIN, DEMO_TOKEN, Emulator};
use crate::hooks::Outcome;
use crate::{Block, Session};
use anyhow::{Result, bail};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

/// What a run did, for tests and the closing line.
#[derive(Debug, Default)]
pub struct Summary {
    pub steps: usize,
    pub requests: usize,
}

/// One step: what a workflow builder would name it, the operation, and its input (ids from
/// earlier steps are filled in by the closure).
struct Step {
    title: &'static str,
    operation: &'static str,
    input: Box<dyn Fn(&Context) -> Value>,
    /// Whether the step is expected to fail (the final lookup of a deleted user).
    expect_failure: bool,
}

#[derive(Default)]
struct Context {
    user_id: String,
    group_id: String,
}

fn step(
    title: &'static str,
    operation: &'static str,
    input: impl Fn(&Context) -> Value + 'static,
) -> Step {
    Step {
        title,
        operation,
        input: Box::new(input),
        expect_failure: false,
    }
}

fn steps() -> Vec<Step> {
    vec![
        step(
            "Onboarding: create Ada's account, staged until her first day",
            "create_user",
            |_| {
                json!({ "firstName": "Ada", "lastName": "Lovelace", "email": "ada.lovelace@example.com",
                    "title": "Software Engineer", "department": "Engineering", "activate": false,
                    "password": "Analytical-Engine-1843",
                    "profile": { "employeeNumber": "1815", "costCenter": "ENG-42" } })
            },
        ),
        step(
            "Her first day: activate without an email",
            "activate_user",
            |c| json!({ "userId": c.user_id, "sendEmail": false }),
        ),
        step(
            "Find the Engineering group",
            "list_groups",
            |_| json!({ "q": "Engineering" }),
        ),
        step(
            "Add Ada to Engineering",
            "add_user_to_group",
            |c| json!({ "groupId": c.group_id, "userId": c.user_id }),
        ),
        step(
            "Run the same step again: nothing changes, and the block says so",
            "add_user_to_group",
            |c| json!({ "groupId": c.group_id, "userId": c.user_id }),
        ),
        step(
            "Every Engineering member, all pages",
            "list_group_members",
            |c| json!({ "groupId": c.group_id, "returnAll": true }),
        ),
        step(
            "Ada's groups (Okta always includes Everyone)",
            "list_user_groups",
            |c| json!({ "userId": c.user_id }),
        ),
        step(
            "A later change of title keeps every other field",
            "update_user",
            |c| json!({ "userId": c.user_id, "title": "Senior Software Engineer", "department": "" }),
        ),
        step(
            "Offboarding: suspend at once",
            "suspend_user",
            |c| json!({ "userId": c.user_id }),
        ),
        step(
            "End her sessions and revoke her OAuth tokens",
            "clear_user_sessions",
            |c| json!({ "userId": c.user_id, "oauthTokens": true }),
        ),
        step(
            "Remove her from Engineering",
            "remove_user_from_group",
            |c| json!({ "groupId": c.group_id, "userId": c.user_id }),
        ),
        step(
            "Deactivate (memberships stay until deletion)",
            "deactivate_user",
            |c| json!({ "userId": c.user_id }),
        ),
        step(
            "Delete: she is deactivated, so this deletes for good",
            "delete_user",
            |c| json!({ "userId": c.user_id }),
        ),
        Step {
            expect_failure: true,
            ..step(
                "Check: Okta no longer knows her",
                "get_user",
                |c| json!({ "userId": c.user_id, "maxRetries": 0 }),
            )
        },
    ]
}

/// Runs the workflow against `org` and writes a readable account of it to `out`.
pub async fn run(org: Arc<Emulator>, out: &mut impl Write) -> Result<Summary> {
    let session = Session::in_process(org);
    let block = Block::shared();
    let mut context = Context::default();
    let mut summary = Summary::default();
    writeln!(
        out,
        "okta-block demo: onboarding and offboarding through the component, against the emulated org {DEMO_DOMAIN}\n"
    )?;
    for (number, step) in steps().into_iter().enumerate() {
        let mut input = (step.input)(&context);
        input["domain"] = json!(DEMO_DOMAIN);
        input["apiKey"] = json!(DEMO_TOKEN);
        let before = session.exchanges().len();
        let output = block.call(&session, step.operation, &input).await?;
        writeln!(out, "{}. {}  [{}]", number + 1, step.title, step.operation)?;
        for exchange in &session.exchanges()[before..] {
            let status = match &exchange.outcome {
                Outcome::Answered(response) => response.status.to_string(),
                other => format!("{other:?}"),
            };
            writeln!(
                out,
                "   {} {} -> {status}",
                exchange.request.method,
                exchange.request.path_and_query()
            )?;
        }
        writeln!(
            out,
            "{}\n",
            indent(&serde_json::to_string_pretty(&shorten(&output))?)
        )?;
        let succeeded = output["success"] == true;
        if succeeded == step.expect_failure {
            bail!(
                "step {} ({}) did not go as the workflow expects: {output}",
                number + 1,
                step.operation
            );
        }
        match step.operation {
            "create_user" => {
                context.user_id = output["id"].as_str().unwrap_or_default().to_string()
            }
            "list_groups" => {
                let engineering = output["groups"]
                    .as_array()
                    .and_then(|groups| groups.iter().find(|g| g["name"] == "Engineering"));
                context.group_id = engineering
                    .and_then(|g| g["id"].as_str())
                    .unwrap_or_default()
                    .to_string();
            }
            _ => {}
        }
        summary.steps += 1;
    }
    summary.requests = session.exchanges().len();
    writeln!(
        out,
        "Done: {} steps, {} requests to the org, the API token never shown.",
        summary.steps, summary.requests
    )?;
    Ok(summary)
}

/// Long lists are cut to their first three entries, so each step fits on a screen.
fn shorten(value: &Value) -> Value {
    match value {
        Value::Array(items) if items.len() > 3 => {
            let mut kept: Vec<Value> = items.iter().take(3).map(shorten).collect();
            kept.push(Value::String(format!("… and {} more", items.len() - 3)));
            Value::Array(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(shorten).collect()),
        Value::Object(object) => Value::Object(
            object
                .iter()
                // The full profile repeats the flat fields; keep the output readable.
                .filter(|(key, _)| key.as_str() != "profile" || !object.contains_key("firstName"))
                .map(|(k, v)| (k.clone(), shorten(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("   {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
