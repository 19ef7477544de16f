//! Fuzzes the emulated org's `search`/`filter` expression parser (issue 12): any text, even a
//! hostile one (deep nesting, long `and`/`or` chains, stray quotes), must parse or be refused
//! with a reason, never overflow the stack or panic, and a tree that parses must drop cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okta_block_host::emulator::expression::parse;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(text);
    }
});
