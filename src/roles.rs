//! The admin role operations: `/api/v1/users/{id}/roles`.

use crate::call::connect;
use crate::client::{Method, Repeat};
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::model::{Fields, FromObject};
use crate::okta::roles::*;
use crate::okta::types::OktaError;
use serde_json::{Map, Value};

/// The standard role types Okta assigns through this API, and CUSTOM.
const ROLE_TYPES: &[&str] = &[
    "SUPER_ADMIN",
    "ORG_ADMIN",
    "APP_ADMIN",
    "USER_ADMIN",
    "HELP_DESK_ADMIN",
    "READ_ONLY_ADMIN",
    "MOBILE_ADMIN",
    "API_ACCESS_MANAGEMENT_ADMIN",
    "REPORT_ADMIN",
    "GROUP_MEMBERSHIP_ADMIN",
    "WORKFLOWS_ADMIN",
    "ACCESS_CERTIFICATIONS_ADMIN",
    "ACCESS_REQUESTS_ADMIN",
    "CUSTOM",
];

impl FromObject for RoleAssignment {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            label: f.text("label"),
            type_: f.text("type"),
            status: f.text("status"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
            assignment_type: f.text("assignmentType"),
            role: f.text("role"),
            resource_set: f.text("resource-set"),
        };
        f.done(shape)
    }
}

fn roles_path(user_id: &str) -> String {
    format!("/users/{}/roles", path_segment(user_id))
}

pub fn assign_user_role(input: AssignUserRoleInput) -> Result<RoleAssignment, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let role_type = input::one_of(
        "roleType",
        &input::required("roleType", &input.role_type)?,
        ROLE_TYPES,
    )?;
    let custom_role = input::optional("customRoleId", &input.custom_role_id)?;
    let resource_set = input::optional("resourceSetId", &input.resource_set_id)?;
    let mut body = Map::new();
    body.insert("type".into(), role_type.into());
    if role_type == "CUSTOM" {
        let (Some(role), Some(set)) = (custom_role, resource_set) else {
            return Err(invalid(
                "customRoleId",
                "a CUSTOM role needs both customRoleId and resourceSetId",
            ));
        };
        body.insert(
            "role".into(),
            input::okta_id(
                "customRoleId",
                &role,
                "a custom role id",
                "cr0Yq6IJxGIr0ouum0g3",
            )?
            .into(),
        );
        body.insert(
            "resource-set".into(),
            input::okta_id(
                "resourceSetId",
                &set,
                "a resource set id",
                "iamoJDFKaJxGIr0oamd9g",
            )?
            .into(),
        );
    } else if custom_role.is_some() || resource_set.is_some() {
        let field = if custom_role.is_some() {
            "customRoleId"
        } else {
            "resourceSetId"
        };
        return Err(invalid(
            field,
            format!("applies to CUSTOM roles only, not {role_type}"),
        ));
    }
    let client = connect(&input.connection)?;
    let disable = input.disable_notifications.unwrap_or(false);
    let path = format!(
        "{}{}",
        roles_path(&user_id),
        query_string(&[("disableNotifications", disable.to_string())])
    );
    client
        .post(&path, Some(&Value::Object(body)), Repeat::Unsafe)?
        .json()
}

pub fn list_user_roles(input: UserRolesInput) -> Result<ListUserRolesOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let roles: Vec<RoleAssignment> = client.get(&roles_path(&user_id))?.json()?;
    Ok(ListUserRolesOutput {
        count: roles.len() as u32,
        roles,
    })
}

pub fn remove_user_role(input: RemoveUserRoleInput) -> Result<RemoveUserRoleOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let role_assignment_id = input::okta_id(
        "roleAssignmentId",
        &input.role_assignment_id,
        "a role assignment id from list_user_roles",
        "KVJUKUS7IFCE2SKO",
    )?;
    let client = connect(&input.connection)?;
    let path = format!(
        "{}/{}",
        roles_path(&user_id),
        path_segment(&role_assignment_id)
    );
    client.call(Method::Delete, &path, Repeat::Safe)?;
    Ok(RemoveUserRoleOutput {
        user_id,
        role_assignment_id,
        removed: true,
    })
}
