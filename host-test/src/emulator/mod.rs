//! An emulated Okta org: a stateful, in-process stand-in for Okta's Users and Groups
//! Management API (`/api/v1`), answering the component's HTTP as a [`Responder`].
//!
//! It follows Okta's public API reference and the shapes of the real recordings in
//! `host-test/tests/recordings`: user lifecycle statuses and their transitions, Okta's error codes
//! and bodies, the Everyone group, `search`/`filter`/`q` listing with cursor pagination and
//! `Link` headers, per-endpoint rate limits with `X-Rate-Limit-*` headers, and timestamps that
//! move when Okta moves them. Any host is accepted; the request's scheme and host become the
//! base of `_links` hrefs.
//!
//! Beyond users and groups it serves group rules that really assign (the expression language
//! in `rule_expression`, the assignment rules in `rule_engine`), users' MFA factors, and a
//! System Log (`/api/v1/logs`) in which every change is recorded as an Okta `LogEvent`.
//!
//! ```
//! use okta_block_host::emulator::{DEMO_TOKEN, Emulator, ManualClock};
//! use std::sync::Arc;
//! let org = Emulator::demo(); // 50 users, 8 groups, token DEMO_TOKEN
//! let clock = ManualClock::at("2024-01-08T09:00:00.000Z").unwrap();
//! let empty = Emulator::builder().token("t0k3n").clock(Arc::new(clock.clone())).build();
//! ```
//!
//! Fault injection is in [`faults`]; the whole org saves to and loads from JSON.

mod answer;
mod app_access;
mod app_assignments;
mod app_records;
mod app_views;
mod apps;
mod attributes;
mod clock;
mod demo_access;
mod demo_security;
mod errors;
pub mod expression;
mod factors;
pub mod faults;
mod filter;
mod groups;
mod ids;
mod lifecycle;
mod limits;
mod logs;
mod model;
mod ordered;
mod paging;
mod render;
mod request;
mod roles;
mod router;
mod rule_engine;
mod rule_expression;
mod rules;
mod search;
mod seed;
mod sessions;
mod store;
mod timestamps;
mod users;

pub use clock::{Clock, ManualClock, SystemClock};
pub use demo_access::DEMO_PASSWORD;
pub use faults::{Fault, FaultAction};

use crate::exchange::{Reply, RequestRecord, ResponseRecord, find_header};
use crate::upstream::Responder;
use answer::Answer;
use anyhow::{Context as _, Result};
use errors::ApiError;
use ids::IdGenerator;
use limits::{Bucket, RateLimiter, Verdict};
use request::Request;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use store::{Org, OrgSnapshot};

/// The demo org's API token.
pub const DEMO_TOKEN: &str = "demo-okta-token";
/// The demo org's domain, for tools that need one (any host is answered).
pub const DEMO_DOMAIN: &str = "demo.okta.com";

/// The org an emulator starts with.
enum Seed {
    /// Only the Everyone group.
    Empty,
    Demo,
    Scale(usize),
    Restored(Box<OrgSnapshot>),
}

/// Configures an [`Emulator`]. Defaults: token [`DEMO_TOKEN`], Okta's per-endpoint rate
/// limits, the system clock, and an empty org.
pub struct EmulatorBuilder {
    token: String,
    rate_limit_per_minute: Option<u32>,
    clock: Arc<dyn Clock>,
    seed: Seed,
    realms: bool,
}

impl EmulatorBuilder {
    /// The token `Authorization: SSWS <token>` (or `Bearer <token>`) must carry.
    pub fn token(mut self, token: &str) -> Self {
        self.token = token.to_string();
        self
    }

    /// One per-minute budget for every endpoint, instead of Okta's per-endpoint budgets.
    pub fn rate_limit_per_minute(mut self, budget: u32) -> Self {
        self.rate_limit_per_minute = Some(budget);
        self
    }

    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Gives the org Okta's Realms: every user shows its default realm as `realmId`, as users
    /// of orgs with Realms do.
    pub fn realms(mut self) -> Self {
        self.realms = true;
        self
    }

    /// Starts from the demo org (see [`Emulator::demo`]).
    pub fn demo(mut self) -> Self {
        self.seed = Seed::Demo;
        self
    }

    /// Starts from a large org of `count` users (see [`Emulator::with_users`]).
    pub fn users(mut self, count: usize) -> Self {
        self.seed = Seed::Scale(count);
        self
    }

    /// Starts from a saved state ([`Emulator::to_json`]), token included; a later
    /// [`token`](Self::token) overrides the saved one.
    pub fn state(mut self, state: serde_json::Value) -> Result<Self> {
        let saved: SavedState =
            serde_json::from_value(state).context("not a saved emulator state")?;
        self.token = saved.token;
        self.seed = Seed::Restored(Box::new(saved.org));
        Ok(self)
    }

    pub fn build(self) -> Result<Emulator> {
        let mut org = match self.seed {
            Seed::Empty => Org::new(seed::SEED, self.clock.now_millis()),
            Seed::Demo => seed::demo(),
            Seed::Scale(count) => seed::scale(count),
            Seed::Restored(snapshot) => {
                Org::restore(*snapshot).map_err(|e| anyhow::anyhow!("bad saved state: {e}"))?
            }
        };
        if self.realms {
            org.enable_realms();
        }
        Ok(Emulator {
            state: Mutex::new(State {
                org,
                token: self.token,
                limiter: RateLimiter::new(self.rate_limit_per_minute),
                faults: faults::Faults::default(),
                request_ids: IdGenerator::new(fresh_seed()),
            }),
            served: AtomicU64::new(0),
            clock: self.clock,
        })
    }
}

/// What [`Emulator::to_json`] writes.
#[derive(Serialize, Deserialize)]
struct SavedState {
    token: String,
    org: OrgSnapshot,
}

struct State {
    org: Org,
    token: String,
    limiter: RateLimiter,
    faults: faults::Faults,
    /// Request ids, unique across runs as Okta's are: seeded afresh by every process, and not
    /// part of the org (a saved org restarted must not repeat them).
    request_ids: IdGenerator,
}

/// A seed no two emulators share: std's hasher keys come from the OS's randomness.
fn fresh_seed() -> u64 {
    use std::hash::BuildHasher;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::collections::hash_map::RandomState::new().hash_one(nanos)
}

/// The emulated org. Cheap to share behind an `Arc`; all state sits behind one mutex.
pub struct Emulator {
    state: Mutex<State>,
    served: AtomicU64,
    clock: Arc<dyn Clock>,
}

impl Emulator {
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            token: DEMO_TOKEN.to_string(),
            rate_limit_per_minute: None,
            clock: Arc::new(SystemClock),
            seed: Seed::Empty,
            realms: false,
        }
    }

    /// An org with only the Everyone group, answering to `token`.
    pub fn new(token: &str) -> Self {
        Self::infallible(Self::builder().token(token))
    }

    /// The demo org: 50 people across departments (titles, managers, phones) in every status,
    /// and 8 groups, answering to [`DEMO_TOKEN`].
    pub fn demo() -> Self {
        Self::infallible(Self::builder().demo())
    }

    /// A large org of `count` users for benchmarks, answering to [`DEMO_TOKEN`].
    pub fn with_users(count: usize) -> Self {
        Self::infallible(Self::builder().users(count))
    }

    /// Building fails only when restoring a bad saved state, which these seeds never do.
    fn infallible(builder: EmulatorBuilder) -> Self {
        match builder.build() {
            Ok(emulator) => emulator,
            Err(error) => unreachable!("a built-in seed failed to build: {error}"),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A caller that panicked while holding the lock must not make every later request panic.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many requests the emulator has been asked to answer.
    pub fn requests_served(&self) -> u64 {
        self.served.load(Ordering::SeqCst)
    }

    pub fn set_token(&self, token: &str) {
        self.lock().token = token.to_string();
    }

    /// One per-minute budget for every endpoint, or `None` for Okta's per-endpoint budgets.
    /// Starts new windows.
    pub fn set_rate_limit(&self, per_minute: Option<u32>) {
        self.lock().limiter.set_budget(per_minute);
    }

    /// Rate-limit windows of `window` instead of Okta's minute (for tests that wait one out).
    pub fn set_rate_window(&self, window: std::time::Duration) {
        self.lock().limiter.set_window(window.as_millis() as i64);
    }

    /// Adds a fault rule; rules apply in the order they were added.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.add(fault);
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Caps the org's app instances, as an Integrator Free Plan org is capped (a create beyond
    /// answers 400 E0000001 "Maximum number of instances has been reached"), or lifts the cap.
    pub fn set_app_limit(&self, limit: Option<usize>) {
        self.lock().org.apps.limit = limit;
    }

    /// The number of apps the org holds.
    pub fn app_count(&self) -> usize {
        self.lock().org.apps.apps.len()
    }

    /// The number of users, deactivated ones included.
    pub fn user_count(&self) -> usize {
        self.lock().org.user_count()
    }

    /// The whole state (org and token) as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let state = self.lock();
        let saved = SavedState {
            token: state.token.clone(),
            org: state.org.snapshot(),
        };
        serde_json::to_value(saved).unwrap_or_default()
    }

    /// An emulator from [`to_json`](Self::to_json)'s output, on the system clock.
    pub fn from_json(state: serde_json::Value) -> Result<Self> {
        Self::builder().state(state)?.build()
    }
}

impl Responder for Emulator {
    fn respond(&self, record: &RequestRecord) -> Reply {
        self.served.fetch_add(1, Ordering::SeqCst);
        let request = Request::parse(record);
        let now = self.clock.now_millis();
        let mut state = self.lock();
        match state.faults.select(&request.method, &request.raw_path) {
            None => Reply::Http {
                response: state.answer(&request, now),
                delay: None,
            },
            // These two let the request do its work and spoil only how the answer arrives.
            Some(FaultAction::Delay(delay)) => Reply::Http {
                response: state.answer(&request, now),
                delay: Some(delay),
            },
            Some(FaultAction::TruncatedBody) => {
                let mut response = state.answer(&request, now);
                let body = response.body.take().unwrap_or_else(|| "{\"".into());
                let mut cut = body.len() / 2;
                while !body.is_char_boundary(cut) {
                    cut -= 1;
                }
                response.body = Some(body[..cut].to_string());
                Reply::Http {
                    response,
                    delay: None,
                }
            }
            Some(action) => state.faulty_reply(action, &request, now),
        }
    }
}

/// Okta's Authentication API (`POST /authn`) is public: it takes a user's credentials, not an
/// API token.
fn is_public(request: &Request) -> bool {
    request.method == "POST"
        && matches!(request.segments.as_deref(), Some([only]) if only == "authn")
}

impl State {
    /// The org's answer: rate limit, then authentication, then the endpoint.
    fn answer(&mut self, request: &Request, now: i64) -> ResponseRecord {
        let verdict = self.limiter.take(Bucket::of(request), now);
        let outcome = if !verdict.allowed {
            Err(ApiError::rate_limited())
        } else if !self.authorized(request) && !is_public(request) {
            Err(ApiError::invalid_token())
        } else {
            let mut ctx = router::Context {
                org: &mut self.org,
                request,
                now: now - now.rem_euclid(1000),
            };
            router::route(&mut ctx)
        };
        let answer = outcome.unwrap_or_else(|error| self.error_answer(&error));
        let response = self.finish(answer, Some(verdict), now);
        self.seal_log_events(request, &response);
        response
    }

    /// Gives the System Log events this request recorded its request id, URI and client.
    fn seal_log_events(&mut self, request: &Request, response: &ResponseRecord) {
        let Some(request_id) = find_header(&response.headers, "x-okta-request-id") else {
            return;
        };
        let record = request.record;
        let ip = record
            .header("x-forwarded-for")
            .and_then(|chain| chain.split(',').next())
            .map_or("127.0.0.1", str::trim);
        self.org.system_log.seal(
            request_id,
            record.path_and_query(),
            ip,
            record.header("user-agent"),
        );
    }

    fn authorized(&self, request: &Request) -> bool {
        let Some(value) = request.record.header("authorization") else {
            return false;
        };
        let value = value.trim();
        let (scheme, token) = match value.split_once(' ') {
            Some(parts) => parts,
            // Okta also takes `SSWS<token>` with no space, which okta-sdk-python 3.x sends.
            None => match value.get(..4) {
                Some(scheme) if scheme.eq_ignore_ascii_case("SSWS") => (scheme, &value[4..]),
                _ => return false,
            },
        };
        (scheme.eq_ignore_ascii_case("SSWS") || scheme.eq_ignore_ascii_case("Bearer"))
            && !self.token.is_empty()
            && token.trim() == self.token
    }

    fn error_answer(&mut self, error: &ApiError) -> Answer {
        Answer {
            status: error.status,
            body: Some(error.body(&self.org.ids.error_id())),
            headers: Vec::new(),
        }
    }

    /// Adds Okta's standard headers, in the order Okta sends them.
    fn finish(&mut self, answer: Answer, verdict: Option<Verdict>, now: i64) -> ResponseRecord {
        let mut headers = Vec::new();
        if answer.body.is_some() && !answer.headers.iter().any(|(n, _)| n == "Content-Type") {
            headers.push((
                "Content-Type".to_string(),
                "application/json;charset=UTF-8".to_string(),
            ));
        }
        headers.push(("Date".to_string(), timestamps::http_date(now)));
        headers.extend(answer.headers);
        headers.push(("Vary".to_string(), "Accept-Encoding".to_string()));
        headers.push((
            "x-okta-request-id".to_string(),
            self.request_ids.request_id(),
        ));
        if let Some(verdict) = verdict {
            headers.extend(verdict.headers());
        }
        // What Okta sends on every API answer: never cached, never sniffed, HTTPS only.
        for (name, value) in [
            ("cache-control", "no-cache, no-store"),
            ("pragma", "no-cache"),
            ("expires", "0"),
            ("x-content-type-options", "nosniff"),
            (
                "Strict-Transport-Security",
                "max-age=315360000; includeSubDomains",
            ),
        ] {
            headers.push((name.to_string(), value.to_string()));
        }
        ResponseRecord {
            status: answer.status,
            headers,
            body: answer.body,
        }
    }

    /// The reply of a fault that replaces the answer: the org never sees the request.
    fn faulty_reply(&mut self, action: FaultAction, request: &Request, now: i64) -> Reply {
        let bucket = Bucket::of(request);
        let (answer, verdict) = match action {
            FaultAction::Transport(fault) => return Reply::Transport(fault),
            FaultAction::Error {
                status,
                code,
                summary,
            } => {
                let error = ApiError::new(status, &code, summary);
                (
                    self.error_answer(&error),
                    Some(self.limiter.peek(bucket, now)),
                )
            }
            FaultAction::HtmlBody { status } => (
                Answer {
                    status,
                    body: Some(format!(
                        "<html><head><title>{status}</title></head><body><h1>{status}</h1>\
                         <p>The service is unavailable.</p></body></html>"
                    )),
                    headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
                },
                None,
            ),
            FaultAction::TooManyRequests { with_headers } => {
                let mut verdict = self.limiter.peek(bucket, now);
                verdict.remaining = 0;
                let answer = self.error_answer(&ApiError::rate_limited());
                (answer, with_headers.then_some(verdict))
            }
            FaultAction::Redirect { status, location } => (
                Answer {
                    status,
                    body: None,
                    headers: vec![("Location".into(), location)],
                },
                None,
            ),
            FaultAction::EmptyOk => (
                Answer {
                    status: 200,
                    body: None,
                    headers: Vec::new(),
                },
                Some(self.limiter.peek(bucket, now)),
            ),
            // Spoiling faults are handled in `respond`; answering normally is the safe reading.
            FaultAction::Delay(_) | FaultAction::TruncatedBody => {
                return Reply::Http {
                    response: self.answer(request, now),
                    delay: None,
                };
            }
        };
        Reply::Http {
            response: self.finish(answer, verdict, now),
            delay: None,
        }
    }
}
