//! `/api/v1/groups/rules`: create, read, replace, list, activate, deactivate and delete group
//! rules, with the states of Okta's Group Rules reference: a rule is created `INACTIVE`, may be
//! changed only while `INACTIVE` (and never its groups), and may not be deleted while `ACTIVE`.
//! What an active rule does to memberships is in [`super::rule_engine`].

use super::answer::{Answer, Handled};
use super::errors::ApiError;
use super::logs::{self, LogTarget};
use super::model::GroupType;
use super::paging::{self, PageSize};
use super::router::Context;
use super::rule_engine::{Rule, RuleRecord, RuleStatus};
use super::rule_expression::{self, Expression};
use super::store::{Org, non_blank};
use super::timestamps::iso;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

const LIST: &str = "rules";
/// `/groups/rules`: 50 by default, 200 at most.
const RULES: PageSize = PageSize {
    default: 50,
    max: 200,
};
const MAX_NAME: usize = 50;
/// Okta's limits: a rule assigns to at most 100 groups and excludes at most 100 users.
const MAX_GROUPS: usize = 100;
const MAX_EXCLUDED: usize = 100;
const EXPRESSION_TYPE: &str = "urn:okta:expression:1.0";
const GROUP_IDS: &str = "actions.assignUserToGroups.groupIds";
const EXCLUDED: &str = "conditions.people.users.exclude";

/// The attributes of Okta's base user profile, which an expression may name even when no user
/// has a value for them yet.
const BASE_ATTRIBUTES: &[&str] = &[
    "login",
    "email",
    "secondEmail",
    "firstName",
    "lastName",
    "middleName",
    "honorificPrefix",
    "honorificSuffix",
    "title",
    "displayName",
    "nickName",
    "profileUrl",
    "primaryPhone",
    "mobilePhone",
    "streetAddress",
    "city",
    "state",
    "zipCode",
    "postalAddress",
    "countryCode",
    "preferredLanguage",
    "locale",
    "timezone",
    "userType",
    "employeeNumber",
    "costCenter",
    "organization",
    "division",
    "department",
    "managerId",
    "manager",
];

fn find<'a>(org: &'a Org, id: &str) -> Result<&'a Rule, ApiError> {
    org.rules
        .get(id)
        .ok_or_else(|| ApiError::not_found(id, "GroupRule"))
}

// ----- the JSON -----

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleView<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    status: &'static str,
    name: &'a str,
    created: String,
    last_updated: String,
    conditions: Conditions<'a>,
    actions: Actions<'a>,
    #[serde(rename = "_embedded", skip_serializing_if = "Option::is_none")]
    embedded: Option<Embedded>,
}

#[derive(Serialize)]
struct Conditions<'a> {
    /// Okta shows `people` only for a rule that excludes someone.
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<People<'a>>,
    expression: ExpressionView<'a>,
}

#[derive(Serialize)]
struct People<'a> {
    users: Exclude<'a>,
    groups: Exclude<'a>,
}

#[derive(Serialize)]
struct Exclude<'a> {
    exclude: &'a [String],
}

#[derive(Serialize)]
struct ExpressionView<'a> {
    value: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Actions<'a> {
    assign_user_to_groups: GroupIds<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupIds<'a> {
    group_ids: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Embedded {
    group_id_to_group_name_map: Map<String, Value>,
}

impl<'a> RuleView<'a> {
    /// `expand=groupIdToGroupNameMap` embeds the names of the rule's groups.
    fn new(record: &'a RuleRecord, org: &Org, expand: bool) -> Self {
        let embedded = expand.then(|| Embedded {
            group_id_to_group_name_map: record
                .group_ids
                .iter()
                .filter_map(|id| Some((id.clone(), Value::from(org.group(id)?.name()))))
                .collect(),
        });
        Self {
            kind: "group_rule",
            id: &record.id,
            status: record.status.as_str(),
            name: &record.name,
            created: iso(record.created),
            last_updated: iso(record.last_updated),
            conditions: Conditions {
                people: (!record.excluded_users.is_empty()).then_some(People {
                    users: Exclude {
                        exclude: &record.excluded_users,
                    },
                    groups: Exclude { exclude: &[] },
                }),
                expression: ExpressionView {
                    value: &record.expression,
                    kind: EXPRESSION_TYPE,
                },
            },
            actions: Actions {
                assign_user_to_groups: GroupIds {
                    group_ids: &record.group_ids,
                },
            },
            embedded,
        }
    }
}

fn expands(ctx: &Context) -> bool {
    ctx.request
        .param("expand")
        .is_some_and(|e| e == "groupIdToGroupNameMap")
}

fn view(ctx: &Context, id: &str) -> Handled {
    let rule = find(ctx.org, id)?;
    Ok(Answer::ok(&RuleView::new(
        &rule.record,
        ctx.org,
        expands(ctx),
    )))
}

// ----- the body -----

/// What a create or replace body says, checked.
struct Body {
    name: String,
    text: String,
    expression: Expression,
    excluded: Vec<String>,
    group_ids: Vec<String>,
}

/// The value at a dotted path of a body; `None` when absent, E0000003 when a step is not an
/// object.
fn at<'a>(body: &'a Map<String, Value>, path: &str) -> Result<Option<&'a Value>, ApiError> {
    let mut steps = path.split('.');
    let mut value = match steps.next().and_then(|first| body.get(first)) {
        Some(value) => value,
        None => return Ok(None),
    };
    for step in steps {
        let Value::Object(object) = value else {
            return Err(ApiError::malformed_body());
        };
        match object.get(step) {
            Some(next) => value = next,
            None => return Ok(None),
        }
    }
    Ok(Some(value))
}

/// A list of ids at `path`; E0000003 when it is not a list of strings.
fn ids_at(body: &Map<String, Value>, path: &str) -> Result<Vec<String>, ApiError> {
    match at(body, path)? {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(ApiError::malformed_body),
        Some(_) => Err(ApiError::malformed_body()),
    }
}

fn blank(field: &str) -> ApiError {
    ApiError::validation(
        field,
        vec![format!("{field}: The field cannot be left blank")],
    )
}

fn read_body(ctx: &Context, except: Option<&str>) -> Result<Body, ApiError> {
    let body = ctx.request.object_body()?;
    match body.get("type").and_then(Value::as_str) {
        Some("group_rule") => {}
        Some(other) => {
            return Err(ApiError::validation(
                "type",
                vec![format!(
                    "type: '{other}' is not a rule type; only group_rule is allowed"
                )],
            ));
        }
        None => return Err(blank("type")),
    }
    let name = non_blank(&body, "name").ok_or_else(|| blank("name"))?;
    if name.chars().count() > MAX_NAME {
        return Err(ApiError::validation(
            "name",
            vec![format!("name: size must be between 1 and {MAX_NAME}")],
        ));
    }
    if ctx.org.rules.name_taken(&name, except) {
        return Err(ApiError::duplicate("name"));
    }
    let expression_type = at(&body, "conditions.expression.type")?.and_then(Value::as_str);
    if expression_type != Some(EXPRESSION_TYPE) {
        return Err(ApiError::validation(
            "conditions.expression.type",
            vec![format!(
                "conditions.expression.type: Only {EXPRESSION_TYPE} is allowed"
            )],
        ));
    }
    let text = at(&body, "conditions.expression.value")?
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| blank("conditions.expression.value"))?
        .to_string();
    let expression = checked_expression(ctx.org, &text)?;
    let group_ids = group_ids(ctx.org, &body)?;
    let excluded = excluded_users(ctx.org, &body)?;
    Ok(Body {
        name,
        text,
        expression,
        excluded,
        group_ids,
    })
}

/// Parses an expression and checks the attributes it reads exist: Okta validates a rule's
/// expression against the user schema, which here is the base profile and every attribute a
/// user of the org has.
fn checked_expression(org: &Org, text: &str) -> Result<Expression, ApiError> {
    let invalid = |reason: String| ApiError::validation("validateRule", vec![reason]);
    let expression = rule_expression::parse(text)
        .map_err(|reason| invalid(format!("Invalid expression {text}: {reason}")))?;
    let known: BTreeSet<&str> = org
        .users_after(None)
        .flat_map(|user| user.profile.keys().map(String::as_str))
        .chain(BASE_ATTRIBUTES.iter().copied())
        .collect();
    if let Some(unknown) = expression
        .attributes()
        .into_iter()
        .find(|a| !known.contains(a))
    {
        return Err(invalid(format!(
            "Invalid property {unknown} in expression {text}"
        )));
    }
    Ok(expression)
}

/// The groups a rule assigns to: at least one, at most [`MAX_GROUPS`], each an `OKTA_GROUP`
/// (rules cannot fill Everyone or an app's groups).
fn group_ids(org: &Org, body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let ids = ids_at(body, GROUP_IDS)?;
    if ids.is_empty() {
        return Err(blank(GROUP_IDS));
    }
    if ids.len() > MAX_GROUPS {
        return Err(ApiError::validation(
            GROUP_IDS,
            vec![format!(
                "{GROUP_IDS}: A rule can assign users to at most {MAX_GROUPS} groups"
            )],
        ));
    }
    for id in &ids {
        if org
            .group(id)
            .is_none_or(|g| g.group_type != GroupType::OktaGroup)
        {
            return Err(ApiError::validation(
                GROUP_IDS,
                vec![format!(
                    "{GROUP_IDS}: {id} is not an Okta group of this org"
                )],
            ));
        }
    }
    Ok(ids)
}

/// The users a rule skips: at most [`MAX_EXCLUDED`], each a user of the org.
fn excluded_users(org: &Org, body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let ids = ids_at(body, EXCLUDED)?;
    if ids.len() > MAX_EXCLUDED {
        return Err(ApiError::validation(
            EXCLUDED,
            vec![format!(
                "{EXCLUDED}: A rule can exclude at most {MAX_EXCLUDED} users"
            )],
        ));
    }
    if let Some(unknown) = ids.iter().find(|id| org.user(id).is_none()) {
        return Err(ApiError::validation(
            EXCLUDED,
            vec![format!("{EXCLUDED}: {unknown} is not a user of this org")],
        ));
    }
    Ok(ids)
}

fn rule_target(record: &RuleRecord) -> LogTarget {
    LogTarget::new(&record.id, "PolicyRule", &record.name, &record.name)
}

/// E0000001 for an operation the rule's status does not allow.
fn status_forbids(cause: &str) -> ApiError {
    ApiError::validation("status", vec![format!("status: {cause}")])
}

// ----- handlers -----

pub fn get(ctx: &mut Context, id: &str) -> Handled {
    view(ctx, id)
}

pub fn create(ctx: &mut Context) -> Handled {
    let body = read_body(ctx, None)?;
    let now = ctx.now;
    let id = ctx.org.ids.object_id("0pr");
    let seq = ctx.org.next_seq();
    let record = RuleRecord {
        id: id.clone(),
        seq,
        name: body.name,
        status: RuleStatus::Inactive,
        created: now,
        last_updated: now,
        expression: body.text,
        excluded_users: body.excluded,
        group_ids: body.group_ids,
        managed: BTreeSet::new(),
    };
    let target = rule_target(&record);
    ctx.org.rules.insert(Rule {
        record,
        expression: body.expression,
    });
    ctx.org.log(now, &logs::RULE_ADD, vec![target]);
    view(ctx, &id)
}

/// `PUT`: name, expression and exclusions of an `INACTIVE` rule; its groups stay as they are.
pub fn replace(ctx: &mut Context, id: &str) -> Handled {
    match find(ctx.org, id)?.record.status {
        RuleStatus::Inactive => {}
        RuleStatus::Active => return Err(status_forbids("Cannot update an active rule")),
        RuleStatus::Invalid => return Err(status_forbids("Cannot update an invalid rule")),
    }
    let body = read_body(ctx, Some(id))?;
    let now = ctx.now;
    let Some(rule) = ctx.org.rules.get_mut(id) else {
        return Err(ApiError::not_found(id, "GroupRule"));
    };
    let same_groups = |a: &[String], b: &[String]| {
        a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
    };
    if !same_groups(&rule.record.group_ids, &body.group_ids) {
        return Err(ApiError::validation(
            "actions",
            vec!["actions: The groups a rule assigns to cannot be changed".into()],
        ));
    }
    let record = &mut rule.record;
    record.name = body.name;
    record.expression = body.text;
    record.excluded_users = body.excluded;
    record.last_updated = now;
    rule.expression = body.expression;
    let target = rule_target(&rule.record);
    ctx.org.log(now, &logs::RULE_UPDATE, vec![target]);
    view(ctx, id)
}

/// Activating applies the rule to every user at once; activating an active rule does nothing.
pub fn activate(ctx: &mut Context, id: &str) -> Handled {
    let now = ctx.now;
    match find(ctx.org, id)?.record.status {
        RuleStatus::Active => return Ok(Answer::no_content()),
        RuleStatus::Invalid => return Err(status_forbids("Cannot activate an invalid rule")),
        RuleStatus::Inactive => {}
    }
    let target = set_status(ctx.org, id, RuleStatus::Active, now);
    ctx.org.log(now, &logs::RULE_ACTIVATE, target);
    ctx.org.apply_rules_to_all(now);
    Ok(Answer::no_content())
}

/// Deactivating stops the rule; the users it added stay in its groups.
pub fn deactivate(ctx: &mut Context, id: &str) -> Handled {
    let now = ctx.now;
    if find(ctx.org, id)?.record.status == RuleStatus::Active {
        let target = set_status(ctx.org, id, RuleStatus::Inactive, now);
        ctx.org.log(now, &logs::RULE_DEACTIVATE, target);
    }
    Ok(Answer::no_content())
}

fn set_status(org: &mut Org, id: &str, status: RuleStatus, now: i64) -> Vec<LogTarget> {
    org.rules
        .get_mut(id)
        .map(|rule| {
            rule.record.status = status;
            rule.record.last_updated = now;
            rule_target(&rule.record)
        })
        .into_iter()
        .collect()
}

/// `DELETE` answers 202 `{}` as Okta does; `removeUsers=true` also takes the users the rule
/// added out of its groups.
pub fn delete(ctx: &mut Context, id: &str) -> Handled {
    if find(ctx.org, id)?.record.status == RuleStatus::Active {
        return Err(status_forbids("Cannot delete an active rule"));
    }
    let now = ctx.now;
    if ctx.request.flag("removeUsers", false) {
        ctx.org.remove_rule_users(id, now);
    }
    if let Some(rule) = ctx.org.rules.remove(id) {
        ctx.org
            .log(now, &logs::RULE_DELETE, vec![rule_target(&rule.record)]);
    }
    Ok(Answer::json(202, &Map::new()))
}

/// `GET /groups/rules`: every rule, or those whose name contains the `search` keyword.
pub fn list(ctx: &mut Context) -> Handled {
    let request = ctx.request;
    let keyword = request.param("search").map(|s| s.to_lowercase());
    let limit = paging::limit(request, RULES)?;
    let after = paging::after(request, LIST)?;
    let org = &*ctx.org;
    let wanted = |rule: &&Rule| {
        keyword
            .as_deref()
            .is_none_or(|k| rule.record.name.to_lowercase().contains(k))
    };
    let (page, more) = paging::take_page(org.rules.after(after).filter(wanted), limit);
    let next = paging::next_cursor(LIST, page.last().map(|r| r.record.position()), more);
    let expand = expands(ctx);
    let views: Vec<RuleView> = page
        .iter()
        .map(|rule| RuleView::new(&rule.record, org, expand))
        .collect();
    Ok(Answer::ok(&views).with_headers(paging::link_headers(request, limit, next)))
}
