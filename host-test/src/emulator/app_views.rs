//! The JSON of apps, their assignments and app links, field for field in the order of today's
//! Applications reference and the recordings (serde_json keeps insertion order here).

use super::app_records::{AppGroupRecord, AppRecord, AppStatus, AppUserRecord};
use super::ids::IdGenerator;
use super::store::Org;
use super::timestamps::iso;
use serde_json::{Map, Value, json};

fn href(url: String) -> Value {
    json!({ "href": url })
}

/// The id of one of the org's default policies (`access`, `profile-enrollment`), which every new
/// app links: derived from the org's id, so it is the same for every app and every run without
/// being part of the saved org.
fn policy_id(org: &Org, kind: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{}/{kind}", org.org_id));
    let mut seed = [0u8; 8];
    seed.copy_from_slice(&digest[..8]);
    IdGenerator::new(u64::from_le_bytes(seed)).object_id("rst")
}

/// An app. `client_secret` is an OIDC client's secret, shown only in the answer that creates
/// the app.
pub fn app_json(app: &AppRecord, org: &Org, base: &str, client_secret: Option<&str>) -> Value {
    let self_href = format!("{base}/api/v1/apps/{}", app.id);
    let app_links: Vec<Value> = app
        .visible_links()
        .into_iter()
        .map(|(name, key)| {
            json!({
                "name": name,
                "href": format!("{base}/home/{}/{}/{key}", app.name, app.id),
                "type": "text/html",
            })
        })
        .collect();
    // In the order of an app created in 2025 (test_list_applications_pagination_with_after.json).
    let mut links = Map::new();
    links.insert(
        "uploadLogo".into(),
        json!({ "href": format!("{self_href}/logo"), "hints": { "allow": ["POST"] } }),
    );
    links.insert("appLinks".into(), json!(app_links));
    links.insert(
        "profileEnrollment".into(),
        href(format!(
            "{base}/api/v1/policies/{}",
            policy_id(org, "profile-enrollment")
        )),
    );
    links.insert(
        "policies".into(),
        json!({ "href": format!("{self_href}/policies"), "hints": { "allow": ["PUT"] } }),
    );
    if app.status == AppStatus::Inactive {
        links.insert(
            "activate".into(),
            href(format!("{self_href}/lifecycle/activate")),
        );
    }
    links.insert("groups".into(), href(format!("{self_href}/groups")));
    links.insert(
        "logo".into(),
        json!([{
            "name": "medium",
            "href": format!("{base}/img/logos/{}.png", app.logo),
            "type": "image/png",
        }]),
    );
    links.insert(
        "accessPolicy".into(),
        href(format!(
            "{base}/api/v1/policies/{}",
            policy_id(org, "access")
        )),
    );
    links.insert("users".into(), href(format!("{self_href}/users")));
    if app.status == AppStatus::Active {
        links.insert(
            "deactivate".into(),
            href(format!("{self_href}/lifecycle/deactivate")),
        );
    }
    json!({
        "id": app.id,
        "orn": format!("orn:okta:idp:{}:apps:{}:{}", org.org_id, app.name, app.id),
        "name": app.name,
        "label": app.label,
        "status": app.status.as_str(),
        "lastUpdated": iso(app.last_updated),
        "created": iso(app.created),
        "accessibility": app.accessibility,
        "visibility": app.visibility,
        "features": app.features,
        "signOnMode": app.sign_on_mode,
        "credentials": credentials(&app.credentials, client_secret),
        "universalLogout": null,
        "settings": app.settings,
        "_links": links,
    })
}

/// The credentials, with the client secret after the client id where it is shown.
fn credentials(stored: &Map<String, Value>, client_secret: Option<&str>) -> Value {
    let mut credentials = stored.clone();
    if let (Some(secret), Some(Value::Object(client))) =
        (client_secret, credentials.get_mut("oauthClient"))
    {
        let mut with_secret = Map::new();
        for (key, value) in std::mem::take(client) {
            let after_id = key == "client_id";
            with_secret.insert(key, value);
            if after_id {
                with_secret.insert("client_secret".into(), json!(secret));
            }
        }
        *client = with_secret;
    }
    Value::Object(credentials)
}

/// A user's assignment to an app; one through a group links the group that gives it.
pub fn app_user_json(app: &AppRecord, assignment: &AppUserRecord, org: &Org, base: &str) -> Value {
    let mut links = Map::new();
    links.insert("app".into(), href(format!("{base}/api/v1/apps/{}", app.id)));
    if !assignment.direct
        && let Some(group) = org
            .granting_group(app, &assignment.user_id)
            .and_then(|id| org.group(&id))
    {
        links.insert(
            "group".into(),
            json!({ "name": group.name(), "href": format!("{base}/api/v1/groups/{}", group.id) }),
        );
    }
    links.insert(
        "user".into(),
        href(format!("{base}/api/v1/users/{}", assignment.user_id)),
    );
    json!({
        "id": assignment.user_id,
        "externalId": null,
        "created": iso(assignment.created),
        "lastUpdated": iso(assignment.last_updated),
        "scope": if assignment.direct { "USER" } else { "GROUP" },
        "status": "ACTIVE",
        "statusChanged": iso(assignment.status_changed),
        "passwordChanged": null,
        "syncState": "DISABLED",
        "credentials": { "userName": assignment.user_name },
        "profile": assignment.profile,
        "_links": links,
    })
}

/// A group's assignment to an app.
pub fn app_group_json(app: &AppRecord, assignment: &AppGroupRecord, base: &str) -> Value {
    let app_href = format!("{base}/api/v1/apps/{}", app.id);
    json!({
        "id": assignment.group_id,
        "lastUpdated": iso(assignment.last_updated),
        "priority": assignment.priority,
        "profile": assignment.profile,
        "_links": {
            "app": href(app_href.clone()),
            "self": href(format!("{app_href}/groups/{}", assignment.group_id)),
            "group": href(format!("{base}/api/v1/groups/{}", assignment.group_id)),
        },
    })
}

/// The dashboard links of one user's active apps, as `/users/{id}/appLinks` lists them.
pub fn app_links_json(org: &Org, user_id: &str, base: &str) -> Vec<Value> {
    let mut links = Vec::new();
    for app in org.apps.apps.iter() {
        let Some(assignment) = app.users.get(user_id) else {
            continue;
        };
        if app.status != AppStatus::Active {
            continue;
        }
        let hidden = app
            .visibility
            .get("hide")
            .and_then(|hide| hide.get("web"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let visible = app.visible_links();
        for &(name, key) in &visible {
            let label = if visible.len() > 1 {
                format!("{} ({name})", app.label)
            } else {
                app.label.clone()
            };
            links.push(json!({
                "id": user_id,
                "label": label,
                "linkUrl": format!("{base}/home/{}/{}/{key}", app.name, app.id),
                "logoUrl": format!("{base}/img/logos/{}.png", app.logo),
                "appName": app.name,
                "appInstanceId": app.id,
                "appAssignmentId": assignment.assignment_id,
                "credentialsSetup": false,
                "hidden": hidden,
                "sortOrder": links.len(),
            }));
        }
    }
    links
}
