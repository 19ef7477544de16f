//! The demo org's apps, admins and sessions, on top of its people and groups (see
//! [`super::seed::demo`]), made through the same rules the API uses:
//!
//! - Slack (SAML), assigned to the Engineering group, so every engineer has it;
//! - the Company Wiki (a bookmark) and Acme Expenses (an OIDC web app), assigned to people
//!   directly; the Legacy Intranet (a bookmark), inactive, still assigned to one;
//! - admins: the IT Director is a super admin, a systems administrator a user admin, the help
//!   desk technician a help desk admin, the IT Admins group read-only admins, and the HR
//!   Director holds a custom "Onboarding Coordinator" role over a "New Hires" resource set;
//! - two people signed in, each with one session.
//!
//! Every demo user who has a password has [`DEMO_PASSWORD`], so `POST /authn` signs them in.
//! The seeded sessions last until 2099: the demo must show signed-in people whatever the clock
//! of the machine it runs on says.

use super::app_records::AppStatus;
use super::apps::{AppSpec, add_app};
use super::roles::{self, Assignee};
use super::sessions::SessionRecord;
use super::store::Org;
use super::timestamps::parse_iso;
use serde_json::{Map, Value, json};

/// The password of every demo user who has one.
pub const DEMO_PASSWORD: &str = "Acme-Demo-2022!";

const DAY: i64 = 86_400_000;

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn user_id(org: &Org, login: &str) -> Option<String> {
    org.find_user(&format!("{login}@acmecorp.example"))
        .map(|user| user.id.clone())
}

fn group_id(org: &Org, name: &str) -> Option<String> {
    org.groups_after(None)
        .find(|group| group.name() == name)
        .map(|group| group.id.clone())
}

fn spec(name: Option<&str>, label: &str, mode: &str, settings: Value) -> AppSpec {
    AppSpec {
        name: name.map(str::to_string),
        label: label.into(),
        sign_on_mode: mode.into(),
        status: AppStatus::Active,
        features: Vec::new(),
        accessibility: Map::new(),
        visibility: Map::new(),
        credentials: Map::new(),
        settings: object(settings),
    }
}

/// Assigns an app to people directly, by login.
fn assign_people(org: &mut Org, app_id: &str, logins: &[&str], at: i64) {
    for login in logins {
        if let Some(id) = user_id(org, login) {
            org.add_app_user(app_id, &id, true, at);
        }
    }
}

fn grant(org: &mut Org, assignee: Assignee, id: Option<String>, body: Value, at: i64) {
    let (Some(id), Value::Object(body)) = (id, body) else {
        return;
    };
    if let Ok(wanted) = roles::wanted(org, &body) {
        // The demo grants each role once, so it is never a duplicate.
        let _ = org.admin_roles.grant(assignee, &id, wanted, at);
    }
}

/// Adds the demo's apps, admins and sessions; `base` is the demo's reference time.
pub fn seed(org: &mut Org, base: i64) {
    let people: Vec<String> = org
        .users_after(None)
        .filter(|user| user.has_password)
        .map(|user| user.id.clone())
        .collect();
    for id in people {
        org.sessions.set_password(&id, DEMO_PASSWORD);
    }

    let apps_created = base - 20 * DAY;
    let (slack, _) = add_app(
        org,
        spec(
            Some("slack"),
            "Slack",
            "SAML_2_0",
            json!({ "app": { "domain": "acmecorp" } }),
        ),
        apps_created,
    );
    if let Some(engineering) = group_id(org, "Engineering") {
        org.assign_group_to_app(&slack, &engineering, None, None, apps_created + DAY);
    }

    let (wiki, _) = add_app(
        org,
        spec(
            Some("bookmark"),
            "Company Wiki",
            "BOOKMARK",
            json!({ "app": { "requestIntegration": false, "url": "https://wiki.acmecorp.example" } }),
        ),
        apps_created + 2 * DAY,
    );
    assign_people(
        org,
        &wiki,
        &["olivia.bennett", "marcus.chen", "grace.kim", "ruby.howard"],
        apps_created + 3 * DAY,
    );

    let mut expenses = spec(
        None,
        "Acme Expenses",
        "OPENID_CONNECT",
        json!({ "oauthClient": {
            "client_uri": "https://expenses.acmecorp.example",
            "redirect_uris": ["https://expenses.acmecorp.example/oauth2/callback"],
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "application_type": "web",
        } }),
    );
    // A web app people launch from the dashboard, unlike a bare OIDC client.
    expenses.visibility = object(json!({ "hide": { "iOS": false, "web": false } }));
    let (expenses, _) = add_app(org, expenses, apps_created + 4 * DAY);
    assign_people(
        org,
        &expenses,
        &["william.clark", "charlotte.lewis", "henry.walker"],
        apps_created + 5 * DAY,
    );

    let (intranet, _) = add_app(
        org,
        spec(
            Some("bookmark"),
            "Legacy Intranet",
            "BOOKMARK",
            json!({ "app": { "requestIntegration": false, "url": "https://intranet.acmecorp.example" } }),
        ),
        apps_created - 30 * DAY,
    );
    assign_people(org, &intranet, &["samuel.adeyemi"], apps_created - 29 * DAY);
    if let Some(app) = org.apps.get_mut(&intranet) {
        app.status = AppStatus::Inactive;
        app.last_updated = apps_created;
    }

    let admins_since = base - 25 * DAY;
    let samuel = user_id(org, "samuel.adeyemi");
    grant(
        org,
        Assignee::User,
        samuel,
        json!({ "type": "SUPER_ADMIN" }),
        admins_since,
    );
    let ella = user_id(org, "ella.nguyen");
    grant(
        org,
        Assignee::User,
        ella,
        json!({ "type": "USER_ADMIN" }),
        admins_since,
    );
    let jack = user_id(org, "jack.turner");
    grant(
        org,
        Assignee::User,
        jack,
        json!({ "type": "HELP_DESK_ADMIN" }),
        admins_since,
    );
    let it_admins = group_id(org, "IT Admins");
    grant(
        org,
        Assignee::Group,
        it_admins,
        json!({ "type": "READ_ONLY_ADMIN" }),
        admins_since,
    );
    let (role, set) = org
        .admin_roles
        .add_custom("Onboarding Coordinator", "New Hires");
    let victoria = user_id(org, "victoria.lopez");
    grant(
        org,
        Assignee::User,
        victoria,
        json!({ "type": "CUSTOM", "role": role, "resource-set": set }),
        admins_since,
    );

    let until = parse_iso("2099-12-31T23:59:59.000Z").unwrap_or(i64::MAX);
    for login in ["olivia.bennett", "marcus.chen"] {
        let signed_in = org
            .find_user(&format!("{login}@acmecorp.example"))
            .and_then(|user| Some((user.id.clone(), user.last_login?)));
        if let Some((user_id, at)) = signed_in {
            let id = org.sessions.session_id();
            org.sessions.insert(SessionRecord {
                id,
                user_id,
                created_at: at,
                expires_at: until,
                last_password_verification: at,
            });
        }
    }
    // The seeded history is its own: each event its own transaction, none waiting for a
    // request to claim it.
    org.system_log.seal_each("127.0.0.1");
}
