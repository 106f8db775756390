//! Errors as RFC 9457 problem documents (`application/problem+json`):
//! `type`, `title`, `status`, `detail`, and the stable `code` of
//! docs/errors.md. What a client sees never holds SQL, paths or a panic's
//! message: a store failure is told by its code and meaning, and the full
//! message goes to the server's log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use monazite_store::StoreError;
use monazite_types::error_code::{Code, ErrorCode};
use serde::Serialize;

/// The media type of a problem document.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A failure to answer, as the client will read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: Code,
    /// What went wrong this time, for people (names the parameter, the id).
    pub detail: String,
}

/// The problem document on the wire.
#[derive(Debug, Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    code: &'a str,
}

impl ApiError {
    pub fn new(code: Code, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
        }
    }

    /// A bad query or path parameter: the detail opens with its name.
    pub fn parameter(name: &str, problem: impl std::fmt::Display) -> ApiError {
        ApiError::new(Code::ApiBadParameter, format!("{name}: {problem}"))
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(Code::ApiNotFound, detail)
    }

    /// A failure of the server itself; `why` goes to the log only.
    pub fn internal(why: impl std::fmt::Display) -> ApiError {
        eprintln!("monazite serve: internal error: {why}");
        ApiError::new(Code::ApiInternal, "the server failed while answering")
    }

    /// The problem for a bare status that a layer answered without a body
    /// (405 from the router, 503 from the timeout), or `None`.
    pub fn for_status(status: StatusCode) -> Option<ApiError> {
        Some(match status {
            StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
                Code::ApiMethodNotAllowed,
                "this path does not take that method",
            ),
            StatusCode::SERVICE_UNAVAILABLE => ApiError::new(
                Code::ApiTimeout,
                format!(
                    "the request took longer than {} s",
                    crate::limits::REQUEST_TIMEOUT.as_secs()
                ),
            ),
            StatusCode::NOT_FOUND => ApiError::not_found("no such path"),
            StatusCode::PAYLOAD_TOO_LARGE => body_too_large(),
            s if s.is_server_error() => ApiError::internal(format!("bare status {s}")),
            _ => return None,
        })
    }
}

/// The body is over [`crate::limits::MAX_BODY_BYTES`].
pub fn body_too_large() -> ApiError {
    ApiError::new(
        Code::ApiBodyTooLarge,
        format!(
            "the body is over the limit of {} bytes",
            crate::limits::MAX_BODY_BYTES
        ),
    )
}

impl From<StoreError> for ApiError {
    /// SQLite's message may quote SQL or a path: see `ApiError::hiding`.
    fn from(e: StoreError) -> ApiError {
        ApiError::hiding("store: ", &e)
    }
}

impl From<monazite_app::AppError> for ApiError {
    /// A use case's message may name a store's path: see `ApiError::hiding`.
    fn from(e: monazite_app::AppError) -> ApiError {
        ApiError::hiding("", &e)
    }
}

impl ApiError {
    /// The problem for an error whose message must not reach a client: its
    /// code and the code's documented meaning; the message goes to the log
    /// (after `what`).
    fn hiding(what: &str, e: &(impl ErrorCode + std::fmt::Display)) -> ApiError {
        let code = e.code();
        eprintln!("monazite serve: {what}{e} (error {code})");
        ApiError::new(code, code.meaning())
    }

    /// The problem document with `status` rather than the code's own
    /// (`/readyz` answers 503 whatever kept the store from opening).
    pub fn with_status(self, status: StatusCode) -> Response {
        let problem = Problem {
            kind: format!("urn:monazite:error:{}", self.code.as_str()),
            title: self.code.meaning(),
            status: status.as_u16(),
            detail: &self.detail,
            code: self.code.as_str(),
        };
        // Serialising strings and numbers cannot fail; an empty object
        // would still be a problem document.
        let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
        (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self.with_status(status)
    }
}
