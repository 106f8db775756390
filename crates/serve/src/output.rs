//! Answers in JSON, or NDJSON (one record a line) when the client's
//! `Accept` asks for `application/x-ndjson`.

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::problem::ApiError;

pub const JSON: &str = "application/json";
pub const NDJSON: &str = "application/x-ndjson";

/// The header that carries a list's next cursor (in NDJSON there is no
/// envelope to hold it; JSON has it in `next` too).
pub const NEXT_CURSOR: HeaderName = HeaderName::from_static("monazite-next-cursor");

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
}

impl Format {
    /// NDJSON when `Accept` names it (with a q above 0), JSON otherwise.
    pub fn of(headers: &HeaderMap) -> Format {
        let asks = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|range| {
                let mut parts = range.split(';').map(str::trim);
                let media = parts.next().unwrap_or("");
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                media.eq_ignore_ascii_case(NDJSON) && !refused
            });
        if asks {
            Format::Ndjson
        } else {
            Format::Json
        }
    }
}

/// `{"items": [...], "next": cursor-or-null}`.
#[derive(Serialize)]
struct Envelope<'a, T> {
    items: &'a [T],
    next: Option<&'a str>,
}

/// A list of records in `format`, with the next page's cursor if any.
pub fn list<T: Serialize>(
    format: Format,
    items: &[T],
    next: Option<String>,
) -> Result<Response, ApiError> {
    let (content_type, body) = match format {
        Format::Json => (
            JSON,
            serde_json::to_vec(&Envelope {
                items,
                next: next.as_deref(),
            })
            .map_err(ApiError::internal)?,
        ),
        Format::Ndjson => {
            let mut body = Vec::new();
            for item in items {
                serde_json::to_writer(&mut body, item).map_err(ApiError::internal)?;
                body.push(b'\n');
            }
            (NDJSON, body)
        }
    };
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    if let Some(next) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
        response.headers_mut().insert(NEXT_CURSOR, next);
    }
    Ok(response)
}

/// One record as JSON.
pub fn one<T: Serialize>(item: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(item).map_err(ApiError::internal)?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body,
    )
        .into_response())
}
