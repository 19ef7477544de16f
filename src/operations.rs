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

/// Calls `$callback!` with the table. Rows are grouped by WIT interface, in WIT order: the
/// guest module that owns the area (also the interface's module in the bindings), then the
/// interface's WIT name.
macro_rules! operation_table {
    ($callback:ident) => {
        $callback! {
            version "0.4.0";
            users "users" {
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
            groups "groups" {
                list_groups "list-groups" by_pointer (ListGroupsInput) -> ListGroupsOutput, _export_list_groups_cabi, __post_return_list_groups;
                get_group "get-group" user_ref (GroupRefInput) -> Group, _export_get_group_cabi, __post_return_get_group;
                create_group "create-group" by_pointer (CreateGroupInput) -> Group, _export_create_group_cabi, __post_return_create_group;
                update_group "update-group" by_pointer (UpdateGroupInput) -> Group, _export_update_group_cabi, __post_return_update_group;
                delete_group "delete-group" user_ref (GroupRefInput) -> DeleteGroupOutput, _export_delete_group_cabi, __post_return_delete_group;
                add_user_to_group "add-user-to-group" with_id (MembershipInput) -> AddUserToGroupOutput, _export_add_user_to_group_cabi, __post_return_add_user_to_group;
                remove_user_from_group "remove-user-from-group" with_id (MembershipInput) -> RemoveUserFromGroupOutput, _export_remove_user_from_group_cabi, __post_return_remove_user_from_group;
                list_group_members "list-group-members" by_pointer (ListGroupMembersInput) -> ListGroupMembersOutput, _export_list_group_members_cabi, __post_return_list_group_members;
            }
            apps "apps" {
                list_apps "list-apps" by_pointer (ListAppsInput) -> ListAppsOutput, _export_list_apps_cabi, __post_return_list_apps;
                get_app "get-app" user_ref (AppRefInput) -> App, _export_get_app_cabi, __post_return_get_app;
                list_app_users "list-app-users" by_pointer (ListAppUsersInput) -> ListAppUsersOutput, _export_list_app_users_cabi, __post_return_list_app_users;
                list_app_groups "list-app-groups" by_pointer (ListAppGroupsInput) -> ListAppGroupsOutput, _export_list_app_groups_cabi, __post_return_list_app_groups;
                assign_user_to_app "assign-user-to-app" by_pointer (AssignUserToAppInput) -> AppUser, _export_assign_user_to_app_cabi, __post_return_assign_user_to_app;
                remove_user_from_app "remove-user-from-app" by_pointer (RemoveUserFromAppInput) -> RemoveUserFromAppOutput, _export_remove_user_from_app_cabi, __post_return_remove_user_from_app;
                assign_group_to_app "assign-group-to-app" by_pointer (AssignGroupToAppInput) -> AppGroup, _export_assign_group_to_app_cabi, __post_return_assign_group_to_app;
                remove_group_from_app "remove-group-from-app" with_id (AppGroupRefInput) -> RemoveGroupFromAppOutput, _export_remove_group_from_app_cabi, __post_return_remove_group_from_app;
            }
            group_rules "group-rules" {
                list_group_rules "list-group-rules" by_pointer (ListGroupRulesInput) -> ListGroupRulesOutput, _export_list_group_rules_cabi, __post_return_list_group_rules;
                get_group_rule "get-group-rule" user_ref (RuleRefInput) -> GroupRule, _export_get_group_rule_cabi, __post_return_get_group_rule;
                create_group_rule "create-group-rule" by_pointer (CreateGroupRuleInput) -> GroupRule, _export_create_group_rule_cabi, __post_return_create_group_rule;
                activate_group_rule "activate-group-rule" user_ref (RuleRefInput) -> ActivateGroupRuleOutput, _export_activate_group_rule_cabi, __post_return_activate_group_rule;
                deactivate_group_rule "deactivate-group-rule" user_ref (RuleRefInput) -> DeactivateGroupRuleOutput, _export_deactivate_group_rule_cabi, __post_return_deactivate_group_rule;
                delete_group_rule "delete-group-rule" with_flag (DeleteGroupRuleInput) -> DeleteGroupRuleOutput, _export_delete_group_rule_cabi, __post_return_delete_group_rule;
            }
            roles "roles" {
                assign_user_role "assign-user-role" by_pointer (AssignUserRoleInput) -> RoleAssignment, _export_assign_user_role_cabi, __post_return_assign_user_role;
                list_user_roles "list-user-roles" user_ref (UserRolesInput) -> ListUserRolesOutput, _export_list_user_roles_cabi, __post_return_list_user_roles;
                remove_user_role "remove-user-role" with_id (RemoveUserRoleInput) -> RemoveUserRoleOutput, _export_remove_user_role_cabi, __post_return_remove_user_role;
            }
            factors "factors" {
                list_factors "list-factors" user_ref (UserFactorsInput) -> ListFactorsOutput, _export_list_factors_cabi, __post_return_list_factors;
                get_factor "get-factor" with_id (FactorRefInput) -> Factor, _export_get_factor_cabi, __post_return_get_factor;
                enroll_factor "enroll-factor" by_pointer (EnrollFactorInput) -> Factor, _export_enroll_factor_cabi, __post_return_enroll_factor;
                reset_factor "reset-factor" by_pointer (ResetFactorInput) -> ResetFactorOutput, _export_reset_factor_cabi, __post_return_reset_factor;
                reset_all_factors "reset-all-factors" user_ref (UserFactorsInput) -> ResetAllFactorsOutput, _export_reset_all_factors_cabi, __post_return_reset_all_factors;
            }
            sessions "sessions" {
                get_session "get-session" user_ref (SessionRefInput) -> Session, _export_get_session_cabi, __post_return_get_session;
                revoke_session "revoke-session" user_ref (SessionRefInput) -> RevokeSessionOutput, _export_revoke_session_cabi, __post_return_revoke_session;
            }
            system_log "system-log" {
                get_logs "get-logs" by_pointer (GetLogsInput) -> GetLogsOutput, _export_get_logs_cabi, __post_return_get_logs;
            }
        }
    };
}
