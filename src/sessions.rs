//! The session operations: `/api/v1/sessions/{id}`. Ending all of a user's sessions is
//! `clear_user_sessions` (users.rs).

use crate::call::connect;
use crate::client::{Method, Repeat};
use crate::encode::path_segment;
use crate::input::{self, invalid};
use crate::model::{Fields, FromObject};
use crate::okta::sessions::*;
use crate::okta::types::OktaError;
use serde_json::{Map, Value};

impl FromObject for Session {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            amr: f.texts_at("/amr"),
            idp_id: f.text_at("/idp/id"),
            idp_type: f.text_at("/idp/type"),
            id: f.required("id"),
            login: f.text("login"),
            user_id: f.text("userId"),
            status: f.text("status"),
            created_at: f.text("createdAt"),
            expires_at: f.text("expiresAt"),
            last_password_verification: f.text("lastPasswordVerification"),
            last_factor_verification: f.text("lastFactorVerification"),
            mfa_active: f.flag("mfaActive"),
        };
        f.done(shape)
    }
}

/// A session id: letters, digits, `-` and `_` (`102l8zwRRO8Q2y3vlkDEVbkig`).
fn session_path(value: &str) -> Result<(String, String), OktaError> {
    let id = input::required("sessionId", value)?;
    if id.len() > 128
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(invalid(
            "sessionId",
            "must be an Okta session id of letters, digits, - and _, such as 102l8zwRRO8Q2y3vlkDEVbkig",
        ));
    }
    let path = format!("/sessions/{}", path_segment(&id));
    Ok((id, path))
}

pub fn get_session(input: SessionRefInput) -> Result<Session, OktaError> {
    let (_, path) = session_path(&input.session_id)?;
    let client = connect(&input.connection)?;
    client.get(&path)?.json()
}

pub fn revoke_session(input: SessionRefInput) -> Result<RevokeSessionOutput, OktaError> {
    let (session_id, path) = session_path(&input.session_id)?;
    let client = connect(&input.connection)?;
    client.call(Method::Delete, &path, Repeat::Safe)?;
    Ok(RevokeSessionOutput {
        session_id,
        revoked: true,
    })
}
