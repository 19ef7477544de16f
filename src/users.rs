//! The user operations: `/api/v1/users` and its lifecycle calls.

use crate::client::OktaClient;
use crate::connection::Connection;
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::model::User;
use crate::okta::types::OktaError;
use crate::okta::users::*;
use serde::Deserialize;
use serde_json::{Map, json};

/// Okta's largest page for `/users`.
pub const MAX_USERS_PAGE: u32 = 200;

fn connect(domain: &str, api_key: &str) -> Result<OktaClient, OktaError> {
    Ok(OktaClient::new(Connection::new(domain, api_key)?))
}

/// `/users/{id}` with the id encoded as one path segment.
fn user_path(user_id: &str) -> String {
    format!("/users/{}", path_segment(user_id))
}

fn flag(value: bool) -> String {
    value.to_string()
}

pub fn list_users(input: ListUsersInput) -> Result<ListUsersOutput, OktaError> {
    let search = input::optional("search", &input.search)?;
    let filter = input::optional("filter", &input.filter)?;
    let limit = input::limit(input.limit, MAX_USERS_PAGE)?;
    if search.is_some() && filter.is_some() {
        return Err(invalid(
            "filter",
            "cannot be combined with search; put both conditions in search",
        ));
    }
    let client = connect(&input.domain, &input.api_key)?;
    let mut query = Vec::new();
    if let Some(search) = search {
        query.push(("search", search));
    }
    if let Some(filter) = filter {
        query.push(("filter", filter));
    }
    if let Some(limit) = limit {
        query.push(("limit", limit.to_string()));
    }
    let users: Vec<User> = client
        .get(&format!("/users{}", query_string(&query)))?
        .json()?;
    let users: Vec<_> = users.iter().map(User::summary).collect();
    Ok(ListUsersOutput {
        count: users.len() as u32,
        users,
    })
}

pub fn get_user(input: GetUserInput) -> Result<UserDetail, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let client = connect(&input.domain, &input.api_key)?;
    let user: User = client.get(&user_path(&user_id))?.json()?;
    Ok(user.detail())
}

pub fn create_user(input: CreateUserInput) -> Result<UserWritten, OktaError> {
    let first_name = input::required("firstName", &input.first_name)?;
    let last_name = input::required("lastName", &input.last_name)?;
    let email = input::email("email", &input.email)?;
    let login = input::optional("login", &input.login)?.unwrap_or_else(|| email.clone());
    // A password is sent as given: leading or trailing spaces may be intended.
    let password = input.password.filter(|p| !p.is_empty());
    let mut profile = Map::new();
    profile.insert("firstName".into(), first_name.into());
    profile.insert("lastName".into(), last_name.into());
    profile.insert("email".into(), email.into());
    profile.insert("login".into(), login.into());
    for (name, field, value) in [
        ("mobilePhone", "mobilePhone", &input.mobile_phone),
        ("title", "title", &input.title),
        ("department", "department", &input.department),
    ] {
        if let Some(value) = input::optional(field, value)? {
            profile.insert(name.into(), value.into());
        }
    }
    let mut body = json!({ "profile": profile });
    if let Some(password) = password {
        body["credentials"] = json!({ "password": { "value": password } });
    }
    let activate = input.activate.unwrap_or(true);
    let client = connect(&input.domain, &input.api_key)?;
    let path = format!("/users{}", query_string(&[("activate", flag(activate))]));
    let user: User = client.post(&path, Some(&body))?.json()?;
    Ok(user.written())
}

pub fn update_user(input: UpdateUserInput) -> Result<UserWritten, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let mut profile = Map::new();
    for (name, value) in [
        ("firstName", &input.first_name),
        ("lastName", &input.last_name),
        ("login", &input.login),
        ("mobilePhone", &input.mobile_phone),
        ("title", &input.title),
        ("department", &input.department),
    ] {
        if let Some(value) = input::optional(name, value)? {
            profile.insert(name.into(), value.into());
        }
    }
    if input.email.as_deref().is_some_and(|e| !e.trim().is_empty()) {
        profile.insert(
            "email".into(),
            input::email("email", input.email.as_deref().unwrap_or(""))?.into(),
        );
    }
    let client = connect(&input.domain, &input.api_key)?;
    let path = user_path(&user_id);
    // Nothing to change: report the user as it stands rather than write an empty update.
    let reply = if profile.is_empty() {
        client.get(&path)?
    } else {
        // POST is Okta's partial update: attributes not sent keep their values.
        client.post(&path, Some(&json!({ "profile": profile })))?
    };
    let user: User = reply.json()?;
    Ok(user.written())
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ActivationLinks {
    activation_url: Option<String>,
    activation_token: Option<String>,
}

pub fn activate_user(input: ActivateUserInput) -> Result<ActivateUserOutput, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let send_email = input.send_email.unwrap_or(true);
    let client = connect(&input.domain, &input.api_key)?;
    let path = format!(
        "{}/lifecycle/activate{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    let links: ActivationLinks = client.post(&path, None)?.json_or_default()?;
    Ok(ActivateUserOutput {
        user_id,
        activated: true,
        activation_url: links.activation_url,
        activation_token: links.activation_token,
    })
}

pub fn deactivate_user(input: DeactivateUserInput) -> Result<DeactivateUserOutput, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let send_email = input.send_email.unwrap_or(false);
    let client = connect(&input.domain, &input.api_key)?;
    let path = format!(
        "{}/lifecycle/deactivate{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    client.post(&path, None)?;
    Ok(DeactivateUserOutput {
        user_id,
        deactivated: true,
    })
}

/// A lifecycle call with no options and no useful answer body.
fn lifecycle(input: &UserRefInput, action: &str) -> Result<String, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let client = connect(&input.domain, &input.api_key)?;
    client.post(&format!("{}/lifecycle/{action}", user_path(&user_id)), None)?;
    Ok(user_id)
}

pub fn suspend_user(input: UserRefInput) -> Result<SuspendUserOutput, OktaError> {
    let user_id = lifecycle(&input, "suspend")?;
    Ok(SuspendUserOutput {
        user_id,
        suspended: true,
    })
}

pub fn unsuspend_user(input: UserRefInput) -> Result<UnsuspendUserOutput, OktaError> {
    let user_id = lifecycle(&input, "unsuspend")?;
    Ok(UnsuspendUserOutput {
        user_id,
        unsuspended: true,
    })
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ResetLink {
    reset_password_url: Option<String>,
}

pub fn reset_password(input: ResetPasswordInput) -> Result<ResetPasswordOutput, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let send_email = input.send_email.unwrap_or(true);
    let client = connect(&input.domain, &input.api_key)?;
    let path = format!(
        "{}/lifecycle/reset_password{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    let link: ResetLink = client.post(&path, None)?.json_or_default()?;
    Ok(ResetPasswordOutput {
        user_id,
        reset_password_url: link.reset_password_url,
    })
}

/// Okta's DELETE deactivates a user that is not yet DEPROVISIONED and deletes only one that
/// is. Both answer 204, so the block reads the status first to say truthfully which happened.
pub fn delete_user(input: DeleteUserInput) -> Result<DeleteUserOutput, OktaError> {
    let user_id = input::required("userId", &input.user_id)?;
    let send_email = input.send_email.unwrap_or(false);
    let client = connect(&input.domain, &input.api_key)?;
    let path = user_path(&user_id);
    let user: User = client.get(&path)?.json()?;
    client.delete(&format!(
        "{path}{}",
        query_string(&[("sendEmail", flag(send_email))])
    ))?;
    Ok(if user.status == "DEPROVISIONED" {
        DeleteUserOutput {
            user_id: user.id,
            deleted: true,
            deactivated: false,
            status: "DELETED".into(),
            message: "The user was deleted permanently.".into(),
        }
    } else {
        DeleteUserOutput {
            user_id: user.id,
            deleted: false,
            deactivated: true,
            status: "DEPROVISIONED".into(),
            message: format!(
                "The user was {} and has been deactivated, not deleted. Okta deletes only \
                 deactivated users: run delete again to delete it permanently.",
                user.status
            ),
        }
    })
}
