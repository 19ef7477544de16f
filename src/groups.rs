//! The group operations: `/api/v1/groups` and memberships.

use crate::call::connect;
use crate::client::{Method, OktaClient, Repeat};
use crate::encode::path_segment;
use crate::input;
use crate::limits::{MAX_GROUPS_PAGE, MAX_MEMBERS_PAGE, MAX_USER_GROUPS_PAGE};
use crate::model::{GroupId, OktaGroup, User, object_of};
use crate::okta::groups::*;
use crate::okta::types::{Group, OktaError};
use crate::paging::{self, Paging};
use serde_json::{Map, Value};

fn group_path(group_id: &str) -> String {
    format!("/groups/{}", path_segment(group_id))
}

pub fn list_groups(input: ListGroupsInput) -> Result<ListGroupsOutput, OktaError> {
    let paging = Paging::of(&input, MAX_GROUPS_PAGE)?;
    let query = paging::expression_query(&input.search, &input.filter, &input.q, &paging)?;
    let client = connect(&input.connection)?;
    let page = paging::list(
        &client,
        "/groups",
        query,
        MAX_GROUPS_PAGE,
        paging,
        |group: OktaGroup| group.to_wit(),
    )?;
    Ok(ListGroupsOutput {
        count: page.items.len() as u32,
        groups: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn get_group(input: GroupRefInput) -> Result<Group, OktaError> {
    let group_id = input::group_id(&input.group_id)?;
    let client = connect(&input.connection)?;
    let group: OktaGroup = client.get(&group_path(&group_id))?.json()?;
    Ok(group.to_wit())
}

pub fn create_group(input: CreateGroupInput) -> Result<Group, OktaError> {
    let name = input::required("name", &input.name)?;
    let mut profile = Map::new();
    profile.insert("name".into(), name.into());
    if let Some(description) = input::optional("description", &input.description)? {
        profile.insert("description".into(), description.into());
    }
    let custom = input::profile(&input.profile_json, &profile)?;
    profile.extend(custom);
    let client = connect(&input.connection)?;
    let group: OktaGroup = client
        .post(
            "/groups",
            Some(&object_of("profile", profile.into())),
            Repeat::Unsafe,
        )?
        .json()?;
    Ok(group.to_wit())
}

/// Okta's PUT replaces the whole profile, so an omitted description or custom attribute
/// would be erased. The block reads the stored profile and sends it back with the changes.
pub fn update_group(input: UpdateGroupInput) -> Result<Group, OktaError> {
    let group_id = input::group_id(&input.group_id)?;
    let name = input::required("name", &input.name)?;
    let description = input::optional("description", &input.description)?;
    let mut changes = Map::new();
    changes.insert("name".into(), Value::String(name));
    if let Some(description) = description {
        changes.insert("description".into(), Value::String(description));
    }
    let custom = input::profile(&input.profile_json, &changes)?;
    changes.extend(custom);
    let client = connect(&input.connection)?;
    let path = group_path(&group_id);
    let stored: OktaGroup = client.get(&path)?.json()?;
    let mut profile = stored.profile;
    profile.extend(changes);
    let group: OktaGroup = client
        .put(&path, Some(&object_of("profile", profile.into())))?
        .json()?;
    Ok(group.to_wit())
}

pub fn delete_group(input: GroupRefInput) -> Result<DeleteGroupOutput, OktaError> {
    let group_id = input::group_id(&input.group_id)?;
    let client = connect(&input.connection)?;
    client.call(Method::Delete, &group_path(&group_id), Repeat::Safe)?;
    Ok(DeleteGroupOutput {
        group_id,
        deleted: true,
    })
}

/// `/groups/{groupId}/users/{userId}`, after checking both ids, and whether the user is a
/// member now. Okta answers 204 whether or not anything changed, so the block looks first in
/// order to report truthfully.
fn membership(
    input: &MembershipInput,
) -> Result<(OktaClient, String, String, String, bool), OktaError> {
    let group_id = input::group_id(&input.group_id)?;
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/users/{}", group_path(&group_id), path_segment(&user_id));
    let member = is_member(&client, &user_id, &group_id)?;
    Ok((client, path, group_id, user_id, member))
}

/// Reads the user's groups (a user belongs to few) and looks for the group.
fn is_member(client: &OktaClient, user_id: &str, group_id: &str) -> Result<bool, OktaError> {
    let paging = Paging::new(
        None,
        MAX_USER_GROUPS_PAGE,
        &None,
        Some(true),
        Some(paging::MAX_MAX_RESULTS),
    )?;
    let path = format!("/users/{}/groups", path_segment(user_id));
    let groups = paging::list(
        client,
        &path,
        Vec::new(),
        MAX_USER_GROUPS_PAGE,
        paging,
        |group: GroupId| group.id,
    )?;
    Ok(groups.items.iter().any(|id| id == group_id))
}

pub fn add_user_to_group(input: MembershipInput) -> Result<AddUserToGroupOutput, OktaError> {
    let (client, path, group_id, user_id, already_member) = membership(&input)?;
    if !already_member {
        client.put(&path, None)?;
    }
    Ok(AddUserToGroupOutput {
        group_id,
        user_id,
        added: !already_member,
        already_member,
    })
}

pub fn remove_user_from_group(
    input: MembershipInput,
) -> Result<RemoveUserFromGroupOutput, OktaError> {
    let (client, path, group_id, user_id, was_member) = membership(&input)?;
    if was_member {
        client.call(Method::Delete, &path, Repeat::Safe)?;
    }
    Ok(RemoveUserFromGroupOutput {
        group_id,
        user_id,
        removed: was_member,
        was_member,
    })
}

pub fn list_group_members(
    input: ListGroupMembersInput,
) -> Result<ListGroupMembersOutput, OktaError> {
    let group_id = input::group_id(&input.group_id)?;
    let paging = Paging::of(&input, MAX_MEMBERS_PAGE)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/users", group_path(&group_id));
    let page = paging::list(
        &client,
        &path,
        Vec::new(),
        MAX_MEMBERS_PAGE,
        paging,
        |user: User| user.summary(),
    )?;
    Ok(ListGroupMembersOutput {
        count: page.items.len() as u32,
        members: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}
