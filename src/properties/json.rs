//! Property tests of decoding Okta's user and group JSON.

use super::*;

fn huge_string() -> impl Strategy<Value = String> {
    (any::<char>(), 0..70_000usize).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect())
}

/// Any JSON value, a few levels deep.
pub(super) fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        4 => any::<String>().prop_map(Value::String),
        1 => Just(Value::String(String::new())),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A top-level field: missing (`None`), null, text, or any other JSON.
fn field(text: BoxedStrategy<String>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        2 => Just(None),
        2 => Just(Some(Value::Null)),
        6 => text.prop_map(|s| Some(Value::String(s))),
        1 => huge_string().prop_map(|s| Some(Value::String(s))),
        2 => any_json().prop_map(Some),
    ]
    .boxed()
}

fn timestamp() -> BoxedStrategy<String> {
    prop_oneof![
        Just("2020-08-27T18:21:49.000Z".to_string()),
        Just(String::new()),
        any::<String>(),
    ]
    .boxed()
}

const PROFILE_KEYS: &[&str] = &[
    "firstName",
    "lastName",
    "email",
    "login",
    "mobilePhone",
    "secondEmail",
    "displayName",
    "title",
    "department",
    "organization",
    "manager",
    "managerId",
    "division",
    "employeeNumber",
    "userType",
    "name",
    "description",
];

/// A profile: missing, null, an object of attributes of any JSON type, or another value.
fn profile() -> BoxedStrategy<Option<Value>> {
    let key = prop_oneof![
        4 => select(PROFILE_KEYS).prop_map(String::from),
        1 => any::<String>(),
    ];
    let value = prop_oneof![
        3 => Just(Value::Null),
        3 => any::<String>().prop_map(Value::String),
        1 => Just(Value::String(String::new())),
        1 => huge_string().prop_map(Value::String),
        3 => any_json(),
    ];
    let object =
        vec((key, value), 0..12).prop_map(|entries| Value::Object(entries.into_iter().collect()));
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        8 => object.prop_map(Some),
        1 => any_json().prop_map(Some),
    ]
    .boxed()
}

/// An Okta-like object: the named fields, each maybe missing, null or of the wrong type,
/// among a few unrelated ones.
fn okta_object(fields: &'static [&'static str]) -> BoxedStrategy<Value> {
    let strategies: Vec<BoxedStrategy<Option<Value>>> = fields
        .iter()
        .map(|&name| match name {
            "profile" => profile(),
            "id" | "status" | "type" => field("[0-9A-Za-z]{0,20}".boxed()),
            _ => field(timestamp()),
        })
        .collect();
    let extras = vec(
        (
            prop_oneof![
                select(&["credentials", "_links", "_embedded", "realmId", "type"][..])
                    .prop_map(String::from),
                any::<String>(),
            ],
            any_json(),
        ),
        0..3,
    );
    (strategies, extras)
        .prop_map(move |(values, extras)| {
            let mut object: Map<String, Value> = extras.into_iter().collect();
            for (name, value) in fields.iter().zip(values) {
                match value {
                    Some(value) => object.insert(name.to_string(), value),
                    None => object.remove(*name),
                };
            }
            Value::Object(object)
        })
        .boxed()
}

const USER_FIELDS: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastLogin",
    "lastUpdated",
    "passwordChanged",
    "profile",
];
const USER_TIMESTAMPS: &[&str] = &[
    "created",
    "activated",
    "statusChanged",
    "lastLogin",
    "lastUpdated",
    "passwordChanged",
];
const GROUP_FIELDS: &[&str] = &[
    "id",
    "type",
    "created",
    "lastUpdated",
    "lastMembershipUpdated",
    "profile",
];
const GROUP_OPTIONAL: &[&str] = &["type", "created", "lastUpdated", "lastMembershipUpdated"];

/// A body as Okta might send it for one object or a page of them, or any other JSON.
fn body(fields: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => okta_object(fields),
        3 => vec(okta_object(fields), 0..4).prop_map(Value::Array),
        1 => any_json(),
    ]
    .prop_map(|value| serde_json::to_vec(&value).expect("JSON"))
}

/// Whether a top-level object has what the struct needs: required text fields, optional
/// text-or-null fields, and a profile that is an object if present.
fn decodable(object: &Map<String, Value>, required: &[&str], optional: &[&str]) -> bool {
    required
        .iter()
        .all(|k| matches!(object.get(*k), Some(Value::String(_))))
        && optional
            .iter()
            .all(|k| matches!(object.get(*k), None | Some(Value::Null | Value::String(_))))
        && matches!(object.get("profile"), None | Some(Value::Object(_)))
}

/// The text a field or attribute must map to: `None` for null or missing, never `Some("")`
/// for them.
fn text_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn profile_of(object: &Map<String, Value>) -> Map<String, Value> {
    match object.get("profile") {
        Some(Value::Object(profile)) => profile.clone(),
        _ => Map::new(),
    }
}

/// Checks each `(name, mapped)` against the source object, and that a null or missing name
/// maps to `None`.
fn check_texts(
    object: &Map<String, Value>,
    mapped: &[(&str, &Option<String>)],
) -> Result<(), TestCaseError> {
    for &(name, got) in mapped {
        prop_assert_eq!(got, &text_of(object, name), "{}", name);
        if matches!(object.get(name), None | Some(Value::Null)) {
            prop_assert!(
                got.is_none(),
                "{} is null or missing but mapped to {:?}",
                name,
                got
            );
        }
    }
    Ok(())
}

fn check_profile_json(
    object: &Map<String, Value>,
    got: &Option<String>,
) -> Result<(), TestCaseError> {
    let expected = serde_json::to_string(&profile_of(object)).expect("JSON");
    prop_assert_eq!(got.as_deref(), Some(expected.as_str()));
    Ok(())
}

fn check_user(object: &Map<String, Value>, user: &User) -> Result<(), TestCaseError> {
    let profile = profile_of(object);
    let (summary, detail, written) = (user.summary(), user.detail(), user.written());
    for id in [&summary.id, &detail.id, &written.id] {
        prop_assert_eq!(Some(id.as_str()), object["id"].as_str());
    }
    for status in [&summary.status, &detail.status, &written.status] {
        prop_assert_eq!(Some(status.as_str()), object["status"].as_str());
    }
    check_texts(
        object,
        &[
            ("created", &summary.created),
            ("lastLogin", &summary.last_login),
            ("lastUpdated", &summary.last_updated),
            ("activated", &summary.activated),
            ("statusChanged", &summary.status_changed),
            ("created", &detail.created),
            ("activated", &detail.activated),
            ("lastLogin", &detail.last_login),
            ("lastUpdated", &detail.last_updated),
            ("statusChanged", &detail.status_changed),
            ("passwordChanged", &detail.password_changed),
            ("created", &written.created),
            ("lastUpdated", &written.last_updated),
        ],
    )?;
    check_texts(
        &profile,
        &[
            ("firstName", &summary.first_name),
            ("lastName", &summary.last_name),
            ("email", &summary.email),
            ("login", &summary.login),
            ("mobilePhone", &summary.mobile_phone),
            ("title", &summary.title),
            ("department", &summary.department),
            ("firstName", &detail.first_name),
            ("lastName", &detail.last_name),
            ("email", &detail.email),
            ("login", &detail.login),
            ("mobilePhone", &detail.mobile_phone),
            ("secondEmail", &detail.second_email),
            ("displayName", &detail.display_name),
            ("title", &detail.title),
            ("department", &detail.department),
            ("organization", &detail.organization),
            ("manager", &detail.manager),
            ("managerId", &detail.manager_id),
            ("division", &detail.division),
            ("employeeNumber", &detail.employee_number),
            ("userType", &detail.user_type),
            ("firstName", &written.first_name),
            ("lastName", &written.last_name),
            ("email", &written.email),
            ("login", &written.login),
        ],
    )?;
    check_profile_json(object, &summary.profile_json)?;
    check_profile_json(object, &detail.profile_json)
}

fn check_group(object: &Map<String, Value>, group: &OktaGroup) -> Result<(), TestCaseError> {
    let wit = group.to_wit();
    prop_assert_eq!(Some(wit.id.as_str()), object["id"].as_str());
    check_texts(
        object,
        &[
            ("type", &wit.type_),
            ("created", &wit.created),
            ("lastUpdated", &wit.last_updated),
            ("lastMembershipUpdated", &wit.last_membership_updated),
        ],
    )?;
    check_texts(
        &profile_of(object),
        &[("name", &wit.name), ("description", &wit.description)],
    )?;
    check_profile_json(object, &wit.profile_json)
}

/// Decodes an answer's body exactly as the block does: through `Success::json`.
fn decode_answer<T: FromJson>(bytes: &[u8]) -> Result<T, OktaError> {
    let reply = Success {
        status: 200,
        headers: Headers::default(),
        body: bytes.to_vec(),
    };
    reply.json()
}

/// Decodes `bytes` as one `T` and as a page of them, as the block does, and checks that
/// decoding succeeds exactly when the JSON has the required shape and that every mapping is
/// faithful. Other JSON (a top-level array read as a struct, say) must merely not panic.
fn check_decoding<T: FromObject>(
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    check: impl Fn(&Map<String, Value>, &T) -> Result<(), TestCaseError>,
    map: impl Fn(&T),
) -> Result<(), TestCaseError> {
    let value: Value = serde_json::from_slice(bytes).expect("generated JSON");
    let one = decode_answer::<T>(bytes);
    if let Value::Object(object) = &value {
        prop_assert_eq!(one.is_ok(), decodable(object, required, optional));
    }
    match (&value, &one) {
        (Value::Object(object), Ok(one)) => check(object, one)?,
        (_, Ok(one)) => map(one),
        (_, Err(_)) => {}
    }
    let page = decode_answer::<Vec<T>>(bytes);
    match &value {
        Value::Array(items) => {
            let all = items
                .iter()
                .all(|item| matches!(item, Value::Object(o) if decodable(o, required, optional)));
            if all {
                prop_assert!(page.is_ok());
            }
            if let Ok(page) = &page {
                for (item, decoded) in items.iter().zip(page) {
                    match item {
                        Value::Object(object) => check(object, decoded)?,
                        _ => map(decoded),
                    }
                }
            }
        }
        _ => prop_assert!(page.is_err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Okta-like user JSON decodes exactly when it has the shape the block needs, and every
    /// mapping of a decoded user copies text as it is, shows other JSON as JSON, and maps
    /// null or missing values to `None`.
    #[test]
    fn user_json_maps_faithfully(bytes in body(USER_FIELDS)) {
        check_decoding::<User>(
            &bytes,
            &["id", "status"],
            USER_TIMESTAMPS,
            check_user,
            |u| {
                let _ = (u.summary(), u.detail(), u.written());
            },
        )?;
    }

    /// The same for groups and `to_wit`.
    #[test]
    fn group_json_maps_faithfully(bytes in body(GROUP_FIELDS)) {
        check_decoding::<OktaGroup>(&bytes, &["id"], GROUP_OPTIONAL, check_group, |g| {
            let _ = g.to_wit();
        })?;
    }

    /// Bytes that are not JSON at all fail to decode, and never panic.
    #[test]
    fn non_json_bodies_fail_cleanly(bytes in vec(any::<u8>(), 0..300)) {
        if serde_json::from_slice::<Value>(&bytes).is_err() {
            prop_assert!(decode_answer::<User>(&bytes).is_err());
            prop_assert!(decode_answer::<Vec<OktaGroup>>(&bytes).is_err());
        }
    }
}
