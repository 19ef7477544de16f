//! Loading the component into wasmtime and calling its operations.
//!
//! Compiling the component is the slow part of a cold start, so the compiled artifact is cached
//! on disk, keyed by the component's hash and the engine's compatibility hash; every later
//! load only maps the artifact. Each call gets a fresh `Store` and instance from a shared
//! `InstancePre`, so calls never see each other's state.

use crate::convert;
use crate::egress::Egress;
use crate::hooks::{Backend, Exchange, ExchangeLog, HttpHooks};
use crate::listing;
use crate::manifest::Manifest;
use crate::output::Output;
use crate::typed;
use crate::upstream::Responder;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use wasmtime::component::{
    Component, ComponentExportIndex, Instance, InstancePre, Linker, ResourceTable, Val, types,
};
use wasmtime::{Config, Engine, ResourceLimiter, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

/// The component, built by `build.rs` and embedded so the host and CLI are self-contained.
pub static COMPONENT: &[u8] = include_bytes!(env!("OKTA_BLOCK_COMPONENT"));

/// Per-call host state: a sandbox with no files, no sockets and no stdio, and no environment
/// but the token a session may inject (`Session::token_in_environment`). The only way out is
/// `wasi:http`, through [`HttpHooks`].
pub struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    http: WasiHttpCtx,
    hooks: HttpHooks,
    memory: GuestMemory,
}

/// The guest's linear memory: capped, and its peak recorded for the session.
struct GuestMemory {
    limit: usize,
    peak: Arc<AtomicUsize>,
}

impl ResourceLimiter for GuestMemory {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.limit {
            // Growth fails; the guest's allocator reports it and the call ends in a trap.
            return Ok(false);
        }
        self.peak.fetch_max(desired, Ordering::Relaxed);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 100_000)
    }
}

/// The environment variable the block reads its token from when `apiKey` is empty (WIT
/// `connection.api-key`).
pub const TOKEN_VARIABLE: &str = "OKTA_API_TOKEN";

/// The default cap on one call's guest memory; `Session::memory_limit` changes it.
pub const DEFAULT_MEMORY_LIMIT: usize = 512 << 20;

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// Where a session's requests go, what they may reach, and the log of what they did.
#[derive(Clone)]
pub struct Session {
    backend: Backend,
    egress: Arc<Egress>,
    log: ExchangeLog,
    memory_limit: usize,
    peak_memory: Arc<AtomicUsize>,
    deadline: Duration,
    host_redaction: bool,
    /// The token put in the component's environment, if any (see `token_in_environment`).
    environment_token: Option<Arc<str>>,
    /// Who is told of each request and answer (see `observe`), and the requests so far.
    observer: Option<crate::events::Observer>,
    sent: Arc<AtomicUsize>,
    /// Whether the exchange log keeps answers' bodies (see `without_answer_bodies`).
    answer_bodies: bool,
}

/// The default bound on one call, waits for rate limits included; `Session::deadline`
/// changes it. The block's own per-request timeouts and wait budget normally end a call long
/// before; this catches what they cannot (an answer that drips just under the per-byte timeout).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(15 * 60);

impl Session {
    /// Answers every request in-process, within blocks.json's egress.
    pub fn in_process(responder: Arc<dyn Responder>) -> Self {
        Self::new(Backend::InProcess(responder), Manifest::embedded().egress())
    }

    /// Sends requests over the network, within blocks.json's egress plus `extra_hosts`.
    pub fn network(extra_hosts: &[String]) -> Self {
        let egress = extra_hosts
            .iter()
            .fold(Manifest::embedded().egress(), |e, host| e.allow(host));
        Self::new(Backend::Network, egress)
    }

    pub fn new(backend: Backend, egress: Egress) -> Self {
        Self {
            backend,
            egress: Arc::new(egress),
            log: Arc::new(Mutex::new(Vec::new())),
            memory_limit: DEFAULT_MEMORY_LIMIT,
            peak_memory: Arc::new(AtomicUsize::new(0)),
            deadline: DEFAULT_DEADLINE,
            host_redaction: true,
            environment_token: None,
            observer: None,
            sent: Arc::new(AtomicUsize::new(0)),
            answer_bodies: true,
        }
    }

    /// Hands the component its answers unredacted and returns its outputs unscrubbed, as a
    /// host that does neither would (jco, the wasmtime CLI): for tests that check that the
    /// component alone keeps the token out. The exchange log stays redacted.
    pub fn without_host_redaction(mut self) -> Self {
        self.host_redaction = false;
        self
    }

    /// Puts `token` in the component's environment as `OKTA_API_TOKEN`, as a workflow engine
    /// that injects secrets does: inputs may then leave `apiKey` empty, and the token never
    /// passes through them. The host still scrubs it from every output.
    pub fn token_in_environment(mut self, token: &str) -> Self {
        self.environment_token = Some(token.trim().into());
        self
    }

    /// Tells `observer` of each request the component sends and each answer it gets, and when
    /// an answer spends the rate limit (see [`crate::events`]): for showing a long run's
    /// progress. It is called on the request's task, so it must return quickly.
    pub fn observe(mut self, observer: crate::events::Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Keeps only each answer's status and headers in the exchange log, not its body: for hosts
    /// that do not record transcripts (a long listing's log would otherwise hold a copy of
    /// every page until the session ends).
    pub fn without_answer_bodies(mut self) -> Self {
        self.answer_bodies = false;
        self
    }

    /// Bounds each call: past it, the call ends with a `transport` error.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Allows one more host (for example a loopback emulator).
    pub fn allow_host(mut self, pattern: &str) -> Self {
        self.egress = Arc::new((*self.egress).clone().allow(pattern));
        self
    }

    /// Caps the guest's linear memory in each call; growth past it fails.
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// The largest guest linear memory any call of this session reached, in bytes.
    pub fn peak_guest_memory(&self) -> usize {
        self.peak_memory.load(Ordering::Relaxed)
    }

    /// Every request made so far, redacted, with what became of it.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().unwrap().clone()
    }

    pub fn log(&self) -> &ExchangeLog {
        &self.log
    }

    /// The session's `wasi:http` hook, for native code that should meet the same egress rules,
    /// log and upstream as the component (the benchmark's native comparator).
    pub fn hooks(&self) -> HttpHooks {
        HttpHooks {
            backend: self.backend.clone(),
            egress: self.egress.clone(),
            log: self.log.clone(),
            redact_answers: self.host_redaction,
            observer: self.observer.clone(),
            sent: self.sent.clone(),
            answer_bodies: self.answer_bodies,
        }
    }

    fn host_state(&self) -> HostState {
        let mut wasi = WasiCtx::builder();
        wasi.allow_ip_name_lookup(false)
            .socket_addr_check(|_, _| Box::pin(async { false }));
        if let Some(token) = &self.environment_token {
            wasi.env(TOKEN_VARIABLE, token);
        }
        let wasi = wasi.build();
        HostState {
            wasi,
            table: ResourceTable::new(),
            http: WasiHttpCtx::new(),
            hooks: self.hooks(),
            memory: GuestMemory {
                limit: self.memory_limit,
                peak: self.peak_memory.clone(),
            },
        }
    }
}

/// One exported operation of the component.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The blocks.json id, for example `list_users`.
    pub id: String,
    /// The exporting interface, for example `okta-block:okta/users@0.3.0`.
    pub interface: String,
    /// The WIT function name, for example `list-users`.
    pub function: String,
    index: ComponentExportIndex,
}

/// The loaded component, ready to instantiate.
pub struct Block {
    engine: Engine,
    component: Component,
    pre: InstancePre<HostState>,
    operations: BTreeMap<String, Operation>,
}

impl Block {
    /// The embedded component, loaded once per process.
    pub fn shared() -> &'static Block {
        static BLOCK: OnceLock<Block> = OnceLock::new();
        BLOCK.get_or_init(|| Block::load(COMPONENT).expect("the embedded component must load"))
    }

    /// Loads a component from its bytes, through the compiled-artifact cache.
    pub fn load(bytes: &[u8]) -> Result<Self> {
        Self::load_with(bytes, &Config::new())
    }

    /// Loads with wasmtime's pooling allocator, sized for `max_runs` runs at once, each with up
    /// to `memory_limit` bytes of guest memory: what a host holding thousands of runs in flight
    /// needs. The on-demand default maps each run's memory and stacks on their own (about seven
    /// mappings a run), and Linux's limit on mappings per process (`vm.max_map_count`, 65,530
    /// by default) ends it near 9,000 runs in flight (BENCHMARKS.md, "Many runs at once").
    pub fn load_pooled(bytes: &[u8], max_runs: u32, memory_limit: usize) -> Result<Self> {
        let slots = max_runs.saturating_add(16);
        let mut pool = wasmtime::PoolingAllocationConfig::default();
        // Per run: the component's core instances (its module and wit-component's shims),
        // their memories and tables, and one fiber stack for the async call.
        pool.total_component_instances(slots)
            .total_core_instances(slots.saturating_mul(8))
            .total_memories(slots.saturating_mul(2))
            .total_tables(slots.saturating_mul(4))
            .total_stacks(slots)
            .max_memory_size(memory_limit);
        let mut config = Config::new();
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
        Self::load_with(bytes, &config)
    }

    /// Loads with a custom engine configuration (for example the pooling allocator).
    pub fn load_with(bytes: &[u8], config: &Config) -> Result<Self> {
        let engine = Engine::new(config)?;
        let component = load_cached(&engine, bytes)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        let pre = linker.instantiate_pre(&component)?;
        let operations = exported_operations(&engine, &component)?;
        Ok(Self {
            engine,
            component,
            pre,
            operations,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn component(&self) -> &Component {
        &self.component
    }

    /// Every exported operation, by blocks.json id.
    pub fn operations(&self) -> &BTreeMap<String, Operation> {
        &self.operations
    }

    /// A fresh store and instance for one call.
    pub async fn instantiate(&self, session: &Session) -> Result<(Store<HostState>, Instance)> {
        let mut store = Store::new(&self.engine, session.host_state());
        store.limiter(|state| &mut state.memory);
        // What the guest may hand the host in one call (its output) is bounded by its memory,
        // which the limiter caps: let wasmtime's per-call copy budget match that cap.
        store.set_hostcall_fuel(session.memory_limit.max(store.hostcall_fuel()));
        let instance = self.pre.instantiate_async(&mut store).await?;
        Ok((store, instance))
    }

    /// Runs one operation with a JSON input and returns its JSON output envelope: the output
    /// with `success: true`, or `{"success": false, "error": {...}}`. `Err` means the host
    /// itself failed (an unknown operation, or a trap), never an Okta error.
    pub async fn call(&self, session: &Session, operation: &str, input: &Value) -> Result<Value> {
        Ok(self.run(session, operation, input).await?.into_json()?)
    }

    /// Like [`Block::call`], with the output still to be written: a listing's items are made
    /// into JSON one at a time as [`Output::write_json`] writes them, so a long listing is never
    /// one JSON tree in memory (the CLI prints its output this way).
    pub async fn run(&self, session: &Session, operation: &str, input: &Value) -> Result<Output> {
        let mut live = self.live(session).await?;
        let returned = live.call_returning(operation, input).await?;
        let scrub = live.scrubbing(input);
        // The instance, and the guest's memory with it, goes before its output is converted.
        drop(live);
        Ok(finish(returned, scrub))
    }

    /// An instance kept for several calls, for hosts that run many steps of one session: it
    /// saves instantiation on each call. The component keeps no state between calls.
    pub async fn live(&self, session: &Session) -> Result<LiveInstance<'_>> {
        let (store, instance) = self.instantiate(session).await?;
        Ok(LiveInstance {
            block: self,
            store,
            instance,
            typed: None,
            deadline: session.deadline,
            host_redaction: session.host_redaction,
            environment_token: session.environment_token.clone(),
            expired: false,
            typed_listings: true,
        })
    }
}

/// A component instance with its store, ready for calls.
pub struct LiveInstance<'a> {
    block: &'a Block,
    store: Store<HostState>,
    instance: Instance,
    /// The typed exports, looked up on first use.
    typed: Option<typed::Block>,
    /// The session's bound on each call.
    deadline: Duration,
    /// Whether the host scrubs outputs of the token (see `Session::without_host_redaction`).
    host_redaction: bool,
    /// The token in the component's environment, scrubbed from outputs like the input's.
    environment_token: Option<Arc<str>>,
    /// A call was stopped at its deadline, leaving the store mid-call.
    expired: bool,
    /// Whether listings are lifted into typed records (always, but in the test that compares
    /// the two paths).
    typed_listings: bool,
}

impl LiveInstance<'_> {
    /// The typed exports and the store to call them with, for hosts that call operations from
    /// Rust rather than with JSON:
    /// `let (block, store) = live.typed()?; block.okta_block_okta_users().call_get_user(store, &input).await?`.
    pub fn typed(&mut self) -> Result<(&typed::Block, &mut Store<HostState>)> {
        if self.typed.is_none() {
            self.typed = Some(typed::Block::new(&mut self.store, &self.instance)?);
        }
        let block = self.typed.as_ref().expect("set just above");
        Ok((block, &mut self.store))
    }

    /// Like [`Block::call`], on this instance.
    pub async fn call(&mut self, operation: &str, input: &Value) -> Result<Value> {
        let returned = self.call_returning(operation, input).await?;
        Ok(finish(returned, self.scrubbing(input)).into_json()?)
    }

    /// The secrets to scrub from this call's output: the input's token and the environment's
    /// (none when the session does without the host's scrubbing).
    fn scrubbing(&self, input: &Value) -> Vec<String> {
        if !self.host_redaction {
            return Vec::new();
        }
        let given = input.get("apiKey").and_then(Value::as_str).map(str::trim);
        given
            .into_iter()
            .chain(self.environment_token.as_deref())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Calls the operation: its returned value, or an envelope the host made instead (an input
    /// the types refuse, a call past its deadline).
    async fn call_returning(&mut self, operation: &str, input: &Value) -> Result<Returned> {
        let op = self
            .block
            .operations
            .get(operation)
            .ok_or_else(|| anyhow!("unknown operation `{operation}`"))?;
        let func = self
            .instance
            .get_func(&mut self.store, op.index)
            .with_context(|| format!("export {} is not a function", op.function))?;
        let param_type = func.ty(&self.store).params().next().map(|(_, ty)| ty);
        let Some(param_type) = param_type else {
            bail!("{} takes no input", op.function)
        };
        let param = match convert::input_record(&param_type, input) {
            Ok(param) => param,
            Err(error) => return Ok(Returned::Made(error.envelope())),
        };
        if self.expired {
            bail!("this instance was stopped at its deadline; start a new one");
        }
        let deadline = self.deadline;
        let trapped = || format!("the component trapped in {}", op.function);
        // A listing is lifted into the typed records (listing.rs); the rest as `Val`s.
        if let Some(caller) = listing::caller(&op.id).filter(|_| self.typed_listings) {
            let Some(result) = func.ty(&self.store).results().next() else {
                bail!("{} returns nothing", op.function)
            };
            let call = caller(listing::Call {
                store: &mut self.store,
                instance: &self.instance,
                index: op.index,
                input: param,
                result,
            });
            let Ok(called) = tokio::time::timeout(deadline, call).await else {
                self.expired = true;
                return Ok(Returned::Made(past_deadline(deadline)));
            };
            return Ok(match called.with_context(trapped)? {
                listing::Listed::Output(listing) => Returned::Listed(listing),
                listing::Listed::Error(envelope) => Returned::Made(envelope),
            });
        }
        let mut results = [Val::Bool(false)];
        let params = [param];
        let call = func.call_async(&mut self.store, &params, &mut results);
        let Ok(called) = tokio::time::timeout(deadline, call).await else {
            // The call was dropped mid-way; the store is not used again.
            self.expired = true;
            return Ok(Returned::Made(past_deadline(deadline)));
        };
        called.map_err(anyhow::Error::from).with_context(trapped)?;
        let [result] = results;
        Ok(Returned::Value(result))
    }
}

/// The envelope of a call stopped at its deadline.
fn past_deadline(deadline: Duration) -> Value {
    let message = format!(
        "the call did not finish within its deadline of {} s",
        deadline.as_secs()
    );
    serde_json::json!({
        "success": false,
        "error": { "kind": "transport", "message": message },
    })
}

/// What a call left: the component's result, a listing lifted into typed records, or an
/// envelope the host made in its place.
enum Returned {
    Value(Val),
    Listed(listing::Listing),
    Made(Value),
}

/// The output of a call, with `secrets` scrubbed from it.
fn finish(returned: Returned, secrets: Vec<String>) -> Output {
    // The component already keeps the token out of what it returns; the host checks again,
    // so that no field can carry it out whatever the component does.
    match returned {
        Returned::Value(result) => Output::whole(convert::envelope(result), secrets),
        Returned::Listed(listing) => Output::listing(listing, secrets),
        Returned::Made(envelope) => Output::whole(envelope, secrets),
    }
}

/// Where compiled artifacts live: `$OKTA_BLOCK_CACHE_DIR`, else the user's cache directory.
fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("OKTA_BLOCK_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("okta-block")
}

fn load_cached(engine: &Engine, bytes: &[u8]) -> Result<Component> {
    let mut compat = std::hash::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut compat);
    let digest = Sha256::digest(bytes);
    let key = format!("{:x}-{:016x}", digest, compat.finish());
    let path = cache_dir().join(format!("okta_block-{key}.cwasm"));
    if path.exists() {
        // SAFETY: the file was written by `precompile_component` of an engine with the same
        // compatibility hash, for exactly these component bytes (both are in its name).
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(component);
        }
    }
    let compiled = engine.precompile_component(bytes)?;
    // A cache that cannot be written only costs speed, never correctness.
    if std::fs::create_dir_all(cache_dir()).is_ok() {
        let temp = path.with_extension(format!("{}.tmp", std::process::id()));
        if std::fs::write(&temp, &compiled).is_ok() {
            let _ = std::fs::rename(&temp, &path);
        }
    }
    // SAFETY: `compiled` was produced just now by this engine.
    Ok(unsafe { Component::deserialize(engine, &compiled) }?)
}

fn exported_operations(
    engine: &Engine,
    component: &Component,
) -> Result<BTreeMap<String, Operation>> {
    let mut operations = BTreeMap::new();
    for (interface, item) in component.component_type().exports(engine) {
        let types::ComponentItem::ComponentInstance(instance) = item.ty else {
            continue;
        };
        let interface_index = component
            .get_export_index(None, interface)
            .with_context(|| format!("no export index for {interface}"))?;
        for (function, item) in instance.exports(engine) {
            if !matches!(item.ty, types::ComponentItem::ComponentFunc(_)) {
                continue;
            }
            let index = component
                .get_export_index(Some(&interface_index), function)
                .with_context(|| format!("no export index for {function}"))?;
            let id = function.replace('-', "_");
            operations.insert(
                id.clone(),
                Operation {
                    id,
                    interface: interface.to_string(),
                    function: function.to_string(),
                    index,
                },
            );
        }
    }
    Ok(operations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::{DEMO_DOMAIN, DEMO_TOKEN, Emulator};
    use serde_json::json;

    /// A call of `operation` through the typed listing path and through `Val`s.
    async fn both_ways(session: &Session, operation: &str, input: Value) -> (Value, Value) {
        let block = Block::shared();
        let mut input = input;
        input["domain"] = json!(DEMO_DOMAIN);
        input["apiKey"] = json!(DEMO_TOKEN);
        let typed = block.call(session, operation, &input).await.unwrap();
        let mut live = block.live(session).await.unwrap();
        live.typed_listings = false;
        let mut vals = live.call(operation, &input).await.unwrap();
        // Each answer has its own request id; the rest must agree.
        let mut typed = typed;
        for output in [&mut typed, &mut vals] {
            if output["error"].get("requestId").is_some() {
                output["error"]["requestId"] = json!("(each its own)");
            }
        }
        (typed, vals)
    }

    /// Every listing in listing.rs's table, its outputs and its errors, gives the same JSON
    /// through the typed records as through `Val`s, to the byte.
    #[tokio::test]
    async fn typed_listings_give_the_json_of_vals() {
        let org = Arc::new(Emulator::demo());
        let session = Session::in_process(org);
        let first =
            |output: &Value, list: &str| output[list][0]["id"].as_str().unwrap().to_string();
        let (users, _) = both_ways(&session, "list_users", json!({})).await;
        let (groups, _) = both_ways(&session, "list_groups", json!({})).await;
        let (apps, _) = both_ways(&session, "list_apps", json!({})).await;
        let (user, group, app) = (
            first(&users, "users"),
            first(&groups, "groups"),
            first(&apps, "apps"),
        );
        let calls = [
            ("list_users", json!({ "returnAll": true })),
            ("list_users", json!({ "limit": 3 })),
            ("list_users", json!({ "limit": 500 })),
            ("list_users", json!({ "filter": "status eq \"NOPE" })),
            ("list_user_groups", json!({ "userId": user })),
            ("list_user_groups", json!({ "userId": "00unope" })),
            ("list_groups", json!({ "q": "Eng" })),
            ("list_group_members", json!({ "groupId": group })),
            ("list_group_members", json!({ "groupId": "00gnope" })),
            ("list_apps", json!({})),
            ("list_app_users", json!({ "appId": app })),
            ("list_app_groups", json!({ "appId": app })),
            ("list_group_rules", json!({})),
            ("get_logs", json!({})),
        ];
        let mut covered = std::collections::BTreeSet::new();
        for (operation, input) in calls {
            let (typed, vals) = both_ways(&session, operation, input.clone()).await;
            assert_eq!(
                serde_json::to_string(&typed).unwrap(),
                serde_json::to_string(&vals).unwrap(),
                "{operation} {input}"
            );
            covered.insert((operation, typed["success"] == true));
        }
        // Written item by item, the listing is the same JSON as made whole.
        let input = json!({ "returnAll": true, "domain": DEMO_DOMAIN, "apiKey": DEMO_TOKEN });
        let output = Block::shared()
            .run(&session, "list_users", &input)
            .await
            .unwrap();
        let mut written = Vec::new();
        output.write_json(&mut written, true).unwrap();
        let whole = Block::shared()
            .call(&session, "list_users", &input)
            .await
            .unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
        for (id, _) in listing::TABLE {
            assert!(covered.contains(&(*id, true)), "{id} is not compared");
        }
        assert!(covered.contains(&("list_users", false)));

        // A rate-limited error: a record nested in the case's payload, flattened.
        let org = Arc::new(
            Emulator::builder()
                .demo()
                .rate_limit_per_minute(1)
                .build()
                .unwrap(),
        );
        let session = Session::in_process(org);
        let input = json!({ "maxRetries": 0 });
        let (spent, _) = both_ways(&session, "list_groups", input.clone()).await;
        assert_eq!(
            spent["success"], true,
            "the first call spends the budget: {spent}"
        );
        let (typed, vals) = both_ways(&session, "list_groups", input).await;
        assert_eq!(typed["error"]["kind"], "rateLimited", "{typed}");
        assert_eq!(typed["error"]["errorCode"], "E0000047", "{typed}");
        assert_eq!(typed, vals);
    }

    /// Every paged listing (an output record with `next-cursor`) is in listing.rs's table, so
    /// none is lifted as `Val`s (CONTRIBUTING, "Adding an operation").
    #[tokio::test]
    async fn every_paged_listing_is_lifted_typed() {
        let block = Block::shared();
        let session = Session::in_process(Arc::new(Emulator::demo()));
        let mut live = block.live(&session).await.unwrap();
        let mut paged = Vec::new();
        for op in block.operations().values() {
            let func = live.instance.get_func(&mut live.store, op.index).unwrap();
            let result = func.ty(&live.store).results().next().unwrap();
            let types::Type::Result(result) = result else {
                panic!("{} returns no result", op.id)
            };
            if let Some(types::Type::Record(output)) = result.ok()
                && output.fields().any(|f| f.name == "next-cursor")
            {
                assert!(
                    listing::caller(&op.id).is_some(),
                    "{} is not in listing.rs",
                    op.id
                );
                paged.push(op.id.clone());
            }
        }
        assert_eq!(paged.len(), listing::TABLE.len(), "{paged:?}");
    }
}
