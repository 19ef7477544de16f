//! The System Log: `/api/v1/logs`.
//!
//! Okta's log is a polling feed. Without `until`, every answer links a next page, even at the
//! end of the data, so that a client can ask again later for what happened since. `returnAll`
//! therefore stops at the first page shorter than it asked for (see `Paging::polling`), and the
//! output's `nextCursor` is what a workflow stores to poll from next time; `hasMore` says
//! whether more events were already waiting.

use crate::call::connect;
use crate::input::{self, invalid};
use crate::limits::MAX_LOGS_PAGE;
use crate::model::{Fields, FromJson, FromObject};
use crate::okta::system_log::*;
use crate::okta::types::OktaError;
use crate::paging::{self, Paging};
use serde_json::{Map, Value};

/// Okta's page when no limit is given.
const DEFAULT_PAGE: u32 = 100;
/// Okta's bounds on `q`: keywords and their length.
const MAX_KEYWORDS: usize = 10;
const MAX_KEYWORD_CHARS: usize = 40;

impl FromObject for LogTarget {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.text("id"),
            type_: f.text("type"),
            alternate_id: f.text("alternateId"),
            display_name: f.text("displayName"),
        };
        f.done(shape)
    }
}

impl FromObject for LogEvent {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        // The whole event first, before its members are taken out below.
        let event_json = serde_json::to_string(o).ok();
        let targets = match o.remove("target") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => Vec::<LogTarget>::from_json(value)?,
        };
        let mut f = Fields::new(o);
        let shape = Self {
            actor_id: f.text_at("/actor/id"),
            actor_type: f.text_at("/actor/type"),
            actor_alternate_id: f.text_at("/actor/alternateId"),
            actor_display_name: f.text_at("/actor/displayName"),
            outcome_result: f.text_at("/outcome/result"),
            outcome_reason: f.text_at("/outcome/reason"),
            uuid: f.required("uuid"),
            published: f.text("published"),
            event_type: f.text("eventType"),
            severity: f.text("severity"),
            display_message: f.text("displayMessage"),
            targets,
            event_json,
        };
        f.done(shape)
    }
}

/// An ISO 8601 time as Okta takes it (`2026-12-01T00:00:00Z`, with fractions or an offset):
/// the shape only, so a typo is named here instead of coming back as Okta's 400.
fn timestamp(field: &str, value: &Option<String>) -> Result<Option<String>, OktaError> {
    let Some(value) = input::optional(field, value)? else {
        return Ok(None);
    };
    if !is_iso_time(&value) {
        return Err(invalid(
            field,
            "must be an ISO 8601 time with a zone, e.g. 2026-12-01T00:00:00Z",
        ));
    }
    Ok(Some(value))
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `+HH:MM` / `-HH:MM`.
fn is_iso_time(value: &str) -> bool {
    let shaped = |text: &str, shape: &str| {
        text.len() == shape.len()
            && text.bytes().zip(shape.bytes()).all(|(c, s)| match s {
                b'd' => c.is_ascii_digit(),
                _ => c == s,
            })
    };
    const DATE_TIME: &str = "dddd-dd-ddTdd:dd:dd";
    let Some((date_time, rest)) = value.split_at_checked(DATE_TIME.len()) else {
        return false;
    };
    let zone = match rest.strip_prefix('.') {
        Some(fraction) => {
            let zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
            if zone.len() == fraction.len() {
                return false;
            }
            zone
        }
        None => rest,
    };
    let offset = zone
        .strip_prefix('+')
        .or_else(|| zone.strip_prefix('-'))
        .is_some_and(|o| shaped(o, "dd:dd"));
    shaped(date_time, DATE_TIME) && (zone == "Z" || offset)
}

/// `q`: keywords, all of which must appear.
fn keywords(value: &Option<String>) -> Result<Option<String>, OktaError> {
    let Some(q) = input::optional("q", value)? else {
        return Ok(None);
    };
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.len() > MAX_KEYWORDS {
        return Err(invalid(
            "q",
            format!("has more than {MAX_KEYWORDS} keywords"),
        ));
    }
    if words.iter().any(|w| w.chars().count() > MAX_KEYWORD_CHARS) {
        let reason = format!("has a keyword longer than {MAX_KEYWORD_CHARS} characters");
        return Err(invalid("q", reason));
    }
    Ok(Some(q))
}

pub fn get_logs(input: GetLogsInput) -> Result<GetLogsOutput, OktaError> {
    let paging = Paging::of(&input, MAX_LOGS_PAGE)?.polling(DEFAULT_PAGE);
    let since = timestamp("since", &input.since)?;
    let until = timestamp("until", &input.until)?;
    if since.is_some() && paging.has_cursor() {
        return Err(invalid(
            "since",
            "is already held in the cursor given in after; leave one of them empty",
        ));
    }
    let mut query = Vec::new();
    query.extend(since.map(|s| ("since", s)));
    query.extend(until.map(|u| ("until", u)));
    query.extend(input::optional("filter", &input.filter)?.map(|f| ("filter", f)));
    query.extend(keywords(&input.q)?.map(|q| ("q", q)));
    if let Some(order) = input::optional("sortOrder", &input.sort_order)? {
        let order = input::one_of("sortOrder", &order, &["ASCENDING", "DESCENDING"])?;
        query.push(("sortOrder", order.to_string()));
    }
    let client = connect(&input.connection)?;
    let page = paging::list(&client, "/logs", query, MAX_LOGS_PAGE, paging, |e| e)?;
    Ok(GetLogsOutput {
        count: page.items.len() as u32,
        events: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

#[cfg(test)]
mod tests {
    use super::is_iso_time;

    #[test]
    fn iso_times_are_told_from_typos() {
        for good in [
            "2026-12-01T00:00:00Z",
            "2026-12-01T00:00:00.000Z",
            "2026-12-01T09:30:00+01:00",
            "2026-12-01T09:30:00.5-08:00",
        ] {
            assert!(is_iso_time(good), "{good}");
        }
        for bad in [
            "2026-12-01",
            "2026-12-01 00:00:00Z",
            "2026-12-01T00:00:00",
            "2026-12-01T00:00:00.Z",
            "2026-12-01T00:00:00+0100",
            "yesterday",
            "2026-12-01T00:00:00Zé",
            "é026-12-01T00:00:00Z",
        ] {
            assert!(!is_iso_time(bad), "{bad}");
        }
    }
}
