//! Runs every decoder the block applies to an answer from Okta on arbitrary bytes.
//!
//! Input layout, chosen so a corpus can be written from recordings (see `seed_corpus.py`):
//!
//! - 2 bytes: the status, big-endian, folded into 100..=599 as `100 + n % 500`;
//! - header lines `name: value\n` (values are raw bytes) up to the first empty line, which may
//!   be the first line;
//! - the body: everything after that empty line. Without an empty line, there are no headers
//!   and everything after the status is the body.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((status, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = 100 + u16::from_be_bytes(*status) % 500;
    let (head, body) = if let Some(body) = rest.strip_prefix(b"\n") {
        (&[][..], body)
    } else {
        match rest.windows(2).position(|w| w == b"\n\n") {
            Some(end) => (&rest[..end], &rest[end + 2..]),
            None => (&[][..], rest),
        }
    };
    let headers: Vec<(&str, &[u8])> = head
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let name = std::str::from_utf8(&line[..colon]).ok()?.trim();
            let value = line[colon + 1..].trim_ascii();
            Some((name, value))
        })
        .collect();
    okta_block::fuzzing::decode_response(status, &headers, body);
});
