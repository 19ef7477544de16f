//! The application operations: `/api/v1/apps`, and its user and group assignments.

use crate::call::connect;
use crate::client::{OktaClient, Repeat};
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::limits::{MAX_APP_GROUPS_PAGE, MAX_APP_USERS_PAGE, MAX_APPS_PAGE};
use crate::model::{Fields, FromObject, object_of};
use crate::okta::apps::*;
use crate::okta::types::OktaError;
use crate::paging::{self, Paging};
use serde_json::{Map, Value};

impl FromObject for App {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            features: f.texts_at("/features"),
            name: f.text("name"),
            label: f.text("label"),
            status: f.text("status"),
            sign_on_mode: f.text("signOnMode"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
            accessibility_json: f.json_text("accessibility"),
            visibility_json: f.json_text("visibility"),
            settings_json: f.json_text("settings"),
        };
        f.done(shape)
    }
}

impl FromObject for AppUser {
    // The assignment's username is in its `credentials`.
    const UNREAD: &'static [&'static str] = &["_links", "_embedded"];
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            user_name: f.text_at("/credentials/userName"),
            external_id: f.text("externalId"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
            scope: f.text("scope"),
            status: f.text("status"),
            status_changed: f.text("statusChanged"),
            password_changed: f.text("passwordChanged"),
            sync_state: f.text("syncState"),
            last_sync: f.text("lastSync"),
            profile_json: f.json_text("profile"),
        };
        f.done(shape)
    }
}

impl FromObject for AppGroup {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            priority: f.whole("priority"),
            last_updated: f.text("lastUpdated"),
            profile_json: f.json_text("profile"),
        };
        f.done(shape)
    }
}

fn app_id(value: &str) -> Result<String, OktaError> {
    input::okta_id(
        "appId",
        value,
        "an Okta application id",
        "0oa1gjh63g214q0Hq0g4",
    )
}

/// A user id as an assignment takes it: Okta's id, never a login.
fn user_id(value: &str) -> Result<String, OktaError> {
    input::okta_id(
        "userId",
        value,
        "an Okta user id (a login is not accepted here: get_user gives the id)",
        "00u1emaK22p5Nb4xR0g4",
    )
}

fn app_path(app_id: &str) -> String {
    format!("/apps/{}", path_segment(app_id))
}

pub fn list_apps(input: ListAppsInput) -> Result<ListAppsOutput, OktaError> {
    let paging = Paging::of(&input, MAX_APPS_PAGE)?;
    let mut query = Vec::new();
    for (name, value) in [("q", &input.q), ("filter", &input.filter)] {
        if let Some(value) = input::optional(name, value)? {
            query.push((name, value));
        }
    }
    if let Some(include) = input.include_non_deleted {
        query.push(("includeNonDeleted", include.to_string()));
    }
    let client = connect(&input.connection)?;
    let page = paging::list(&client, "/apps", query, MAX_APPS_PAGE, paging, |app| app)?;
    Ok(ListAppsOutput {
        count: page.items.len() as u32,
        apps: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn get_app(input: AppRefInput) -> Result<App, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let client = connect(&input.connection)?;
    client.get(&app_path(&app_id))?.json()
}

/// The `q` of an assignment list, checked: it is a prefix search, one page or many.
fn search_query(q: &Option<String>) -> Result<Vec<(&'static str, String)>, OktaError> {
    Ok(input::optional("q", q)?
        .map(|q| ("q", q))
        .into_iter()
        .collect())
}

pub fn list_app_users(input: ListAppUsersInput) -> Result<ListAppUsersOutput, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let paging = Paging::of(&input, MAX_APP_USERS_PAGE)?;
    let query = search_query(&input.q)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/users", app_path(&app_id));
    let page = paging::list(&client, &path, query, MAX_APP_USERS_PAGE, paging, |u| u)?;
    Ok(ListAppUsersOutput {
        count: page.items.len() as u32,
        app_users: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn list_app_groups(input: ListAppGroupsInput) -> Result<ListAppGroupsOutput, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let paging = Paging::of(&input, MAX_APP_GROUPS_PAGE)?;
    let query = search_query(&input.q)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/groups", app_path(&app_id));
    let page = paging::list(&client, &path, query, MAX_APP_GROUPS_PAGE, paging, |g| g)?;
    Ok(ListAppGroupsOutput {
        count: page.items.len() as u32,
        app_groups: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

pub fn assign_user_to_app(input: AssignUserToAppInput) -> Result<AppUser, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let user_id = user_id(&input.user_id)?;
    let scope = match input::optional("scope", &input.scope)? {
        Some(scope) => input::one_of("scope", &scope, &["USER", "GROUP"])?,
        None => "USER",
    };
    let mut body = Map::new();
    body.insert("id".into(), user_id.into());
    body.insert("scope".into(), scope.into());
    if let Some(name) = input::optional("appUserName", &input.app_user_name)? {
        body.insert("credentials".into(), object_of("userName", name.into()));
    }
    let profile = input::profile(&input.profile_json, &Map::new())?;
    if !profile.is_empty() {
        body.insert("profile".into(), profile.into());
    }
    let client = connect(&input.connection)?;
    let path = format!("{}/users", app_path(&app_id));
    // Assigning the same user again updates the assignment: safe to repeat.
    client
        .post(&path, Some(&Value::Object(body)), Repeat::Safe)?
        .json()
}

/// Whether the app exists, for telling "not assigned" from "no such app" after a 404.
fn app_exists(client: &OktaClient, app_id: &str) -> Result<bool, OktaError> {
    match client.get(&app_path(app_id)) {
        Ok(_) => Ok(true),
        Err(OktaError::NotFound(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Runs an unassignment; a 404 for an app that exists means there was nothing to remove, which
/// an offboarding workflow must be able to run past.
fn unassign(client: &OktaClient, app_id: &str, path: &str) -> Result<bool, OktaError> {
    match client.delete(path, Repeat::Safe) {
        Ok(_) => Ok(true),
        Err(OktaError::NotFound(error)) => match app_exists(client, app_id)? {
            true => Ok(false),
            false => Err(OktaError::NotFound(error)),
        },
        Err(other) => Err(other),
    }
}

pub fn remove_user_from_app(
    input: RemoveUserFromAppInput,
) -> Result<RemoveUserFromAppOutput, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let user_id = user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let send_email = input.send_email.unwrap_or(false);
    let path = format!(
        "{}/users/{}{}",
        app_path(&app_id),
        path_segment(&user_id),
        query_string(&[("sendEmail", send_email.to_string())])
    );
    let removed = unassign(&client, &app_id, &path)?;
    Ok(RemoveUserFromAppOutput {
        app_id,
        user_id,
        removed,
    })
}

pub fn assign_group_to_app(input: AssignGroupToAppInput) -> Result<AppGroup, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let group_id = input::group_id(&input.group_id)?;
    if input.priority.is_some_and(|p| p > 100) {
        return Err(invalid("priority", "must be between 0 and 100"));
    }
    let body = match input.priority {
        Some(priority) => object_of("priority", priority.into()),
        None => Value::Object(Map::new()),
    };
    let client = connect(&input.connection)?;
    let path = format!("{}/groups/{}", app_path(&app_id), path_segment(&group_id));
    client.put(&path, Some(&body))?.json()
}

pub fn remove_group_from_app(
    input: AppGroupRefInput,
) -> Result<RemoveGroupFromAppOutput, OktaError> {
    let app_id = app_id(&input.app_id)?;
    let group_id = input::group_id(&input.group_id)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/groups/{}", app_path(&app_id), path_segment(&group_id));
    let removed = unassign(&client, &app_id, &path)?;
    Ok(RemoveGroupFromAppOutput {
        app_id,
        group_id,
        removed,
    })
}
