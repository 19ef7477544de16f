//! What every operation starts with: the connection fields of its input, checked, turned into
//! a client with the caller's retry and timeout choices.

use crate::client::{OktaClient, Policy};
use crate::connection::Connection;
use crate::input::invalid;
use crate::okta::groups::*;
use crate::okta::types::OktaError;
use crate::okta::users::*;
use std::time::Duration;

const MAX_RETRIES: u32 = 10;
const MAX_TIMEOUT_SECONDS: u32 = 300;

/// The fields every input record carries.
pub trait ConnectionFields {
    fn domain(&self) -> &str;
    fn api_key(&self) -> &str;
    fn max_retries(&self) -> Option<u32>;
    fn timeout_seconds(&self) -> Option<u32>;
    fn auth_scheme(&self) -> Option<&str>;
}

macro_rules! connection_fields {
    ($($input:ty),* $(,)?) => {$(
        impl ConnectionFields for $input {
            fn domain(&self) -> &str { &self.domain }
            fn api_key(&self) -> &str { &self.api_key }
            fn max_retries(&self) -> Option<u32> { self.max_retries }
            fn timeout_seconds(&self) -> Option<u32> { self.timeout_seconds }
            fn auth_scheme(&self) -> Option<&str> { self.auth_scheme.as_deref() }
        }
    )*};
}

connection_fields!(
    ListUsersInput,
    GetUserInput,
    CreateUserInput,
    UpdateUserInput,
    ActivateUserInput,
    DeactivateUserInput,
    UserRefInput,
    ResetPasswordInput,
    DeleteUserInput,
    ListGroupsInput,
    GroupRefInput,
    CreateGroupInput,
    UpdateGroupInput,
    MembershipInput,
    ListGroupMembersInput,
    ListUserGroupsInput,
    ExpirePasswordInput,
    ReactivateUserInput,
    ClearUserSessionsInput,
);

/// Checks the connection fields and returns a client for them.
pub fn connect(input: &impl ConnectionFields) -> Result<OktaClient, OktaError> {
    let mut policy = Policy::default();
    if let Some(retries) = input.max_retries() {
        if retries > MAX_RETRIES {
            return Err(invalid(
                "maxRetries",
                format!("must be at most {MAX_RETRIES}, got {retries}"),
            ));
        }
        policy.max_retries = retries;
    }
    if let Some(seconds) = input.timeout_seconds() {
        if seconds == 0 || seconds > MAX_TIMEOUT_SECONDS {
            return Err(invalid(
                "timeoutSeconds",
                format!("must be between 1 and {MAX_TIMEOUT_SECONDS}, got {seconds}"),
            ));
        }
        policy.timeout = Duration::from_secs(seconds.into());
    }
    let connection = Connection::new(input.domain(), input.api_key(), input.auth_scheme())?;
    Ok(OktaClient::new(connection, policy))
}
