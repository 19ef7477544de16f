//! Group rules at work: the org's rules, and how an `ACTIVE` rule keeps its groups' members,
//! as Okta's group rule documentation describes it.
//!
//! - An `ACTIVE` rule adds every user whose profile matches its expression (and who is not
//!   excluded) to its groups: all users when it is activated, and a user whenever they are
//!   created, their profile, status or groups change.
//! - The users a rule added are the rule's: when one stops matching, the rule removes them again
//!   (a member added by hand who starts to match becomes the rule's too). Deactivating the rule
//!   leaves them where they are; deleting it with `removeUsers=true` removes them.
//! - Removing a rule's user from its group by hand adds them to the rule's exclusions.
//! - `DEPROVISIONED` users are not evaluated (Okta's rules skip deactivated users), and a rule
//!   whose group is deleted becomes `INVALID`.

use super::logs::{self, LogTarget};
use super::model::{Position, UserRecord, UserStatus};
use super::rule_expression::{self, Expression, Subject};
use super::store::Org;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleStatus {
    Active,
    Inactive,
    /// A target group was deleted: the rule can only be read or deleted.
    Invalid,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Inactive => "INACTIVE",
            Self::Invalid => "INVALID",
        }
    }
}

/// A group rule as saved.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleRecord {
    pub id: String,
    pub seq: u64,
    pub name: String,
    pub status: RuleStatus,
    pub created: i64,
    pub last_updated: i64,
    pub expression: String,
    pub excluded_users: Vec<String>,
    pub group_ids: Vec<String>,
    /// The users this rule added to its groups, whom it removes when they stop matching.
    #[serde(default)]
    pub managed: BTreeSet<String>,
}

impl RuleRecord {
    pub fn position(&self) -> Position {
        Position {
            created: self.created,
            seq: self.seq,
        }
    }
}

/// A rule and its parsed expression (rules are only saved once their expression parses).
#[derive(Clone, Debug)]
pub struct Rule {
    pub record: RuleRecord,
    pub expression: Expression,
}

/// The org's group rules, in creation order.
#[derive(Default)]
pub struct RuleSet {
    rules: BTreeMap<Position, Rule>,
}

impl RuleSet {
    pub fn restore(records: Vec<RuleRecord>) -> Result<Self, String> {
        let mut set = Self::default();
        for record in records {
            let expression = rule_expression::parse(&record.expression)
                .map_err(|e| format!("rule {} has a bad expression: {e}", record.id))?;
            set.insert(Rule { record, expression });
        }
        Ok(set)
    }

    pub fn snapshot(&self) -> Vec<RuleRecord> {
        self.rules.values().map(|r| r.record.clone()).collect()
    }

    pub fn insert(&mut self, rule: Rule) {
        self.rules.insert(rule.record.position(), rule);
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.values().find(|r| r.record.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Rule> {
        self.rules.values_mut().find(|r| r.record.id == id)
    }

    pub fn remove(&mut self, id: &str) -> Option<Rule> {
        let position = self.get(id)?.record.position();
        self.rules.remove(&position)
    }

    pub fn after(&self, after: Option<Position>) -> impl Iterator<Item = &Rule> {
        let start = after.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
        self.rules
            .range((start, std::ops::Bound::Unbounded))
            .map(|(_, r)| r)
    }

    pub fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let name = name.to_lowercase();
        self.rules
            .values()
            .any(|r| Some(r.record.id.as_str()) != except && r.record.name.to_lowercase() == name)
    }

    pub fn count(&self) -> usize {
        self.rules.len()
    }

    fn ids(&self) -> Vec<String> {
        self.rules.values().map(|r| r.record.id.clone()).collect()
    }
}

/// A user as a rule expression sees them.
struct Candidate<'a> {
    user: &'a UserRecord,
    groups: Vec<(&'a str, &'a str)>,
}

impl Subject for Candidate<'_> {
    fn attribute(&self, name: &str) -> Option<&Value> {
        self.user.profile.get(name)
    }
    fn id(&self) -> &str {
        &self.user.id
    }
    fn status(&self) -> &str {
        self.user.status.as_str()
    }
    fn groups(&self) -> Vec<(&str, &str)> {
        self.groups.clone()
    }
}

/// What a rule decides about one user.
enum Verdict {
    Assign,
    Release,
    Leave,
}

impl Org {
    /// Applies the active rules to one user, until memberships stop changing (a rule may match
    /// on groups another rule fills; the passes are bounded by the number of rules).
    pub fn apply_rules(&mut self, user_id: &str, now: i64) {
        for _ in 0..=self.rules.count() {
            if !self.apply_rules_once(user_id, now) {
                break;
            }
        }
    }

    /// Applies the active rules to every user, as activating a rule does.
    pub fn apply_rules_to_all(&mut self, now: i64) {
        let ids: Vec<String> = self.users_after(None).map(|u| u.id.clone()).collect();
        for id in ids {
            self.apply_rules(&id, now);
        }
    }

    /// One pass over the active rules for a user; says whether a membership changed.
    fn apply_rules_once(&mut self, user_id: &str, now: i64) -> bool {
        let verdicts = self.verdicts(user_id);
        let mut changed = false;
        for (rule_id, verdict) in verdicts {
            changed |= match verdict {
                Verdict::Assign => self.assign(&rule_id, user_id, now),
                Verdict::Release => self.release(&rule_id, user_id, now),
                Verdict::Leave => false,
            };
        }
        changed
    }

    fn verdicts(&self, user_id: &str) -> Vec<(String, Verdict)> {
        let Some(user) = self.user(user_id) else {
            return Vec::new();
        };
        if user.status == UserStatus::Deprovisioned {
            return Vec::new();
        }
        let candidate = Candidate {
            user,
            groups: self
                .groups_of_user(user_id)
                .into_iter()
                .map(|g| (g.id.as_str(), g.name()))
                .collect(),
        };
        self.rules
            .after(None)
            .filter(|rule| rule.record.status == RuleStatus::Active)
            .map(|rule| {
                let record = &rule.record;
                let verdict = if record.excluded_users.iter().any(|id| id == user_id) {
                    Verdict::Leave
                } else if rule.expression.matches(&candidate) {
                    Verdict::Assign
                } else if record.managed.contains(user_id) {
                    Verdict::Release
                } else {
                    Verdict::Leave
                };
                (record.id.clone(), verdict)
            })
            .collect()
    }

    /// Puts the user in the rule's groups and makes them the rule's.
    fn assign(&mut self, rule_id: &str, user_id: &str, now: i64) -> bool {
        let Some(rule) = self.rules.get_mut(rule_id) else {
            return false;
        };
        rule.record.managed.insert(user_id.to_string());
        let groups = rule.record.group_ids.clone();
        let mut changed = false;
        for group in groups {
            changed |= self.add_member_logged(&group, user_id, now);
        }
        changed
    }

    /// Takes the user out of the rule's groups, except those another rule keeps them in.
    fn release(&mut self, rule_id: &str, user_id: &str, now: i64) -> bool {
        let Some(rule) = self.rules.get_mut(rule_id) else {
            return false;
        };
        rule.record.managed.remove(user_id);
        let groups = rule.record.group_ids.clone();
        let mut changed = false;
        for group in groups {
            if !self.managed_elsewhere(rule_id, &group, user_id) {
                changed |= self.remove_member_logged(&group, user_id, now);
            }
        }
        changed
    }

    /// Whether a rule other than `rule_id` holds the user in `group`.
    fn managed_elsewhere(&self, rule_id: &str, group: &str, user_id: &str) -> bool {
        self.rules.after(None).any(|r| {
            r.record.id != rule_id
                && r.record.managed.contains(user_id)
                && r.record.group_ids.iter().any(|g| g == group)
        })
    }

    /// Adds a membership and logs it, when it is new.
    pub fn add_member_logged(&mut self, group_id: &str, user_id: &str, now: i64) -> bool {
        let added = self.add_member(group_id, user_id, now);
        if added {
            // Okta logs the membership, then what it gives: the group's apps.
            self.log_membership(&logs::MEMBERSHIP_ADD, group_id, user_id, now);
            self.group_membership_changed(group_id, user_id, now);
        }
        added
    }

    /// Removes a membership and logs it, when there was one.
    pub fn remove_member_logged(&mut self, group_id: &str, user_id: &str, now: i64) -> bool {
        let removed = self.remove_member(group_id, user_id, now);
        if removed {
            self.log_membership(&logs::MEMBERSHIP_REMOVE, group_id, user_id, now);
            self.group_membership_changed(group_id, user_id, now);
        }
        removed
    }

    fn log_membership(&mut self, event: &logs::EventType, group_id: &str, user_id: &str, now: i64) {
        let targets: Vec<LogTarget> = [
            self.user(user_id).map(LogTarget::user),
            self.group(group_id).map(LogTarget::group),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.log(now, event, targets);
    }

    /// A member removed from a group by hand: every rule that put them there excludes them
    /// from now on, so it does not add them back.
    pub fn exclude_from_rules(&mut self, group_id: &str, user_id: &str, now: i64) {
        for rule_id in self.rules.ids() {
            let Some(rule) = self.rules.get_mut(&rule_id) else {
                continue;
            };
            let record = &mut rule.record;
            if !record.group_ids.iter().any(|g| g == group_id) || !record.managed.remove(user_id) {
                continue;
            }
            record.excluded_users.push(user_id.to_string());
            record.last_updated = now;
            let target = LogTarget::new(&record.id, "PolicyRule", &record.name, &record.name);
            let mut targets = vec![target];
            targets.extend(self.user(user_id).map(LogTarget::user));
            self.log(now, &logs::RULE_ADD_EXCLUSION, targets);
        }
    }

    /// A deleted group: the rules that assign to it become `INVALID`.
    pub fn invalidate_rules_for(&mut self, group_id: &str, now: i64) {
        for rule_id in self.rules.ids() {
            let Some(rule) = self.rules.get_mut(&rule_id) else {
                continue;
            };
            let record = &mut rule.record;
            if record.status == RuleStatus::Invalid
                || !record.group_ids.iter().any(|g| g == group_id)
            {
                continue;
            }
            record.status = RuleStatus::Invalid;
            record.last_updated = now;
            let target = LogTarget::new(&record.id, "PolicyRule", &record.name, &record.name);
            self.log(now, &logs::RULE_INVALIDATE, vec![target]);
        }
    }

    /// A deleted user is no rule's any more.
    pub fn forget_rule_user(&mut self, user_id: &str) {
        for rule_id in self.rules.ids() {
            if let Some(rule) = self.rules.get_mut(&rule_id) {
                rule.record.managed.remove(user_id);
            }
        }
    }

    /// Removes the users a deleted rule added from its groups (`removeUsers=true`).
    pub fn remove_rule_users(&mut self, rule_id: &str, now: i64) {
        let Some(rule) = self.rules.get(rule_id) else {
            return;
        };
        let managed: Vec<String> = rule.record.managed.iter().cloned().collect();
        for user_id in managed {
            self.release(rule_id, &user_id, now);
        }
    }
}
