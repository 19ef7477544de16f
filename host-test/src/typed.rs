//! The block's exports as Rust types, generated from `wit/` by wasmtime's `bindgen!`.
//!
//! The JSON face (`convert.rs`) goes through dynamic `Val`s, so it serves any operation by
//! name. A host that calls operations from Rust uses these types instead: the call lowers and
//! lifts the records directly, with no `Val` tree and no JSON. `LiveInstance::typed` hands them
//! out for a live instance.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "block",
    exports: { default: async },
    // The JSON face lifts the list operations' outputs into these records and writes them out
    // one by one (src/listing.rs), and reads their inputs from JSON, by position.
    additional_derives: [serde::Serialize, serde::Deserialize],
});

pub use exports::okta_block::okta::{apps, group_rules, groups, system_log, types, users};
