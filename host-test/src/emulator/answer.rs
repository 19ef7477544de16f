//! What a handler answers, before the emulator adds Okta's standard headers.

use super::errors::ApiError;
use super::render::to_json;
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Option<String>,
    pub headers: Vec<(String, String)>,
}

/// A handler's result: an answer, or an Okta error.
pub type Handled = Result<Answer, ApiError>;

impl Answer {
    pub fn json(status: u16, view: &impl Serialize) -> Self {
        Self {
            status,
            body: Some(to_json(view)),
            headers: Vec::new(),
        }
    }

    pub fn ok(view: &impl Serialize) -> Self {
        Self::json(200, view)
    }

    /// `200 {}`: what most lifecycle operations answer.
    pub fn empty_object() -> Self {
        Self {
            status: 200,
            body: Some("{}".into()),
            headers: Vec::new(),
        }
    }

    pub fn no_content() -> Self {
        Self {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }

    pub fn with_headers(mut self, headers: Vec<(String, String)>) -> Self {
        self.headers.extend(headers);
        self
    }
}
