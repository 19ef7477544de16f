//! Workflows through the component against the emulated org, as a workflow engine runs them:
//! onboarding, offboarding, every illegal transition, paging, search and filter, and the
//! operations IT teams ask for beyond the seed.

use crate::support::*;
use okta_block_host::emulator::Emulator;
use okta_block_host::{Block, Session};
use serde_json::{Value, json};
use std::sync::Arc;

/// An org and a session on it, answering to the test token.
struct Org {
    org: Arc<Emulator>,
    session: Session,
}

impl Org {
    fn demo() -> Self {
        Self::from(Emulator::builder().demo().token(TOKEN).build().unwrap())
    }

    fn empty() -> Self {
        Self::from(Emulator::builder().token(TOKEN).build().unwrap())
    }

    fn from(org: Emulator) -> Self {
        let org = Arc::new(org);
        Self {
            session: Session::in_process(org.clone()),
            org,
        }
    }

    /// Runs one operation; the connection fields are filled in.
    async fn call(&self, operation: &str, fields: Value) -> Value {
        let mut input = json!({ "domain": DOMAIN, "apiKey": TOKEN, "maxRetries": 0 });
        for (key, value) in fields.as_object().unwrap() {
            input[key] = value.clone();
        }
        let output = Block::shared()
            .call(&self.session, operation, &input)
            .await
            .unwrap();
        assert!(
            !output.to_string().contains(TOKEN),
            "the token leaked: {output}"
        );
        output
    }

    /// Runs an operation that must succeed.
    async fn ok(&self, operation: &str, fields: Value) -> Value {
        let output = self.call(operation, fields).await;
        assert_eq!(output["success"], true, "{operation}: {output}");
        output
    }

    /// Runs an operation that must fail with this kind and Okta error code.
    async fn fails(&self, operation: &str, fields: Value, kind: &str, code: &str) -> Value {
        let output = self.call(operation, fields).await;
        assert_eq!(output["error"]["kind"], kind, "{operation}: {output}");
        assert_eq!(output["error"]["errorCode"], code, "{operation}: {output}");
        output["error"].clone()
    }

    async fn status(&self, user_id: &str) -> String {
        self.ok("get_user", json!({ "userId": user_id })).await["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn new_user(&self, login: &str, fields: Value) -> String {
        let mut input = json!({ "firstName": "Test", "lastName": "User", "email": login });
        for (key, value) in fields.as_object().unwrap() {
            input[key] = value.clone();
        }
        self.ok("create_user", input).await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A user of the demo org in the given status.
    async fn demo_user_in(&self, status: &str) -> String {
        let users = self
            .ok(
                "list_users",
                json!({ "filter": format!("status eq \"{status}\"") }),
            )
            .await;
        users["users"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no {status} user in the demo org"))
            .to_string()
    }
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn onboarding() {
    let org = Org::empty();
    let user = org
        .new_user(
            "grace@example.com",
            json!({ "password": "Cobol-1959-Navy", "title": "Engineer" }),
        )
        .await;
    assert_eq!(org.status(&user).await, "ACTIVE");
    let group = org
        .ok(
            "create_group",
            json!({ "name": "Engineering", "description": "Builders" }),
        )
        .await;
    let group_id = group["id"].as_str().unwrap();
    assert_eq!(group["type"], "OKTA_GROUP");
    let added = org
        .ok(
            "add_user_to_group",
            json!({ "groupId": group_id, "userId": user }),
        )
        .await;
    assert_eq!(added["added"], true);
    let members = org
        .ok("list_group_members", json!({ "groupId": group_id }))
        .await;
    assert_eq!(ids(&members, "members"), vec![user.clone()]);
    let groups = org.ok("list_user_groups", json!({ "userId": user })).await;
    let names: Vec<&str> = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Everyone") && names.contains(&"Engineering"),
        "{names:?}"
    );
}

#[tokio::test]
async fn offboarding_down_to_not_found() {
    let org = Org::empty();
    let user = org
        .new_user(
            "alan@example.com",
            json!({ "password": "Enigma-Bombe-1940" }),
        )
        .await;
    let group = org.ok("create_group", json!({ "name": "Research" })).await;
    let group_id = group["id"].as_str().unwrap().to_string();
    org.ok(
        "add_user_to_group",
        json!({ "groupId": group_id, "userId": user }),
    )
    .await;

    org.ok("suspend_user", json!({ "userId": user })).await;
    assert_eq!(org.status(&user).await, "SUSPENDED");
    org.ok("unsuspend_user", json!({ "userId": user })).await;
    assert_eq!(org.status(&user).await, "ACTIVE");
    org.ok("deactivate_user", json!({ "userId": user })).await;
    assert_eq!(org.status(&user).await, "DEPROVISIONED");
    // A deactivated user keeps its memberships.
    let members = org
        .ok("list_group_members", json!({ "groupId": group_id }))
        .await;
    assert_eq!(ids(&members, "members"), vec![user.clone()]);

    let deleted = org.ok("delete_user", json!({ "userId": user })).await;
    assert_eq!(
        (deleted["deleted"].clone(), deleted["deactivated"].clone()),
        (json!(true), json!(false))
    );
    org.fails(
        "get_user",
        json!({ "userId": user }),
        "notFound",
        "E0000007",
    )
    .await;
    // A deleted user leaves every group.
    let members = org
        .ok("list_group_members", json!({ "groupId": group_id }))
        .await;
    assert_eq!(members["count"], 0);
}

#[tokio::test]
async fn delete_twice_then_not_found() {
    let org = Org::empty();
    let user = org
        .new_user(
            "kay@example.com",
            json!({ "password": "Smalltalk-80-Dyna" }),
        )
        .await;
    let first = org.ok("delete_user", json!({ "userId": user })).await;
    assert_eq!(first["deleted"], false);
    assert_eq!(first["deactivated"], true);
    assert_eq!(org.status(&user).await, "DEPROVISIONED");
    let second = org.ok("delete_user", json!({ "userId": user })).await;
    assert_eq!(second["deleted"], true);
    org.fails(
        "get_user",
        json!({ "userId": user }),
        "notFound",
        "E0000007",
    )
    .await;
    org.fails(
        "delete_user",
        json!({ "userId": user }),
        "notFound",
        "E0000007",
    )
    .await;
}

#[tokio::test]
async fn permanent_delete_does_both_steps_in_one_run() {
    let org = Org::empty();
    let user = org
        .new_user(
            "ken@example.com",
            json!({ "password": "Unix-1969-Bell-Labs" }),
        )
        .await;
    let deleted = org
        .ok("delete_user", json!({ "userId": user, "permanent": true }))
        .await;
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["deactivated"], true);
    assert!(
        deleted["message"]
            .as_str()
            .unwrap()
            .contains("deactivated, then deleted")
    );
    org.fails(
        "get_user",
        json!({ "userId": user }),
        "notFound",
        "E0000007",
    )
    .await;
}

#[tokio::test]
async fn illegal_transitions_answer_with_oktas_errors() {
    let org = Org::empty();
    let active = org
        .new_user(
            "active@example.com",
            json!({ "password": "Passw0rd-Active-1" }),
        )
        .await;
    let staged = org
        .new_user("staged@example.com", json!({ "activate": false }))
        .await;
    org.fails(
        "activate_user",
        json!({ "userId": active }),
        "forbidden",
        "E0000016",
    )
    .await;
    org.fails(
        "unlock_user",
        json!({ "userId": staged }),
        "forbidden",
        "E0000032",
    )
    .await;
    // Okta's reference answers a suspend or unsuspend in the wrong status with E0000001.
    let error = org
        .fails(
            "suspend_user",
            json!({ "userId": staged }),
            "rejected",
            "E0000001",
        )
        .await;
    assert!(!error["errorCauses"].as_array().unwrap().is_empty());
    org.fails(
        "unsuspend_user",
        json!({ "userId": active }),
        "rejected",
        "E0000001",
    )
    .await;
    org.fails(
        "reactivate_user",
        json!({ "userId": active }),
        "forbidden",
        "E0000038",
    )
    .await;
    org.ok("deactivate_user", json!({ "userId": staged })).await;
    org.fails(
        "deactivate_user",
        json!({ "userId": staged }),
        "forbidden",
        "E0000038",
    )
    .await;
    // A login is unique whatever its case.
    let duplicate = org
        .fails(
            "create_user",
            json!({ "firstName": "A", "lastName": "B", "email": "ACTIVE@example.com" }),
            "rejected",
            "E0000001",
        )
        .await;
    assert_eq!(duplicate["errorSummary"], "Api validation failed: login");
    assert!(
        duplicate["errorCauses"][0]
            .as_str()
            .unwrap()
            .contains("already exists")
    );
}

#[tokio::test]
async fn return_all_pages_through_every_user_at_200_per_page() {
    let org = Org::from(Emulator::builder().users(450).token(TOKEN).build().unwrap());
    let before = org.org.requests_served();
    let all = org.ok("list_users", json!({ "returnAll": true })).await;
    assert_eq!(
        org.org.requests_served() - before,
        3,
        "450 users at 200 a page"
    );
    let unique: std::collections::BTreeSet<String> = ids(&all, "users").into_iter().collect();
    assert_eq!(
        unique.len(),
        all["count"].as_u64().unwrap() as usize,
        "no user twice"
    );
    assert_eq!(all["hasMore"], false);

    // Page by hand with the cursor and get the same users.
    let mut cursor = Value::Null;
    let mut by_hand = Vec::new();
    loop {
        let page = org
            .ok("list_users", json!({ "limit": 100, "after": cursor }))
            .await;
        by_hand.extend(ids(&page, "users"));
        if page["hasMore"] == false {
            break;
        }
        cursor = page["nextCursor"].clone();
    }
    assert_eq!(by_hand, ids(&all, "users"));
}

#[tokio::test]
async fn search_filter_and_quick_search() {
    let org = Org::demo();
    let engineers = org
        .ok(
            "list_users",
            json!({ "search": "profile.department eq \"Engineering\" and status eq \"ACTIVE\"" }),
        )
        .await;
    assert!(engineers["count"].as_u64().unwrap() > 0);
    assert!(
        engineers["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["department"] == "Engineering" && u["status"] == "ACTIVE")
    );
    let suspended = org
        .ok("list_users", json!({ "filter": "status eq \"SUSPENDED\"" }))
        .await;
    assert!(
        suspended["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] == "SUSPENDED")
    );
    // A plain list leaves out deactivated users; a filter for them finds them.
    let plain = org.ok("list_users", json!({ "returnAll": true })).await;
    assert!(
        plain["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] != "DEPROVISIONED")
    );
    let gone = org
        .ok(
            "list_users",
            json!({ "filter": "status eq \"DEPROVISIONED\"" }),
        )
        .await;
    assert!(gone["count"].as_u64().unwrap() > 0);
    let quick = org.ok("list_groups", json!({ "q": "eng" })).await;
    assert_eq!(quick["groups"][0]["name"], "Engineering");
    let okta_groups = org
        .ok("list_groups", json!({ "filter": "type eq \"OKTA_GROUP\"" }))
        .await;
    assert!(
        okta_groups["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["type"] == "OKTA_GROUP")
    );
    org.fails(
        "list_users",
        json!({ "search": "profile.department eq" }),
        "rejected",
        "E0000031",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_and_not_shown() {
    let org = Org::demo();
    let session = Session::in_process(org.org.clone());
    let input = json!({ "domain": DOMAIN, "apiKey": "wrong-token-123", "maxRetries": 0 });
    let output = Block::shared()
        .call(&session, "list_users", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["kind"], "unauthorized");
    assert_eq!(output["error"]["errorCode"], "E0000011");
    assert!(!output.to_string().contains("wrong-token-123"));
}

#[tokio::test]
async fn an_empty_api_key_takes_the_token_from_the_environment() {
    // As a workflow engine injects secrets: the input carries no token at all.
    let org = Org::demo();
    let session = Session::in_process(org.org.clone()).token_in_environment(TOKEN);
    let input = json!({ "domain": DOMAIN, "apiKey": "", "limit": 1 });
    let output = Block::shared()
        .call(&session, "list_groups", &input)
        .await
        .unwrap();
    assert_eq!(output["success"], true, "{output}");
    assert_eq!(output["count"], 1);
    let sent = session.exchanges();
    assert_eq!(
        sent.last().unwrap().request.header("authorization"),
        Some("SSWS [REDACTED]")
    );
    // A token given in the input wins over the environment's.
    let input = json!({ "domain": DOMAIN, "apiKey": "wrong-token-123", "limit": 1 });
    let output = Block::shared()
        .call(&session, "list_groups", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["kind"], "unauthorized", "{output}");
    // Neither in the input nor in the environment: a typed refusal that names both places.
    let plain = Session::in_process(org.org.clone());
    let input = json!({ "domain": DOMAIN, "apiKey": " ", "limit": 1 });
    let output = Block::shared()
        .call(&plain, "list_groups", &input)
        .await
        .unwrap();
    assert_eq!(output["error"]["kind"], "invalidInput");
    assert_eq!(output["error"]["field"], "apiKey");
    assert_eq!(
        output["error"]["reason"],
        "is required (or set OKTA_API_TOKEN in the block's environment)"
    );
    assert!(
        plain.exchanges().is_empty(),
        "nothing is sent without a token"
    );
}

#[tokio::test]
async fn bearer_tokens_work_as_oauth_orgs_use_them() {
    let org = Org::demo();
    let output = org
        .ok("list_groups", json!({ "authScheme": "Bearer", "limit": 2 }))
        .await;
    assert_eq!(output["count"], 2);
    let exchanges = org.session.exchanges();
    assert_eq!(
        exchanges.last().unwrap().request.header("authorization"),
        Some("Bearer [REDACTED]")
    );
    let error = org
        .call("list_groups", json!({ "authScheme": "Basic" }))
        .await;
    assert_eq!(error["error"]["field"], "authScheme");
}

#[tokio::test]
async fn the_lifecycle_operations_beyond_the_seed() {
    let org = Org::demo();
    let locked = org.demo_user_in("LOCKED_OUT").await;
    assert_eq!(
        org.ok("unlock_user", json!({ "userId": locked })).await["unlocked"],
        true
    );
    assert_eq!(org.status(&locked).await, "ACTIVE");

    let active = org.demo_user_in("ACTIVE").await;
    let expired = org.ok("expire_password", json!({ "userId": active })).await;
    assert_eq!(expired["status"], "PASSWORD_EXPIRED");
    assert_eq!(expired["tempPassword"], Value::Null);
    let other = org.demo_user_in("ACTIVE").await;
    let temp = org
        .ok(
            "expire_password",
            json!({ "userId": other, "tempPassword": true }),
        )
        .await;
    assert!(temp["tempPassword"].as_str().is_some_and(|p| !p.is_empty()));
    assert_eq!(org.status(&other).await, "PASSWORD_EXPIRED");

    let provisioned = org.demo_user_in("PROVISIONED").await;
    // Okta's default is no email: the link comes back in the output.
    let again = org
        .ok("reactivate_user", json!({ "userId": provisioned }))
        .await;
    let sent = org.session.exchanges().last().unwrap().request.clone();
    assert!(
        sent.url.ends_with("/lifecycle/reactivate?sendEmail=false"),
        "{}",
        sent.url
    );
    assert!(
        again["activationUrl"]
            .as_str()
            .is_some_and(|u| u.contains("/tokens/") && u.ends_with("/verify"))
    );
    assert!(again["activationToken"].is_string());

    let cleared = org
        .ok(
            "clear_user_sessions",
            json!({ "userId": active, "oauthTokens": true }),
        )
        .await;
    assert_eq!(cleared["oauthTokensRevoked"], true);
    let last = org.session.exchanges().last().unwrap().request.clone();
    assert_eq!(last.method, "DELETE");
    assert_eq!(cleared["devicesForgotten"], true);
    assert!(
        last.url
            .ends_with("/sessions?oauthTokens=true&forgetDevices=true")
    );
}

#[tokio::test]
async fn custom_profile_attributes_round_trip() {
    let org = Org::empty();
    let user = org
        .new_user(
            "barbara@example.com",
            json!({ "profile": { "costCenter": "CC-7", "employeeNumber": "1974" } }),
        )
        .await;
    let got = org.ok("get_user", json!({ "userId": user })).await;
    assert_eq!(got["profile"]["costCenter"], "CC-7");
    assert_eq!(got["employeeNumber"], "1974");
    org.ok(
        "update_user",
        json!({ "userId": user, "profile": "{\"costCenter\": \"CC-8\"}", "title": "Professor" }),
    )
    .await;
    let got = org.ok("get_user", json!({ "userId": user })).await;
    assert_eq!(got["profile"]["costCenter"], "CC-8");
    assert_eq!(got["title"], "Professor");
    assert_eq!(
        got["employeeNumber"], "1974",
        "a partial update keeps other attributes"
    );

    let group = org.ok("create_group", json!({ "name": "Liskov Lab", "description": "Abstraction", "profile": { "costCenter": "CC-9" } })).await;
    let group_id = group["id"].as_str().unwrap();
    let renamed = org
        .ok(
            "update_group",
            json!({ "groupId": group_id, "name": "Liskov Lab II" }),
        )
        .await;
    assert_eq!(
        renamed["description"], "Abstraction",
        "the description survives an update without one"
    );
    assert_eq!(
        renamed["profile"]["costCenter"], "CC-9",
        "custom attributes survive too"
    );

    let conflict = org
        .call(
            "update_user",
            json!({ "userId": user, "title": "X", "profile": { "title": "Y" } }),
        )
        .await;
    assert_eq!(conflict["error"]["field"], "profile.title");
    let not_object = org
        .call("create_group", json!({ "name": "G", "profile": "[1, 2]" }))
        .await;
    assert_eq!(not_object["error"]["field"], "profile");
}

#[tokio::test]
async fn membership_changes_are_idempotent_and_truthful() {
    let org = Org::empty();
    let user = org.new_user("edsger@example.com", json!({})).await;
    let group = org
        .ok("create_group", json!({ "name": "Structured" }))
        .await;
    let ids = json!({ "groupId": group["id"], "userId": user });
    assert_eq!(
        org.ok("add_user_to_group", ids.clone()).await["added"],
        true
    );
    let again = org.ok("add_user_to_group", ids.clone()).await;
    assert_eq!(
        (again["added"].clone(), again["alreadyMember"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(
        org.ok("remove_user_from_group", ids.clone()).await["removed"],
        true
    );
    let again = org.ok("remove_user_from_group", ids).await;
    assert_eq!(
        (again["removed"].clone(), again["wasMember"].clone()),
        (json!(false), json!(false))
    );
}

#[tokio::test]
async fn only_okta_groups_change() {
    let org = Org::demo();
    let everyone = org
        .ok("list_groups", json!({ "filter": "type eq \"BUILT_IN\"" }))
        .await;
    let everyone_id = everyone["groups"][0]["id"].as_str().unwrap().to_string();
    let app = org
        .ok("list_groups", json!({ "filter": "type eq \"APP_GROUP\"" }))
        .await;
    let app_id = app["groups"][0]["id"].as_str().unwrap().to_string();
    let user = org.demo_user_in("ACTIVE").await;
    org.fails(
        "update_group",
        json!({ "groupId": everyone_id, "name": "All" }),
        "upstream",
        "E0000060",
    )
    .await;
    org.fails(
        "add_user_to_group",
        json!({ "groupId": app_id, "userId": user }),
        "forbidden",
        "E0000006",
    )
    .await;
    org.fails(
        "delete_group",
        json!({ "groupId": everyone_id }),
        "upstream",
        "E0000060",
    )
    .await;
}
