//! Property tests of the `domain` field's validation.

use super::*;

fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What `parse_origin` may return: `https://` and a lowercase DNS name, or `https://` or
/// `http://` and a loopback host, with an optional port from 1 to 65535 in canonical form.
fn is_origin(origin: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    if authority.contains(['@', '/', '?', '#', '\\']) || authority.contains(char::is_whitespace) {
        return false;
    }
    let (host, port) = match authority.strip_prefix("[::1]") {
        Some("") => ("[::1]", None),
        Some(rest) => match rest.strip_prefix(':') {
            Some(port) => ("[::1]", Some(port)),
            None => return false,
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0 && n.to_string() == p));
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    let dns = host.len() <= 253 && host.contains('.') && host.split('.').all(is_dns_label);
    port_ok && (loopback && matches!(scheme, "https" | "http") || dns && scheme == "https")
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]",
        "[a-z0-9][a-z0-9-]{0,8}[a-z0-9]",
        "[a-z0-9][a-z0-9-]{0,61}[a-z0-9]",
    ]
}

/// A valid host name and an optional port.
fn valid_host() -> impl Strategy<Value = (String, Option<u16>)> {
    (
        vec(label(), 2..6)
            .prop_map(|labels| labels.join("."))
            .prop_filter("at most 253 characters", |h| h.len() <= 253),
        proptest::option::of(1..=u16::MAX),
    )
}

fn with_port(host: &str, port: Option<u16>) -> String {
    match port {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

const INJECTED: &[&str] = &[
    "@", "user:pw@", "/x", "/", "?", "?x=1", "#", "#f", "\\", "\r", "\n", "\r\n", " ", "\t", "\0",
    "\u{0435}", // Cyrillic е
    "\u{043e}", // Cyrillic о
    "\u{0430}", // Cyrillic а
    "\u{0131}", // dotless ı
    "\u{ff0e}", // fullwidth full stop
    "\u{3002}", // ideographic full stop
    "\u{2010}", // hyphen
    "\u{200b}", // zero-width space
    "\u{a0}",   // no-break space
    "\u{ff20}", // fullwidth @
    "\u{2215}", // division slash
];

const ORIGIN_PIECES: &[&str] = &[
    "https://",
    "http://",
    "HTTP://",
    "ftp://",
    "://",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "[",
    "]",
    ":",
    ":80",
    ":0",
    ":65536",
    ":443",
    "@",
    "/",
    "?",
    "#",
    "\\",
    ".",
    "..",
    "-",
    "a",
    "okta",
    "com",
    "dev-1",
    " ",
    "\t",
    "\r\n",
    "\u{0435}",
    "\u{ff05}",
    "\u{200b}",
];

proptest! {
    #![proptest_config(config(1000))]

    /// `parse_origin` never panics; whatever it accepts is a well-formed origin that it
    /// accepts again unchanged.
    #[test]
    fn accepted_domains_are_origins(input in pieces(ORIGIN_PIECES, 12)) {
        if let Ok(origin) = parse_origin(&input) {
            prop_assert!(is_origin(&origin), "{:?} -> {:?}", input, origin);
            prop_assert_eq!(parse_origin(&origin), Ok(origin.clone()));
        }
    }

    /// Every form a user may paste of a valid host (scheme, trailing `/`, surrounding
    /// whitespace, any case) is accepted and normalised to the same origin.
    #[test]
    fn valid_hosts_are_accepted_in_every_form(
        (host, port) in valid_host(),
        scheme in select(&["", "https://", "HTTPS://", "Https://", "hTTpS://"][..]),
        slash in any::<bool>(),
        lead in select(&["", " ", "\t", "\n ", "\r\n"][..]),
        trail in select(&["", " ", "\t", "\n", "\r\n "][..]),
        mask in vec(any::<bool>(), 300),
    ) {
        let expected = format!("https://{}", with_port(&host, port));
        let cased: String = with_port(&host, port)
            .chars()
            .zip(mask)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect();
        let input = format!("{lead}{scheme}{cased}{}{trail}", if slash { "/" } else { "" });
        prop_assert_eq!(parse_origin(&input), Ok(expected.clone()), "{:?}", input);
        prop_assert_eq!(parse_origin(&expected), Ok(expected));
    }

    /// A valid host with `@`, a path, a query, a fragment, a backslash, whitespace or control
    /// characters, or a non-ASCII look-alike injected inside it is refused.
    #[test]
    fn injected_hosts_are_refused(
        (host, port) in valid_host(),
        injected in select(INJECTED),
        at in any::<Index>(),
        scheme in select(&["", "https://"][..]),
    ) {
        let text = with_port(&host, port);
        // Inside the text: whitespace at either end is trimmed, as users expect.
        let at = 1 + at.index(text.len() - 1);
        let input = format!("{scheme}{}{injected}{}", &text[..at], &text[at..]);
        prop_assert!(parse_origin(&input).is_err(), "{:?} was accepted", input);
    }
}
