//! The outbound allowlist the host enforces: deny by default, allow the hosts blocks.json
//! declares plus any the embedder adds. The guest never decides where it may connect.

#[derive(Clone, Debug, Default)]
pub struct Egress {
    patterns: Vec<String>,
}

impl Egress {
    /// Allows the given patterns: `*.okta.com` (any subdomain), `host` (any port) or
    /// `host:port`.
    pub fn new(patterns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            patterns: patterns
                .into_iter()
                .map(|p| p.into().to_ascii_lowercase())
                .collect(),
        }
    }

    /// Adds one more pattern, for example a loopback emulator's `127.0.0.1:8080`.
    pub fn allow(mut self, pattern: &str) -> Self {
        self.patterns.push(pattern.to_ascii_lowercase());
        self
    }

    /// Whether a request to this authority (`host` or `host:port`) may leave the host.
    pub fn allows(&self, authority: &str) -> bool {
        let authority = authority.to_ascii_lowercase();
        let host = host_of(&authority);
        self.patterns
            .iter()
            .any(|pattern| match pattern.strip_prefix("*.") {
                Some(suffix) => {
                    host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}"))
                }
                None if has_port(pattern) => *pattern == authority,
                None => *pattern == host,
            })
    }
}

fn has_port(pattern: &str) -> bool {
    match pattern.strip_prefix('[') {
        Some(rest) => rest.contains("]:"),
        None => pattern.contains(':'),
    }
}

fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority.split_inclusive(']').next().unwrap_or(authority);
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}

#[cfg(test)]
mod tests {
    use super::Egress;

    #[test]
    fn wildcard_matches_subdomains_only() {
        let egress = Egress::new(["*.okta.com"]);
        assert!(egress.allows("dev-1.okta.com"));
        assert!(egress.allows("DEV-1.OKTA.COM:443"));
        assert!(!egress.allows("okta.com"));
        assert!(!egress.allows("evilokta.com"));
        assert!(!egress.allows("dev.okta.com.evil.com"));
    }

    #[test]
    fn explicit_hosts_and_ports() {
        let egress = Egress::new(["*.okta.com"])
            .allow("127.0.0.1:8080")
            .allow("localhost");
        assert!(egress.allows("127.0.0.1:8080"));
        assert!(!egress.allows("127.0.0.1:8081"));
        assert!(egress.allows("localhost:1234"));
        assert!(!egress.allows("[::1]:8080"));
        assert!(Egress::new(["[::1]:80"]).allows("[::1]:80"));
    }
}
