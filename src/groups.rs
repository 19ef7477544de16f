//! The group operations: `/api/v1/groups` and memberships.

use crate::client::OktaClient;
use crate::connection::Connection;
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::model::{OktaGroup, User};
use crate::okta::groups::*;
use crate::okta::types::{Group, OktaError};
use serde_json::{Map, Value, json};

/// Okta's largest page for `/groups`.
pub const MAX_GROUPS_PAGE: u32 = 10_000;
/// Okta's largest page for `/groups/{id}/users`.
pub const MAX_MEMBERS_PAGE: u32 = 1_000;

fn connect(domain: &str, api_key: &str) -> Result<OktaClient, OktaError> {
    Ok(OktaClient::new(Connection::new(domain, api_key)?))
}

fn group_path(group_id: &str) -> String {
    format!("/groups/{}", path_segment(group_id))
}

pub fn list_groups(input: ListGroupsInput) -> Result<ListGroupsOutput, OktaError> {
    let search = input::optional("search", &input.search)?;
    let filter = input::optional("filter", &input.filter)?;
    let limit = input::limit(input.limit, MAX_GROUPS_PAGE)?;
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
    let groups: Vec<OktaGroup> = client
        .get(&format!("/groups{}", query_string(&query)))?
        .json()?;
    let groups: Vec<Group> = groups.iter().map(OktaGroup::to_wit).collect();
    Ok(ListGroupsOutput {
        count: groups.len() as u32,
        groups,
    })
}

pub fn get_group(input: GroupRefInput) -> Result<Group, OktaError> {
    let group_id = input::required("groupId", &input.group_id)?;
    let client = connect(&input.domain, &input.api_key)?;
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
    let client = connect(&input.domain, &input.api_key)?;
    let group: OktaGroup = client
        .post("/groups", Some(&json!({ "profile": profile })))?
        .json()?;
    Ok(group.to_wit())
}

/// Okta's PUT replaces the whole profile, so an omitted description or custom attribute
/// would be erased. The block reads the stored profile and sends it back with the changes.
pub fn update_group(input: UpdateGroupInput) -> Result<Group, OktaError> {
    let group_id = input::required("groupId", &input.group_id)?;
    let name = input::required("name", &input.name)?;
    let description = input::optional("description", &input.description)?;
    let client = connect(&input.domain, &input.api_key)?;
    let path = group_path(&group_id);
    let stored: OktaGroup = client.get(&path)?.json()?;
    let mut profile = stored.profile;
    profile.insert("name".into(), Value::String(name));
    if let Some(description) = description {
        profile.insert("description".into(), Value::String(description));
    }
    let group: OktaGroup = client
        .put(&path, Some(&json!({ "profile": profile })))?
        .json()?;
    Ok(group.to_wit())
}

pub fn delete_group(input: GroupRefInput) -> Result<DeleteGroupOutput, OktaError> {
    let group_id = input::required("groupId", &input.group_id)?;
    let client = connect(&input.domain, &input.api_key)?;
    client.delete(&group_path(&group_id))?;
    Ok(DeleteGroupOutput {
        group_id,
        deleted: true,
    })
}

/// `/groups/{groupId}/users/{userId}`, after checking both ids.
fn membership(input: &MembershipInput) -> Result<(OktaClient, String, String, String), OktaError> {
    let group_id = input::required("groupId", &input.group_id)?;
    let user_id = input::required("userId", &input.user_id)?;
    let client = connect(&input.domain, &input.api_key)?;
    let path = format!("{}/users/{}", group_path(&group_id), path_segment(&user_id));
    Ok((client, path, group_id, user_id))
}

pub fn add_user_to_group(input: MembershipInput) -> Result<AddUserToGroupOutput, OktaError> {
    let (client, path, group_id, user_id) = membership(&input)?;
    client.put(&path, None)?;
    Ok(AddUserToGroupOutput {
        group_id,
        user_id,
        added: true,
    })
}

pub fn remove_user_from_group(
    input: MembershipInput,
) -> Result<RemoveUserFromGroupOutput, OktaError> {
    let (client, path, group_id, user_id) = membership(&input)?;
    client.delete(&path)?;
    Ok(RemoveUserFromGroupOutput {
        group_id,
        user_id,
        removed: true,
    })
}

pub fn list_group_members(
    input: ListGroupMembersInput,
) -> Result<ListGroupMembersOutput, OktaError> {
    let group_id = input::required("groupId", &input.group_id)?;
    let limit = input::limit(input.limit, MAX_MEMBERS_PAGE)?;
    let client = connect(&input.domain, &input.api_key)?;
    let query = match limit {
        Some(limit) => query_string(&[("limit", limit.to_string())]),
        None => String::new(),
    };
    let users: Vec<User> = client
        .get(&format!("{}/users{query}", group_path(&group_id)))?
        .json()?;
    let members: Vec<_> = users.iter().map(User::summary).collect();
    Ok(ListGroupMembersOutput {
        count: members.len() as u32,
        members,
    })
}
