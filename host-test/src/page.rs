//! The block as a workflow builder meets it: the web page `okta-block serve` answers at `/`.
//!
//! The page (`web/`, built into `web/dist` and embedded here) renders each operation's form from
//! blocks.json and runs it through the component on this server, by the same host path as the
//! CLI: `POST /ui/run` takes the operation and its flat JSON input and answers with the output
//! and the HTTP exchanges the component made (redacted). The emulated org stays under
//! `/api/v1`; the page runs against it in-process by default, or against a real org's domain
//! and token over the network.
//!
//! The token a person types is sent only in the body of `POST /ui/run`, on loopback. Nothing
//! this module answers carries it: the host scrubs outputs, the exchange log is redacted, and
//! the whole answer is scrubbed once more before it leaves. `/ui/run` takes only
//! `application/json` from the page's own origin, so another site cannot make a browser run
//! operations here (a cross-site JSON POST needs a CORS preflight this server never grants).

use crate::emulator::DEMO_DOMAIN;
use crate::exchange::redact_json;
use crate::hooks::{Exchange, Outcome};
use crate::manifest::MANIFEST_JSON;
use crate::upstream::Responder;
use crate::{Block, Session};
use bytes::Bytes;
use http::{Method, StatusCode, header};
use http_body_util::Full;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

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

type Response = hyper::Response<Full<Bytes>>;

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
                let mut response = hyper::Response::new(Full::new(Bytes::new()));
                *response.status_mut() = StatusCode::NO_CONTENT;
                response
            }
            "/ui/run" if parts.method == Method::POST => match same_origin_json(parts, address) {
                Ok(()) => self.run(body, address).await,
                Err(reason) => json_response(StatusCode::FORBIDDEN, json!({ "error": reason })),
            },
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
    async fn run(&self, body: &[u8], address: SocketAddr) -> Response {
        let request: Value = match serde_json::from_slice(body) {
            Ok(Value::Object(request)) => Value::Object(request),
            _ => return bad_request("the body must be a JSON object"),
        };
        let Some(operation) = request["operation"].as_str() else {
            return bad_request("`operation` is required");
        };
        if crate::manifest::Manifest::embedded()
            .operation(operation)
            .is_none()
        {
            return bad_request(&format!("no operation is named `{operation}`"));
        }
        let Value::Object(mut input) = request["input"].clone() else {
            return bad_request("`input` must be a JSON object");
        };
        let session = match request["org"].as_str().unwrap_or("emulated") {
            "emulated" => {
                input.insert("domain".into(), json!(DEMO_DOMAIN));
                input.insert("apiKey".into(), json!(self.token));
                Session::in_process(self.org.clone())
            }
            "real" => Session::network(&[address.to_string()]),
            other => return bad_request(&format!("`org` must be emulated or real, not `{other}`")),
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
        json_response(status, answer)
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
    let mut response = hyper::Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
    secure(headers);
    response
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    secure(headers);
    response
}

fn bad_request(reason: &str) -> Response {
    json_response(StatusCode::BAD_REQUEST, json!({ "error": reason }))
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
