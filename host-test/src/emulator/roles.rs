//! Admin roles: `/api/v1/users/{id}/roles` and `/api/v1/groups/{id}/roles` (Role Assignment
//! references): assign (201), list, read and unassign a user's or a group's admin roles.
//!
//! A standard role's assignment id is the unpadded base32 of its type, as Okta's are
//! (`USER_ADMIN` is `KVJUKUS7IFCE2SKO`); an IAM-based standard role or a custom role gets an
//! `irb…` id and names its role and resource set. A role is held once per user or group
//! (409 E0000090). The members of a group that holds roles are admins too: a user's list shows
//! the roles of their groups with `assignmentType` `GROUP`.

use super::answer::{Answer, Handled};
use super::errors::ApiError;
use super::ids::IdGenerator;
use super::logs::{EventType, LogTarget};
use super::router::Context;
use super::store::Org;
use super::timestamps::iso;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The standard admin roles and their labels.
const STANDARD: &[(&str, &str)] = &[
    ("SUPER_ADMIN", "Super Administrator"),
    ("ORG_ADMIN", "Organizational Administrator"),
    ("APP_ADMIN", "Application Administrator"),
    ("USER_ADMIN", "User Administrator"),
    ("HELP_DESK_ADMIN", "Help Desk Administrator"),
    ("READ_ONLY_ADMIN", "Read Only Administrator"),
    ("MOBILE_ADMIN", "Mobile Administrator"),
    (
        "API_ACCESS_MANAGEMENT_ADMIN",
        "API Access Management Administrator",
    ),
    ("REPORT_ADMIN", "Report Administrator"),
    ("GROUP_MEMBERSHIP_ADMIN", "Group Membership Administrator"),
];

/// IAM-based standard roles: assigned as standard roles, answered as custom ones, with the
/// resource set Okta binds them to.
const IAM_BASED: &[(&str, &str, &str)] = &[
    (
        "WORKFLOWS_ADMIN",
        "Workflows Administrator",
        "WORKFLOWS_IAM_POLICY",
    ),
    (
        "ACCESS_CERTIFICATIONS_ADMIN",
        "Access Certifications Administrator",
        "ACCESS_CERTIFICATIONS_IAM_POLICY",
    ),
    (
        "ACCESS_REQUESTS_ADMIN",
        "Access Requests Administrator",
        "ACCESS_REQUESTS_IAM_POLICY",
    ),
];

const USER_GRANTED: EventType = event("user.account.privilege.grant", "Grant user privilege");
const USER_REVOKED: EventType = event("user.account.privilege.revoke", "Revoke user privilege");
const GROUP_GRANTED: EventType = event("group.privilege.grant", "Grant group privilege");
const GROUP_REVOKED: EventType = event("group.privilege.revoke", "Revoke group privilege");

const fn event(name: &'static str, message: &'static str) -> EventType {
    EventType {
        name,
        message,
        legacy: None,
    }
}

/// The unpadded RFC 4648 base32 of a role type: a standard role assignment's id.
fn base32(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut bits, mut count) = (0u32, 0);
    for byte in text.bytes() {
        bits = (bits << 8) | u32::from(byte);
        count += 8;
        while count >= 5 {
            count -= 5;
            out.push(ALPHABET[((bits >> count) & 31) as usize] as char);
        }
    }
    if count > 0 {
        out.push(ALPHABET[((bits << (5 - count)) & 31) as usize] as char);
    }
    out
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub id: String,
    pub role_type: String,
    pub label: String,
    /// The role (`cr0…`, or the IAM-based role's type) and resource set of a custom or
    /// IAM-based role.
    pub role: Option<String>,
    pub resource_set: Option<String>,
    pub created: i64,
    pub last_updated: i64,
}

/// Who holds a role.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    User,
    Group,
}

impl Assignee {
    fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Self::User => "users",
            Self::Group => "groups",
        }
    }
}

/// The org's role assignments, and the custom roles and resource sets it has.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleSet {
    ids: IdGenerator,
    users: BTreeMap<String, Vec<RoleAssignment>>,
    groups: BTreeMap<String, Vec<RoleAssignment>>,
    /// Custom roles (`cr0…`) and resource sets (`iam…`), by id, with their labels.
    pub custom_roles: BTreeMap<String, String>,
    pub resource_sets: BTreeMap<String, String>,
}

/// The roles' id stream is their own, so they leave the org's ids as they were.
const ROLES_SEED: u64 = 0x2013_0000_AD31_0001;

impl Default for RoleSet {
    fn default() -> Self {
        Self {
            ids: IdGenerator::new(ROLES_SEED),
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            custom_roles: BTreeMap::new(),
            resource_sets: BTreeMap::new(),
        }
    }
}

impl RoleSet {
    fn of(&self, assignee: Assignee) -> &BTreeMap<String, Vec<RoleAssignment>> {
        match assignee {
            Assignee::User => &self.users,
            Assignee::Group => &self.groups,
        }
    }

    fn of_mut(&mut self, assignee: Assignee) -> &mut BTreeMap<String, Vec<RoleAssignment>> {
        match assignee {
            Assignee::User => &mut self.users,
            Assignee::Group => &mut self.groups,
        }
    }

    /// The roles a user or group holds itself.
    pub fn held(&self, assignee: Assignee, id: &str) -> &[RoleAssignment] {
        self.of(assignee).get(id).map_or(&[], Vec::as_slice)
    }

    /// Adds a custom role and a resource set, as the seed's admins use.
    pub fn add_custom(&mut self, role_label: &str, set_label: &str) -> (String, String) {
        let role = self.ids.object_id("cr0");
        let set = self.ids.object_id("iam");
        self.custom_roles.insert(role.clone(), role_label.into());
        self.resource_sets.insert(set.clone(), set_label.into());
        (role, set)
    }

    /// Grants a role; E0000090 when it is already held.
    pub fn grant(
        &mut self,
        assignee: Assignee,
        id: &str,
        wanted: Wanted,
        now: i64,
    ) -> Result<RoleAssignment, ApiError> {
        let held = self.held(assignee, id);
        let duplicate = held.iter().any(|role| {
            role.role_type == wanted.role_type
                && role.role == wanted.role
                && role.resource_set == wanted.resource_set
        });
        if duplicate {
            return Err(ApiError::duplicate_role());
        }
        let assignment_id = match (
            &wanted.role,
            STANDARD.iter().any(|(t, _)| *t == wanted.role_type),
        ) {
            (None, true) => base32(&wanted.role_type),
            _ => self.ids.object_id("irb"),
        };
        let assignment = RoleAssignment {
            id: assignment_id,
            role_type: wanted.role_type,
            label: wanted.label,
            role: wanted.role,
            resource_set: wanted.resource_set,
            created: now,
            last_updated: now,
        };
        self.of_mut(assignee)
            .entry(id.to_string())
            .or_default()
            .push(assignment.clone());
        Ok(assignment)
    }

    /// Revokes a role a user or group holds itself; says whether it did.
    pub fn revoke(
        &mut self,
        assignee: Assignee,
        id: &str,
        role_id: &str,
    ) -> Option<RoleAssignment> {
        let roles = self.of_mut(assignee).get_mut(id)?;
        let index = roles.iter().position(|role| role.id == role_id)?;
        let revoked = roles.remove(index);
        if roles.is_empty() {
            self.of_mut(assignee).remove(id);
        }
        Some(revoked)
    }

    /// A deleted user's or group's roles go with it.
    pub fn forget(&mut self, id: &str) {
        self.users.remove(id);
        self.groups.remove(id);
    }
}

/// A checked role request: its type, label, and for a custom or IAM-based role its role and
/// resource set.
pub struct Wanted {
    pub role_type: String,
    pub label: String,
    pub role: Option<String>,
    pub resource_set: Option<String>,
}

/// The role a body asks for: a standard or IAM-based `type`, or `CUSTOM` with the `role` and
/// `resource-set` of a custom role the org has (404 E0000007 for one it does not).
pub fn wanted(org: &Org, body: &Map<String, Value>) -> Result<Wanted, ApiError> {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    let invalid = |field: &str, cause: String| ApiError::validation(field, vec![cause]);
    let Some(role_type) = text("type") else {
        return Err(invalid(
            "type",
            "type: The field cannot be left blank".into(),
        ));
    };
    if let Some((_, label)) = STANDARD.iter().find(|(t, _)| *t == role_type) {
        return Ok(Wanted {
            label: label.to_string(),
            role_type,
            role: None,
            resource_set: None,
        });
    }
    if let Some((_, label, set)) = IAM_BASED.iter().find(|(t, _, _)| *t == role_type) {
        return Ok(Wanted {
            label: label.to_string(),
            role: Some(role_type.clone()),
            resource_set: Some(set.to_string()),
            role_type,
        });
    }
    if role_type != "CUSTOM" {
        return Err(invalid(
            "type",
            format!("type: '{role_type}' is not a role type"),
        ));
    }
    let (Some(role), Some(set)) = (text("role"), text("resource-set")) else {
        let field = if text("role").is_none() {
            "role"
        } else {
            "resource-set"
        };
        return Err(invalid(
            field,
            format!("{field}: The field cannot be left blank"),
        ));
    };
    let label = org
        .admin_roles
        .custom_roles
        .get(&role)
        .ok_or_else(|| ApiError::not_found(&role, "CustomRole"))?
        .clone();
    if !org.admin_roles.resource_sets.contains_key(&set) {
        return Err(ApiError::not_found(&set, "IAMPolicy"));
    }
    Ok(Wanted {
        role_type,
        label,
        role: Some(role),
        resource_set: Some(set),
    })
}

// ----- the JSON -----

fn role_json(role: &RoleAssignment, assignee: Assignee, assignee_id: &str, base: &str) -> Value {
    let mut links = Map::new();
    links.insert(
        "assignee".into(),
        json!({ "href": format!("{base}/api/v1/{}/{assignee_id}", assignee.path()) }),
    );
    let mut view = Map::new();
    view.insert("id".into(), json!(role.id));
    if let (Some(role_id), Some(set)) = (&role.role, &role.resource_set) {
        view.insert("role".into(), json!(role_id));
        let iam = format!("{base}/api/v1/iam");
        links.insert(
            "resource-set".into(),
            json!({ "href": format!("{iam}/resource-sets/{set}") }),
        );
        links.insert(
            "role".into(),
            json!({ "href": format!("{iam}/roles/{role_id}") }),
        );
        links.insert(
            "permissions".into(),
            json!({ "href": format!("{iam}/roles/{role_id}/permissions") }),
        );
    }
    view.insert("label".into(), json!(role.label));
    view.insert("type".into(), json!(role.role_type));
    view.insert("status".into(), json!("ACTIVE"));
    view.insert("created".into(), json!(iso(role.created)));
    view.insert("lastUpdated".into(), json!(iso(role.last_updated)));
    view.insert("assignmentType".into(), json!(assignee.as_str()));
    if let Some(set) = &role.resource_set {
        view.insert("resource-set".into(), json!(set));
    }
    view.insert("_links".into(), Value::Object(links));
    Value::Object(view)
}

/// Every role a user or group has, with the role's holder: for a user, its own and then its
/// groups', each in id order.
fn roles_of(org: &Org, assignee: Assignee, id: &str) -> Vec<(Assignee, String, RoleAssignment)> {
    let by_id = |roles: &[RoleAssignment]| {
        let mut roles = roles.to_vec();
        roles.sort_by(|a, b| a.id.cmp(&b.id));
        roles
    };
    let mut all: Vec<(Assignee, String, RoleAssignment)> =
        by_id(org.admin_roles.held(assignee, id))
            .into_iter()
            .map(|role| (assignee, id.to_string(), role))
            .collect();
    if assignee == Assignee::User {
        for group in org.groups_of_user(id) {
            for role in by_id(org.admin_roles.held(Assignee::Group, &group.id)) {
                all.push((Assignee::Group, group.id.clone(), role));
            }
        }
    }
    all
}

// ----- the handlers -----

/// The id of the user or group a path names: 404 E0000007 when there is none.
fn holder(org: &Org, assignee: Assignee, key: &str) -> Result<String, ApiError> {
    let found = match assignee {
        Assignee::User => org.find_user(key).map(|user| user.id.clone()),
        Assignee::Group => org.group(key).map(|group| group.id.clone()),
    };
    let kind = match assignee {
        Assignee::User => "User",
        Assignee::Group => "UserGroup",
    };
    found.ok_or_else(|| ApiError::not_found(key, kind))
}

fn log_target(org: &Org, assignee: Assignee, id: &str) -> Vec<LogTarget> {
    let target = match assignee {
        Assignee::User => org.user(id).map(LogTarget::user),
        Assignee::Group => org.group(id).map(LogTarget::group),
    };
    target.into_iter().collect()
}

/// `POST …/roles`: grants a role; 201 with the assignment. `disableNotifications` is accepted.
pub fn assign(ctx: &mut Context, assignee: Assignee, key: &str) -> Handled {
    let id = holder(ctx.org, assignee, key)?;
    let body = ctx.request.object_body()?;
    let wanted = wanted(ctx.org, &body)?;
    let role = ctx.org.admin_roles.grant(assignee, &id, wanted, ctx.now)?;
    let event = match assignee {
        Assignee::User => &USER_GRANTED,
        Assignee::Group => &GROUP_GRANTED,
    };
    let targets = log_target(ctx.org, assignee, &id);
    ctx.org.log(ctx.now, event, targets);
    Ok(Answer::json(
        201,
        &role_json(&role, assignee, &id, &ctx.request.base),
    ))
}

/// `GET …/roles`: not paged, as Okta's is not.
pub fn list(ctx: &mut Context, assignee: Assignee, key: &str) -> Handled {
    let id = holder(ctx.org, assignee, key)?;
    let views: Vec<Value> = roles_of(ctx.org, assignee, &id)
        .iter()
        .map(|(holder, holder_id, role)| role_json(role, *holder, holder_id, &ctx.request.base))
        .collect();
    Ok(Answer::ok(&views))
}

/// `GET …/roles/{roleAssignmentId}`: one of the roles the list shows.
pub fn get(ctx: &mut Context, assignee: Assignee, key: &str, role_id: &str) -> Handled {
    let id = holder(ctx.org, assignee, key)?;
    roles_of(ctx.org, assignee, &id)
        .into_iter()
        .find(|(_, _, role)| role.id == role_id)
        .map(|(holder, holder_id, role)| {
            Answer::ok(&role_json(&role, holder, &holder_id, &ctx.request.base))
        })
        .ok_or_else(|| ApiError::not_found(role_id, "RoleAssignment"))
}

/// `DELETE …/roles/{roleAssignmentId}`: only a role the user or group holds itself; one a user
/// has through a group is the group's to lose.
pub fn unassign(ctx: &mut Context, assignee: Assignee, key: &str, role_id: &str) -> Handled {
    let id = holder(ctx.org, assignee, key)?;
    ctx.org
        .admin_roles
        .revoke(assignee, &id, role_id)
        .ok_or_else(|| ApiError::not_found(role_id, "RoleAssignment"))?;
    let event = match assignee {
        Assignee::User => &USER_REVOKED,
        Assignee::Group => &GROUP_REVOKED,
    };
    let targets = log_target(ctx.org, assignee, &id);
    ctx.org.log(ctx.now, event, targets);
    Ok(Answer::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_role_ids_are_the_base32_of_their_type() {
        assert_eq!(base32("USER_ADMIN"), "KVJUKUS7IFCE2SKO");
        assert_eq!(base32("APP_ADMIN"), "IFIFAX2BIRGUSTQ");
    }
}
