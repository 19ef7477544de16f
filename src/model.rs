//! Okta's JSON shapes, as far as the block reads them, and their mapping to the WIT records.
//!
//! Okta sends `null` for unset timestamps and attributes, and leaves unset profile attributes
//! out altogether. Both become `none`, which hosts show as JSON `null`, never as `""`.

use crate::okta::types::{Group, UserSummary};
use crate::okta::users::{UserDetail, UserWritten};
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub status: String,
    pub created: Option<String>,
    pub activated: Option<String>,
    pub status_changed: Option<String>,
    pub last_login: Option<String>,
    pub last_updated: Option<String>,
    pub password_changed: Option<String>,
    #[serde(default)]
    pub profile: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaGroup {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub created: Option<String>,
    pub last_updated: Option<String>,
    pub last_membership_updated: Option<String>,
    #[serde(default)]
    pub profile: Map<String, Value>,
}

/// A profile attribute as text: strings as they are, other scalars in their JSON form.
pub fn attribute(profile: &Map<String, Value>, name: &str) -> Option<String> {
    match profile.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The whole profile as JSON text, for hosts to show as an object.
fn profile_json(profile: &Map<String, Value>) -> Option<String> {
    serde_json::to_string(profile).ok()
}

impl User {
    fn attr(&self, name: &str) -> Option<String> {
        attribute(&self.profile, name)
    }

    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            mobile_phone: self.attr("mobilePhone"),
            title: self.attr("title"),
            department: self.attr("department"),
            created: self.created.clone(),
            last_login: self.last_login.clone(),
            last_updated: self.last_updated.clone(),
            activated: self.activated.clone(),
            status_changed: self.status_changed.clone(),
            profile_json: profile_json(&self.profile),
        }
    }

    pub fn detail(&self) -> UserDetail {
        UserDetail {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            mobile_phone: self.attr("mobilePhone"),
            second_email: self.attr("secondEmail"),
            display_name: self.attr("displayName"),
            title: self.attr("title"),
            department: self.attr("department"),
            organization: self.attr("organization"),
            manager: self.attr("manager"),
            manager_id: self.attr("managerId"),
            division: self.attr("division"),
            employee_number: self.attr("employeeNumber"),
            user_type: self.attr("userType"),
            created: self.created.clone(),
            activated: self.activated.clone(),
            last_login: self.last_login.clone(),
            last_updated: self.last_updated.clone(),
            status_changed: self.status_changed.clone(),
            password_changed: self.password_changed.clone(),
            profile_json: profile_json(&self.profile),
        }
    }

    pub fn written(&self) -> UserWritten {
        UserWritten {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            created: self.created.clone(),
            last_updated: self.last_updated.clone(),
        }
    }
}

impl OktaGroup {
    pub fn to_wit(&self) -> Group {
        Group {
            id: self.id.clone(),
            name: attribute(&self.profile, "name"),
            description: attribute(&self.profile, "description"),
            type_: self.kind.clone(),
            created: self.created.clone(),
            last_updated: self.last_updated.clone(),
            last_membership_updated: self.last_membership_updated.clone(),
            profile_json: profile_json(&self.profile),
        }
    }
}

/// The answer to activate and reactivate: the links only when no email was sent.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ActivationLinks {
    pub activation_url: Option<String>,
    pub activation_token: Option<String>,
}

/// The answer to reset_password: the link only when no email was sent.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResetLink {
    pub reset_password_url: Option<String>,
}

/// The answer to expire_password (the user) or expire_password_with_temp_password.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExpiredPassword {
    pub status: Option<String>,
    pub temp_password: Option<String>,
}

/// A group as far as a membership check reads it.
#[derive(Deserialize)]
pub struct GroupId {
    pub id: String,
}
