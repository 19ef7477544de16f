//! Every test of the host and component, in one binary so the component loads once.

mod areas;
mod attacks;
mod cli;
mod coverage;
mod emulator;
mod errors;
mod manifest;
mod operations;
mod reliability;
mod replay;
mod retries;
mod sandbox;
mod scenarios;
mod sockets;
mod support;
mod typed;
mod validation;
