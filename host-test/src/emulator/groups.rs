//! `/api/v1/groups`: create, read, replace, delete, list, and memberships. Only `OKTA_GROUP`s
//! take profile and membership changes from the API.

use super::answer::{Answer, Handled};
use super::errors::ApiError;
use super::logs;
use super::model::{GroupRecord, GroupType};
use super::paging::{self, GROUPS, GROUPS_QUERY, MEMBERS};
use super::render::{Detail, GroupView, UserView};
use super::router::Context;
use super::search::{Target, list_query};
use super::store::{Org, non_blank};
use serde_json::{Map, Value};

const LIST: &str = "groups";

fn find<'a>(org: &'a Org, id: &str) -> Result<&'a GroupRecord, ApiError> {
    org.group(id)
        .ok_or_else(|| ApiError::not_found(id, "UserGroup"))
}

/// Refuses changes to groups Okta does not let the API change: Everyone and other built-in
/// groups are an unsupported operation; an app's groups belong to its imports.
pub fn ensure_changeable(group: &GroupRecord) -> Result<(), ApiError> {
    match group.group_type {
        GroupType::OktaGroup => Ok(()),
        GroupType::BuiltIn => Err(ApiError::unsupported_operation()),
        GroupType::AppGroup => Err(ApiError::access_denied()),
    }
}

fn view(ctx: &Context, id: &str) -> Handled {
    let group = find(ctx.org, id)?;
    Ok(Answer::ok(&GroupView::new(group, &ctx.request.base)))
}

/// The `profile` of a group body, which must name the group.
fn profile(ctx: &Context, except: Option<&str>) -> Result<Map<String, Value>, ApiError> {
    let body = ctx.request.object_body()?;
    let profile = match body.get("profile") {
        Some(Value::Object(profile)) => profile.clone(),
        Some(_) => return Err(ApiError::malformed_body()),
        None => Map::new(),
    };
    let Some(name) = non_blank(&profile, "name") else {
        return Err(ApiError::validation(
            "name",
            vec!["name: The field cannot be left blank".into()],
        ));
    };
    if ctx.org.group_name_taken(&name, except) {
        return Err(ApiError::duplicate("name"));
    }
    Ok(profile)
}

pub fn get(ctx: &mut Context, id: &str) -> Handled {
    view(ctx, id)
}

pub fn create(ctx: &mut Context) -> Handled {
    let profile = profile(ctx, None)?;
    let now = ctx.now;
    let id = ctx.org.ids.object_id("00g");
    let seq = ctx.org.next_seq();
    ctx.org.insert_group(GroupRecord {
        id: id.clone(),
        seq,
        group_type: GroupType::OktaGroup,
        created: now,
        last_updated: now,
        last_membership_updated: now,
        profile,
        object_class: "okta:user_group".into(),
        source_app_id: None,
    });
    ctx.org.log_group(now, &logs::GROUP_CREATE, &id);
    view(ctx, &id)
}

/// `PUT`: the whole profile is replaced; attributes not sent are gone.
pub fn replace(ctx: &mut Context, id: &str) -> Handled {
    ensure_changeable(find(ctx.org, id)?)?;
    let profile = profile(ctx, Some(id))?;
    let now = ctx.now;
    if let Some(group) = ctx.org.group_mut(id) {
        group.profile = profile;
        group.last_updated = now;
    }
    ctx.org.log_group(now, &logs::GROUP_PROFILE_UPDATE, id);
    view(ctx, id)
}

pub fn delete(ctx: &mut Context, id: &str) -> Handled {
    // App groups may be deleted; built-in ones may not.
    if find(ctx.org, id)?.group_type == GroupType::BuiltIn {
        return Err(ApiError::unsupported_operation());
    }
    let now = ctx.now;
    let members: Vec<String> = ctx
        .org
        .members_after(id, None)
        .map(|u| u.id.clone())
        .collect();
    // Its members lose the apps it gave them.
    ctx.org.forget_group_apps(id, now);
    ctx.org.log_group(now, &logs::GROUP_DELETE, id);
    ctx.org.remove_group(id);
    // Rules that fill it can no longer run; rules that ask for it see its members leave.
    ctx.org.invalidate_rules_for(id, now);
    for member in members {
        ctx.org.apply_rules(&member, now);
    }
    Ok(Answer::no_content())
}

// ----- memberships -----

/// The group and user ids of a membership change, after checking both exist and the group
/// takes changes.
fn membership(ctx: &Context, group_id: &str, user_key: &str) -> Result<String, ApiError> {
    let group = find(ctx.org, group_id)?;
    let user = ctx
        .org
        .find_user(user_key)
        .ok_or_else(|| ApiError::not_found(user_key, "User"))?;
    ensure_changeable(group)?;
    Ok(user.id.clone())
}

pub fn add_member(ctx: &mut Context, group_id: &str, user_key: &str) -> Handled {
    let user_id = membership(ctx, group_id, user_key)?;
    ctx.org.add_member_logged(group_id, &user_id, ctx.now);
    ctx.org.apply_rules(&user_id, ctx.now);
    Ok(Answer::no_content())
}

pub fn remove_member(ctx: &mut Context, group_id: &str, user_key: &str) -> Handled {
    let user_id = membership(ctx, group_id, user_key)?;
    // A rule's member removed by hand is excluded from that rule, so it stays removed.
    ctx.org.exclude_from_rules(group_id, &user_id, ctx.now);
    ctx.org.remove_member_logged(group_id, &user_id, ctx.now);
    ctx.org.apply_rules(&user_id, ctx.now);
    Ok(Answer::no_content())
}

/// `GET /groups/{id}/users`: members in list order, deactivated ones included.
pub fn members(ctx: &mut Context, id: &str) -> Handled {
    find(ctx.org, id)?;
    let request = ctx.request;
    let org = &*ctx.org;
    let list = format!("members.{id}");
    let limit = paging::limit(request, MEMBERS)?;
    let after = paging::after(request, &list)?;
    let (page, more) = paging::take_page(org.members_after(id, after), limit);
    let next = paging::next_cursor(&list, page.last().map(|u| u.position()), more);
    let views: Vec<UserView> = page
        .iter()
        .map(|user| UserView::new(user, org, &request.base, Detail::Listed))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}

// ----- list -----

/// `GET /groups`: every group, or those a `search` or `filter` matches, or a `q` lookup by name
/// (exact matches first), which Okta does not page.
pub fn list(ctx: &mut Context) -> Handled {
    let request = ctx.request;
    let query = list_query(request, Target::Groups)?;
    let prefix = request.param("q").map(|q| q.to_lowercase());
    let org = &*ctx.org;
    let wanted = |group: &&GroupRecord| {
        query.as_ref().is_none_or(|query| query.matches(*group))
            && prefix
                .as_deref()
                .is_none_or(|p| group.name().to_lowercase().starts_with(p))
    };

    if let (Some(prefix), None) = (&prefix, &query) {
        let limit = paging::limit(request, GROUPS_QUERY)?;
        let mut found: Vec<&GroupRecord> = org.groups_after(None).filter(wanted).collect();
        // Stable: among exact and among partial matches, list order is kept.
        found.sort_by_key(|group| group.name().to_lowercase() != *prefix);
        found.truncate(limit);
        let views: Vec<GroupView> = found
            .into_iter()
            .map(|group| GroupView::new(group, &request.base))
            .collect();
        return Ok(Answer::ok(&views));
    }

    let limit = paging::limit(request, GROUPS)?;
    let after = paging::after(request, LIST)?;
    let (page, more) = paging::take_page(org.groups_after(after).filter(wanted), limit);
    let next = paging::next_cursor(LIST, page.last().map(|g| g.position()), more);
    let views: Vec<GroupView> = page
        .iter()
        .map(|group| GroupView::new(group, &request.base))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}
