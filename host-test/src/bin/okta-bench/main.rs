//! `okta-bench`: what the block costs, measured side by side in one run.
//!
//! Run it optimised: `cargo run --release -p okta-block-host --bin okta-bench`. Every figure is
//! a median over repeated runs, and every comparison a ratio of two figures taken in the same
//! run. Bulk listing runs in a child process per size, so each peak RSS is its own.
//!
//! Modes: `all` (the default) prints the table and writes `target/bench/results.json`;
//! `bulk N` lists N users once and prints JSON (used by `all`); `sockets ORIGIN N RUNS` lists N
//! users from a running `okta-block serve` through the component over loopback (used by the
//! Python peer comparison in `bench/peer.sh`); `percall [N]` runs only the per-call loop, for
//! a profiler.

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use native::{native_get_user, native_get_user_json, send_get_user};
use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
use okta_block_host::exchange::{Reply, RequestRecord};
use okta_block_host::runtime::{COMPONENT, LiveInstance};
use okta_block_host::typed::users;
use okta_block_host::upstream::Responder;
use okta_block_host::{Block, Session};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wasmtime::component::Component;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

mod face;
mod inflight;
mod native;

const DOMAIN: &str = "acme.okta.com";

/// The modes; `all` when none is given.
#[derive(Parser)]
#[command(
    name = "okta-bench",
    about = "What the block costs, measured side by side in one run"
)]
struct Args {
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(Subcommand)]
enum Mode {
    /// Every measurement: prints the table and writes target/bench/results.json.
    All,
    /// Lists N users once from an in-process org and prints JSON (used by `all`).
    Bulk { users: usize },
    /// Lists N users from a running `okta-block serve` at ORIGIN through the component, RUNS
    /// times (used by bench/peer.sh).
    Sockets {
        origin: String,
        users: u32,
        runs: usize,
    },
    /// Only the per-call loop, N calls, for a profiler.
    Percall {
        #[arg(default_value_t = 20_000)]
        calls: usize,
    },
    /// Lists N users once from a running `okta-block serve` at ORIGIN (another process, so the
    /// peak RSS here is the host's alone) and prints JSON: the host's peak against the output.
    BulkSockets { origin: String, users: usize },
    /// The same listing with the host paging the block itself: one-page calls with `after` on
    /// one live instance, each page's users written as they come (an alternative host design,
    /// measured for comparison; the CLI asks the block for `returnAll`).
    BulkSocketsPaged { origin: String, users: usize },
    /// A native hyper server doing what the HTTP face does for `POST /v1/list_groups`, on
    /// 127.0.0.1:PORT (hosts/http-face/load.sh puts it under load beside the face).
    FaceNative { port: u16 },
    /// Many runs at once (issue 18): every size, runner and phase, each in a child process;
    /// writes target/bench/inflight.json.
    Inflight {
        #[arg(default_values_t = vec![1, 10, 100, 1_000, 10_000])]
        sizes: Vec<usize>,
    },
    /// One in-flight measurement: OPERATION (get_user or list_users), N runs at once, RUNNER
    /// (component-on-demand, component-pooling, native), PHASE (speed, memory, or idle: instances
    /// held without a call).
    InflightOne {
        operation: String,
        n: usize,
        runner: String,
        phase: String,
    },
}

fn main() -> Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match args.mode.unwrap_or(Mode::All) {
        Mode::All => runtime.block_on(all()),
        Mode::Bulk { users } => {
            let result = runtime.block_on(bulk(users))?;
            println!("{result}");
            Ok(())
        }
        Mode::Sockets {
            origin,
            users,
            runs,
        } => {
            let [ours, typed, native] = runtime.block_on(over_sockets(&origin, users, runs))?;
            println!(
                "{}",
                json!({ "users": users, "runs": runs, "median_ms": ms(ours),
                        "typed_median_ms": ms(typed), "native_median_ms": ms(native),
                        "over_native": ours.as_secs_f64() / native.as_secs_f64(),
                        "typed_over_native": typed.as_secs_f64() / native.as_secs_f64() })
            );
            Ok(())
        }
        Mode::Percall { calls } => runtime.block_on(percall(calls)),
        Mode::Inflight { sizes } => inflight::all(&sizes),
        Mode::FaceNative { port } => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
            .block_on(face::serve(port)),
        Mode::BulkSocketsPaged { origin, users } => {
            println!("{}", runtime.block_on(paged_over_sockets(&origin, users))?);
            Ok(())
        }
        Mode::BulkSockets { origin, users } => {
            println!("{}", runtime.block_on(bulk_over_sockets(&origin, users))?);
            Ok(())
        }
        Mode::InflightOne {
            operation,
            n,
            runner,
            phase,
        } => {
            let hold = (phase == "memory").then(|| inflight::hold_for(n));
            // Two workers, as the machine has two cores: an engine's host runs its runs on all.
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            let runner = inflight::Runner::parse(&runner)?;
            runtime.block_on(inflight::one(&operation, n, runner, hold, phase == "idle"))
        }
    }
}

/// The median of `runs` timings of `f`.
fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The process's peak resident memory (VmHWM), in bytes.
pub(crate) fn peak_rss() -> usize {
    memory_status("VmHWM:")
}

/// One memory line of /proc/self/status (`VmHWM:`, `VmRSS:`), in bytes.
pub(crate) fn memory_status(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The same answer to every request: what a stub org says for one user.
struct OneUser(Reply);

impl Responder for OneUser {
    fn respond(&self, _: &RequestRecord) -> Reply {
        self.0.clone()
    }
}

fn one_user_reply() -> Reply {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/recordings/test_create_get_user.json"
    );
    let body = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|t| t["interactions"][1]["response"]["body"].as_str().map(str::to_string))
        .unwrap_or_else(|| {
            json!({ "id": "00u1", "status": "ACTIVE", "created": null, "profile": { "login": "a@example.com" } })
                .to_string()
        });
    Reply::json(200, &serde_json::from_str(&body).unwrap_or_default())
}

/// A 404 with no headers and no body: an answer neither side has anything to decode in.
fn bodiless_not_found() -> Reply {
    Reply::http(404, Vec::new(), None)
}

async fn all() -> Result<()> {
    let mut results = Map::new();
    println!("okta-bench: medians over repeated runs; ratios are of figures taken in this run\n");

    // Size.
    results.insert("component_bytes".into(), json!(COMPONENT.len()));
    println!(
        "component size: {} bytes ({:.1} KiB)",
        COMPONENT.len(),
        COMPONENT.len() as f64 / 1024.0
    );

    // Cold start: compile, precompiled load, instantiation.
    let engine = Engine::new(&Config::new())?;
    let compile = median(
        (0..3)
            .map(|_| time(|| Component::new(&engine, COMPONENT).map(drop)).0)
            .collect(),
    );
    let artifact = engine.precompile_component(COMPONENT)?;
    let file = std::env::temp_dir().join(format!("okta-bench-{}.cwasm", std::process::id()));
    std::fs::write(&file, &artifact)?;
    // SAFETY: produced just above by the same engine.
    let deserialize = median(
        (0..50)
            .map(|_| time(|| unsafe { Component::deserialize(&engine, &artifact) }.map(drop)).0)
            .collect(),
    );
    let deserialize_file = median(
        (0..50)
            .map(|_| time(|| unsafe { Component::deserialize_file(&engine, &file) }.map(drop)).0)
            .collect(),
    );
    let _ = std::fs::remove_file(&file);
    println!(
        "Component::new {:.1} ms; deserialize {:.3} ms; deserialize_file {:.3} ms; new/deserialize_file = {:.0}x",
        ms(compile),
        ms(deserialize),
        ms(deserialize_file),
        compile.as_secs_f64() / deserialize_file.as_secs_f64()
    );
    results.insert(
        "cold_start".into(),
        json!({ "component_new_ms": ms(compile), "deserialize_ms": ms(deserialize),
                "deserialize_file_ms": ms(deserialize_file), "precompiled_bytes": artifact.len() }),
    );

    let on_demand = Block::shared();
    let mut pooling_config = Config::new();
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(16)
        .total_core_instances(64)
        .total_memories(32)
        .total_tables(64);
    pool.max_memory_size(1 << 30);
    pooling_config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    let pooled = Block::load_with(COMPONENT, &pooling_config)?;
    let session = Session::in_process(Arc::new(OneUser(one_user_reply())));
    let mut instantiate = Vec::new();
    let mut instantiate_pooled = Vec::new();
    for _ in 0..2000 {
        let start = Instant::now();
        drop(on_demand.instantiate(&session).await?);
        instantiate.push(start.elapsed());
        let start = Instant::now();
        drop(pooled.instantiate(&session).await?);
        instantiate_pooled.push(start.elapsed());
    }
    let (instantiate, instantiate_pooled) = (median(instantiate), median(instantiate_pooled));
    println!(
        "instantiate (InstancePre): {:.1} µs on demand, {:.1} µs pooled; on-demand/pooled = {:.2}x",
        us(instantiate),
        us(instantiate_pooled),
        instantiate.as_secs_f64() / instantiate_pooled.as_secs_f64()
    );
    results.insert(
        "instantiate_us".into(),
        json!({ "on_demand": us(instantiate), "pooling": us(instantiate_pooled) }),
    );

    // Per call: get_user through the component vs the same work natively, on the same stub.
    let per_call = per_call(on_demand, &pooled, &session).await?;
    results.insert("per_call_us".into(), per_call);

    // Bulk listing, each size in its own process so the RSS peak is its own.
    let mut bulk_results = Vec::new();
    for users in [1_000usize, 10_000, 100_000] {
        let output = std::process::Command::new(std::env::current_exe()?)
            .args(["bulk", &users.to_string()])
            .output()?;
        if !output.status.success() {
            bail!(
                "bulk {users} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let result: Value = serde_json::from_slice(&output.stdout)?;
        println!(
            "list {users} users (returnAll): {} requests, {:.0} ms, guest peak {:.1} MiB = {:.2}x the output JSON ({:.1} MiB), host peak RSS {:.1} MiB",
            result["requests"],
            result["median_ms"].as_f64().unwrap_or_default(),
            result["guest_peak_bytes"].as_f64().unwrap_or_default() / 1048576.0,
            result["guest_peak_over_output"]
                .as_f64()
                .unwrap_or_default(),
            result["output_bytes"].as_f64().unwrap_or_default() / 1048576.0,
            result["host_peak_rss_bytes"].as_f64().unwrap_or_default() / 1048576.0,
        );
        bulk_results.push(result);
    }
    results.insert("bulk".into(), Value::Array(bulk_results));

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench");
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        format!("{dir}/results.json"),
        serde_json::to_string_pretty(&Value::Object(results))?,
    )?;
    println!("\nwrote target/bench/results.json");
    Ok(())
}

/// Only the per-call loop on a live instance, `calls` times, for a profiler: typed calls, or
/// the JSON face with `OKTA_BENCH_JSON=1`; against the recorded user, or a bodiless 404 with
/// `OKTA_BENCH_NOT_FOUND=1`. With `OKTA_BENCH_PERFMAP=1` the engine writes
/// `/tmp/perf-PID.map`, so `perf report` names the compiled guest code.
async fn percall(calls: usize) -> Result<()> {
    let mut config = Config::new();
    if std::env::var_os("OKTA_BENCH_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    // Another build of the component (one that keeps its names, say) with OKTA_BENCH_COMPONENT.
    let bytes = match std::env::var_os("OKTA_BENCH_COMPONENT") {
        Some(path) => std::fs::read(path)?,
        None => COMPONENT.to_vec(),
    };
    let block = Block::load_with(&bytes, &config)?;
    // With OKTA_BENCH_NOT_FOUND=1 every answer is a 404 with no body: the request alone.
    let reply = match std::env::var_os("OKTA_BENCH_NOT_FOUND") {
        Some(_) => bodiless_not_found(),
        None => one_user_reply(),
    };
    let session = Session::in_process(Arc::new(OneUser(reply)));
    let (input, typed_input) = get_user_inputs();
    let typed = std::env::var_os("OKTA_BENCH_JSON").is_none();
    let mut live = block.live(&session).await?;
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        session.log().lock().unwrap().clear();
        let start = Instant::now();
        if typed {
            std::hint::black_box(typed_get_user(&mut live, &typed_input).await?).ok();
        } else {
            live.call("get_user", &input).await?;
        }
        samples.push(start.elapsed());
    }
    let face = if typed { "typed" } else { "JSON" };
    println!(
        "get_user on a live instance ({face}): {:.1} µs median over {calls}",
        us(median(samples))
    );
    Ok(())
}

/// Lists `users` users with returnAll from an in-process emulated org.
async fn bulk(users: usize) -> Result<Value> {
    let org = Arc::new(Emulator::builder().users(users).token(DEMO_TOKEN).build()?);
    let block = Block::shared();
    // A search lists deactivated users too, so all `users` of the seed come back.
    let input = json!({ "domain": DOMAIN, "apiKey": DEMO_TOKEN, "returnAll": true, "maxResults": users,
                        "search": "profile.login pr" });
    let runs = if users > 20_000 { 1 } else { 5 };
    let mut samples = Vec::new();
    let mut last = (Value::Null, 0, 0);
    for _ in 0..runs {
        let session = Session::in_process(org.clone()).memory_limit(4 << 30);
        let before = org.requests_served();
        let start = Instant::now();
        let output = block.call(&session, "list_users", &input).await?;
        samples.push(start.elapsed());
        if output["count"] != users as u64 {
            bail!("listed {} of {users}: {}", output["count"], output["error"]);
        }
        last = (
            output,
            org.requests_served() - before,
            session.peak_guest_memory(),
        );
    }
    let (output, requests, guest_peak) = last;
    let output_bytes = serde_json::to_vec(&output)?.len();
    Ok(json!({
        "users": users,
        "runs": runs,
        "requests": requests,
        "median_ms": ms(median(samples)),
        "output_bytes": output_bytes,
        "guest_peak_bytes": guest_peak,
        "guest_peak_over_output": guest_peak as f64 / output_bytes as f64,
        "host_peak_rss_bytes": peak_rss(),
    }))
}

/// One listing of `users` users from the org at `origin` through the JSON face, as the CLI
/// makes it: the host's peak RSS (the org is another process) against the output's size.
async fn bulk_over_sockets(origin: &str, users: usize) -> Result<Value> {
    let block = Block::shared();
    let baseline = peak_rss();
    let authority = origin.trim_start_matches("http://").to_string();
    // As the CLI runs it without --record: the log keeps no answer bodies.
    let session = Session::network(&[authority])
        .memory_limit(4 << 30)
        .without_answer_bodies();
    let input = json!({ "domain": origin, "apiKey": DEMO_TOKEN, "returnAll": true, "maxResults": users,
                        "search": "profile.login pr" });
    let start = Instant::now();
    // As the CLI does: the output written as it is made (here as compact JSON, counted).
    let output = block.run(&session, "list_users", &input).await?;
    if !output.succeeded() {
        bail!("the listing failed: {:?}", output.error_message());
    }
    let mut written = Counted::default();
    output.write_json(&mut written, false)?;
    let elapsed = start.elapsed();
    // The envelope's end, after the list: `],"count":N,...,"success":true}`.
    let tail = String::from_utf8_lossy(&written.tail);
    let listed = tail
        .rfind(",\"count\":")
        .and_then(|at| serde_json::from_str::<Value>(&format!("{{{}", &tail[at + 1..])).ok())
        .and_then(|tail| tail["count"].as_u64());
    if listed != Some(users as u64) {
        bail!("listed {listed:?} of {users}");
    }
    let output_bytes = written.bytes;
    let peak = peak_rss();
    Ok(json!({
        "users": users, "ms": ms(elapsed), "output_bytes": output_bytes,
        "host_baseline_rss_bytes": baseline, "host_peak_rss_bytes": peak,
        "host_peak_over_output": peak as f64 / output_bytes as f64,
        "guest_peak_bytes": session.peak_guest_memory(),
        "exchanges": session.exchanges().len(),
    }))
}

/// `bulk_over_sockets` with the host paging: the block is asked for one page of 200 at a time,
/// on one live instance, following `nextCursor`; the host writes each page's users as they come
/// and the envelope `returnAll` would give around them.
async fn paged_over_sockets(origin: &str, users: usize) -> Result<Value> {
    use std::io::Write;
    let block = Block::shared();
    let baseline = peak_rss();
    let authority = origin.trim_start_matches("http://").to_string();
    let session = Session::network(&[authority]).without_answer_bodies();
    let mut live = block.live(&session).await?;
    let start = Instant::now();
    let mut written = Counted::default();
    write!(written, "{{\"users\":[")?;
    let (mut count, mut after, mut pages) = (0, None::<String>, 0);
    loop {
        let mut input = json!({ "domain": origin, "apiKey": DEMO_TOKEN, "limit": 200,
                                "search": "profile.login pr" });
        if let Some(after) = &after {
            input["after"] = json!(after);
        }
        let page = live.call("list_users", &input).await?;
        if page["success"] != true {
            bail!("page {pages} failed: {}", page["error"]);
        }
        pages += 1;
        for user in page["users"].as_array().into_iter().flatten() {
            if count > 0 {
                written.write_all(b",")?;
            }
            serde_json::to_writer(&mut written, user)?;
            count += 1;
        }
        after = page["nextCursor"].as_str().map(str::to_string);
        if after.is_none() || count >= users {
            break;
        }
    }
    let tail =
        json!({ "count": count, "nextCursor": after, "hasMore": after.is_some(), "success": true });
    write!(written, "],{}", &tail.to_string()[1..])?;
    let elapsed = start.elapsed();
    if count != users {
        bail!("listed {count} of {users}");
    }
    let peak = peak_rss();
    Ok(json!({
        "users": users, "pages": pages, "ms": ms(elapsed), "output_bytes": written.bytes,
        "host_baseline_rss_bytes": baseline, "host_peak_rss_bytes": peak,
        "host_peak_over_output": peak as f64 / written.bytes as f64,
        "guest_peak_bytes": session.peak_guest_memory(),
    }))
}

/// A writer that counts what it is given and keeps the last bytes (the envelope's tail:
/// `{"count":...}` follows the list).
#[derive(Default)]
struct Counted {
    bytes: usize,
    tail: Vec<u8>,
}

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len();
        self.tail.extend_from_slice(buf);
        let keep = self.tail.len().saturating_sub(256);
        self.tail.drain(..keep);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Lists `users` users from a server on loopback `runs` times each way, alternating, so all
/// meet the same machine state: through the component's JSON face (`Block::call`: JSON in, a
/// `Val` tree and JSON out), through its typed exports on a fresh instance (as an engine that
/// calls the WIT functions from Rust does), and with a native Rust client (the physical limit).
/// Returns the three medians in that order.
async fn over_sockets(origin: &str, users: u32, runs: usize) -> Result<[Duration; 3]> {
    let authority = origin.split("://").nth(1).unwrap_or(origin);
    let session = Session::network(&[authority.to_string()]);
    let input = json!({ "domain": origin, "apiKey": DEMO_TOKEN, "returnAll": true, "maxResults": users,
                        "search": "profile.login pr" });
    let typed_input = users::ListUsersInput {
        connection: users::Connection {
            domain: origin.into(),
            api_key: DEMO_TOKEN.into(),
            max_retries: None,
            timeout_seconds: None,
            auth_scheme: None,
        },
        search: Some("profile.login pr".into()),
        filter: None,
        limit: None,
        after: None,
        return_all: Some(true),
        max_results: Some(users),
        q: None,
    };
    let (mut ours, mut typed, mut native) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let output = Block::shared().call(&session, "list_users", &input).await?;
        ours.push(start.elapsed());
        if output["count"] != users {
            bail!("listed {} of {users}: {}", output["count"], output["error"]);
        }
        let start = Instant::now();
        let mut live = Block::shared().live(&session).await?;
        let (exports, store) = live.typed()?;
        let listed = exports
            .okta_block_okta_users()
            .call_list_users(store, &typed_input)
            .await?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        typed.push(start.elapsed());
        if listed.count != users {
            bail!("the typed call listed {} of {users}", listed.count);
        }
        let start = Instant::now();
        let listed = native::list_users_over_sockets(origin, DEMO_TOKEN).await?;
        native.push(start.elapsed());
        if listed != users as usize {
            bail!("the native client listed {listed} of {users}");
        }
    }
    Ok([median(ours), median(typed), median(native)])
}

/// get_user per call, interleaved so that every way meets the same machine state:
///
/// - typed: the component on a live instance through `bindgen!` types, against the same work
///   natively, through the same `wasi:http` hook and stub (the headline ratio);
/// - the bare call: an input the component refuses before any request;
/// - JSON face: JSON in and out through `Block::call` (fresh instance), the pooling allocator,
///   and a live instance, against native code doing the same JSON in and out.
async fn per_call(on_demand: &Block, pooled: &Block, session: &Session) -> Result<Value> {
    let (input, typed_input) = get_user_inputs();
    let mut hooks = session.hooks();
    let mut live = on_demand.live(session).await?;
    let mut typed_live = on_demand.live(session).await?;

    // Both sides must give the same answer before either is timed.
    let from_component = typed_get_user(&mut typed_live, &typed_input)
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let from_native = native_get_user(&mut hooks, &typed_input).await?;
    if format!("{from_component:?}") != format!("{from_native:?}") {
        bail!(
            "the native comparator disagrees with the component:\n{from_component:?}\n{from_native:?}"
        );
    }
    let (output, native) = (
        live.call("get_user", &input).await?,
        native_get_user_json(&mut hooks, &input).await?,
    );
    if output != native {
        bail!("the native JSON comparator disagrees with the component:\n{output}\n{native}");
    }

    // The call boundary alone: an input the component refuses before any request.
    let refused_input = users::GetUserInput {
        user_id: String::new(),
        ..typed_input.clone()
    };

    // The request alone: a 404 with no body, which both sides only send and read. What the
    // component spends beyond native code here is paid by every call, whatever it decodes.
    let bare = Session::in_process(Arc::new(OneUser(bodiless_not_found())));
    let mut bare_hooks = bare.hooks();
    let mut bare_live = on_demand.live(&bare).await?;

    let mut samples: [Vec<Duration>; 9] = Default::default();
    for _ in 0..2000 {
        session.log().lock().unwrap().clear(); // the log would otherwise grow with every call
        bare.log().lock().unwrap().clear();
        let start = Instant::now();
        let detail = typed_get_user(&mut typed_live, &typed_input).await?;
        samples[0].push(start.elapsed());
        std::hint::black_box(detail).ok();
        let start = Instant::now();
        std::hint::black_box(native_get_user(&mut hooks, &typed_input).await?);
        samples[1].push(start.elapsed());
        let start = Instant::now();
        on_demand.call(session, "get_user", &input).await?;
        samples[2].push(start.elapsed());
        let start = Instant::now();
        pooled.call(session, "get_user", &input).await?;
        samples[3].push(start.elapsed());
        let start = Instant::now();
        live.call("get_user", &input).await?;
        samples[4].push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(native_get_user_json(&mut hooks, &input).await?);
        samples[5].push(start.elapsed());
        let start = Instant::now();
        let refused = typed_get_user(&mut typed_live, &refused_input).await?;
        samples[6].push(start.elapsed());
        if refused.is_ok() {
            bail!("an empty userId was accepted");
        }
        let start = Instant::now();
        let not_found = typed_get_user(&mut bare_live, &typed_input).await?;
        samples[7].push(start.elapsed());
        if !matches!(not_found, Err(users::OktaError::NotFound(_))) {
            bail!("the bodiless 404 was not a not-found: {not_found:?}");
        }
        let start = Instant::now();
        let (status, _) = send_get_user(
            &mut bare_hooks,
            &typed_input.connection.domain,
            &typed_input.connection.api_key,
            &typed_input.user_id,
        )
        .await?;
        samples[8].push(start.elapsed());
        if status != http::StatusCode::NOT_FOUND {
            bail!("the bodiless 404 came back as {status}");
        }
    }
    let [
        typed,
        native,
        fresh,
        pooled,
        live,
        native_json,
        boundary,
        request_only,
        native_request_only,
    ] = samples.map(median);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "get_user per call, typed (live instance, bindgen! types): component {:.1} µs, native {:.1} µs; ratio {:.2}x",
        us(typed),
        us(native),
        ratio(typed, native)
    );
    println!(
        "get_user refused before any request (the call boundary and a typed error): {:.1} µs",
        us(boundary)
    );
    println!(
        "get_user answered 404 with no body (the request alone): component {:.1} µs, native {:.1} µs; the component's extra {:.1} µs",
        us(request_only),
        us(native_request_only),
        us(request_only) - us(native_request_only)
    );
    println!(
        "get_user per call, JSON in and out: fresh instance {:.1} µs, pooled {:.1} µs, live {:.1} µs, native {:.1} µs; ratios {:.2}x, {:.2}x, {:.2}x",
        us(fresh),
        us(pooled),
        us(live),
        us(native_json),
        ratio(fresh, native_json),
        ratio(pooled, native_json),
        ratio(live, native_json)
    );
    Ok(json!({
        "typed": { "component": us(typed), "native": us(native), "ratio": ratio(typed, native),
                   "refused_before_request": us(boundary),
                   "request_only": { "component": us(request_only), "native": us(native_request_only) } },
        "json": { "fresh": us(fresh), "pooled": us(pooled), "live": us(live), "native": us(native_json),
                  "ratio_fresh": ratio(fresh, native_json), "ratio_pooled": ratio(pooled, native_json),
                  "ratio_live": ratio(live, native_json) },
    }))
}

/// One typed `get_user` on a live instance, as a Rust host calls it (exports looked up once).
async fn typed_get_user(
    live: &mut LiveInstance<'_>,
    input: &users::GetUserInput,
) -> Result<Result<users::UserDetail, users::OktaError>> {
    let (exports, store) = live.typed()?;
    Ok(exports
        .okta_block_okta_users()
        .call_get_user(store, input)
        .await?)
}

/// The benchmark's one get_user input, as the JSON face takes it and as the typed exports do.
fn get_user_inputs() -> (Value, users::GetUserInput) {
    let json =
        json!({ "domain": DOMAIN, "apiKey": "bench-token", "userId": "00usfhrjbkppPBkoY4x6" });
    let typed = users::GetUserInput {
        connection: users::Connection {
            domain: DOMAIN.into(),
            api_key: "bench-token".into(),
            max_retries: None,
            timeout_seconds: None,
            auth_scheme: None,
        },
        user_id: "00usfhrjbkppPBkoY4x6".into(),
    };
    (json, typed)
}
