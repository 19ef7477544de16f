//! One HTTP request over `wasi:http`, with every timeout the interface offers.
//!
//! The request is built on the `wasi` crate's `wasi:http` bindings, the interface itself: it
//! sets all three timeouts the interface offers (an HTTP client library such as waki sets only
//! the connect timeout), and reads the answer's headers as plain pairs (an `http::HeaderMap`'s
//! header-name tables alone would cost the component more than this module).

use std::time::Duration;
use wasi::clocks::monotonic_clock;
use wasi::http::outgoing_handler;
use wasi::http::types::{
    ErrorCode, Fields, HeaderError, IncomingBody, InputStream, Method, OutgoingBody,
    OutgoingRequest, RequestOptions, Scheme,
};
use wasi::io::streams::StreamError;

/// What a request needs besides its URL parts.
pub struct Outgoing<'a> {
    pub method: Method,
    pub secure: bool,
    pub authority: &'a str,
    pub path_and_query: &'a str,
    pub headers: &'a [(&'a str, String)],
    /// `None` sends no body at all (an empty one), without opening a body stream.
    pub body: Option<&'a [u8]>,
    /// Applies to connecting, to the first byte of the answer, and between bytes of it.
    pub timeout: Duration,
}

/// Why no answer arrived.
pub enum Failure {
    /// The runtime refused or failed the request in a way `wasi:http` names.
    Http(ErrorCode),
    /// The request could not even be built (a header the runtime rejects, say).
    Build(String),
}

/// Response headers as the runtime delivered them, in order.
#[derive(Default)]
pub struct Headers(Vec<(String, Vec<u8>)>);

impl From<Vec<(String, Vec<u8>)>> for Headers {
    fn from(entries: Vec<(String, Vec<u8>)>) -> Self {
        Self(entries)
    }
}

impl Headers {
    /// Replaces the secret in every value (see [`crate::redact`]).
    pub fn clean(&mut self, secret: &str) {
        for (_, value) in &mut self.0 {
            if let Some(clean) = crate::redact::replace(value, secret) {
                *value = clean;
            }
        }
    }

    /// The first value of `name` (any case), if it is visible ASCII.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| visible_ascii(value))
    }

    /// Every value of `name` (any case) that is visible ASCII, in order.
    pub fn get_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .filter_map(|(_, value)| visible_ascii(value))
    }
}

/// A header value as text, under the rule `http::HeaderValue::to_str` applies.
fn visible_ascii(value: &[u8]) -> Option<&str> {
    value
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b))
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
}

/// An answer whose body is still to be read.
pub struct Incoming {
    pub status: u16,
    pub headers: Headers,
    // The stream is a child of the body: it must be dropped first, as it is (field order).
    stream: InputStream,
    _body: IncomingBody,
}

impl Incoming {
    /// Up to `len` more bytes of the body, blocking until some arrive; `None` at its end.
    pub fn chunk(&self, len: u64) -> Result<Option<Vec<u8>>, String> {
        match self.stream.blocking_read(len) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(StreamError::Closed) => Ok(None),
            Err(StreamError::LastOperationFailed(e)) => Err(e.to_debug_string()),
        }
    }
}

pub fn send(request: &Outgoing) -> Result<Incoming, Failure> {
    let entries: Vec<(String, Vec<u8>)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.as_bytes().to_vec()))
        .collect();
    let fields = Fields::from_list(&entries).map_err(|e| {
        let why = match e {
            HeaderError::InvalidSyntax => "invalid syntax",
            HeaderError::Forbidden => "forbidden",
            HeaderError::Immutable => "immutable",
        };
        Failure::Build(format!("a header was refused: {why}"))
    })?;
    // Every host call costs the engine work (issue 6), so the ones whose default is already
    // what the request wants are skipped: a new request is a GET, and one whose body is never
    // opened is sent empty.
    let outgoing = OutgoingRequest::new(fields);
    let refused = |what: &str| Failure::Build(format!("the runtime refused the {what}"));
    if !matches!(request.method, Method::Get) {
        outgoing
            .set_method(&request.method)
            .map_err(|()| refused("method"))?;
    }
    let scheme = if request.secure {
        Scheme::Https
    } else {
        Scheme::Http
    };
    outgoing
        .set_scheme(Some(&scheme))
        .map_err(|()| refused("scheme"))?;
    outgoing
        .set_authority(Some(request.authority))
        .map_err(|()| refused("authority"))?;
    outgoing
        .set_path_with_query(Some(request.path_and_query))
        .map_err(|()| refused("path"))?;
    let body = match request.body {
        Some(bytes) => Some((outgoing.body().map_err(|()| refused("body"))?, bytes)),
        None => None,
    };

    let options = RequestOptions::new();
    let nanos = u64::try_from(request.timeout.as_nanos()).unwrap_or(u64::MAX);
    // A runtime may not support every timeout; the ones it takes still apply.
    let _ = options.set_connect_timeout(Some(nanos));
    let _ = options.set_first_byte_timeout(Some(nanos));
    let _ = options.set_between_bytes_timeout(Some(nanos));

    let future = outgoing_handler::handle(outgoing, Some(options)).map_err(Failure::Http)?;
    if let Some((body, bytes)) = body {
        write_body(&body, bytes)?;
        OutgoingBody::finish(body, None).map_err(Failure::Http)?;
    }

    // The answer is all but never ready this early, so the loop waits before its first look:
    // one host call fewer than looking first, and waiting on a ready answer returns at once.
    let incoming = loop {
        future.subscribe().block();
        match future.get() {
            Some(Ok(Ok(response))) => break response,
            Some(Ok(Err(code))) => return Err(Failure::Http(code)),
            Some(Err(())) => return Err(Failure::Build("the response was already taken".into())),
            None => continue,
        }
    };
    drop(future);
    let status = incoming.status();
    // The header fields are a child of the response: read and dropped before it.
    let headers = Headers(incoming.headers().entries());
    let unreadable = || Failure::Build("unreadable response: no body".into());
    let body = incoming.consume().map_err(|()| unreadable())?;
    let stream = body.stream().map_err(|()| unreadable())?;
    drop(incoming);
    Ok(Incoming {
        status,
        headers,
        stream,
        _body: body,
    })
}

fn write_body(body: &OutgoingBody, mut bytes: &[u8]) -> Result<(), Failure> {
    if bytes.is_empty() {
        return Ok(());
    }
    let stream = body
        .write()
        .map_err(|()| Failure::Build("the request body could not be opened".into()))?;
    // `blocking-write-and-flush` takes at most 4096 bytes per call.
    while !bytes.is_empty() {
        let (chunk, rest) = bytes.split_at(bytes.len().min(4096));
        stream
            .blocking_write_and_flush(chunk)
            .map_err(|e| match e {
                StreamError::LastOperationFailed(e) => Failure::Build(format!(
                    "writing the request body failed: {}",
                    e.to_debug_string()
                )),
                StreamError::Closed => Failure::Build("the request body stream was closed".into()),
            })?;
        bytes = rest;
    }
    Ok(())
}

/// Waits on the runtime's monotonic clock, so a host can run time as fast as it likes.
pub fn sleep(duration: Duration) {
    let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
    if nanos > 0 {
        monotonic_clock::subscribe_duration(nanos).block();
    }
}

/// A random number for backoff jitter.
pub fn random_u64() -> u64 {
    wasi::random::random::get_random_u64()
}
