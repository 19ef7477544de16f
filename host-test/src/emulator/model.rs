//! The org's records as the emulator keeps them. Times are epoch milliseconds; JSON views are
//! made by [`super::render`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user's lifecycle status, as Okta names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    Staged,
    Provisioned,
    Active,
    Recovery,
    PasswordExpired,
    LockedOut,
    Suspended,
    Deprovisioned,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staged => "STAGED",
            Self::Provisioned => "PROVISIONED",
            Self::Active => "ACTIVE",
            Self::Recovery => "RECOVERY",
            Self::PasswordExpired => "PASSWORD_EXPIRED",
            Self::LockedOut => "LOCKED_OUT",
            Self::Suspended => "SUSPENDED",
            Self::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// Where a group comes from, which decides what the API may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GroupType {
    /// Made in Okta; the only type whose profile and members the API may change.
    OktaGroup,
    /// Imported from an app such as Active Directory; the import owns it.
    AppGroup,
    /// Okta's own, such as Everyone.
    BuiltIn,
}

impl GroupType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OktaGroup => "OKTA_GROUP",
            Self::AppGroup => "APP_GROUP",
            Self::BuiltIn => "BUILT_IN",
        }
    }
}

/// Where a record sits in list order: by creation time, then by creation sequence so records
/// made in the same millisecond keep the order they were made in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub created: i64,
    pub seq: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub id: String,
    pub seq: u64,
    pub status: UserStatus,
    pub created: i64,
    pub activated: Option<i64>,
    pub status_changed: Option<i64>,
    pub last_login: Option<i64>,
    pub last_updated: i64,
    pub password_changed: Option<i64>,
    pub profile: Map<String, Value>,
    /// Whether a password is set; the password itself is never kept.
    pub has_password: bool,
    #[serde(default)]
    pub recovery_question: Option<String>,
}

impl UserRecord {
    pub fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }

    pub fn login(&self) -> &str {
        self.profile_text("login").unwrap_or_default()
    }

    pub fn profile_text(&self, key: &str) -> Option<&str> {
        self.profile.get(key).and_then(Value::as_str)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRecord {
    pub id: String,
    pub seq: u64,
    pub group_type: GroupType,
    pub created: i64,
    pub last_updated: i64,
    pub last_membership_updated: i64,
    pub profile: Map<String, Value>,
    pub object_class: String,
    /// The app an `APP_GROUP` was imported from.
    #[serde(default)]
    pub source_app_id: Option<String>,
}

impl GroupRecord {
    pub fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }

    pub fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}
