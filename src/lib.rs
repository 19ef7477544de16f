//! okta-block: Okta user and group management as a WebAssembly component.
//!
//! The exports are generated from `wit/okta.wit`; each one checks its input, makes the Okta
//! requests through `wasi:http` and maps the answer to the WIT records.

// `OktaError` is the WIT error type, returned once per call: its size is not worth boxing.
#![allow(clippy::result_large_err)]
// Bad input is a typed error, never a trap: the block's own code has no unwrap, expect or
// panic (the workspace lints in Cargo.toml apply too; tests may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

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
mod redact;
mod transport;
mod users;

#[cfg(not(feature = "http-face"))]
mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "block",
        // Every record gets a placeholder value that owns no memory; see `component`.
        additional_derives: [Default],
        additional_derives_ignore: ["okta-error"],
    });
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
    use std::cell::Cell;

    struct Block;

    // Lowering `okta-error` once
    // --------------------------
    //
    // wit-bindgen writes the canonical-ABI lowering of a function's whole result into that
    // function's export glue. `okta-error` (nine cases, six of them with three optional strings
    // and a list) thus came 23 times over, some 3.5 KB each: a sixth of the component. Instead,
    // each operation hands wit-bindgen only a success value, so the compiler drops the error
    // half of the glue; a failure is parked in `PENDING` behind a placeholder success value, and
    // the export wrapper (`exports!`) then lowers the parked error through the glue of one
    // operation, `delete-group`, driven by `ErrorLowering`. The error half of a result has the
    // same layout in all 23 results (payload at offset 8: `okta-error` is 8-aligned), so the
    // caller reads it, and `cabi_post` frees it, exactly as if the operation's glue had written it.

    thread_local! {
        static PENDING: Cell<Option<OktaError>> = const { Cell::new(None) };
    }

    /// The success value for wit-bindgen's glue. A failure is parked and replaced by a
    /// placeholder that owns no memory (empty strings and lists), so dropping it for the error
    /// leaks nothing.
    #[inline(always)]
    fn park<T: Default>(result: Result<T, OktaError>) -> Result<T, OktaError> {
        Ok(result.unwrap_or_else(|error| {
            PENDING.set(Some(error));
            T::default()
        }))
    }

    impl okta::users::Guest for Block {
        #[inline(always)]
        fn list_users(input: ListUsersInput) -> Result<ListUsersOutput, OktaError> {
            park(users::list_users(input))
        }
        #[inline(always)]
        fn get_user(input: GetUserInput) -> Result<UserDetail, OktaError> {
            park(users::get_user(input))
        }
        #[inline(always)]
        fn create_user(input: CreateUserInput) -> Result<UserWritten, OktaError> {
            park(users::create_user(input))
        }
        #[inline(always)]
        fn update_user(input: UpdateUserInput) -> Result<UserWritten, OktaError> {
            park(users::update_user(input))
        }
        #[inline(always)]
        fn activate_user(input: ActivateUserInput) -> Result<ActivateUserOutput, OktaError> {
            park(users::activate_user(input))
        }
        #[inline(always)]
        fn deactivate_user(input: DeactivateUserInput) -> Result<DeactivateUserOutput, OktaError> {
            park(users::deactivate_user(input))
        }
        #[inline(always)]
        fn suspend_user(input: UserRefInput) -> Result<SuspendUserOutput, OktaError> {
            park(users::suspend_user(input))
        }
        #[inline(always)]
        fn unsuspend_user(input: UserRefInput) -> Result<UnsuspendUserOutput, OktaError> {
            park(users::unsuspend_user(input))
        }
        #[inline(always)]
        fn reset_password(input: ResetPasswordInput) -> Result<ResetPasswordOutput, OktaError> {
            park(users::reset_password(input))
        }
        #[inline(always)]
        fn delete_user(input: DeleteUserInput) -> Result<DeleteUserOutput, OktaError> {
            park(users::delete_user(input))
        }
        #[inline(always)]
        fn list_user_groups(input: ListUserGroupsInput) -> Result<ListUserGroupsOutput, OktaError> {
            park(users::list_user_groups(input))
        }
        #[inline(always)]
        fn unlock_user(input: UserRefInput) -> Result<UnlockUserOutput, OktaError> {
            park(users::unlock_user(input))
        }
        #[inline(always)]
        fn expire_password(input: ExpirePasswordInput) -> Result<ExpirePasswordOutput, OktaError> {
            park(users::expire_password(input))
        }
        #[inline(always)]
        fn reactivate_user(input: ReactivateUserInput) -> Result<ReactivateUserOutput, OktaError> {
            park(users::reactivate_user(input))
        }
        #[inline(always)]
        fn clear_user_sessions(
            input: ClearUserSessionsInput,
        ) -> Result<ClearUserSessionsOutput, OktaError> {
            park(users::clear_user_sessions(input))
        }
    }

    impl okta::groups::Guest for Block {
        #[inline(always)]
        fn list_groups(input: ListGroupsInput) -> Result<ListGroupsOutput, OktaError> {
            park(groups::list_groups(input))
        }
        #[inline(always)]
        fn get_group(input: GroupRefInput) -> Result<Group, OktaError> {
            park(groups::get_group(input))
        }
        #[inline(always)]
        fn create_group(input: CreateGroupInput) -> Result<Group, OktaError> {
            park(groups::create_group(input))
        }
        #[inline(always)]
        fn update_group(input: UpdateGroupInput) -> Result<Group, OktaError> {
            park(groups::update_group(input))
        }
        #[inline(always)]
        fn delete_group(input: GroupRefInput) -> Result<DeleteGroupOutput, OktaError> {
            park(groups::delete_group(input))
        }
        #[inline(always)]
        fn add_user_to_group(input: MembershipInput) -> Result<AddUserToGroupOutput, OktaError> {
            park(groups::add_user_to_group(input))
        }
        #[inline(always)]
        fn remove_user_from_group(
            input: MembershipInput,
        ) -> Result<RemoveUserFromGroupOutput, OktaError> {
            park(groups::remove_user_from_group(input))
        }
        #[inline(always)]
        fn list_group_members(
            input: ListGroupMembersInput,
        ) -> Result<ListGroupMembersOutput, OktaError> {
            park(groups::list_group_members(input))
        }
    }

    /// Drives the glue of `delete-group` to lower the parked error.
    #[cfg(target_arch = "wasm32")]
    struct ErrorLowering;

    #[cfg(target_arch = "wasm32")]
    impl okta::groups::Guest for ErrorLowering {
        #[inline(always)]
        fn delete_group(_: GroupRefInput) -> Result<DeleteGroupOutput, OktaError> {
            Err(PENDING
                .take()
                .unwrap_or_else(|| OktaError::Transport(String::new())))
        }
        fn list_groups(_: ListGroupsInput) -> Result<ListGroupsOutput, OktaError> {
            unreachable!()
        }
        fn get_group(_: GroupRefInput) -> Result<Group, OktaError> {
            unreachable!()
        }
        fn create_group(_: CreateGroupInput) -> Result<Group, OktaError> {
            unreachable!()
        }
        fn update_group(_: UpdateGroupInput) -> Result<Group, OktaError> {
            unreachable!()
        }
        fn add_user_to_group(_: MembershipInput) -> Result<AddUserToGroupOutput, OktaError> {
            unreachable!()
        }
        fn remove_user_from_group(
            _: MembershipInput,
        ) -> Result<RemoveUserFromGroupOutput, OktaError> {
            unreachable!()
        }
        fn list_group_members(
            _: ListGroupMembersInput,
        ) -> Result<ListGroupMembersOutput, OktaError> {
            unreachable!()
        }
    }

    /// The answer of an export whose glue has run: the operation's own, or the parked error.
    #[cfg(target_arch = "wasm32")]
    fn answer(ret: *mut u8) -> *mut u8 {
        let Some(error) = PENDING.take() else {
            return ret;
        };
        PENDING.set(Some(error));
        // Its input: empty strings (dangling, zero-length buffers, lifted and dropped without a
        // free) and no options.
        let e = std::ptr::NonNull::<u8>::dangling().as_ptr();
        unsafe {
            okta::groups::_export_delete_group_cabi::<ErrorLowering>(
                e, 0, e, 0, 0, 0, 0, 0, 0, e, 0, e, 0,
            )
        }
    }

    /// Frees what an answer holds: an error through `delete-group`'s glue, a success value through
    /// its own operation's (told that the value is a success, so its error half compiles away).
    #[cfg(target_arch = "wasm32")]
    macro_rules! post_return {
        ($module:ident :: $post:ident, $ret:ident) => {
            unsafe {
                if *$ret == 0 {
                    okta::$module::$post::<Block>($ret)
                } else {
                    okta::groups::__post_return_delete_group::<ErrorLowering>($ret)
                }
            }
        };
    }

    /// The exports, in the four shapes of flattened parameters the operations' inputs take:
    /// `by_pointer` (an input too large to flatten), `user_ref` (connection fields and one id),
    /// `with_flag` (and an `option<bool>`) and `with_id` (and a second id).
    #[cfg(target_arch = "wasm32")]
    macro_rules! exports {
        ($($shape:ident $module:ident $symbol:literal $export:ident $glue:ident $post:ident $post_glue:ident;)*) => {$(
            exports!(@fn $shape $module $symbol $export $glue);
            #[unsafe(export_name = concat!("cabi_post_okta-block:okta/", $symbol))]
            unsafe extern "C" fn $post(ret: *mut u8) {
                post_return!($module::$post_glue, ret)
            }
        )*};
        (@fn by_pointer $module:ident $symbol:literal $export:ident $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn $export(a0: *mut u8) -> *mut u8 {
                answer(unsafe { okta::$module::$glue::<Block>(a0) })
            }
        };
        (@fn user_ref $module:ident $symbol:literal $export:ident $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn $export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12)
                })
            }
        };
        (@fn with_flag $module:ident $symbol:literal $export:ident $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn $export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize, a13: i32, a14: i32,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(
                        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
                    )
                })
            }
        };
        (@fn with_id $module:ident $symbol:literal $export:ident $glue:ident) => {
            #[unsafe(export_name = concat!("okta-block:okta/", $symbol))]
            unsafe extern "C" fn $export(
                a0: *mut u8, a1: usize, a2: *mut u8, a3: usize, a4: i32, a5: i32, a6: i32, a7: i32,
                a8: i32, a9: *mut u8, a10: usize, a11: *mut u8, a12: usize, a13: *mut u8, a14: usize,
            ) -> *mut u8 {
                answer(unsafe {
                    okta::$module::$glue::<Block>(
                        a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,
                    )
                })
            }
        };
    }

    // wit-bindgen's `export!` would bring back the error half of every glue; these are the same
    // exports, by hand. Only the component exports the symbols; native builds (unit tests) keep
    // plain names. A new operation needs a line here (the build fails if a shape or name is wrong).
    #[cfg(target_arch = "wasm32")]
    exports! {
        by_pointer users "users@0.2.0#list-users" list_users _export_list_users_cabi post_list_users __post_return_list_users;
        user_ref users "users@0.2.0#get-user" get_user _export_get_user_cabi post_get_user __post_return_get_user;
        by_pointer users "users@0.2.0#create-user" create_user _export_create_user_cabi post_create_user __post_return_create_user;
        by_pointer users "users@0.2.0#update-user" update_user _export_update_user_cabi post_update_user __post_return_update_user;
        with_flag users "users@0.2.0#activate-user" activate_user _export_activate_user_cabi post_activate_user __post_return_activate_user;
        with_flag users "users@0.2.0#deactivate-user" deactivate_user _export_deactivate_user_cabi post_deactivate_user __post_return_deactivate_user;
        user_ref users "users@0.2.0#suspend-user" suspend_user _export_suspend_user_cabi post_suspend_user __post_return_suspend_user;
        user_ref users "users@0.2.0#unsuspend-user" unsuspend_user _export_unsuspend_user_cabi post_unsuspend_user __post_return_unsuspend_user;
        with_flag users "users@0.2.0#reset-password" reset_password _export_reset_password_cabi post_reset_password __post_return_reset_password;
        by_pointer users "users@0.2.0#delete-user" delete_user _export_delete_user_cabi post_delete_user __post_return_delete_user;
        by_pointer users "users@0.2.0#list-user-groups" list_user_groups _export_list_user_groups_cabi post_list_user_groups __post_return_list_user_groups;
        user_ref users "users@0.2.0#unlock-user" unlock_user _export_unlock_user_cabi post_unlock_user __post_return_unlock_user;
        with_flag users "users@0.2.0#expire-password" expire_password _export_expire_password_cabi post_expire_password __post_return_expire_password;
        with_flag users "users@0.2.0#reactivate-user" reactivate_user _export_reactivate_user_cabi post_reactivate_user __post_return_reactivate_user;
        with_flag users "users@0.2.0#clear-user-sessions" clear_user_sessions _export_clear_user_sessions_cabi post_clear_user_sessions __post_return_clear_user_sessions;
        by_pointer groups "groups@0.2.0#list-groups" list_groups _export_list_groups_cabi post_list_groups __post_return_list_groups;
        user_ref groups "groups@0.2.0#get-group" get_group _export_get_group_cabi post_get_group __post_return_get_group;
        by_pointer groups "groups@0.2.0#create-group" create_group _export_create_group_cabi post_create_group __post_return_create_group;
        by_pointer groups "groups@0.2.0#update-group" update_group _export_update_group_cabi post_update_group __post_return_update_group;
        user_ref groups "groups@0.2.0#delete-group" delete_group _export_delete_group_cabi post_delete_group __post_return_delete_group;
        with_id groups "groups@0.2.0#add-user-to-group" add_user_to_group _export_add_user_to_group_cabi post_add_user_to_group __post_return_add_user_to_group;
        with_id groups "groups@0.2.0#remove-user-from-group" remove_user_from_group _export_remove_user_from_group_cabi post_remove_user_from_group __post_return_remove_user_from_group;
        by_pointer groups "groups@0.2.0#list-group-members" list_group_members _export_list_group_members_cabi post_list_group_members __post_return_list_group_members;
    }
}
