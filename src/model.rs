//! Okta's JSON shapes, as far as the block reads them, and their mapping to the WIT records.
//!
//! Okta sends `null` for unset timestamps and attributes, and leaves unset profile attributes
//! out altogether. Both become `none`, which hosts show as JSON `null`, never as `""`.

use crate::okta::types::{Group, UserSummary};
use crate::okta::users::{UserDetail, UserWritten};
use serde_json::{Map, Value};

/// A JSON object the block reads into a struct of its own (or straight into a WIT record).
///
/// Every shape is decoded through `serde_json::Value`, so the component carries one generic
/// parser instead of a derived visitor per struct (and per `Vec` of it). The rules are those
/// `#[derive(Deserialize)]` applied: unknown fields are ignored, a text field may be missing
/// or `null` when optional, and anything else of the wrong type refuses the whole object.
pub trait FromObject: Sized {
    /// Members of the object the shape never reads, which parsing skips (see [`UNREAD`]).
    const UNREAD: &'static [&'static str] = &UNREAD;
    fn from_object(object: &mut Map<String, Value>) -> Result<Self, String>;
}

/// Members of Okta's objects that most shapes never read. Parsing skips their values (checking
/// only that they are JSON) instead of building them: in a user, `_links` and `credentials` are
/// more than half the bytes, and building them took over a third of a `get_user` in the guest.
/// An app assignment keeps `credentials`, where its username is.
pub const UNREAD: [&str; 3] = ["_links", "_embedded", "credentials"];

/// An answer's JSON as a `Value`, without the [`UNREAD`] members of the top-level object or
/// of the objects in a top-level array (a page).
pub struct Parsed(pub Value);

impl<'de> serde::Deserialize<'de> for Parsed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(Trimming {
                page: true,
                unread: &UNREAD,
            })
            .map(Parsed)
    }
}

/// Parses an answer's body for a shape, skipping the members it never reads.
pub fn parse(body: &[u8], unread: &'static [&'static str]) -> Result<Value, String> {
    use serde::de::DeserializeSeed;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = Trimming { page: true, unread }
        .deserialize(&mut deserializer)
        .map_err(|e| e.to_string())?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// Builds the top level of an answer, or (with `page` false) one object of a page.
#[derive(Clone, Copy)]
struct Trimming {
    page: bool,
    unread: &'static [&'static str],
}

impl<'de> serde::de::DeserializeSeed<'de> for Trimming {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Trimming {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if self.unread.contains(&key.as_str()) {
                map.next_value::<serde::de::IgnoredAny>()?;
            } else {
                object.insert(key, map.next_value()?);
            }
        }
        Ok(Value::Object(object))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        if self.page {
            let item = Trimming {
                page: false,
                ..self
            };
            while let Some(item) = seq.next_element_seed(item)? {
                items.push(item);
            }
        } else {
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
        }
        Ok(Value::Array(items))
    }

    // Scalars are never a shape the block reads: they become `null`, which every shape refuses
    // with the same words as before ("expected a JSON object" or "array").
    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_str<E>(self, _: &str) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// What the block decodes from an answer: one object, or a page (an array) of them. Decoding
/// parses to a `Value` once, in code shared by every shape, then converts.
pub trait FromJson: Sized {
    /// What parsing may skip (the shape's [`FromObject::UNREAD`]).
    const UNREAD: &'static [&'static str];
    fn from_json(value: Value) -> Result<Self, String>;
}

impl<T: FromObject> FromJson for T {
    const UNREAD: &'static [&'static str] = T::UNREAD;
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Object(mut object) => T::from_object(&mut object),
            _ => Err("expected a JSON object".into()),
        }
    }
}

impl<T: FromObject> FromJson for Vec<T> {
    const UNREAD: &'static [&'static str] = T::UNREAD;
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            _ => Err("expected a JSON array".into()),
        }
    }
}

/// Reads one object's members into a shape. A read that finds a problem keeps the first one
/// and gives an empty value, so a shape is one struct literal with no early return per member
/// (a `?` per member added drop code for every member before it: about 8 KB over the shapes);
/// `done` then gives the shape, or the first problem in member order.
pub struct Fields<'a> {
    object: &'a mut Map<String, Value>,
    problem: Option<String>,
}

impl<'a> Fields<'a> {
    pub fn new(object: &'a mut Map<String, Value>) -> Self {
        Self {
            object,
            problem: None,
        }
    }

    fn keep<T: Default>(&mut self, read: Result<T, String>) -> T {
        read.unwrap_or_else(|problem| {
            self.problem.get_or_insert(problem);
            T::default()
        })
    }

    /// An optional text member (see [`text`]).
    #[inline(never)]
    pub fn text(&mut self, name: &str) -> Option<String> {
        let read = text(self.object, name);
        self.keep(read)
    }

    /// A text member that must be there (see [`required`]).
    #[inline(never)]
    pub fn required(&mut self, name: &str) -> String {
        let read = required(self.object, name);
        self.keep(read)
    }

    /// A member as JSON text (see [`json_text`]).
    #[inline(never)]
    pub fn json_text(&mut self, name: &str) -> Option<String> {
        json_text(self.object, name)
    }

    /// A text at a JSON pointer (see [`text_at`]).
    #[inline(never)]
    pub fn text_at(&mut self, pointer: &str) -> Option<String> {
        let read = text_at(self.object, pointer);
        self.keep(read)
    }

    /// A list of texts at a JSON pointer (see [`texts_at`]).
    #[inline(never)]
    pub fn texts_at(&mut self, pointer: &str) -> Vec<String> {
        let read = texts_at(self.object, pointer);
        self.keep(read)
    }

    /// A whole number (see [`whole`]).
    #[inline(never)]
    pub fn whole(&mut self, name: &str) -> Option<u32> {
        let read = whole(self.object, name);
        self.keep(read)
    }

    /// A boolean (see [`flag`]).
    #[inline(never)]
    pub fn flag(&mut self, name: &str) -> Option<bool> {
        let read = flag(self.object, name);
        self.keep(read)
    }

    /// The `profile` object (see [`profile`]).
    #[inline(never)]
    fn profile(&mut self) -> Map<String, Value> {
        let read = profile(self.object);
        self.keep(read)
    }

    /// The shape read, or the first problem met reading it.
    pub fn done<T>(self, shape: T) -> Result<T, String> {
        match self.problem {
            None => Ok(shape),
            Some(problem) => Err(problem),
        }
    }
}

/// An optional text field: missing or `null` is `None`.
pub fn text(object: &mut Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("field `{name}` is not a string")),
    }
}

/// A text field that must be there.
fn required(object: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match object.remove(name) {
        Some(Value::String(text)) => Ok(text),
        None => Err(format!("missing field `{name}`")),
        Some(_) => Err(format!("field `{name}` is not a string")),
    }
}

/// A member passed on whole, as JSON text (`None` when missing or `null`).
fn json_text(object: &mut Map<String, Value>, name: &str) -> Option<String> {
    match object.remove(name) {
        None | Some(Value::Null) => None,
        Some(value) => serde_json::to_string(&value).ok(),
    }
}

/// The value at a JSON pointer (`/conditions/expression/value`) into an object.
fn at<'a>(object: &'a Map<String, Value>, pointer: &str) -> Option<&'a Value> {
    let path = pointer.trim_start_matches('/');
    let (first, rest) = path.split_once('/').unwrap_or((path, ""));
    let value = object.get(first)?;
    if rest.is_empty() {
        Some(value)
    } else {
        value.pointer(&format!("/{rest}"))
    }
}

/// A list of texts at a JSON pointer (`/actions/assignUserToGroups/groupIds`); missing or
/// `null` is empty.
fn texts_at(object: &Map<String, Value>, pointer: &str) -> Result<Vec<String>, String> {
    match at(object, pointer) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                _ => Err(format!("`{pointer}` holds something other than text")),
            })
            .collect(),
        Some(_) => Err(format!("`{pointer}` is not a list")),
    }
}

/// A text at a JSON pointer inside a member (`/idp/id`); missing or `null` is `None`.
fn text_at(object: &Map<String, Value>, pointer: &str) -> Result<Option<String>, String> {
    match at(object, pointer) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("`{pointer}` is not a string")),
    }
}

/// A whole number that fits a `u32`; missing or `null` is `None`.
fn whole(object: &mut Map<String, Value>, name: &str) -> Result<Option<u32>, String> {
    match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| format!("field `{name}` is not a whole number")),
        Some(_) => Err(format!("field `{name}` is not a number")),
    }
}

/// A boolean; missing or `null` is `None`.
fn flag(object: &mut Map<String, Value>, name: &str) -> Result<Option<bool>, String> {
    match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(_) => Err(format!("field `{name}` is not a boolean")),
    }
}

/// An object field that may be missing (then empty), but not `null`.
fn profile(object: &mut Map<String, Value>) -> Result<Map<String, Value>, String> {
    match object.remove("profile") {
        None => Ok(Map::new()),
        Some(Value::Object(profile)) => Ok(profile),
        Some(_) => Err("field `profile` is not an object".into()),
    }
}

pub struct User {
    pub id: String,
    pub status: String,
    pub created: Option<String>,
    pub activated: Option<String>,
    pub status_changed: Option<String>,
    pub last_login: Option<String>,
    pub last_updated: Option<String>,
    pub password_changed: Option<String>,
    pub profile: Map<String, Value>,
}

impl FromObject for User {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            status: f.required("status"),
            created: f.text("created"),
            activated: f.text("activated"),
            status_changed: f.text("statusChanged"),
            last_login: f.text("lastLogin"),
            last_updated: f.text("lastUpdated"),
            password_changed: f.text("passwordChanged"),
            profile: f.profile(),
        };
        f.done(shape)
    }
}

pub struct OktaGroup {
    pub id: String,
    pub kind: Option<String>,
    pub created: Option<String>,
    pub last_updated: Option<String>,
    pub last_membership_updated: Option<String>,
    pub profile: Map<String, Value>,
}

impl FromObject for OktaGroup {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            kind: f.text("type"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
            last_membership_updated: f.text("lastMembershipUpdated"),
            profile: f.profile(),
        };
        f.done(shape)
    }
}

/// A profile attribute as text: strings as they are, other scalars in their JSON form.
pub fn attribute(profile: &Map<String, Value>, name: &str) -> Option<String> {
    match profile.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        // `to_string` rather than `Display`: the same compact text, one serializer fewer.
        other => serde_json::to_string(other).ok(),
    }
}

/// `{"name": value}`, without the `json!` macro's detour through a serializer.
pub fn object_of(name: &str, value: Value) -> Value {
    Value::Object(Map::from_iter([(name.to_string(), value)]))
}

/// The whole profile as JSON text, for hosts to show as an object.
fn profile_json(profile: &Map<String, Value>) -> Option<String> {
    serde_json::to_string(profile).ok()
}

impl User {
    fn attr(&self, name: &str) -> Option<String> {
        attribute(&self.profile, name)
    }

    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            mobile_phone: self.attr("mobilePhone"),
            title: self.attr("title"),
            department: self.attr("department"),
            created: self.created.clone(),
            last_login: self.last_login.clone(),
            last_updated: self.last_updated.clone(),
            activated: self.activated.clone(),
            status_changed: self.status_changed.clone(),
            profile_json: profile_json(&self.profile),
        }
    }

    pub fn detail(&self) -> UserDetail {
        UserDetail {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            mobile_phone: self.attr("mobilePhone"),
            second_email: self.attr("secondEmail"),
            display_name: self.attr("displayName"),
            title: self.attr("title"),
            department: self.attr("department"),
            organization: self.attr("organization"),
            manager: self.attr("manager"),
            manager_id: self.attr("managerId"),
            division: self.attr("division"),
            employee_number: self.attr("employeeNumber"),
            user_type: self.attr("userType"),
            created: self.created.clone(),
            activated: self.activated.clone(),
            last_login: self.last_login.clone(),
            last_updated: self.last_updated.clone(),
            status_changed: self.status_changed.clone(),
            password_changed: self.password_changed.clone(),
            profile_json: profile_json(&self.profile),
        }
    }

    pub fn written(&self) -> UserWritten {
        UserWritten {
            id: self.id.clone(),
            status: self.status.clone(),
            first_name: self.attr("firstName"),
            last_name: self.attr("lastName"),
            email: self.attr("email"),
            login: self.attr("login"),
            created: self.created.clone(),
            last_updated: self.last_updated.clone(),
        }
    }
}

impl OktaGroup {
    pub fn to_wit(&self) -> Group {
        Group {
            id: self.id.clone(),
            name: attribute(&self.profile, "name"),
            description: attribute(&self.profile, "description"),
            type_: self.kind.clone(),
            created: self.created.clone(),
            last_updated: self.last_updated.clone(),
            last_membership_updated: self.last_membership_updated.clone(),
            profile_json: profile_json(&self.profile),
        }
    }
}

/// The answer to activate and reactivate: the links only when no email was sent.
#[derive(Default)]
pub struct ActivationLinks {
    pub activation_url: Option<String>,
    pub activation_token: Option<String>,
}

impl FromObject for ActivationLinks {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            activation_url: f.text("activationUrl"),
            activation_token: f.text("activationToken"),
        };
        f.done(shape)
    }
}

/// The answer to reset_password: the link only when no email was sent.
#[derive(Default)]
pub struct ResetLink {
    pub reset_password_url: Option<String>,
}

impl FromObject for ResetLink {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            reset_password_url: f.text("resetPasswordUrl"),
        };
        f.done(shape)
    }
}

/// The answer to expire_password (the user) or expire_password_with_temp_password.
#[derive(Default)]
pub struct ExpiredPassword {
    pub status: Option<String>,
    pub temp_password: Option<String>,
}

impl FromObject for ExpiredPassword {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            status: f.text("status"),
            temp_password: f.text("tempPassword"),
        };
        f.done(shape)
    }
}

/// A group as far as a membership check reads it.
pub struct GroupId {
    pub id: String,
}

impl FromObject for GroupId {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
        };
        f.done(shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str::<Parsed>(text).unwrap().0
    }

    #[test]
    fn unread_members_are_skipped_at_the_top_and_in_a_page_only() {
        let user = r#"{"id": "00u1", "status": "ACTIVE", "type": {"id": "oty1"},
            "credentials": {"provider": {"type": "OKTA"}}, "_embedded": {},
            "profile": {"login": "a@example.com", "_links": "kept: not at the top"},
            "_links": {"self": {"href": "https://acme.okta.com/api/v1/users/00u1"}}}"#;
        let expected = serde_json::json!({ "id": "00u1", "status": "ACTIVE", "type": {"id": "oty1"},
            "profile": {"login": "a@example.com", "_links": "kept: not at the top"} });
        assert_eq!(parse(user), expected);
        assert_eq!(
            parse(&format!("[{user}, {user}]")),
            serde_json::json!([expected, expected])
        );
        // Nested arrays and scalars keep their meaning for the shapes' own errors.
        assert_eq!(parse("[[1]]"), serde_json::json!([[1]]));
        assert_eq!(parse(r#""text""#), Value::Null);
        assert!(User::from_json(parse("7")).is_err());
        // The first problem in member order is the one reported, and a good shape reads whole.
        let bad = serde_json::json!({ "status": 7, "created": false });
        assert_eq!(
            User::from_json(bad).err().as_deref(),
            Some("missing field `id`")
        );
        let bad = serde_json::json!({ "id": "00u1", "status": 7, "created": false });
        assert_eq!(
            User::from_json(bad).err().as_deref(),
            Some("field `status` is not a string")
        );
        // Skipped values must still be JSON.
        assert!(serde_json::from_str::<Parsed>(r#"{"id": "1", "_links": {"a": }}"#).is_err());
    }
}
