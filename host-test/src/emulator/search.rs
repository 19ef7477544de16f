//! The `search` dialect: most attributes, operators `eq sw co gt ge lt le pr` joined by `and`
//! and `or`, and string values compared case-insensitively (attribute names stay
//! case-sensitive). Okta documents that `ne` is not supported in search.

use super::attributes::DATE_ATTRIBUTES;
use super::errors::ApiError;
use super::expression::{Comparison, Literal, Operator, Query, parse};
use super::filter::parse_filter;
use super::request::Request;
use super::timestamps::parse_iso;

/// What a search runs over, which decides the attributes it may name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Users,
    Groups,
}

const USER_ATTRIBUTES: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "type.id",
];
const GROUP_ATTRIBUTES: &[&str] = &[
    "id",
    "type",
    "created",
    "lastUpdated",
    "lastMembershipUpdated",
    "source.id",
];

/// The query of a list request: its `search` or its `filter` (E0000031 for both), if any.
pub fn list_query(request: &Request, target: Target) -> Result<Option<Query>, ApiError> {
    match (request.param("search"), request.param("filter")) {
        (Some(_), Some(_)) => Err(ApiError::search_and_filter()),
        (Some(search), None) => parse_search(&search, target).map(Some),
        (None, Some(filter)) => parse_filter(&filter, target).map(Some),
        (None, None) => Ok(None),
    }
}

/// Parses and checks a `search` expression: E0000031 if it is malformed or unsupported.
pub fn parse_search(text: &str, target: Target) -> Result<Query, ApiError> {
    let expr = parse(text).map_err(ApiError::invalid_search)?;
    for comparison in expr.comparisons() {
        check(comparison, target)?;
    }
    Ok(Query::new(expr, true))
}

fn check(comparison: &Comparison, target: Target) -> Result<(), ApiError> {
    let attribute = comparison.attribute.as_str();
    let known = match target {
        Target::Users => USER_ATTRIBUTES,
        Target::Groups => GROUP_ATTRIBUTES,
    };
    let is_profile = attribute
        .strip_prefix("profile.")
        .is_some_and(|name| !name.is_empty());
    if !is_profile && !known.contains(&attribute) {
        return Err(ApiError::invalid_search(format!(
            "'{attribute}' cannot be searched"
        )));
    }
    let operator = comparison.operator;
    if matches!(operator, Operator::Ne | Operator::Ew) {
        return Err(ApiError::invalid_search(format!(
            "the operator '{operator}' is not supported in search"
        )));
    }
    if DATE_ATTRIBUTES.contains(&attribute) {
        check_date(comparison)?;
    }
    Ok(())
}

/// Timestamps compare as instants: no `sw`/`co`, and the value must be an ISO 8601 date.
pub fn check_date(comparison: &Comparison) -> Result<(), ApiError> {
    match (&comparison.operator, &comparison.value) {
        (Operator::Pr, _) => Ok(()),
        (Operator::Sw | Operator::Co | Operator::Ew, _) => Err(ApiError::invalid_search(format!(
            "'{}' is a date and cannot be matched as text",
            comparison.attribute
        ))),
        (_, Some(Literal::Text(text))) if parse_iso(text).is_some() => Ok(()),
        (_, Some(Literal::Null)) => Ok(()),
        _ => Err(ApiError::invalid_date()),
    }
}
