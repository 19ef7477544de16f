//! The session operations: `/api/v1/sessions/{id}`. Ending all of a user's sessions is
//! `clear_user_sessions` (users.rs).

use crate::call::connect;
use crate::client::Repeat;
use crate::encode::path_segment;
use crate::input::{self, invalid};
use crate::model::{FromObject, flag, required, text, text_at, texts_at};
use crate::okta::sessions::*;
use crate::okta::types::OktaError;
use serde_json::{Map, Value};

impl FromObject for Session {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            amr: texts_at(o, "/amr")?,
            idp_id: text_at(o, "/idp/id")?,
            idp_type: text_at(o, "/idp/type")?,
            id: required(o, "id")?,
            login: text(o, "login")?,
            user_id: text(o, "userId")?,
            status: text(o, "status")?,
            created_at: text(o, "createdAt")?,
            expires_at: text(o, "expiresAt")?,
            last_password_verification: text(o, "lastPasswordVerification")?,
            last_factor_verification: text(o, "lastFactorVerification")?,
            mfa_active: flag(o, "mfaActive")?,
        })
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
    client.delete(&path, Repeat::Safe)?;
    Ok(RevokeSessionOutput {
        session_id,
        revoked: true,
    })
}
