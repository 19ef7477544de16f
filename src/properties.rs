//! Property tests for everything the block reads from untrusted text: Okta's `Link` headers,
//! the URL encoding of user input, the `domain` field, Okta's user and group JSON, and non-2xx
//! answers.
//!
//! Each property runs the case count given to [`config`] (256 to 1000); set `PROPTEST_CASES`
//! to run more, e.g. `PROPTEST_CASES=100000 cargo test -p okta-block properties`.

use crate::client::{Reply, error_from_answer};
use crate::connection::parse_origin;
use crate::encode::{decode, path_segment, query_string, query_value};
use crate::link::{self, after_cursor, next_target};
use crate::model::{FromJson, FromObject, OktaGroup, User};
use crate::okta::types::OktaError;
use crate::transport::Headers;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Value};
use std::time::{Duration, UNIX_EPOCH};

/// `cases` per property, unless `PROPTEST_CASES` is set.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// `text` with each ASCII letter in either case.
fn any_case(text: &'static str) -> impl Strategy<Value = String> {
    vec(any::<bool>(), text.len()).prop_map(move |upper| {
        text.chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// Strings made mostly of the given pieces, plus any string at all.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vec(select(parts), 0..max).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Link headers
// ---------------------------------------------------------------------------------------------

const RELATIONS: &[&str] = &[
    "self",
    "next",
    "prev",
    "previous",
    "first",
    "last",
    "alternate",
    "nextpage",
    "next-page",
];

/// One generated link and what a correct parser must read from it.
#[derive(Debug, Clone)]
struct LinkSpec {
    target: String,
    /// The decoded `after` value in the target's query, if it has one.
    cursor: Option<String>,
    /// The relation types of the first `rel` parameter, lowercased.
    rels: Vec<String>,
    rendered: String,
}

impl LinkSpec {
    fn is_next(&self) -> bool {
        self.rels.iter().any(|r| r == "next")
    }
}

/// A query value as Okta or a proxy may write it: encoded text, or raw URI characters.
fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| query_value(&s)),
        "[A-Za-z0-9._~!$'()*+,;=:@/?%-]{0,12}",
    ]
}

/// A quoted-string parameter value (RFC 8288), with separators, `rel=next` look-alikes and
/// escapes inside the quotes.
fn quoted_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[ !#-\\[\\]-~]{0,8}",
        Just(", ".to_string()),
        Just(";".to_string()),
        Just("; rel=next".to_string()),
        Just("; rel=\\\"next\\\"".to_string()),
        Just(", <https://evil.example/?after=x>; rel=next".to_string()),
        Just("\\\"".to_string()),
        Just("\\\\".to_string()),
        Just("\\,".to_string()),
        any::<String>().prop_map(|s| s.replace(['"', '\\'], "")),
    ];
    vec(piece, 0..5).prop_map(|parts| format!("\"{}\"", parts.concat()))
}

/// A parameter other than `rel`, quoted or as a token.
fn other_param() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        select(&["title", "type", "anchor", "hreflang", "media", "title*"][..])
            .prop_map(String::from),
        "[a-z]{1,8}".prop_filter("not rel", |n| !n.eq_ignore_ascii_case("rel")),
    ];
    let value = prop_oneof![quoted_value(), "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}"];
    (name, value).prop_map(|(name, value)| format!("{name}={value}"))
}

fn link_spec() -> impl Strategy<Value = LinkSpec> {
    let target = (
        select(&["users", "groups", "groups/00g1/users", "users/00u1/groups"][..]),
        vec(
            (
                "[a-z]{1,6}".prop_filter("not after", |k| k != "after"),
                query_text(),
            ),
            0..4,
        ),
        proptest::option::of(any::<String>()),
        any::<Index>(),
        proptest::option::of("[a-z0-9]{0,5}"),
    );
    let relation = (select(RELATIONS), any::<u32>()).prop_map(|(rel, mask)| {
        rel.chars()
            .enumerate()
            .map(|(i, c)| {
                if mask >> (i % 32) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect::<String>()
    });
    let rel_param = proptest::option::of((any_case("rel"), vec(relation, 0..4), any::<bool>()));
    let separator = select(&[";", "; ", " ; ", ";\t"][..]);
    (
        target,
        rel_param,
        vec(other_param(), 0..3),
        vec(other_param(), 0..3),
        separator,
    )
        .prop_map(
            |((path, mut query, cursor, at, fragment), rel, before, after, sep)| {
                let mut pairs: Vec<String> =
                    query.drain(..).map(|(k, v)| format!("{k}={v}")).collect();
                if let Some(cursor) = &cursor {
                    let at = at.index(pairs.len() + 1);
                    pairs.insert(at, format!("after={}", query_value(cursor)));
                }
                let mut target = format!("https://dev-1.okta.com/api/v1/{path}");
                if !pairs.is_empty() {
                    target = format!("{target}?{}", pairs.join("&"));
                }
                if let Some(fragment) = fragment {
                    target = format!("{target}#{fragment}");
                }
                let mut params = before;
                let mut rels = Vec::new();
                if let Some((name, tokens, quoted)) = rel {
                    rels = tokens.iter().map(|t| t.to_ascii_lowercase()).collect();
                    let value = tokens.join(" ");
                    // A token may stand unquoted only when it is one relation.
                    let value = if quoted || tokens.len() != 1 {
                        format!("\"{value}\"")
                    } else {
                        value
                    };
                    params.push(format!("{name}={value}"));
                }
                params.extend(after);
                let mut rendered = format!("<{target}>");
                for param in params {
                    rendered.push_str(sep);
                    rendered.push_str(&param);
                }
                LinkSpec {
                    target,
                    cursor,
                    rels,
                    rendered,
                }
            },
        )
}

/// Links spread over header lines: each link either starts a new line or joins the previous
/// one after a `,`.
fn link_lines() -> impl Strategy<Value = (Vec<LinkSpec>, Vec<Vec<usize>>, Vec<String>)> {
    (
        vec((link_spec(), any::<bool>()), 0..6),
        select(&[", ", ",", " , ", ",\t"][..]),
    )
        .prop_map(|(links, joiner)| {
            let mut groups: Vec<Vec<usize>> = Vec::new();
            for (i, (_, new_line)) in links.iter().enumerate() {
                match groups.last_mut() {
                    Some(group) if !new_line => group.push(i),
                    _ => groups.push(vec![i]),
                }
            }
            let lines = groups
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .map(|&i| links[i].0.rendered.as_str())
                        .collect::<Vec<_>>()
                        .join(joiner)
                })
                .collect();
            let links = links.into_iter().map(|(link, _)| link).collect();
            (links, groups, lines)
        })
}

fn garbage() -> impl Strategy<Value = String> {
    pieces(
        &[
            "<",
            ">",
            ";",
            ",",
            "\"",
            "\\",
            "=",
            "rel",
            "REL",
            "next",
            "self",
            "rel=\"next\"",
            " ",
            "\t",
            "after=",
            "?",
            "&",
            "#",
            "%",
            "%2",
            "%2B",
            "+",
            "https://a/",
            "é",
            "\0",
        ],
        30,
    )
}

proptest! {
    #![proptest_config(config(1000))]

    /// `next_target` finds exactly the first link whose relations include `next` (never a
    /// self link), whatever the query strings, quoted parameters, case and line layout;
    /// `after_cursor` reads back its cursor; every link is parsed with its own relations.
    #[test]
    fn links_follow_only_next((links, groups, lines) in link_lines()) {
        for (line, group) in lines.iter().zip(&groups) {
            let parsed = link::parse(line);
            prop_assert_eq!(parsed.len(), group.len(), "{}", line);
            for (got, &i) in parsed.iter().zip(group) {
                prop_assert_eq!(&got.target, &links[i].target);
                prop_assert_eq!(&got.rels, &links[i].rels);
            }
        }
        let expected = links.iter().find(|l| l.is_next());
        let found = next_target(lines.iter().map(String::as_str));
        prop_assert_eq!(found.as_deref(), expected.map(|l| l.target.as_str()));
        if let (Some(found), Some(expected)) = (found, expected) {
            prop_assert_eq!(after_cursor(&found), expected.cursor.clone());
        }
    }

    /// Nothing a header can contain makes the link reader panic, and whatever it returns as
    /// the next target was written between `<` and `>` in the input.
    #[test]
    fn link_garbage_never_panics(lines in vec(garbage(), 0..4)) {
        for line in &lines {
            let _ = link::parse(line);
            let _ = after_cursor(line);
        }
        if let Some(target) = next_target(lines.iter().map(String::as_str)) {
            prop_assert!(lines.iter().any(|l| l.contains(&target)));
            let _ = after_cursor(&target);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// URL and query building
// ---------------------------------------------------------------------------------------------

/// Only RFC 3986 unreserved characters and `%XX` with uppercase hex digits.
fn only_unreserved_and_escapes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') => i += 1,
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).unwrap_or_default();
                if hex.len() != 2
                    || !hex
                        .iter()
                        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

/// Whether `text` has a `%` that is not followed by two hex digits.
fn has_malformed_escape(text: &str) -> bool {
    text.match_indices('%').any(|(i, _)| {
        !text
            .as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

fn user_text() -> impl Strategy<Value = String> {
    pieces(
        &[
            "a", "Z", "0", "-", ".", "..", "_", "~", "/", "?", "#", "&", "=", "+", " ", "%", "%2F",
            "@", "\r\n", "\t", "\0", "ü", "😀", "\u{202e}",
        ],
        20,
    )
}

proptest! {
    #![proptest_config(config(1000))]

    /// Encoded path segments and query values hold only unreserved characters and `%XX`:
    /// never `/ ? # & = +` or whitespace, and a segment is never a dot-segment.
    #[test]
    fn encoding_leaves_only_unreserved_and_escapes(text in user_text()) {
        for encoded in [path_segment(&text), query_value(&text)] {
            prop_assert!(only_unreserved_and_escapes(&encoded), "{:?} -> {:?}", text, encoded);
            prop_assert!(!encoded.contains(['/', '?', '#', '&', '=', '+']));
            prop_assert!(!encoded.contains(char::is_whitespace));
        }
        let segment = path_segment(&text);
        prop_assert!(segment != "." && segment != "..");
    }

    /// `decode` undoes `query_value` and `path_segment` for any string.
    #[test]
    fn decode_inverts_encoding(text in user_text()) {
        prop_assert_eq!(decode(&query_value(&text)), Some(text.clone()));
        prop_assert_eq!(decode(&path_segment(&text)), Some(text));
    }

    /// `query_string` of any pairs (keys are the block's own constant names) parses back into
    /// the same pairs, in order.
    #[test]
    fn query_string_round_trips(
        pairs in vec(("[a-zA-Z][a-zA-Z0-9_]{0,8}", user_text()), 0..6)
    ) {
        let borrowed: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let query = query_string(&borrowed);
        if pairs.is_empty() {
            prop_assert_eq!(query, "");
            return Ok(());
        }
        let rest = query.strip_prefix('?').expect("starts with ?");
        prop_assert!(!rest.contains(['?', '#', '+', ' ']));
        let parsed: Vec<(String, String)> = rest
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').expect("k=v");
                (k.to_string(), decode(v).expect("decodable"))
            })
            .collect();
        prop_assert_eq!(parsed, pairs);
    }

    /// `decode` never panics, and refuses any `%` not followed by two hex digits.
    #[test]
    fn decode_refuses_malformed_escapes(text in pieces(
        &["%", "%2", "%2B", "%e9", "%C3%A9", "%ff", "+", "+1", "-1", "a", "é", " "], 12)
    ) {
        let decoded = decode(&text);
        if has_malformed_escape(&text) {
            prop_assert_eq!(decoded, None);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Domain validation
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Okta user and group JSON
// ---------------------------------------------------------------------------------------------

fn huge_string() -> impl Strategy<Value = String> {
    (any::<char>(), 0..70_000usize).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect())
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        4 => any::<String>().prop_map(Value::String),
        1 => Just(Value::String(String::new())),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A top-level field: missing (`None`), null, text, or any other JSON.
fn field(text: BoxedStrategy<String>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        2 => Just(None),
        2 => Just(Some(Value::Null)),
        6 => text.prop_map(|s| Some(Value::String(s))),
        1 => huge_string().prop_map(|s| Some(Value::String(s))),
        2 => any_json().prop_map(Some),
    ]
    .boxed()
}

fn timestamp() -> BoxedStrategy<String> {
    prop_oneof![
        Just("2020-08-27T18:21:49.000Z".to_string()),
        Just(String::new()),
        any::<String>(),
    ]
    .boxed()
}

const PROFILE_KEYS: &[&str] = &[
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
    "name",
    "description",
];

/// A profile: missing, null, an object of attributes of any JSON type, or another value.
fn profile() -> BoxedStrategy<Option<Value>> {
    let key = prop_oneof![
        4 => select(PROFILE_KEYS).prop_map(String::from),
        1 => any::<String>(),
    ];
    let value = prop_oneof![
        3 => Just(Value::Null),
        3 => any::<String>().prop_map(Value::String),
        1 => Just(Value::String(String::new())),
        1 => huge_string().prop_map(Value::String),
        3 => any_json(),
    ];
    let object =
        vec((key, value), 0..12).prop_map(|entries| Value::Object(entries.into_iter().collect()));
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        8 => object.prop_map(Some),
        1 => any_json().prop_map(Some),
    ]
    .boxed()
}

/// An Okta-like object: the named fields, each maybe missing, null or of the wrong type,
/// among a few unrelated ones.
fn okta_object(fields: &'static [&'static str]) -> BoxedStrategy<Value> {
    let strategies: Vec<BoxedStrategy<Option<Value>>> = fields
        .iter()
        .map(|&name| match name {
            "profile" => profile(),
            "id" | "status" | "type" => field("[0-9A-Za-z]{0,20}".boxed()),
            _ => field(timestamp()),
        })
        .collect();
    let extras = vec(
        (
            prop_oneof![
                select(&["credentials", "_links", "_embedded", "realmId", "type"][..])
                    .prop_map(String::from),
                any::<String>(),
            ],
            any_json(),
        ),
        0..3,
    );
    (strategies, extras)
        .prop_map(move |(values, extras)| {
            let mut object: Map<String, Value> = extras.into_iter().collect();
            for (name, value) in fields.iter().zip(values) {
                match value {
                    Some(value) => object.insert(name.to_string(), value),
                    None => object.remove(*name),
                };
            }
            Value::Object(object)
        })
        .boxed()
}

const USER_FIELDS: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastLogin",
    "lastUpdated",
    "passwordChanged",
    "profile",
];
const USER_TIMESTAMPS: &[&str] = &[
    "created",
    "activated",
    "statusChanged",
    "lastLogin",
    "lastUpdated",
    "passwordChanged",
];
const GROUP_FIELDS: &[&str] = &[
    "id",
    "type",
    "created",
    "lastUpdated",
    "lastMembershipUpdated",
    "profile",
];
const GROUP_OPTIONAL: &[&str] = &["type", "created", "lastUpdated", "lastMembershipUpdated"];

/// A body as Okta might send it for one object or a page of them, or any other JSON.
fn body(fields: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => okta_object(fields),
        3 => vec(okta_object(fields), 0..4).prop_map(Value::Array),
        1 => any_json(),
    ]
    .prop_map(|value| serde_json::to_vec(&value).expect("JSON"))
}

/// Whether a top-level object has what the struct needs: required text fields, optional
/// text-or-null fields, and a profile that is an object if present.
fn decodable(object: &Map<String, Value>, required: &[&str], optional: &[&str]) -> bool {
    required
        .iter()
        .all(|k| matches!(object.get(*k), Some(Value::String(_))))
        && optional
            .iter()
            .all(|k| matches!(object.get(*k), None | Some(Value::Null | Value::String(_))))
        && matches!(object.get("profile"), None | Some(Value::Object(_)))
}

/// The text a field or attribute must map to: `None` for null or missing, never `Some("")`
/// for them.
fn text_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn profile_of(object: &Map<String, Value>) -> Map<String, Value> {
    match object.get("profile") {
        Some(Value::Object(profile)) => profile.clone(),
        _ => Map::new(),
    }
}

/// Checks each `(name, mapped)` against the source object, and that a null or missing name
/// maps to `None`.
fn check_texts(
    object: &Map<String, Value>,
    mapped: &[(&str, &Option<String>)],
) -> Result<(), TestCaseError> {
    for &(name, got) in mapped {
        prop_assert_eq!(got, &text_of(object, name), "{}", name);
        if matches!(object.get(name), None | Some(Value::Null)) {
            prop_assert!(
                got.is_none(),
                "{} is null or missing but mapped to {:?}",
                name,
                got
            );
        }
    }
    Ok(())
}

fn check_profile_json(
    object: &Map<String, Value>,
    got: &Option<String>,
) -> Result<(), TestCaseError> {
    let expected = serde_json::to_string(&profile_of(object)).expect("JSON");
    prop_assert_eq!(got.as_deref(), Some(expected.as_str()));
    Ok(())
}

fn check_user(object: &Map<String, Value>, user: &User) -> Result<(), TestCaseError> {
    let profile = profile_of(object);
    let (summary, detail, written) = (user.summary(), user.detail(), user.written());
    for id in [&summary.id, &detail.id, &written.id] {
        prop_assert_eq!(Some(id.as_str()), object["id"].as_str());
    }
    for status in [&summary.status, &detail.status, &written.status] {
        prop_assert_eq!(Some(status.as_str()), object["status"].as_str());
    }
    check_texts(
        object,
        &[
            ("created", &summary.created),
            ("lastLogin", &summary.last_login),
            ("lastUpdated", &summary.last_updated),
            ("activated", &summary.activated),
            ("statusChanged", &summary.status_changed),
            ("created", &detail.created),
            ("activated", &detail.activated),
            ("lastLogin", &detail.last_login),
            ("lastUpdated", &detail.last_updated),
            ("statusChanged", &detail.status_changed),
            ("passwordChanged", &detail.password_changed),
            ("created", &written.created),
            ("lastUpdated", &written.last_updated),
        ],
    )?;
    check_texts(
        &profile,
        &[
            ("firstName", &summary.first_name),
            ("lastName", &summary.last_name),
            ("email", &summary.email),
            ("login", &summary.login),
            ("mobilePhone", &summary.mobile_phone),
            ("title", &summary.title),
            ("department", &summary.department),
            ("firstName", &detail.first_name),
            ("lastName", &detail.last_name),
            ("email", &detail.email),
            ("login", &detail.login),
            ("mobilePhone", &detail.mobile_phone),
            ("secondEmail", &detail.second_email),
            ("displayName", &detail.display_name),
            ("title", &detail.title),
            ("department", &detail.department),
            ("organization", &detail.organization),
            ("manager", &detail.manager),
            ("managerId", &detail.manager_id),
            ("division", &detail.division),
            ("employeeNumber", &detail.employee_number),
            ("userType", &detail.user_type),
            ("firstName", &written.first_name),
            ("lastName", &written.last_name),
            ("email", &written.email),
            ("login", &written.login),
        ],
    )?;
    check_profile_json(object, &summary.profile_json)?;
    check_profile_json(object, &detail.profile_json)
}

fn check_group(object: &Map<String, Value>, group: &OktaGroup) -> Result<(), TestCaseError> {
    let wit = group.to_wit();
    prop_assert_eq!(Some(wit.id.as_str()), object["id"].as_str());
    check_texts(
        object,
        &[
            ("type", &wit.type_),
            ("created", &wit.created),
            ("lastUpdated", &wit.last_updated),
            ("lastMembershipUpdated", &wit.last_membership_updated),
        ],
    )?;
    check_texts(
        &profile_of(object),
        &[("name", &wit.name), ("description", &wit.description)],
    )?;
    check_profile_json(object, &wit.profile_json)
}

/// Decodes an answer's body exactly as the block does: through `Reply::json`.
fn decode_answer<T: FromJson>(bytes: &[u8]) -> Result<T, OktaError> {
    let reply = Reply {
        status: 200,
        headers: Headers::default(),
        body: bytes.to_vec(),
    };
    reply.json()
}

/// Decodes `bytes` as one `T` and as a page of them, as the block does, and checks that
/// decoding succeeds exactly when the JSON has the required shape and that every mapping is
/// faithful. Other JSON (a top-level array read as a struct, say) must merely not panic.
fn check_decoding<T: FromObject>(
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    check: impl Fn(&Map<String, Value>, &T) -> Result<(), TestCaseError>,
    map: impl Fn(&T),
) -> Result<(), TestCaseError> {
    let value: Value = serde_json::from_slice(bytes).expect("generated JSON");
    let one = decode_answer::<T>(bytes);
    if let Value::Object(object) = &value {
        prop_assert_eq!(one.is_ok(), decodable(object, required, optional));
    }
    match (&value, &one) {
        (Value::Object(object), Ok(one)) => check(object, one)?,
        (_, Ok(one)) => map(one),
        (_, Err(_)) => {}
    }
    let page = decode_answer::<Vec<T>>(bytes);
    match &value {
        Value::Array(items) => {
            let all = items
                .iter()
                .all(|item| matches!(item, Value::Object(o) if decodable(o, required, optional)));
            if all {
                prop_assert!(page.is_ok());
            }
            if let Ok(page) = &page {
                for (item, decoded) in items.iter().zip(page) {
                    match item {
                        Value::Object(object) => check(object, decoded)?,
                        _ => map(decoded),
                    }
                }
            }
        }
        _ => prop_assert!(page.is_err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Okta-like user JSON decodes exactly when it has the shape the block needs, and every
    /// mapping of a decoded user copies text as it is, shows other JSON as JSON, and maps
    /// null or missing values to `None`.
    #[test]
    fn user_json_maps_faithfully(bytes in body(USER_FIELDS)) {
        check_decoding::<User>(
            &bytes,
            &["id", "status"],
            USER_TIMESTAMPS,
            check_user,
            |u| {
                let _ = (u.summary(), u.detail(), u.written());
            },
        )?;
    }

    /// The same for groups and `to_wit`.
    #[test]
    fn group_json_maps_faithfully(bytes in body(GROUP_FIELDS)) {
        check_decoding::<OktaGroup>(&bytes, &["id"], GROUP_OPTIONAL, check_group, |g| {
            let _ = g.to_wit();
        })?;
    }

    /// Bytes that are not JSON at all fail to decode, and never panic.
    #[test]
    fn non_json_bodies_fail_cleanly(bytes in vec(any::<u8>(), 0..300)) {
        if serde_json::from_slice::<Value>(&bytes).is_err() {
            prop_assert!(decode_answer::<User>(&bytes).is_err());
            prop_assert!(decode_answer::<Vec<OktaGroup>>(&bytes).is_err());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Non-2xx answers
// ---------------------------------------------------------------------------------------------

/// Latest time `httpdate` can format: the end of year 9999.
const MAX_HTTP_DATE: u64 = 253_402_300_799;

fn http_date(seconds: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds))
}

fn header_entry() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        4 => select(&[
            "x-rate-limit-reset",
            "X-Rate-Limit-Reset",
            "date",
            "location",
            "content-type",
            "x-okta-request-id",
            "x-rate-limit-remaining",
            "link",
        ][..])
        .prop_map(String::from),
        1 => "[a-zA-Z][a-zA-Z0-9-]{0,12}",
    ];
    let value = prop_oneof![
        any::<u64>().prop_map(|n| n.to_string().into_bytes()),
        Just(u64::MAX.to_string().into_bytes()),
        Just(b" 1598552525 ".to_vec()),
        (0..=MAX_HTTP_DATE).prop_map(|s| http_date(s).into_bytes()),
        (0..=120u64).prop_map(|s| http_date(s).into_bytes()),
        Just(b"Thu, 01 Jan 1970 00:00:00 GMT".to_vec()),
        Just(b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec()),
        Just(b"Sunday, 06-Nov-94 08:49:37 GMT".to_vec()),
        Just(b"Fri, 31 Dec 9999 23:59:59 GMT".to_vec()),
        Just(b"Wed, 32 Feb 2024 25:61:61 GMT".to_vec()),
        Just(b"not a date".to_vec()),
        "[ -~]{0,40}".prop_map(String::into_bytes),
        vec(any::<u8>(), 0..40),
        vec(128..=255u8, 1..10),
    ];
    (name, value)
}

/// `Date` and `X-Rate-Limit-Reset`, each maybe absent, biased to the edges of their ranges.
fn rate_limit_headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let date = prop_oneof![
        Just(0u64),
        0..=120u64,
        1_500_000_000..=2_000_000_000u64,
        0..=MAX_HTTP_DATE,
    ];
    let reset = prop_oneof![
        Just(u64::MAX),
        any::<u64>(),
        1_500_000_000..=2_000_000_000u64,
    ];
    (proptest::option::of(date), proptest::option::of(reset)).prop_map(|(date, reset)| {
        let mut headers = Vec::new();
        if let Some(date) = date {
            headers.push(("date".to_string(), http_date(date).into_bytes()));
        }
        if let Some(reset) = reset {
            headers.push((
                "x-rate-limit-reset".to_string(),
                reset.to_string().into_bytes(),
            ));
        }
        headers
    })
}

/// Any status, with the ones the block treats specially more often.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => 100..=599u16,
        2 => select(&[301, 302, 400, 401, 403, 404, 405, 409, 429, 500, 502, 503, 504][..]),
    ]
}

/// Headers as the runtime's list delivers them: every entry, in order.
fn header_map(entries: &[(String, Vec<u8>)]) -> Headers {
    Headers::from(entries.to_vec())
}

fn error_body() -> impl Strategy<Value = Vec<u8>> {
    let text = || {
        prop_oneof![
            Just(Value::Null),
            any::<String>().prop_map(Value::String),
            any_json()
        ]
    };
    let cause = proptest::option::of(text()).prop_map(|summary| {
        let mut cause = Map::new();
        if let Some(summary) = summary {
            cause.insert("errorSummary".into(), summary);
        }
        Value::Object(cause)
    });
    let okta = (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(prop_oneof![
            vec(cause, 0..3).prop_map(Value::Array),
            any_json()
        ]),
    )
        .prop_map(|(code, summary, causes)| {
            let mut body = Map::new();
            for (name, value) in [
                ("errorCode", code),
                ("errorSummary", summary),
                ("errorCauses", causes),
            ] {
                if let Some(value) = value {
                    body.insert(name.into(), value);
                }
            }
            serde_json::to_vec(&Value::Object(body)).expect("JSON")
        });
    prop_oneof![
        3 => okta,
        1 => Just(Vec::new()),
        1 => Just(b"<html><body>502 Bad Gateway</body></html>".to_vec()),
        2 => vec(any::<u8>(), 0..200),
        1 => any_json().prop_map(|v| serde_json::to_vec(&v).expect("JSON")),
    ]
}

/// The first value of `name` that is visible ASCII, as the block reads headers.
fn first_header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.get(name)
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any status from 100 to 599 with any headers and body maps, without panicking, to the
    /// error case of its class, carrying that status and the request id; a 429 carries the
    /// reset time and a wait of at least one second whenever the answer dates itself.
    #[test]
    fn answers_map_to_their_error_class(
        status in status(),
        (first, more) in (rate_limit_headers(), vec(header_entry(), 0..8)),
        body in error_body(),
    ) {
        let headers = header_map(&[first, more].concat());
        let error = error_from_answer(status, &headers, &body);
        let request_id = first_header(&headers, "x-okta-request-id").map(String::from);
        let api = match (status, &error) {
            (401, OktaError::Unauthorized(api))
            | (403, OktaError::Forbidden(api))
            | (404, OktaError::NotFound(api))
            | (500..=599, OktaError::Upstream(api)) => api,
            (429, OktaError::RateLimited(limit)) => {
                let reset = first_header(&headers, "x-rate-limit-reset")
                    .and_then(|v| v.trim().parse::<u64>().ok());
                prop_assert_eq!(limit.reset_at, reset);
                let now = first_header(&headers, "date")
                    .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
                match (reset, now) {
                    (Some(reset), Some(now)) => prop_assert_eq!(
                        limit.retry_after_seconds,
                        Some(reset.saturating_sub(now.as_secs()).saturating_add(1))
                    ),
                    _ => prop_assert_eq!(limit.retry_after_seconds, None),
                }
                &limit.error
            }
            (400..=499, OktaError::Rejected(api)) if !matches!(status, 401 | 403 | 404 | 429) => {
                api
            }
            (100..=399, OktaError::InvalidResponse(response)) => {
                prop_assert_eq!(response.status, status);
                prop_assert_eq!(&response.request_id, &request_id);
                return Ok(());
            }
            _ => {
                return Err(TestCaseError::fail(format!("status {status} mapped to {error:?}")));
            }
        };
        prop_assert_eq!(api.status, status);
        prop_assert_eq!(&api.request_id, &request_id);
        prop_assert!(api.error_summary.is_some() || api.error_code.is_some());
    }
}

/// A 429 dated at the epoch with the largest reset used to overflow `reset - now + 1`.
#[test]
fn rate_limit_reset_at_the_end_of_time_does_not_overflow() {
    let headers = header_map(&[
        ("date".into(), http_date(0).into_bytes()),
        (
            "x-rate-limit-reset".into(),
            u64::MAX.to_string().into_bytes(),
        ),
    ]);
    match error_from_answer(429, &headers, b"") {
        OktaError::RateLimited(limit) => {
            assert_eq!(limit.reset_at, Some(u64::MAX));
            assert_eq!(limit.retry_after_seconds, Some(u64::MAX));
        }
        other => panic!("{other:?}"),
    }
}
