//! blocks.json: the manifest a workflow engine reads. The host takes its egress allowlist from
//! it, and the CLI its operation list and help.

use crate::egress::Egress;
use serde_json::Value;
use std::sync::OnceLock;

/// blocks.json as it was when the host was built.
pub const MANIFEST_JSON: &str = include_str!("../../blocks.json");

pub struct Manifest {
    pub json: Value,
}

impl Manifest {
    pub fn embedded() -> &'static Manifest {
        static MANIFEST: OnceLock<Manifest> = OnceLock::new();
        MANIFEST
            .get_or_init(|| Manifest::parse(MANIFEST_JSON).expect("blocks.json must be valid JSON"))
    }

    pub fn parse(text: &str) -> serde_json::Result<Self> {
        Ok(Self {
            json: serde_json::from_str(text)?,
        })
    }

    /// The hosts blocks.json declares the block may reach.
    pub fn egress(&self) -> Egress {
        let allow = self.json["block"]["egress"]["allow"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        Egress::new(allow.iter().filter_map(Value::as_str))
    }

    pub fn operations(&self) -> &[Value] {
        self.json["operations"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn operation(&self, id: &str) -> Option<&Value> {
        self.operations().iter().find(|op| op["id"] == id)
    }
}
