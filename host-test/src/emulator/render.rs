//! The JSON Okta answers with, field for field and in Okta's order (serde_json's maps would sort
//! the keys, so views are structs and ordered maps).

use super::model::{GroupRecord, GroupType, UserRecord, UserStatus};
use super::store::Org;
use super::timestamps::iso;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// How much of a user to show: lists show only the `self` link.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Listed,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView<'a> {
    id: &'a str,
    status: &'static str,
    created: String,
    activated: Option<String>,
    status_changed: Option<String>,
    last_login: Option<String>,
    last_updated: String,
    password_changed: Option<String>,
    /// The user's realm, in an org with Okta's Realms; left out elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    realm_id: Option<&'a str>,
    #[serde(rename = "type")]
    user_type: IdRef<'a>,
    profile: OrderedProfile<'a>,
    credentials: Credentials<'a>,
    #[serde(rename = "_links")]
    links: Links,
}

#[derive(serde::Serialize)]
struct IdRef<'a> {
    id: &'a str,
}

#[derive(serde::Serialize)]
struct Credentials<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<Map<String, Value>>,
    emails: Vec<EmailCredential<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_question: Option<Question<'a>>,
    provider: Provider,
}

#[derive(serde::Serialize)]
struct EmailCredential<'a> {
    value: &'a str,
    status: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct Question<'a> {
    question: &'a str,
}

#[derive(serde::Serialize)]
struct Provider {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
}

/// A profile with Okta's base attributes first (the two optional ones as `null` when unset),
/// then the rest by name.
struct OrderedProfile<'a> {
    profile: &'a Map<String, Value>,
    leading: &'static [&'static str],
    always: &'static [&'static str],
}

impl Serialize for OrderedProfile<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for key in self.leading {
            match self.profile.get(*key) {
                Some(value) => map.serialize_entry(key, value)?,
                None if self.always.contains(key) => map.serialize_entry(key, &Value::Null)?,
                None => {}
            }
        }
        for (key, value) in self.profile {
            if !self.leading.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// `_links`: an ordered map of link name to a link or a list of links.
pub struct Links(Vec<(&'static str, LinkValue)>);

pub enum LinkValue {
    One(HalLink),
    Many(Vec<HalLink>),
}

/// One entry of `_links` (HAL style, as Okta writes them), not a `Link` header.
#[derive(serde::Serialize)]
pub struct HalLink {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'static str>,
    href: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    media_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'static str>,
}

impl HalLink {
    fn get(href: String) -> Self {
        Self {
            name: None,
            href,
            media_type: None,
            method: None,
        }
    }

    fn post(href: String) -> Self {
        Self {
            method: Some("POST"),
            ..Self::get(href)
        }
    }
}

impl Serialize for Links {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            match value {
                LinkValue::One(link) => map.serialize_entry(name, link)?,
                LinkValue::Many(links) => map.serialize_entry(name, links)?,
            }
        }
        map.end()
    }
}

const USER_PROFILE_ORDER: &[&str] = &[
    "firstName",
    "lastName",
    "mobilePhone",
    "secondEmail",
    "login",
    "email",
];
const USER_PROFILE_ALWAYS: &[&str] = &["mobilePhone", "secondEmail"];
const GROUP_PROFILE_ORDER: &[&str] = &["name", "description"];

impl<'a> UserView<'a> {
    pub fn new(user: &'a UserRecord, org: &'a Org, base: &str, detail: Detail) -> Self {
        let self_href = format!("{base}/api/v1/users/{}", user.id);
        let links = match detail {
            Detail::Listed => Links(vec![("self", LinkValue::One(HalLink::get(self_href)))]),
            Detail::Full => user_links(user, org, base, self_href),
        };
        Self {
            id: &user.id,
            status: user.status.as_str(),
            created: iso(user.created),
            activated: user.activated.map(iso),
            status_changed: user.status_changed.map(iso),
            last_login: user.last_login.map(iso),
            last_updated: iso(user.last_updated),
            password_changed: user.password_changed.map(iso),
            realm_id: org.realm_id.as_deref(),
            user_type: IdRef {
                id: &org.user_type_id,
            },
            profile: OrderedProfile {
                profile: &user.profile,
                leading: USER_PROFILE_ORDER,
                always: USER_PROFILE_ALWAYS,
            },
            credentials: Credentials {
                password: user.has_password.then(Map::new),
                emails: user
                    .profile_text("email")
                    .map(|email| EmailCredential {
                        value: email,
                        status: "VERIFIED",
                        kind: "PRIMARY",
                    })
                    .into_iter()
                    .collect(),
                recovery_question: user
                    .recovery_question
                    .as_deref()
                    .map(|question| Question { question }),
                provider: Provider {
                    kind: "OKTA",
                    name: "OKTA",
                },
            },
            links,
        }
    }
}

/// The links a full user carries: the operations its status allows, as Okta lists them.
fn user_links(user: &UserRecord, org: &Org, base: &str, self_href: String) -> Links {
    let lifecycle = |op: &str| HalLink::post(format!("{self_href}/lifecycle/{op}"));
    let credential = |op: &str| HalLink::post(format!("{self_href}/credentials/{op}"));
    let mut links: Vec<(&'static str, LinkValue)> = Vec::new();
    let mut add = |name: &'static str, link: HalLink| links.push((name, LinkValue::One(link)));
    match user.status {
        UserStatus::Provisioned => add("reactivate", lifecycle("reactivate")),
        UserStatus::Active => add("suspend", lifecycle("suspend")),
        UserStatus::Suspended => add("unsuspend", lifecycle("unsuspend")),
        UserStatus::LockedOut => add("unlock", lifecycle("unlock")),
        _ => {}
    }
    add(
        "schema",
        HalLink::get(format!(
            "{base}/api/v1/meta/schemas/user/{}",
            org.user_schema_id
        )),
    );
    if matches!(user.status, UserStatus::Staged | UserStatus::Deprovisioned) {
        add("activate", lifecycle("activate"));
    }
    let operable = !matches!(
        user.status,
        UserStatus::Staged | UserStatus::Deprovisioned | UserStatus::Suspended
    );
    if operable {
        add("resetPassword", lifecycle("reset_password"));
    }
    // Current Okta offers the forgot-password flow to an active user with a password, a
    // recovery question or not (recorded in 2025: test_get_non_existent_session.json).
    if user.status == UserStatus::Active && (user.has_password || user.recovery_question.is_some())
    {
        add("forgotPassword", credential("forgot_password"));
    }
    if operable && user.status != UserStatus::Provisioned && user.has_password {
        add("expirePassword", lifecycle("expire_password"));
    }
    if user.status == UserStatus::Active && user.has_password {
        add(
            "changeRecoveryQuestion",
            credential("change_recovery_question"),
        );
    }
    add("self", HalLink::get(self_href.clone()));
    if user.status == UserStatus::Active {
        add("resetFactors", lifecycle("reset_factors"));
    }
    add(
        "type",
        HalLink::get(format!(
            "{base}/api/v1/meta/types/user/{}",
            org.user_type_id
        )),
    );
    if operable && user.status != UserStatus::Provisioned && user.has_password {
        add("changePassword", credential("change_password"));
    }
    if !matches!(user.status, UserStatus::Staged | UserStatus::Deprovisioned) {
        add("deactivate", lifecycle("deactivate"));
    }
    Links(links)
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupView<'a> {
    id: &'a str,
    created: String,
    last_updated: String,
    last_membership_updated: String,
    object_class: [&'a str; 1],
    #[serde(rename = "type")]
    group_type: &'static str,
    profile: OrderedProfile<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<IdRef<'a>>,
    #[serde(rename = "_links")]
    links: Links,
}

impl<'a> GroupView<'a> {
    pub fn new(group: &'a GroupRecord, base: &str) -> Self {
        let logo_kind = if group.group_type == GroupType::AppGroup {
            "active_directory"
        } else {
            "okta"
        };
        let logo = |name: &'static str| HalLink {
            name: Some(name),
            href: format!("{base}/img/logos/groups/{logo_kind}-{name}.png"),
            media_type: Some("image/png"),
            method: None,
        };
        let mut links = vec![("logo", LinkValue::Many(vec![logo("medium"), logo("large")]))];
        if let Some(app) = &group.source_app_id {
            links.push((
                "source",
                LinkValue::One(HalLink::get(format!("{base}/api/v1/apps/{app}"))),
            ));
        }
        let group_href = format!("{base}/api/v1/groups/{}", group.id);
        links.push((
            "users",
            LinkValue::One(HalLink::get(format!("{group_href}/users"))),
        ));
        links.push((
            "apps",
            LinkValue::One(HalLink::get(format!("{group_href}/apps"))),
        ));
        Self {
            id: &group.id,
            created: iso(group.created),
            last_updated: iso(group.last_updated),
            last_membership_updated: iso(group.last_membership_updated),
            object_class: [&group.object_class],
            group_type: group.group_type.as_str(),
            profile: OrderedProfile {
                profile: &group.profile,
                leading: GROUP_PROFILE_ORDER,
                always: GROUP_PROFILE_ORDER,
            },
            source: group.source_app_id.as_deref().map(|id| IdRef { id }),
            links: Links(links),
        }
    }
}

/// Serializes a view; views are plain data, so this cannot fail in practice.
pub fn to_json<T: Serialize>(view: &T) -> String {
    serde_json::to_string(view).unwrap_or_default()
}
