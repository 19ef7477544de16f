//! Signing in and sessions: `POST /api/v1/authn` (primary authentication, which trades a
//! username and password for a one-time `sessionToken`), and `/api/v1/sessions` (Sessions
//! reference): create a session from that token, read, refresh and revoke it. Ending all of a
//! user's sessions is `DELETE /users/{id}/sessions`; deactivating or deleting a user ends them
//! too.
//!
//! Passwords are never kept: a user's password is remembered as a salted SHA-256 digest, enough
//! to check a sign-in. A session token lives five minutes and works once; a session lives two
//! hours from its creation or last refresh. Okta's default password policy locks a user out
//! after ten failed sign-ins in a row.

use super::answer::{Answer, Handled};
use super::errors::ApiError;
use super::factors::FactorStatus;
use super::ids::IdGenerator;
use super::logs::{self, EventType, LogTarget, Outcome};
use super::model::{UserRecord, UserStatus};
use super::router::Context;
use super::store::Org;
use super::timestamps::iso;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const MINUTE: i64 = 60_000;
/// How long a session token from `/authn` may be exchanged for a session.
const TOKEN_LIFETIME: i64 = 5 * MINUTE;
/// A session's lifetime from its creation or last refresh (Okta's default of two hours).
const SESSION_LIFETIME: i64 = 120 * MINUTE;
/// Failed sign-ins in a row that lock a user out (Okta's default password policy).
const MAX_ATTEMPTS: u32 = 10;

const SESSION_STARTED: EventType = EventType {
    name: "user.session.start",
    message: "User login to Okta",
    legacy: None,
};
const SESSION_ENDED: EventType = EventType {
    name: "user.session.end",
    message: "User logout from Okta",
    legacy: None,
};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    pub id: String,
    pub user_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_password_verification: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenRecord {
    user_id: String,
    expires_at: i64,
}

/// A password as it is kept: a salt and the SHA-256 of the salt and the password.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Verifier {
    salt: String,
    digest: String,
}

impl Verifier {
    fn new(salt: String, password: &str) -> Self {
        let digest = Self::digest(&salt, password);
        Self { salt, digest }
    }

    fn digest(salt: &str, password: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(salt.as_bytes());
        hasher.update([0]);
        hasher.update(password.as_bytes());
        hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    fn accepts(&self, password: &str) -> bool {
        Self::digest(&self.salt, password) == self.digest
    }
}

/// The org's sessions, outstanding session tokens, and what it knows of passwords.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStore {
    ids: IdGenerator,
    sessions: BTreeMap<String, SessionRecord>,
    tokens: BTreeMap<String, TokenRecord>,
    verifiers: BTreeMap<String, Verifier>,
    /// Failed sign-ins in a row, by user.
    failures: BTreeMap<String, u32>,
}

/// The sessions' id stream is their own, so they leave the org's ids as they were.
const SESSIONS_SEED: u64 = 0x5E55_1000_0000_0001;

impl Default for SessionStore {
    fn default() -> Self {
        Self {
            ids: IdGenerator::new(SESSIONS_SEED),
            sessions: BTreeMap::new(),
            tokens: BTreeMap::new(),
            verifiers: BTreeMap::new(),
            failures: BTreeMap::new(),
        }
    }
}

impl SessionStore {
    /// Remembers a user's new password (as a salted digest).
    pub fn set_password(&mut self, user_id: &str, password: &str) {
        let salt = self.ids.text(16);
        self.verifiers
            .insert(user_id.to_string(), Verifier::new(salt, password));
        self.failures.remove(user_id);
    }

    fn password_accepted(&self, user_id: &str, password: &str) -> bool {
        self.verifiers
            .get(user_id)
            .is_some_and(|verifier| verifier.accepts(password))
    }

    /// A new session id: `102` and 22 characters, as Okta's.
    pub fn session_id(&mut self) -> String {
        format!("102{}", self.ids.text(22))
    }

    pub fn insert(&mut self, session: SessionRecord) {
        self.sessions.insert(session.id.clone(), session);
    }

    /// Starts a session for a user at `now`.
    pub fn start(&mut self, user_id: &str, now: i64) -> SessionRecord {
        let session = SessionRecord {
            id: self.session_id(),
            user_id: user_id.to_string(),
            created_at: now,
            expires_at: now + SESSION_LIFETIME,
            last_password_verification: now,
        };
        self.insert(session.clone());
        session
    }

    /// A session that has not expired at `now`.
    fn live(&self, id: &str, now: i64) -> Option<&SessionRecord> {
        self.sessions.get(id).filter(|s| s.expires_at > now)
    }

    /// Ends every session of a user, and voids their unused session tokens; says how many
    /// sessions ended.
    pub fn end_all(&mut self, user_id: &str) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, s| s.user_id != user_id);
        self.tokens.retain(|_, t| t.user_id != user_id);
        before - self.sessions.len()
    }

    /// A deleted user is forgotten entirely.
    pub fn forget_user(&mut self, user_id: &str) {
        self.end_all(user_id);
        self.verifiers.remove(user_id);
        self.failures.remove(user_id);
    }
}

// ----- the JSON -----

fn full_name(user: &UserRecord) -> String {
    format!(
        "{} {}",
        user.profile_text("firstName").unwrap_or_default(),
        user.profile_text("lastName").unwrap_or_default()
    )
    .trim()
    .to_string()
}

/// Whether the session's links name it or `me`: Okta answers the request that creates a
/// session with links for the session's own cookie (`/sessions/me`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Links {
    Me,
    ById,
}

fn session_json(org: &Org, session: &SessionRecord, base: &str, links: Links) -> Value {
    let user = org.user(&session.user_id);
    let (session_href, user_href) = match links {
        Links::Me => (
            format!("{base}/api/v1/sessions/me"),
            format!("{base}/api/v1/users/me"),
        ),
        Links::ById => (
            format!("{base}/api/v1/sessions/{}", session.id),
            format!("{base}/api/v1/users/{}", session.user_id),
        ),
    };
    let mfa_active = org
        .factors
        .of(&session.user_id)
        .iter()
        .any(|factor| factor.status == FactorStatus::Active);
    json!({
        "id": session.id,
        "userId": session.user_id,
        "login": user.map(UserRecord::login),
        "createdAt": iso(session.created_at),
        "expiresAt": iso(session.expires_at),
        "status": "ACTIVE",
        "lastPasswordVerification": iso(session.last_password_verification),
        "lastFactorVerification": null,
        "amr": ["pwd"],
        "idp": { "id": org.org_id, "type": "OKTA" },
        "mfaActive": mfa_active,
        "_links": {
            "self": { "href": session_href, "hints": { "allow": ["GET", "DELETE"] } },
            "refresh": {
                "href": format!("{session_href}/lifecycle/refresh"),
                "hints": { "allow": ["POST"] },
            },
            "user": {
                "name": user.map(full_name),
                "href": user_href,
                "hints": { "allow": ["GET"] },
            },
        },
    })
}

/// The user an authentication transaction embeds.
fn embedded_user(user: &UserRecord) -> Value {
    json!({
        "id": user.id,
        "passwordChanged": user.password_changed.map(iso),
        "profile": {
            "login": user.login(),
            "firstName": user.profile_text("firstName"),
            "lastName": user.profile_text("lastName"),
            "locale": user.profile_text("locale").unwrap_or("en_US"),
            "timeZone": user.profile_text("timezone").unwrap_or("America/Los_Angeles"),
        },
    })
}

// ----- POST /authn -----

/// Records a failed sign-in, and locks the user out at the policy's limit.
fn failed_sign_in(ctx: &mut Context, user_id: &str) {
    let now = ctx.now;
    let failures = ctx
        .org
        .sessions
        .failures
        .entry(user_id.to_string())
        .or_default();
    *failures += 1;
    let locks = *failures >= MAX_ATTEMPTS;
    let target: Vec<LogTarget> = ctx
        .org
        .user(user_id)
        .map(LogTarget::user)
        .into_iter()
        .collect();
    ctx.org.log_event(
        now,
        SESSION_STARTED.name,
        SESSION_STARTED.message,
        target.clone(),
        Outcome::Failure("INVALID_CREDENTIALS".into()),
    );
    if locks {
        ctx.org.sessions.failures.remove(user_id);
        ctx.org.update_user(user_id, |user| {
            user.status = UserStatus::LockedOut;
            user.status_changed = Some(now);
            user.last_updated = now;
        });
        ctx.org.log(now, &logs::USER_LOCK, target);
    }
}

/// `POST /authn` with `username` and `password`: `SUCCESS` and a one-time `sessionToken` for
/// an active user, `PASSWORD_EXPIRED` (with a `stateToken`) for one whose password must change,
/// `LOCKED_OUT` for a locked-out one; 401 E0000004 for anything else, the same for an unknown
/// user as for a wrong password. The Authentication API needs no API token.
pub fn authn(ctx: &mut Context) -> Handled {
    let body = ctx.request.object_body()?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
    let (username, password) = (text("username"), text("password"));
    let Some(user) = ctx.org.find_user(username).cloned() else {
        return Err(ApiError::authentication_failed());
    };
    if user.status == UserStatus::LockedOut {
        return Ok(Answer::ok(&json!({
            "status": "LOCKED_OUT",
            "_links": { "next": {
                "name": "unlock",
                "href": format!("{}/api/v1/authn/recovery/unlock", ctx.request.base),
                "hints": { "allow": ["POST"] },
            } },
        })));
    }
    if !ctx.org.sessions.password_accepted(&user.id, password) {
        failed_sign_in(ctx, &user.id);
        return Err(ApiError::authentication_failed());
    }
    ctx.org.sessions.failures.remove(&user.id);
    let now = ctx.now;
    let base = &ctx.request.base;
    let cancel =
        json!({ "href": format!("{base}/api/v1/authn/cancel"), "hints": { "allow": ["POST"] } });
    match user.status {
        UserStatus::Active => {
            let token = format!("20111{}", ctx.org.sessions.ids.text(52));
            ctx.org.sessions.tokens.insert(
                token.clone(),
                TokenRecord {
                    user_id: user.id.clone(),
                    expires_at: now + TOKEN_LIFETIME,
                },
            );
            ctx.org
                .update_user(&user.id, |user| user.last_login = Some(now));
            Ok(Answer::ok(&json!({
                "expiresAt": iso(now + TOKEN_LIFETIME),
                "status": "SUCCESS",
                "sessionToken": token,
                "_embedded": { "user": embedded_user(&user) },
                "_links": { "cancel": cancel },
            })))
        }
        UserStatus::PasswordExpired => Ok(Answer::ok(&json!({
            "stateToken": format!("00{}", ctx.org.sessions.ids.text(40)),
            "expiresAt": iso(now + TOKEN_LIFETIME),
            "status": "PASSWORD_EXPIRED",
            "_embedded": { "user": embedded_user(&user) },
            "_links": {
                "next": {
                    "name": "changePassword",
                    "href": format!("{base}/api/v1/authn/credentials/change_password"),
                    "hints": { "allow": ["POST"] },
                },
                "cancel": cancel,
            },
        }))),
        // Staged, provisioned, in recovery, suspended or deactivated: no sign-in.
        _ => Err(ApiError::authentication_failed()),
    }
}

// ----- /sessions -----

fn find<'a>(org: &'a Org, id: &str, now: i64) -> Result<&'a SessionRecord, ApiError> {
    org.sessions
        .live(id, now)
        .ok_or_else(|| ApiError::not_found(id, "AppSession"))
}

/// `POST /sessions` with a `sessionToken`: the token works once, within five minutes, for a
/// user who is still active; 401 E0000004 otherwise.
pub fn create(ctx: &mut Context) -> Handled {
    let body = ctx.request.object_body()?;
    let token = body
        .get("sessionToken")
        .and_then(Value::as_str)
        .ok_or_else(ApiError::malformed_body)?;
    let now = ctx.now;
    let user_id = match ctx.org.sessions.tokens.remove(token) {
        Some(record) if record.expires_at > now => record.user_id,
        _ => return Err(ApiError::authentication_failed()),
    };
    let Some(user) = ctx
        .org
        .user(&user_id)
        .filter(|u| u.status == UserStatus::Active)
    else {
        return Err(ApiError::authentication_failed());
    };
    let target = vec![LogTarget::user(user)];
    let session = ctx.org.sessions.start(&user_id, now);
    ctx.org.log(now, &SESSION_STARTED, target);
    Ok(Answer::ok(&session_json(
        ctx.org,
        &session,
        &ctx.request.base,
        Links::Me,
    )))
}

pub fn get(ctx: &mut Context, id: &str) -> Handled {
    let session = find(ctx.org, id, ctx.now)?;
    Ok(Answer::ok(&session_json(
        ctx.org,
        session,
        &ctx.request.base,
        Links::ById,
    )))
}

/// `POST /sessions/{id}/lifecycle/refresh`: the session lives two hours from now.
pub fn refresh(ctx: &mut Context, id: &str) -> Handled {
    find(ctx.org, id, ctx.now)?;
    if let Some(session) = ctx.org.sessions.sessions.get_mut(id) {
        session.expires_at = ctx.now + SESSION_LIFETIME;
    }
    get(ctx, id)
}

/// `DELETE /sessions/{id}`: ends the session.
pub fn revoke(ctx: &mut Context, id: &str) -> Handled {
    let user_id = find(ctx.org, id, ctx.now)?.user_id.clone();
    ctx.org.sessions.sessions.remove(id);
    let target: Vec<LogTarget> = ctx
        .org
        .user(&user_id)
        .map(LogTarget::user)
        .into_iter()
        .collect();
    ctx.org.log(ctx.now, &SESSION_ENDED, target);
    Ok(Answer::no_content())
}

/// Remembers the password a create or update body sets, if it sets one.
pub fn remember_password(org: &mut Org, user_id: &str, body: &Map<String, Value>) {
    let password = body
        .get("credentials")
        .and_then(|c| c.get("password"))
        .and_then(|p| p.get("value"))
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty());
    if let Some(password) = password {
        org.sessions.set_password(user_id, password);
    }
}
