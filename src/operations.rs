//! The operation table: every operation of the block, once.
//!
//! Everything that repeats per operation is generated from this table: the WIT exports'
//! `Guest` impls and their canonical-ABI glue (`lib.rs`), and the HTTP face's dispatch
//! (`http_face.rs`). The host reads the operation list from the compiled component itself, and
//! its tests fail by name for an operation that blocks.json, the emulator or their inputs lack.
//! CONTRIBUTING.md has the whole checklist for adding one.
//!
//! A row is: the function in its module (`users::get_user`, the operation's body), its WIT
//! name, how the WIT input record flattens into core parameters (see `exports!` in `lib.rs`),
//! the input and output records, and the names wit-bindgen gives the export's glue and its
//! post-return (macro_rules cannot build them from the function's name).

/// Calls `$callback!` with the table. Rows are grouped by WIT interface, in WIT order.
macro_rules! operation_table {
    ($callback:ident) => {
        $callback! {
            version "0.2.0";
            users {
                list_users "list-users" by_pointer (ListUsersInput) -> ListUsersOutput, _export_list_users_cabi, __post_return_list_users;
                get_user "get-user" user_ref (GetUserInput) -> UserDetail, _export_get_user_cabi, __post_return_get_user;
                create_user "create-user" by_pointer (CreateUserInput) -> UserWritten, _export_create_user_cabi, __post_return_create_user;
                update_user "update-user" by_pointer (UpdateUserInput) -> UserWritten, _export_update_user_cabi, __post_return_update_user;
                activate_user "activate-user" with_flag (ActivateUserInput) -> ActivateUserOutput, _export_activate_user_cabi, __post_return_activate_user;
                deactivate_user "deactivate-user" with_flag (DeactivateUserInput) -> DeactivateUserOutput, _export_deactivate_user_cabi, __post_return_deactivate_user;
                suspend_user "suspend-user" user_ref (UserRefInput) -> SuspendUserOutput, _export_suspend_user_cabi, __post_return_suspend_user;
                unsuspend_user "unsuspend-user" user_ref (UserRefInput) -> UnsuspendUserOutput, _export_unsuspend_user_cabi, __post_return_unsuspend_user;
                reset_password "reset-password" with_flag (ResetPasswordInput) -> ResetPasswordOutput, _export_reset_password_cabi, __post_return_reset_password;
                delete_user "delete-user" by_pointer (DeleteUserInput) -> DeleteUserOutput, _export_delete_user_cabi, __post_return_delete_user;
                list_user_groups "list-user-groups" by_pointer (ListUserGroupsInput) -> ListUserGroupsOutput, _export_list_user_groups_cabi, __post_return_list_user_groups;
                unlock_user "unlock-user" user_ref (UserRefInput) -> UnlockUserOutput, _export_unlock_user_cabi, __post_return_unlock_user;
                expire_password "expire-password" with_flag (ExpirePasswordInput) -> ExpirePasswordOutput, _export_expire_password_cabi, __post_return_expire_password;
                reactivate_user "reactivate-user" with_flag (ReactivateUserInput) -> ReactivateUserOutput, _export_reactivate_user_cabi, __post_return_reactivate_user;
                clear_user_sessions "clear-user-sessions" by_pointer (ClearUserSessionsInput) -> ClearUserSessionsOutput, _export_clear_user_sessions_cabi, __post_return_clear_user_sessions;
            }
            groups {
                list_groups "list-groups" by_pointer (ListGroupsInput) -> ListGroupsOutput, _export_list_groups_cabi, __post_return_list_groups;
                get_group "get-group" user_ref (GroupRefInput) -> Group, _export_get_group_cabi, __post_return_get_group;
                create_group "create-group" by_pointer (CreateGroupInput) -> Group, _export_create_group_cabi, __post_return_create_group;
                update_group "update-group" by_pointer (UpdateGroupInput) -> Group, _export_update_group_cabi, __post_return_update_group;
                delete_group "delete-group" user_ref (GroupRefInput) -> DeleteGroupOutput, _export_delete_group_cabi, __post_return_delete_group;
                add_user_to_group "add-user-to-group" with_id (MembershipInput) -> AddUserToGroupOutput, _export_add_user_to_group_cabi, __post_return_add_user_to_group;
                remove_user_from_group "remove-user-from-group" with_id (MembershipInput) -> RemoveUserFromGroupOutput, _export_remove_user_from_group_cabi, __post_return_remove_user_from_group;
                list_group_members "list-group-members" by_pointer (ListGroupMembersInput) -> ListGroupMembersOutput, _export_list_group_members_cabi, __post_return_list_group_members;
            }
        }
    };
}
