//! How users and groups expose their attributes to search and filter expressions.

use super::model::{GroupRecord, UserRecord};
use serde_json::Value;

/// One attribute's value as an expression sees it.
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    /// The record has no such attribute.
    Absent,
    /// A timestamp attribute, `None` when unset.
    Date(Option<i64>),
    Text(&'a str),
    /// A profile attribute, of any JSON type.
    Value(&'a Value),
}

impl Field<'_> {
    /// SCIM's `pr`: present, not null, and not empty.
    pub fn is_present(&self) -> bool {
        match self {
            Field::Absent | Field::Date(None) => false,
            Field::Date(Some(_)) => true,
            Field::Text(text) => !text.is_empty(),
            Field::Value(value) => match value {
                Value::Null => false,
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                _ => true,
            },
        }
    }
}

pub trait Fields {
    fn field(&self, attribute: &str) -> Field<'_>;
}

/// Attributes whose values are timestamps, compared as instants rather than as text.
pub const DATE_ATTRIBUTES: &[&str] = &[
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "lastLogin",
    "passwordChanged",
    "lastMembershipUpdated",
];

impl Fields for UserRecord {
    fn field(&self, attribute: &str) -> Field<'_> {
        if let Some(name) = attribute.strip_prefix("profile.") {
            return self.profile.get(name).map_or(Field::Absent, Field::Value);
        }
        match attribute {
            "id" => Field::Text(&self.id),
            "status" => Field::Text(self.status.as_str()),
            "created" => Field::Date(Some(self.created)),
            "activated" => Field::Date(self.activated),
            "statusChanged" => Field::Date(self.status_changed),
            "lastUpdated" => Field::Date(Some(self.last_updated)),
            "lastLogin" => Field::Date(self.last_login),
            "passwordChanged" => Field::Date(self.password_changed),
            _ => Field::Absent,
        }
    }
}

/// A user together with its org's user type, which lives on the org, not the record.
pub struct UserInOrg<'a> {
    pub user: &'a UserRecord,
    pub type_id: &'a str,
}

impl Fields for UserInOrg<'_> {
    fn field(&self, attribute: &str) -> Field<'_> {
        match attribute {
            "type.id" => Field::Text(self.type_id),
            _ => self.user.field(attribute),
        }
    }
}

impl Fields for GroupRecord {
    fn field(&self, attribute: &str) -> Field<'_> {
        if let Some(name) = attribute.strip_prefix("profile.") {
            return self.profile.get(name).map_or(Field::Absent, Field::Value);
        }
        match attribute {
            "id" => Field::Text(&self.id),
            "type" => Field::Text(self.group_type.as_str()),
            "created" => Field::Date(Some(self.created)),
            "lastUpdated" => Field::Date(Some(self.last_updated)),
            "lastMembershipUpdated" => Field::Date(Some(self.last_membership_updated)),
            "source.id" => self
                .source_app_id
                .as_deref()
                .map_or(Field::Absent, Field::Text),
            _ => Field::Absent,
        }
    }
}
