//! The onboarding half of okta-block's demo as an Obelisk workflow.
//!
//! Each call below into `users` or `groups` is an import that Obelisk links to the block
//! activity's export of the same name: it runs as a child execution (persisted, with the
//! deployment's timeout and retry settings), and the workflow waits for its result. A child the
//! engine had to end (a trap, a timeout) comes back as `okta-error::execution-failed`.
//!
//! The workflow never holds the API token: every connection leaves `api-key` empty, and the
//! block reads the token from its environment, where Obelisk puts a placeholder that it swaps
//! for the real secret only on requests to the allowed host.

wit_bindgen::generate!({
    world: "onboarding",
    path: "wit",
    generate_all,
});

use exports::okta_block::onboarding::workflow::{Guest, Onboarded};
use okta_block::okta::groups::{self, ListGroupMembersInput, ListGroupsInput, MembershipInput};
use okta_block::okta::types::{Connection, InvalidInput, OktaError};
use okta_block::okta::users::{self, ActivateUserInput, CreateUserInput, GetUserInput};

struct Workflow;

export!(Workflow);

/// The org, with the token left to the engine's secret and the block's other defaults.
fn connection(domain: &str, timeout_seconds: Option<u32>) -> Connection {
    Connection {
        domain: domain.to_string(),
        api_key: String::new(),
        max_retries: None,
        timeout_seconds,
        auth_scheme: None,
    }
}

impl Guest for Workflow {
    fn onboard(
        domain: String,
        first_name: String,
        last_name: String,
        email: String,
        group_name: String,
    ) -> Result<Onboarded, OktaError> {
        // 1. Create the user staged: nothing is sent to them yet.
        let created = users::create_user(&CreateUserInput {
            connection: connection(&domain, None),
            first_name,
            last_name,
            email,
            login: None,
            password: None,
            mobile_phone: None,
            title: None,
            department: None,
            activate: Some(false),
            profile_json: None,
        })?;
        // 2. Activate them, without Okta's activation email (the workflow owns the welcome).
        users::activate_user(&ActivateUserInput {
            connection: connection(&domain, None),
            user_id: created.id.clone(),
            send_email: Some(false),
        })?;
        // 3. Find the group by name: `q` matches name prefixes, so keep the exact match only.
        let found = groups::list_groups(&ListGroupsInput {
            connection: connection(&domain, None),
            search: None,
            filter: None,
            limit: None,
            after: None,
            return_all: None,
            max_results: None,
            q: Some(group_name.clone()),
        })?;
        let Some(group) = found
            .groups
            .into_iter()
            .find(|g| g.name.as_deref() == Some(group_name.as_str()))
        else {
            return Err(OktaError::InvalidInput(InvalidInput {
                field: "groupName".into(),
                reason: format!("no group is named {group_name:?}"),
            }));
        };
        // 4. Add the user to it.
        groups::add_user_to_group(&MembershipInput {
            connection: connection(&domain, None),
            group_id: group.id.clone(),
            user_id: created.id.clone(),
        })?;
        // 5. List its members, every page.
        let listed = groups::list_group_members(&ListGroupMembersInput {
            connection: connection(&domain, None),
            group_id: group.id.clone(),
            limit: None,
            after: None,
            return_all: Some(true),
            max_results: None,
        })?;
        let user = users::get_user(&GetUserInput {
            connection: connection(&domain, None),
            user_id: created.id.clone(),
        })?;
        Ok(Onboarded {
            user_id: created.id,
            status: user.status,
            group_id: group.id,
            members: listed.members.into_iter().filter_map(|m| m.login).collect(),
        })
    }

    fn find_user(domain: String, user: String, timeout_seconds: u32) -> Result<String, OktaError> {
        let found = users::get_user(&GetUserInput {
            connection: connection(&domain, Some(timeout_seconds)),
            user_id: user,
        })?;
        Ok(found.id)
    }
}
