//! The block as a workflow builder meets it: the web page `okta-block serve` answers at `/`.
//!
//! The page (`web/`, built into `web/dist` and embedded here) renders each operation's form from
//! blocks.json and runs it through the component on this server, by the same host path as the
//! CLI: `POST /ui/run` takes the operation and its flat JSON input and answers with the output
//! and the HTTP exchanges the component made (redacted). The emulated org stays under
//! `/api/v1`; the page runs against it in-process by default, or against a real org's domain
//! and token over the network.
//!
//! With `Accept: application/x-ndjson` the answer streams: one JSON line per event of the run
//! (`crate::events`: each request sent, each answer, each rate-limit wait), so the page shows
//! progress, then the result's line.
//!
//! The token a person types is sent only in the body of `POST /ui/run`, on loopback. Nothing
//! this module answers carries it: the host scrubs outputs, the exchange log is redacted, and
//! the whole answer is scrubbed once more before it leaves. `/ui/run` takes only
//! `application/json` from the page's own origin, so another site cannot make a browser run
//! operations here (a cross-site JSON POST needs a CORS preflight this server never grants).

use crate::emulator::DEMO_DOMAIN;
use crate::events::Event;
use crate::exchange::redact_json;
use crate::hooks::{Exchange, Outcome};
use crate::manifest::MANIFEST_JSON;
use crate::serve::{Response, full};
use crate::upstream::Responder;
use crate::{Block, Session};
use bytes::Bytes;
use http::{Method, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Frame;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The built page (`bash web/build.sh` writes these; they are committed, so a build of the
/// binary needs no Node.js).
const INDEX_HTML: &str = include_str!("../../web/dist/index.html");
const APP_JS: &str = include_str!("../../web/dist/assets/app.js");
const APP_CSS: &str = include_str!("../../web/dist/assets/app.css");

/// What the page runs against by default: the org this server emulates, in-process.
pub struct Page {
    org: Arc<dyn Responder>,
    token: String,
}

impl Page {
    /// `org` is the emulated org the server also serves under `/api/v1`; `token` its API token.
    pub fn new(org: Arc<dyn Responder>, token: &str) -> Self {
        Self {
            org,
            token: token.to_string(),
        }
    }

    /// The page's answer to a request, or `None` when the path is not the page's (the emulated
    /// org answers those). `address` is this server's own.
    pub async fn answer(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
        address: SocketAddr,
    ) -> Option<Response> {
        let path = parts.uri.path();
        let get = parts.method == Method::GET;
        Some(match path {
            "/" | "/index.html" if get => asset("text/html; charset=utf-8", INDEX_HTML),
            "/assets/app.js" if get => asset("text/javascript; charset=utf-8", APP_JS),
            "/assets/app.css" if get => asset("text/css; charset=utf-8", APP_CSS),
            "/ui/blocks.json" if get => asset("application/json", MANIFEST_JSON),
            // Browsers ask for it; the page has none.
            "/favicon.ico" if get => {
                let mut response = hyper::Response::new(full(Bytes::new()));
                *response.status_mut() = StatusCode::NO_CONTENT;
                response
            }
            "/ui/run" if parts.method == Method::POST => {
                let streamed = parts
                    .headers
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("application/x-ndjson"));
                match same_origin_json(parts, address) {
                    Ok(()) if streamed => self.run_streamed(body, address),
                    Ok(()) => self.run(body, address, None).await.1,
                    Err(reason) => json_response(StatusCode::FORBIDDEN, json!({ "error": reason })),
                }
            }
            "/" | "/index.html" | "/ui/blocks.json" | "/ui/run" => json_response(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({ "error": format!("{} is not allowed on {path}", parts.method) }),
            ),
            _ if path.starts_with("/ui/") || path.starts_with("/assets/") => json_response(
                StatusCode::NOT_FOUND,
                json!({ "error": format!("nothing at {path}") }),
            ),
            _ => return None,
        })
    }

    /// Runs one operation: `{"operation": id, "input": {...}, "org": "emulated" | "real"}`.
    /// With `emulated` (the default) the host fills the connection; with `real` the input
    /// carries `domain` and `apiKey` like any engine's, and the request goes over the network
    /// (to Okta's domains, or to this server's own `/api/v1`).
    /// Returns the answer as JSON, and as a response with its status; `observer` hears the
    /// run's events.
    async fn run(
        &self,
        body: &[u8],
        address: SocketAddr,
        observer: Option<crate::events::Observer>,
    ) -> (Value, Response) {
        let refuse = |reason: String| {
            let answer = json!({ "error": reason });
            (
                answer.clone(),
                json_response(StatusCode::BAD_REQUEST, answer),
            )
        };
        let request: Value = match serde_json::from_slice(body) {
            Ok(Value::Object(request)) => Value::Object(request),
            _ => return refuse("the body must be a JSON object".into()),
        };
        let Some(operation) = request["operation"].as_str() else {
            return refuse("`operation` is required".into());
        };
        if crate::manifest::Manifest::embedded()
            .operation(operation)
            .is_none()
        {
            return refuse(format!("no operation is named `{operation}`"));
        }
        let Value::Object(mut input) = request["input"].clone() else {
            return refuse("`input` must be a JSON object".into());
        };
        let session = match request["org"].as_str().unwrap_or("emulated") {
            "emulated" => {
                input.insert("domain".into(), json!(DEMO_DOMAIN));
                input.insert("apiKey".into(), json!(self.token));
                Session::in_process(self.org.clone())
            }
            "real" => Session::network(&[address.to_string()]),
            other => return refuse(format!("`org` must be emulated or real, not `{other}`")),
        };
        // The page lists each exchange's head, never an answer's body.
        let session = session.without_answer_bodies();
        let session = match observer {
            Some(observer) => session.observe(observer),
            None => session,
        };
        let secret = input
            .get("apiKey")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let input = Value::Object(input);
        let mut answer = match Block::shared().call(&session, operation, &input).await {
            Ok(output) => json!({
                "output": output,
                "exchanges": session.exchanges().iter().map(exchange_json).collect::<Vec<_>>(),
            }),
            Err(error) => json!({ "error": format!("{error:#}") }),
        };
        if !secret.is_empty() {
            redact_json(&mut answer, &secret);
        }
        let status = if answer.get("error").is_some() {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::OK
        };
        (answer.clone(), json_response(status, answer))
    }

    /// The run, streamed: a JSON line per event as it happens, then `{"type": "result", ...}`
    /// with what [`Page::run`] answers. (Event URLs never carry the token; the result is
    /// scrubbed as the whole answer is.)
    fn run_streamed(&self, body: &[u8], address: SocketAddr) -> Response {
        let (lines, receiver) = mpsc::unbounded_channel::<Bytes>();
        let events = lines.clone();
        let observer: crate::events::Observer = Arc::new(move |event: &Event| {
            let _ = events.send(line(&event_json(event)));
        });
        let page = Page {
            org: self.org.clone(),
            token: self.token.clone(),
        };
        let body = body.to_vec();
        tokio::spawn(async move {
            let (mut answer, _) = page.run(&body, address, Some(observer)).await;
            answer["type"] = json!("result");
            let _ = lines.send(line(&answer));
        });
        let mut response = hyper::Response::new(Lines(receiver).boxed());
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-ndjson".parse().unwrap(),
        );
        secure(headers);
        response
    }
}

/// A line of the streamed answer.
fn line(value: &Value) -> Bytes {
    let mut text = value.to_string();
    text.push('\n');
    Bytes::from(text)
}

/// An event as the page reads it.
fn event_json(event: &Event) -> Value {
    match event {
        Event::Sent { index, method, url } => {
            json!({ "type": "sent", "index": index, "method": method, "url": url })
        }
        Event::Answered {
            index,
            status,
            elapsed,
            items,
        } => json!({ "type": "answered", "index": index, "status": status,
                     "milliseconds": elapsed.as_secs_f64() * 1000.0, "items": items }),
        Event::RateLimited { wait } => {
            json!({ "type": "rateLimited", "seconds": wait.as_secs_f64() })
        }
        Event::Failed { index, reason } => {
            json!({ "type": "failed", "index": index, "reason": reason })
        }
    }
}

/// A body of the lines a channel receives, until its senders are gone.
struct Lines(mpsc::UnboundedReceiver<Bytes>);

impl hyper::body::Body for Lines {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|line| line.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// One exchange as the page lists it: what was asked, what came back, how long it took.
fn exchange_json(exchange: &Exchange) -> Value {
    let request = &exchange.request;
    let (status, outcome, response_headers) = match &exchange.outcome {
        Outcome::Answered(response) => (
            json!(response.status),
            json!("answered"),
            json!(response.headers),
        ),
        Outcome::Denied => (
            Value::Null,
            json!("refused by the host's egress"),
            json!([]),
        ),
        Outcome::Failed(reason) => (Value::Null, json!(reason), json!([])),
    };
    json!({
        "method": request.method,
        "url": request.url,
        "requestHeaders": request.headers,
        "requestBody": request.body,
        "status": status,
        "outcome": outcome,
        "responseHeaders": response_headers,
        "milliseconds": exchange.elapsed.as_secs_f64() * 1000.0,
    })
}

/// `/ui/run` takes JSON from the page's own origin only.
fn same_origin_json(parts: &http::request::Parts, address: SocketAddr) -> Result<(), String> {
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with("application/json") {
        return Err("send the run as application/json".into());
    }
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let own = [format!("http://{host}"), format!("http://{address}")];
        if !own.iter().any(|own| origin.as_bytes() == own.as_bytes()) {
            return Err("runs are taken from this page's own origin only".into());
        }
    }
    Ok(())
}

fn asset(content_type: &str, body: &'static str) -> Response {
    let mut response = hyper::Response::new(full(Bytes::from_static(body.as_bytes())));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
    secure(headers);
    response
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let mut response = hyper::Response::new(full(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    secure(headers);
    response
}

/// The page loads only its own script and style, keeps nothing in caches, and sends no referrer.
/// (`unsafe-eval`: Ajv compiles each schema's validator into a function.)
fn secure(headers: &mut http::HeaderMap) {
    let policy = "default-src 'self'; script-src 'self' 'unsafe-eval'; \
                  style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                  frame-ancestors 'none'; form-action 'none'";
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.parse().unwrap());
    headers.insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
    headers.insert(header::REFERRER_POLICY, "no-referrer".parse().unwrap());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, "nosniff".parse().unwrap());
}
