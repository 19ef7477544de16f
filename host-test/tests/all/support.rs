//! Shared helpers: a recognisable token, recorded Okta answers, and one-call runners.

use okta_block_host::exchange::{Reply, Transcript};
use okta_block_host::hooks::Exchange;
use okta_block_host::upstream::Script;
use okta_block_host::{Block, Session};
use serde_json::Value;
use std::sync::Arc;

/// A token no output may ever contain.
pub const TOKEN: &str = "00TESTtoken-SECRET-do-not-leak-4242";
pub const DOMAIN: &str = "acme.okta.com";
pub const BASE: &str = "https://acme.okta.com/api/v1";

/// A transcript from `shared/okta-recordings`.
pub fn recording(name: &str) -> Transcript {
    let path = format!("{}/../../shared/okta-recordings/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The recorded answer of one interaction, as a reply.
pub fn recorded(name: &str, index: usize) -> Reply {
    let response = recording(name).interactions[index].response.clone();
    Reply::Http { response, delay: None }
}

/// Runs one operation against scripted replies; returns the output and the exchanges.
pub async fn run(operation: &str, input: Value, replies: Vec<Reply>) -> (Value, Vec<Exchange>) {
    let script = Arc::new(Script::new(replies));
    let session = Session::in_process(script.clone());
    let output = Block::shared().call(&session, operation, &input).await.expect("the host must not fail");
    assert_eq!(script.remaining(), 0, "the operation used fewer replies than scripted");
    let text = output.to_string();
    assert!(!text.contains(TOKEN), "the token leaked into the output: {text}");
    (output, session.exchanges())
}
