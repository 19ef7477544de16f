//! Okta's JSON shapes, as far as the block reads them, and their mapping to the WIT records.
//!
//! Okta sends `null` for unset timestamps and attributes, and leaves unset profile attributes
//! out altogether. Both become `none`, which hosts show as JSON `null`, never as `""`.

use crate::okta::types::{Group, UserSummary};
use crate::okta::users::{UserDetail, UserWritten};
use serde_json::{Map, Value};

/// A JSON object the block reads into a struct of its own.
///
/// Every shape is decoded through `serde_json::Value`, so the component carries one generic
/// parser instead of a derived visitor per struct (and per `Vec` of it). The rules are those
/// `#[derive(Deserialize)]` applied: unknown fields are ignored, a text field may be missing
/// or `null` when optional, and anything else of the wrong type refuses the whole object.
pub trait FromObject: Sized {
    fn from_object(object: &mut Map<String, Value>) -> Result<Self, String>;
}

macro_rules! deserialize_as_object {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                match <serde_json::Value as serde::Deserialize>::deserialize(deserializer)? {
                    serde_json::Value::Object(mut object) => {
                        Self::from_object(&mut object).map_err(D::Error::custom)
                    }
                    _ => Err(D::Error::custom("expected a JSON object")),
                }
            }
        }
    )*};
}
pub(crate) use deserialize_as_object;

/// What the block decodes from an answer: one object, or a page (an array) of them. Decoding
/// parses to a `Value` once, in code shared by every shape, then converts.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, String>;
}

impl<T: FromObject> FromJson for T {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Object(mut object) => T::from_object(&mut object),
            _ => Err("expected a JSON object".into()),
        }
    }
}

impl<T: FromObject> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            _ => Err("expected a JSON array".into()),
        }
    }
}

/// An optional text field: missing or `null` is `None`.
pub fn text(object: &mut Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("field `{name}` is not a string")),
    }
}

/// A text field that must be there.
pub fn required(object: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match object.remove(name) {
        Some(Value::String(text)) => Ok(text),
        None => Err(format!("missing field `{name}`")),
        Some(_) => Err(format!("field `{name}` is not a string")),
    }
}

/// An object field that may be missing (then empty), but not `null`.
fn profile(object: &mut Map<String, Value>) -> Result<Map<String, Value>, String> {
    match object.remove("profile") {
        None => Ok(Map::new()),
        Some(Value::Object(profile)) => Ok(profile),
        Some(_) => Err("field `profile` is not an object".into()),
    }
}

pub struct User {
    pub id: String,
    pub status: String,
    pub created: Option<String>,
    pub activated: Option<String>,
    pub status_changed: Option<String>,
    pub last_login: Option<String>,
    pub last_updated: Option<String>,
    pub password_changed: Option<String>,
    pub profile: Map<String, Value>,
}

impl FromObject for User {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            id: required(o, "id")?,
            status: required(o, "status")?,
            created: text(o, "created")?,
            activated: text(o, "activated")?,
            status_changed: text(o, "statusChanged")?,
            last_login: text(o, "lastLogin")?,
            last_updated: text(o, "lastUpdated")?,
            password_changed: text(o, "passwordChanged")?,
            profile: profile(o)?,
        })
    }
}

pub struct OktaGroup {
    pub id: String,
    pub kind: Option<String>,
    pub created: Option<String>,
    pub last_updated: Option<String>,
    pub last_membership_updated: Option<String>,
    pub profile: Map<String, Value>,
}

impl FromObject for OktaGroup {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            id: required(o, "id")?,
            kind: text(o, "type")?,
            created: text(o, "created")?,
            last_updated: text(o, "lastUpdated")?,
            last_membership_updated: text(o, "lastMembershipUpdated")?,
            profile: profile(o)?,
        })
    }
}

/// A profile attribute as text: strings as they are, other scalars in their JSON form.
pub fn attribute(profile: &Map<String, Value>, name: &str) -> Option<String> {
    match profile.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        // `to_string` rather than `Display`: the same compact text, one serializer fewer.
        other => serde_json::to_string(other).ok(),
    }
}

/// `{"name": value}`, without the `json!` macro's detour through a serializer.
pub fn object_of(name: &str, value: Value) -> Value {
    Value::Object(Map::from_iter([(name.to_string(), value)]))
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
#[derive(Default)]
pub struct ActivationLinks {
    pub activation_url: Option<String>,
    pub activation_token: Option<String>,
}

impl FromObject for ActivationLinks {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            activation_url: text(o, "activationUrl")?,
            activation_token: text(o, "activationToken")?,
        })
    }
}

/// The answer to reset_password: the link only when no email was sent.
#[derive(Default)]
pub struct ResetLink {
    pub reset_password_url: Option<String>,
}

impl FromObject for ResetLink {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            reset_password_url: text(o, "resetPasswordUrl")?,
        })
    }
}

/// The answer to expire_password (the user) or expire_password_with_temp_password.
#[derive(Default)]
pub struct ExpiredPassword {
    pub status: Option<String>,
    pub temp_password: Option<String>,
}

impl FromObject for ExpiredPassword {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            status: text(o, "status")?,
            temp_password: text(o, "tempPassword")?,
        })
    }
}

/// A group as far as a membership check reads it.
pub struct GroupId {
    pub id: String,
}

impl FromObject for GroupId {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        Ok(Self {
            id: required(o, "id")?,
        })
    }
}

deserialize_as_object!(
    User,
    OktaGroup,
    ActivationLinks,
    ResetLink,
    ExpiredPassword,
    GroupId
);
