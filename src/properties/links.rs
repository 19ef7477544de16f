//! Property tests of Okta's `Link` headers and the cursors read from them.

use super::*;

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
