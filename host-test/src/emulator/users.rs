//! `/api/v1/users`: create, read, update, delete, list, lifecycle operations, a user's groups
//! and sessions.

use super::answer::{Answer, Handled};
use super::attributes::UserInOrg;
use super::errors::ApiError;
use super::lifecycle::{Transition, next_status};
use super::logs::{self, EventType};
use super::model::{UserRecord, UserStatus};
use super::paging::{self, USERS, USERS_QUERY};
use super::render::{Detail, GroupView, UserView};
use super::router::Context;
use super::search::{Target, list_query};
use super::store::{Org, non_blank};
use serde::Serialize;
use serde_json::{Map, Value};

/// The list name in users' cursors.
const LIST: &str = "users";

/// How a profile update treats attributes it does not name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// `POST`: they keep their values.
    Partial,
    /// `PUT`: they are removed.
    Replace,
}

fn find<'a>(org: &'a Org, key: &str) -> Result<&'a UserRecord, ApiError> {
    org.find_user(key)
        .ok_or_else(|| ApiError::not_found(key, "User"))
}

fn full(ctx: &Context, id: &str) -> Handled {
    let user = find(ctx.org, id)?;
    Ok(Answer::ok(&UserView::new(
        user,
        ctx.org,
        &ctx.request.base,
        Detail::Full,
    )))
}

pub fn get(ctx: &mut Context, key: &str) -> Handled {
    let id = find(ctx.org, key)?.id.clone();
    full(ctx, &id)
}

// ----- create and update -----

/// What a request body says about credentials.
struct Credentials {
    password: bool,
    recovery_question: Option<String>,
}

fn credentials(body: &Map<String, Value>) -> Result<Credentials, ApiError> {
    let Some(credentials) = body.get("credentials") else {
        return Ok(Credentials {
            password: false,
            recovery_question: None,
        });
    };
    let Value::Object(credentials) = credentials else {
        return Err(ApiError::malformed_body());
    };
    let password = credentials
        .get("password")
        .and_then(|p| p.get("value"))
        .and_then(Value::as_str)
        .is_some_and(|p| !p.is_empty());
    let recovery_question = credentials
        .get("recovery_question")
        .and_then(|q| q.get("question"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Credentials {
        password,
        recovery_question,
    })
}

/// The `profile` of a body: `None` when absent, E0000003 when not an object.
fn profile_of(body: &Map<String, Value>) -> Result<Option<Map<String, Value>>, ApiError> {
    match body.get("profile") {
        None => Ok(None),
        Some(Value::Object(profile)) => Ok(Some(profile.clone())),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
}

/// Checks a profile against Okta's base schema and the org's logins: E0000001 naming the first
/// field at fault, with a cause for each problem.
fn validate_profile(
    org: &Org,
    profile: &Map<String, Value>,
    user_id: Option<&str>,
) -> Result<(), ApiError> {
    let mut problems: Vec<(&str, String)> = Vec::new();
    for field in ["login", "email", "firstName", "lastName"] {
        if non_blank(profile, field).is_none() {
            problems.push((field, format!("{field}: The field cannot be left blank")));
        }
    }
    if let Some(login) = non_blank(profile, "login") {
        if !looks_like_email(&login) {
            problems.push((
                "login",
                "login: Username must be in the form of an email address".into(),
            ));
        } else if org.login_taken(&login, user_id) {
            return Err(ApiError::duplicate("login"));
        }
    }
    for field in ["email", "secondEmail"] {
        if let Some(email) = non_blank(profile, field)
            && !looks_like_email(&email)
        {
            problems.push((field, format!("{field}: Does not match required pattern")));
        }
    }
    match problems.first() {
        None => Ok(()),
        Some((field, _)) => Err(ApiError::validation(
            field,
            problems.iter().map(|(_, cause)| cause.clone()).collect(),
        )),
    }
}

/// Group ids a new user joins: each must be an `OKTA_GROUP`.
fn group_ids(ctx: &Context, body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let Some(ids) = body.get("groupIds") else {
        return Ok(Vec::new());
    };
    let Value::Array(ids) = ids else {
        return Err(ApiError::malformed_body());
    };
    let mut groups = Vec::new();
    for id in ids {
        let id = id.as_str().ok_or_else(ApiError::malformed_body)?;
        let group = ctx
            .org
            .group(id)
            .ok_or_else(|| ApiError::not_found(id, "UserGroup"))?;
        super::groups::ensure_changeable(group)?;
        groups.push(id.to_string());
    }
    Ok(groups)
}

pub fn create(ctx: &mut Context) -> Handled {
    let body = ctx.request.object_body()?;
    let profile = profile_of(&body)?.unwrap_or_default();
    let credentials = credentials(&body)?;
    validate_profile(ctx.org, &profile, None)?;
    let activate = ctx.request.flag("activate", true);
    let expire_on_create = ctx
        .request
        .param("nextLogin")
        .is_some_and(|v| v.eq_ignore_ascii_case("changePassword"));
    if expire_on_create && !credentials.password {
        return Err(ApiError::expire_on_create_needs_password());
    }
    if expire_on_create && !activate {
        return Err(ApiError::expire_on_create_needs_activation());
    }
    let groups = group_ids(ctx, &body)?;

    let now = ctx.now;
    let status = match (activate, credentials.password) {
        (false, _) => UserStatus::Staged,
        (true, true) if expire_on_create => UserStatus::PasswordExpired,
        (true, true) => UserStatus::Active,
        (true, false) => UserStatus::Provisioned,
    };
    let id = ctx.org.ids.object_id("00u");
    let seq = ctx.org.next_seq();
    ctx.org.insert_user(UserRecord {
        id: id.clone(),
        seq,
        status,
        created: now,
        activated: activate.then_some(now),
        // Current Okta sets it at creation, for a STAGED user too.
        status_changed: Some(now),
        last_login: None,
        last_updated: now,
        password_changed: credentials.password.then_some(now),
        profile,
        has_password: credentials.password,
        recovery_question: credentials.recovery_question,
    });
    ctx.org.log_user(now, &logs::USER_CREATE, &id);
    if activate {
        ctx.org.log_user(now, &logs::USER_ACTIVATE, &id);
    }
    for group in groups {
        ctx.org.add_member_logged(&group, &id, now);
    }
    super::sessions::remember_password(ctx.org, &id, &body);
    ctx.org.apply_rules(&id, now);
    full(ctx, &id)
}

pub fn update(ctx: &mut Context, key: &str, mode: Update) -> Handled {
    let user = find(ctx.org, key)?;
    let id = user.id.clone();
    let body = ctx.request.object_body()?;
    let credentials = credentials(&body)?;
    let profile = match (profile_of(&body)?, mode) {
        (None, _) => user.profile.clone(),
        (Some(sent), Update::Replace) => sent,
        (Some(sent), Update::Partial) => {
            let mut merged = user.profile.clone();
            merged.extend(sent);
            merged
        }
    };
    validate_profile(ctx.org, &profile, Some(&id))?;
    let now = ctx.now;
    ctx.org.update_user(&id, |user| {
        user.profile = profile;
        user.last_updated = now;
        if credentials.password {
            user.has_password = true;
            user.password_changed = Some(now);
        }
        if credentials.recovery_question.is_some() {
            user.recovery_question = credentials.recovery_question;
        }
    });
    super::sessions::remember_password(ctx.org, &id, &body);
    if body.contains_key("profile") {
        ctx.org.log_user(now, &logs::USER_UPDATE_PROFILE, &id);
    }
    if credentials.password {
        ctx.org.log_user(now, &logs::USER_UPDATE_PASSWORD, &id);
    }
    ctx.org.apply_rules(&id, now);
    full(ctx, &id)
}

// ----- delete, groups, sessions -----

/// Okta's DELETE deactivates a user that is not yet `DEPROVISIONED`, and deletes only one that is.
pub fn delete(ctx: &mut Context, key: &str) -> Handled {
    let user = find(ctx.org, key)?;
    let id = user.id.clone();
    if user.status == UserStatus::Deprovisioned {
        ctx.org.log_user(ctx.now, &logs::USER_DELETE_INITIATED, &id);
        ctx.org.log_user(ctx.now, &logs::USER_DELETE_COMPLETED, &id);
        ctx.org.remove_user(&id, ctx.now);
    } else {
        let now = ctx.now;
        ctx.org.update_user(&id, |user| {
            user.status = UserStatus::Deprovisioned;
            user.status_changed = Some(now);
            user.last_updated = now;
        });
        ctx.org.log_user(now, &logs::USER_DEACTIVATE, &id);
        user_deactivated(ctx.org, &id, now);
    }
    Ok(Answer::no_content())
}

pub fn groups(ctx: &mut Context, key: &str) -> Handled {
    let id = find(ctx.org, key)?.id.clone();
    let views: Vec<GroupView> = ctx
        .org
        .groups_of_user(&id)
        .into_iter()
        .map(|group| GroupView::new(group, &ctx.request.base))
        .collect();
    Ok(Answer::ok(&views))
}

/// Ends every session of the user; `oauthTokens` and `forgetDevices` are accepted (the
/// emulated org issues no OAuth tokens and remembers no devices).
pub fn clear_sessions(ctx: &mut Context, key: &str) -> Handled {
    let id = find(ctx.org, key)?.id.clone();
    ctx.org.sessions.end_all(&id);
    ctx.org.log_user(ctx.now, &logs::USER_SESSION_CLEAR, &id);
    Ok(Answer::no_content())
}

/// A deactivated user's sessions end, and they lose their assignments to active apps.
fn user_deactivated(org: &mut Org, id: &str, now: i64) {
    org.sessions.end_all(id);
    org.user_deactivated_apps(id, now);
}

// ----- lifecycle -----

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActivationLink {
    activation_url: String,
    activation_token: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResetLink {
    reset_password_url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TempPassword {
    temp_password: String,
}

/// The System Log event of a lifecycle operation; activating a deactivated user reactivates them.
fn lifecycle_event(operation: Transition, reactivated: bool) -> &'static EventType {
    match operation {
        Transition::Activate if reactivated => &logs::USER_REACTIVATE,
        Transition::Activate => &logs::USER_ACTIVATE,
        Transition::Reactivate => &logs::USER_REACTIVATE,
        Transition::Deactivate => &logs::USER_DEACTIVATE,
        Transition::Suspend => &logs::USER_SUSPEND,
        Transition::Unsuspend => &logs::USER_UNSUSPEND,
        Transition::Unlock => &logs::USER_UNLOCK,
        Transition::ResetPassword => &logs::USER_RESET_PASSWORD,
        Transition::ExpirePassword | Transition::ExpirePasswordWithTempPassword => {
            &logs::USER_EXPIRE_PASSWORD
        }
    }
}

pub fn lifecycle(ctx: &mut Context, key: &str, operation: Transition) -> Handled {
    let user = find(ctx.org, key)?;
    let id = user.id.clone();
    // The older `expire_password?tempPassword=true` form does what the newer endpoint does.
    let operation = match operation {
        Transition::ExpirePassword if ctx.request.flag("tempPassword", false) => {
            Transition::ExpirePasswordWithTempPassword
        }
        other => other,
    };
    let status = next_status(operation, user.status, user.has_password)?;
    let changed = status != user.status;
    let reactivated = changed && user.status == UserStatus::Deprovisioned;
    let now = ctx.now;
    let sets_password = operation == Transition::ExpirePasswordWithTempPassword;
    // Unlocking an ACTIVE user changes nothing Okta shows.
    if changed || operation != Transition::Unlock {
        ctx.org.update_user(&id, |user| {
            user.status = status;
            user.last_updated = now;
            if changed {
                user.status_changed = Some(now);
            }
            if operation == Transition::Activate {
                user.activated = Some(now);
            }
            if sets_password {
                user.has_password = true;
                user.password_changed = Some(now);
            }
        });
    }
    if changed || operation != Transition::Unlock {
        ctx.org
            .log_user(now, lifecycle_event(operation, reactivated), &id);
    }
    if changed && status == UserStatus::Deprovisioned {
        user_deactivated(ctx.org, &id, now);
    } else if reactivated {
        // Groups' app assignments come back; direct ones were removed for good.
        ctx.org.user_reactivated_apps(&id, now);
    }
    if changed {
        ctx.org.apply_rules(&id, now);
    }
    let base = ctx.request.base.clone();
    match operation {
        Transition::Activate | Transition::Reactivate => {
            // Activation mails by default; reactivation does not.
            let send_email = ctx
                .request
                .flag("sendEmail", operation == Transition::Activate);
            if send_email {
                return Ok(Answer::empty_object());
            }
            let token = ctx.org.ids.token();
            Ok(Answer::ok(&ActivationLink {
                activation_url: format!("{base}/tokens/{token}/verify"),
                activation_token: token,
            }))
        }
        Transition::ResetPassword => {
            if ctx.request.flag("sendEmail", true) {
                return Ok(Answer::empty_object());
            }
            let token = ctx.org.ids.token();
            Ok(Answer::ok(&ResetLink {
                reset_password_url: format!("{base}/reset_password/{token}"),
            }))
        }
        Transition::ExpirePassword => full(ctx, &id),
        Transition::ExpirePasswordWithTempPassword => {
            let temp_password = ctx.org.ids.text(8);
            ctx.org.sessions.set_password(&id, &temp_password);
            Ok(Answer::ok(&TempPassword { temp_password }))
        }
        Transition::Deactivate
        | Transition::Suspend
        | Transition::Unsuspend
        | Transition::Unlock => Ok(Answer::empty_object()),
    }
}

// ----- list -----

/// `GET /users`: all but `DEPROVISIONED` users, or those a `search` or `filter` matches
/// (which may include them), or a `q` lookup, which Okta does not page.
pub fn list(ctx: &mut Context) -> Handled {
    let request = ctx.request;
    let query = list_query(request, Target::Users)?;
    let prefix = request.param("q").map(|q| q.to_lowercase());
    let org = &*ctx.org;
    let type_id = org.user_type_id.as_str();
    let wanted = |user: &&UserRecord| {
        let by_query = match &query {
            Some(query) => query.matches(&UserInOrg { user, type_id }),
            None => user.status != UserStatus::Deprovisioned,
        };
        by_query && prefix.as_deref().is_none_or(|p| starts_with_name(user, p))
    };

    if prefix.is_some() && query.is_none() {
        let limit = paging::limit(request, USERS_QUERY)?;
        let found: Vec<UserView> = org
            .users_after(None)
            .filter(wanted)
            .take(limit)
            .map(|user| UserView::new(user, org, &request.base, Detail::Listed))
            .collect();
        return Ok(Answer::ok(&found));
    }

    let limit = paging::limit(request, USERS)?;
    let after = paging::after(request, LIST)?;
    let (page, more) = paging::take_page(org.users_after(after).filter(wanted), limit);
    let next = paging::next_cursor(LIST, page.last().map(|u| u.position()), more);
    let views: Vec<UserView> = page
        .iter()
        .map(|user| UserView::new(user, org, &request.base, Detail::Listed))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}

/// `q`: a case-insensitive prefix of the first name, last name or email.
fn starts_with_name(user: &UserRecord, prefix: &str) -> bool {
    ["firstName", "lastName", "email"].iter().any(|field| {
        user.profile_text(field)
            .is_some_and(|value| value.to_lowercase().starts_with(prefix))
    })
}
