//! Gold labels, as `shared/gold/README.md` defines them.

use serde::Deserialize;

/// A value the label accepts: one string or a list of acceptable strings.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn accepts(&self, value: &str) -> bool {
        match self {
            OneOrMany::One(v) => v == value,
            OneOrMany::Many(vs) => vs.iter().any(|v| v == value),
        }
    }

    pub fn first(&self) -> &str {
        match self {
            OneOrMany::One(v) => v,
            OneOrMany::Many(vs) => vs.first().map_or("", String::as_str),
        }
    }
}

impl std::fmt::Display for OneOrMany {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OneOrMany::One(v) => f.write_str(v),
            OneOrMany::Many(vs) => write!(f, "{}", vs.join("|")),
        }
    }
}

/// One labelled article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The article's file, relative to the gold root.
    pub doc: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub tickers: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub elements: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub price_moves: Vec<GoldMove>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldMove {
    pub ticker: String,
    pub direction: String,
    pub pct: Option<f64>,
    #[serde(default)]
    pub when: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: OneOrMany,
    pub actor: OneOrMany,
    #[serde(default)]
    pub target: Option<OneOrMany>,
    #[serde(default)]
    pub magnitude: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

/// A line that is not a valid label.
#[derive(Debug, thiserror::Error)]
#[error("gold line {line}: {message}")]
pub struct GoldError {
    pub line: usize,
    pub message: String,
}

/// Parses JSON Lines of gold labels; blank lines are skipped.
pub fn parse(contents: &str) -> Result<Vec<GoldDoc>, GoldError> {
    contents
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| GoldError {
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}
