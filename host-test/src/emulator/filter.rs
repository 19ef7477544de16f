//! The `filter` dialect: a fixed set of attributes, `eq` only except on timestamps (which also
//! take `gt ge lt le`), `and`/`or`, and values compared case-sensitively, as Okta documents.

use super::errors::ApiError;
use super::expression::{Comparison, Operator, Query, parse};
use super::search::{Target, check_date};

const EQUALITY: &[Operator] = &[Operator::Eq];
const ORDERING: &[Operator] = &[
    Operator::Eq,
    Operator::Gt,
    Operator::Ge,
    Operator::Lt,
    Operator::Le,
];

/// The attributes a filter may name, and the operators each takes.
fn allowed(target: Target, attribute: &str) -> Option<&'static [Operator]> {
    match (target, attribute) {
        (Target::Users, "status" | "id")
        | (
            Target::Users,
            "profile.login" | "profile.email" | "profile.firstName" | "profile.lastName",
        ) => Some(EQUALITY),
        (Target::Users, "lastUpdated") => Some(ORDERING),
        (Target::Groups, "id" | "type") => Some(EQUALITY),
        (Target::Groups, "lastUpdated" | "lastMembershipUpdated") => Some(ORDERING),
        _ => None,
    }
}

/// Parses and checks a `filter` expression: E0000031 if it is malformed or unsupported.
pub fn parse_filter(text: &str, target: Target) -> Result<Query, ApiError> {
    let expr = parse(text).map_err(ApiError::invalid_search)?;
    for comparison in expr.comparisons() {
        check(comparison, target)?;
    }
    Ok(Query::new(expr, false))
}

fn check(comparison: &Comparison, target: Target) -> Result<(), ApiError> {
    let attribute = comparison.attribute.as_str();
    let operators = allowed(target, attribute)
        .ok_or_else(|| ApiError::invalid_search(format!("'{attribute}' cannot be filtered on")))?;
    if !operators.contains(&comparison.operator) {
        return Err(ApiError::invalid_search(format!(
            "'{attribute}' does not support the operator '{}' in a filter",
            comparison.operator
        )));
    }
    if operators == ORDERING {
        check_date(comparison)?;
    }
    Ok(())
}
