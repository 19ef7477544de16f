//! Serves an in-process responder (the emulated org) over loopback HTTP/1.1, so that other
//! clients (curl, Okta's SDKs) and the component through real sockets can use it; with
//! [`serve_with_page`], the block's web page too, at `/` (see [`crate::page`]).
//!
//! With `log`, it writes one line per request on stderr: method, path, status and time.
//!
//! A client cannot starve it: request heads and bodies must arrive within
//! [`READ_TIMEOUT`], bodies are capped at [`MAX_REQUEST_BODY`], at most [`MAX_CONNECTIONS`]
//! are served at once (the rest wait in the kernel's backlog), and when the process runs out
//! of file descriptors the accept loop backs off instead of spinning.

use crate::exchange::{Reply, RequestRecord, body_text, headers_of};
use crate::page::Page;
use crate::upstream::Responder;
use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioTimer;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot};
use wasmtime_wasi_http::io::TokioIo;

/// How long a client may take to send a request's head, or its body.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request body read; Okta's own bodies are a few kilobytes.
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;
/// The pause after a failed accept (out of file descriptors, say) before the next one.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// An answer's body: whole, or (the page's progress) streamed as it is produced.
pub type Body = BoxBody<Bytes, Infallible>;
pub type Response = hyper::Response<Body>;

/// A whole body.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// A running server; dropping it (or calling [`Server::stop`]) stops accepting connections.
pub struct Server {
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// `http://127.0.0.1:{port}`, the domain to give the block.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Serves until the process is interrupted.
    pub async fn run_forever(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `127.0.0.1:{port}` (0 picks a free port) and serves `responder` there.
pub async fn serve(responder: Arc<dyn Responder>, port: u16) -> Result<Server> {
    serve_with(responder, None, port, false).await
}

/// Serves the emulated org `org` (whose API token is `token`) under `/api/v1`, and the block's
/// page at `/`, which runs operations against it; with `log`, a line per request on stderr.
pub async fn serve_with_page(
    org: Arc<dyn Responder>,
    token: &str,
    port: u16,
    log: bool,
) -> Result<Server> {
    let page = Arc::new(Page::new(org.clone(), token));
    serve_with(org, Some(page), port, log).await
}

async fn serve_with(
    responder: Arc<dyn Responder>,
    page: Option<Arc<Page>>,
    port: u16,
    log: bool,
) -> Result<Server> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("binding 127.0.0.1:{port}"))?;
    let address = listener.local_addr()?;
    let (stop, mut stopped) = oneshot::channel();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let task = tokio::spawn(async move {
        loop {
            // A free slot first, so a flood waits in the backlog rather than in this process.
            let slot = tokio::select! {
                _ = &mut stopped => break,
                slot = slots.clone().acquire_owned() => slot,
            };
            let Ok(slot) = slot else { break };
            let accepted = tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => accepted,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            let responder = responder.clone();
            let page = page.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    logged(
                        log,
                        answer(responder.clone(), page.clone(), request, address),
                    )
                });
                let _ = http1::Builder::new()
                    .keep_alive(true)
                    .timer(TokioTimer::new())
                    .header_read_timeout(READ_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(slot);
            });
        }
    });
    Ok(Server {
        address,
        stop: Some(stop),
        task,
    })
}

/// Runs `answering`, and with `log` writes `METHOD PATH STATUS TIME` for it on stderr (a
/// dropped connection as `-`).
async fn logged(
    log: bool,
    answering: impl Future<Output = Result<(Response, String, String)>>,
) -> Result<Response> {
    let started = Instant::now();
    let (response, method, path) = answering.await?;
    if log {
        eprintln!(
            "{method} {path} {} {:.1} ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(response)
}

/// The answer to one request, with its method and path (for the log).
async fn answer(
    responder: Arc<dyn Responder>,
    page: Option<Arc<Page>>,
    request: hyper::Request<hyper::body::Incoming>,
    address: SocketAddr,
) -> Result<(Response, String, String)> {
    let (parts, body) = request.into_parts();
    let body = http_body_util::Limited::new(body, MAX_REQUEST_BODY).collect();
    let body = match tokio::time::timeout(READ_TIMEOUT, body).await {
        Ok(Ok(body)) => body.to_bytes(),
        Ok(Err(e)) => anyhow::bail!("the request body could not be read: {e}"),
        Err(_) => anyhow::bail!("the request body did not arrive within {READ_TIMEOUT:?}"),
    };
    let (method, path) = (
        parts.method.to_string(),
        parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string(),
    );
    if let Some(page) = &page
        && let Some(reply) = page.answer(&parts, &body, address).await
    {
        return Ok((reply, method, path));
    }
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let authority = host.unwrap_or_else(|| address.to_string());
    let gzip = takes_gzip(&parts.headers);
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let record = RequestRecord {
        method: parts.method.to_string(),
        url: format!("http://{authority}{path}"),
        headers: headers_of(&parts.headers),
        body: body_text(&body),
    };
    // The org's distance comes before the answer is made (see `Responder::latency`).
    if let Some(latency) = responder.latency() {
        tokio::time::sleep(latency).await;
    }
    match responder.respond(&record) {
        Reply::Http { response, delay } => {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            let mut builder = hyper::Response::builder().status(response.status);
            for (name, value) in &response.headers {
                builder = builder.header(name, value);
            }
            let mut body = response.body.unwrap_or_default().into_bytes();
            if gzip && !body.is_empty() {
                body = gzipped(&body)?;
                builder = builder.header(http::header::CONTENT_ENCODING, "gzip");
            }
            Ok((builder.body(full(body))?, method, path.to_string()))
        }
        // A transport fault: drop the connection without an answer.
        Reply::Transport(fault) => anyhow::bail!("injected transport fault: {fault:?}"),
    }
}

/// Whether the client takes gzip: `Accept-Encoding` names it (or `*`) without `q=0`.
fn takes_gzip(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|param| {
                param
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn gzipped(body: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(body)?;
    Ok(encoder.finish()?)
}
