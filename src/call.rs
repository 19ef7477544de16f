//! What every operation starts with: its input's `connection`, checked, turned into a client
//! with the caller's retry and timeout choices.

use crate::client::{OktaClient, Policy};
use crate::connection::Connection;
use crate::input::invalid;
use crate::limits::{MAX_RETRIES, MAX_TIMEOUT_SECONDS};
use crate::okta::types::{Connection as ConnectionInput, OktaError};
use std::time::Duration;

/// Checks the connection and returns a client for it.
pub fn connect(input: &ConnectionInput) -> Result<OktaClient, OktaError> {
    let mut policy = Policy::default();
    if let Some(retries) = input.max_retries {
        if retries > MAX_RETRIES {
            return Err(invalid(
                "maxRetries",
                format!("must be at most {MAX_RETRIES}, got {retries}"),
            ));
        }
        policy.max_retries = retries;
    }
    if let Some(seconds) = input.timeout_seconds {
        if seconds == 0 || seconds > MAX_TIMEOUT_SECONDS {
            return Err(invalid(
                "timeoutSeconds",
                format!("must be between 1 and {MAX_TIMEOUT_SECONDS}, got {seconds}"),
            ));
        }
        policy.timeout = Duration::from_secs(seconds.into());
    }
    let connection = Connection::new(&input.domain, &input.api_key, input.auth_scheme.as_deref())?;
    Ok(OktaClient::new(connection, policy))
}
