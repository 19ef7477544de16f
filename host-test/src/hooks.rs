//! The `wasi:http` outgoing hook: every request the component makes passes through here.
//!
//! It enforces the egress allowlist, hands the request to an in-process responder (or the
//! network), and records a redacted copy of the exchange.

use crate::egress::Egress;
use crate::exchange::{
    Interaction, Reply, RequestRecord, ResponseRecord, TransportFault, body_text, credential,
    headers_of, redact_request, redact_response,
};
use crate::upstream::Responder;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::sync::{Arc, Mutex};
use wasmtime_wasi_http::{Error as HttpError, RequestOptions, WasiBody, WasiHttpHooks};

/// Where requests that pass the allowlist go.
#[derive(Clone)]
pub enum Backend {
    /// Answered in this process; no socket is opened.
    InProcess(Arc<dyn Responder>),
    /// Sent over the network (a real org, or a loopback `okta-block serve`).
    Network,
}

/// What became of one request.
#[derive(Clone, Debug)]
pub enum Outcome {
    Answered(ResponseRecord),
    /// The host refused it: its authority is not in the allowlist.
    Denied,
    /// It got no answer.
    Failed(String),
}

/// One request the component made, redacted, and what became of it.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub request: RequestRecord,
    pub outcome: Outcome,
}

/// The log of one session's exchanges, shared with whoever inspects it.
pub type ExchangeLog = Arc<Mutex<Vec<Exchange>>>;

/// Exchanges that got an HTTP answer, as a transcript's interactions.
pub fn interactions(log: &ExchangeLog) -> Vec<Interaction> {
    log.lock()
        .unwrap()
        .iter()
        .filter_map(|e| match &e.outcome {
            Outcome::Answered(response) => Some(Interaction {
                request: e.request.clone(),
                response: response.clone(),
            }),
            _ => None,
        })
        .collect()
}

pub struct HttpHooks {
    pub backend: Backend,
    pub egress: Arc<Egress>,
    pub log: ExchangeLog,
}

type ResponseFuture = Box<
    dyn Future<
            Output = Result<
                (
                    http::Response<WasiBody>,
                    Box<dyn Future<Output = Result<(), HttpError>> + Send>,
                ),
                HttpError,
            >,
        > + Send,
>;

impl WasiHttpHooks for HttpHooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _response_errors: Box<dyn Future<Output = Result<(), HttpError>> + Send>,
    ) -> ResponseFuture {
        let backend = self.backend.clone();
        let egress = self.egress.clone();
        let log = self.log.clone();
        Box::new(async move {
            let (parts, body) = request.into_parts();
            // The guest writes the body after `handle` returns; collecting waits for all of it.
            let body = body.collect().await?.to_bytes();
            // The host header repeats the URL's authority; records leave it out.
            let mut headers = headers_of(&parts.headers);
            headers.retain(|(name, _)| name != http::header::HOST.as_str());
            let record = RequestRecord {
                method: parts.method.to_string(),
                url: parts.uri.to_string(),
                headers,
                body: body_text(&body),
            };
            let secret = credential(&record.headers).map(str::to_string);
            let secret = secret.as_deref();
            let remember = |outcome: Outcome| {
                let request = redact_request(&record, secret);
                let outcome = match outcome {
                    Outcome::Answered(response) => {
                        Outcome::Answered(redact_response(response, secret))
                    }
                    other => other,
                };
                log.lock().unwrap().push(Exchange { request, outcome });
            };

            let authority = parts
                .uri
                .authority()
                .map(|a| a.as_str())
                .unwrap_or_default();
            if !egress.allows(authority) {
                remember(Outcome::Denied);
                return Err(HttpError::HttpRequestDenied);
            }

            let response = match backend {
                Backend::InProcess(responder) => match responder.respond(&record) {
                    Reply::Http { response, delay } => {
                        if let Some(delay) = delay {
                            let limit = options.and_then(|o| o.first_byte_timeout);
                            if let Some(limit) = limit.filter(|limit| *limit < delay) {
                                tokio::time::sleep(limit).await;
                                remember(Outcome::Failed("first-byte timeout".into()));
                                return Err(HttpError::ConnectionReadTimeout);
                            }
                            tokio::time::sleep(delay).await;
                        }
                        response
                    }
                    Reply::Transport(fault) => {
                        remember(Outcome::Failed(format!("{fault:?}")));
                        return Err(match fault {
                            TransportFault::ConnectionRefused => HttpError::ConnectionRefused,
                            TransportFault::ConnectionTimeout => HttpError::ConnectionTimeout,
                        });
                    }
                },
                Backend::Network => {
                    let mut outgoing =
                        http::Request::from_parts(parts, Full::new(body).map_err(|n| match n {}));
                    ensure_host_header(&mut outgoing);
                    let result = wasmtime_wasi_http::default_send_request(outgoing, options).await;
                    let (response, io) = match result {
                        Ok(ok) => ok,
                        Err(e) => {
                            remember(Outcome::Failed(format!("{e:?}")));
                            return Err(e);
                        }
                    };
                    tokio::spawn(async move {
                        let _ = io.await;
                    });
                    let (parts, body) = response.into_parts();
                    let body = body.collect().await?.to_bytes();
                    ResponseRecord {
                        status: parts.status.as_u16(),
                        headers: headers_of(&parts.headers),
                        body: body_text(&body),
                    }
                }
            };
            let reply = to_http_response(&response);
            remember(Outcome::Answered(response));
            let reply = reply?;
            Ok((
                reply,
                Box::new(async { Ok(()) }) as Box<dyn Future<Output = _> + Send>,
            ))
        })
    }
}

/// hyper's client sends no `Host` of its own; the request's authority is the right one.
fn ensure_host_header<B>(request: &mut http::Request<B>) {
    if let Some(authority) = request.uri().authority().cloned()
        && let Ok(value) = http::HeaderValue::from_str(authority.as_str())
    {
        request
            .headers_mut()
            .entry(http::header::HOST)
            .or_insert(value);
    }
}

fn to_http_response(record: &ResponseRecord) -> Result<http::Response<WasiBody>, HttpError> {
    let mut builder = http::Response::builder().status(record.status);
    for (name, value) in &record.headers {
        builder = builder.header(name, value);
    }
    let body = Bytes::from(record.body.clone().unwrap_or_default());
    builder
        .body(
            Full::new(body)
                .map_err(|never| match never {})
                .boxed_unsync(),
        )
        .map_err(|e| HttpError::InternalError(Some(e.to_string())))
}
