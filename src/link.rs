//! Reading Okta's `Link` headers, which drive pagination.
//!
//! Okta sends `rel="self"` and `rel="next"` as separate header lines, but RFC 8288 also allows
//! several links in one line, so every line is parsed fully. Only `rel="next"` is followed: taking
//! the first `after=` found (the self link) is how other integrations loop forever.

use crate::encode;

/// One link: its target and its relation types.
#[derive(Debug, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub rels: Vec<String>,
}

/// Parses every link in one header value. Malformed parts are skipped, never fatal.
pub fn parse(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let after_start = &rest[start + 1..];
        let Some(end) = after_start.find('>') else {
            break;
        };
        let target = after_start[..end].trim().to_string();
        rest = &after_start[end + 1..];
        // Parameters run to the next link, which starts at a `,` outside quotes.
        let (mut params, next) = split_unquoted(rest, ',');
        rest = next;
        // Only the first `rel` counts (RFC 8288, 3.3). Parameters are split at `;` outside
        // quotes, so a quoted title such as `"a; rel=next"` is never read as a relation.
        let mut rels = None;
        while !params.is_empty() {
            let (param, more) = split_unquoted(params, ';');
            params = more;
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            if rels.is_none() && name.trim().eq_ignore_ascii_case("rel") {
                let value = value.trim().trim_matches('"');
                rels = Some(
                    value
                        .split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect(),
                );
            }
        }
        links.push(Link {
            target,
            rels: rels.unwrap_or_default(),
        });
    }
    links
}

/// Splits `text` at the first `separator` outside a quoted string (where `\` escapes the next
/// character) into the text before it and the text after it.
fn split_unquoted(text: &str, separator: char) -> (&str, &str) {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => return (&text[..i], &text[i + c.len_utf8()..]),
            _ => {}
        }
    }
    (text, "")
}

/// The target of the first `rel="next"` link across all header lines.
pub fn next_target<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<String> {
    lines
        .into_iter()
        .flat_map(parse)
        .find(|link| link.rels.iter().any(|r| r == "next"))
        .map(|l| l.target)
}

/// The decoded value of the `after` query parameter of a URL.
pub fn after_cursor(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == "after").then(|| encode::decode(value)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SELF: &str = r#"<https://x.okta.com/api/v1/users?limit=2>; rel="self""#;
    const NEXT: &str = r#"<https://x.okta.com/api/v1/users?after=00u2&limit=2>; rel="next""#;

    #[test]
    fn separate_lines_follow_only_next() {
        assert_eq!(
            next_target([SELF, NEXT]).as_deref(),
            Some("https://x.okta.com/api/v1/users?after=00u2&limit=2")
        );
        assert_eq!(next_target([SELF]), None);
    }

    #[test]
    fn self_link_with_a_cursor_is_not_mistaken_for_next() {
        let self_with_after = r#"<https://x.okta.com/api/v1/users?after=00u1&limit=2>; rel="self""#;
        assert_eq!(next_target([self_with_after]), None);
        assert_eq!(
            after_cursor(&next_target([self_with_after, NEXT]).unwrap()).as_deref(),
            Some("00u2")
        );
    }

    #[test]
    fn several_links_in_one_line() {
        let line = format!("{SELF}, {NEXT}");
        assert_eq!(parse(&line).len(), 2);
        assert_eq!(
            after_cursor(&next_target([line.as_str()]).unwrap()).as_deref(),
            Some("00u2")
        );
    }

    #[test]
    fn relation_lists_quotes_and_case() {
        let line = r#"<https://a/?after=c%2Bd>; title="a, b; c"; REL="prev NEXT""#;
        assert_eq!(parse(line)[0].rels, vec!["prev", "next"]);
        assert_eq!(
            after_cursor(&next_target([line]).unwrap()).as_deref(),
            Some("c+d")
        );
    }

    #[test]
    fn separators_inside_quotes_are_not_parameters() {
        let semicolon = r#"<https://a/?after=s>; title="x; rel=next"; rel="self""#;
        let escaped =
            r#"<https://a/?after=s>; title="x\", <https://e/?after=e>; rel=next"; rel=self"#;
        assert_eq!(next_target([semicolon, escaped]), None);
        let line = format!("{escaped}, {NEXT}");
        assert_eq!(parse(&line).len(), 2);
        assert_eq!(
            after_cursor(&next_target([line.as_str()]).unwrap()).as_deref(),
            Some("00u2")
        );
    }

    #[test]
    fn only_the_first_rel_counts() {
        assert_eq!(
            next_target([r#"<https://a/?after=s>; rel="self"; rel="next""#]),
            None
        );
    }

    #[test]
    fn garbage_is_ignored() {
        for line in [
            "",
            "no links",
            "<unterminated",
            ">;<",
            "<a>; rel",
            "<a>; =next",
        ] {
            assert_eq!(next_target([line]), None, "{line}");
        }
    }
}
