//! Ready-made orgs: a realistic demo org and a large org for benchmarks. Both are
//! deterministic: the same ids, names and timestamps on every run.

use super::model::{GroupRecord, GroupType, UserRecord, UserStatus};
use super::store::Org;
use super::timestamps::parse_iso;
use serde_json::{Map, Value, json};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The id generator seed of seeded orgs.
pub const SEED: u64 = 0x0C7A_5EED;

fn base_time() -> i64 {
    parse_iso("2022-03-07T09:00:00.000Z").unwrap_or_default()
}

/// One demo employee: name, department, title, manager (index into the list), status.
struct Person {
    first: &'static str,
    last: &'static str,
    department: &'static str,
    title: &'static str,
    manager: Option<usize>,
    status: UserStatus,
}

const fn person(
    first: &'static str,
    last: &'static str,
    department: &'static str,
    title: &'static str,
    manager: Option<usize>,
    status: UserStatus,
) -> Person {
    Person {
        first,
        last,
        department,
        title,
        manager,
        status,
    }
}

use UserStatus::*;

#[rustfmt::skip]
const PEOPLE: [Person; 50] = [
    person("Olivia", "Bennett", "Executive", "Chief Executive Officer", None, Active),
    person("Marcus", "Chen", "Engineering", "VP of Engineering", Some(0), Active),
    person("Priya", "Raman", "Engineering", "Engineering Manager", Some(1), Active),
    person("Daniel", "Okafor", "Engineering", "Staff Software Engineer", Some(2), Active),
    person("Sofia", "Alvarez", "Engineering", "Senior Software Engineer", Some(2), Active),
    person("Liam", "O'Connor", "Engineering", "Software Engineer", Some(2), Active),
    person("Hannah", "Schmidt", "Engineering", "Software Engineer", Some(2), Active),
    person("Kenji", "Watanabe", "Engineering", "Site Reliability Engineer", Some(1), Active),
    person("Amara", "Nwosu", "Engineering", "QA Engineer", Some(2), Active),
    person("Ethan", "Brooks", "Engineering", "Software Engineer", Some(2), Staged),
    person("Chloe", "Dubois", "Engineering", "Frontend Engineer", Some(2), Active),
    person("Rafael", "Costa", "Engineering", "Data Engineer", Some(1), Active),
    person("Zoe", "Fischer", "Engineering", "Engineering Intern", Some(2), Provisioned),
    person("Grace", "Kim", "Sales", "VP of Sales", Some(0), Active),
    person("Noah", "Patel", "Sales", "Account Executive", Some(13), Active),
    person("Isabella", "Rossi", "Sales", "Account Executive", Some(13), Active),
    person("Lucas", "Martin", "Sales", "Sales Development Representative", Some(13), LockedOut),
    person("Mia", "Johnson", "Sales", "Account Executive", Some(13), Active),
    person("Benjamin", "Wright", "Sales", "Sales Engineer", Some(13), Active),
    person("Ava", "Thompson", "Sales", "Sales Operations Analyst", Some(13), Suspended),
    person("James", "Wilson", "Sales", "Account Executive", Some(13), Deprovisioned),
    person("Emily", "Davis", "Sales", "Sales Development Representative", Some(13), Staged),
    person("William", "Clark", "Finance", "Chief Financial Officer", Some(0), Active),
    person("Charlotte", "Lewis", "Finance", "Controller", Some(22), Active),
    person("Henry", "Walker", "Finance", "Financial Analyst", Some(23), Active),
    person("Amelia", "Hall", "Finance", "Accountant", Some(23), PasswordExpired),
    person("Alexander", "Young", "Finance", "Payroll Specialist", Some(23), Active),
    person("Harper", "King", "Finance", "Financial Analyst", Some(23), Deprovisioned),
    person("Samuel", "Adeyemi", "IT", "IT Director", Some(0), Active),
    person("Ella", "Nguyen", "IT", "Systems Administrator", Some(28), Active),
    person("Jack", "Turner", "IT", "Help Desk Technician", Some(28), Active),
    person("Lily", "Anderson", "IT", "Security Engineer", Some(28), Active),
    person("Owen", "Murphy", "IT", "Identity Engineer", Some(28), Recovery),
    person("Aria", "Cohen", "IT", "Network Engineer", Some(28), Provisioned),
    person("Victoria", "Lopez", "HR", "HR Director", Some(0), Active),
    person("Nathan", "Green", "HR", "Recruiter", Some(34), Active),
    person("Scarlett", "Baker", "HR", "HR Generalist", Some(34), Active),
    person("Julian", "Rivera", "HR", "Recruiter", Some(34), Staged),
    person("Layla", "Hughes", "HR", "Benefits Specialist", Some(34), Suspended),
    person("Sebastian", "Ward", "Marketing", "Marketing Director", Some(0), Active),
    person("Aurora", "Price", "Marketing", "Content Strategist", Some(39), Active),
    person("Leo", "Bailey", "Marketing", "Product Marketing Manager", Some(39), Active),
    person("Nora", "Bell", "Marketing", "Designer", Some(39), LockedOut),
    person("Caleb", "Foster", "Marketing", "Marketing Coordinator", Some(39), Active),
    person("Stella", "Gray", "Marketing", "Social Media Manager", Some(39), PasswordExpired),
    person("Miles", "Reed", "Marketing", "SEO Specialist", Some(39), Deprovisioned),
    person("Ruby", "Howard", "Customer Success", "Customer Success Manager", Some(0), Active),
    person("Isaac", "Brock", "Customer Success", "Support Engineer", Some(46), Active),
    person("Eva", "Sanders", "Customer Success", "Support Engineer", Some(46), Active),
    person("Adrian", "Kelly", "Operations", "Operations Manager", Some(0), Active),
];

const CITIES: [&str; 5] = ["San Francisco", "New York", "Austin", "Chicago", "Seattle"];

/// The demo org's department groups: name, description, and the departments they hold.
const DEPARTMENT_GROUPS: [(&str, &str, &[&str]); 6] = [
    (
        "Engineering",
        "Software, SRE, QA and data engineering",
        &["Engineering"],
    ),
    (
        "Sales",
        "Account executives, SDRs and sales engineering",
        &["Sales"],
    ),
    ("Finance", "Finance, accounting and payroll", &["Finance"]),
    (
        "IT Admins",
        "IT staff with administrative access to the org",
        &["IT"],
    ),
    (
        "Human Resources",
        "People operations, recruiting and benefits",
        &["HR"],
    ),
    (
        "Marketing",
        "Brand, content, product marketing and design",
        &["Marketing"],
    ),
];

fn email_part(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// The demo org: 50 people in eight departments with titles, managers and phones, in every
/// status, and eight groups (Everyone, six department groups, one Active Directory group).
pub fn demo() -> Org {
    let base = base_time();
    let mut org = Org::new(SEED, base - 60 * DAY);
    let mut ids: Vec<String> = Vec::with_capacity(PEOPLE.len());
    for (i, person) in PEOPLE.iter().enumerate() {
        let i64_index = i as i64;
        let created = base + i64_index * 3 * DAY + (i64_index * 37 % 480) * MINUTE;
        let login = format!(
            "{}.{}@acmecorp.example",
            email_part(person.first),
            email_part(person.last)
        );
        let mut profile = Map::new();
        profile.insert("firstName".into(), json!(person.first));
        profile.insert("lastName".into(), json!(person.last));
        profile.insert("email".into(), json!(login));
        profile.insert("login".into(), json!(login));
        profile.insert(
            "mobilePhone".into(),
            json!(format!("+1-415-555-{:04}", 1200 + i)),
        );
        profile.insert(
            "displayName".into(),
            json!(format!("{} {}", person.first, person.last)),
        );
        profile.insert("title".into(), json!(person.title));
        profile.insert("department".into(), json!(person.department));
        profile.insert("organization".into(), json!("Acme Corp"));
        profile.insert("employeeNumber".into(), json!(format!("E{}", 1001 + i)));
        profile.insert(
            "userType".into(),
            json!(if person.title.contains("Intern") {
                "Intern"
            } else {
                "Employee"
            }),
        );
        profile.insert("city".into(), json!(CITIES[i % CITIES.len()]));
        profile.insert("countryCode".into(), json!("US"));
        if let Some(manager) = person.manager {
            let boss = &PEOPLE[manager];
            profile.insert(
                "manager".into(),
                json!(format!("{} {}", boss.first, boss.last)),
            );
            profile.insert("managerId".into(), Value::String(ids[manager].clone()));
        }
        let user = demo_user(&mut org, person.status, created, i64_index, profile);
        ids.push(user.id.clone());
        org.insert_user(user);
    }

    let groups_created = base - 30 * DAY;
    for (g, (name, description, departments)) in DEPARTMENT_GROUPS.iter().enumerate() {
        let id = add_group(
            &mut org,
            GroupType::OktaGroup,
            groups_created + g as i64 * HOUR,
            json!({ "name": name, "description": description }),
        );
        for (i, person) in PEOPLE.iter().enumerate() {
            if departments.contains(&person.department) {
                org.add_member(&id, &ids[i], base + i as i64 * 3 * DAY + HOUR);
            }
        }
    }
    let domain_users = add_group(
        &mut org,
        GroupType::AppGroup,
        groups_created + 7 * HOUR,
        json!({
            "name": "Domain Users",
            "description": "acmecorp.local/Users/Domain Users",
            "groupType": "Security",
            "groupScope": "Global",
            "samAccountName": "Domain Users",
            "dn": "CN=Domain Users,CN=Users,DC=acmecorp,DC=local",
            "windowsDomainQualifiedName": "ACMECORP\\Domain Users",
        }),
    );
    if let Some(group) = org.group_mut(&domain_users) {
        group.object_class = "okta:windows_security_principal".into();
    }
    for (i, person) in PEOPLE.iter().enumerate() {
        if ["Engineering", "Sales", "Finance", "IT"].contains(&person.department) {
            org.add_member(&domain_users, &ids[i], base + i as i64 * 3 * DAY + 2 * HOUR);
        }
    }
    super::demo_security::admin(&mut org);
    super::demo_access::seed(&mut org, base);
    super::demo_security::seed(&mut org, base);
    org
}

/// A demo user's record: timestamps follow from its status, as Okta would have set them.
fn demo_user(
    org: &mut Org,
    status: UserStatus,
    created: i64,
    index: i64,
    profile: Map<String, Value>,
) -> UserRecord {
    let activated = (status != Staged).then_some(created + 5 * MINUTE);
    let has_password = !matches!(status, Staged | Provisioned);
    // Users who have signed in: all but the never-activated ones.
    let last_login =
        (!matches!(status, Staged | Provisioned)).then_some(created + 300 * DAY + index * 5 * HOUR);
    let status_changed = match status {
        // Current Okta sets statusChanged when a user is created STAGED.
        Staged => Some(created),
        Active | Provisioned => activated,
        _ => last_login.map(|login| login + 3 * DAY),
    };
    let last_updated = [Some(created), activated, status_changed]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(created);
    let seq = org.next_seq();
    UserRecord {
        id: org.ids.object_id("00u"),
        seq,
        status,
        created,
        activated,
        status_changed,
        last_login,
        last_updated,
        password_changed: if has_password { activated } else { None },
        profile,
        has_password,
        recovery_question: has_password.then(|| "What was the name of your first pet?".into()),
    }
}

fn add_group(org: &mut Org, group_type: GroupType, created: i64, profile: Value) -> String {
    let id = org.ids.object_id("00g");
    let seq = org.next_seq();
    let profile = match profile {
        Value::Object(profile) => profile,
        _ => Map::new(),
    };
    org.insert_group(GroupRecord {
        id: id.clone(),
        seq,
        group_type,
        created,
        last_updated: created,
        last_membership_updated: created,
        profile,
        object_class: "okta:user_group".into(),
        source_app_id: (group_type == GroupType::AppGroup)
            .then(|| "0oa1ad0acmecorp00001".to_string()),
    });
    id
}

const FIRST_NAMES: [&str; 20] = [
    "Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Max",
    "Nia", "Oto", "Pia", "Quin", "Rae", "Sam", "Tess",
];
const LAST_NAMES: [&str; 20] = [
    "Abbott", "Barros", "Cruz", "Dietz", "Eklund", "Flores", "Gupta", "Haas", "Ito", "Jansen",
    "Kowal", "Lund", "Moreau", "Novak", "Ortiz", "Park", "Quinn", "Rossi", "Sato", "Tran",
];
const DEPARTMENTS: [&str; 6] = ["Engineering", "Sales", "Finance", "IT", "HR", "Marketing"];

/// A large org for benchmarks: `count` users (mostly ACTIVE, some STAGED, SUSPENDED and
/// DEPROVISIONED) and one group per department holding its people.
pub fn scale(count: usize) -> Org {
    let base = base_time();
    let mut org = Org::new(SEED, base - DAY);
    let group_ids: Vec<String> = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(d, name)| {
            add_group(
                &mut org,
                GroupType::OktaGroup,
                base - DAY + d as i64 * MINUTE,
                json!({ "name": name, "description": format!("Everyone in {name}") }),
            )
        })
        .collect();
    for i in 0..count {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
        let department = i % DEPARTMENTS.len();
        let login = format!(
            "{}.{}.{i}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let status = if i % 101 == 100 {
            Deprovisioned
        } else if i % 97 == 96 {
            Suspended
        } else if i % 53 == 52 {
            Staged
        } else {
            Active
        };
        let created = base + i as i64 * 1000;
        let mut profile = Map::new();
        profile.insert("firstName".into(), Value::String(first.into()));
        profile.insert("lastName".into(), Value::String(last.into()));
        profile.insert("email".into(), Value::String(login.clone()));
        profile.insert("login".into(), Value::String(login));
        profile.insert(
            "department".into(),
            Value::String(DEPARTMENTS[department].into()),
        );
        let activated = (status != Staged).then_some(created);
        let seq = org.next_seq();
        let id = org.ids.object_id("00u");
        org.insert_user(UserRecord {
            id: id.clone(),
            seq,
            status,
            created,
            activated,
            status_changed: Some(created),
            last_login: None,
            last_updated: created,
            password_changed: activated,
            profile,
            has_password: status != Staged,
            recovery_question: None,
        });
        org.add_member(&group_ids[department], &id, created);
    }
    org
}
