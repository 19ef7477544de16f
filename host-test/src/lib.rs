//! A wasmtime host for the okta-block component.
//!
//! It loads the component with wasi and wasi-http, answers the component's HTTP in-process
//! (a stub, a replayed transcript or the emulated org) or over the network, enforces the
//! egress allowlist from blocks.json, records every exchange with the token redacted, and maps
//! blocks.json's JSON to the component's WIT types and back.

pub mod blocks;
pub mod convert;
pub mod demo;
pub mod egress;
pub mod emulator;
pub mod events;
pub mod exchange;
pub mod hooks;
/// The HTTP `Date` parser, the guest's own (`src/http_date.rs`): the host reads a rate limit's
/// wait as the block does.
#[allow(dead_code)]
#[path = "../../src/http_date.rs"]
pub mod http_date;
/// The bounds the block enforces, from the guest's own source (`src/limits.rs`).
#[allow(dead_code)]
#[path = "../../src/limits.rs"]
pub mod limits;
mod listing;
pub mod manifest;
pub mod output;
pub mod page;
pub mod progress;
pub mod replay;
pub mod runtime;
pub mod serve;
pub mod state;
pub mod typed;
pub mod upstream;

pub use exchange::{Reply, RequestRecord, ResponseRecord};
pub use output::Output;
pub use runtime::{Block, Session};
