//! `okta-block`: runs any operation of the component from the command line.
//!
//! By default it runs against the embedded emulated org (kept between runs with `--state`).
//! With `--domain` and `--api-key` (or `OKTA_DOMAIN` and `OKTA_API_TOKEN`) it runs against a
//! real org; with `--replay` it answers from a transcript. The host injects the credentials, so
//! they never need to be in `--input`. `demo` runs the main workflow; `serve` puts the emulated
//! org on a loopback port.
//!
//! Exit codes: 0 success, 1 the operation failed (Okta's or an input error, on stderr), 2 a
//! usage error (clap), 3 the tool itself failed (an unreadable state file, say). A closed
//! stdout (`| head`) ends the output quietly; state is saved before anything is printed.

use anyhow::{Context, Result, bail};
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command};
use okta_block_host::emulator::{DEMO_DOMAIN, DEMO_TOKEN, Emulator};
use okta_block_host::exchange::Transcript;
use okta_block_host::hooks::interactions;
use okta_block_host::manifest::Manifest;
use okta_block_host::progress::TerminalProgress;
use okta_block_host::replay::Replay;
use okta_block_host::state::StateFile;
use okta_block_host::upstream::Responder;
use okta_block_host::{Block, Output, Reply, RequestRecord, Session};
use serde_json::{Map, Value};
use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Exit codes: the operation failed (Okta or input error), or the tool itself failed.
const EXIT_OPERATION_FAILED: u8 = 1;
const EXIT_TOOL_FAILED: u8 = 3;

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    // The token from the environment or --api-key: no error text may carry it.
    let secret = matches
        .subcommand()
        .and_then(|(_, args)| {
            args.try_get_one::<String>("api-key")
                .ok()
                .flatten()
                .cloned()
        })
        .or_else(|| std::env::var("OKTA_API_TOKEN").ok());
    match runtime.block_on(run(matches)) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let mut text = format!("error: {error:#}");
            if let Some(secret) = secret.filter(|s| !s.is_empty()) {
                text = text.replace(&secret, "[REDACTED]");
            }
            eprintln!("{text}");
            ExitCode::from(EXIT_TOOL_FAILED)
        }
    }
}

/// Writes a line to stdout. A reader that went away (`| head`) is not an error: the output
/// simply ends there, as with other command-line tools.
fn emit(text: &str) -> Result<()> {
    writeln!(QuietPipe(std::io::stdout().lock()), "{text}")?;
    Ok(())
}

/// Prints an operation's output as pretty JSON, a listing's items made into JSON one at a time
/// as they are written (a 100,000-user listing is never one JSON tree, nor its whole text).
fn emit_output(output: Output) -> Result<()> {
    let mut out = std::io::BufWriter::new(QuietPipe(std::io::stdout().lock()));
    output.write_json(&mut out, true)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// A writer for which a closed pipe is the end of the output, not an error.
struct QuietPipe<W>(W);

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

fn connection_args() -> Vec<Arg> {
    vec![
        Arg::new("input")
            .long("input")
            .value_name("JSON")
            .help("The operation's input as a JSON object"),
        Arg::new("set")
            .long("set")
            .value_name("FIELD=VALUE")
            .action(ArgAction::Append)
            .help("Sets one input field (repeatable); JSON objects and arrays are parsed"),
        Arg::new("domain")
            .long("domain")
            .env("OKTA_DOMAIN")
            .value_name("DOMAIN")
            .help("A real org's domain, e.g. dev-123456.okta.com (default: the emulated org)"),
        Arg::new("api-key")
            .long("api-key")
            .env("OKTA_API_TOKEN")
            .hide_env_values(true)
            .value_name("TOKEN")
            .help("The real org's API token (prefer the OKTA_API_TOKEN environment variable)"),
        Arg::new("record")
            .long("record")
            .value_name("FILE")
            .value_parser(clap::value_parser!(PathBuf))
            .help(
                "Writes the HTTP transcript, token redacted, in the format of Okta's recorded traffic (host-test/tests/recordings)",
            ),
        Arg::new("replay")
            .long("replay")
            .value_name("FILE")
            .value_parser(clap::value_parser!(PathBuf))
            .conflicts_with("record")
            .help("Answers from a transcript instead of an org, in order"),
        // The state is the emulated org's: with a real org or a transcript it would be ignored.
        state_arg().conflicts_with_all(["domain", "replay"]),
        Arg::new("deadline")
            .long("deadline")
            .value_name("SECONDS")
            .value_parser(clap::value_parser!(u64).range(1..))
            .help("Ends the call with a transport error if it has not finished by then (default 900)"),
        Arg::new("allow-host")
            .long("allow-host")
            .value_name("HOST[:PORT]")
            .action(ArgAction::Append)
            .help("Allows one more host beyond blocks.json's egress (e.g. a custom domain)"),
        Arg::new("quiet")
            .long("quiet")
            .short('q')
            .action(ArgAction::SetTrue)
            .help("No progress line on stderr (it is shown only on a terminal, for operations that make more than one request)"),
    ]
}

fn state_arg() -> Arg {
    Arg::new("state")
        .long("state")
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help("Keeps the emulated org in FILE between runs (created with the demo org if missing); locked while in use, saved atomically")
}

fn cli() -> Command {
    let manifest = Manifest::embedded();
    let mut command = Command::new("okta-block")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Runs the okta-block component's operations against the emulated org, a real org or a transcript")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(Command::new("operations").about("Lists the operations and their fields"))
        .subcommand(Command::new("manifest").about(
            "Prints blocks.json as generated from the component, the WIT docs and blocks.overlay.json (`okta-block manifest > blocks.json`)",
        ))
        .subcommand(
            Command::new("demo")
                .about("Runs an onboarding and offboarding workflow through the component against the emulated org"),
        )
        .subcommand(
            Command::new("serve")
                .about("Serves the emulated org over HTTP on 127.0.0.1")
                .arg(Arg::new("port").long("port").value_parser(clap::value_parser!(u16)).default_value("8080"))
                .arg(state_arg())
                .arg(
                    Arg::new("users")
                        .long("users")
                        .value_name("N")
                        .value_parser(clap::value_parser!(usize))
                        .conflicts_with("state")
                        .help("Seeds N generated users instead of the demo org (for benchmarks)"),
                )
                .arg(
                    Arg::new("rate-limit")
                        .long("rate-limit")
                        .value_name("PER_MINUTE")
                        .value_parser(clap::value_parser!(u32))
                        .help("One per-minute request budget for every endpoint instead of Okta's (load tests)"),
                )
                .arg(
                    Arg::new("rate-window")
                        .long("rate-window")
                        .value_name("SECONDS")
                        .value_parser(clap::value_parser!(u64).range(1..))
                        .help("Rate-limit windows of this many seconds instead of Okta's minute (tests of waiting)"),
                )
                .arg(
                    Arg::new("log")
                        .long("log")
                        .action(ArgAction::SetTrue)
                        .help("Logs one line per request on stderr: method, path, status, time"),
                )
                .arg(
                    Arg::new("latency")
                        .long("latency")
                        .value_name("MILLISECONDS")
                        .value_parser(clap::value_parser!(u64))
                        .help("Answer every request this much later, as a distant org would (load tests)"),
                ),
        );
    for operation in manifest.operations() {
        let id = operation["id"].as_str().unwrap_or_default().to_string();
        let title = operation["title"].as_str().unwrap_or_default().to_string();
        command = command.subcommand(
            Command::new(id.clone())
                .about(title)
                .after_help(describe_fields(operation))
                .args(connection_args()),
        );
    }
    command
}

/// One `--help` line per field of a schema's `properties` (the connection's `domain` and
/// `apiKey` left out: the CLI fills them): name, type, whether it is required, its default and
/// its description.
fn describe(text: &mut String, properties: &Value, need: impl Fn(&str) -> &'static str) {
    let Some(properties) = properties.as_object() else {
        return;
    };
    for (name, schema) in properties {
        if name == "apiKey" || name == "domain" {
            continue;
        }
        let kind = schema["type"].as_str().unwrap_or("value");
        let default = schema
            .get("default")
            .map(|d| format!(", default {d}"))
            .unwrap_or_default();
        let about = schema["description"].as_str().unwrap_or_default();
        let need = need(name);
        text.push_str(&format!("  {name} ({kind}, {need}{default}): {about}\n"));
    }
}

/// The `--help` text that lists an operation's fields.
fn describe_fields(operation: &Value) -> String {
    let mut text = String::new();
    if let Some(description) = operation["description"].as_str() {
        text.push_str(description);
        text.push_str("\n\n");
    }
    text.push_str("Input fields:\n");
    let required: Vec<&str> = operation["input"]["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    describe(&mut text, &operation["input"]["properties"], |name| {
        if required.contains(&name) {
            "required"
        } else {
            "optional"
        }
    });
    // The connection is the block's, the same for every operation: --domain and --api-key
    // (or the emulated org) fill domain and apiKey; the rest may be set like any field.
    text.push_str("\nConnection fields (every operation; domain and apiKey come from --domain and --api-key):\n");
    let connection = &Manifest::embedded().json["block"]["connection"]["properties"];
    describe(&mut text, connection, |_| "optional");
    text.push_str("\nOutput fields: ");
    if let Some(properties) = operation["output"]["properties"].as_object() {
        text.push_str(&properties.keys().cloned().collect::<Vec<_>>().join(", "));
    }
    text
}

async fn run(matches: ArgMatches) -> Result<u8> {
    let (name, args) = matches.subcommand().context("no command given")?;
    match name {
        "operations" => {
            list_operations()?;
            Ok(0)
        }
        "manifest" => {
            let text = okta_block_host::blocks::generate(Block::shared())?;
            emit(text.trim_end())?;
            Ok(0)
        }
        "demo" => {
            let mut out = QuietPipe(std::io::stdout());
            okta_block_host::demo::run(Arc::new(Emulator::demo()), &mut out).await?;
            out.flush()?;
            Ok(0)
        }
        "serve" => serve(args).await,
        operation => run_operation(operation, args).await,
    }
}

fn list_operations() -> Result<()> {
    let mut lines = Vec::new();
    for operation in Manifest::embedded().operations() {
        let fields: Vec<String> = operation["input"]["properties"]
            .as_object()
            .map(|p| {
                p.keys()
                    .filter(|k| *k != "apiKey" && *k != "domain")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        lines.push(format!(
            "{:<24} {:<28} {}",
            operation["id"].as_str().unwrap_or_default(),
            operation["title"].as_str().unwrap_or_default(),
            fields.join(", ")
        ));
    }
    emit(&lines.join("\n"))
}

/// The input object from `--input` and `--set`.
fn build_input(args: &ArgMatches) -> Result<Map<String, Value>> {
    let mut input = match args.get_one::<String>("input") {
        Some(text) => match serde_json::from_str(text).context("--input is not JSON")? {
            Value::Object(object) => object,
            _ => bail!("--input must be a JSON object"),
        },
        None => Map::new(),
    };
    for assignment in args.get_many::<String>("set").into_iter().flatten() {
        let (field, value) = assignment
            .split_once('=')
            .with_context(|| format!("--set {assignment}: expected FIELD=VALUE"))?;
        let value = match value.trim_start().chars().next() {
            Some('{' | '[') => serde_json::from_str(value)
                .with_context(|| format!("--set {field}: not valid JSON"))?,
            _ => Value::String(value.to_string()),
        };
        input.insert(field.to_string(), value);
    }
    Ok(input)
}

async fn run_operation(operation: &str, args: &ArgMatches) -> Result<u8> {
    let mut input = build_input(args)?;
    let domain = args.get_one::<String>("domain").cloned();
    let api_key = args.get_one::<String>("api-key").cloned();
    let extra_hosts: Vec<String> = args
        .get_many::<String>("allow-host")
        .into_iter()
        .flatten()
        .cloned()
        .collect();

    let replay = match args.get_one::<PathBuf>("replay") {
        Some(path) => Some(Arc::new(Replay::from_file(path)?)),
        None => None,
    };
    // The state file stays locked from before the org is read until after it is saved.
    let state = match args.get_one::<PathBuf>("state") {
        Some(path) => Some(StateFile::lock(path)?),
        None => None,
    };
    let mut emulated: Option<Arc<Emulator>> = None;
    let session = if let Some(replay) = &replay {
        let host = replay
            .recorded_host()
            .unwrap_or_else(|| "test.okta.com".into());
        input
            .entry("domain")
            .or_insert_with(|| Value::String(domain.clone().unwrap_or(host)));
        input
            .entry("apiKey")
            .or_insert_with(|| Value::String(api_key.clone().unwrap_or_else(|| "replay".into())));
        extra_hosts
            .iter()
            .fold(Session::in_process(replay.clone()), |s, h| s.allow_host(h))
    } else {
        match (domain, api_key) {
            (Some(domain), Some(api_key)) => {
                input.insert("domain".into(), Value::String(domain));
                let session = Session::network(&extra_hosts);
                if args.value_source("api-key") == Some(ValueSource::EnvVariable) {
                    // A token from OKTA_API_TOKEN goes where engines put secrets: into the
                    // component's environment, with the input's apiKey left empty.
                    input.insert("apiKey".into(), Value::String(String::new()));
                    session.token_in_environment(&api_key)
                } else {
                    input.insert("apiKey".into(), Value::String(api_key));
                    session
                }
            }
            (Some(_), None) => {
                bail!("--domain needs an API token: set OKTA_API_TOKEN (or --api-key)")
            }
            (None, Some(_)) => bail!("an API token needs --domain (or OKTA_DOMAIN)"),
            (None, None) => {
                let org = Arc::new(match &state {
                    Some(state) => state.load()?,
                    None => Emulator::demo(),
                });
                input.insert("domain".into(), Value::String(DEMO_DOMAIN.into()));
                input.insert("apiKey".into(), Value::String(DEMO_TOKEN.into()));
                emulated = Some(org.clone());
                extra_hosts
                    .iter()
                    .fold(Session::in_process(org), |s, h| s.allow_host(h))
            }
        }
    };

    let session = match args.get_one::<u64>("deadline") {
        Some(seconds) => session.deadline(std::time::Duration::from_secs(*seconds)),
        None => session,
    };
    // The exchange log keeps answers' bodies only for the transcript --record writes.
    let session = if args.get_one::<PathBuf>("record").is_some() {
        session
    } else {
        session.without_answer_bodies()
    };
    // A live progress line on a terminal: requests, items, rate-limit waits. Never on stdout.
    let progress = (!args.get_flag("quiet") && std::io::stderr().is_terminal())
        .then(|| TerminalProgress::stderr(operation));
    let session = match &progress {
        Some(progress) => session.observe(progress.observer()),
        None => session,
    };
    let output = Block::shared()
        .run(&session, operation, &Value::Object(input))
        .await;
    if let Some(progress) = &progress {
        progress.finish();
    }
    let output = output?;
    // Saved before anything is printed: a closed stdout must not lose the change, and a
    // failed save must not follow a printed success.
    if let (Some(org), Some(state)) = (&emulated, &state) {
        state
            .save(org)
            .context("the operation ran, but its change could not be saved")?;
    }
    if let Some(path) = args.get_one::<PathBuf>("record") {
        let transcript = Transcript {
            source: format!("okta-block {operation}"),
            interactions: interactions(session.log()),
        };
        std::fs::write(path, serde_json::to_string_pretty(&transcript)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(replay) = &replay
        && let Some(problem) = replay.mismatches().first()
    {
        bail!("replay failed: {problem}");
    }
    drop(state);
    let failure = (!output.succeeded()).then(|| {
        output
            .error_message()
            .unwrap_or("the operation failed")
            .to_string()
    });
    emit_output(output)?;
    match failure {
        None => Ok(0),
        Some(message) => {
            eprintln!("error: {message}");
            Ok(EXIT_OPERATION_FAILED)
        }
    }
}

/// The emulated org behind `serve --state`: every request that may have changed it is saved
/// before it is answered, so a crash or a kill loses nothing that a client was told happened.
struct Durable {
    org: Arc<Emulator>,
    state: StateFile,
}

impl Responder for Durable {
    fn respond(&self, record: &RequestRecord) -> Reply {
        let reply = self.org.respond(record);
        let changed = !matches!(record.method.as_str(), "GET" | "HEAD")
            && matches!(&reply, Reply::Http { response, .. } if response.status < 300);
        if changed && let Err(e) = self.state.save(&self.org) {
            eprintln!("error: {e:#}");
        }
        reply
    }
}

async fn serve(args: &ArgMatches) -> Result<u8> {
    let port = *args.get_one::<u16>("port").unwrap_or(&8080);
    let state = match args.get_one::<PathBuf>("state") {
        Some(path) => Some(StateFile::lock(path)?),
        None => None,
    };
    let org = Arc::new(match (args.get_one::<usize>("users"), &state) {
        (Some(count), _) => Emulator::with_users(*count),
        (None, Some(state)) => state.load()?,
        (None, None) => Emulator::demo(),
    });
    if let Some(budget) = args.get_one::<u32>("rate-limit") {
        org.set_rate_limit(Some(*budget));
    }
    if let Some(seconds) = args.get_one::<u64>("rate-window") {
        org.set_rate_window(std::time::Duration::from_secs(*seconds));
    }
    let responder: Arc<dyn Responder> = match state {
        Some(state) => {
            // Saved once at the start too, so the file exists from the first moment.
            state.save(&org)?;
            Arc::new(Durable {
                org: org.clone(),
                state,
            })
        }
        None => org.clone(),
    };
    let responder: Arc<dyn Responder> = match args.get_one::<u64>("latency") {
        Some(ms) => Arc::new(okta_block_host::upstream::Latency {
            inner: responder,
            delay: std::time::Duration::from_millis(*ms),
        }),
        None => responder,
    };
    let server =
        okta_block_host::serve::serve_with_page(responder, DEMO_TOKEN, port, args.get_flag("log"))
            .await?;
    emit(&format!(
        "Serving the emulated Okta org at {} (API token: {DEMO_TOKEN}), and the block's page at \
         {}/. Ctrl-C or SIGTERM stops.",
        server.origin(),
        server.origin()
    ))?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result?,
        _ = terminate.recv() => {}
    }
    server.stop().await;
    Ok(0)
}
