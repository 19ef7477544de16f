//! The native comparator for the HTTP face under load (issue 18): a hyper server that does what
//! the face does for `POST /v1/list_groups` (credentials from `Authorization` and
//! `X-Okta-Domain`, one `GET /api/v1/groups?q=...` to the org on a new connection, as
//! wasmtime-wasi-http's client makes it, Okta's groups decoded and answered as the face's JSON),
//! in plain Rust. `hosts/http-face/load.sh` puts both under wrk side by side.

use anyhow::{Context, Result, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::{Value, json};
use std::convert::Infallible;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    id: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    created: Option<String>,
    last_updated: Option<String>,
    last_membership_updated: Option<String>,
    #[serde(default)]
    profile: Profile,
}

#[derive(Deserialize, Default)]
struct Profile {
    name: Option<String>,
    description: Option<String>,
}

/// Serves on 127.0.0.1:`port` until the process ends.
pub async fn serve(port: u16) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("native face on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let service = service_fn(|request| async move {
                let answer = match list_groups(request).await {
                    Ok(output) => (200, output),
                    Err(error) => (
                        502,
                        json!({ "success": false, "error": { "kind": "transport", "message": format!("{error:#}") } }),
                    ),
                };
                let response = hyper::Response::builder()
                    .status(answer.0)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(answer.1.to_string())))
                    .expect("a fixed response");
                Ok::<_, Infallible>(response)
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn list_groups(request: hyper::Request<hyper::body::Incoming>) -> Result<Value> {
    if request.uri().path() != "/v1/list_groups" {
        bail!("only /v1/list_groups here");
    }
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let domain = header("x-okta-domain").context("X-Okta-Domain is required")?;
    let authorization = header("authorization").context("Authorization is required")?;
    let body = request.into_body().collect().await?.to_bytes();
    let input: Value = serde_json::from_slice(&body)?;
    let q = input["q"].as_str().unwrap_or_default();

    // One request to the org on a new connection, as the face's wasi:http client makes it.
    let authority = domain.trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&authority).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let target = format!("/api/v1/groups?q={}", encode(q));
    let ask = hyper::Request::get(target)
        .header("host", &authority)
        .header("accept", "application/json")
        .header("authorization", authorization)
        .body(Empty::<Bytes>::new())?;
    let answer = sender.send_request(ask).await?;
    if !answer.status().is_success() {
        bail!("the org answered HTTP {}", answer.status());
    }
    let body = answer.into_body().collect().await?.to_bytes();
    let groups: Vec<Group> = serde_json::from_slice(&body)?;
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|g| {
            json!({ "id": g.id, "name": g.profile.name, "description": g.profile.description,
                    "type": g.kind, "created": g.created, "lastUpdated": g.last_updated,
                    "lastMembershipUpdated": g.last_membership_updated })
        })
        .collect();
    let count = groups.len();
    Ok(
        json!({ "groups": groups, "count": count, "nextCursor": null, "hasMore": false,
               "success": true }),
    )
}

/// Percent-encodes a query value (RFC 3986 unreserved kept).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
