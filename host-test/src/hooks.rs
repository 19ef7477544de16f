//! The `wasi:http` outgoing hook: every request the component makes passes through here.
//!
//! It enforces the egress allowlist, hands the request to an in-process responder (or the
//! network), and records a redacted copy of the exchange. The answer the component gets is
//! redacted too, so an upstream that echoes the token cannot hand it to the component.
//!
//! Network answers are read with the same cap the component applies ([`MAX_BODY_BYTES`]) while
//! they stream, so a huge body never sits whole in the host; a body cut off mid-way reaches the
//! component as the bytes that came and then an error, as it happened; and the whole
//! connection setup, TLS included, is bounded by the request's connect and first-byte timeouts.

use crate::egress::Egress;
use crate::events::{Event, Observer, page_items, rate_limit_wait};
use crate::exchange::{
    Interaction, Reply, RequestRecord, ResponseRecord, TransportFault, body_text, credential,
    headers_of, redact_bytes, redact_request, redact_response,
};
use crate::upstream::Responder;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use wasmtime_wasi_http::{Error as HttpError, RequestOptions, WasiBody, WasiHttpHooks};

/// The most of one answer's body the host reads: the component's own cap (`src/limits.rs`)
/// plus one byte, so that the component still sees, and reports, that the cap was passed.
pub const MAX_BODY_BYTES: usize = crate::limits::MAX_BODY_BYTES + 1;
/// wasmtime-wasi-http's default for a timeout the request does not set.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

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
    /// From the hook receiving the request to the answer's body read (or the failure).
    pub elapsed: Duration,
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
    /// Whether the component gets answers with the token redacted (normally true).
    pub redact_answers: bool,
    /// Who is told of each request and answer (`Session::observe`), and the session's count of
    /// requests so far.
    pub observer: Option<Observer>,
    pub sent: Arc<AtomicUsize>,
    /// Whether the log keeps each answer's body (for `--record`), or only its status and
    /// headers (`Session::without_answer_bodies`).
    pub answer_bodies: bool,
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
        let redact_answers = self.redact_answers;
        let answer_bodies = self.answer_bodies;
        let observer = self.observer.clone();
        let observing = observer.is_some();
        let index = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        let tell = move |event: Event| {
            if let Some(observer) = &observer {
                observer(&event);
            }
        };
        Box::new(async move {
            let started = std::time::Instant::now();
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
            let authority = parts
                .uri
                .authority()
                .map_or_else(String::new, |a| a.to_string());
            if observing {
                tell(Event::Sent {
                    index,
                    method: record.method.clone(),
                    url: redact_request(&record, secret).url,
                });
            }
            let remember = |outcome: Outcome| {
                let request = redact_request(&record, secret);
                match &outcome {
                    Outcome::Answered(_) => {}
                    Outcome::Denied => tell(Event::Failed {
                        index,
                        reason: format!("{authority} is not in the block's allowed egress"),
                    }),
                    Outcome::Failed(reason) => tell(Event::Failed {
                        index,
                        reason: reason.clone(),
                    }),
                }
                let elapsed = started.elapsed();
                log.lock().unwrap().push(Exchange {
                    request,
                    outcome,
                    elapsed,
                });
            };

            if !egress.allows(&authority) {
                remember(Outcome::Denied);
                return Err(HttpError::HttpRequestDenied);
            }

            // The answer, and for network answers its body's exact bytes (the record holds
            // text, and a body that is not UTF-8 must reach the component as it came).
            let (response, cut, raw) = match backend {
                Backend::InProcess(responder) => {
                    // The org's distance comes before its answer is made, the answer's own
                    // delay after: both before the first byte, so both count against its
                    // timeout.
                    let limit = options.and_then(|o| o.first_byte_timeout);
                    let latency = responder.latency().unwrap_or_default();
                    if !first_byte_within(latency, limit).await {
                        remember(Outcome::Failed("first-byte timeout".into()));
                        return Err(HttpError::ConnectionReadTimeout);
                    }
                    match responder.respond(&record) {
                        Reply::Http { response, delay } => {
                            let left = limit.map(|limit| limit.saturating_sub(latency));
                            if !first_byte_within(delay.unwrap_or_default(), left).await {
                                remember(Outcome::Failed("first-byte timeout".into()));
                                return Err(HttpError::ConnectionReadTimeout);
                            }
                            (response, None, None)
                        }
                        Reply::Transport(fault) => {
                            remember(Outcome::Failed(format!("{fault:?}")));
                            return Err(match fault {
                                TransportFault::ConnectionRefused => HttpError::ConnectionRefused,
                                TransportFault::ConnectionTimeout => HttpError::ConnectionTimeout,
                            });
                        }
                    }
                }
                Backend::Network => {
                    let mut outgoing =
                        http::Request::from_parts(parts, Full::new(body).map_err(|n| match n {}));
                    ensure_host_header(&mut outgoing);
                    // wasmtime-wasi-http times the TCP connect, the HTTP handshake and the
                    // first byte, but not the TLS handshake: the whole is bounded here.
                    let setup = options
                        .and_then(|o| o.connect_timeout)
                        .unwrap_or(DEFAULT_TIMEOUT)
                        .saturating_add(
                            options
                                .and_then(|o| o.first_byte_timeout)
                                .unwrap_or(DEFAULT_TIMEOUT),
                        );
                    let send = wasmtime_wasi_http::default_send_request(outgoing, options);
                    let result = tokio::time::timeout(setup, send)
                        .await
                        .unwrap_or(Err(HttpError::ConnectionTimeout));
                    let (response, io) = match result {
                        Ok(ok) => ok,
                        Err(e) => {
                            remember(Outcome::Failed(format!("{e:?}")));
                            // No answer came: hyper's "protocol error" before a response head
                            // is a connection the peer reset or closed, which the component may
                            // retry when the request is safe to repeat.
                            return Err(match e {
                                HttpError::HttpProtocolError => HttpError::ConnectionTerminated,
                                other => other,
                            });
                        }
                    };
                    tokio::spawn(async move {
                        let _ = io.await;
                    });
                    let (parts, body) = response.into_parts();
                    let (body, cut) = read_capped(body).await;
                    let record = ResponseRecord {
                        status: parts.status.as_u16(),
                        headers: headers_of(&parts.headers),
                        body: body_text(&body),
                    };
                    (record, cut, Some(body))
                }
            };
            // The component gets the answer redacted, as it is recorded (unless a test asked
            // for the raw answer, to check the component's own redaction).
            let unredacted = (!redact_answers).then(|| response.clone());
            let response = redact_response(response, secret);
            let given = unredacted.as_ref().unwrap_or(&response);
            let body = match raw {
                Some(raw) if redact_answers => redact_bytes(raw, secret),
                Some(raw) => raw,
                None => given.body.clone().unwrap_or_default().into_bytes(),
            };
            if observing {
                tell(Event::Answered {
                    index,
                    status: given.status,
                    elapsed: started.elapsed(),
                    items: page_items(&body),
                });
                if let Some(wait) = rate_limit_wait(given) {
                    tell(Event::RateLimited { wait });
                }
            }
            let reply = to_http_response(given, body, cut);
            let mut response = response;
            if !answer_bodies {
                response.body = None;
            }
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

/// Reads a network answer's body up to [`MAX_BODY_BYTES`]; past the cap it stops reading
/// (dropping the rest with the connection). Returns the bytes and, when the body broke off,
/// the error it broke off with.
async fn read_capped(
    mut body: impl Body<Data = Bytes, Error = HttpError> + Unpin,
) -> (Vec<u8>, Option<HttpError>) {
    let mut bytes = Vec::new();
    while bytes.len() < MAX_BODY_BYTES {
        match body.frame().await {
            None => break,
            Some(Err(e)) => return (bytes, Some(e)),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
    (bytes, None)
}

/// An answer as the component receives it: the record's head, `body`, and when `cut` is set,
/// the error the body broke off with.
fn to_http_response(
    record: &ResponseRecord,
    body: Vec<u8>,
    cut: Option<HttpError>,
) -> Result<http::Response<WasiBody>, HttpError> {
    let mut builder = http::Response::builder().status(record.status);
    for (name, value) in &record.headers {
        builder = builder.header(name, value);
    }
    let body = Bytes::from(body);
    builder
        .body(
            Partial {
                data: Some(body),
                error: cut,
            }
            .boxed_unsync(),
        )
        .map_err(|e| HttpError::InternalError(Some(e.to_string())))
}

/// A body that yields its bytes, then (if set) the error the real one broke off with.
struct Partial {
    data: Option<Bytes>,
    error: Option<HttpError>,
}

impl Body for Partial {
    type Data = Bytes;
    type Error = HttpError;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, HttpError>>> {
        let this = self.get_mut();
        if let Some(data) = this.data.take().filter(|d| !d.is_empty()) {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        Poll::Ready(this.error.take().map(Err))
    }
}

/// Waits `wait` for an in-process answer's first byte: false, after waiting `limit`, when the
/// request's first-byte timeout is shorter.
async fn first_byte_within(wait: Duration, limit: Option<Duration>) -> bool {
    if let Some(limit) = limit.filter(|limit| *limit < wait) {
        tokio::time::sleep(limit).await;
        return false;
    }
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    true
}
