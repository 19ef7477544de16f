//! MFA factors: enrollment per factor type, activation, unenrollment, reset, and Okta's errors.

use super::*;

fn user_id(org: &Emulator, first: &str) -> String {
    create(org, first, "Factors", true, true)["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn enroll(org: &Emulator, user: &str, query: &str, body: Value) -> Answer {
    call(
        org,
        "POST",
        &format!("/api/v1/users/{user}/factors{query}"),
        Some(body),
    )
}

fn link_names(factor: &Value) -> Vec<String> {
    factor["_links"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn an_sms_factor_is_enrolled_pending_then_activated() {
    let (org, _) = empty_org();
    let user = user_id(&org, "Sam");
    let enrolled = enroll(
        &org,
        &user,
        "",
        json!({ "factorType": "sms", "provider": "OKTA", "profile": { "phoneNumber": "+12345678901" } }),
    );
    assert_eq!(enrolled.status, 200, "{:?}", enrolled.body);
    let factor = &enrolled.json;
    let id = factor["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("mbl") && id.len() == 20, "{id}");
    assert_eq!(factor["status"], "PENDING_ACTIVATION");
    assert_eq!(factor["vendorName"], "OKTA");
    assert_eq!(factor["profile"], json!({ "phoneNumber": "+12345678901" }));
    // The recording's links, in its order.
    assert_eq!(link_names(factor), ["resend", "activate", "self", "user"]);
    let self_href = format!("{BASE}/api/v1/users/{user}/factors/{id}");
    assert_eq!(
        factor["_links"]["self"],
        json!({ "href": self_href, "hints": { "allow": ["GET"] } })
    );
    assert_eq!(factor["_links"]["resend"][0]["name"], "sms");

    let listed = call(&org, "GET", &format!("/api/v1/users/{user}/factors"), None);
    assert_eq!(ids(&listed.json), std::slice::from_ref(&id));
    assert!(listed.header("link").is_none());
    let path = format!("/api/v1/users/{user}/factors/{id}");
    assert_eq!(call(&org, "GET", &path, None).json, *factor);

    // Another number for a pending factor needs updatePhone=true.
    let other = json!({ "factorType": "sms", "provider": "OKTA", "profile": { "phoneNumber": "+14155550100" } });
    let refused = enroll(&org, &user, "", other.clone());
    refused.assert_error(400, "E0000001");
    assert_eq!(
        refused.json["errorSummary"],
        "Api validation failed: factorEnrollRequest"
    );
    assert_eq!(
        refused.json["errorCauses"][0]["errorSummary"],
        "There is an existing verified phone number."
    );
    let updated = enroll(&org, &user, "?updatePhone=true", other);
    assert_eq!(updated.json["id"], json!(id));
    assert_eq!(updated.json["profile"]["phoneNumber"], "+14155550100");

    let activate = format!("{path}/lifecycle/activate");
    call(&org, "POST", &activate, Some(json!({ "passCode": "12" }))).assert_error(403, "E0000068");
    let active = call(
        &org,
        "POST",
        &activate,
        Some(json!({ "passCode": "123456" })),
    );
    assert_eq!(active.status, 200);
    assert_eq!(active.json["status"], "ACTIVE");
    assert_eq!(link_names(&active.json), ["verify", "self", "user"]);
    assert_eq!(
        active.json["_links"]["self"]["hints"]["allow"],
        json!(["GET", "DELETE"])
    );
}

#[test]
fn each_factor_type_enrolls_as_the_reference_shows() {
    let (org, _) = empty_org();
    let user = user_id(&org, "Tess");
    let login = "tess.factors@example.com";
    let factor = |query: &str, body: Value| {
        let answer = enroll(&org, &user, query, body);
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        answer.json
    };

    let call_factor = factor(
        "?activate=true",
        json!({ "factorType": "call", "provider": "OKTA",
                "profile": { "phoneNumber": "+1-555-415-1337", "phoneExtension": "1234" } }),
    );
    assert!(call_factor["id"].as_str().unwrap().starts_with("clf"));
    assert_eq!(call_factor["status"], "ACTIVE");
    assert_eq!(call_factor["profile"]["phoneExtension"], "1234");

    let email = factor(
        "",
        json!({ "factorType": "email", "provider": "OKTA", "profile": { "email": login } }),
    );
    assert!(email["id"].as_str().unwrap().starts_with("emf"));
    assert_eq!(email["status"], "PENDING_ACTIVATION");
    assert_eq!(email["_links"]["resend"][0]["name"], "email");

    let question = factor(
        "",
        json!({ "factorType": "question", "provider": "OKTA",
                "profile": { "question": "disliked_food", "answer": "mayonnaise" } }),
    );
    assert!(question["id"].as_str().unwrap().starts_with("ufs"));
    assert_eq!(question["status"], "ACTIVE");
    assert_eq!(
        question["profile"],
        json!({ "question": "disliked_food", "questionText": "What is the food you least liked as a child?" })
    );
    assert!(
        !question.to_string().contains("mayonnaise"),
        "the answer is never shown"
    );
    assert_eq!(link_names(&question), ["questions", "self", "user"]);

    let totp = factor(
        "",
        json!({ "factorType": "token:software:totp", "provider": "OKTA" }),
    );
    assert!(totp["id"].as_str().unwrap().starts_with("ost"));
    assert_eq!(totp["profile"], json!({ "credentialId": login }));
    let activation = &totp["_embedded"]["activation"];
    assert_eq!(activation["keyLength"], 6);
    assert_eq!(activation["encoding"], "base32");
    let secret = activation["sharedSecret"].as_str().unwrap();
    assert_eq!(secret.len(), 16);
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
    );
    assert_eq!(totp["_embedded"]["_links"]["qrcode"]["type"], "image/png");

    let google = factor(
        "",
        json!({ "factorType": "token:software:totp", "provider": "GOOGLE" }),
    );
    assert!(google["id"].as_str().unwrap().starts_with("uft"));
    assert_eq!(google["vendorName"], "GOOGLE");
    assert_eq!(google["_embedded"]["activation"]["keyLength"], 16);

    let push = factor("", json!({ "factorType": "push", "provider": "OKTA" }));
    assert!(push["id"].as_str().unwrap().starts_with("opf"));
    assert!(push.get("profile").is_none());
    assert_eq!(link_names(&push), ["poll", "self", "user"]);
    assert_eq!(push["_embedded"]["activation"]["factorResult"], "WAITING");
    assert_eq!(
        push["_embedded"]["activation"]["expiresAt"],
        "2024-01-08T09:10:00.000Z"
    );

    let key = factor("", json!({ "factorType": "webauthn", "provider": "FIDO" }));
    assert!(key["id"].as_str().unwrap().starts_with("fwf"));
    assert_eq!(key["_embedded"]["activation"]["user"]["name"], login);
    // Several security keys may be enrolled.
    factor("", json!({ "factorType": "webauthn", "provider": "FIDO" }));

    let questions = call(
        &org,
        "GET",
        &format!("/api/v1/users/{user}/factors/questions"),
        None,
    );
    assert_eq!(questions.json.as_array().unwrap().len(), 20);
    let all = call(&org, "GET", &format!("/api/v1/users/{user}/factors"), None);
    assert_eq!(all.json.as_array().unwrap().len(), 8);
}

#[test]
fn enrollment_errors_are_okta_s() {
    let (org, _) = empty_org();
    let user = user_id(&org, "Uma");
    let refused = |body: Value, status: u16, code: &str| {
        enroll(&org, &user, "", body.clone()).assert_error(status, code);
    };
    refused(
        json!({ "factorType": "sms", "provider": "OKTA", "profile": { "phoneNumber": "555-1234" } }),
        400,
        "E0000098",
    );
    // No number sent and no mobile phone on the profile.
    refused(
        json!({ "factorType": "sms", "provider": "OKTA" }),
        403,
        "E0000097",
    );
    refused(
        json!({ "factorType": "call", "provider": "OKTA", "profile": { "phoneNumber": "+14155550100", "phoneExtension": "ext" } }),
        400,
        "E0000121",
    );
    refused(
        json!({ "factorType": "question", "provider": "OKTA", "profile": { "question": "disliked_food", "answer": "abc" } }),
        400,
        "E0000001",
    );
    refused(
        json!({ "factorType": "question", "provider": "OKTA", "profile": { "question": "favorite_color", "answer": "purple" } }),
        400,
        "E0000001",
    );
    refused(
        json!({ "factorType": "token", "provider": "RSA" }),
        400,
        "E0000001",
    );
    refused(
        json!({ "factorType": "sms", "provider": "GOOGLE" }),
        400,
        "E0000001",
    );
    refused(json!({ "provider": "OKTA" }), 400, "E0000001");
    let foreign = enroll(
        &org,
        &user,
        "",
        json!({ "factorType": "email", "provider": "OKTA", "profile": { "email": "someone@else.com" } }),
    );
    foreign.assert_error(400, "E0000001");
    assert_eq!(
        foreign.json["errorSummary"],
        "Api validation failed: Only verified primary or secondary email can be enrolled."
    );
    let question = json!({ "factorType": "question", "provider": "OKTA", "profile": { "question": "first_award", "answer": "spelling bee" } });
    assert_eq!(enroll(&org, &user, "", question.clone()).status, 200);
    let again = enroll(&org, &user, "", question);
    again.assert_error(400, "E0000001");
    assert_eq!(
        again.json["errorCauses"][0]["errorSummary"],
        "A factor of this type is already set up."
    );

    let missing = "mblnothere0000000000";
    for (method, path) in [
        ("GET", format!("/api/v1/users/{user}/factors/{missing}")),
        ("DELETE", format!("/api/v1/users/{user}/factors/{missing}")),
        (
            "GET",
            "/api/v1/users/00unothere0000000000/factors".to_string(),
        ),
    ] {
        call(&org, method, &path, None).assert_error(404, "E0000007");
    }
    let summary = call(
        &org,
        "GET",
        &format!("/api/v1/users/{user}/factors/{missing}"),
        None,
    );
    assert_eq!(
        summary.json["errorSummary"],
        format!("Not found: Resource not found: {missing} (UserFactor)")
    );
}

#[test]
fn factors_are_unenrolled_one_by_one_or_all_at_once() {
    let (org, _) = empty_org();
    let user = user_id(&org, "Vic");
    let push = enroll(
        &org,
        &user,
        "",
        json!({ "factorType": "push", "provider": "OKTA" }),
    );
    enroll(
        &org,
        &user,
        "",
        json!({ "factorType": "token:software:totp", "provider": "OKTA" }),
    );
    enroll(
        &org,
        &user,
        "?activate=true",
        json!({ "factorType": "email", "provider": "OKTA" }),
    );
    let factors = format!("/api/v1/users/{user}/factors");
    assert_eq!(
        call(&org, "GET", &factors, None)
            .json
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Unenrolling Okta Verify push unenrolls its TOTP too.
    let push_id = push.json["id"].as_str().unwrap();
    let removed = call(
        &org,
        "DELETE",
        &format!("{factors}/{push_id}?removeRecoveryEnrollment=false"),
        None,
    );
    assert_eq!(removed.status, 204);
    let left = call(&org, "GET", &factors, None).json;
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["factorType"], "email");

    let reset = call(
        &org,
        "POST",
        &format!("/api/v1/users/{user}/lifecycle/reset_factors"),
        None,
    );
    assert_eq!(reset.status, 200);
    assert_eq!(reset.body.as_deref(), Some("{}"));
    assert_eq!(call(&org, "GET", &factors, None).json, json!([]));
    // Resetting a user without factors is fine too, as the recording shows.
    assert_eq!(
        call(
            &org,
            "POST",
            &format!("/api/v1/users/{user}/lifecycle/reset_factors"),
            None
        )
        .status,
        200
    );

    // A deactivated user's factors cannot change.
    lifecycle(&org, &user, "deactivate");
    enroll(
        &org,
        &user,
        "",
        json!({ "factorType": "push", "provider": "OKTA" }),
    )
    .assert_error(403, "E0000038");
    call(
        &org,
        "POST",
        &format!("/api/v1/users/{user}/lifecycle/reset_factors"),
        None,
    )
    .assert_error(403, "E0000038");
    assert_eq!(call(&org, "PUT", &factors, None).status, 405);
}

#[test]
fn the_demo_org_has_enrolled_factors() {
    let (org, _) = demo_org();
    let factors = call(
        &org,
        "GET",
        "/api/v1/users/olivia.bennett@acmecorp.example/factors",
        None,
    );
    let types: Vec<&str> = factors
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["factorType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["question", "sms"]);
    assert_eq!(factors.json[1]["profile"]["phoneNumber"], "+1-415-555-1200");
    let pending = call(
        &org,
        "GET",
        "/api/v1/users/ella.nguyen@acmecorp.example/factors",
        None,
    );
    assert_eq!(pending.json[0]["status"], "PENDING_ACTIVATION");
    // A demo user enrolls SMS with the mobile phone on their profile.
    let sms = call(
        &org,
        "POST",
        "/api/v1/users/priya.raman@acmecorp.example/factors?activate=true",
        Some(json!({ "factorType": "sms", "provider": "OKTA" })),
    );
    assert_eq!(sms.json["status"], "ACTIVE");
    assert_eq!(sms.json["profile"]["phoneNumber"], "+1-415-555-1202");
}
