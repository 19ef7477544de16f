//! The demo org's group rule, MFA factors and System Log, on top of its people, groups and apps
//! (see [`super::seed::demo`]):
//!
//! - the "Sales department" rule, `ACTIVE`, keeps everyone whose department is Sales in the
//!   Sales group (one staged hire excluded); IT Admins is not a rule's target, since Okta does not
//!   let rules fill a group that holds an admin role;
//! - a few people have enrolled factors: SMS, email, Okta Verify and Google Authenticator TOTP,
//!   and security questions, one SMS factor still waiting for activation;
//! - the System Log holds the org's history at the times its records show: people created,
//!   activated and changed, groups made and filled, the rule, the factors, and what the apps and
//!   roles seeding logged. The IT Director, the demo's super admin, owns the API token.

use super::factors::{FactorRecord, FactorStatus, QUESTIONS};
use super::logs::{self, LogTarget};
use super::model::{GroupType, UserRecord, UserStatus};
use super::rule_engine::{Rule, RuleRecord, RuleStatus};
use super::rule_expression;
use super::store::Org;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Where the seeded history's requests came from (a documentation address).
const ADMIN_IP: &str = "198.51.100.23";
const ADMIN_LOGIN: &str = "samuel.adeyemi@acmecorp.example";

/// Makes the IT Director the admin who acts through the API token; before anything is logged.
pub fn admin(org: &mut Org) {
    if let Some(admin) = org.find_user(ADMIN_LOGIN).cloned() {
        org.system_log.set_actor(&admin);
    }
}

/// Adds the rule, the factors and the history; `base` is the demo's reference time.
pub fn seed(org: &mut Org, base: i64) {
    history(org);
    sales_rule(org, base);
    factors(org);
    org.system_log.seal_each(ADMIN_IP);
}

fn user(org: &Org, login: &str) -> Option<UserRecord> {
    org.find_user(&format!("{login}@acmecorp.example")).cloned()
}

/// The events of the people and groups the seed made, at the times their records show.
fn history(org: &mut Org) {
    let users: Vec<UserRecord> = org.users_after(None).cloned().collect();
    for user in &users {
        let target = || vec![LogTarget::user(user)];
        org.log(user.created, &logs::USER_CREATE, target());
        if let Some(activated) = user.activated {
            org.log(activated, &logs::USER_ACTIVATE, target());
        }
        let change = match user.status {
            UserStatus::Suspended => Some(&logs::USER_SUSPEND),
            UserStatus::Deprovisioned => Some(&logs::USER_DEACTIVATE),
            UserStatus::LockedOut => Some(&logs::USER_LOCK),
            UserStatus::PasswordExpired => Some(&logs::USER_EXPIRE_PASSWORD),
            UserStatus::Recovery => Some(&logs::USER_RESET_PASSWORD),
            _ => None,
        };
        if let (Some(event), Some(at)) = (change, user.status_changed) {
            org.log(at, event, target());
        }
    }
    let groups: Vec<_> = org
        .groups_after(None)
        .filter(|g| g.group_type == GroupType::OktaGroup)
        .cloned()
        .collect();
    for group in &groups {
        org.log(
            group.created,
            &logs::GROUP_CREATE,
            vec![LogTarget::group(group)],
        );
        let members: Vec<UserRecord> = org.members_after(&group.id, None).cloned().collect();
        for member in members {
            let at = (member.created + HOUR).max(group.created);
            let targets = vec![LogTarget::user(&member), LogTarget::group(group)];
            org.log(at, &logs::MEMBERSHIP_ADD, targets);
        }
    }
}

/// The active Sales rule; activating it changes no membership (everyone in Sales is already in
/// the group) but makes them the rule's.
fn sales_rule(org: &mut Org, base: i64) {
    let expression_text = r#"user.department=="Sales""#;
    let (Some(sales), Ok(expression)) = (
        org.groups_after(None)
            .find(|g| g.name() == "Sales")
            .map(|g| g.id.clone()),
        rule_expression::parse(expression_text),
    ) else {
        return;
    };
    let excluded: Vec<String> = user(org, "emily.davis").map(|u| u.id).into_iter().collect();
    let created = base - 28 * DAY;
    let activated = created + HOUR;
    let record = RuleRecord {
        id: org.ids.object_id("0pr"),
        seq: org.next_seq(),
        name: "Sales department".into(),
        status: RuleStatus::Active,
        created,
        last_updated: activated,
        expression: expression_text.into(),
        excluded_users: excluded,
        group_ids: vec![sales],
        managed: BTreeSet::new(),
    };
    let target = LogTarget::new(&record.id, "PolicyRule", &record.name, &record.name);
    org.rules.insert(Rule { record, expression });
    org.log(created, &logs::RULE_ADD, vec![target.clone()]);
    org.log(activated, &logs::RULE_ACTIVATE, vec![target]);
    org.apply_rules_to_all(activated);
}

/// One enrolled factor: type, provider, id prefix, profile, and whether it is active yet.
struct Enrollment {
    login: &'static str,
    factor_type: &'static str,
    provider: &'static str,
    prefix: &'static str,
    active: bool,
}

const fn enrolled(
    login: &'static str,
    factor_type: &'static str,
    provider: &'static str,
    prefix: &'static str,
    active: bool,
) -> Enrollment {
    Enrollment {
        login,
        factor_type,
        provider,
        prefix,
        active,
    }
}

const ENROLLMENTS: [Enrollment; 9] = [
    enrolled("olivia.bennett", "question", "OKTA", "ufs", true),
    enrolled("olivia.bennett", "sms", "OKTA", "mbl", true),
    enrolled("marcus.chen", "token:software:totp", "OKTA", "ost", true),
    enrolled("marcus.chen", "email", "OKTA", "emf", true),
    enrolled("priya.raman", "email", "OKTA", "emf", true),
    enrolled(
        "samuel.adeyemi",
        "token:software:totp",
        "GOOGLE",
        "uft",
        true,
    ),
    enrolled("samuel.adeyemi", "sms", "OKTA", "mbl", true),
    enrolled("grace.kim", "question", "OKTA", "ufs", true),
    enrolled("ella.nguyen", "sms", "OKTA", "mbl", false),
];

fn factor_profile(factor_type: &str, user: &UserRecord, nth: usize) -> Option<Map<String, Value>> {
    let text = |key: &str| json!(user.profile_text(key).unwrap_or_default());
    let profile = match factor_type {
        "question" => {
            let (question, question_text) = QUESTIONS[nth % QUESTIONS.len()];
            json!({ "question": question, "questionText": question_text })
        }
        "sms" => json!({ "phoneNumber": text("mobilePhone") }),
        "email" => json!({ "email": text("email") }),
        _ => json!({ "credentialId": user.login() }),
    };
    match profile {
        Value::Object(profile) => Some(profile),
        _ => None,
    }
}

fn factors(org: &mut Org) {
    for (nth, enrollment) in ENROLLMENTS.iter().enumerate() {
        let Some(user) = user(org, enrollment.login) else {
            continue;
        };
        let at = user.activated.unwrap_or(user.created) + DAY + nth as i64 * HOUR;
        let (status, event) = if enrollment.active {
            (FactorStatus::Active, &logs::FACTOR_ACTIVATE)
        } else {
            (FactorStatus::PendingActivation, &logs::FACTOR_UPDATE)
        };
        let factor = FactorRecord {
            id: org.ids.object_id(enrollment.prefix),
            factor_type: enrollment.factor_type.into(),
            provider: enrollment.provider.into(),
            status,
            created: at,
            last_updated: at,
            profile: factor_profile(enrollment.factor_type, &user, nth),
            secret: None,
        };
        org.factors.add(&user.id, factor);
        org.log(at, event, vec![LogTarget::user(&user)]);
    }
}
