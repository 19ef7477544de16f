//! Every operation the component exports is known everywhere it must be. The list comes from
//! the compiled component (built from the guest's operation table), so adding a row there and
//! forgetting a piece fails here, naming the operation:
//! - blocks.json: `manifest::blocks_json_agrees_with_the_component`;
//! - the tests' inputs: `support::valid_input` panics on an operation it does not know;
//! - the emulated org and README's operation table: the tests below.

use crate::support::*;
use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
use okta_block_host::{Block, Session};
use std::sync::Arc;

/// Okta's answers for a path or method it has no endpoint for.
const NO_SUCH_ENDPOINT: [&str; 2] = ["E0000008", "E0000022"];

#[tokio::test(start_paused = true)]
async fn the_emulated_org_serves_every_operation() {
    let org = Arc::new(Emulator::demo());
    let session = Session::in_process(org);
    let operations = all_operations();
    assert!(operations.len() >= 23, "{operations:?}");
    for operation in operations {
        let mut input = valid_input(operation);
        input["apiKey"] = DEMO_TOKEN.into();
        let output = Block::shared()
            .call(&session, operation, &input)
            .await
            .unwrap();
        // The made-up ids may well be unknown (a 404 E0000007): what matters is that the org
        // has the endpoint and answers it as Okta would.
        let code = output["error"]["errorCode"].as_str().unwrap_or_default();
        assert!(
            !NO_SUCH_ENDPOINT.contains(&code),
            "the emulated org has no endpoint for {operation}: {output}"
        );
        assert_ne!(
            output["error"]["kind"], "transport",
            "{operation}: {output}"
        );
        assert_ne!(
            output["error"]["kind"], "invalidInput",
            "{operation}: {output}"
        );
    }
}

#[test]
fn the_readme_lists_every_operation() {
    let readme = include_str!("../../../README.md");
    let table = readme
        .split("## Operations")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has an Operations section");
    for operation in all_operations() {
        assert!(
            table.contains(&format!("`{operation}`")),
            "README's operation table does not list {operation}"
        );
    }
}
