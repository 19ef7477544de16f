//! `/api/v1/users/{id}/factors`: a user's MFA factors (Factors API reference): list, read,
//! enroll, activate, unenroll, the security questions, and `lifecycle/reset_factors`.
//!
//! Enrollment follows the reference's factor types: `question` is `ACTIVE` at once; `sms`,
//! `call`, `email` and `token:hotp` are `PENDING_ACTIVATION` unless `activate=true`; TOTP, push,
//! WebAuthn and U2F wait for activation and embed what the device needs to activate them. A
//! factor type is enrolled once (several WebAuthn and U2F keys are allowed), a deactivated user's
//! factors cannot change, and a security answer is never kept.

use super::answer::{Answer, Handled};
use super::errors::ApiError;
use super::logs::{self, LogTarget};
use super::model::{UserRecord, UserStatus};
use super::router::Context;
use super::store::{Org, non_blank};
use super::timestamps::iso;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FactorStatus {
    PendingActivation,
    Active,
}

impl FactorStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::PendingActivation => "PENDING_ACTIVATION",
            Self::Active => "ACTIVE",
        }
    }
}

/// An enrolled factor as saved.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorRecord {
    pub id: String,
    pub factor_type: String,
    pub provider: String,
    pub status: FactorStatus,
    pub created: i64,
    pub last_updated: i64,
    /// The profile Okta shows; `None` for factors that have none until activated.
    pub profile: Option<Map<String, Value>>,
    /// The TOTP shared secret, or the challenge a push, WebAuthn or U2F activation uses.
    #[serde(default)]
    pub secret: Option<String>,
}

/// Every user's factors, in enrollment order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactorSet {
    by_user: BTreeMap<String, Vec<FactorRecord>>,
}

impl FactorSet {
    pub fn of(&self, user_id: &str) -> &[FactorRecord] {
        self.by_user.get(user_id).map_or(&[], Vec::as_slice)
    }

    pub fn add(&mut self, user_id: &str, factor: FactorRecord) {
        self.by_user
            .entry(user_id.to_string())
            .or_default()
            .push(factor);
    }

    fn get_mut(&mut self, user_id: &str, factor_id: &str) -> Option<&mut FactorRecord> {
        self.by_user
            .get_mut(user_id)?
            .iter_mut()
            .find(|f| f.id == factor_id)
    }

    /// Removes the factors `unenrolled` picks; returns them.
    fn remove_where(
        &mut self,
        user_id: &str,
        unenrolled: impl Fn(&FactorRecord) -> bool,
    ) -> Vec<FactorRecord> {
        let Some(factors) = self.by_user.get_mut(user_id) else {
            return Vec::new();
        };
        let (gone, kept) = std::mem::take(factors).into_iter().partition(unenrolled);
        *factors = kept;
        if factors.is_empty() {
            self.by_user.remove(user_id);
        }
        gone
    }

    /// A deleted user's factors go with them.
    pub fn remove_user(&mut self, user_id: &str) {
        self.by_user.remove(user_id);
    }
}

/// A factor type a provider offers, the id prefix Okta gives its factors, and whether
/// `activate=true` may skip its activation.
struct Kind {
    factor_type: &'static str,
    provider: &'static str,
    prefix: &'static str,
    auto_activate: bool,
}

const KINDS: &[Kind] = &[
    kind("question", "OKTA", "ufs", false),
    kind("sms", "OKTA", "mbl", true),
    kind("call", "OKTA", "clf", true),
    kind("email", "OKTA", "emf", true),
    kind("token:software:totp", "OKTA", "ost", false),
    kind("token:software:totp", "GOOGLE", "uft", false),
    kind("push", "OKTA", "opf", false),
    kind("token:hotp", "CUSTOM", "chf", true),
    kind("webauthn", "FIDO", "fwf", false),
    kind("u2f", "FIDO", "fuf", false),
];

const fn kind(
    factor_type: &'static str,
    provider: &'static str,
    prefix: &'static str,
    auto_activate: bool,
) -> Kind {
    Kind {
        factor_type,
        provider,
        prefix,
        auto_activate,
    }
}

/// Factor types a user may enroll more than once (several security keys).
const REPEATABLE: &[&str] = &["webauthn", "u2f"];

/// Okta's built-in security questions.
pub const QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    (
        "first_award",
        "What did you earn your first medal or award for?",
    ),
    (
        "favorite_security_question",
        "What is your favorite security question?",
    ),
    (
        "favorite_toy",
        "What is the toy/stuffed animal you liked the most as a kid?",
    ),
    (
        "first_computer_game",
        "What was the first computer game you played?",
    ),
    ("favorite_movie_quote", "What is your favorite movie quote?"),
    (
        "first_sports_team_mascot",
        "What was the mascot of the first sports team you played on?",
    ),
    (
        "first_music_purchase",
        "What music album or song did you first purchase?",
    ),
    ("favorite_art_piece", "What is your favorite piece of art?"),
    (
        "grandmother_favorite_desert",
        "What was your grandmother's favorite dessert?",
    ),
    (
        "first_thing_cooked",
        "What was the first thing you learned to cook?",
    ),
    ("childhood_dream_job", "What was your dream job as a child?"),
    ("first_kiss_location", "Where did you have your first kiss?"),
    (
        "place_where_significant_other_was_met",
        "Where did you meet your spouse/significant other?",
    ),
    (
        "favorite_vacation_location",
        "Where did you go for your favorite vacation?",
    ),
    (
        "new_years_two_thousand",
        "Where were you on New Year's Eve in the year 2000?",
    ),
    (
        "favorite_speaker_actor",
        "Who is your favorite speaker/orator?",
    ),
    (
        "favorite_book_movie_character",
        "Who is your favorite book/movie character?",
    ),
    (
        "favorite_sports_player",
        "Who is your favorite sports player?",
    ),
];

/// The shortest security answer Okta accepts.
const MIN_ANSWER: usize = 4;
/// How long a push activation waits for the device, in milliseconds.
const PUSH_ACTIVATION_MILLIS: i64 = 10 * 60_000;

// ----- errors -----

/// E0000001 `factorEnrollRequest`, the error the reference shows for enrollment conflicts.
fn enroll_refused(cause: &str) -> ApiError {
    ApiError::new(
        400,
        "E0000001",
        "Api validation failed: factorEnrollRequest",
    )
    .with_cause(cause)
}

fn factor_not_found(id: &str) -> ApiError {
    ApiError::not_found(id, "UserFactor")
}

fn find_user<'a>(org: &'a Org, key: &str) -> Result<&'a UserRecord, ApiError> {
    org.find_user(key)
        .ok_or_else(|| ApiError::not_found(key, "User"))
}

/// The user whose factors change: a deactivated user's cannot.
fn changeable_user(org: &Org, key: &str) -> Result<String, ApiError> {
    let user = find_user(org, key)?;
    if user.status == UserStatus::Deprovisioned {
        return Err(ApiError::status_forbids());
    }
    Ok(user.id.clone())
}

// ----- the JSON -----

fn link(href: String, allow: &[&str]) -> Value {
    json!({ "href": href, "hints": { "allow": allow } })
}

/// A factor as Okta shows it: its links follow its status, and a pending factor embeds what
/// its activation needs.
fn render(factor: &FactorRecord, user: &UserRecord, base: &str) -> Value {
    let user_href = format!("{base}/api/v1/users/{}", user.id);
    let self_href = format!("{user_href}/factors/{}", factor.id);
    let pending = factor.status == FactorStatus::PendingActivation;
    let mut links = Map::new();
    let mut add = |name: &str, value: Value| {
        links.insert(name.to_string(), value);
    };
    let otp = matches!(factor.factor_type.as_str(), "sms" | "call" | "email");
    match (pending, factor.factor_type.as_str()) {
        (true, "push") => add(
            "poll",
            link(format!("{self_href}/lifecycle/activate/poll"), &["POST"]),
        ),
        (true, _) => {
            if otp {
                let resend = json!({ "name": factor.factor_type, "href": format!("{self_href}/resend"), "hints": { "allow": ["POST"] } });
                add("resend", json!([resend]));
            }
            add(
                "activate",
                link(format!("{self_href}/lifecycle/activate"), &["POST"]),
            );
        }
        (false, "question") => add(
            "questions",
            link(format!("{user_href}/factors/questions"), &["GET"]),
        ),
        (false, _) => add("verify", link(format!("{self_href}/verify"), &["POST"])),
    }
    let self_allow: &[&str] = if pending {
        &["GET"]
    } else {
        &["GET", "DELETE"]
    };
    add("self", link(self_href.clone(), self_allow));
    add("user", link(user_href, &["GET"]));

    let mut view = json!({
        "id": factor.id,
        "factorType": factor.factor_type,
        "provider": factor.provider,
        "vendorName": vendor_name(factor),
        "status": factor.status.as_str(),
        "created": iso(factor.created),
        "lastUpdated": iso(factor.last_updated),
    });
    if let Some(profile) = &factor.profile {
        view["profile"] = Value::Object(profile.clone());
    }
    view["_links"] = Value::Object(links);
    if pending && let Some(embedded) = activation(factor, user, &self_href) {
        view["_embedded"] = embedded;
    }
    view
}

fn vendor_name(factor: &FactorRecord) -> &str {
    match factor.provider.as_str() {
        "CUSTOM" => "Custom TOTP",
        provider => provider,
    }
}

/// `_embedded.activation` of a pending factor, shaped per factor type as the reference shows.
fn activation(factor: &FactorRecord, user: &UserRecord, self_href: &str) -> Option<Value> {
    let secret = factor.secret.as_deref().unwrap_or_default();
    let qrcode = json!({ "href": format!("{self_href}/qr/00{secret}"), "type": "image/png" });
    match (factor.factor_type.as_str(), factor.provider.as_str()) {
        ("token:software:totp", "GOOGLE") => Some(json!({ "activation": {
            "timeStep": 30, "sharedSecret": secret, "encoding": "base32", "keyLength": 16,
            "_links": { "qrcode": qrcode },
        }})),
        ("token:software:totp", _) => Some(json!({
            "activation": { "timeStep": 30, "sharedSecret": secret, "encoding": "base32", "keyLength": 6 },
            "_links": { "qrcode": qrcode },
        })),
        ("push", _) => {
            let send = |channel: &str| json!({ "name": channel, "href": format!("{self_href}/lifecycle/activate/{channel}"), "hints": { "allow": ["POST"] } });
            Some(json!({ "activation": {
                "expiresAt": iso(factor.created + PUSH_ACTIVATION_MILLIS),
                "factorResult": "WAITING",
                "_links": { "send": [send("email"), send("sms")], "qrcode": qrcode },
            }}))
        }
        ("webauthn", _) => Some(json!({ "activation": {
            "attestation": "direct",
            "authenticatorSelection": { "userVerification": "preferred", "requireResidentKey": false },
            "challenge": secret,
            "excludeCredentials": [],
            "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }, { "type": "public-key", "alg": -257 }],
            "rp": { "name": "Okta" },
            "user": { "displayName": LogTarget::user(user).display_name, "name": user.login(), "id": user.id },
        }})),
        ("u2f", _) => Some(json!({ "activation": {
            "version": "U2F_V2", "nonce": secret, "timeoutSeconds": 20,
        }})),
        _ => None,
    }
}

// ----- enrollment -----

/// The profile a factor of `kind` is enrolled with, checked per factor type.
fn enroll_profile(
    kind: &Kind,
    body: &Map<String, Value>,
    user: &UserRecord,
) -> Result<Option<Map<String, Value>>, ApiError> {
    let sent = match body.get("profile") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(profile)) => profile.clone(),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let mut profile = Map::new();
    match kind.factor_type {
        "question" => {
            let question = non_blank(&sent, "question").ok_or_else(|| blank("question"))?;
            let text = QUESTIONS
                .iter()
                .find(|(key, _)| *key == question)
                .map(|(_, text)| *text)
                .ok_or_else(|| {
                    ApiError::validation(
                        "question",
                        vec![format!("question: '{question}' is not a security question")],
                    )
                })?;
            let answer = non_blank(&sent, "answer").ok_or_else(|| blank("answer"))?;
            if answer.chars().count() < MIN_ANSWER {
                return Err(ApiError::validation(
                    "answer",
                    vec![format!(
                        "answer: The security question answer must be at least {MIN_ANSWER} characters in length"
                    )],
                ));
            }
            profile.insert("question".into(), json!(question));
            profile.insert("questionText".into(), json!(text));
        }
        "sms" | "call" => {
            // Without a number, the user's mobile phone is used, as the reference allows.
            let number = non_blank(&sent, "phoneNumber")
                .or_else(|| user.profile_text("mobilePhone").map(str::to_string))
                .ok_or_else(|| {
                    ApiError::new(
                        403,
                        "E0000097",
                        "There is no verified phone number on file.",
                    )
                })?;
            if !is_e164(&number) {
                return Err(ApiError::new(
                    400,
                    "E0000098",
                    "This phone number is invalid.",
                ));
            }
            profile.insert("phoneNumber".into(), json!(number));
            if kind.factor_type == "call"
                && let Some(extension) = non_blank(&sent, "phoneExtension")
            {
                if extension.len() > 15 || !extension.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ApiError::new(
                        400,
                        "E0000121",
                        "Invalid phone extension. Please enter a valid phone extension.",
                    ));
                }
                profile.insert("phoneExtension".into(), json!(extension));
            }
        }
        "email" => {
            let email = non_blank(&sent, "email")
                .or_else(|| user.profile_text("email").map(str::to_string))
                .unwrap_or_default();
            let own = ["email", "secondEmail"].iter().any(|field| {
                user.profile_text(field)
                    .is_some_and(|e| e.eq_ignore_ascii_case(&email))
            });
            if !own {
                return Err(ApiError::new(
                    400,
                    "E0000001",
                    "Api validation failed: Only verified primary or secondary email can be enrolled.",
                ));
            }
            profile.insert("email".into(), json!(email));
        }
        "token:software:totp" => {
            profile.insert("credentialId".into(), json!(user.login()));
        }
        "token:hotp" => {
            if non_blank(body, "factorProfileId").is_none() {
                return Err(blank("factorProfileId"));
            }
            if non_blank(&sent, "sharedSecret").is_none() {
                return Err(blank("profile.sharedSecret"));
            }
            // The shared secret is the token's; Okta does not show it back.
            return Ok(None);
        }
        _ => return Ok(None),
    }
    Ok(Some(profile))
}

fn blank(field: &str) -> ApiError {
    ApiError::validation(
        field,
        vec![format!("{field}: The field cannot be left blank")],
    )
}

/// E.164: a `+`, then 7 to 15 digits; spaces, dots, hyphens and parentheses may separate them.
fn is_e164(number: &str) -> bool {
    let Some(rest) = number.trim().strip_prefix('+') else {
        return false;
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        && (7..=15).contains(&digits)
}

/// Base32 text for a TOTP shared secret, or a challenge.
fn secret(org: &mut Org, length: usize) -> String {
    const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    org.ids
        .text(length)
        .bytes()
        .map(|b| BASE32[usize::from(b) % 32] as char)
        .collect()
}

/// What enrolling does about a factor of the same type the user already has: refuse, or (for a
/// pending SMS factor with the same number, or `updatePhone=true`) enroll it again.
fn existing(
    ctx: &Context,
    user_id: &str,
    kind: &Kind,
    profile: &Option<Map<String, Value>>,
) -> Result<Option<String>, ApiError> {
    if REPEATABLE.contains(&kind.factor_type) {
        return Ok(None);
    }
    let Some(current) = ctx
        .org
        .factors
        .of(user_id)
        .iter()
        .find(|f| f.factor_type == kind.factor_type && f.provider == kind.provider)
    else {
        return Ok(None);
    };
    if kind.factor_type != "sms" {
        return Err(enroll_refused("A factor of this type is already set up."));
    }
    let number =
        |p: &Option<Map<String, Value>>| p.as_ref().and_then(|p| p.get("phoneNumber")).cloned();
    let same_number = number(&current.profile) == number(profile);
    let pending = current.status == FactorStatus::PendingActivation;
    if pending && (same_number || ctx.request.flag("updatePhone", false)) {
        return Ok(Some(current.id.clone()));
    }
    Err(enroll_refused(
        "There is an existing verified phone number.",
    ))
}

pub fn enroll(ctx: &mut Context, key: &str) -> Handled {
    let user_id = changeable_user(ctx.org, key)?;
    let body = ctx.request.object_body()?;
    let factor_type = non_blank(&body, "factorType").ok_or_else(|| blank("factorType"))?;
    let provider = non_blank(&body, "provider").unwrap_or_else(|| "OKTA".into());
    let Some(kind) = KINDS
        .iter()
        .find(|k| k.factor_type == factor_type && k.provider == provider)
    else {
        return Err(enroll_refused(&format!(
            "The factor type {factor_type} with provider {provider} isn't supported"
        )));
    };
    let user = find_user(ctx.org, &user_id)?;
    let profile = enroll_profile(kind, &body, user)?;
    let again = existing(ctx, &user_id, kind, &profile)?;

    let now = ctx.now;
    let status = if kind.factor_type == "question"
        || (kind.auto_activate && ctx.request.flag("activate", false))
    {
        FactorStatus::Active
    } else {
        FactorStatus::PendingActivation
    };
    let factor_id = match again {
        Some(id) => {
            if let Some(factor) = ctx.org.factors.get_mut(&user_id, &id) {
                factor.profile = profile;
                factor.status = status;
                factor.last_updated = now;
            }
            id
        }
        None => {
            let id = ctx.org.ids.object_id(kind.prefix);
            let secret = matches!(
                kind.factor_type,
                "token:software:totp" | "push" | "webauthn" | "u2f"
            )
            .then(|| secret(ctx.org, 16));
            ctx.org.factors.add(
                &user_id,
                FactorRecord {
                    id: id.clone(),
                    factor_type: kind.factor_type.to_string(),
                    provider: kind.provider.to_string(),
                    status,
                    created: now,
                    last_updated: now,
                    profile,
                    secret,
                },
            );
            id
        }
    };
    let event = match status {
        FactorStatus::Active => &logs::FACTOR_ACTIVATE,
        FactorStatus::PendingActivation => &logs::FACTOR_UPDATE,
    };
    ctx.org.log_user(now, event, &user_id);
    get(ctx, &user_id, &factor_id)
}

// ----- the other operations -----

pub fn list(ctx: &mut Context, key: &str) -> Handled {
    let user = find_user(ctx.org, key)?;
    let views: Vec<Value> = ctx
        .org
        .factors
        .of(&user.id)
        .iter()
        .map(|factor| render(factor, user, &ctx.request.base))
        .collect();
    Ok(Answer::ok(&views))
}

pub fn get(ctx: &mut Context, key: &str, factor_id: &str) -> Handled {
    let user = find_user(ctx.org, key)?;
    let factor = ctx
        .org
        .factors
        .of(&user.id)
        .iter()
        .find(|f| f.id == factor_id)
        .ok_or_else(|| factor_not_found(factor_id))?;
    Ok(Answer::ok(&render(factor, user, &ctx.request.base)))
}

/// `GET /factors/questions`: the security questions a `question` factor may use.
pub fn questions(ctx: &mut Context, key: &str) -> Handled {
    find_user(ctx.org, key)?;
    let views: Vec<Value> = QUESTIONS
        .iter()
        .map(|(question, text)| json!({ "question": question, "questionText": text }))
        .collect();
    Ok(Answer::ok(&views))
}

/// Activates a pending factor with the passcode it sent. The emulator sends nothing, so any
/// passcode of 6 to 8 digits is the right one; push, WebAuthn and U2F need a device.
pub fn activate(ctx: &mut Context, key: &str, factor_id: &str) -> Handled {
    let user_id = changeable_user(ctx.org, key)?;
    let factor = ctx
        .org
        .factors
        .of(&user_id)
        .iter()
        .find(|f| f.id == factor_id)
        .ok_or_else(|| factor_not_found(factor_id))?;
    if matches!(factor.factor_type.as_str(), "push" | "webauthn" | "u2f") {
        return Err(ApiError::unsupported_operation());
    }
    if factor.status == FactorStatus::PendingActivation {
        let body = ctx.request.object_body().unwrap_or_default();
        let pass_code = non_blank(&body, "passCode").unwrap_or_default();
        if !(6..=8).contains(&pass_code.len()) || !pass_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::new(403, "E0000068", "Invalid Passcode/Answer")
                .with_cause("Your passcode doesn't match our records. Please try again."));
        }
        let now = ctx.now;
        if let Some(factor) = ctx.org.factors.get_mut(&user_id, factor_id) {
            factor.status = FactorStatus::Active;
            factor.last_updated = now;
        }
        ctx.org.log_user(now, &logs::FACTOR_ACTIVATE, &user_id);
    }
    get(ctx, &user_id, factor_id)
}

/// `DELETE`: unenrolls a factor; unenrolling Okta Verify push also unenrolls its TOTP, as the
/// reference says.
pub fn unenroll(ctx: &mut Context, key: &str, factor_id: &str) -> Handled {
    let user_id = changeable_user(ctx.org, key)?;
    let factor = ctx
        .org
        .factors
        .of(&user_id)
        .iter()
        .find(|f| f.id == factor_id)
        .ok_or_else(|| factor_not_found(factor_id))?;
    let with_totp = factor.factor_type == "push";
    ctx.org.factors.remove_where(&user_id, |f| {
        f.id == factor_id
            || (with_totp && f.factor_type == "token:software:totp" && f.provider == "OKTA")
    });
    ctx.org
        .log_user(ctx.now, &logs::FACTOR_DEACTIVATE, &user_id);
    Ok(Answer::no_content())
}

/// `POST /lifecycle/reset_factors`: every factor is unenrolled; 200 `{}`.
pub fn reset_all(ctx: &mut Context, key: &str) -> Handled {
    let user_id = changeable_user(ctx.org, key)?;
    ctx.org.factors.remove_where(&user_id, |_| true);
    ctx.org.log_user(ctx.now, &logs::FACTOR_RESET_ALL, &user_id);
    Ok(Answer::empty_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_must_be_e164() {
        for good in [
            "+12345678901",
            "+1-555-415-1337",
            "+44 20 7183 8750",
            "+1 (415) 555.0100",
        ] {
            assert!(is_e164(good), "{good}");
        }
        for bad in [
            "",
            "12345678901",
            "+1",
            "+1234567890123456",
            "+1-555-CALL-NOW",
            "++1555",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }
}
