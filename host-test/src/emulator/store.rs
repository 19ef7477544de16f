//! The org's state: users, groups and memberships, with the indexes lookups need, and its
//! serializable snapshot.
//!
//! Records live in `BTreeMap`s keyed by [`Position`], so listing in creation order and resuming
//! after a cursor are range scans. The Everyone group's members are never stored: it holds every
//! user, always.

use super::app_records::AppSet;
use super::factors::FactorSet;
use super::ids::IdGenerator;
use super::logs::{LogSnapshot, SystemLog};
use super::model::{GroupRecord, GroupType, Position, UserRecord};
use super::roles::RoleSet;
use super::rule_engine::{RuleRecord, RuleSet};
use super::sessions::SessionStore;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

/// The snapshot's format version, bumped when its shape changes.
const SNAPSHOT_FORMAT: u32 = 1;

pub struct Org {
    users: BTreeMap<Position, UserRecord>,
    user_positions: HashMap<String, Position>,
    /// Lower-cased login to user id: logins are unique regardless of case.
    logins: HashMap<String, String>,
    groups: BTreeMap<Position, GroupRecord>,
    group_positions: HashMap<String, Position>,
    /// Stored memberships by group id, as the members' positions (Everyone is implicit).
    members: HashMap<String, BTreeSet<Position>>,
    groups_of: HashMap<String, BTreeSet<String>>,
    everyone_id: String,
    next_seq: u64,
    pub ids: IdGenerator,
    /// The org's default user type (`oty…`) and its profile schema (`osc…`), linked from users.
    pub user_type_id: String,
    pub user_schema_id: String,
    pub rules: RuleSet,
    pub factors: FactorSet,
    pub system_log: SystemLog,
    /// The org's own id (`00o…`), which apps' ORNs and sessions' identity provider name.
    pub org_id: String,
    /// The default realm (`guo…`) every user is in when the org has Okta's Realms.
    pub realm_id: Option<String>,
    pub apps: AppSet,
    pub admin_roles: RoleSet,
    pub sessions: SessionStore,
}

/// The highest creation sequence a saved org may carry (2^53, JSON's exact integers).
pub const MAX_SEQ: u64 = 1 << 53;

/// The whole org as JSON-serializable data.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgSnapshot {
    pub format: u32,
    pub next_seq: u64,
    pub ids: IdGenerator,
    pub user_type_id: String,
    pub user_schema_id: String,
    pub everyone_id: String,
    pub users: Vec<UserRecord>,
    pub groups: Vec<GroupRecord>,
    /// Group id to member user ids, for every group but Everyone.
    pub memberships: BTreeMap<String, Vec<String>>,
    /// Saved before rules, factors and the System Log existed: none, and an empty log.
    #[serde(default)]
    pub rules: Vec<RuleRecord>,
    #[serde(default)]
    pub factors: FactorSet,
    #[serde(default)]
    pub log: LogSnapshot,
    /// Saved before apps, admin roles and sessions existed: none of them.
    #[serde(default = "unsaved_org_id")]
    pub org_id: String,
    #[serde(default)]
    pub realm_id: Option<String>,
    #[serde(default)]
    pub apps: AppSet,
    #[serde(default)]
    pub admin_roles: RoleSet,
    #[serde(default)]
    pub sessions: SessionStore,
}

/// The org id's stream is its own, so the org's other ids stay as they were.
const ORG_ID_SEED: u64 = 0x000F_0126_1D00_0001;

/// The default realm's id stream, its own for the same reason.
const REALM_SEED: u64 = 0x0000_6EA1_0000_0001;

/// The id of an org saved before it had one.
fn unsaved_org_id() -> String {
    IdGenerator::new(ORG_ID_SEED).object_id("00o")
}

impl Org {
    /// An org with only the Everyone group, created at `now`.
    pub fn new(seed: u64, now: i64) -> Self {
        let mut ids = IdGenerator::new(seed);
        let user_type_id = ids.object_id("oty");
        let user_schema_id = ids.object_id("osc");
        let everyone_id = ids.object_id("00g");
        let mut org = Self {
            users: BTreeMap::new(),
            user_positions: HashMap::new(),
            logins: HashMap::new(),
            groups: BTreeMap::new(),
            group_positions: HashMap::new(),
            members: HashMap::new(),
            groups_of: HashMap::new(),
            everyone_id: everyone_id.clone(),
            next_seq: 0,
            ids,
            user_type_id,
            user_schema_id,
            rules: RuleSet::default(),
            factors: FactorSet::default(),
            system_log: SystemLog::new(),
            org_id: IdGenerator::new(seed ^ ORG_ID_SEED).object_id("00o"),
            realm_id: None,
            apps: AppSet::new(seed, now),
            admin_roles: RoleSet::default(),
            sessions: SessionStore::default(),
        };
        let mut profile = Map::new();
        profile.insert("name".into(), json!("Everyone"));
        profile.insert(
            "description".into(),
            json!("All users in your organization"),
        );
        let seq = org.next_seq();
        org.insert_group(GroupRecord {
            id: everyone_id,
            seq,
            group_type: GroupType::BuiltIn,
            created: now,
            last_updated: now,
            last_membership_updated: now,
            profile,
            object_class: "okta:user_group".into(),
            source_app_id: None,
        });
        org
    }

    /// Gives the org Okta's Realms, with a default realm every user shows as `realmId`.
    pub fn enable_realms(&mut self) {
        let realm = IdGenerator::new(REALM_SEED).object_id("guo");
        self.realm_id.get_or_insert(realm);
    }

    /// The next creation sequence number. A restored org starts at most at [`MAX_SEQ`], so
    /// this cannot overflow in any org's lifetime.
    pub fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    // ----- users -----

    /// Adds a user (its login must be free) and puts it in Everyone.
    pub fn insert_user(&mut self, user: UserRecord) {
        let position = user.position();
        self.logins
            .insert(user.login().to_lowercase(), user.id.clone());
        self.user_positions.insert(user.id.clone(), position);
        let created = user.created;
        let id = user.id.clone();
        self.users.insert(position, user);
        self.touch_everyone(created);
        // Apps assigned to Everyone are every new user's.
        let everyone = self.everyone_id.clone();
        self.group_membership_changed(&everyone, &id, created);
    }

    pub fn user(&self, id: &str) -> Option<&UserRecord> {
        self.users.get(self.user_positions.get(id)?)
    }

    /// Finds a user the way `/users/{id}` does: by id, else by login (any case), else by the
    /// login's short name (the part before `@`) when only one user has it.
    pub fn find_user(&self, key: &str) -> Option<&UserRecord> {
        if let Some(user) = self.user(key) {
            return Some(user);
        }
        let lowered = key.to_lowercase();
        if let Some(id) = self.logins.get(&lowered) {
            return self.user(id);
        }
        if lowered.contains('@') {
            return None;
        }
        let mut matches = self.logins.iter().filter(|(login, _)| {
            login
                .split_once('@')
                .is_some_and(|(short, _)| short == lowered)
        });
        match (matches.next(), matches.next()) {
            (Some((_, id)), None) => self.user(id),
            _ => None,
        }
    }

    /// Whether another user than `except` already has this login, in any case.
    pub fn login_taken(&self, login: &str, except: Option<&str>) -> bool {
        self.logins
            .get(&login.to_lowercase())
            .is_some_and(|owner| Some(owner.as_str()) != except)
    }

    /// Changes a user in place, keeping the login index right.
    pub fn update_user<R>(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut UserRecord) -> R,
    ) -> Option<R> {
        let position = *self.user_positions.get(id)?;
        let user = self.users.get_mut(&position)?;
        let old_login = user.login().to_lowercase();
        let result = change(user);
        let new_login = user.login().to_lowercase();
        if new_login != old_login {
            self.logins.remove(&old_login);
            self.logins.insert(new_login, id.to_string());
        }
        Some(result)
    }

    /// Deletes a user for good; it leaves every group.
    pub fn remove_user(&mut self, id: &str, now: i64) -> Option<UserRecord> {
        let position = self.user_positions.remove(id)?;
        let user = self.users.remove(&position)?;
        self.logins.remove(&user.login().to_lowercase());
        self.factors.remove_user(id);
        self.forget_rule_user(id);
        self.forget_app_user(id);
        self.admin_roles.forget(id);
        self.sessions.forget_user(id);
        for group_id in self.groups_of.remove(id).unwrap_or_default() {
            if let Some(members) = self.members.get_mut(&group_id) {
                members.remove(&position);
            }
            self.touch_membership(&group_id, now);
        }
        self.touch_everyone(now);
        Some(user)
    }

    /// Users after `after` (or from the start), in list order.
    pub fn users_after(&self, after: Option<Position>) -> impl Iterator<Item = &UserRecord> {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.users.range((start, Bound::Unbounded)).map(|(_, u)| u)
    }

    // ----- groups -----

    pub fn insert_group(&mut self, group: GroupRecord) {
        let position = group.position();
        self.group_positions.insert(group.id.clone(), position);
        self.groups.insert(position, group);
    }

    pub fn group(&self, id: &str) -> Option<&GroupRecord> {
        self.groups.get(self.group_positions.get(id)?)
    }

    pub fn group_mut(&mut self, id: &str) -> Option<&mut GroupRecord> {
        let position = self.group_positions.get(id)?;
        self.groups.get_mut(position)
    }

    /// Whether an `OKTA_GROUP` other than `except` already has this name, in any case.
    pub fn group_name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let name = name.to_lowercase();
        self.groups.values().any(|g| {
            g.group_type == GroupType::OktaGroup
                && Some(g.id.as_str()) != except
                && g.name().to_lowercase() == name
        })
    }

    pub fn remove_group(&mut self, id: &str) -> Option<GroupRecord> {
        let position = self.group_positions.remove(id)?;
        let group = self.groups.remove(&position)?;
        self.admin_roles.forget(id);
        for member in self.members.remove(id).unwrap_or_default() {
            if let Some(user) = self.users.get(&member)
                && let Some(groups) = self.groups_of.get_mut(&user.id)
            {
                groups.remove(id);
            }
        }
        Some(group)
    }

    pub fn groups_after(&self, after: Option<Position>) -> impl Iterator<Item = &GroupRecord> {
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.groups.range((start, Bound::Unbounded)).map(|(_, g)| g)
    }

    // ----- memberships -----

    /// Adds a member; says whether the membership is new. Everyone is never stored. The apps
    /// the group gives are not reconciled here (see `add_member_logged`).
    pub fn add_member(&mut self, group_id: &str, user_id: &str, now: i64) -> bool {
        let Some(position) = self.user_positions.get(user_id).copied() else {
            return false;
        };
        if group_id == self.everyone_id {
            return false;
        }
        let added = self
            .members
            .entry(group_id.to_string())
            .or_default()
            .insert(position);
        if added {
            self.groups_of
                .entry(user_id.to_string())
                .or_default()
                .insert(group_id.to_string());
            self.touch_membership(group_id, now);
        }
        added
    }

    /// Removes a member; says whether there was one. The apps the group gave are not
    /// reconciled here (see `remove_member_logged`).
    pub fn remove_member(&mut self, group_id: &str, user_id: &str, now: i64) -> bool {
        let Some(position) = self.user_positions.get(user_id).copied() else {
            return false;
        };
        let removed = self
            .members
            .get_mut(group_id)
            .is_some_and(|members| members.remove(&position));
        if removed {
            if let Some(groups) = self.groups_of.get_mut(user_id) {
                groups.remove(group_id);
            }
            self.touch_membership(group_id, now);
        }
        removed
    }

    /// The members of a group after `after`, in list order.
    pub fn members_after<'a>(
        &'a self,
        group_id: &str,
        after: Option<Position>,
    ) -> Box<dyn Iterator<Item = &'a UserRecord> + 'a> {
        if group_id == self.everyone_id {
            return Box::new(self.users_after(after));
        }
        let Some(members) = self.members.get(group_id) else {
            return Box::new(std::iter::empty());
        };
        let start = after.map_or(Bound::Unbounded, Bound::Excluded);
        Box::new(
            members
                .range((start, Bound::Unbounded))
                .filter_map(|position| self.users.get(position)),
        )
    }

    /// The groups a user is in, Everyone included, in list order.
    pub fn groups_of_user(&self, user_id: &str) -> Vec<&GroupRecord> {
        let mut groups: Vec<&GroupRecord> = self
            .groups_of
            .get(user_id)
            .into_iter()
            .flatten()
            .filter_map(|id| self.group(id))
            .collect();
        groups.extend(self.group(&self.everyone_id));
        groups.sort_by_key(|g| g.position());
        groups
    }

    /// Whether a user is in a group (everyone is in Everyone).
    pub fn is_member(&self, group_id: &str, user_id: &str) -> bool {
        (group_id == self.everyone_id && self.user_positions.contains_key(user_id))
            || self
                .groups_of
                .get(user_id)
                .is_some_and(|groups| groups.contains(group_id))
    }

    fn touch_membership(&mut self, group_id: &str, now: i64) {
        if let Some(group) = self.group_mut(group_id) {
            group.last_membership_updated = now;
        }
    }

    fn touch_everyone(&mut self, now: i64) {
        let everyone = self.everyone_id.clone();
        self.touch_membership(&everyone, now);
    }

    // ----- snapshots -----

    pub fn snapshot(&self) -> OrgSnapshot {
        let mut memberships = BTreeMap::new();
        for (group_id, positions) in &self.members {
            let ids: Vec<String> = positions
                .iter()
                .filter_map(|p| self.users.get(p).map(|u| u.id.clone()))
                .collect();
            if !ids.is_empty() {
                memberships.insert(group_id.clone(), ids);
            }
        }
        OrgSnapshot {
            format: SNAPSHOT_FORMAT,
            next_seq: self.next_seq,
            ids: self.ids.clone(),
            user_type_id: self.user_type_id.clone(),
            user_schema_id: self.user_schema_id.clone(),
            everyone_id: self.everyone_id.clone(),
            users: self.users.values().cloned().collect(),
            groups: self.groups.values().cloned().collect(),
            memberships,
            rules: self.rules.snapshot(),
            factors: self.factors.clone(),
            log: self.system_log.snapshot(),
            org_id: self.org_id.clone(),
            realm_id: self.realm_id.clone(),
            apps: self.apps.clone(),
            admin_roles: self.admin_roles.clone(),
            sessions: self.sessions.clone(),
        }
    }

    /// Rebuilds an org from a snapshot; says what is wrong with one that cannot be used.
    pub fn restore(snapshot: OrgSnapshot) -> Result<Self, String> {
        if snapshot.format != SNAPSHOT_FORMAT {
            return Err(format!(
                "snapshot format {} is not the supported {SNAPSHOT_FORMAT}",
                snapshot.format
            ));
        }
        // A crafted sequence near the top would overflow on the next creation.
        if snapshot.next_seq > MAX_SEQ {
            return Err(format!(
                "the id sequence {} is beyond {MAX_SEQ}",
                snapshot.next_seq
            ));
        }
        let mut org = Self {
            users: BTreeMap::new(),
            user_positions: HashMap::new(),
            logins: HashMap::new(),
            groups: BTreeMap::new(),
            group_positions: HashMap::new(),
            members: HashMap::new(),
            groups_of: HashMap::new(),
            everyone_id: snapshot.everyone_id,
            next_seq: snapshot.next_seq,
            ids: snapshot.ids,
            user_type_id: snapshot.user_type_id,
            user_schema_id: snapshot.user_schema_id,
            rules: RuleSet::restore(snapshot.rules)?,
            factors: snapshot.factors,
            system_log: SystemLog::restore(snapshot.log),
            org_id: snapshot.org_id,
            realm_id: snapshot.realm_id,
            apps: snapshot.apps,
            admin_roles: snapshot.admin_roles,
            sessions: snapshot.sessions,
        };
        for group in snapshot.groups {
            if org.group_positions.contains_key(&group.id) {
                return Err(format!("group {} appears twice", group.id));
            }
            org.insert_group(group);
        }
        if org.group(&org.everyone_id).is_none() {
            return Err("the Everyone group is missing".into());
        }
        for user in snapshot.users {
            if org.user_positions.contains_key(&user.id) || org.login_taken(user.login(), None) {
                return Err(format!("user {} or its login appears twice", user.id));
            }
            let position = user.position();
            org.logins
                .insert(user.login().to_lowercase(), user.id.clone());
            org.user_positions.insert(user.id.clone(), position);
            org.users.insert(position, user);
        }
        for (group_id, user_ids) in snapshot.memberships {
            if org.group(&group_id).is_none() {
                return Err(format!("memberships name the unknown group {group_id}"));
            }
            for user_id in user_ids {
                let Some(position) = org.user_positions.get(&user_id).copied() else {
                    return Err(format!("group {group_id} names the unknown user {user_id}"));
                };
                org.members
                    .entry(group_id.clone())
                    .or_default()
                    .insert(position);
                org.groups_of
                    .entry(user_id)
                    .or_default()
                    .insert(group_id.clone());
            }
        }
        Ok(org)
    }
}

/// A profile value as a trimmed, non-empty string.
pub fn non_blank(profile: &Map<String, Value>, key: &str) -> Option<String> {
    profile
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
