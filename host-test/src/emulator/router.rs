//! Which handler answers which method and path under `/api/v1`.

use super::answer::Handled;
use super::errors::ApiError;
use super::lifecycle::Transition;
use super::request::Request;
use super::store::Org;
use super::{groups, users};

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
        (["users", key, "lifecycle", name], "POST") => match Transition::from_path(name) {
            Some(operation) => users::lifecycle(ctx, key, operation),
            None => Err(ApiError::path_not_found()),
        },
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
    ) || matches!(path, ["users", _, "lifecycle", name] if Transition::from_path(name).is_some())
}
