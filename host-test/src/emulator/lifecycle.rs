//! Which lifecycle operation each user status allows, and the status it leads to, per Okta's
//! User Lifecycle reference. Pure rules: [`super::users`] applies them.

use super::errors::ApiError;
use super::model::UserStatus::{self, *};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Activate,
    Reactivate,
    Deactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ResetPassword,
    ExpirePassword,
    ExpirePasswordWithTempPassword,
}

impl Transition {
    /// The operation a `/lifecycle/{name}` path names.
    pub fn from_path(name: &str) -> Option<Self> {
        Some(match name {
            "activate" => Self::Activate,
            "reactivate" => Self::Reactivate,
            "deactivate" => Self::Deactivate,
            "suspend" => Self::Suspend,
            "unsuspend" => Self::Unsuspend,
            "unlock" => Self::Unlock,
            "reset_password" => Self::ResetPassword,
            "expire_password" => Self::ExpirePassword,
            "expire_password_with_temp_password" => Self::ExpirePasswordWithTempPassword,
            _ => return None,
        })
    }
}

/// The status `operation` takes a user to, or the error Okta answers instead.
pub fn next_status(
    operation: Transition,
    status: UserStatus,
    has_password: bool,
) -> Result<UserStatus, ApiError> {
    match (operation, status) {
        // Users without a password finish activation through the welcome flow.
        (Transition::Activate, Staged | Deprovisioned) => {
            Ok(if has_password { Active } else { Provisioned })
        }
        (Transition::Activate, Suspended) => Err(ApiError::status_forbids()),
        (Transition::Activate, _) => Err(ApiError::already_active()),

        // Restarts an unfinished activation; the status stays as it is.
        (Transition::Reactivate, Provisioned | Recovery) => Ok(status),
        (Transition::Reactivate, _) => Err(ApiError::status_forbids()),

        (Transition::Deactivate, Deprovisioned) => Err(ApiError::status_forbids()),
        (Transition::Deactivate, _) => Ok(Deprovisioned),

        // The reference: suspend and unsuspend in the wrong status answer 400 E0000001.
        (Transition::Suspend, Active) => Ok(Suspended),
        (Transition::Suspend, _) => Err(ApiError::validation(
            "status",
            vec!["status: Only an ACTIVE user can be suspended".into()],
        )),
        (Transition::Unsuspend, Suspended) => Ok(Active),
        (Transition::Unsuspend, _) => Err(ApiError::validation(
            "status",
            vec!["status: Only a SUSPENDED user can be unsuspended".into()],
        )),

        // Current Okta refuses every user who is not locked out, ACTIVE ones included.
        (Transition::Unlock, LockedOut) => Ok(Active),
        (Transition::Unlock, _) => Err(ApiError::unlock_forbidden()),

        (
            Transition::ResetPassword,
            Active | Recovery | PasswordExpired | LockedOut | Provisioned,
        ) => Ok(Recovery),
        (Transition::ResetPassword, _) => Err(ApiError::status_forbids()),

        (Transition::ExpirePassword, Active | PasswordExpired | Recovery | LockedOut)
            if has_password =>
        {
            Ok(PasswordExpired)
        }
        (
            Transition::ExpirePasswordWithTempPassword,
            Active | PasswordExpired | Recovery | LockedOut,
        ) => Ok(PasswordExpired),
        (Transition::ExpirePassword | Transition::ExpirePasswordWithTempPassword, _) => {
            Err(ApiError::status_forbids())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [UserStatus; 8] = [
        Staged,
        Provisioned,
        Active,
        Recovery,
        PasswordExpired,
        LockedOut,
        Suspended,
        Deprovisioned,
    ];

    #[test]
    fn activation_depends_on_the_password() {
        assert_eq!(next_status(Transition::Activate, Staged, true), Ok(Active));
        assert_eq!(
            next_status(Transition::Activate, Staged, false),
            Ok(Provisioned)
        );
        assert_eq!(
            next_status(Transition::Activate, Active, true)
                .unwrap_err()
                .code,
            "E0000016"
        );
    }

    #[test]
    fn only_deprovisioned_users_cannot_be_deactivated() {
        for status in ALL {
            let result = next_status(Transition::Deactivate, status, true);
            assert_eq!(result.is_err(), status == Deprovisioned, "{status:?}");
        }
    }
}
