//! `/api/v1/apps/{id}/users` and `/apps/{id}/groups`: assign, read, list and unassign users and
//! groups (Application Users and Application Groups references), and `GET /users/{id}/appLinks`.
//! What an assignment gives whom is in [`super::app_access`].
//!
//! An inactive app takes no new assignments: Okta answers them 404 for the `AppInstance`, as if
//! the app were not there (okta/terraform-provider-okta#1502).

use super::answer::{Answer, Handled};
use super::app_records::{AppRecord, AppStatus};
use super::app_views::{app_group_json, app_links_json, app_user_json};
use super::apps::find;
use super::errors::ApiError;
use super::model::UserStatus;
use super::ordered::Listed;
use super::paging::{self, PageSize};
use super::router::Context;
use super::store::Org;
use serde_json::{Map, Value};

/// `/apps/{id}/users`: 50 by default, 500 at most (`queryAppLimit`).
const APP_USERS: PageSize = PageSize {
    default: 50,
    max: 500,
};
/// `/apps/{id}/groups`: 20 by default, 200 at most (`queryGroupAssignmentLimit`).
const APP_GROUPS: PageSize = PageSize {
    default: 20,
    max: 200,
};

/// The app a new assignment goes to: it must exist and be active.
fn assignable<'a>(org: &'a Org, app_id: &str) -> Result<&'a AppRecord, ApiError> {
    match find(org, app_id)? {
        app if app.status == AppStatus::Active => Ok(app),
        _ => Err(ApiError::not_found(app_id, "AppInstance")),
    }
}

/// A body that may be left out: absent or blank is an empty object.
fn optional_body(ctx: &Context) -> Result<Map<String, Value>, ApiError> {
    let sent = ctx.request.record.body.as_deref().unwrap_or_default();
    if sent.trim().is_empty() {
        return Ok(Map::new());
    }
    ctx.request.object_body()
}

fn user_view(ctx: &Context, app_id: &str, user_id: &str) -> Handled {
    let app = find(ctx.org, app_id)?;
    let assignment = app
        .users
        .get(user_id)
        .ok_or_else(|| ApiError::not_found(user_id, "AppUser"))?;
    Ok(Answer::ok(&app_user_json(
        app,
        assignment,
        ctx.org,
        &ctx.request.base,
    )))
}

/// What an assignment body may change: `credentials.userName` and `profile`.
struct AssignmentFields {
    user_name: Option<String>,
    profile: Option<Map<String, Value>>,
}

impl AssignmentFields {
    fn of(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let user_name = match body.get("credentials") {
            None | Some(Value::Null) => None,
            Some(Value::Object(credentials)) => credentials
                .get("userName")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string),
            Some(_) => return Err(ApiError::malformed_body()),
        };
        let profile = match body.get("profile") {
            None | Some(Value::Null) => None,
            Some(Value::Object(profile)) => Some(profile.clone()),
            Some(_) => return Err(ApiError::malformed_body()),
        };
        Ok(Self { user_name, profile })
    }

    /// Applies the user name and the profile (merged over the old one) to an assignment.
    fn apply(self, org: &mut Org, app_id: &str, user_id: &str, now: i64) {
        let Some(assignment) = org
            .apps
            .get_mut(app_id)
            .and_then(|app| app.users.get_mut(user_id))
        else {
            return;
        };
        if let Some(user_name) = self.user_name {
            assignment.user_name = user_name;
        }
        if let Some(profile) = self.profile {
            assignment.profile.extend(profile);
        }
        assignment.last_updated = now;
    }
}

/// `POST /apps/{id}/users`: assigns a user (by id), or changes their assignment. Scope `USER`
/// (the default) makes it direct, so it outlives any group's; `GROUP` is accepted only for a
/// user a group assigned to the app holds.
pub fn assign_user(ctx: &mut Context, app_id: &str) -> Handled {
    let body = ctx.request.object_body()?;
    assignable(ctx.org, app_id)?;
    let Some(user_id) = body.get("id").and_then(Value::as_str).map(str::to_string) else {
        return Err(ApiError::validation(
            "id",
            vec!["id: The field cannot be left blank".into()],
        ));
    };
    let user = ctx
        .org
        .user(&user_id)
        .ok_or_else(|| ApiError::not_found(&user_id, "User"))?;
    if user.status == UserStatus::Deprovisioned {
        return Err(ApiError::inactive_user_app());
    }
    let direct = match body.get("scope").and_then(Value::as_str) {
        None | Some("USER") => true,
        Some("GROUP") => false,
        Some(other) => {
            return Err(ApiError::validation(
                "scope",
                vec![format!("scope: '{other}' is not one of USER, GROUP")],
            ));
        }
    };
    let fields = AssignmentFields::of(&body)?;
    let app = assignable(ctx.org, app_id)?;
    if !direct && ctx.org.granting_group(app, &user_id).is_none() {
        return Err(ApiError::validation(
            "scope",
            vec!["scope: No group assigned to the application holds the user".into()],
        ));
    }
    let now = ctx.now;
    match ctx
        .org
        .apps
        .get_mut(app_id)
        .and_then(|app| app.users.get_mut(&user_id))
    {
        Some(existing) => existing.direct |= direct,
        None => ctx.org.add_app_user(app_id, &user_id, direct, now),
    }
    fields.apply(ctx.org, app_id, &user_id, now);
    user_view(ctx, app_id, &user_id)
}

pub fn app_user(ctx: &mut Context, app_id: &str, user_id: &str) -> Handled {
    user_view(ctx, app_id, user_id)
}

/// `POST /apps/{id}/users/{userId}`: changes an assignment's user name or profile.
pub fn update_app_user(ctx: &mut Context, app_id: &str, user_id: &str) -> Handled {
    let body = ctx.request.object_body()?;
    let fields = AssignmentFields::of(&body)?;
    user_view(ctx, app_id, user_id)?;
    fields.apply(ctx.org, app_id, user_id, ctx.now);
    user_view(ctx, app_id, user_id)
}

/// `DELETE /apps/{id}/users/{userId}`: a user an assigned group holds cannot be unassigned
/// (403 E0000046); `sendEmail` is accepted.
pub fn unassign_user(ctx: &mut Context, app_id: &str, user_id: &str) -> Handled {
    let app = find(ctx.org, app_id)?;
    if !app.users.contains(user_id) {
        return Err(ApiError::not_found(user_id, "AppUser"));
    }
    if ctx.org.granting_group(app, user_id).is_some() {
        return Err(ApiError::app_user_held_by_group());
    }
    ctx.org.remove_app_user(app_id, user_id, ctx.now);
    Ok(Answer::no_content())
}

/// `q`: a case-insensitive prefix of the user name, or of the user's first name, last name or
/// email.
fn app_user_matches(org: &Org, user_id: &str, user_name: &str, prefix: &str) -> bool {
    let starts = |text: &str| text.to_lowercase().starts_with(prefix);
    starts(user_name)
        || org.user(user_id).is_some_and(|user| {
            ["firstName", "lastName", "email"]
                .iter()
                .any(|field| user.profile_text(field).is_some_and(starts))
        })
}

/// `GET /apps/{id}/users`: the assignments in the order they were made, paged.
pub fn users(ctx: &mut Context, app_id: &str) -> Handled {
    let request = ctx.request;
    let org = &*ctx.org;
    let app = find(org, app_id)?;
    let list = format!("appUsers.{app_id}");
    let prefix = request.param("q").map(|q| q.to_lowercase());
    let limit = paging::limit(request, APP_USERS)?;
    let after = paging::after(request, &list)?;
    let wanted = app.users.after(after).filter(|assignment| {
        prefix
            .as_deref()
            .is_none_or(|p| app_user_matches(org, &assignment.user_id, &assignment.user_name, p))
    });
    let (page, more) = paging::take_page(wanted, limit);
    let next = paging::next_cursor(&list, page.last().map(|a| a.position()), more);
    let views: Vec<Value> = page
        .iter()
        .map(|assignment| app_user_json(app, assignment, org, &request.base))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}

// ----- groups -----

fn group_view(ctx: &Context, app_id: &str, group_id: &str) -> Handled {
    let app = find(ctx.org, app_id)?;
    let assignment = app
        .groups
        .get(group_id)
        .ok_or_else(|| ApiError::not_found(group_id, "AppGroup"))?;
    Ok(Answer::ok(&app_group_json(
        app,
        assignment,
        &ctx.request.base,
    )))
}

/// `PUT /apps/{id}/groups/{groupId}`: assigns a group (its members get the app) or changes its
/// priority and profile. The body is optional.
pub fn assign_group(ctx: &mut Context, app_id: &str, group_id: &str) -> Handled {
    let body = optional_body(ctx)?;
    assignable(ctx.org, app_id)?;
    if ctx.org.group(group_id).is_none() {
        return Err(ApiError::not_found(group_id, "UserGroup"));
    }
    let priority = match body.get("priority") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(|| {
            ApiError::validation(
                "priority",
                vec!["priority: must be a whole number of 0 or more".into()],
            )
        })?),
    };
    let profile = match body.get("profile") {
        None | Some(Value::Null) => None,
        Some(Value::Object(profile)) => Some(profile.clone()),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    ctx.org
        .assign_group_to_app(app_id, group_id, priority, profile, ctx.now);
    group_view(ctx, app_id, group_id)
}

pub fn app_group(ctx: &mut Context, app_id: &str, group_id: &str) -> Handled {
    group_view(ctx, app_id, group_id)
}

/// `DELETE /apps/{id}/groups/{groupId}`: members lose the app unless a direct assignment or
/// another group gives it to them.
pub fn unassign_group(ctx: &mut Context, app_id: &str, group_id: &str) -> Handled {
    group_view(ctx, app_id, group_id)?;
    ctx.org.unassign_group_from_app(app_id, group_id, ctx.now);
    Ok(Answer::no_content())
}

/// `GET /apps/{id}/groups`: the assigned groups in the order they were assigned, or those whose
/// name starts with `q` (any case), paged.
pub fn groups(ctx: &mut Context, app_id: &str) -> Handled {
    let request = ctx.request;
    let org = &*ctx.org;
    let app = find(org, app_id)?;
    let list = format!("appGroups.{app_id}");
    let prefix = request.param("q").map(|q| q.to_lowercase());
    let limit = paging::limit(request, APP_GROUPS)?;
    let after = paging::after(request, &list)?;
    let wanted = app.groups.after(after).filter(|assignment| {
        prefix.as_deref().is_none_or(|p| {
            org.group(&assignment.group_id)
                .is_some_and(|group| group.name().to_lowercase().starts_with(p))
        })
    });
    let (page, more) = paging::take_page(wanted, limit);
    let next = paging::next_cursor(&list, page.last().map(|a| a.position()), more);
    let views: Vec<Value> = page
        .iter()
        .map(|assignment| app_group_json(app, assignment, &request.base))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}

// ----- app links -----

/// `GET /users/{id}/appLinks`: the dashboard links of the user's active apps, direct or through
/// a group. Okta does not page it.
pub fn app_links(ctx: &mut Context, user_key: &str) -> Handled {
    let user_id = ctx
        .org
        .find_user(user_key)
        .ok_or_else(|| ApiError::not_found(user_key, "User"))?
        .id
        .clone();
    Ok(Answer::ok(&app_links_json(
        ctx.org,
        &user_id,
        &ctx.request.base,
    )))
}
