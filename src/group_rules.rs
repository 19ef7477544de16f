//! The group rule operations: `/api/v1/groups/rules` and its lifecycle.
//!
//! Okta refuses to change or delete an ACTIVE rule. The block says so before sending a delete,
//! in words that name the way out, rather than leave a workflow builder with Okta's code alone.

use crate::call::connect;
use crate::client::{Method, OktaClient, Repeat};
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::limits::MAX_RULES_PAGE;
use crate::model::{Fields, FromObject, object_of};
use crate::okta::group_rules::*;
use crate::okta::types::OktaError;
use crate::paging::{self, Paging};
use serde_json::{Map, Value};

/// Okta's longest rule name.
const MAX_NAME_CHARS: usize = 50;
/// The expression language Okta's rules are written in.
const EXPRESSION_TYPE: &str = "urn:okta:expression:1.0";

impl FromObject for GroupRule {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            expression: f.text_at("/conditions/expression/value"),
            expression_type: f.text_at("/conditions/expression/type"),
            excluded_user_ids: f.texts_at("/conditions/people/users/exclude"),
            excluded_group_ids: f.texts_at("/conditions/people/groups/exclude"),
            assign_user_to_group_ids: f.texts_at("/actions/assignUserToGroups/groupIds"),
            id: f.required("id"),
            name: f.text("name"),
            type_: f.text("type"),
            status: f.text("status"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
        };
        f.done(shape)
    }
}

fn rule_id(value: &str) -> Result<String, OktaError> {
    input::okta_id(
        "ruleId",
        value,
        "an Okta group rule id",
        "0pr3f7zMZZHPgUoWO0g4",
    )
}

fn rule_path(rule_id: &str) -> String {
    format!("/groups/rules/{}", path_segment(rule_id))
}

pub fn list_group_rules(input: ListGroupRulesInput) -> Result<ListGroupRulesOutput, OktaError> {
    let paging = Paging::of(&input, MAX_RULES_PAGE)?;
    let query: Vec<_> = input::optional("search", &input.search)?
        .map(|s| ("search", s))
        .into_iter()
        .collect();
    let client = connect(&input.connection)?;
    let page = paging::list(
        &client,
        "/groups/rules",
        query,
        MAX_RULES_PAGE,
        paging,
        |r| r,
    )?;
    Ok(ListGroupRulesOutput {
        count: page.items.len() as u32,
        rules: page.items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

fn get(client: &OktaClient, rule_id: &str) -> Result<GroupRule, OktaError> {
    client.get(&rule_path(rule_id))?.json()
}

pub fn get_group_rule(input: RuleRefInput) -> Result<GroupRule, OktaError> {
    let rule_id = rule_id(&input.rule_id)?;
    let client = connect(&input.connection)?;
    get(&client, &rule_id)
}

pub fn create_group_rule(input: CreateGroupRuleInput) -> Result<GroupRule, OktaError> {
    let name = input::required("name", &input.name)?;
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    let expression = input::required("expression", &input.expression)?;
    let groups = input::okta_ids(
        "assignUserToGroupIds",
        &input.assign_user_to_group_ids,
        true,
        "an Okta group id",
        "00g1emaKYZTWRYYRRTSK",
    )?;
    let excluded = input::okta_ids(
        "excludedUserIds",
        input.excluded_user_ids.as_deref().unwrap_or_default(),
        false,
        "an Okta user id",
        "00u1emaK22p5Nb4xR0g4",
    )?;
    let mut conditions = Map::new();
    if !excluded.is_empty() {
        let users = object_of("exclude", excluded.into());
        conditions.insert("people".into(), object_of("users", users));
    }
    let mut rule_expression = Map::new();
    rule_expression.insert("value".into(), expression.into());
    rule_expression.insert("type".into(), EXPRESSION_TYPE.into());
    conditions.insert("expression".into(), rule_expression.into());
    let mut body = Map::new();
    body.insert("type".into(), "group_rule".into());
    body.insert("name".into(), name.into());
    body.insert("conditions".into(), conditions.into());
    let assign = object_of("groupIds", groups.into());
    body.insert("actions".into(), object_of("assignUserToGroups", assign));
    let client = connect(&input.connection)?;
    client
        .post("/groups/rules", Some(&Value::Object(body)), Repeat::Unsafe)?
        .json()
}

/// `POST /groups/rules/{id}/lifecycle/{step}`: 204 on success.
fn lifecycle(input: &RuleRefInput, step: &str) -> Result<String, OktaError> {
    let rule_id = rule_id(&input.rule_id)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/lifecycle/{step}", rule_path(&rule_id));
    client.call(Method::Post, &path, Repeat::Safe)?;
    Ok(rule_id)
}

pub fn activate_group_rule(input: RuleRefInput) -> Result<ActivateGroupRuleOutput, OktaError> {
    Ok(ActivateGroupRuleOutput {
        rule_id: lifecycle(&input, "activate")?,
        activated: true,
    })
}

pub fn deactivate_group_rule(input: RuleRefInput) -> Result<DeactivateGroupRuleOutput, OktaError> {
    Ok(DeactivateGroupRuleOutput {
        rule_id: lifecycle(&input, "deactivate")?,
        deactivated: true,
    })
}

pub fn delete_group_rule(input: DeleteGroupRuleInput) -> Result<DeleteGroupRuleOutput, OktaError> {
    let rule_id = rule_id(&input.rule_id)?;
    let client = connect(&input.connection)?;
    if get(&client, &rule_id)?.status.as_deref() == Some("ACTIVE") {
        return Err(invalid(
            "ruleId",
            format!(
                "rule {rule_id} is ACTIVE, and Okta does not delete an active rule: \
                 deactivate it first (deactivate_group_rule)"
            ),
        ));
    }
    let remove_users = input.remove_users.unwrap_or(false);
    let path = format!(
        "{}{}",
        rule_path(&rule_id),
        query_string(&[("removeUsers", remove_users.to_string())])
    );
    client.call(Method::Delete, &path, Repeat::Safe)?;
    Ok(DeleteGroupRuleOutput {
        rule_id,
        deleted: true,
    })
}
