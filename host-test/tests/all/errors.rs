//! Every operation maps every kind of Okta failure to the right typed error.

use crate::support::*;
use okta_block_host::exchange::Reply;
use serde_json::{Value, json};

/// Runs every operation with `reply` as the answer to its first request.
async fn each_operation_fails_with(reply: Reply) -> Vec<(String, Value)> {
    let mut outputs = Vec::new();
    for operation in all_operations() {
        // No retries here: each failure is seen as it first arrives.
        let mut input = valid_input(operation);
        input["maxRetries"] = json!(0);
        // Removing an assignment that is not there answers 404; the block then asks whether
        // the app exists, to tell "nothing to remove" from "no such app". The app is not
        // found either here, so the 404 stands.
        let checks_the_app = matches!(&reply, Reply::Http { response, .. } if response.status == 404)
            && matches!(operation, "remove_user_from_app" | "remove_group_from_app");
        let replies = match checks_the_app {
            true => vec![reply.clone(), reply.clone()],
            false => vec![reply.clone()],
        };
        let (output, exchanges) = run(operation, input, replies).await;
        assert_eq!(
            exchanges.len(),
            1 + usize::from(checks_the_app),
            "{operation} must stop at the first failure"
        );
        if checks_the_app {
            assert_eq!(exchanges[1].request.method, "GET", "{operation}");
            assert!(
                exchanges[1]
                    .request
                    .url
                    .ends_with("/apps/0oa1gjh63g214q0Hq0g4"),
                "{operation}: {}",
                exchanges[1].request.url
            );
        }
        assert_eq!(output["success"], false, "{operation}: {output}");
        outputs.push((operation.to_string(), output["error"].clone()));
    }
    outputs
}

#[tokio::test(start_paused = true)]
async fn validation_failure_400_carries_every_cause() {
    let reply = okta_error(
        400,
        "E0000001",
        "Api validation failed: login",
        &["login: An object with this field already exists in the current organization"],
    );
    for (operation, error) in each_operation_fails_with(reply).await {
        assert_eq!(
            error,
            json!({
                "kind": "rejected", "status": 400, "errorCode": "E0000001",
                "errorSummary": "Api validation failed: login",
                "errorCauses": ["login: An object with this field already exists in the current organization"],
                "requestId": "reqTest123",
                "message": "Api validation failed: login (E0000001, HTTP 400): login: An object with this field already exists in the current organization"
            }),
            "{operation}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn status_codes_map_to_their_kinds() {
    for (status, code, kind) in [
        (401, "E0000011", "unauthorized"),
        (403, "E0000006", "forbidden"),
        (404, "E0000007", "notFound"),
        (405, "E0000022", "rejected"),
        (409, "E0000038", "rejected"),
        (500, "E0000009", "upstream"),
        (503, "E0000010", "upstream"),
    ] {
        for (operation, error) in
            each_operation_fails_with(okta_error(status, code, "summary", &[])).await
        {
            assert_eq!(error["kind"], kind, "{operation} {status}");
            assert_eq!(error["status"], status, "{operation}");
            assert_eq!(error["errorCode"], code, "{operation}");
            assert_eq!(error["errorSummary"], "summary", "{operation}");
            assert_eq!(error["errorCauses"], json!([]), "{operation}");
            assert_eq!(error["requestId"], "reqTest123", "{operation}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn rate_limit_429_says_when_to_retry() {
    let reply = okta_error(
        429,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
        &[],
    )
    .with_header("x-rate-limit-reset", "1598552440");
    for (operation, error) in each_operation_fails_with(reply.clone()).await {
        assert_eq!(error["kind"], "rateLimited", "{operation}");
        assert_eq!(error["status"], 429);
        assert_eq!(error["errorCode"], "E0000047");
        // The reply carries two reset headers (the template's and the added one); the first wins.
        assert_eq!(error["resetAt"], 1598552424);
        // Reset 18:20:24 minus Date 18:19:30, plus one second.
        assert_eq!(error["retryAfterSeconds"], 55);
    }
}

#[tokio::test(start_paused = true)]
async fn html_error_page_is_described_not_parsed() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let reply = Reply::http(
        500,
        vec![("Content-Type".into(), "text/html".into())],
        Some(page.into()),
    );
    for (operation, error) in each_operation_fails_with(reply).await {
        assert_eq!(
            error,
            json!({
                "kind": "upstream", "status": 500, "errorCode": null,
                "errorSummary": "HTTP 500 with a body that is not Okta's JSON (text/html)",
                "errorCauses": [], "requestId": null,
                "message": "HTTP 500 with a body that is not Okta's JSON (text/html) (HTTP 500)"
            }),
            "{operation}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn html_success_page_is_an_invalid_response() {
    let reply = Reply::http(
        200,
        vec![("Content-Type".into(), "text/html".into())],
        Some("<html>login</html>".into()),
    );
    for operation in [
        "list_users",
        "get_user",
        "create_user",
        "get_group",
        "list_group_members",
    ] {
        let (output, _) = run(operation, valid_input(operation), vec![reply.clone()]).await;
        assert_eq!(output["error"]["kind"], "invalidResponse", "{operation}");
        assert_eq!(output["error"]["status"], 200);
    }
}
