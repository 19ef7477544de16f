//! Which handler answers which method and path under `/api/v1`.

use super::answer::Handled;
use super::errors::ApiError;
use super::lifecycle::Transition;
use super::request::Request;
use super::roles::Assignee;
use super::store::Org;
use super::{app_assignments, apps, factors, groups, logs, roles, rules, sessions, users};

/// What a handler works with: the org, the request, and the time of the request, truncated to
/// whole seconds as Okta's timestamps are.
pub struct Context<'a> {
    pub org: &'a mut Org,
    pub request: &'a Request<'a>,
    pub now: i64,
}

pub fn route(ctx: &mut Context) -> Handled {
    let Some(segments) = ctx.request.segments.clone() else {
        return Err(ApiError::path_not_found());
    };
    let method = ctx.request.method.clone();
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (parts.as_slice(), method.as_str()) {
        (["users"], "GET") => users::list(ctx),
        (["users"], "POST") => users::create(ctx),
        (["users", key], "GET") => users::get(ctx, key),
        (["users", key], "POST") => users::update(ctx, key, users::Update::Partial),
        (["users", key], "PUT") => users::update(ctx, key, users::Update::Replace),
        (["users", key], "DELETE") => users::delete(ctx, key),
        (["users", key, "groups"], "GET") => users::groups(ctx, key),
        (["users", key, "sessions"], "DELETE") => users::clear_sessions(ctx, key),
        (["users", key, "lifecycle", "reset_factors"], "POST") => factors::reset_all(ctx, key),
        (["users", key, "factors"], "GET") => factors::list(ctx, key),
        (["users", key, "factors"], "POST") => factors::enroll(ctx, key),
        (["users", key, "factors", "questions"], "GET") => factors::questions(ctx, key),
        (["users", key, "factors", factor], "GET") => factors::get(ctx, key, factor),
        (["users", key, "factors", factor], "DELETE") => factors::unenroll(ctx, key, factor),
        (["users", key, "factors", factor, "lifecycle", "activate"], "POST") => {
            factors::activate(ctx, key, factor)
        }
        (["users", key, "lifecycle", name], "POST") => match Transition::from_path(name) {
            Some(operation) => users::lifecycle(ctx, key, operation),
            None => Err(ApiError::path_not_found()),
        },
        (["groups", "rules"], "GET") => rules::list(ctx),
        (["groups", "rules"], "POST") => rules::create(ctx),
        (["groups", "rules", id], "GET") => rules::get(ctx, id),
        (["groups", "rules", id], "PUT") => rules::replace(ctx, id),
        (["groups", "rules", id], "DELETE") => rules::delete(ctx, id),
        (["groups", "rules", id, "lifecycle", "activate"], "POST") => rules::activate(ctx, id),
        (["groups", "rules", id, "lifecycle", "deactivate"], "POST") => rules::deactivate(ctx, id),
        (["logs"], "GET") => logs::list(ctx),
        (["apps", rest @ ..], _) => route_apps(ctx, rest, &method),
        (["users", key, "appLinks"], "GET") => app_assignments::app_links(ctx, key),
        (["groups", id, "apps"], "GET") => apps::of_group(ctx, id),
        (["users", key, "roles"], "GET") => roles::list(ctx, Assignee::User, key),
        (["users", key, "roles"], "POST") => roles::assign(ctx, Assignee::User, key),
        (["users", key, "roles", role], "GET") => roles::get(ctx, Assignee::User, key, role),
        (["users", key, "roles", role], "DELETE") => {
            roles::unassign(ctx, Assignee::User, key, role)
        }
        (["groups", id, "roles"], "GET") => roles::list(ctx, Assignee::Group, id),
        (["groups", id, "roles"], "POST") => roles::assign(ctx, Assignee::Group, id),
        (["groups", id, "roles", role], "GET") => roles::get(ctx, Assignee::Group, id, role),
        (["groups", id, "roles", role], "DELETE") => {
            roles::unassign(ctx, Assignee::Group, id, role)
        }
        (["authn"], "POST") => sessions::authn(ctx),
        (["sessions"], "POST") => sessions::create(ctx),
        (["sessions", id], "GET") => sessions::get(ctx, id),
        (["sessions", id], "DELETE") => sessions::revoke(ctx, id),
        (["sessions", id, "lifecycle", "refresh"], "POST") => sessions::refresh(ctx, id),
        (["groups"], "GET") => groups::list(ctx),
        (["groups"], "POST") => groups::create(ctx),
        (["groups", id], "GET") => groups::get(ctx, id),
        (["groups", id], "PUT") => groups::replace(ctx, id),
        (["groups", id], "DELETE") => groups::delete(ctx, id),
        (["groups", id, "users"], "GET") => groups::members(ctx, id),
        (["groups", id, "users", user], "PUT") => groups::add_member(ctx, id, user),
        (["groups", id, "users", user], "DELETE") => groups::remove_member(ctx, id, user),
        (path, _) if is_known_path(path) => Err(ApiError::method_not_allowed()),
        _ => Err(ApiError::path_not_found()),
    }
}

/// `/apps` and everything under it.
fn route_apps(ctx: &mut Context, rest: &[&str], method: &str) -> Handled {
    match (rest, method) {
        ([], "GET") => apps::list(ctx),
        ([], "POST") => apps::create(ctx),
        ([id], "GET") => apps::get(ctx, id),
        ([id], "PUT") => apps::replace(ctx, id),
        ([id], "DELETE") => apps::delete(ctx, id),
        ([id, "lifecycle", "activate"], "POST") => apps::activate(ctx, id),
        ([id, "lifecycle", "deactivate"], "POST") => apps::deactivate(ctx, id),
        ([id, "users"], "GET") => app_assignments::users(ctx, id),
        ([id, "users"], "POST") => app_assignments::assign_user(ctx, id),
        ([id, "users", user], "GET") => app_assignments::app_user(ctx, id, user),
        ([id, "users", user], "POST") => app_assignments::update_app_user(ctx, id, user),
        ([id, "users", user], "DELETE") => app_assignments::unassign_user(ctx, id, user),
        ([id, "groups"], "GET") => app_assignments::groups(ctx, id),
        ([id, "groups", group], "GET") => app_assignments::app_group(ctx, id, group),
        ([id, "groups", group], "PUT") => app_assignments::assign_group(ctx, id, group),
        ([id, "groups", group], "DELETE") => app_assignments::unassign_group(ctx, id, group),
        (
            []
            | [_]
            | [_, "users" | "groups"]
            | [_, "users" | "groups", _]
            | [_, "lifecycle", "activate" | "deactivate"],
            _,
        ) => Err(ApiError::method_not_allowed()),
        _ => Err(ApiError::path_not_found()),
    }
}

/// Whether some method is served at this path, so a wrong method is a 405 rather than a 404.
fn is_known_path(path: &[&str]) -> bool {
    matches!(
        path,
        ["users"]
            | ["users", _]
            | ["users", _, "groups" | "sessions"]
            | ["groups"]
            | ["groups", _]
            | ["groups", _, "users"]
            | ["groups", _, "users", _]
            | ["users", _, "factors"]
            | ["users", _, "factors", _]
            | ["users", _, "lifecycle", "reset_factors"]
            | ["users", _, "factors", _, "lifecycle", "activate"]
            | ["groups", "rules", _]
            | ["groups", "rules", _, "lifecycle", "activate" | "deactivate"]
            | ["logs"]
            | ["users", _, "appLinks" | "roles"]
            | ["users", _, "roles", _]
            | ["groups", _, "apps" | "roles"]
            | ["groups", _, "roles", _]
            | ["authn"]
            | ["sessions"]
            | ["sessions", _]
            | ["sessions", _, "lifecycle", "refresh"]
    ) || matches!(path, ["users", _, "lifecycle", name] if Transition::from_path(name).is_some())
}
