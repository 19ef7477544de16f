//! Okta's error answers: the codes, statuses and summaries of Okta's error catalog
//! (developer.okta.com/docs/reference/error-codes), for the failures the emulator produces.

use serde::Serialize;

/// An Okta error answer, before it gets its `errorId` and headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub summary: String,
    pub causes: Vec<String>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, summary: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// E0000001: a precondition of the endpoint failed, named by `field`.
    pub fn validation(field: &str, causes: Vec<String>) -> Self {
        Self {
            status: 400,
            code: "E0000001".into(),
            summary: format!("Api validation failed: {field}"),
            causes,
        }
    }

    /// E0000001 for a value another record already has.
    pub fn duplicate(field: &str) -> Self {
        Self::validation(
            field,
            vec![format!(
                "{field}: An object with this field already exists in the current organization"
            )],
        )
    }

    /// E0000003: the body is not JSON, or not the JSON the endpoint reads.
    pub fn malformed_body() -> Self {
        Self::new(400, "E0000003", "The request body was not well-formed.")
    }

    /// E0000006: the API may not change this object (an `APP_GROUP`'s profile or members).
    pub fn access_denied() -> Self {
        Self::new(
            403,
            "E0000006",
            "You do not have permission to perform the requested action",
        )
    }

    /// E0000007: no such user (`kind` "User") or group ("UserGroup").
    pub fn not_found(key: &str, kind: &str) -> Self {
        Self::new(
            404,
            "E0000007",
            format!("Not found: Resource not found: {key} ({kind})"),
        )
    }

    /// E0000008: no endpoint at this path.
    pub fn path_not_found() -> Self {
        Self::new(404, "E0000008", "The requested path was not found")
    }

    /// E0000011: the API token is missing or wrong.
    pub fn invalid_token() -> Self {
        Self::new(401, "E0000011", "Invalid token provided")
    }

    /// E0000016: activating a user that is already activated.
    pub fn already_active() -> Self {
        Self::new(
            403,
            "E0000016",
            "Activation failed because the user is already active",
        )
    }

    /// E0000022: the path exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// E0000029: an `after` cursor this endpoint did not hand out (with the cause current Okta
    /// gives: test_list_applications_pagination_with_after.json, recorded in 2025).
    pub fn invalid_paging() -> Self {
        Self::new(400, "E0000029", "Invalid paging request.").with_cause("Invalid cursor.")
    }

    /// E0000030: a date in a search or filter that is not ISO 8601.
    pub fn invalid_date() -> Self {
        Self::new(
            400,
            "E0000030",
            "Bad request. Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.",
        )
    }

    /// E0000031: a search or filter expression that does not parse or is not supported.
    pub fn invalid_search(reason: impl Into<String>) -> Self {
        Self::new(400, "E0000031", "Invalid search criteria.").with_cause(reason)
    }

    /// E0000032: unlocking a user that is not locked out.
    pub fn unlock_forbidden() -> Self {
        Self::new(403, "E0000032", "Unlock is not allowed for this user.")
            .with_cause("The user is not locked out")
    }

    /// E0000033: `search` and `filter` in one request.
    pub fn search_and_filter() -> Self {
        Self::new(
            400,
            "E0000033",
            "Bad request. Can't specify a search query and filter in the same request.",
        )
    }

    /// E0000038: the user's status does not allow this lifecycle operation.
    pub fn status_forbids() -> Self {
        Self::new(
            403,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
    }

    /// E0000047: the rate-limit window is spent.
    pub fn rate_limited() -> Self {
        Self::new(
            429,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// E0000060: an operation Okta does not support, such as changing the Everyone group.
    pub fn unsupported_operation() -> Self {
        Self::new(501, "E0000060", "Unsupported operation.")
    }

    /// E0000124: `nextLogin=changePassword` needs a password.
    pub fn expire_on_create_needs_password() -> Self {
        Self::new(
            400,
            "E0000124",
            "Could not create user. To create a user and expire their password immediately, a password must be specified",
        )
    }

    /// E0000125: `nextLogin=changePassword` needs `activate=true`.
    pub fn expire_on_create_needs_activation() -> Self {
        Self::new(
            400,
            "E0000125",
            "Could not create user. To create a user and expire their password immediately, activate must be true",
        )
    }

    /// E0000004: a sign-in with a wrong or unknown username, password or session token.
    pub fn authentication_failed() -> Self {
        Self::new(401, "E0000004", "Authentication failed")
    }

    /// E0000046: unassigning a user whose group memberships still give them the app.
    pub fn app_user_held_by_group() -> Self {
        Self::new(403, "E0000046", "Deactivate application for user forbidden.").with_cause(
            "The application cannot be unassigned from the user while their group memberships grant them access",
        )
    }

    /// E0000056: deleting an app that is still `ACTIVE`.
    pub fn delete_active_app() -> Self {
        Self::new(403, "E0000056", "Delete application forbidden.")
            .with_cause("The application must be deactivated before deletion.")
    }

    /// E0000090: a role the user or group already holds.
    pub fn duplicate_role() -> Self {
        Self::new(
            409,
            "E0000090",
            "The role specified is already assigned to the user.",
        )
    }

    /// E0000117: assigning an app to a deactivated user.
    pub fn inactive_user_app() -> Self {
        Self::new(
            403,
            "E0000117",
            "Cannot assign apps or update app profiles for an inactive user.",
        )
    }

    /// The error JSON, with its `errorId`, fields in Okta's order.
    pub fn body(&self, error_id: &str) -> String {
        let body = ErrorBody {
            error_code: &self.code,
            error_summary: &self.summary,
            error_link: &self.code,
            error_id,
            error_causes: self
                .causes
                .iter()
                .map(|c| Cause { error_summary: c })
                .collect(),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    error_code: &'a str,
    error_summary: &'a str,
    error_link: &'a str,
    error_id: &'a str,
    error_causes: Vec<Cause<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cause<'a> {
    error_summary: &'a str,
}
