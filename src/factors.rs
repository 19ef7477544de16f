//! The MFA factor operations: `/api/v1/users/{id}/factors` and resetting them.
//!
//! Enrolling checks each factor type's own fields before anything is sent (a phone number for
//! sms, an answer of four characters for question, ...), so a form left half filled is named
//! field by field instead of coming back as Okta's generic validation error.

use crate::call::connect;
use crate::client::{Method, Repeat};
use crate::encode::{path_segment, query_string};
use crate::input::{self, invalid};
use crate::model::{Fields, FromObject, object_of};
use crate::okta::factors::*;
use crate::okta::types::OktaError;
use serde_json::{Map, Value};

/// What each factor type needs: the providers that offer it, its required fields, and whether
/// Okta activates it at enrollment when asked.
struct FactorType {
    name: &'static str,
    providers: &'static [&'static str],
    needs: &'static [Field],
    activates: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    PhoneNumber,
    Email,
    Question,
    Answer,
    CredentialId,
    PassCode,
    FactorProfileId,
}

const FACTOR_TYPES: &[FactorType] = &[
    FactorType {
        name: "sms",
        providers: &["OKTA"],
        needs: &[Field::PhoneNumber],
        activates: true,
    },
    FactorType {
        name: "call",
        providers: &["OKTA"],
        needs: &[Field::PhoneNumber],
        activates: true,
    },
    FactorType {
        name: "email",
        providers: &["OKTA"],
        needs: &[Field::Email],
        activates: true,
    },
    FactorType {
        name: "question",
        providers: &["OKTA"],
        needs: &[Field::Question, Field::Answer],
        activates: false,
    },
    FactorType {
        name: "token:software:totp",
        providers: &["OKTA", "GOOGLE"],
        needs: &[],
        activates: false,
    },
    FactorType {
        name: "push",
        providers: &["OKTA"],
        needs: &[],
        activates: false,
    },
    FactorType {
        name: "token:hotp",
        providers: &["CUSTOM"],
        needs: &[Field::FactorProfileId],
        activates: true,
    },
    FactorType {
        name: "token",
        providers: &["RSA", "SYMANTEC"],
        needs: &[Field::CredentialId, Field::PassCode],
        activates: false,
    },
    FactorType {
        name: "token:hardware",
        providers: &["YUBICO"],
        needs: &[Field::PassCode],
        activates: false,
    },
    FactorType {
        name: "u2f",
        providers: &["FIDO"],
        needs: &[],
        activates: false,
    },
    FactorType {
        name: "webauthn",
        providers: &["FIDO"],
        needs: &[],
        activates: false,
    },
];

/// Okta's shortest security answer.
const MIN_ANSWER_CHARS: usize = 4;

impl FromObject for Factor {
    fn from_object(o: &mut Map<String, Value>) -> Result<Self, String> {
        let mut f = Fields::new(o);
        let shape = Self {
            id: f.required("id"),
            factor_type: f.text("factorType"),
            provider: f.text("provider"),
            vendor_name: f.text("vendorName"),
            status: f.text("status"),
            created: f.text("created"),
            last_updated: f.text("lastUpdated"),
            profile_json: f.json_text("profile"),
        };
        f.done(shape)
    }
}

fn factors_path(user_id: &str) -> String {
    format!("/users/{}/factors", path_segment(user_id))
}

fn factor_id(value: &str) -> Result<String, OktaError> {
    input::okta_id(
        "factorId",
        value,
        "an Okta factor id",
        "mbl1nz9JHJGHWRKMTLHP",
    )
}

pub fn list_factors(input: UserFactorsInput) -> Result<ListFactorsOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let factors: Vec<Factor> = client.get(&factors_path(&user_id))?.json()?;
    Ok(ListFactorsOutput {
        count: factors.len() as u32,
        factors,
    })
}

pub fn get_factor(input: FactorRefInput) -> Result<Factor, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let factor_id = factor_id(&input.factor_id)?;
    let client = connect(&input.connection)?;
    let path = format!("{}/{}", factors_path(&user_id), path_segment(&factor_id));
    client.get(&path)?.json()
}

/// A phone number in E.164 form: `+`, then 7 to 15 digits, the first not 0.
fn phone_number(value: &str) -> Result<String, OktaError> {
    let digits = value.strip_prefix('+').unwrap_or("");
    let valid = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if !valid {
        return Err(invalid(
            "phoneNumber",
            "must be in E.164 form: + and the country code, e.g. +14155550100",
        ));
    }
    Ok(value.to_string())
}

/// The request body for a factor type, from the fields it needs; a field it needs that is
/// blank, or one it does not take that is filled, is named.
fn enrollment(
    kind: &FactorType,
    provider: &str,
    input: &EnrollFactorInput,
) -> Result<Value, OktaError> {
    let fields = [
        (Field::PhoneNumber, "phoneNumber", &input.phone_number),
        (Field::Email, "email", &input.email),
        (Field::Question, "question", &input.question),
        (Field::Answer, "answer", &input.answer),
        (Field::CredentialId, "credentialId", &input.credential_id),
        (Field::PassCode, "passCode", &input.pass_code),
        (
            Field::FactorProfileId,
            "factorProfileId",
            &input.factor_profile_id,
        ),
    ];
    let mut body = Map::new();
    body.insert("factorType".into(), kind.name.into());
    body.insert("provider".into(), provider.into());
    let mut profile = Map::new();
    for (field, name, value) in fields {
        let value = match (kind.needs.contains(&field), input::optional(name, value)?) {
            (true, Some(value)) => value,
            (false, None) => continue,
            (true, None) => {
                let reason = format!("is required for the {} factor", kind.name);
                return Err(invalid(name, reason));
            }
            (false, Some(_)) => {
                let reason = format!("does not apply to the {} factor", kind.name);
                return Err(invalid(name, reason));
            }
        };
        let value = match field {
            Field::PhoneNumber => phone_number(&value)?,
            Field::Email => input::email(name, &value)?,
            Field::Answer if value.chars().count() < MIN_ANSWER_CHARS => {
                let reason = format!("must be at least {MIN_ANSWER_CHARS} characters");
                return Err(invalid(name, reason));
            }
            _ => value,
        };
        match field {
            Field::PassCode => body.insert("verify".into(), object_of(name, value.into())),
            Field::FactorProfileId => body.insert(name.into(), value.into()),
            _ => profile.insert(name.into(), value.into()),
        };
    }
    if !profile.is_empty() {
        body.insert("profile".into(), profile.into());
    }
    Ok(Value::Object(body))
}

pub fn enroll_factor(input: EnrollFactorInput) -> Result<Factor, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let names: Vec<&'static str> = FACTOR_TYPES.iter().map(|t| t.name).collect();
    let name = input::one_of(
        "factorType",
        &input::required("factorType", &input.factor_type)?,
        &names,
    )?;
    let Some(kind) = FACTOR_TYPES.iter().find(|t| t.name == name) else {
        return Err(invalid(
            "factorType",
            "is not a factor type the block knows",
        ));
    };
    let provider = match input::optional("provider", &input.provider)? {
        Some(provider) => input::one_of("provider", &provider, kind.providers)?,
        None => kind.providers[0],
    };
    let activate = input.activate.unwrap_or(false);
    if activate && !kind.activates {
        return Err(invalid(
            "activate",
            format!(
                "applies to sms, call, email and token:hotp only, not {}",
                kind.name
            ),
        ));
    }
    let body = enrollment(kind, provider, &input)?;
    let client = connect(&input.connection)?;
    let path = format!(
        "{}{}",
        factors_path(&user_id),
        query_string(&[("activate", activate.to_string())])
    );
    client.post(&path, Some(&body), Repeat::Unsafe)?.json()
}

pub fn reset_factor(input: ResetFactorInput) -> Result<ResetFactorOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let factor_id = factor_id(&input.factor_id)?;
    let client = connect(&input.connection)?;
    let remove_recovery = input.remove_recovery_enrollment.unwrap_or(false);
    let path = format!(
        "{}/{}{}",
        factors_path(&user_id),
        path_segment(&factor_id),
        query_string(&[("removeRecoveryEnrollment", remove_recovery.to_string())])
    );
    client.call(Method::Delete, &path, Repeat::Safe)?;
    Ok(ResetFactorOutput {
        user_id,
        factor_id,
        reset: true,
    })
}

pub fn reset_all_factors(input: UserFactorsInput) -> Result<ResetAllFactorsOutput, OktaError> {
    let user_id = input::user_id(&input.user_id)?;
    let client = connect(&input.connection)?;
    let path = format!("/users/{}/lifecycle/reset_factors", path_segment(&user_id));
    client.call(Method::Post, &path, Repeat::Safe)?;
    Ok(ResetAllFactorsOutput {
        user_id,
        reset: true,
    })
}
