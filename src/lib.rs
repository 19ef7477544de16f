//! okta-block: Okta user and group management as a WebAssembly component.
//!
//! The exports are generated from `wit/okta.wit`; each one checks its input, makes the Okta
//! requests through `wasi:http` and maps the answer to the WIT records.

// `OktaError` is the WIT error type, returned once per call: its size is not worth boxing.
#![allow(clippy::result_large_err)]

mod call;
mod client;
mod connection;
pub mod encode;
#[doc(hidden)]
pub mod fuzzing;
mod groups;
mod input;
mod link;
mod model;
mod paging;
#[cfg(test)]
mod properties;
mod transport;
mod users;

#[cfg(not(feature = "http-face"))]
mod bindings {
    wit_bindgen::generate!({ path: "wit", world: "block" });
}

/// The HTTP face reads and writes the same records as JSON, so it derives serde for them.
#[cfg(feature = "http-face")]
mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "records",
        additional_derives: [serde::Serialize, serde::Deserialize],
    });
}

#[cfg(feature = "http-face")]
mod http_face;

/// The generated types, under a shorter name.
#[cfg(not(feature = "http-face"))]
use bindings::exports::okta_block::okta;
#[cfg(feature = "http-face")]
use bindings::okta_block::okta;

/// The block's exports: each operation of the WIT world `block`. The HTTP face exports
/// `wasi:http/incoming-handler` instead (see `http_face`).
#[cfg(not(feature = "http-face"))]
mod component {
    use crate::okta::groups::*;
    use crate::okta::types::{Group, OktaError};
    use crate::okta::users::*;
    use crate::{groups, okta, users};

    struct Block;

    impl okta::users::Guest for Block {
        fn list_users(input: ListUsersInput) -> Result<ListUsersOutput, OktaError> {
            users::list_users(input)
        }
        fn get_user(input: GetUserInput) -> Result<UserDetail, OktaError> {
            users::get_user(input)
        }
        fn create_user(input: CreateUserInput) -> Result<UserWritten, OktaError> {
            users::create_user(input)
        }
        fn update_user(input: UpdateUserInput) -> Result<UserWritten, OktaError> {
            users::update_user(input)
        }
        fn activate_user(input: ActivateUserInput) -> Result<ActivateUserOutput, OktaError> {
            users::activate_user(input)
        }
        fn deactivate_user(input: DeactivateUserInput) -> Result<DeactivateUserOutput, OktaError> {
            users::deactivate_user(input)
        }
        fn suspend_user(input: UserRefInput) -> Result<SuspendUserOutput, OktaError> {
            users::suspend_user(input)
        }
        fn unsuspend_user(input: UserRefInput) -> Result<UnsuspendUserOutput, OktaError> {
            users::unsuspend_user(input)
        }
        fn reset_password(input: ResetPasswordInput) -> Result<ResetPasswordOutput, OktaError> {
            users::reset_password(input)
        }
        fn delete_user(input: DeleteUserInput) -> Result<DeleteUserOutput, OktaError> {
            users::delete_user(input)
        }
        fn list_user_groups(input: ListUserGroupsInput) -> Result<ListUserGroupsOutput, OktaError> {
            users::list_user_groups(input)
        }
        fn unlock_user(input: UserRefInput) -> Result<UnlockUserOutput, OktaError> {
            users::unlock_user(input)
        }
        fn expire_password(input: ExpirePasswordInput) -> Result<ExpirePasswordOutput, OktaError> {
            users::expire_password(input)
        }
        fn reactivate_user(input: ReactivateUserInput) -> Result<ReactivateUserOutput, OktaError> {
            users::reactivate_user(input)
        }
        fn clear_user_sessions(
            input: ClearUserSessionsInput,
        ) -> Result<ClearUserSessionsOutput, OktaError> {
            users::clear_user_sessions(input)
        }
    }

    impl okta::groups::Guest for Block {
        fn list_groups(input: ListGroupsInput) -> Result<ListGroupsOutput, OktaError> {
            groups::list_groups(input)
        }
        fn get_group(input: GroupRefInput) -> Result<Group, OktaError> {
            groups::get_group(input)
        }
        fn create_group(input: CreateGroupInput) -> Result<Group, OktaError> {
            groups::create_group(input)
        }
        fn update_group(input: UpdateGroupInput) -> Result<Group, OktaError> {
            groups::update_group(input)
        }
        fn delete_group(input: GroupRefInput) -> Result<DeleteGroupOutput, OktaError> {
            groups::delete_group(input)
        }
        fn add_user_to_group(input: MembershipInput) -> Result<AddUserToGroupOutput, OktaError> {
            groups::add_user_to_group(input)
        }
        fn remove_user_from_group(
            input: MembershipInput,
        ) -> Result<RemoveUserFromGroupOutput, OktaError> {
            groups::remove_user_from_group(input)
        }
        fn list_group_members(
            input: ListGroupMembersInput,
        ) -> Result<ListGroupMembersOutput, OktaError> {
            groups::list_group_members(input)
        }
    }

    // Only the component exports the symbols; native builds (unit tests) keep plain names.
    #[cfg(target_arch = "wasm32")]
    crate::bindings::export!(Block with_types_in crate::bindings);
}
