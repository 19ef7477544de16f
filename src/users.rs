//! The user operations: `/api/v1/users` and its lifecycle calls.

use crate::call::connect;
use crate::client::{Method, Repeat};
use crate::encode::{path_segment, query_string};
use crate::input;
use crate::limits::{MAX_USER_GROUPS_PAGE, MAX_USERS_PAGE};
use crate::model::{ActivationLinks, ExpiredPassword, OktaGroup, ResetLink, User, object_of};
use crate::okta::types::OktaError;
use crate::okta::users::*;
use crate::paging::{self, Paging};
use serde_json::{Map, Value};

/// `/users/{id}` with the id encoded as one path segment.
fn user_path(user_id: &str) -> String {
    format!("/users/{}", path_segment(user_id))
}

fn flag(value: bool) -> String {
    value.to_string()
}

pub fn list_users(input: ListUsersInput) -> Result<ListUsersOutput, OktaError> {
    let paging = Paging::of(&input, MAX_USERS_PAGE)?;
    let query = paging::expression_query(&input.search, &input.filter, &input.q, &paging)?;
    let client = connect(&input.connection)?;
    let page = paging::list(
        &client,
        "/users",
        query,
        MAX_USERS_PAGE,
        paging,
        |user: User| user.summary(),
    )?;
    Ok(ListUsersOutput {
        count: page.items.len() as u32,
        users: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn get_user(input: GetUserInput) -> Result<UserDetail, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let user: User = client.get(&user_path(&user_id))?.json()?;
    Ok(user.detail())
}

pub fn create_user(input: CreateUserInput) -> Result<UserWritten, OktaError> {
    let first_name = input::required("firstName", &input.first_name)?;
    let last_name = input::required("lastName", &input.last_name)?;
    let email = input::email("email", &input.email)?;
    let login = input::optional("login", &input.login)?.unwrap_or_else(|| email.clone());
    // A password is sent as given: leading or trailing spaces may be intended.
    let password = input.password.clone().filter(|p| !p.is_empty());
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
    let custom = input::profile(&input.profile_json, &profile)?;
    profile.extend(custom);
    let mut body = Map::new();
    body.insert("profile".into(), profile.into());
    if let Some(password) = password {
        let password = object_of("value", password.into());
        body.insert("credentials".into(), object_of("password", password));
    }
    let body = Value::Object(body);
    let activate = input.activate.unwrap_or(true);
    let client = connect(&input.connection)?;
    let path = format!("/users{}", query_string(&[("activate", flag(activate))]));
    let user: User = client.post(&path, Some(&body), Repeat::Unsafe)?.json()?;
    Ok(user.written())
}

pub fn update_user(input: UpdateUserInput) -> Result<UserWritten, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
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
    let custom = input::profile(&input.profile_json, &profile)?;
    profile.extend(custom);
    let client = connect(&input.connection)?;
    let path = user_path(&user_id);
    // Nothing to change: report the user as it stands rather than write an empty update.
    let reply = if profile.is_empty() {
        client.get(&path)?
    } else {
        // POST is Okta's partial update: attributes not sent keep their values.
        client.post(
            &path,
            Some(&object_of("profile", profile.into())),
            Repeat::Safe,
        )?
    };
    let user: User = reply.json()?;
    Ok(user.written())
}

pub fn activate_user(input: ActivateUserInput) -> Result<ActivateUserOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let send_email = input.send_email.unwrap_or(true);
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/lifecycle/activate{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    // A repeat would mail again or replace the activation token the first call returned.
    let links: ActivationLinks = client
        .post(&path, None, Repeat::Unsafe)?
        .json_or_default()?;
    Ok(ActivateUserOutput {
        user_id,
        activated: true,
        activation_url: links.activation_url,
        activation_token: links.activation_token,
    })
}

pub fn deactivate_user(input: DeactivateUserInput) -> Result<DeactivateUserOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let send_email = input.send_email.unwrap_or(false);
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/lifecycle/deactivate{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    client.call(Method::Post, &path, Repeat::Safe)?;
    Ok(DeactivateUserOutput {
        user_id,
        deactivated: true,
    })
}

/// A lifecycle call with no options and no useful answer body.
fn lifecycle(input: &UserRefInput, action: &str) -> Result<String, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    client.post(
        &format!("{}/lifecycle/{action}", user_path(&user_id)),
        None,
        Repeat::Safe,
    )?;
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

pub fn reset_password(input: ResetPasswordInput) -> Result<ResetPasswordOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let send_email = input.send_email.unwrap_or(true);
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/lifecycle/reset_password{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    // A repeat would mail again or replace the reset link the first call returned.
    let link: ResetLink = client
        .post(&path, None, Repeat::Unsafe)?
        .json_or_default()?;
    Ok(ResetPasswordOutput {
        user_id,
        reset_password_url: link.reset_password_url,
    })
}

/// Okta's DELETE deactivates a user that is not yet DEPROVISIONED and deletes only one that
/// is. Both answer 204, so the block reads the status first to say truthfully which happened.
/// With `permanent`, it sends the second DELETE itself.
pub fn delete_user(input: DeleteUserInput) -> Result<DeleteUserOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let send_email = input.send_email.unwrap_or(false);
    let permanent = input.permanent.unwrap_or(false);
    let client = connect(&input.connection)?;
    let path = user_path(&user_id);
    let user: User = client.get(&path)?.json()?;
    let delete = format!("{path}{}", query_string(&[("sendEmail", flag(send_email))]));
    let was_active = user.status != "DEPROVISIONED";
    // Never repeated on failure: if a DELETE deactivated the user, a repeat would delete it.
    client.call(Method::Delete, &delete, Repeat::Unsafe)?;
    if was_active && !permanent {
        return Ok(DeleteUserOutput {
            user_id: user.id,
            deleted: false,
            deactivated: true,
            status: "DEPROVISIONED".into(),
            message: format!(
                "The user was {} and has been deactivated, not deleted. Okta deletes only \
                 deactivated users: run delete again (or set permanent) to delete it.",
                user.status
            ),
        });
    }
    if was_active {
        client.call(Method::Delete, &delete, Repeat::Unsafe)?;
    }
    Ok(DeleteUserOutput {
        user_id: user.id,
        deleted: true,
        deactivated: was_active,
        status: "DELETED".into(),
        message: if was_active {
            format!(
                "The user was {} and has been deactivated, then deleted permanently.",
                user.status
            )
        } else {
            "The user was deleted permanently.".into()
        },
    })
}

pub fn list_user_groups(input: ListUserGroupsInput) -> Result<ListUserGroupsOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let paging = Paging::of(&input, MAX_USER_GROUPS_PAGE)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/groups", user_path(&user_id));
    let page = paging::list(
        &client,
        &path,
        Vec::new(),
        MAX_USER_GROUPS_PAGE,
        paging,
        |group: OktaGroup| group.to_wit(),
    )?;
    Ok(ListUserGroupsOutput {
        count: page.items.len() as u32,
        groups: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn unlock_user(input: UserRefInput) -> Result<UnlockUserOutput, OktaError> {
    let user_id = lifecycle(&input, "unlock")?;
    Ok(UnlockUserOutput {
        user_id,
        unlocked: true,
    })
}

pub fn expire_password(input: ExpirePasswordInput) -> Result<ExpirePasswordOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let temp_password = input.temp_password.unwrap_or(false);
    let client = connect(&input.connection)?;
    let action = if temp_password {
        "expire_password_with_temp_password"
    } else {
        "expire_password"
    };
    // Each call with a temporary password mints a new one: never repeated.
    let repeat = if temp_password {
        Repeat::Unsafe
    } else {
        Repeat::Safe
    };
    let path = format!("{}/lifecycle/{action}", user_path(&user_id));
    let answer: ExpiredPassword = client.post(&path, None, repeat)?.json_or_default()?;
    Ok(ExpirePasswordOutput {
        user_id,
        expired: true,
        status: answer.status.or_else(|| Some("PASSWORD_EXPIRED".into())),
        temp_password: answer.temp_password,
    })
}

pub fn reactivate_user(input: ReactivateUserInput) -> Result<ReactivateUserOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    // Okta's default: the link comes back in the output rather than by email.
    let send_email = input.send_email.unwrap_or(false);
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/lifecycle/reactivate{}",
        user_path(&user_id),
        query_string(&[("sendEmail", flag(send_email))])
    );
    // A repeat would mail again or replace the activation token the first call returned.
    let links: ActivationLinks = client
        .post(&path, None, Repeat::Unsafe)?
        .json_or_default()?;
    Ok(ReactivateUserOutput {
        user_id,
        reactivated: true,
        activation_url: links.activation_url,
        activation_token: links.activation_token,
    })
}

pub fn clear_user_sessions(
    input: ClearUserSessionsInput,
) -> Result<ClearUserSessionsOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    // Okta's defaults, sent explicitly so the output can say what was done.
    let oauth_tokens = input.oauth_tokens.unwrap_or(false);
    let forget_devices = input.forget_devices.unwrap_or(true);
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/sessions{}",
        user_path(&user_id),
        query_string(&[
            ("oauthTokens", flag(oauth_tokens)),
            ("forgetDevices", flag(forget_devices)),
        ])
    );
    client.call(Method::Delete, &path, Repeat::Safe)?;
    Ok(ClearUserSessionsOutput {
        user_id,
        cleared: true,
        oauth_tokens_revoked: oauth_tokens,
        devices_forgotten: forget_devices,
    })
}
