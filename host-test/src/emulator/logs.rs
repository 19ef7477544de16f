//! The System Log: every change an operation makes is recorded as an Okta `LogEvent`, and
//! `GET /api/v1/logs` reads them back with Okta's `since`/`until` window, SCIM `filter`, `q`
//! keywords, `sortOrder` and cursor paging (System Log API reference).
//!
//! Handlers call [`Org::log`] (or [`Org::log_event`] for an event type this module has no
//! constant for) after a change. The event does not know its request yet: when the answer is
//! written, [`SystemLog::seal`] gives every event of the request that request's
//! `X-Okta-Request-Id` as its transaction id, its URI and its client, as Okta correlates them.
//!
//! The actor of every event is the admin who owns the API token, as Okta attributes API-token
//! calls to the token's creator. The log has its own id stream, so logging never changes the
//! ids the org hands out, and keeps at most [`MAX_EVENTS`] events (Okta keeps 90 days; the
//! emulator keeps no time-based retention, so a seeded history stays readable).

use super::answer::{Answer, Handled};
use super::attributes::{Field, Fields};
use super::errors::ApiError;
use super::expression::{self, Query};
use super::ids::IdGenerator;
use super::model::{GroupRecord, Position, UserRecord};
use super::paging::{self, PageSize};
use super::router::Context;
use super::store::Org;
use super::timestamps::{iso, parse_iso};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::ops::Bound;

/// The most events kept; the oldest go first.
pub const MAX_EVENTS: usize = 100_000;

/// `/logs`: 100 by default, 1000 at most.
const LOGS: PageSize = PageSize {
    default: 100,
    max: 1000,
};
const LIST: &str = "logs";
const DAY: i64 = 86_400_000;

/// An event type of Okta's event type catalogue, with the display message Okta writes for it.
pub struct EventType {
    pub name: &'static str,
    pub message: &'static str,
    /// The Events API action Okta still names in `legacyEventType`, where known.
    pub legacy: Option<&'static str>,
}

const fn event(name: &'static str, message: &'static str) -> EventType {
    EventType {
        name,
        message,
        legacy: None,
    }
}

const fn legacy(name: &'static str, message: &'static str, legacy: &'static str) -> EventType {
    EventType {
        name,
        message,
        legacy: Some(legacy),
    }
}

pub const USER_CREATE: EventType = event("user.lifecycle.create", "Create Okta user");
pub const USER_ACTIVATE: EventType = event("user.lifecycle.activate", "Activate Okta user");
pub const USER_REACTIVATE: EventType = event("user.lifecycle.reactivate", "Reactivate Okta user");
pub const USER_DEACTIVATE: EventType = legacy(
    "user.lifecycle.deactivate",
    "Deactivate Okta user",
    "core.user.config.user_deactivated",
);
pub const USER_SUSPEND: EventType = legacy(
    "user.lifecycle.suspend",
    "Suspend Okta user",
    "core.user.config.user_status.suspended",
);
pub const USER_UNSUSPEND: EventType = event("user.lifecycle.unsuspend", "Unsuspend Okta user");
pub const USER_DELETE_INITIATED: EventType = event(
    "user.lifecycle.delete.initiated",
    "Delete Okta user initiated",
);
pub const USER_DELETE_COMPLETED: EventType = event(
    "user.lifecycle.delete.completed",
    "Delete Okta user completed",
);
pub const USER_UNLOCK: EventType = event(
    "user.account.unlock_by_admin",
    "User account unlock by admin",
);
pub const USER_LOCK: EventType = event("user.account.lock", "Auto-lock user account for Okta");
pub const USER_RESET_PASSWORD: EventType = legacy(
    "user.account.reset_password",
    "User's Okta password has been reset",
    "core.user.config.user_status.password_reset",
);
pub const USER_EXPIRE_PASSWORD: EventType = event(
    "user.account.expire_password",
    "Fired when the user's Okta password is expired",
);
pub const USER_UPDATE_PROFILE: EventType = event(
    "user.account.update_profile",
    "Update user profile for Okta",
);
pub const USER_UPDATE_PASSWORD: EventType = event(
    "user.account.update_password",
    "User update password for Okta",
);
pub const USER_SESSION_CLEAR: EventType = event("user.session.clear", "Clear user session");
pub const GROUP_CREATE: EventType = event("group.lifecycle.create", "Create Okta group");
pub const GROUP_DELETE: EventType = event("group.lifecycle.delete", "Delete Okta group");
pub const GROUP_PROFILE_UPDATE: EventType =
    event("group.profile.update", "Okta group profile updated");
pub const MEMBERSHIP_ADD: EventType = legacy(
    "group.user_membership.add",
    "Add user to group membership",
    "core.user_group_member.user_add",
);
pub const MEMBERSHIP_REMOVE: EventType = legacy(
    "group.user_membership.remove",
    "Remove user from group membership",
    "core.user_group_member.user_remove",
);
/// Group rules are policy rules in Okta (their ids share the `0pr` prefix); the catalogue has no
/// event type of their own for creating, changing or deleting one.
pub const RULE_ADD: EventType = event("policy.rule.add", "Add policy rule");
pub const RULE_UPDATE: EventType = event("policy.rule.update", "Update policy rule");
pub const RULE_ACTIVATE: EventType = event("policy.rule.activate", "Activate policy rule");
pub const RULE_DEACTIVATE: EventType = event("policy.rule.deactivate", "Deactivate policy rule");
pub const RULE_DELETE: EventType = event("policy.rule.delete", "Delete policy rule");
pub const RULE_INVALIDATE: EventType = event(
    "group.user_membership.rule.invalidate",
    "Invalidate group membership rule",
);
pub const RULE_ADD_EXCLUSION: EventType = event(
    "group.user_membership.rule.add_exclusion",
    "Add user to group membership exclusion rule",
);
pub const FACTOR_ACTIVATE: EventType = event(
    "user.mfa.factor.activate",
    "Activate factor or authenticator enrollment method for user",
);
pub const FACTOR_UPDATE: EventType = event("user.mfa.factor.update", "Update factor for user");
pub const FACTOR_DEACTIVATE: EventType = event(
    "user.mfa.factor.deactivate",
    "Reset factor or authenticator enrollment method for user",
);
pub const FACTOR_RESET_ALL: EventType = event(
    "user.mfa.factor.reset_all",
    "Reset all factors or authenticator enrollments for user",
);

const CATALOGUE: &[&EventType] = &[
    &USER_CREATE,
    &USER_ACTIVATE,
    &USER_REACTIVATE,
    &USER_DEACTIVATE,
    &USER_SUSPEND,
    &USER_UNSUSPEND,
    &USER_DELETE_INITIATED,
    &USER_DELETE_COMPLETED,
    &USER_UNLOCK,
    &USER_LOCK,
    &USER_RESET_PASSWORD,
    &USER_EXPIRE_PASSWORD,
    &USER_UPDATE_PROFILE,
    &USER_UPDATE_PASSWORD,
    &USER_SESSION_CLEAR,
    &GROUP_CREATE,
    &GROUP_DELETE,
    &GROUP_PROFILE_UPDATE,
    &MEMBERSHIP_ADD,
    &MEMBERSHIP_REMOVE,
    &RULE_ADD,
    &RULE_UPDATE,
    &RULE_ACTIVATE,
    &RULE_DEACTIVATE,
    &RULE_DELETE,
    &RULE_INVALIDATE,
    &RULE_ADD_EXCLUSION,
    &FACTOR_ACTIVATE,
    &FACTOR_UPDATE,
    &FACTOR_DEACTIVATE,
    &FACTOR_RESET_ALL,
];

/// What an event was done to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogTarget {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub alternate_id: String,
    pub display_name: String,
}

impl LogTarget {
    pub fn new(id: &str, kind: &str, alternate_id: &str, display_name: &str) -> Self {
        Self {
            id: id.to_string(),
            kind: kind.to_string(),
            alternate_id: alternate_id.to_string(),
            display_name: display_name.to_string(),
        }
    }

    /// A user, named by login and full name as Okta names them.
    pub fn user(user: &UserRecord) -> Self {
        let name = format!(
            "{} {}",
            user.profile_text("firstName").unwrap_or_default(),
            user.profile_text("lastName").unwrap_or_default()
        );
        Self::new(&user.id, "User", user.login(), name.trim())
    }

    pub fn group(group: &GroupRecord) -> Self {
        Self::new(&group.id, "UserGroup", group.name(), group.name())
    }
}

/// How an action ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Success,
    Failure(String),
}

/// Who acts: the admin the API token belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogActor {
    pub id: String,
    pub alternate_id: String,
    pub display_name: String,
}

/// One recorded event. Request details are filled in when the request is answered.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    pub uuid: String,
    pub seq: u64,
    pub published: i64,
    pub event_type: String,
    pub display_message: String,
    pub legacy_event_type: Option<String>,
    pub result: String,
    pub reason: Option<String>,
    pub actor: LogActor,
    pub targets: Vec<LogTarget>,
    pub transaction_id: Option<String>,
    pub request_uri: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl LogEvent {
    fn position(&self) -> Position {
        Position {
            created: self.published,
            seq: self.seq,
        }
    }
}

/// The org's System Log.
pub struct SystemLog {
    events: BTreeMap<Position, LogEvent>,
    ids: IdGenerator,
    next_seq: u64,
    actor: LogActor,
    /// The id of the API token every request uses, named in `transaction.detail`.
    token_id: String,
    /// Events of the request being answered, which get its id when it is answered.
    unsealed: Vec<Position>,
}

/// The log as saved.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogSnapshot {
    pub ids: IdGenerator,
    pub next_seq: u64,
    pub actor: LogActor,
    pub token_id: String,
    pub events: Vec<LogEvent>,
}

/// The log's id stream is its own, so logging leaves the org's ids as they were.
const LOG_SEED: u64 = 0x5157_E410_6000_0001;

impl Default for LogSnapshot {
    /// The log of an org saved before it had one: empty, acted on by a generated admin.
    fn default() -> Self {
        let mut ids = IdGenerator::new(LOG_SEED);
        let actor = LogActor {
            id: ids.object_id("00u"),
            alternate_id: "admin@example.com".into(),
            display_name: "Okta Administrator".into(),
        };
        let token_id = ids.object_id("00T");
        Self {
            ids,
            next_seq: 0,
            actor,
            token_id,
            events: Vec::new(),
        }
    }
}

impl SystemLog {
    pub fn new() -> Self {
        Self::restore(LogSnapshot::default())
    }

    pub fn restore(snapshot: LogSnapshot) -> Self {
        Self {
            events: snapshot
                .events
                .into_iter()
                .map(|event| (event.position(), event))
                .collect(),
            ids: snapshot.ids,
            next_seq: snapshot.next_seq,
            actor: snapshot.actor,
            token_id: snapshot.token_id,
            unsealed: Vec::new(),
        }
    }

    pub fn snapshot(&self) -> LogSnapshot {
        LogSnapshot {
            ids: self.ids.clone(),
            next_seq: self.next_seq,
            actor: self.actor.clone(),
            token_id: self.token_id.clone(),
            events: self.events.values().cloned().collect(),
        }
    }

    /// Makes `user` the admin who acts through the API token.
    pub fn set_actor(&mut self, user: &UserRecord) {
        let target = LogTarget::user(user);
        self.actor = LogActor {
            id: target.id,
            alternate_id: target.alternate_id,
            display_name: target.display_name,
        };
    }

    /// A UUID in Okta's 8-4-4-4-12 hex form, from the log's own stream.
    fn uuid(&mut self) -> String {
        let hex: String = self
            .ids
            .text(32)
            .bytes()
            .map(|b| char::from_digit(u32::from(b % 16), 16).unwrap_or('0'))
            .collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    fn record(
        &mut self,
        published: i64,
        (event_type, message, legacy): (&str, &str, Option<&str>),
        targets: Vec<LogTarget>,
        outcome: Outcome,
    ) {
        self.next_seq += 1;
        let (result, reason) = match outcome {
            Outcome::Success => ("SUCCESS".to_string(), None),
            Outcome::Failure(reason) => ("FAILURE".to_string(), Some(reason)),
        };
        let event = LogEvent {
            uuid: self.uuid(),
            seq: self.next_seq,
            published,
            event_type: event_type.to_string(),
            display_message: message.to_string(),
            legacy_event_type: legacy.map(str::to_string),
            result,
            reason,
            actor: self.actor.clone(),
            targets,
            transaction_id: None,
            request_uri: None,
            client_ip: None,
            user_agent: None,
        };
        let position = event.position();
        self.events.insert(position, event);
        self.unsealed.push(position);
        while self.events.len() > MAX_EVENTS {
            self.events.pop_first();
        }
    }

    /// Gives the events of the request just answered its id, URI and client.
    pub fn seal(&mut self, request_id: &str, uri: &str, ip: &str, agent: Option<&str>) {
        for position in std::mem::take(&mut self.unsealed) {
            if let Some(event) = self.events.get_mut(&position) {
                event.transaction_id = Some(request_id.to_string());
                event.request_uri = Some(uri.to_string());
                event.client_ip = Some(ip.to_string());
                event.user_agent = agent.map(str::to_string);
            }
        }
    }

    /// Seals events recorded outside a request (a seeded history): each its own transaction.
    pub fn seal_each(&mut self, ip: &str) {
        for position in std::mem::take(&mut self.unsealed) {
            let id = self.ids.request_id();
            if let Some(event) = self.events.get_mut(&position) {
                event.transaction_id = Some(id);
                event.client_ip = Some(ip.to_string());
            }
        }
    }

    fn render(&self, event: &LogEvent) -> Value {
        let ip = event.client_ip.as_deref();
        json!({
            "actor": {
                "id": event.actor.id,
                "type": "User",
                "alternateId": event.actor.alternate_id,
                "displayName": event.actor.display_name,
                "detailEntry": null,
            },
            "client": {
                "userAgent": {
                    "rawUserAgent": event.user_agent.as_deref().unwrap_or("UNKNOWN"),
                    "os": "Unknown",
                    "browser": "UNKNOWN",
                },
                "zone": null,
                "device": "Unknown",
                "id": null,
                "ipAddress": ip,
                "geographicalContext": null,
            },
            "authenticationContext": {
                "authenticationProvider": null,
                "credentialProvider": null,
                "credentialType": null,
                "issuer": null,
                "interface": null,
                "authenticationStep": 0,
                "externalSessionId": "unknown",
            },
            "displayMessage": event.display_message,
            "eventType": event.event_type,
            "outcome": { "result": event.result, "reason": event.reason },
            "published": iso(event.published),
            "securityContext": {
                "asNumber": null,
                "asOrg": null,
                "isp": null,
                "domain": null,
                "isProxy": null,
            },
            "severity": if event.result == "SUCCESS" { "INFO" } else { "WARN" },
            "debugContext": {
                "debugData": {
                    "requestId": event.transaction_id,
                    "requestUri": event.request_uri.as_deref().map(|uri| uri.split('?').next().unwrap_or(uri)),
                    "url": event.request_uri,
                }
            },
            "legacyEventType": event.legacy_event_type,
            "transaction": {
                "type": "WEB",
                "id": event.transaction_id,
                "detail": { "requestApiTokenId": self.token_id },
            },
            "uuid": event.uuid,
            "version": "0",
            "request": {
                "ipChain": ip.map(|ip| vec![json!({
                    "ip": ip,
                    "geographicalContext": null,
                    "version": if ip.contains(':') { "V6" } else { "V4" },
                    "source": null,
                })]).unwrap_or_default(),
            },
            "target": event.targets.iter().map(|target| json!({
                "id": target.id,
                "type": target.kind,
                "alternateId": target.alternate_id,
                "displayName": target.display_name,
                "detailEntry": null,
            })).collect::<Vec<_>>(),
        })
    }
}

impl Default for SystemLog {
    fn default() -> Self {
        Self::new()
    }
}

impl Org {
    /// Records a successful `event` at `now`.
    pub fn log(&mut self, now: i64, event: &EventType, targets: Vec<LogTarget>) {
        self.system_log.record(
            now,
            (event.name, event.message, event.legacy),
            targets,
            Outcome::Success,
        );
    }

    /// Records a successful `event` done to one user.
    pub fn log_user(&mut self, now: i64, event: &EventType, user_id: &str) {
        let target: Vec<LogTarget> = self
            .user(user_id)
            .map(LogTarget::user)
            .into_iter()
            .collect();
        self.log(now, event, target);
    }

    /// Records a successful `event` done to one group.
    pub fn log_group(&mut self, now: i64, event: &EventType, group_id: &str) {
        let target: Vec<LogTarget> = self
            .group(group_id)
            .map(LogTarget::group)
            .into_iter()
            .collect();
        self.log(now, event, target);
    }

    /// Records an event of any type; the legacy event type is filled in for the ones this
    /// module knows.
    pub fn log_event(
        &mut self,
        now: i64,
        event_type: &str,
        display_message: &str,
        targets: Vec<LogTarget>,
        outcome: Outcome,
    ) {
        let legacy = CATALOGUE
            .iter()
            .find(|known| known.name == event_type)
            .and_then(|known| known.legacy);
        self.system_log
            .record(now, (event_type, display_message, legacy), targets, outcome);
    }
}

// ----- GET /logs -----

/// Whether the events run oldest first (Okta's default) or newest first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Ascending,
    Descending,
}

/// The time window of a request: `since` inclusive, `until` exclusive (or now, inclusive).
struct Window {
    since: i64,
    until: i64,
    until_given: bool,
}

pub fn list(ctx: &mut Context) -> Handled {
    let request = ctx.request;
    let window = window(ctx)?;
    let order = match request.param("sortOrder").as_deref() {
        None | Some("ASCENDING") => Order::Ascending,
        Some("DESCENDING") => Order::Descending,
        Some(other) => {
            return Err(ApiError::validation(
                "sortOrder",
                vec![format!(
                    "sortOrder: '{other}' is not one of ASCENDING, DESCENDING"
                )],
            ));
        }
    };
    let query = match request.param("filter") {
        Some(filter) => Some(parse_filter(&filter)?),
        None => None,
    };
    let keywords = keywords(request.param("q").as_deref().unwrap_or_default())?;
    let limit = paging::limit(request, LOGS)?;
    let after = paging::after(request, LIST)?;

    let log = &ctx.org.system_log;
    let views: Vec<(Position, Value)> =
        candidates(log, &window, order, after, request.param("since").is_some())
            .map(|event| (event.position(), log.render(event)))
            .filter(|(_, view)| {
                query.as_ref().is_none_or(|q| q.matches(&Flat::of(view)))
                    && keywords.iter().all(|k| mentions(view, k))
            })
            .take(limit + 1)
            .collect();
    let more = views.len() > limit;
    let page: Vec<(Position, Value)> = views.into_iter().take(limit).collect();

    // A polling request (no `until`, oldest first) is an endless feed: it always links a next
    // page, which resumes after the last event returned, or where this one started.
    let polling = !window.until_given && order == Order::Ascending;
    let last = page.last().map(|(position, _)| *position);
    let next = if polling {
        let resume = last.or(after).unwrap_or(Position {
            created: window.since,
            seq: 0,
        });
        Some(paging::encode_cursor(LIST, resume))
    } else {
        paging::next_cursor(LIST, last, more)
    };
    let events: Vec<Value> = page.into_iter().map(|(_, view)| view).collect();
    Ok(Answer::ok(&events).with_headers(paging::link_headers(request, limit, next)))
}

/// The events in the window, in the requested order, after the cursor if there is one. A
/// cursor takes the place of the default `since`: the feed resumes where it left off.
fn candidates<'a>(
    log: &'a SystemLog,
    window: &Window,
    order: Order,
    after: Option<Position>,
    since_given: bool,
) -> Box<dyn Iterator<Item = &'a LogEvent> + 'a> {
    let since = if after.is_some() && !since_given {
        i64::MIN
    } else {
        window.since
    };
    let lowest = Position {
        created: since,
        seq: 0,
    };
    let (until, until_given) = (window.until, window.until_given);
    let in_window = move |event: &&LogEvent| {
        event.published >= since
            && if until_given {
                event.published < until
            } else {
                event.published <= until
            }
    };
    match order {
        Order::Ascending => {
            let start = after.map_or(Bound::Included(lowest), Bound::Excluded);
            Box::new(
                log.events
                    .range((start, Bound::Unbounded))
                    .map(|(_, e)| e)
                    .filter(in_window),
            )
        }
        Order::Descending => {
            let end = after.map_or(Bound::Unbounded, Bound::Excluded);
            Box::new(
                log.events
                    .range((Bound::Unbounded, end))
                    .rev()
                    .map(|(_, e)| e)
                    .filter(in_window)
                    .take_while(move |e| e.published >= since),
            )
        }
    }
}

/// `since` and `until`: ISO 8601, `since` before `until`; `since` defaults to seven days
/// before `until`, and `until` to now.
fn window(ctx: &Context) -> Result<Window, ApiError> {
    let read = |name: &str| -> Result<Option<i64>, ApiError> {
        match ctx.request.param(name) {
            None => Ok(None),
            Some(text) => parse_iso(&text).map(Some).ok_or_else(|| invalid_date(name)),
        }
    };
    let until = read("until")?;
    let until_given = until.is_some();
    let until = until.unwrap_or(ctx.now);
    let since = read("since")?.unwrap_or(until - 7 * DAY);
    if since > until {
        return Err(ApiError::new(
            400,
            "E0000053",
            "Invalid parameter: The since parameter must be before the until parameter.",
        ));
    }
    Ok(Window {
        since,
        until,
        until_given,
    })
}

/// E0000001 for a `since` or `until` that is not an ISO 8601 date, as the reference shows it.
fn invalid_date(name: &str) -> ApiError {
    let unrecognized = format!(
        "{name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format."
    );
    let invalid = format!("{name}: must be a valid date-time or empty.");
    ApiError::new(
        400,
        "E0000001",
        format!(
            "Api validation failed: '{name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.. '{name}': must be a valid date-time or empty."
        ),
    )
    .with_cause(unrecognized)
    .with_cause(invalid)
}

/// `q`: at most ten keywords of at most 40 characters each, matched case-insensitively.
fn keywords(q: &str) -> Result<Vec<String>, ApiError> {
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    if words.iter().any(|w| w.chars().count() > 40) {
        return Err(ApiError::new(
            400,
            "E0000001",
            "Api validation failed: 'q': Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.",
        ));
    }
    if words.len() > 10 {
        return Err(ApiError::new(
            400,
            "E0000001",
            "Api validation failed: 'q': Freeform search cannot contain more than 10 items. Please remove items from your search or use an advanced filter to query by specific fields.",
        ));
    }
    Ok(words)
}

/// Whether some value of the event is the keyword: a whole value, one of its words, or one of
/// the parts of a hyphenated value, in any case.
fn mentions(view: &Value, keyword: &str) -> bool {
    match view {
        Value::String(text) => {
            let text = text.to_lowercase();
            text == keyword
                || text
                    .split_whitespace()
                    .any(|word| word == keyword || word.split('-').any(|part| part == keyword))
        }
        Value::Array(items) => items.iter().any(|item| mentions(item, keyword)),
        Value::Object(fields) => fields.values().any(|value| mentions(value, keyword)),
        _ => false,
    }
}

/// The attributes a log filter may name.
const FILTER_ATTRIBUTES: &[&str] = &[
    "uuid",
    "eventType",
    "legacyEventType",
    "displayMessage",
    "severity",
    "version",
    "actor.id",
    "actor.type",
    "actor.alternateId",
    "actor.displayName",
    "target.id",
    "target.type",
    "target.alternateId",
    "target.displayName",
    "outcome.result",
    "outcome.reason",
    "transaction.id",
    "transaction.type",
    "client.ipAddress",
    "client.userAgent.rawUserAgent",
    "debugContext.debugData.requestId",
    "debugContext.debugData.requestUri",
    "debugContext.debugData.url",
];

/// A SCIM filter over the log's attributes; E0000053 as the reference shows it otherwise
/// (`published` is refused: the window is what bounds it).
fn parse_filter(text: &str) -> Result<Query, ApiError> {
    let expr = expression::parse(text).map_err(|reason| {
        ApiError::new(
            400,
            "E0000053",
            format!("Invalid filter '{text}': {reason}"),
        )
    })?;
    for comparison in expr.comparisons() {
        if !FILTER_ATTRIBUTES.contains(&comparison.attribute.as_str()) {
            return Err(ApiError::new(
                400,
                "E0000053",
                format!("field is not valid: {}", comparison.attribute),
            ));
        }
    }
    Ok(Query::new(expr, false))
}

/// An event's filterable attributes by dotted name; `target.*` are lists of every target's.
struct Flat(Map<String, Value>);

impl Flat {
    fn of(view: &Value) -> Self {
        let mut flat = Map::new();
        for attribute in FILTER_ATTRIBUTES {
            let value = match attribute.strip_prefix("target.") {
                Some(field) => Value::Array(
                    view["target"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|target| target[field].clone())
                        .collect(),
                ),
                None => attribute
                    .split('.')
                    .fold(view, |value, key| &value[key])
                    .clone(),
            };
            flat.insert(attribute.to_string(), value);
        }
        Self(flat)
    }
}

impl Fields for Flat {
    fn field(&self, attribute: &str) -> Field<'_> {
        self.0.get(attribute).map_or(Field::Absent, Field::Value)
    }
}
