//! A call's output: the JSON envelope a workflow engine shows, written out as it is made.
//!
//! Most outputs are small and are made whole. A listing's items (`listing.rs`) stay typed until
//! the envelope is written, and each becomes JSON, is scrubbed of the token and is written in
//! turn, so a 100,000-user listing never exists as one JSON tree in the host.

use crate::exchange::redact_json;
use crate::listing::{Items, Listing};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::cell::RefCell;
use std::io::Write;

/// The envelope: the operation's record with `success: true`, or
/// `{"success": false, "error": {...}}` with a readable `message`.
pub struct Output {
    /// The envelope, scrubbed; a listing's list field in it is still empty.
    envelope: Value,
    /// A listing's list field (its JSON name) and items, taken as the envelope is written.
    items: Option<(String, RefCell<Box<dyn Items>>)>,
    /// The secrets to scrub from each item.
    secrets: Vec<String>,
}

impl Output {
    /// An envelope made whole; `secrets` are scrubbed from it here.
    pub(crate) fn whole(mut envelope: Value, secrets: Vec<String>) -> Self {
        for secret in &secrets {
            redact_json(&mut envelope, secret);
        }
        Self {
            envelope,
            items: None,
            secrets,
        }
    }

    /// A listing's envelope, its items still to come.
    pub(crate) fn listing(listing: Listing, secrets: Vec<String>) -> Self {
        let Listing { head, key, items } = listing;
        let envelope = crate::convert::envelope_of(Ok(Value::Object(head)));
        Self {
            items: Some((key, RefCell::new(items))),
            ..Self::whole(envelope, secrets)
        }
    }

    /// Whether the operation succeeded.
    pub fn succeeded(&self) -> bool {
        self.envelope["success"] == true
    }

    /// The error's readable message, when it failed.
    pub fn error_message(&self) -> Option<&str> {
        self.envelope["error"]["message"].as_str()
    }

    /// The whole envelope as one JSON value.
    pub fn into_json(self) -> serde_json::Result<Value> {
        let Some((key, items)) = &self.items else {
            return Ok(self.envelope);
        };
        let mut items = items.borrow_mut();
        let mut list = Vec::with_capacity(items.remaining());
        while let Some(item) = self.next_item(&mut **items) {
            list.push(item?);
        }
        drop(items);
        let (mut envelope, key) = (self.envelope, key.clone());
        if let Value::Object(object) = &mut envelope {
            // The key is already there, so it keeps its place.
            object.insert(key, Value::Array(list));
        }
        Ok(envelope)
    }

    /// Writes the envelope as JSON (indented when `pretty`), each listed item as it is made.
    pub fn write_json(self, out: impl Write, pretty: bool) -> serde_json::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(out, &Envelope(&self))
        } else {
            serde_json::to_writer(out, &Envelope(&self))
        }
    }

    /// The next item, scrubbed. An item that cannot become JSON ends the output with an error
    /// (the typed records always can: strings, numbers and options).
    fn next_item(&self, items: &mut dyn Items) -> Option<serde_json::Result<Value>> {
        Some(items.next_json()?.map(|mut item| {
            for secret in &self.secrets {
                redact_json(&mut item, secret);
            }
            item
        }))
    }
}

/// The envelope, serialized once: the items are taken as they are written, so only
/// `write_json`, which consumes the output, serializes it.
struct Envelope<'a>(&'a Output);

impl Serialize for Envelope<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let output = self.0;
        let (Some((key, _)), Value::Object(object)) = (&output.items, &output.envelope) else {
            return output.envelope.serialize(serializer);
        };
        let mut map = serializer.serialize_map(Some(object.len()))?;
        for (name, value) in object {
            if name == key {
                map.serialize_entry(name, &Streamed(output))?;
            } else {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// A listing's items, serialized as they are taken.
struct Streamed<'a>(&'a Output);

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some((_, items)) = &self.0.items else {
            return serializer.serialize_seq(Some(0))?.end();
        };
        let mut items = items.borrow_mut();
        let mut seq = serializer.serialize_seq(Some(items.remaining()))?;
        while let Some(item) = self.0.next_item(&mut **items) {
            seq.serialize_element(&item.map_err(serde::ser::Error::custom)?)?;
        }
        seq.end()
    }
}
