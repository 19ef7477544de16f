//! Who has which app: the assignment rules of Okta's Application Users and Application Groups
//! references. A user has an app directly (scope `USER`) or through a group assigned to it
//! (scope `GROUP`), as one assignment either way:
//!
//! - assigning a group gives each member the app; a member who joins later gains it, one who
//!   leaves loses it, unless another assigned group still holds them or they were assigned
//!   directly;
//! - assigning a group member directly turns the assignment into a `USER` one, which outlives
//!   the group's;
//! - deactivating a user removes their assignments to active apps (inactive apps keep theirs, as
//!   Okta's "Deprovisioning behavior when an app is inactive" describes) and a deactivated user
//!   gains nothing from a group until reactivated; deleting a user removes them everywhere.
//!
//! Every assignment given or taken is recorded in the System Log.

use super::app_records::{AppGroupRecord, AppRecord, AppStatus, AppUserRecord};
use super::logs::{EventType, LogTarget};
use super::model::{UserRecord, UserStatus};
use super::store::Org;
use serde_json::{Map, Value};

pub const USER_ASSIGNED: EventType = EventType {
    name: "application.user_membership.add",
    message: "Add user to application membership",
    legacy: None,
};
pub const USER_UNASSIGNED: EventType = EventType {
    name: "application.user_membership.remove",
    message: "Remove user from application membership",
    legacy: None,
};
pub const GROUP_ASSIGNED: EventType = EventType {
    name: "group.application_assignment.add",
    message: "Add assigned application to group",
    legacy: None,
};
pub const GROUP_UNASSIGNED: EventType = EventType {
    name: "group.application_assignment.remove",
    message: "Remove assigned application from group",
    legacy: None,
};

/// The System Log's name for an app.
pub fn app_target(app: &AppRecord) -> LogTarget {
    LogTarget::new(&app.id, "AppInstance", &app.name, &app.label)
}

/// A new assignment's user name, from the app's `userNameTemplate` (`${source.login}`,
/// `${source.email}` or another profile attribute); the login when the template names nothing
/// the user has.
fn templated_user_name(template: &str, user: &UserRecord) -> String {
    template
        .strip_prefix("${source.")
        .and_then(|rest| rest.strip_suffix('}'))
        .and_then(|attribute| user.profile_text(attribute))
        .unwrap_or_else(|| user.login())
        .to_string()
}

impl Org {
    /// The first group assigned to the app (in assignment order) that holds the user.
    pub fn granting_group(&self, app: &AppRecord, user_id: &str) -> Option<String> {
        app.groups
            .iter()
            .map(|group| group.group_id.as_str())
            .find(|group| self.is_member(group, user_id))
            .map(str::to_string)
    }

    /// The ids of the apps a group is assigned to.
    pub fn apps_of_group(&self, group_id: &str) -> Vec<String> {
        self.apps
            .apps
            .iter()
            .filter(|app| app.groups.contains(group_id))
            .map(|app| app.id.clone())
            .collect()
    }

    /// Makes a new assignment and records it: `direct` for scope `USER`. Nothing happens for an
    /// unknown app or user.
    pub fn add_app_user(&mut self, app_id: &str, user_id: &str, direct: bool, now: i64) {
        let (Some(user), Some(app)) = (self.user(user_id).cloned(), self.apps.get(app_id)) else {
            return;
        };
        let user_name = templated_user_name(app.user_name_template(), &user);
        let target = app_target(app);
        let seq = self.apps.next_seq();
        let assignment_id = self.apps.ids.object_id("0ua");
        let Some(app) = self.apps.get_mut(app_id) else {
            return;
        };
        app.users.insert(AppUserRecord {
            user_id: user_id.to_string(),
            seq,
            assignment_id,
            created: now,
            last_updated: now,
            status_changed: now,
            direct,
            user_name,
            profile: Map::new(),
        });
        self.log(now, &USER_ASSIGNED, vec![LogTarget::user(&user), target]);
    }

    /// Ends an assignment and records it; says whether there was one.
    pub fn remove_app_user(&mut self, app_id: &str, user_id: &str, now: i64) -> bool {
        let Some(app) = self.apps.get_mut(app_id) else {
            return false;
        };
        if app.users.remove(user_id).is_none() {
            return false;
        }
        let mut targets = Vec::new();
        if let Some(user) = self.user(user_id) {
            targets.push(LogTarget::user(user));
        }
        if let Some(app) = self.apps.get(app_id) {
            targets.push(app_target(app));
        }
        self.log(now, &USER_UNASSIGNED, targets);
        true
    }

    /// Brings one user's assignment to an app in line with the app's group assignments: a
    /// group that holds the user gives a `GROUP` assignment; when none does any more, an
    /// assignment that was never direct ends. A deactivated user gains nothing.
    pub fn reconcile_app_user(&mut self, app_id: &str, user_id: &str, now: i64) {
        let Some(app) = self.apps.get(app_id) else {
            return;
        };
        let eligible = self
            .user(user_id)
            .is_some_and(|user| user.status != UserStatus::Deprovisioned);
        let granted = eligible && self.granting_group(app, user_id).is_some();
        match (app.users.get(user_id).map(|a| a.direct), granted) {
            (None, true) => self.add_app_user(app_id, user_id, false, now),
            (Some(false), false) => {
                self.remove_app_user(app_id, user_id, now);
            }
            _ => {}
        }
    }

    /// After a user joined or left a group: the apps the group is assigned to.
    pub fn group_membership_changed(&mut self, group_id: &str, user_id: &str, now: i64) {
        for app_id in self.apps_of_group(group_id) {
            self.reconcile_app_user(&app_id, user_id, now);
        }
    }

    fn member_ids(&self, group_id: &str) -> Vec<String> {
        self.members_after(group_id, None)
            .map(|user| user.id.clone())
            .collect()
    }

    /// Assigns a group to an app, or changes its assignment: a new assignment takes the next
    /// priority when none is given, and its members get the app. Says whether it is new.
    pub fn assign_group_to_app(
        &mut self,
        app_id: &str,
        group_id: &str,
        priority: Option<u64>,
        profile: Option<Map<String, Value>>,
        now: i64,
    ) -> bool {
        let seq = self.apps.next_seq();
        let Some(app) = self.apps.get_mut(app_id) else {
            return false;
        };
        if let Some(existing) = app.groups.get_mut(group_id) {
            existing.priority = priority.unwrap_or(existing.priority);
            if let Some(profile) = profile {
                existing.profile = profile;
            }
            existing.last_updated = now;
            return false;
        }
        let next_priority = app.groups.iter().map(|g| g.priority + 1).max().unwrap_or(0);
        app.groups.insert(AppGroupRecord {
            group_id: group_id.to_string(),
            seq,
            created: now,
            last_updated: now,
            priority: priority.unwrap_or(next_priority),
            profile: profile.unwrap_or_default(),
        });
        self.log_group_assignment(&GROUP_ASSIGNED, app_id, group_id, now);
        for user_id in self.member_ids(group_id) {
            self.reconcile_app_user(app_id, &user_id, now);
        }
        true
    }

    /// Unassigns a group from an app; its members lose the app unless something else gives it
    /// to them. Says whether the group was assigned.
    pub fn unassign_group_from_app(&mut self, app_id: &str, group_id: &str, now: i64) -> bool {
        let removed = self
            .apps
            .get_mut(app_id)
            .and_then(|app| app.groups.remove(group_id))
            .is_some();
        if removed {
            self.log_group_assignment(&GROUP_UNASSIGNED, app_id, group_id, now);
            for user_id in self.member_ids(group_id) {
                self.reconcile_app_user(app_id, &user_id, now);
            }
        }
        removed
    }

    fn log_group_assignment(&mut self, event: &EventType, app_id: &str, group_id: &str, now: i64) {
        let mut targets = Vec::new();
        if let Some(group) = self.group(group_id) {
            targets.push(LogTarget::group(group));
        }
        if let Some(app) = self.apps.get(app_id) {
            targets.push(app_target(app));
        }
        self.log(now, event, targets);
    }

    /// A group about to be deleted leaves every app it is assigned to.
    pub fn forget_group_apps(&mut self, group_id: &str, now: i64) {
        for app_id in self.apps_of_group(group_id) {
            self.unassign_group_from_app(&app_id, group_id, now);
        }
    }

    /// A deactivated user loses every assignment to an active app.
    pub fn user_deactivated_apps(&mut self, user_id: &str, now: i64) {
        let active: Vec<String> = self
            .apps
            .apps
            .iter()
            .filter(|app| app.status == AppStatus::Active && app.users.contains(user_id))
            .map(|app| app.id.clone())
            .collect();
        for app_id in active {
            self.remove_app_user(&app_id, user_id, now);
        }
    }

    /// A reactivated user gets back what their groups give them.
    pub fn user_reactivated_apps(&mut self, user_id: &str, now: i64) {
        for app_id in self.apps.apps.keys() {
            self.reconcile_app_user(&app_id, user_id, now);
        }
    }

    /// A deleted user's assignments go with them.
    pub fn forget_app_user(&mut self, user_id: &str) {
        for app in self.apps.apps.iter_mut() {
            app.users.remove(user_id);
        }
    }
}
