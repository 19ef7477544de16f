//! Many runs at once, as an engine's host holds them (issue 18): N concurrent `get_user` or
//! `list_users` runs through the host library against the demo org answering 50 ms later, with
//! the on-demand and the pooling allocator, beside native Rust doing the same requests through
//! the same hook at the same concurrency.
//!
//! Each figure comes from a child process of its own (`okta-bench inflight-one ...`), so that
//! its peak RSS is its own: `speed` runs measure throughput and latency; `memory` runs hold all
//! N runs in flight at once (the org answers only after every run could have sent its request)
//! and read the peak resident memory above the process's baseline.

use crate::native::{native_get_user_json, native_list_users_json};
use crate::{memory_status, ms, peak_rss};
use anyhow::{Result, bail};
use okta_block_host::emulator::{DEMO_TOKEN, Emulator};
use okta_block_host::events::Event;
use okta_block_host::runtime::COMPONENT;
use okta_block_host::upstream::{Latency, Responder};
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What a distant org adds to every answer.
pub const LATENCY: Duration = Duration::from_millis(50);
/// The guest memory each run may use here (get_user and one page of users need little).
const MEMORY_LIMIT: usize = 64 << 20;
const USER: &str = "olivia.bennett@acmecorp.example";

/// Who runs the N runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Runner {
    OnDemand,
    Pooling,
    Native,
}

impl Runner {
    pub fn name(self) -> &'static str {
        match self {
            Runner::OnDemand => "component-on-demand",
            Runner::Pooling => "component-pooling",
            Runner::Native => "native",
        }
    }

    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "component-on-demand" => Runner::OnDemand,
            "component-pooling" => Runner::Pooling,
            "native" => Runner::Native,
            other => bail!("unknown runner {other}"),
        })
    }
}

/// Runs `n` runs of `operation` at once with `runner`; `hold` makes the org answer only after
/// `hold` (so that all n are in flight together). Prints one JSON line.
pub async fn one(
    operation: &str,
    n: usize,
    runner: Runner,
    hold: Option<Duration>,
    idle: bool,
) -> Result<()> {
    let emulated = Emulator::demo();
    // One budget no run meets: the runs measure the host, not Okta's rate limits.
    emulated.set_rate_limit(Some(u32::MAX));
    let org: Arc<dyn Responder> = Arc::new(emulated);
    let org: Arc<dyn Responder> = Arc::new(Latency {
        inner: org,
        delay: hold.unwrap_or(LATENCY),
    });
    let block = match runner {
        Runner::OnDemand => Some(Block::load(COMPONENT)?),
        Runner::Pooling => Some(Block::load_pooled(COMPONENT, n as u32, MEMORY_LIMIT)?),
        Runner::Native => None,
    };
    let input = match operation {
        "get_user" => json!({ "domain": "demo.okta.com", "apiKey": DEMO_TOKEN, "userId": USER }),
        "list_users" => json!({ "domain": "demo.okta.com", "apiKey": DEMO_TOKEN }),
        other => bail!("inflight runs get_user or list_users, not {other}"),
    };
    let block = block.map(Arc::new);
    // One run before measuring: the code paths warm, the baseline taken after.
    run_once(block.as_deref(), &org, operation, &input, None).await?;
    let baseline = current_rss();

    if idle {
        // Instances only, no call: what holding a run costs before it does anything.
        let block = block.as_deref().expect("idle runs are the component's");
        let session = Session::in_process(org.clone()).memory_limit(MEMORY_LIMIT);
        let mut held = Vec::with_capacity(n);
        for _ in 0..n {
            held.push(block.instantiate(&session).await?);
        }
        let peak = peak_rss();
        println!(
            "{}",
            json!({ "operation": operation, "n": n, "runner": runner.name(), "phase": "idle",
                    "bytes_per_run": peak.saturating_sub(baseline) as f64 / n as f64,
                    "held_bytes_per_run": (runner == Runner::Pooling).then(|| held_memory(n)) })
        );
        return Ok(());
    }
    // In a memory run with the pooling allocator, what the process holds once every run has
    // sent its request and waits for its answer (see `held_memory`).
    let sent = Arc::new(AtomicUsize::new(0));
    let waiting = (hold.is_some() && runner == Runner::Pooling).then(|| {
        let sent = sent.clone();
        tokio::spawn(async move {
            while sent.load(Ordering::Relaxed) < n {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            held_memory(n)
        })
    });
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for _ in 0..n {
        let (block, org, input, sent) = (block.clone(), org.clone(), input.clone(), sent.clone());
        let operation = operation.to_string();
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let sent = block.is_some().then_some(&sent);
            run_once(block.as_deref(), &org, &operation, &input, sent).await?;
            anyhow::Ok(start.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(n);
    for task in tasks {
        latencies.push(task.await??);
    }
    let wall = started.elapsed();
    let waiting = match waiting {
        Some(task) => Some(task.await?),
        None => None,
    };
    latencies.sort();
    let quantile = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let peak = peak_rss();
    println!(
        "{}",
        json!({
            "operation": operation, "n": n, "runner": runner.name(),
            "phase": if hold.is_some() { "memory" } else { "speed" },
            "wall_ms": ms(wall), "runs_per_second": n as f64 / wall.as_secs_f64(),
            "p50_ms": ms(quantile(0.5)), "p99_ms": ms(quantile(0.99)),
            "baseline_rss": baseline, "peak_rss": peak,
            "bytes_per_run": peak.saturating_sub(baseline) as f64 / n as f64,
            "waiting_bytes_per_run": waiting,
        })
    );
    Ok(())
}

/// What the process holds per run, by kind of mapping, from /proc/self/smaps. wasmtime's
/// pooling allocator reserves one region for all linear memories, one for all fiber stacks and
/// one for all tables, each far larger than anything else the process maps; mappings inside a
/// region (a memory's copy-on-write image, a slot reset) split it, so adjacent mappings are
/// joined back. The three largest regions are those, in that order; the rest is the host's
/// heap, thread stacks and code.
fn held_memory(n: usize) -> Value {
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    // (start, end, resident bytes) of each region of adjacent mappings.
    let mut regions: Vec<(u64, u64, u64)> = Vec::new();
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some(range), _) if range.contains('-') && !range.ends_with(':') => {
                let (start, end) = range.split_once('-').unwrap_or(("0", "0"));
                let start = u64::from_str_radix(start, 16).unwrap_or(0);
                let end = u64::from_str_radix(end, 16).unwrap_or(0);
                match regions.last_mut() {
                    Some(last) if last.1 == start => last.1 = end,
                    _ => regions.push((start, end, 0)),
                }
            }
            (Some("Rss:"), Some(kb)) => {
                if let Some(last) = regions.last_mut() {
                    last.2 += kb.parse::<u64>().unwrap_or(0) * 1024;
                }
            }
            _ => {}
        }
    }
    let total: u64 = regions.iter().map(|r| r.2).sum();
    regions.sort_by_key(|r| std::cmp::Reverse(r.1 - r.0));
    let per_run = |bytes: u64| bytes as f64 / n as f64;
    let rss = |i: usize| regions.get(i).map_or(0, |r| r.2);
    json!({ "linear_memories": per_run(rss(0)), "fiber_stacks": per_run(rss(1)),
            "tables": per_run(rss(2)), "rest": per_run(total - rss(0) - rss(1) - rss(2)),
            "sizes": regions.iter().take(5).map(|r| (r.1 - r.0, r.2)).collect::<Vec<_>>() })
}

/// One run, as an engine makes it: a session of its own (its own exchange log, which keeps no
/// answer bodies: an engine records no transcripts), a fresh instance, the JSON face.
async fn run_once(
    block: Option<&Block>,
    org: &Arc<dyn Responder>,
    operation: &str,
    input: &Value,
    sent: Option<&Arc<AtomicUsize>>,
) -> Result<()> {
    let mut session = Session::in_process(org.clone())
        .memory_limit(MEMORY_LIMIT)
        .without_answer_bodies();
    if let Some(sent) = sent {
        let sent = sent.clone();
        session = session.observe(Arc::new(move |event| {
            if let Event::Sent { .. } = event {
                sent.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let output = match block {
        Some(block) => block.call(&session, operation, input).await?,
        None => {
            let mut hooks = session.hooks();
            match operation {
                "get_user" => {
                    let mut input = input.clone();
                    input["userId"] = json!(USER);
                    native_get_user_json(&mut hooks, &input).await?
                }
                _ => native_list_users_json(&mut hooks, "demo.okta.com", DEMO_TOKEN).await?,
            }
        }
    };
    if output["success"] != true {
        bail!("{operation} failed: {output}");
    }
    Ok(())
}

/// The process's resident memory now (VmRSS), in bytes.
fn current_rss() -> usize {
    memory_status("VmRSS:")
}

/// Every configuration, each in a child process; writes target/bench/inflight.json and prints
/// a table.
pub fn all(sizes: &[usize]) -> Result<()> {
    let exe = std::env::current_exe()?;
    let mut rows = Vec::new();
    for operation in ["get_user", "list_users"] {
        for &n in sizes {
            for runner in [Runner::OnDemand, Runner::Pooling, Runner::Native] {
                for phase in ["speed", "memory"] {
                    let output = std::process::Command::new(&exe)
                        .args([
                            "inflight-one",
                            operation,
                            &n.to_string(),
                            runner.name(),
                            phase,
                        ])
                        .output()?;
                    // A configuration that cannot hold N runs is a result too: its error.
                    let row: Value = if output.status.success() {
                        serde_json::from_slice(&output.stdout)?
                    } else {
                        let error = String::from_utf8_lossy(&output.stderr);
                        let first = error.lines().next().unwrap_or_default().to_string();
                        json!({ "operation": operation, "n": n, "runner": runner.name(),
                                "phase": phase, "error": first })
                    };
                    eprintln!("{row}");
                    rows.push(row);
                }
            }
        }
    }
    std::fs::create_dir_all("target/bench")?;
    std::fs::write(
        "target/bench/inflight.json",
        serde_json::to_string_pretty(&rows)?,
    )?;
    let find = |op: &str, n: usize, runner: Runner, phase: &str| {
        rows.iter()
            .find(|r| {
                r["operation"] == op
                    && r["n"] == n
                    && r["runner"] == runner.name()
                    && r["phase"] == phase
            })
            .cloned()
            .unwrap_or(Value::Null)
    };
    println!(
        "| operation | N | runs/s on-demand | pooling | native | native over on-demand | p50 / p99 on-demand (ms) | p50 / p99 native (ms) | host bytes per run in flight, on-demand | pooling | native |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for operation in ["get_user", "list_users"] {
        for &n in sizes {
            let speed = |r| find(operation, n, r, "speed");
            let memory = |r| find(operation, n, r, "memory");
            let (od, pool, native) = (
                speed(Runner::OnDemand),
                speed(Runner::Pooling),
                speed(Runner::Native),
            );
            let rate = |v: &Value| v["runs_per_second"].as_f64().unwrap_or(0.0);
            let kib = |v: &Value| match v["bytes_per_run"].as_f64() {
                Some(bytes) => format!("{:.0} KiB", bytes / 1024.0),
                None => format!("failed: {}", v["error"].as_str().unwrap_or("?")),
            };
            println!(
                "| {operation} | {n} | {:.0} | {:.0} | {:.0} | {:.2}x | {:.1} / {:.1} | {:.1} / {:.1} | {} | {} | {} |",
                rate(&od),
                rate(&pool),
                rate(&native),
                rate(&native) / rate(&od).max(1e-9),
                od["p50_ms"].as_f64().unwrap_or(0.0),
                od["p99_ms"].as_f64().unwrap_or(0.0),
                native["p50_ms"].as_f64().unwrap_or(0.0),
                native["p99_ms"].as_f64().unwrap_or(0.0),
                kib(&memory(Runner::OnDemand)),
                kib(&memory(Runner::Pooling)),
                kib(&memory(Runner::Native)),
            );
        }
    }
    Ok(())
}

/// How long the org holds its answers in a `memory` run: long enough that all `n` runs have
/// sent their request before the first answer comes back.
pub fn hold_for(n: usize) -> Duration {
    LATENCY + Duration::from_micros(500 * n as u64)
}
