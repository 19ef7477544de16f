//! The emulated org, driven directly through `Responder::respond`: lifecycle rules, errors,
//! listing grammars, pagination, rate limits, faults, persistence, seeds, apps, admin roles,
//! sessions, group rules, factors, the System Log, and fidelity to the real recordings in
//! `tests/recordings`.

mod access_state;
mod apps;
mod component;
mod factors;
mod faults;
mod fidelity;
mod groups;
mod lifecycle;
mod limits;
mod listing;
mod logs;
mod paging;
mod persistence;
mod roles;
mod rules;
mod sessions;

use okta_block_host::emulator::{DEMO_TOKEN, Emulator, Fault, FaultAction, ManualClock};
use okta_block_host::exchange::{Reply, RequestRecord, ResponseRecord, Transcript, TransportFault};
use okta_block_host::state::StateFile;
use okta_block_host::upstream::Responder;
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "emulator-test-token";
const BASE: &str = "https://acme.okta.com";
const START: &str = "2024-01-08T09:00:00.000Z";

/// An empty org on a manual clock at [`START`].
fn empty_org() -> (Emulator, ManualClock) {
    let clock = ManualClock::at(START).unwrap();
    let org = Emulator::builder()
        .token(TOKEN)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (org, clock)
}

/// The demo org, answering to [`TOKEN`], on a manual clock.
fn demo_org() -> (Emulator, ManualClock) {
    let clock = ManualClock::at(START).unwrap();
    let org = Emulator::builder()
        .demo()
        .token(TOKEN)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (org, clock)
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<String>,
    json: Value,
}

impl Answer {
    fn from(response: ResponseRecord) -> Self {
        let json = response
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        Self {
            status: response.status,
            headers: response.headers,
            body: response.body,
            json,
        }
    }

    fn headers(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers(name).first().copied()
    }

    /// The target of the `rel="next"` link, if any.
    fn next_link(&self) -> Option<String> {
        self.headers("link")
            .into_iter()
            .find(|l| l.ends_with("rel=\"next\""))
            .map(|l| l[1..l.find('>').unwrap()].to_string())
    }

    fn error_code(&self) -> &str {
        self.json["errorCode"].as_str().unwrap_or_default()
    }

    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{:?}", self.body);
        assert_eq!(self.error_code(), code, "{:?}", self.body);
        assert_eq!(self.json["errorLink"], code);
        assert!(self.json["errorId"].as_str().unwrap().starts_with("oae"));
        assert!(self.json["errorCauses"].is_array());
    }
}

fn request(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> RequestRecord {
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if let Some(token) = token {
        headers.push(("Authorization".to_string(), format!("SSWS {token}")));
    }
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    RequestRecord {
        method: method.into(),
        url: if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{BASE}{path}")
        },
        headers,
        body: body.map(|b| b.to_string()),
    }
}

fn reply(org: &Emulator, record: &RequestRecord) -> Reply {
    org.respond(record)
}

fn send(org: &Emulator, record: RequestRecord) -> Answer {
    match reply(org, &record) {
        Reply::Http { response, .. } => Answer::from(response),
        Reply::Transport(fault) => panic!("unexpected transport fault {fault:?}"),
    }
}

fn call(org: &Emulator, method: &str, path: &str, body: Option<Value>) -> Answer {
    send(org, request(method, path, Some(TOKEN), body))
}

fn user_body(first: &str, last: &str, password: bool) -> Value {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let mut body = json!({ "profile": {
        "firstName": first, "lastName": last, "email": login, "login": login
    }});
    if password {
        body["credentials"] = json!({ "password": { "value": "Tr0ub4dor&3" } });
    }
    body
}

/// Creates a user and returns its JSON.
fn create(org: &Emulator, first: &str, last: &str, activate: bool, password: bool) -> Value {
    let answer = call(
        org,
        "POST",
        &format!("/api/v1/users?activate={activate}"),
        Some(user_body(first, last, password)),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json
}

fn lifecycle(org: &Emulator, id: &str, operation: &str) -> Answer {
    call(
        org,
        "POST",
        &format!("/api/v1/users/{id}/lifecycle/{operation}"),
        None,
    )
}

fn status_of(org: &Emulator, id: &str) -> String {
    call(org, "GET", &format!("/api/v1/users/{id}"), None).json["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

fn create_group(org: &Emulator, name: &str) -> String {
    let answer = call(
        org,
        "POST",
        "/api/v1/groups",
        Some(json!({ "profile": { "name": name, "description": format!("{name} people") } })),
    );
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.json["id"].as_str().unwrap().to_string()
}
