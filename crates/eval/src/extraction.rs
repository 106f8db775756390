//! Scoring main-content extraction the way the article-extraction
//! benchmark does (`shared/data/article-extraction-benchmark/SOURCE.md`):
//!
//! - tokens are runs of word characters (`\w+`: Unicode letters, digits,
//!   `_`);
//! - a text is the multiset of its 4-token shingles (a text of one to
//!   three tokens is one shingle, so that a short prediction still counts
//!   as a prediction);
//! - per page, tp = shingles shared (with multiplicity), fp = extra
//!   predicted ones, fn = missed ones; precision = tp/(tp+fp), recall =
//!   tp/(tp+fn), both 1.0 when fp = fn = 0;
//! - precision and recall are means over the pages where they are defined
//!   (a page with no predicted shingles has no precision, one with no true
//!   shingles no recall), F1 is the harmonic mean of the two means;
//! - accuracy is the share of pages whose token sequences are equal.
//!
//! [`score`] is pure; [`run_benchmark`] reads the benchmark folder and runs
//! [`monazite_html::extract`] on every page.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use monazite_types::error_code::{Code, ErrorCode};

/// Shingle length.
pub const SHINGLE: usize = 4;

/// The benchmark's aggregate numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractionScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub pages: usize,
}

/// One page's numbers; `None` where the page cannot define them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub exact: bool,
}

impl PageScore {
    /// The page's own F1 (0 where either side is undefined or zero), to
    /// rank pages from worst to best.
    pub fn f1(&self) -> f64 {
        match (self.precision, self.recall) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            _ => 0.0,
        }
    }
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles<'a>(toks: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < SHINGLE {
        m.insert(toks, 1);
        return m;
    }
    for w in toks.windows(SHINGLE) {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// Scores one page.
pub fn score_page(truth: &str, predicted: Option<&str>) -> PageScore {
    let t_toks = tokens(truth);
    let p_toks = tokens(predicted.unwrap_or(""));
    let t = shingles(&t_toks);
    let p = shingles(&p_toks);
    let t_total: usize = t.values().sum();
    let p_total: usize = p.values().sum();
    let tp: usize = p
        .iter()
        .map(|(k, &n)| n.min(t.get(k).copied().unwrap_or(0)))
        .sum();
    let fp = p_total - tp;
    let fn_ = t_total - tp;
    let (precision, recall) = if fp == 0 && fn_ == 0 {
        (Some(1.0), Some(1.0))
    } else {
        (
            (p_total > 0).then(|| tp as f64 / p_total as f64),
            (t_total > 0).then(|| tp as f64 / t_total as f64),
        )
    };
    PageScore {
        precision,
        recall,
        exact: t_toks == p_toks,
    }
}

/// Aggregates per-page scores as the benchmark does.
pub fn aggregate(pages: &[PageScore]) -> ExtractionScore {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(|p| p.precision).collect());
    let recall = mean(pages.iter().filter_map(|p| p.recall).collect());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let exact = pages.iter().filter(|p| p.exact).count();
    ExtractionScore {
        precision,
        recall,
        f1,
        accuracy: if pages.is_empty() {
            0.0
        } else {
            exact as f64 / pages.len() as f64
        },
        pages: pages.len(),
    }
}

/// Scores (truth, prediction) pairs; `None` is a page with no prediction.
pub fn score(pages: &[(&str, Option<&str>)]) -> ExtractionScore {
    let per: Vec<PageScore> = pages.iter().map(|(t, p)| score_page(t, *p)).collect();
    aggregate(&per)
}

/// One benchmark page's outcome.
#[derive(Debug, Clone)]
pub struct PageReport {
    pub id: String,
    pub url: String,
    pub html_bytes: usize,
    pub score: PageScore,
    /// The extractor's error, when it returned none.
    pub error: Option<String>,
}

/// The whole run: aggregate score, per-page scores (in id order) and the
/// time spent in `extract` alone.
#[derive(Debug, Clone)]
pub struct ExtractionReport {
    pub score: ExtractionScore,
    pub pages: Vec<PageReport>,
    pub html_bytes: usize,
    pub extract_seconds: f64,
}

impl ExtractionReport {
    /// Pages from worst to best by their own F1.
    pub fn worst(&self, n: usize) -> Vec<&PageReport> {
        let mut v: Vec<&PageReport> = self.pages.iter().collect();
        v.sort_by(|a, b| a.score.f1().total_cmp(&b.score.f1()));
        v.truncate(n);
        v
    }
}

/// Why the extraction benchmark could not be run. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot decompress {}", path.display())]
    Decompress {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not valid JSON", path.display())]
    GroundTruth {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl ErrorCode for BenchmarkError {
    fn code(&self) -> Code {
        match self {
            BenchmarkError::Read { .. } | BenchmarkError::Decompress { .. } => {
                Code::EvalBenchmarkUnreadable
            }
            BenchmarkError::GroundTruth { .. } => Code::EvalBenchmarkInvalid,
        }
    }
}

/// Reads `dir/ground-truth.json` and `dir/html/<id>.html.gz`, extracts
/// every page and scores it.
pub fn run_benchmark(dir: &Path) -> Result<ExtractionReport, BenchmarkError> {
    let gt_path = dir.join("ground-truth.json");
    let gt_src = std::fs::read_to_string(&gt_path).map_err(|source| BenchmarkError::Read {
        path: gt_path.clone(),
        source,
    })?;
    let gt: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&gt_src).map_err(|source| BenchmarkError::GroundTruth {
            path: gt_path.clone(),
            source,
        })?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut pages = Vec::with_capacity(ids.len());
    let mut html_bytes = 0;
    let mut extract_seconds = 0.0;
    for id in ids {
        let entry = &gt[id];
        let truth = entry
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let url = entry
            .get("url")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let html = read_gz(&path)?;
        html_bytes += html.len();
        let start = std::time::Instant::now();
        let result = monazite_html::extract(&html);
        extract_seconds += start.elapsed().as_secs_f64();
        let (predicted, error) = match result {
            Ok(e) => (Some(e.text), None),
            Err(e) => (None, Some(e.to_string())),
        };
        pages.push(PageReport {
            id: id.clone(),
            url,
            html_bytes: html.len(),
            score: score_page(truth, predicted.as_deref()),
            error,
        });
    }
    let per: Vec<PageScore> = pages.iter().map(|p| p.score).collect();
    Ok(ExtractionReport {
        score: aggregate(&per),
        pages,
        html_bytes,
        extract_seconds,
    })
}

/// A gzip file as text (invalid UTF-8 replaced, as a browser would show it).
pub fn read_gz(path: &Path) -> Result<String, BenchmarkError> {
    let file = std::fs::File::open(path).map_err(|source| BenchmarkError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| BenchmarkError::Decompress {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(
            tokens("Hi, there—it's 4_2 naïve"),
            vec!["Hi", "there", "it", "s", "4_2", "naïve"]
        );
    }

    #[test]
    fn identical_text_scores_one() {
        let s = score(&[("a b c d e", Some("A? no: a b c d e"))]);
        // truth shingles: abcd, bcde; predicted: "A no a b", "no a b c",
        // abcd, bcde → tp 2, fp 2, fn 0.
        assert!(close(s.precision, 0.5));
        assert!(close(s.recall, 1.0));
        assert!(close(s.f1, 2.0 * 0.5 / 1.5));
        assert!(close(s.accuracy, 0.0));
        let s = score(&[("a b c d e", Some("a, b, c, d, e."))]);
        assert!(close(s.f1, 1.0));
        assert!(close(s.accuracy, 1.0));
    }

    #[test]
    fn multiplicity_counts() {
        // truth: "x y z w" twice → shingles {xyzw:2, yzwx:1, zwxy:1, wxyz:1};
        // predicted once: {xyzw:1} → tp 1, fp 0, fn 4.
        let p = score_page("x y z w x y z w", Some("x y z w"));
        assert_eq!(p.precision, Some(1.0));
        assert_eq!(p.recall, Some(0.2));
    }

    #[test]
    fn missing_prediction_leaves_precision_out() {
        // Page 1 perfect; page 2 no prediction: precision is the mean over
        // page 1 only, recall over both.
        let s = score(&[("a b c d", Some("a b c d")), ("e f g h i", None)]);
        assert!(close(s.precision, 1.0));
        assert!(close(s.recall, 0.5));
        assert!(close(s.f1, 2.0 * 0.5 / 1.5));
        assert!(close(s.accuracy, 0.5));
        assert_eq!(s.pages, 2);
    }

    #[test]
    fn means_over_pages_not_pooled_counts() {
        // Page 1: 1 true shingle, predicted exactly → p=r=1.
        // Page 2: 3 true shingles (a..f), predicted the first 3 tokens + 1
        // extra word: "a b c d z" → {abcd, bcdz}: tp 1, fp 1, fn 2.
        let s = score(&[
            ("q r s t", Some("q r s t")),
            ("a b c d e f", Some("a b c d z")),
        ]);
        assert!(close(s.precision, (1.0 + 0.5) / 2.0));
        assert!(close(s.recall, (1.0 + 1.0 / 3.0) / 2.0));
        let (p, r) = (0.75, 2.0 / 3.0);
        assert!(close(s.f1, 2.0 * p * r / (p + r)));
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let p = score_page("a b", Some("a b"));
        assert_eq!((p.precision, p.recall), (Some(1.0), Some(1.0)));
        let p = score_page("a b c d", Some("a b"));
        assert_eq!((p.precision, p.recall), (Some(0.0), Some(0.0)));
    }
}
