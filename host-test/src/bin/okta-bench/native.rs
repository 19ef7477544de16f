//! The native comparator: what the component does for get_user (its checks, the request through
//! the same `wasi:http` hook and stub, the decoding and the output), written as plain Rust, so
//! that every per-call figure is a ratio of the component to native code doing the same work.

use anyhow::{Context, Result, bail};
use http_body_util::{BodyExt, Empty};
use okta_block_host::hooks::HttpHooks;
use okta_block_host::typed::users;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use wasmtime_wasi_http::WasiHttpHooks;

/// Okta's user, as far as get_user reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    id: String,
    status: String,
    created: Option<String>,
    activated: Option<String>,
    status_changed: Option<String>,
    last_login: Option<String>,
    last_updated: Option<String>,
    password_changed: Option<String>,
    /// Sorted, as the component's serde_json keeps objects (the host's keeps insertion order).
    #[serde(default)]
    profile: BTreeMap<String, Value>,
}

/// The component's checks, request and decoding, natively: `GET /api/v1/users/{id}` through
/// the session's own `wasi:http` hook (egress check, redacted log, the stub), then the body
/// read and decoded.
async fn fetch_user(
    hooks: &mut HttpHooks,
    domain: &str,
    token: &str,
    user_id: &str,
) -> Result<User> {
    let (status, body) = send_get_user(hooks, domain, token, user_id).await?;
    if status != http::StatusCode::OK {
        bail!("HTTP {status}");
    }
    Ok(serde_json::from_slice(&body)?)
}

/// The request half of [`fetch_user`]: the checks, the request through the hook, the headers
/// the component reads, and the whole body, undecoded.
pub(super) async fn send_get_user(
    hooks: &mut HttpHooks,
    domain: &str,
    token: &str,
    user_id: &str,
) -> Result<(http::StatusCode, bytes::Bytes)> {
    let (domain, token, user_id) = (domain.trim(), token.trim(), user_id.trim());
    if domain.is_empty()
        || domain.contains(['/', '@', '?', '#', ' '])
        || token.is_empty()
        || user_id.is_empty()
        || user_id.chars().any(|c| c.is_control() || !c.is_ascii())
    {
        bail!("invalid input");
    }
    get_through(
        hooks,
        &format!("https://{domain}/api/v1/users/{}", encode_segment(user_id)),
        token,
    )
    .await
}

/// `GET uri` through the session's hook with the component's headers: the status, the headers
/// the component reads of every answer (the rate-limit window), and the whole body.
async fn get_through(
    hooks: &mut HttpHooks,
    uri: &str,
    token: &str,
) -> Result<(http::StatusCode, bytes::Bytes)> {
    let request = http::Request::builder()
        .method(http::Method::GET)
        .uri(uri)
        .header("accept", "application/json")
        .header("authorization", format!("SSWS {token}"))
        .header(
            "user-agent",
            concat!("okta-block/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::new().map_err(|never| match never {}).boxed_unsync())?;
    let answered = hooks.send_request(request, None, Box::new(async { Ok(()) }));
    let (response, _io) = Box::into_pin(answered)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    {
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
        std::hint::black_box((
            header("x-rate-limit-remaining"),
            header("x-rate-limit-reset"),
            header("date"),
        ));
    }
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .to_bytes();
    Ok((status, body))
}

/// A profile attribute as the component reads it: text as it is, other scalars as JSON.
fn attribute(profile: &BTreeMap<String, Value>, name: &str) -> Option<String> {
    match profile.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// get_user natively with the component's types: the typed comparator.
pub(super) async fn native_get_user(
    hooks: &mut HttpHooks,
    input: &users::GetUserInput,
) -> Result<users::UserDetail> {
    let user = fetch_user(
        hooks,
        &input.connection.domain,
        &input.connection.api_key,
        &input.user_id,
    )
    .await?;
    let attr = |name| attribute(&user.profile, name);
    Ok(users::UserDetail {
        first_name: attr("firstName"),
        last_name: attr("lastName"),
        email: attr("email"),
        login: attr("login"),
        mobile_phone: attr("mobilePhone"),
        second_email: attr("secondEmail"),
        display_name: attr("displayName"),
        title: attr("title"),
        department: attr("department"),
        organization: attr("organization"),
        manager: attr("manager"),
        manager_id: attr("managerId"),
        division: attr("division"),
        employee_number: attr("employeeNumber"),
        user_type: attr("userType"),
        profile_json: serde_json::to_string(&user.profile).ok(),
        id: user.id,
        status: user.status,
        created: user.created,
        activated: user.activated,
        last_login: user.last_login,
        last_updated: user.last_updated,
        status_changed: user.status_changed,
        password_changed: user.password_changed,
    })
}

/// get_user natively with JSON in and out, as the host's JSON face shows it: the JSON
/// comparator.
pub(super) async fn native_get_user_json(hooks: &mut HttpHooks, input: &Value) -> Result<Value> {
    let text = |name: &str| {
        input[name]
            .as_str()
            .with_context(|| format!("{name} is required"))
    };
    let user = fetch_user(hooks, text("domain")?, text("apiKey")?, text("userId")?).await?;
    let attr = |name: &str| attribute(&user.profile, name).map_or(Value::Null, Value::String);
    let mut out = Map::new();
    out.insert("id".into(), json!(user.id));
    out.insert("status".into(), json!(user.status));
    for name in [
        "firstName",
        "lastName",
        "email",
        "login",
        "mobilePhone",
        "secondEmail",
        "displayName",
        "title",
        "department",
        "organization",
        "manager",
        "managerId",
        "division",
        "employeeNumber",
        "userType",
    ] {
        out.insert(name.into(), attr(name));
    }
    for (key, value) in [
        ("created", &user.created),
        ("activated", &user.activated),
        ("lastLogin", &user.last_login),
        ("lastUpdated", &user.last_updated),
        ("statusChanged", &user.status_changed),
        ("passwordChanged", &user.password_changed),
    ] {
        out.insert(key.into(), json!(value));
    }
    out.insert(
        "profile".into(),
        Value::Object(user.profile.into_iter().collect()),
    );
    out.insert("success".into(), json!(true));
    Ok(Value::Object(out))
}

/// The component's path-segment encoding (RFC 3986 unreserved kept, the rest `%XX`).
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The physical limit for listing: a native Rust client (hyper and serde) lists `users` users
/// from a server at `origin` as the component does (the same search, 200 a page, following each
/// `rel="next"` link), decoding each page into Okta's users. One keep-alive connection, as a
/// native client would keep. Returns how many it listed.
pub async fn list_users_over_sockets(origin: &str, token: &str) -> Result<usize> {
    use hyper_util::rt::TokioIo;
    let authority = origin.trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&authority).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    let connection = tokio::spawn(connection);
    let mut target = "/api/v1/users?limit=200&search=profile.login%20pr".to_string();
    let mut listed = 0;
    loop {
        let request = hyper::Request::get(&target)
            .header("host", &authority)
            .header("accept", "application/json")
            .header("authorization", format!("SSWS {token}"))
            .body(Empty::<bytes::Bytes>::new())?;
        let answer = sender.send_request(request).await?;
        if !answer.status().is_success() {
            bail!("{target}: HTTP {}", answer.status());
        }
        let next = answer
            .headers()
            .get_all("link")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.contains("rel=\"next\""))
            .and_then(|value| value.split(['<', '>']).nth(1))
            .map(|url| url.trim_start_matches(origin).to_string());
        let body = answer.into_body().collect().await?.to_bytes();
        let page: Vec<User> = serde_json::from_slice(&body).context("a page of users")?;
        listed += page.len();
        match next {
            Some(next) => target = next,
            None => break,
        }
    }
    drop(sender);
    let _ = connection.await;
    Ok(listed)
}

/// list_users natively with JSON out, one page of up to 200, through the session's hook: the
/// request, the body, Okta's users decoded and each mapped to the face's summary.
pub(super) async fn native_list_users_json(
    hooks: &mut HttpHooks,
    domain: &str,
    token: &str,
) -> Result<Value> {
    let (status, body) = get_through(
        hooks,
        &format!("https://{domain}/api/v1/users?limit=200"),
        token,
    )
    .await?;
    if status != http::StatusCode::OK {
        bail!("HTTP {status}");
    }
    let page: Vec<User> = serde_json::from_slice(&body)?;
    let users: Vec<Value> = page
        .into_iter()
        .map(|user| {
            let attr =
                |name: &str| attribute(&user.profile, name).map_or(Value::Null, Value::String);
            json!({
                "id": user.id, "status": user.status, "firstName": attr("firstName"),
                "lastName": attr("lastName"), "email": attr("email"), "login": attr("login"),
                "mobilePhone": attr("mobilePhone"), "title": attr("title"),
                "department": attr("department"), "created": user.created,
                "lastLogin": user.last_login,
            })
        })
        .collect();
    Ok(json!({ "count": users.len(), "users": users, "success": true }))
}
