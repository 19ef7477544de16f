//! The main job: an IT admin's onboarding and offboarding workflow, run step by step through the
//! component against an emulated org, printing what each step sent and returned.

use crate::emulator::{DEMO_DOMAIN, DEMO_TOKEN, Emulator};
use crate::exchange::{Reply, RequestRecord};
use crate::hooks::Outcome;
use crate::upstream::Responder;
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

/// One step of the workflow.
enum Step {
    /// A call of the block: what a workflow builder would name it, the operation, and its
    /// input (ids from earlier steps are filled in by the closure).
    Call {
        title: &'static str,
        operation: &'static str,
        input: Box<dyn Fn(&Context) -> Value>,
        /// Whether the step is expected to fail (the final lookup of a deleted user).
        expect_failure: bool,
    },
    /// Ada signs in to Okta herself, outside the workflow, so that offboarding has a session
    /// to end.
    SignIn,
}

/// What earlier steps found, for later steps' inputs.
#[derive(Default)]
struct Context {
    user_id: String,
    group_id: String,
    rule_id: String,
    app_id: String,
    session_id: String,
}

const EMAIL: &str = "ada.lovelace@example.com";
const PASSWORD: &str = "Analytical-Engine-1843";

fn step(
    title: &'static str,
    operation: &'static str,
    input: impl Fn(&Context) -> Value + 'static,
) -> Step {
    Step::Call {
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
                json!({ "firstName": "Ada", "lastName": "Lovelace", "email": EMAIL,
                    "title": "Software Engineer", "department": "Engineering", "activate": false,
                    "password": PASSWORD,
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
            "Let a group rule place every engineer in it, now and later",
            "create_group_rule",
            |c| {
                json!({ "name": "Engineering department",
                    "expression": "user.department==\"Engineering\"",
                    "assignUserToGroupIds": [c.group_id] })
            },
        ),
        step(
            "Activate the rule: Okta assigns the engineers, Ada among them",
            "activate_group_rule",
            |c| json!({ "ruleId": c.rule_id }),
        ),
        step(
            "Ada's groups: the rule put her in Engineering (Okta always adds Everyone)",
            "list_user_groups",
            |c| json!({ "userId": c.user_id }),
        ),
        step(
            "Adding her by hand changes nothing, and the block says so",
            "add_user_to_group",
            |c| json!({ "groupId": c.group_id, "userId": c.user_id }),
        ),
        step(
            "Find the expenses app",
            "list_apps",
            |_| json!({ "q": "Acme Expenses" }),
        ),
        step(
            "Give Ada the expenses app (Slack she has through Engineering)",
            "assign_user_to_app",
            |c| json!({ "appId": c.app_id, "userId": c.user_id, "appUserName": EMAIL }),
        ),
        step(
            "Enroll her phone for SMS verification",
            "enroll_factor",
            |c| json!({ "userId": c.user_id, "factorType": "sms", "phoneNumber": "+14155550123" }),
        ),
        Step::SignIn,
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
            "The session she signed in with is still open",
            "get_session",
            |c| json!({ "sessionId": c.session_id }),
        ),
        step(
            "End that session",
            "revoke_session",
            |c| json!({ "sessionId": c.session_id }),
        ),
        step(
            "End any other session, revoke her OAuth tokens, forget her devices",
            "clear_user_sessions",
            |c| json!({ "userId": c.user_id, "oauthTokens": true, "forgetDevices": true }),
        ),
        step(
            "Reset her MFA factors",
            "reset_all_factors",
            |c| json!({ "userId": c.user_id }),
        ),
        step(
            "Take the expenses app away",
            "remove_user_from_app",
            |c| json!({ "appId": c.app_id, "userId": c.user_id }),
        ),
        step(
            "Remove her from Engineering (Slack goes with it; the rule does not put her back)",
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
        Step::Call {
            title: "Check: Okta no longer knows her",
            operation: "get_user",
            input: Box::new(|c| json!({ "userId": c.user_id, "maxRetries": 0 })),
            expect_failure: true,
        },
        step(
            "The System Log: everything that happened to her account, oldest first",
            "get_logs",
            |c| {
                json!({ "filter": format!("target.id eq \"{}\"", c.user_id),
                    "sortOrder": "ASCENDING", "returnAll": true })
            },
        ),
    ]
}

/// Runs the workflow against `org` and writes a readable account of it to `out`.
pub async fn run(org: Arc<Emulator>, out: &mut impl Write) -> Result<Summary> {
    let session = Session::in_process(org.clone());
    let block = Block::shared();
    let mut context = Context::default();
    let mut summary = Summary::default();
    writeln!(
        out,
        "okta-block demo: onboarding and offboarding through the component, against the emulated org {DEMO_DOMAIN}\n"
    )?;
    for (number, step) in steps().into_iter().enumerate() {
        let (title, operation, input, expect_failure) = match step {
            Step::Call {
                title,
                operation,
                input,
                expect_failure,
            } => (title, operation, input, expect_failure),
            Step::SignIn => {
                context.session_id = sign_in(&org, number + 1, out)?;
                summary.steps += 1;
                continue;
            }
        };
        let mut input = input(&context);
        input["domain"] = json!(DEMO_DOMAIN);
        input["apiKey"] = json!(DEMO_TOKEN);
        let before = session.exchanges().len();
        let output = block.call(&session, operation, &input).await?;
        writeln!(out, "{}. {title}  [{operation}]", number + 1)?;
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
        let shown = match operation {
            "get_logs" if output["success"] == true => log_lines(&output),
            _ => indent(&serde_json::to_string_pretty(&shorten(&output))?),
        };
        writeln!(out, "{shown}\n")?;
        let succeeded = output["success"] == true;
        if succeeded == expect_failure {
            bail!(
                "step {} ({operation}) did not go as the workflow expects: {output}",
                number + 1,
            );
        }
        let found = |list: &str, key: &str, value: &str| {
            output[list]
                .as_array()
                .and_then(|items| items.iter().find(|item| item[key] == value))
                .and_then(|item| item["id"].as_str())
                .unwrap_or_default()
                .to_string()
        };
        match operation {
            "create_user" => context.user_id = text(&output["id"]),
            "list_groups" => context.group_id = found("groups", "name", "Engineering"),
            "create_group_rule" => context.rule_id = text(&output["id"]),
            "list_apps" => context.app_id = found("apps", "label", "Acme Expenses"),
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

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// Ada signs in as she would in her browser, through Okta's Authentication API (which needs
/// her password, not the API token), and gets a session; returns its id. Nothing here goes
/// through the block.
fn sign_in(org: &Emulator, number: usize, out: &mut impl Write) -> Result<String> {
    writeln!(
        out,
        "{number}. Meanwhile Ada signs in to Okta herself (her browser, not the block)"
    )?;
    let mut post = |path: &str, body: Value, headers: Vec<(String, String)>| -> Result<Value> {
        let mut request = RequestRecord {
            method: "POST".into(),
            url: format!("https://{DEMO_DOMAIN}{path}"),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(body.to_string()),
        };
        request.headers.extend(headers);
        let Reply::Http { response, .. } = org.respond(&request) else {
            bail!("the emulated org did not answer {path}");
        };
        writeln!(out, "   POST {path} -> {}", response.status)?;
        let answer: Value = serde_json::from_str(response.body.as_deref().unwrap_or("null"))?;
        if response.status != 200 {
            bail!("signing Ada in failed at {path}: {answer}");
        }
        Ok(answer)
    };
    // The Authentication API takes her password and gives a one-time session token...
    let authn = post(
        "/api/v1/authn",
        json!({ "username": EMAIL, "password": PASSWORD }),
        Vec::new(),
    )?;
    // ...which the sign-in page's server, holding an API token, trades for a session.
    let session = post(
        "/api/v1/sessions",
        json!({ "sessionToken": authn["sessionToken"] }),
        vec![("Authorization".into(), format!("SSWS {DEMO_TOKEN}"))],
    )?;
    let id = text(&session["id"]);
    writeln!(out, "   her session: {id}\n")?;
    Ok(id)
}

/// The System Log's events, one line each: when, what, to what outcome.
fn log_lines(output: &Value) -> String {
    let events = output["events"].as_array().map_or(&[][..], Vec::as_slice);
    let mut lines = vec![format!("   {} events:", events.len())];
    for event in events {
        lines.push(format!(
            "   {}  {:<40} {} ({})",
            text(&event["published"]),
            text(&event["eventType"]),
            text(&event["displayMessage"]),
            text(&event["outcomeResult"]),
        ));
    }
    lines.join("\n")
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
                .map(|(key, value)| match key.as_str() {
                    // An app's settings, at length, are not what the workflow is about.
                    "settings" | "visibility" | "accessibility" => (key.clone(), json!("…")),
                    _ => (key.clone(), shorten(value)),
                })
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
