//! Gold labels, as `shared/gold/README.md` defines them.

use monazite_types::error_code::{Code, ErrorCode};
use serde::Deserialize;

/// A value the label accepts: one string or a list of acceptable strings.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// Whether `value` is one of the accepted values. Names compare as
    /// [`same_party`] says: codes exactly, names of organisations and
    /// people without case, punctuation or legal suffixes.
    pub fn accepts(&self, value: &str) -> bool {
        match self {
            OneOrMany::One(v) => same_party(v, value),
            OneOrMany::Many(vs) => vs.iter().any(|v| same_party(v, value)),
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

/// Whether two parties are the same: equal codes (`US`, `MP`,
/// `neodymium`), or names equal once case, punctuation and legal suffixes
/// are set aside ("Acme Advisors LLC" and "Acme Advisors", "Bramwell & Co."
/// and "Bramwell & Co"). The shared README scores codes; names of unlisted
/// brokers, funds and people are written in several ways by several
/// outlets, and a label cannot list them all.
pub fn same_party(gold: &str, predicted: &str) -> bool {
    gold == predicted || {
        let (a, b) = (name_key(gold), name_key(predicted));
        // "Wedbush" and "Wedbush Securities": one name is the other's
        // start, when the first word says much ("Wedbush", not "First").
        let (short, long) = if a.len() <= b.len() {
            (&a, &b)
        } else {
            (&b, &a)
        };
        !a.is_empty()
            && (a == b
                || (long.starts_with(short)
                    && short[0].len() >= 4
                    && !is_code(gold)
                    && !is_code(predicted)))
    }
}

/// A code, not a name: a ticker or ISO code in capitals and digits.
fn is_code(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

/// A name's words in lower case, without punctuation, a leading "the" or
/// trailing legal suffixes.
fn name_key(name: &str) -> Vec<String> {
    const SUFFIXES: &[&str] = &[
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "lp",
        "llp",
        "plc",
        "sa",
        "ag",
        "nv",
        "se",
        "na",
    ];
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.first().is_some_and(|w| w == "the") {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    words
}

/// One labelled article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The article's file, relative to the gold root.
    pub doc: String,
    /// The corpus part (`dev`, `test`) for labelled corpora that keep one
    /// apart from rule tuning; absent in the seeds.
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub tickers: Vec<String>,
    /// Tickers a good system may or may not give: scored neither way.
    #[serde(default)]
    pub tickers_optional: Vec<String>,
    /// The companies with their names as written and other listings.
    #[serde(default)]
    pub companies: Vec<GoldCompany>,
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

/// A company as labelled: the ticker it is scored under and the other
/// listings (a home listing beside a US one, H beside A shares) a system
/// may give instead.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldCompany {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub ticker: Option<String>,
    #[serde(default)]
    pub alternatives: Vec<String>,
}

impl GoldDoc {
    /// The gold ticker a predicted one stands for: itself, or the ticker of
    /// the company it is another listing of.
    pub fn canonical_ticker<'a>(&'a self, predicted: &'a str) -> &'a str {
        self.companies
            .iter()
            .find(|c| c.alternatives.iter().any(|a| a == predicted))
            .and_then(|c| c.ticker.as_deref())
            .unwrap_or(predicted)
    }
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
    /// One status, or a list of the acceptable ones.
    #[serde(default)]
    pub status: Option<OneOrMany>,
    /// `up` or `down` for types that have one (ratings, holdings, prices).
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub optional: bool,
    /// An earlier event told as context (always optional too).
    #[serde(default)]
    pub background: bool,
}

/// A line that is not a valid label.
#[derive(Debug, thiserror::Error)]
#[error("gold line {line}: {message}")]
pub struct GoldError {
    pub line: usize,
    pub message: String,
}

impl ErrorCode for GoldError {
    fn code(&self) -> Code {
        Code::EvalGoldInvalid
    }
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
