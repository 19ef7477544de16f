//! Applications as the emulator keeps them: the app instances (`0oa…`) with their user and
//! group assignments, and the defaults Okta fills in when an app is created.
//!
//! Every org starts with Okta's three first-party apps (Admin Console, Dashboard, Browser
//! Plugin), as every real org does. The apps have their own id stream, so adding them never
//! changes the ids users and groups get.

use super::ids::IdGenerator;
use super::model::Position;
use super::ordered::{Listed, Ordered};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AppStatus {
    Active,
    Inactive,
}

impl AppStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Inactive => "INACTIVE",
        }
    }
}

/// The sign-on modes of the Applications reference's custom apps.
pub const SIGN_ON_MODES: &[&str] = &[
    "AUTO_LOGIN",
    "BASIC_AUTH",
    "BOOKMARK",
    "BROWSER_PLUGIN",
    "OPENID_CONNECT",
    "SAML_1_1",
    "SAML_2_0",
    "SECURE_PASSWORD_STORE",
    "WS_FEDERATION",
];

/// Okta's app templates the API creates by `name`, and the sign-on mode each has.
const TEMPLATES: &[(&str, &str)] = &[
    ("bookmark", "BOOKMARK"),
    ("template_basic_auth", "BASIC_AUTH"),
    ("template_swa", "BROWSER_PLUGIN"),
    ("template_swa3field", "BROWSER_PLUGIN"),
    ("template_sps", "SECURE_PASSWORD_STORE"),
    ("template_wsfed", "WS_FEDERATION"),
    ("oidc_client", "OPENID_CONNECT"),
];

/// The sign-on mode a template name implies.
pub fn template_mode(name: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(template, _)| *template == name)
        .map(|(_, mode)| *mode)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppRecord {
    pub id: String,
    pub seq: u64,
    pub name: String,
    pub label: String,
    pub status: AppStatus,
    pub sign_on_mode: String,
    pub created: i64,
    pub last_updated: i64,
    pub features: Vec<Value>,
    pub accessibility: Map<String, Value>,
    pub visibility: Map<String, Value>,
    /// Without an OIDC client's secret, which Okta shows once, when the app is created.
    pub credentials: Map<String, Value>,
    pub settings: Map<String, Value>,
    /// The key at the end of each dashboard link's URL, by link name (`login` → `2557`).
    pub link_keys: BTreeMap<String, String>,
    /// The logo's file name under `/img/logos/`.
    pub logo: String,
    #[serde(default)]
    pub users: Ordered<AppUserRecord>,
    #[serde(default)]
    pub groups: Ordered<AppGroupRecord>,
}

impl Listed for AppRecord {
    fn key(&self) -> &str {
        &self.id
    }
    fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }
}

impl AppRecord {
    /// The dashboard links the app shows, in the order of `visibility.appLinks`.
    pub fn visible_links(&self) -> Vec<(&str, &str)> {
        let Some(Value::Object(links)) = self.visibility.get("appLinks") else {
            return Vec::new();
        };
        links
            .iter()
            .filter(|(_, shown)| shown.as_bool() == Some(true))
            .filter_map(|(name, _)| {
                let key = self.link_keys.get(name)?;
                Some((name.as_str(), key.as_str()))
            })
            .collect()
    }

    /// The `credentials.userNameTemplate.template` a new assignment's user name comes from.
    pub fn user_name_template(&self) -> &str {
        self.credentials
            .get("userNameTemplate")
            .and_then(|t| t.get("template"))
            .and_then(Value::as_str)
            .unwrap_or("${source.login}")
    }
}

/// A user's assignment to an app.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppUserRecord {
    pub user_id: String,
    pub seq: u64,
    /// The assignment's own id (`0ua…`), which app links name.
    pub assignment_id: String,
    pub created: i64,
    pub last_updated: i64,
    pub status_changed: i64,
    /// Assigned to the user directly (scope `USER`), not only through a group (`GROUP`).
    pub direct: bool,
    pub user_name: String,
    pub profile: Map<String, Value>,
}

impl Listed for AppUserRecord {
    fn key(&self) -> &str {
        &self.user_id
    }
    fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }
}

/// A group's assignment to an app.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppGroupRecord {
    pub group_id: String,
    pub seq: u64,
    pub created: i64,
    pub last_updated: i64,
    pub priority: u64,
    pub profile: Map<String, Value>,
}

impl Listed for AppGroupRecord {
    fn key(&self) -> &str {
        &self.group_id
    }
    fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }
}

/// The org's apps, with their own id stream and creation sequence.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppSet {
    pub ids: IdGenerator,
    next_seq: u64,
    pub apps: Ordered<AppRecord>,
    /// The most app instances the org may hold, as an Integrator Free Plan org is capped; none
    /// for a paid org.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The apps' id stream is their own, so they leave the org's ids as they were.
const APPS_SEED: u64 = 0xA995_0000_0A11_0001;

impl Default for AppSet {
    /// The apps of an org saved before it had any: none.
    fn default() -> Self {
        Self {
            ids: IdGenerator::new(APPS_SEED),
            next_seq: 0,
            apps: Ordered::default(),
            limit: None,
        }
    }
}

/// One of Okta's first-party apps: its name, label, logo, and the dashboard link it shows
/// (name and key), if any.
struct FirstParty {
    name: &'static str,
    label: &'static str,
    link: Option<(&'static str, &'static str)>,
    logo: &'static str,
}

const FIRST_PARTY: [FirstParty; 3] = [
    FirstParty {
        name: "saasure",
        label: "Okta Admin Console",
        link: Some(("admin", "2")),
        logo: "okta_admin_app",
    },
    FirstParty {
        name: "okta_enduser",
        label: "Okta Dashboard",
        link: None,
        logo: "okta_enduser",
    },
    FirstParty {
        name: "okta_browser_plugin",
        label: "Okta Browser Plugin",
        link: None,
        logo: "okta_browser_plugin",
    },
];

impl AppSet {
    /// The apps of a new org created at `now`: Okta's first-party apps.
    pub fn new(seed: u64, now: i64) -> Self {
        let mut set = Self {
            ids: IdGenerator::new(seed ^ APPS_SEED),
            ..Self::default()
        };
        for FirstParty {
            name,
            label,
            link,
            logo,
        } in FIRST_PARTY
        {
            let id = set.ids.object_id("0oa");
            let seq = set.next_seq();
            let links: Map<String, Value> = link
                .iter()
                .map(|(link, _)| (link.to_string(), json!(true)))
                .collect();
            let kid = set.ids.text(43);
            set.apps.insert(AppRecord {
                id,
                seq,
                name: name.into(),
                label: label.into(),
                status: AppStatus::Active,
                sign_on_mode: "OPENID_CONNECT".into(),
                created: now,
                last_updated: now,
                features: Vec::new(),
                accessibility: default_accessibility(),
                // Okta's own apps have no `autoLaunch` (recorded in 2025).
                visibility: {
                    let mut visibility = visibility(false, links);
                    visibility.remove("autoLaunch");
                    visibility
                },
                credentials: object(json!({
                    "userNameTemplate": { "template": "${source.login}", "type": "BUILT_IN" },
                    "signing": { "kid": kid },
                })),
                settings: object(json!({
                    "app": {},
                    "notifications": vpn_notifications(),
                    "manualProvisioning": false,
                    "implicitAssignment": false,
                })),
                link_keys: link
                    .iter()
                    .map(|(link, key)| (link.to_string(), key.to_string()))
                    .collect(),
                logo: logo.into(),
                users: Ordered::default(),
                groups: Ordered::default(),
            });
        }
        set
    }

    /// The next creation sequence of an app or an assignment.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub fn get(&self, id: &str) -> Option<&AppRecord> {
        self.apps.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut AppRecord> {
        self.apps.get_mut(id)
    }

    /// Whether the org may hold one more app.
    pub fn has_room(&self) -> bool {
        self.limit.is_none_or(|limit| self.apps.len() < limit)
    }
}

/// A JSON value known to be an object, as a map.
pub fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn default_accessibility() -> Map<String, Value> {
    object(json!({ "selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null }))
}

/// `visibility`: hidden on the web and in iOS for apps users do not launch (OIDC clients).
pub fn visibility(hidden: bool, links: Map<String, Value>) -> Map<String, Value> {
    object(json!({
        "autoLaunch": false,
        "autoSubmitToolbar": false,
        "hide": { "iOS": hidden, "web": hidden },
        "appLinks": links,
    }))
}

pub fn vpn_notifications() -> Value {
    json!({ "vpn": { "network": { "connection": "DISABLED" }, "message": null, "helpUrl": null } })
}
