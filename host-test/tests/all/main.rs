//! Every test of the host and component, in one binary so the component loads once.

mod emulator;
mod cli;
mod errors;
mod manifest;
mod operations;
mod replay;
mod retries;
mod sandbox;
mod scenarios;
mod sockets;
mod support;
mod validation;
