//! Okta-shaped identifiers and secrets from a seeded generator, so a seeded org and every id it
//! hands out are the same on every run.

use serde::{Deserialize, Serialize};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A splitmix64 stream: tiny, fast, and good enough for ids that only need to look random.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IdGenerator {
    state: u64,
}

impl IdGenerator {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `length` characters of base62.
    pub fn text(&mut self, length: usize) -> String {
        let mut out = String::with_capacity(length);
        let mut bits = 0u64;
        let mut left = 0;
        for _ in 0..length {
            if left == 0 {
                bits = self.next_u64();
                left = 10; // ten 6-bit draws per word
            }
            out.push(BASE62[(bits % 62) as usize] as char);
            bits /= 64;
            left -= 1;
        }
        out
    }

    /// A 20-character Okta id with its three-character type prefix (`00u` users, `00g` groups).
    pub fn object_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.text(20 - prefix.len()))
    }

    /// An `errorId` as Okta writes it: `oae` and 22 characters.
    pub fn error_id(&mut self) -> String {
        format!("oae{}", self.text(22))
    }

    /// An `X-Okta-Request-Id`: 27 characters.
    pub fn request_id(&mut self) -> String {
        self.text(27)
    }

    /// A one-time token for activation and recovery links.
    pub fn token(&mut self) -> String {
        self.text(20)
    }
}
