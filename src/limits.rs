//! The bounds and defaults the block enforces, in one place. The guest checks its inputs and
//! answers against them; the host includes this file (`okta_block_host::limits`), so that its
//! blocks.json generator writes them into the schemas and its hook caps answers alike.

/// Retries after the first attempt, unless `maxRetries` says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The most `maxRetries` may ask for.
pub const MAX_RETRIES: u32 = 10;
/// Seconds for connect, first byte and between bytes, unless `timeoutSeconds` says otherwise.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;
/// The most `timeoutSeconds` may ask for.
pub const MAX_TIMEOUT_SECONDS: u32 = 300;

/// Okta's largest page for `/users`.
pub const MAX_USERS_PAGE: u32 = 200;
/// Okta's largest page for `/users/{id}/groups`.
pub const MAX_USER_GROUPS_PAGE: u32 = 200;
/// Okta's largest page for `/groups`.
pub const MAX_GROUPS_PAGE: u32 = 10_000;
/// Okta's largest page for `/groups/{id}/users`.
pub const MAX_MEMBERS_PAGE: u32 = 1_000;
/// Okta's largest page for `/apps`.
pub const MAX_APPS_PAGE: u32 = 200;
/// Okta's largest page for `/apps/{id}/users`.
pub const MAX_APP_USERS_PAGE: u32 = 500;
/// Okta's largest page for `/apps/{id}/groups`.
pub const MAX_APP_GROUPS_PAGE: u32 = 200;
/// Okta's largest page for `/groups/rules`.
pub const MAX_RULES_PAGE: u32 = 200;
/// Okta's largest page for `/logs`.
pub const MAX_LOGS_PAGE: u32 = 1_000;

/// The largest page of each list operation, by operation id (its `limit` field's maximum), for
/// the generator; the operations themselves name their constant.
#[allow(dead_code)]
pub const PAGE_MAX: &[(&str, u32)] = &[
    ("list_users", MAX_USERS_PAGE),
    ("list_user_groups", MAX_USER_GROUPS_PAGE),
    ("list_groups", MAX_GROUPS_PAGE),
    ("list_group_members", MAX_MEMBERS_PAGE),
    ("list_apps", MAX_APPS_PAGE),
    ("list_app_users", MAX_APP_USERS_PAGE),
    ("list_app_groups", MAX_APP_GROUPS_PAGE),
    ("list_group_rules", MAX_RULES_PAGE),
    ("get_logs", MAX_LOGS_PAGE),
];

/// The most results `returnAll` gathers unless `maxResults` says otherwise.
pub const DEFAULT_MAX_RESULTS: u32 = 10_000;
/// The most `maxResults` may ask for.
pub const MAX_MAX_RESULTS: u32 = 1_000_000;

/// The largest answer body read. Okta's largest pages are a few megabytes; anything far beyond
/// is not an Okta answer. The host reads network answers with the same cap.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Longest id, login or name the block will send. Okta's own limits are lower; this only keeps
/// a pasted document from becoming a URL.
pub const MAX_TEXT_LEN: usize = 1024;
