//! Query strings read into the store's filters. Every parameter is named
//! in its rejection (`limit: must be …`); an unknown or repeated
//! parameter is refused rather than ignored, so that a typo (`tiker=MP`)
//! does not silently list everything.

use std::collections::BTreeMap;

use jiff::civil::Date;
use monazite_store::query::BriefCursor;

use crate::limits::{DEFAULT_LIMIT, MAX_LIMIT, MAX_PARAM_BYTES};
use crate::problem::ApiError;

/// The parameters of one request, taken one by one by the handler.
#[derive(Debug)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Reads `raw` (the query string, undecoded), refusing parameters not
    /// in `known`, repeated ones and over-long values.
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let mut values = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if !known.contains(&name.as_ref()) {
                let shown: String = name.chars().take(64).collect();
                return Err(ApiError::parameter(
                    &shown,
                    format!("unknown parameter; this path takes {}", known.join(", ")),
                ));
            }
            if value.len() > MAX_PARAM_BYTES {
                return Err(ApiError::parameter(
                    &name,
                    format!("longer than {MAX_PARAM_BYTES} bytes"),
                ));
            }
            if values.insert(name.to_string(), value.to_string()).is_some() {
                return Err(ApiError::parameter(&name, "given more than once"));
            }
        }
        Ok(Params { values })
    }

    /// A non-empty value.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        match self.values.remove(name) {
            Some(v) if v.trim().is_empty() => Err(ApiError::parameter(name, "is empty")),
            other => Ok(other),
        }
    }

    /// A value of at most `max` characters, each passing `allowed`.
    fn word(
        &mut self,
        name: &str,
        max: usize,
        what: &str,
        allowed: impl Fn(char) -> bool,
    ) -> Result<Option<String>, ApiError> {
        let Some(v) = self.text(name)? else {
            return Ok(None);
        };
        if v.chars().count() > max || !v.chars().all(allowed) {
            return Err(ApiError::parameter(name, format!("{what}, not {v:?}")));
        }
        Ok(Some(v))
    }

    /// A ticker symbol (`MP`, `LYC.AX`, `600111.SS`).
    pub fn ticker(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        self.word(
            name,
            24,
            "must be a ticker symbol (letters, digits, . - :, at most 24)",
            is_ticker_char,
        )
    }

    /// A pack id (`dysprosium`, `export_control`, `threatened`).
    pub fn id(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        self.word(
            name,
            64,
            "must be an id (lowercase letters, digits and _, at most 64)",
            |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_',
        )
    }

    /// An ISO country code (`CN`, `US`).
    pub fn country(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let code = self.word(name, 3, "must be an ISO country code", |c| {
            c.is_ascii_alphabetic()
        })?;
        match code {
            Some(c) if c.len() < 2 => Err(ApiError::parameter(
                name,
                format!("must be an ISO country code, not {c:?}"),
            )),
            other => Ok(other),
        }
    }

    /// An event's actor: a country code, a ticker or a material id.
    pub fn actor(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        self.word(
            name,
            64,
            "must be a country code, ticker or material id",
            |c| is_ticker_char(c) || c == '_',
        )
    }

    /// A day, `YYYY-MM-DD`.
    pub fn day(&mut self, name: &str) -> Result<Option<Date>, ApiError> {
        let Some(v) = self.text(name)? else {
            return Ok(None);
        };
        parse_day(&v).map(Some).ok_or_else(|| {
            ApiError::parameter(name, format!("must be a day YYYY-MM-DD, not {v:?}"))
        })
    }

    /// A whole number in `min..=max`.
    pub fn number(&mut self, name: &str, min: u64, max: u64) -> Result<Option<u64>, ApiError> {
        let Some(v) = self.text(name)? else {
            return Ok(None);
        };
        match v.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::parameter(
                name,
                format!("must be a whole number from {min} to {max}, not {v:?}"),
            )),
        }
    }

    /// A relevance, 0–100.
    pub fn relevance(&mut self, name: &str) -> Result<Option<u8>, ApiError> {
        Ok(self.number(name, 0, 100)?.map(|n| n as u8))
    }

    /// An id of the store (`storyline=12`).
    pub fn store_id(&mut self, name: &str) -> Result<Option<i64>, ApiError> {
        Ok(self.number(name, 1, i64::MAX as u64)?.map(|n| n as i64))
    }

    /// `true` or `false`.
    pub fn flag(&mut self, name: &str) -> Result<bool, ApiError> {
        match self.text(name)?.as_deref() {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(v) => Err(ApiError::parameter(
                name,
                format!("must be true or false, not {v:?}"),
            )),
        }
    }

    /// `limit`: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent.
    pub fn limit(&mut self) -> Result<usize, ApiError> {
        Ok(self
            .number("limit", 1, MAX_LIMIT as u64)?
            .map_or(DEFAULT_LIMIT, |n| n as usize))
    }

    /// `after`: a cursor as [`cursor_text`] writes it.
    pub fn cursor(&mut self, name: &str) -> Result<Option<BriefCursor>, ApiError> {
        let Some(v) = self.text(name)? else {
            return Ok(None);
        };
        parse_cursor(&v).map(Some).ok_or_else(|| {
            ApiError::parameter(name, "not a cursor this server gave (take `next` as it is)")
        })
    }
}

/// `value` (a path segment) as a ticker symbol, or the rejection naming
/// `name`: the same rule as a `ticker` query parameter.
pub fn ticker_in_path(name: &str, value: String) -> Result<String, ApiError> {
    let mut values = BTreeMap::new();
    values.insert(name.to_string(), value);
    Params { values }
        .ticker(name)?
        .ok_or_else(|| ApiError::parameter(name, "is empty"))
}

fn is_ticker_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')
}

/// A day of exactly `YYYY-MM-DD` (jiff would also read other forms).
pub fn parse_day(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// The cursor of a listing position: `DAY_ID`, or `none_ID` for a
/// document without a day. Opaque to clients; readable for people.
pub fn cursor_text(cursor: &BriefCursor) -> String {
    format!("{}_{}", cursor.day.as_deref().unwrap_or("none"), cursor.id)
}

fn parse_cursor(text: &str) -> Option<BriefCursor> {
    let (day, id) = text.split_once('_')?;
    let id: i64 = id.parse().ok().filter(|&id| id > 0)?;
    let day = match day {
        "none" => None,
        day => Some(parse_day(day)?.to_string()),
    };
    Some(BriefCursor { day, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_forgeries_are_refused() {
        for cursor in [
            BriefCursor {
                day: Some("2025-10-09".into()),
                id: 12,
            },
            BriefCursor { day: None, id: 3 },
        ] {
            assert_eq!(parse_cursor(&cursor_text(&cursor)), Some(cursor));
        }
        for bad in [
            "",
            "12",
            "2025-10-09_",
            "2025-13-09_4",
            "none_-1",
            "none_0",
            "x_1",
        ] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn unknown_repeated_and_bad_parameters_are_named() {
        let err = Params::parse(Some("tiker=MP"), &["ticker"]).unwrap_err();
        assert!(err.detail.starts_with("tiker:"), "{}", err.detail);
        let err = Params::parse(Some("limit=1&limit=2"), &["limit"]).unwrap_err();
        assert!(
            err.detail.starts_with("limit: given more"),
            "{}",
            err.detail
        );
        let mut p = Params::parse(Some("limit=5000&from=2025-1-1"), &["limit", "from"]).unwrap();
        assert!(p.limit().unwrap_err().detail.starts_with("limit:"));
        assert!(p.day("from").unwrap_err().detail.starts_with("from:"));
        let mut p = Params::parse(Some("ticker=MP%3BDROP"), &["ticker"]).unwrap();
        assert!(p.ticker("ticker").is_err());
        let mut p = Params::parse(None, &["limit"]).unwrap();
        assert_eq!(p.limit().unwrap(), DEFAULT_LIMIT);
    }
}
