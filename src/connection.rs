//! The connection every operation carries: which org to call and how to authenticate.
//!
//! The domain is checked strictly because the API token is sent to it: nothing in the field may
//! redirect the request to another host or smuggle in a path, query or credentials.

use crate::input::invalid;
use crate::okta::types::OktaError;

/// The environment variable an empty `apiKey` is read from (the okta-block CLI reads it too).
pub const TOKEN_VARIABLE: &str = "OKTA_API_TOKEN";

/// A validated org address and credential.
pub struct Connection {
    /// Whether to use https (always, except for loopback emulators).
    pub secure: bool,
    /// `host[:port]`.
    pub authority: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl Connection {
    pub fn new(domain: &str, api_key: &str, auth_scheme: Option<&str>) -> Result<Self, OktaError> {
        let origin = parse_origin(domain).map_err(|reason| invalid("domain", reason))?;
        // An engine that injects secrets through the environment (Obelisk swaps a placeholder
        // for the real token on the way out) sends the field empty.
        let from_environment;
        let token = match api_key.trim() {
            "" => {
                from_environment = std::env::var(TOKEN_VARIABLE).unwrap_or_default();
                from_environment.trim()
            }
            given => given,
        };
        if token.is_empty() {
            return Err(invalid(
                "apiKey",
                "is required (or set OKTA_API_TOKEN in the block's environment)",
            ));
        }
        if token
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            // Never echo the token: say what is wrong with it, not what it is.
            return Err(invalid(
                "apiKey",
                "must be a single token of printable ASCII characters",
            ));
        }
        // API tokens use Okta's own `SSWS` scheme; OAuth 2.0 access tokens use `Bearer`.
        let scheme_name = match auth_scheme.map(str::trim).unwrap_or("") {
            "" => "SSWS",
            s if s.eq_ignore_ascii_case("ssws") => "SSWS",
            s if s.eq_ignore_ascii_case("bearer") => "Bearer",
            _ => {
                return Err(invalid(
                    "authScheme",
                    "must be SSWS (an API token) or Bearer (an OAuth 2.0 access token)",
                ));
            }
        };
        let (scheme, authority) = origin.split_once("://").unwrap_or(("https", &origin));
        Ok(Self {
            secure: scheme == "https",
            authority: authority.to_string(),
            authorization: format!("{scheme_name} {token}"),
        })
    }
}

impl Connection {
    /// The bare credential, for scrubbing it from any text the block returns.
    pub fn token(&self) -> &str {
        self.authorization
            .split_once(' ')
            .map_or("", |(_, token)| token)
    }
}

/// Turns what a user typed into `scheme://host[:port]`, or says why it cannot.
pub fn parse_origin(domain: &str) -> Result<String, String> {
    let trimmed = domain.trim();
    if trimmed.is_empty() {
        return Err("is required".into());
    }
    if trimmed.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain whitespace or control characters".into());
    }
    if !trimmed.is_ascii() {
        return Err(
            "must be an ASCII host name (use the punycode form of an international name)".into(),
        );
    }
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "https" => ("https", rest),
            "http" => ("http", rest),
            _ => return Err(format!("scheme `{scheme}` is not allowed; use https")),
        },
        None => ("https", trimmed),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains('@') {
        return Err("must not contain credentials (`@`)".into());
    }
    if let Some(c) = authority
        .chars()
        .find(|c| matches!(c, '/' | '?' | '#' | '\\'))
    {
        return Err(format!(
            "must be a host name only, without a path, query or fragment (found `{c}`)"
        ));
    }
    let (host, port) = split_host_port(authority)?;
    let host = host.to_ascii_lowercase();
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if !loopback {
        check_dns_name(&host)?;
    }
    if scheme == "http" && !loopback {
        return Err(
            "plain http is allowed only for localhost, 127.0.0.1 or [::1]; use https".into(),
        );
    }
    Ok(match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|r| r.find(']')) {
        // An IPv6 literal: only the loopback address is accepted later on.
        let (host, rest) = authority.split_at(end + 2);
        match rest {
            "" => (host, None),
            _ => (
                host,
                Some(
                    rest.strip_prefix(':')
                        .ok_or("has text after the IPv6 address")?,
                ),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(format!("port `{p}` is not a number from 1 to 65535")),
        },
    };
    if host.is_empty() {
        return Err("has no host name".into());
    }
    Ok((host, port))
}

fn check_dns_name(host: &str) -> Result<(), String> {
    if host.len() > 253 {
        return Err("host name is longer than 253 characters".into());
    }
    if !host.contains('.') {
        return Err("must be a full host name such as dev-123456.okta.com".into());
    }
    for label in host.split('.') {
        let valid = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !valid {
            return Err(format!("`{label}` is not a valid host name label"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_origin;

    #[test]
    fn accepts_the_forms_users_paste() {
        for input in [
            "dev-123.okta.com",
            "https://dev-123.okta.com",
            "https://dev-123.okta.com/",
            "  dev-123.okta.com \n",
            "HTTPS://Dev-123.Okta.com",
        ] {
            assert_eq!(
                parse_origin(input).as_deref(),
                Ok("https://dev-123.okta.com"),
                "{input}"
            );
        }
    }

    #[test]
    fn allows_http_only_for_loopback() {
        assert_eq!(
            parse_origin("http://localhost:8080").as_deref(),
            Ok("http://localhost:8080")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:9").as_deref(),
            Ok("http://127.0.0.1:9")
        );
        assert_eq!(
            parse_origin("http://[::1]:80/").as_deref(),
            Ok("http://[::1]:80")
        );
        assert!(parse_origin("http://dev-123.okta.com").is_err());
        assert!(parse_origin("http://[::2]:80").is_err());
    }

    #[test]
    fn refuses_anything_that_could_redirect_the_token() {
        for input in [
            "",
            "   ",
            "dev.okta.com/api",
            "user@dev.okta.com",
            "dev.okta.com@evil.com",
            "dev.okta.com?x=1",
            "dev.okta.com#frag",
            "dev.okta .com",
            "dev.okta.com\r\nX: y",
            "ftp://dev.okta.com",
            "javascript://dev.okta.com",
            "dev.okta.com:0",
            "dev.okta.com:99999",
            "dev.okta.com:80x",
            "dеv.okta.com",
            "-dev.okta.com",
            "dev..okta.com",
            "localhostx",
            "https://",
            "dev.okta.com\\evil.com",
        ] {
            assert!(parse_origin(input).is_err(), "{input:?} was accepted");
        }
    }
}
