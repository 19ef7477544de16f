//! Okta's cursor pagination: page sizes, opaque `after` cursors, and the `Link` headers.
//!
//! A cursor names the position of the last record of a page and which list it belongs to, so a
//! cursor from one list is refused by another, and a page resumes correctly even when that
//! record has since been deleted.

use super::errors::ApiError;
use super::model::Position;
use super::request::Request;

/// An endpoint's page size: what `limit` defaults to and the most it may be.
#[derive(Clone, Copy, Debug)]
pub struct PageSize {
    pub default: usize,
    pub max: usize,
}

/// `/users`: 200 by default and at most.
pub const USERS: PageSize = PageSize {
    default: 200,
    max: 200,
};
/// `/users?q=`: 10 by default.
pub const USERS_QUERY: PageSize = PageSize {
    default: 10,
    max: 200,
};
/// `/groups`: 10000 by default and at most.
pub const GROUPS: PageSize = PageSize {
    default: 10_000,
    max: 10_000,
};
/// `/groups?q=`: 300 by default.
pub const GROUPS_QUERY: PageSize = PageSize {
    default: 300,
    max: 10_000,
};
/// `/groups/{id}/users`: 1000 by default and at most.
pub const MEMBERS: PageSize = PageSize {
    default: 1000,
    max: 1000,
};

/// The `limit` of a request: the default when absent, capped at the maximum as Okta does.
pub fn limit(request: &Request, size: PageSize) -> Result<usize, ApiError> {
    match request.param("limit") {
        None => Ok(size.default),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok((n as usize).min(size.max)),
            _ => Err(ApiError::validation(
                "limit",
                vec![format!("limit: must be a positive number, not '{text}'")],
            )),
        },
    }
}

/// Encodes a position in the list named `list` as an opaque, URL-safe cursor.
pub fn encode_cursor(list: &str, position: Position) -> String {
    let plain = format!("{list}:{}:{}", position.created, position.seq);
    plain.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The `after` of a request, if any, as a position in `list`: E0000029 for anything else.
pub fn after(request: &Request, list: &str) -> Result<Option<Position>, ApiError> {
    let Some(cursor) = request.param("after") else {
        return Ok(None);
    };
    decode_cursor(list, &cursor)
        .map(Some)
        .ok_or_else(ApiError::invalid_paging)
}

fn decode_cursor(list: &str, cursor: &str) -> Option<Position> {
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16).ok())
        .collect();
    let plain = String::from_utf8(bytes?).ok()?;
    let rest = plain.strip_prefix(list)?.strip_prefix(':')?;
    let (created, seq) = rest.split_once(':')?;
    Some(Position {
        created: created.parse().ok()?,
        seq: seq.parse().ok()?,
    })
}

/// Takes one page from `items`, which must already start after the cursor; says whether more
/// remain.
pub fn take_page<T>(items: impl Iterator<Item = T>, limit: usize) -> (Vec<T>, bool) {
    let mut page: Vec<T> = items.take(limit + 1).collect();
    let more = page.len() > limit;
    page.truncate(limit);
    (page, more)
}

/// The cursor after a page's last record, when more records follow it.
pub fn next_cursor(list: &str, last: Option<Position>, more: bool) -> Option<String> {
    last.filter(|_| more)
        .map(|position| encode_cursor(list, position))
}

/// `Link` headers, one line per relation as Okta sends them: `self` always, and `next` when
/// there is a next page. Other query parameters are repeated as the request sent them.
pub fn link_headers(
    request: &Request,
    limit: usize,
    next: Option<String>,
) -> Vec<(String, String)> {
    let others: Vec<String> = request
        .raw_query
        .iter()
        .filter(|(name, _)| name != "limit" && name != "after")
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let target = |after: Option<&str>| {
        let mut query = Vec::new();
        if let Some(after) = after {
            query.push(format!("after={after}"));
        }
        query.push(format!("limit={limit}"));
        query.extend(others.iter().cloned());
        format!("{}{}?{}", request.base, request.raw_path, query.join("&"))
    };
    let current_after = request
        .raw_query
        .iter()
        .find(|(name, _)| name == "after")
        .map(|(_, value)| value.as_str());
    let mut headers = vec![(
        "link".to_string(),
        format!("<{}>; rel=\"self\"", target(current_after)),
    )];
    if let Some(next) = next {
        headers.push((
            "link".to_string(),
            format!("<{}>; rel=\"next\"", target(Some(&next))),
        ));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_one_list() {
        let position = Position {
            created: 1_598_552_364_000,
            seq: 42,
        };
        let cursor = encode_cursor("users", position);
        assert!(cursor.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(decode_cursor("users", &cursor), Some(position));
        assert_eq!(decode_cursor("groups", &cursor), None);
        for bad in ["", "zz", "abc", "00u1234567890", "é"] {
            assert_eq!(decode_cursor("users", bad), None, "{bad}");
        }
    }
}
