//! `/api/v1/apps`: list, create, read, replace and delete app instances, and their
//! `lifecycle/activate|deactivate`, with the Applications reference's rules: an app is created
//! `ACTIVE` unless `activate=false`, and only an `INACTIVE` app may be deleted (403 E0000056).
//! Also `GET /groups/{id}/apps`. Assignments are in [`super::app_assignments`].

use super::answer::{Answer, Handled};
use super::app_access::app_target;
use super::app_records::{
    AppRecord, AppStatus, SIGN_ON_MODES, default_accessibility, object, template_mode, visibility,
    vpn_notifications,
};
use super::app_views::app_json;
use super::errors::ApiError;
use super::expression::{self, Comparison, Expr, Literal, Operator};
use super::logs::EventType;
use super::ordered::{Listed, Ordered};
use super::paging::{self, PageSize};
use super::router::Context;
use super::store::{Org, non_blank};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

const LIST: &str = "apps";
/// `/apps` and `/groups/{id}/apps`: 20 by default (the recordings' `Link` says so), 200 at most.
const APPS: PageSize = PageSize {
    default: 20,
    max: 200,
};

const CREATED: EventType = event("application.lifecycle.create", "Create application");
const UPDATED: EventType = event("application.lifecycle.update", "Update application");
const ACTIVATED: EventType = event("application.lifecycle.activate", "Activate application");
const DEACTIVATED: EventType = event("application.lifecycle.deactivate", "Deactivate application");
const DELETED: EventType = event("application.lifecycle.delete", "Delete application");

const fn event(name: &'static str, message: &'static str) -> EventType {
    EventType {
        name,
        message,
        legacy: None,
    }
}

/// The app with this id: 404 E0000007 naming it an `AppInstance`, as Okta does.
pub fn find<'a>(org: &'a Org, id: &str) -> Result<&'a AppRecord, ApiError> {
    org.apps
        .get(id)
        .ok_or_else(|| ApiError::not_found(id, "AppInstance"))
}

fn view(ctx: &Context, id: &str, client_secret: Option<&str>) -> Handled {
    let app = find(ctx.org, id)?;
    Ok(Answer::ok(&app_json(
        app,
        ctx.org,
        &ctx.request.base,
        client_secret,
    )))
}

pub fn get(ctx: &mut Context, id: &str) -> Handled {
    view(ctx, id, None)
}

// ----- create and replace -----

/// An object member of the body: absent is empty, anything but an object is E0000003.
fn member(body: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

/// `base` with `sent`'s members over it.
fn merged(mut base: Map<String, Value>, sent: Map<String, Value>) -> Map<String, Value> {
    base.extend(sent);
    base
}

fn label(body: &Map<String, Value>) -> Result<String, ApiError> {
    non_blank(body, "label").ok_or_else(|| {
        ApiError::validation(
            "label",
            vec!["label: The field cannot be left blank".into()],
        )
    })
}

/// The sign-on mode a create names, or the one its template `name` implies.
fn sign_on_mode(body: &Map<String, Value>, name: Option<&str>) -> Result<String, ApiError> {
    let refused = |cause: String| ApiError::validation("signOnMode", vec![cause]);
    match (non_blank(body, "signOnMode"), name.and_then(template_mode)) {
        (Some(mode), _) if SIGN_ON_MODES.contains(&mode.as_str()) => Ok(mode),
        (Some(mode), _) => Err(refused(format!(
            "signOnMode: '{mode}' is not one of {}",
            SIGN_ON_MODES.join(", ")
        ))),
        (None, Some(mode)) => Ok(mode.to_string()),
        (None, None) => Err(refused("signOnMode: The field cannot be left blank".into())),
    }
}

/// The name of a custom app Okta names itself: its label as a key, numbered.
fn custom_name(org: &Org, label: &str, mode: &str) -> String {
    if mode == "OPENID_CONNECT" {
        return "oidc_client".into();
    }
    let key: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let taken = org
        .apps
        .apps
        .iter()
        .filter(|app| app.name.starts_with(&format!("{key}_")))
        .count();
    format!("{key}_{}", taken + 1)
}

/// The dashboard link a new app shows: `login` for apps users sign in to through Okta's
/// pages, `{name}_link` for federated ones.
fn link_name(name: &str, mode: &str) -> String {
    match mode {
        "OPENID_CONNECT" | "SAML_2_0" | "SAML_1_1" | "WS_FEDERATION" => format!("{name}_link"),
        _ => "login".into(),
    }
}

/// An OIDC client's credentials: the client id (the app's id unless one is sent), a signing
/// key, and a secret unless the client authenticates without one. Returns the secret apart:
/// it is shown once and never kept.
fn oidc_credentials(
    org: &mut Org,
    app_id: &str,
    credentials: &mut Map<String, Value>,
) -> Option<String> {
    let mut client = match credentials.remove("oauthClient") {
        Some(Value::Object(client)) => client,
        _ => Map::new(),
    };
    let sent_secret = client
        .remove("client_secret")
        .and_then(|s| s.as_str().map(str::to_string));
    let method = client
        .get("token_endpoint_auth_method")
        .and_then(Value::as_str)
        .unwrap_or("client_secret_basic")
        .to_string();
    let client_id = client
        .get("client_id")
        .and_then(Value::as_str)
        .unwrap_or(app_id)
        .to_string();
    credentials.insert("signing".into(), json!({ "kid": org.apps.ids.text(43) }));
    credentials.insert(
        "oauthClient".into(),
        json!({
            "autoKeyRotation": client.get("autoKeyRotation").cloned().unwrap_or(json!(true)),
            "client_id": client_id,
            "token_endpoint_auth_method": method,
        }),
    );
    let secret_based = method.starts_with("client_secret");
    secret_based.then(|| sent_secret.unwrap_or_else(|| org.apps.ids.text(40)))
}

/// A checked request for a new app: what the body sent, which Okta's defaults fill out.
pub struct AppSpec {
    /// A template's or OIN app's name; Okta names a custom app itself.
    pub name: Option<String>,
    pub label: String,
    pub sign_on_mode: String,
    pub status: AppStatus,
    pub features: Vec<Value>,
    pub accessibility: Map<String, Value>,
    pub visibility: Map<String, Value>,
    pub credentials: Map<String, Value>,
    pub settings: Map<String, Value>,
}

impl AppSpec {
    /// The spec of a create body: E0000001 for a missing label or an unknown sign-on mode.
    fn of(body: &Map<String, Value>, status: AppStatus) -> Result<Self, ApiError> {
        let name = non_blank(body, "name");
        let features = match body.get("features") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(features)) => features.clone(),
            Some(_) => return Err(ApiError::malformed_body()),
        };
        Ok(Self {
            label: label(body)?,
            sign_on_mode: sign_on_mode(body, name.as_deref())?,
            name,
            status,
            features,
            accessibility: member(body, "accessibility")?,
            visibility: member(body, "visibility")?,
            credentials: member(body, "credentials")?,
            settings: member(body, "settings")?,
        })
    }
}

/// Adds an app: Okta's defaults for its sign-on mode with what the spec sends over them.
/// Returns its id and, for an OIDC client, its secret (shown once, never kept).
pub fn add_app(org: &mut Org, spec: AppSpec, now: i64) -> (String, Option<String>) {
    let mode = spec.sign_on_mode;
    let name = spec
        .name
        .unwrap_or_else(|| custom_name(org, &spec.label, &mode));
    let id = org.apps.ids.object_id("0oa");
    let seq = org.apps.next_seq();
    let oidc = mode == "OPENID_CONNECT";
    let link = link_name(&name, &mode);
    let visibility = merged(
        visibility(oidc, object(json!({ link: true }))),
        spec.visibility,
    );
    let mut credentials = merged(
        object(json!({
            "userNameTemplate": { "template": "${source.login}", "type": "BUILT_IN" },
            "signing": {},
        })),
        spec.credentials,
    );
    let client_secret = if oidc {
        oidc_credentials(org, &id, &mut credentials)
    } else {
        None
    };
    let settings = merged(
        object(json!({
            "app": {},
            "notifications": vpn_notifications(),
            "manualProvisioning": false,
            "implicitAssignment": false,
            "notes": { "admin": null, "enduser": null },
        })),
        spec.settings,
    );
    let mut link_keys = BTreeMap::new();
    key_links(org, &name, &visibility, &mut link_keys);
    let app = AppRecord {
        id: id.clone(),
        seq,
        logo: if name == "bookmark" {
            "bookmark-app".into()
        } else {
            "default".into()
        },
        name,
        label: spec.label,
        status: spec.status,
        sign_on_mode: mode,
        created: now,
        last_updated: now,
        features: spec.features,
        accessibility: merged(default_accessibility(), spec.accessibility),
        visibility,
        credentials,
        settings,
        link_keys,
        users: Ordered::default(),
        groups: Ordered::default(),
    };
    let target = app_target(&app);
    org.apps.apps.insert(app);
    org.log(now, &CREATED, vec![target.clone()]);
    if spec.status == AppStatus::Active {
        org.log(now, &ACTIVATED, vec![target]);
    }
    (id, client_secret)
}

/// `POST /apps`: `ACTIVE` unless `activate=false`; refused with Okta's "Maximum number of
/// instances" when the org is at its plan's app limit.
pub fn create(ctx: &mut Context) -> Handled {
    let body = ctx.request.object_body()?;
    let status = if ctx.request.flag("activate", true) {
        AppStatus::Active
    } else {
        AppStatus::Inactive
    };
    let spec = AppSpec::of(&body, status)?;
    if !ctx.org.apps.has_room() {
        return Err(ApiError::validation(
            "generalSettings",
            vec![
                "Cannot create application instance. Maximum number of instances has been reached."
                    .into(),
            ],
        ));
    }
    let (id, client_secret) = add_app(ctx.org, spec, ctx.now);
    view(ctx, &id, client_secret.as_deref())
}

/// Gives each link `visibility.appLinks` names a key, keeping the keys links already have: the
/// bookmark template's sign-in link is `2557` in every org (as recorded); others get an `aln…`
/// id.
fn key_links(
    org: &mut Org,
    name: &str,
    visibility: &Map<String, Value>,
    keys: &mut BTreeMap<String, String>,
) {
    let Some(Value::Object(links)) = visibility.get("appLinks") else {
        return;
    };
    for link in links.keys() {
        if !keys.contains_key(link) {
            let key = if name == "bookmark" && link == "login" {
                "2557".to_string()
            } else {
                org.apps.ids.object_id("aln")
            };
            keys.insert(link.clone(), key);
        }
    }
}

/// `PUT`: the label, accessibility, visibility, credentials and settings are replaced; Okta
/// ignores the system fields (`id`, `name`, `status`, `created`, `lastUpdated`) of the body.
pub fn replace(ctx: &mut Context, id: &str) -> Handled {
    find(ctx.org, id)?;
    let body = ctx.request.object_body()?;
    let label = label(&body)?;
    let accessibility = member(&body, "accessibility")?;
    let sent_visibility = member(&body, "visibility")?;
    let sent_credentials = member(&body, "credentials")?;
    let sent_settings = member(&body, "settings")?;
    let now = ctx.now;
    let Some(app) = ctx.org.apps.get_mut(id) else {
        return Err(ApiError::not_found(id, "AppInstance"));
    };
    app.label = label;
    app.accessibility = merged(default_accessibility(), accessibility);
    app.visibility.extend(sent_visibility);
    // The client secret is never kept, whatever the body says.
    let mut credentials = sent_credentials;
    if let Some(Value::Object(client)) = credentials.get_mut("oauthClient") {
        client.remove("client_secret");
    }
    app.credentials.extend(credentials);
    app.settings.extend(sent_settings);
    app.last_updated = now;
    let target = app_target(app);
    let name = app.name.clone();
    let visibility = app.visibility.clone();
    let mut keys = std::mem::take(&mut app.link_keys);
    key_links(ctx.org, &name, &visibility, &mut keys);
    if let Some(app) = ctx.org.apps.get_mut(id) {
        app.link_keys = keys;
    }
    ctx.org.log(now, &UPDATED, vec![target]);
    view(ctx, id, None)
}

// ----- lifecycle and delete -----

fn set_status(ctx: &mut Context, id: &str, status: AppStatus, event: &EventType) -> Handled {
    find(ctx.org, id)?;
    let now = ctx.now;
    let Some(app) = ctx.org.apps.get_mut(id) else {
        return Err(ApiError::not_found(id, "AppInstance"));
    };
    if app.status != status {
        app.status = status;
        app.last_updated = now;
        let target = app_target(app);
        ctx.org.log(now, event, vec![target]);
    }
    Ok(Answer::empty_object())
}

pub fn activate(ctx: &mut Context, id: &str) -> Handled {
    set_status(ctx, id, AppStatus::Active, &ACTIVATED)
}

pub fn deactivate(ctx: &mut Context, id: &str) -> Handled {
    set_status(ctx, id, AppStatus::Inactive, &DEACTIVATED)
}

/// Only an `INACTIVE` app may be deleted; its assignments go with it.
pub fn delete(ctx: &mut Context, id: &str) -> Handled {
    if find(ctx.org, id)?.status == AppStatus::Active {
        return Err(ApiError::delete_active_app());
    }
    if let Some(app) = ctx.org.apps.apps.remove(id) {
        ctx.org.log(ctx.now, &DELETED, vec![app_target(&app)]);
    }
    Ok(Answer::no_content())
}

// ----- list -----

/// The attributes Okta's app `filter` takes, each with `eq` only.
const FILTERABLE: &[&str] = &[
    "id",
    "name",
    "status",
    "user.id",
    "group.id",
    "credentials.signing.kid",
];

/// Parses a `filter`: E0000031 for a malformed expression, an attribute Okta does not filter
/// apps on, or an operator other than `eq`.
fn parse_filter(text: &str) -> Result<Expr, ApiError> {
    let expr = expression::parse(text).map_err(ApiError::invalid_search)?;
    for comparison in expr.comparisons() {
        let attribute = comparison.attribute.as_str();
        if !FILTERABLE.contains(&attribute) {
            return Err(ApiError::invalid_search(format!(
                "'{attribute}' cannot be filtered on"
            )));
        }
        if comparison.operator != Operator::Eq {
            return Err(ApiError::invalid_search(format!(
                "'{attribute}' does not support the operator '{}' in a filter",
                comparison.operator
            )));
        }
    }
    Ok(expr)
}

fn filter_matches(expr: &Expr, app: &AppRecord) -> bool {
    match expr {
        Expr::And(a, b) => filter_matches(a, app) && filter_matches(b, app),
        Expr::Or(a, b) => filter_matches(a, app) || filter_matches(b, app),
        Expr::Compare(comparison) => compare(comparison, app),
    }
}

/// One `eq` comparison, case-sensitive as Okta's filters are; `user.id` and `group.id` ask
/// whether the app is assigned to that user or group.
fn compare(comparison: &Comparison, app: &AppRecord) -> bool {
    let Some(Literal::Text(value)) = &comparison.value else {
        return false;
    };
    match comparison.attribute.as_str() {
        "id" => app.id == *value,
        "name" => app.name == *value,
        "status" => app.status.as_str() == value,
        "user.id" => app.users.contains(value),
        "group.id" => app.groups.contains(value),
        "credentials.signing.kid" => {
            app.credentials
                .get("signing")
                .and_then(|signing| signing.get("kid"))
                .and_then(Value::as_str)
                == Some(value.as_str())
        }
        _ => false,
    }
}

/// `GET /apps`: every app, or those whose name or label starts with `q` (any case) and that a
/// `filter` matches, paged. `includeNonDeleted` is accepted: a deleted app is gone at once here.
pub fn list(ctx: &mut Context) -> Handled {
    let request = ctx.request;
    let filter = request
        .param("filter")
        .map(|f| parse_filter(&f))
        .transpose()?;
    let prefix = request.param("q").map(|q| q.to_lowercase());
    let limit = paging::limit(request, APPS)?;
    let after = paging::after(request, LIST)?;
    let org = &*ctx.org;
    let wanted = |app: &&AppRecord| {
        filter.as_ref().is_none_or(|f| filter_matches(f, app))
            && prefix.as_deref().is_none_or(|p| {
                app.name.to_lowercase().starts_with(p) || app.label.to_lowercase().starts_with(p)
            })
    };
    let (page, more) = paging::take_page(org.apps.apps.after(after).filter(wanted), limit);
    let next = paging::next_cursor(LIST, page.last().map(|app| app.position()), more);
    let views: Vec<Value> = page
        .iter()
        .map(|app| app_json(app, org, &request.base, None))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}

/// `GET /groups/{id}/apps`: the apps a group is assigned to, paged.
pub fn of_group(ctx: &mut Context, group_id: &str) -> Handled {
    if ctx.org.group(group_id).is_none() {
        return Err(ApiError::not_found(group_id, "UserGroup"));
    }
    let request = ctx.request;
    let list = format!("groupApps.{group_id}");
    let limit = paging::limit(request, APPS)?;
    let after = paging::after(request, &list)?;
    let org = &*ctx.org;
    let assigned = org
        .apps
        .apps
        .after(after)
        .filter(|app| app.groups.contains(group_id));
    let (page, more) = paging::take_page(assigned, limit);
    let next = paging::next_cursor(&list, page.last().map(|app| app.position()), more);
    let views: Vec<Value> = page
        .iter()
        .map(|app| app_json(app, org, &request.base, None))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}
