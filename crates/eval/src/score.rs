//! Scoring predictions against gold labels, exactly as
//! `shared/gold/README.md` says: set F1 for tickers, elements and groups;
//! price moves matched on ticker, direction and percent within 0.5 points
//! (or both without a figure); events matched on an acceptable type and the
//! same actor (either side for deals and talks), optional gold events
//! counting neither as misses nor, when matched, as false positives.

use std::collections::BTreeSet;
use std::fmt;

use monazite_report::json::{BriefRecord, EventItem, PriceMoveItem};

use crate::gold::{GoldDoc, GoldEvent, GoldMove};

/// Percent tolerance for price moves, in points.
pub const PCT_TOLERANCE: f64 = 0.5;

/// The facets scored. `events_minerals` and `events_wire` split `events`
/// by type: the twelve types of the shared README, and the genres of the
/// wire added since (holdings, earnings, ratings' neighbours…); a match
/// counts where its gold type belongs, a false positive where its
/// predicted type does.
pub const FACETS: [&str; 8] = [
    "tickers",
    "price_moves",
    "events",
    "events_minerals",
    "events_wire",
    "elements",
    "groups",
    "countries",
];

/// The event types of `shared/gold/README.md`.
const MINERALS_TYPES: [&str; 12] = [
    "export_control",
    "tariff",
    "trade_agreement",
    "talks",
    "investment",
    "stockpile",
    "offtake",
    "critical_list",
    "licensing",
    "production",
    "analyst_rating",
    "commodity_price",
];

/// The `events_*` facet an event type counts in.
fn type_facet(kind: &str) -> &'static str {
    if MINERALS_TYPES.contains(&kind) {
        "events_minerals"
    } else {
        "events_wire"
    }
}

/// Counts of one facet, summed over articles.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            if self.tp + self.fp + self.fn_ == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A miss or false positive, with the text that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub doc: String,
    pub facet: &'static str,
    /// `miss` or `false positive`.
    pub kind: &'static str,
    pub what: String,
}

/// Accuracy of one attribute over matched events.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Attribute {
    pub right: usize,
    pub total: usize,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub docs: usize,
    pub facets: Vec<(&'static str, Counts)>,
    pub event_target: Attribute,
    pub event_magnitude: Attribute,
    pub event_status: Attribute,
    pub event_direction: Attribute,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn counts(&self, facet: &str) -> Option<Counts> {
        self.facets
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, c)| *c)
    }

    /// Records a miss or false positive.
    fn note(&mut self, doc: &str, facet: &'static str, kind: &'static str, what: String) {
        self.findings.push(Finding {
            doc: doc.into(),
            facet,
            kind,
            what,
        });
    }

    fn add(&mut self, facet: &'static str, c: Counts) {
        match self.facets.iter_mut().find(|(f, _)| *f == facet) {
            Some((_, total)) => {
                total.tp += c.tp;
                total.fp += c.fp;
                total.fn_ += c.fn_;
            }
            None => self.facets.push((facet, c)),
        }
    }
}

/// Scores `predicted` (one record per gold doc, same order) against `gold`.
pub fn score(gold: &[GoldDoc], predicted: &[BriefRecord]) -> Report {
    let mut report = Report {
        docs: gold.len(),
        ..Report::default()
    };
    for facet in FACETS {
        report.add(facet, Counts::default());
    }
    for (g, p) in gold.iter().zip(predicted) {
        let doc = g.doc.as_str();
        // Another listing of a labelled company counts as its ticker;
        // optional tickers count neither way.
        // A predicted company whose other listing is the labelled one is
        // that company.
        let tickers: BTreeSet<String> = p
            .tickers
            .iter()
            .map(|t| {
                std::iter::once(&t.ticker)
                    .chain(&t.alternatives)
                    .map(|x| g.canonical_ticker(x).to_string())
                    .find(|x| g.tickers.contains(x) || g.tickers_optional.contains(x))
                    .unwrap_or_else(|| g.canonical_ticker(&t.ticker).to_string())
            })
            .filter(|t| !g.tickers_optional.contains(t))
            .collect();
        score_set(&mut report, doc, "tickers", &g.tickers, &tickers);
        let elements: BTreeSet<String> = p.elements.iter().map(|e| e.id.clone()).collect();
        score_set(&mut report, doc, "elements", &g.elements, &elements);
        let groups: BTreeSet<String> = p.groups.iter().map(|e| e.id.clone()).collect();
        score_set(&mut report, doc, "groups", &g.groups, &groups);
        let countries: BTreeSet<String> = p
            .countries
            .iter()
            .filter(|c| c.party)
            .map(|c| c.code.clone())
            .collect();
        score_set(&mut report, doc, "countries", &g.countries, &countries);
        score_moves(&mut report, g, &p.price_moves);
        score_events(&mut report, g, &p.events);
    }
    report
}

fn score_set(
    report: &mut Report,
    doc: &str,
    facet: &'static str,
    gold: &[String],
    predicted: &BTreeSet<String>,
) {
    let gold: BTreeSet<&String> = gold.iter().collect();
    let mut c = Counts::default();
    for g in &gold {
        if predicted.contains(*g) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
            report.note(doc, facet, "miss", (*g).clone());
        }
    }
    for p in predicted {
        if !gold.contains(p) {
            c.fp += 1;
            report.note(doc, facet, "false positive", p.clone());
        }
    }
    report.add(facet, c);
}

fn move_matches(doc: &GoldDoc, g: &GoldMove, p: &PriceMoveItem) -> bool {
    g.ticker == doc.canonical_ticker(&p.ticker)
        && g.direction == p.direction
        && match (g.pct, p.pct) {
            (Some(a), Some(b)) => (a - b).abs() <= PCT_TOLERANCE,
            (None, None) => true,
            _ => false,
        }
}

fn describe_move(ticker: &str, direction: &str, pct: Option<f64>, when: Option<&str>) -> String {
    let pct = pct.map_or("no figure".into(), |p| format!("{p}%"));
    let when = when.map(|w| format!(" ({w})")).unwrap_or_default();
    format!("{ticker} {direction} {pct}{when}")
}

fn score_moves(report: &mut Report, label: &GoldDoc, predicted: &[PriceMoveItem]) {
    let (doc, gold) = (label.doc.as_str(), &label.price_moves);
    let mut used = vec![false; predicted.len()];
    let mut c = Counts::default();
    // Moves of an optional ticker count neither way, as the ticker does.
    let optional = |ticker: &str| label.tickers_optional.iter().any(|t| t == ticker);
    for g in gold {
        match (0..predicted.len()).find(|&i| !used[i] && move_matches(label, g, &predicted[i])) {
            Some(i) => {
                used[i] = true;
                if !optional(&g.ticker) {
                    c.tp += 1;
                }
            }
            None if optional(&g.ticker) => {}
            None => {
                c.fn_ += 1;
                let what = describe_move(&g.ticker, &g.direction, g.pct, g.when.as_deref());
                report.note(doc, "price_moves", "miss", what);
            }
        }
    }
    for (i, p) in predicted.iter().enumerate() {
        if !used[i] && !optional(label.canonical_ticker(&p.ticker)) {
            c.fp += 1;
            let what = describe_move(&p.ticker, &p.direction, p.pct, p.when.as_deref());
            report.note(doc, "price_moves", "false positive", what);
        }
    }
    report.add("price_moves", c);
}

fn is_symmetric(kind: &str) -> bool {
    matches!(kind, "trade_agreement" | "talks")
}

/// Whether a predicted event matches a gold one: an acceptable type and the
/// same actor (either side for deals and talks).
fn event_matches(g: &GoldEvent, p: &EventItem) -> bool {
    if !g.kind.accepts(&p.kind) {
        return false;
    }
    g.actor.accepts(&p.actor)
        || (is_symmetric(&p.kind) && g.target.as_ref().is_some_and(|t| t.accepts(&p.actor)))
}

fn target_right(g: &GoldEvent, p: &EventItem) -> bool {
    let Some(gold_target) = &g.target else {
        return true;
    };
    match &p.target {
        Some(t) => gold_target.accepts(t) || (is_symmetric(&p.kind) && g.actor.accepts(t)),
        None => false,
    }
}

/// Magnitudes agree when they state the same numbers ("five additional rare
/// earth elements" ~ "five more"; "$10 billion" ~ "up to $10 billion").
fn magnitude_right(gold: &str, predicted: Option<&str>) -> bool {
    let Some(predicted) = predicted else {
        return false;
    };
    let numbers = |s: &str| -> BTreeSet<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .filter(|w| {
                w.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || NUMBER_WORDS.contains(&w.to_ascii_lowercase().as_str())
            })
            .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
            .collect()
    };
    let (a, b) = (numbers(gold), numbers(predicted));
    if a.is_empty() {
        predicted
            .to_ascii_lowercase()
            .contains(&gold.to_ascii_lowercase())
    } else {
        a == b
    }
}

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens",
    "dozen",
];

fn describe_event(
    kind: &str,
    actor: &str,
    target: Option<&str>,
    magnitude: Option<&str>,
    status: Option<&str>,
) -> String {
    let target = target.map(|t| format!(" → {t}")).unwrap_or_default();
    let magnitude = magnitude.map(|m| format!(", {m}")).unwrap_or_default();
    let status = status.map(|s| format!(" [{s}]")).unwrap_or_default();
    format!("{kind} {actor}{target}{magnitude}{status}")
}

fn score_events(report: &mut Report, label: &GoldDoc, predicted: &[EventItem]) {
    let (doc, gold) = (label.doc.as_str(), &label.events);
    // A company may act under another of its listings.
    let predicted: Vec<EventItem> = predicted
        .iter()
        .map(|p| EventItem {
            actor: label.canonical_ticker(&p.actor).to_string(),
            target: p
                .target
                .as_deref()
                .map(|t| label.canonical_ticker(t).to_string()),
            ..p.clone()
        })
        .collect();
    let predicted = predicted.as_slice();
    let mut used = vec![false; predicted.len()];
    let mut matched: Vec<Option<usize>> = vec![None; gold.len()];
    // Required events before optional ones; in each, a first pass that
    // also asks for the right target, so that two deals of one actor
    // (US-China, US-Malaysia) each find their own.
    let required: Vec<usize> = (0..gold.len())
        .filter(|&g| !is_optional(&gold[g]))
        .collect();
    let optional: Vec<usize> = (0..gold.len()).filter(|&g| is_optional(&gold[g])).collect();
    for group in [&required, &optional] {
        for strict in [true, false] {
            for &g in group.iter() {
                if matched[g].is_some() {
                    continue;
                }
                let found = (0..predicted.len()).find(|&i| {
                    !used[i]
                        && event_matches(&gold[g], &predicted[i])
                        && (!strict
                            || (gold[g].target.is_some() && target_right(&gold[g], &predicted[i])))
                });
                if let Some(i) = found {
                    used[i] = true;
                    matched[g] = Some(i);
                }
            }
        }
    }
    let mut c = Counts::default();
    let mut by_type = [
        ("events_minerals", Counts::default()),
        ("events_wire", Counts::default()),
    ];
    let mut count_in = |kind: &str, add: fn(&mut Counts)| {
        let facet = type_facet(kind);
        if let Some((_, counts)) = by_type.iter_mut().find(|(f, _)| *f == facet) {
            add(counts);
        }
    };
    for (g, found) in gold.iter().zip(&matched) {
        match *found {
            Some(i) => {
                let p = &predicted[i];
                if !is_optional(g) {
                    c.tp += 1;
                    count_in(g.kind.first(), |c| c.tp += 1);
                }
                if g.target.is_some() {
                    report.event_target.total += 1;
                    report.event_target.right += usize::from(target_right(g, p));
                }
                if let Some(m) = &g.magnitude {
                    report.event_magnitude.total += 1;
                    report.event_magnitude.right +=
                        usize::from(magnitude_right(m, p.magnitude.as_deref()));
                }
                if let Some(s) = &g.status {
                    report.event_status.total += 1;
                    let right = s.accepts(&p.status);
                    report.event_status.right += usize::from(right);
                    if !right {
                        let what = format!(
                            "{} {}: {} where the label says {s}",
                            p.kind, p.actor, p.status
                        );
                        report.note(doc, "status", "wrong", what);
                    }
                }
                if let Some(d) = &g.direction {
                    report.event_direction.total += 1;
                    report.event_direction.right +=
                        usize::from(p.direction.as_deref() == Some(d.as_str()));
                }
            }
            None if is_optional(g) => {}
            None => {
                c.fn_ += 1;
                count_in(g.kind.first(), |c| c.fn_ += 1);
                let target = g.target.as_ref().map(|t| t.to_string());
                let status = g.status.as_ref().map(|s| s.to_string());
                let what = describe_event(
                    &g.kind.to_string(),
                    &g.actor.to_string(),
                    target.as_deref(),
                    g.magnitude.as_deref(),
                    status.as_deref(),
                );
                report.note(doc, "events", "miss", what);
            }
        }
    }
    for (i, p) in predicted.iter().enumerate() {
        // An event the system itself tells as background claims no news:
        // unmatched, it is no false positive (as an optional gold event is
        // no miss).
        if !used[i] && !p.background {
            c.fp += 1;
            count_in(&p.kind, |c| c.fp += 1);
            let what = describe_event(
                &p.kind,
                &p.actor,
                p.target.as_deref(),
                p.magnitude.as_deref(),
                Some(&p.status),
            );
            report.note(doc, "events", "false positive", what);
        }
    }
    report.add("events", c);
    for (facet, counts) in by_type {
        report.add(facet, counts);
    }
}

/// Optional gold events, and background ones, count neither as misses nor,
/// when matched, as false positives.
fn is_optional(g: &GoldEvent) -> bool {
    g.optional || g.background
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} documents\n", self.docs)?;
        writeln!(
            f,
            "{:<16} {:>9} {:>9} {:>9} {:>5} {:>5} {:>5}",
            "facet", "precision", "recall", "F1", "tp", "fp", "fn"
        )?;
        for (facet, c) in &self.facets {
            writeln!(
                f,
                "{facet:<16} {:>9.3} {:>9.3} {:>9.3} {:>5} {:>5} {:>5}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )?;
        }
        let attr = |a: Attribute| {
            if a.total == 0 {
                "n/a".to_string()
            } else {
                format!(
                    "{:.3} ({}/{})",
                    a.right as f64 / a.total as f64,
                    a.right,
                    a.total
                )
            }
        };
        writeln!(
            f,
            "\nmatched events: target {}, magnitude {}, status {}, direction {}",
            attr(self.event_target),
            attr(self.event_magnitude),
            attr(self.event_status),
            attr(self.event_direction)
        )?;
        if !self.findings.is_empty() {
            writeln!(f, "\nmisses and false positives:")?;
            for finding in &self.findings {
                writeln!(
                    f,
                    "  {}  {:<11} {:<14} {}",
                    finding.doc, finding.facet, finding.kind, finding.what
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::parse;

    fn record(json: &str) -> BriefRecord {
        let mut value: serde_json::Value = serde_json::from_str(
            r#"{"schema":"1.0","engine":"t","pack":"t","path":"a.txt","published":null,"title":null,
            "tickers":[],"elements":[],"groups":[],"countries":[],"organizations":[],"people":[],"indices":[],
            "price_moves":[],"events":[],"quantities":[],"key_numbers":[],
            "sentiment":{"article":0.0,"positive":0,"neutral":0,"negative":0,"entities":{},"sentences":[]},
            "tension":{"score":0.0,"escalation":0.0,"de_escalation":0.0,"events":[]},
            "categories":[],"summary":[],"impact":0.0,"ticker_impacts":[],"diagnostics":[]}"#,
        )
        .unwrap();
        let patch: serde_json::Value = serde_json::from_str(json).unwrap();
        for (k, v) in patch.as_object().unwrap() {
            value[k] = v.clone();
        }
        serde_json::from_value(value).unwrap()
    }

    fn event(kind: &str, actor: &str, target: Option<&str>) -> serde_json::Value {
        serde_json::json!({"type": kind, "actor": actor, "target": target, "magnitude": null, "status": "announced",
            "date": null, "materials": [], "direction": null, "confidence": 0.8, "span": [0, 1], "trigger": [0, 1],
            "actor_span": null, "status_span": null})
    }

    /// Gold labels are JSON Lines: the tests write them over several lines.
    fn one(gold: &str, predicted: BriefRecord) -> Report {
        score(&parse(&gold.replace('\n', " ")).unwrap(), &[predicted])
    }

    #[test]
    fn moves_match_within_half_a_point_or_both_without_figure() {
        let gold = r#"{"doc":"a.txt","price_moves":[{"ticker":"MP","direction":"up","pct":20.0},{"ticker":"USAR","direction":"up","pct":null}]}"#;
        let moves = r#"{"price_moves":[
            {"ticker":"MP","direction":"up","pct":20.4,"price":null,"when":null,"date":null,"span":[0,1]},
            {"ticker":"USAR","direction":"up","pct":5.0,"price":null,"when":null,"date":null,"span":[0,1]}]}"#;
        let c = one(gold, record(moves)).counts("price_moves").unwrap();
        assert_eq!(
            (c.tp, c.fp, c.fn_),
            (1, 1, 1),
            "an invented figure is not a match for none"
        );
    }

    #[test]
    fn deals_match_either_side_and_optional_events_count_neither_way() {
        let gold = r#"{"doc":"a.txt","events":[
            {"type":"trade_agreement","actor":"US","target":"CN","status":"effective"},
            {"type":"talks","actor":"US","target":"CN","status":"reported","optional":true}]}"#;
        let predicted = serde_json::json!({"events": [event("trade_agreement", "CN", Some("US")), event("talks", "US", None)]});
        let report = one(gold, record(&predicted.to_string()));
        let c = report.counts("events").unwrap();
        assert_eq!((c.tp, c.fp, c.fn_), (1, 0, 0));
        assert_eq!(report.event_target, Attribute { right: 1, total: 2 });
    }

    #[test]
    fn two_deals_of_one_actor_each_find_their_target() {
        let gold = r#"{"doc":"a.txt","events":[
            {"type":["investment","trade_agreement"],"actor":"US","target":"UZ","status":"announced"},
            {"type":"trade_agreement","actor":"US","target":"CN","status":"effective"}]}"#;
        let predicted = serde_json::json!({"events": [event("trade_agreement", "US", Some("CN")), event("trade_agreement", "US", Some("UZ"))]});
        let report = one(gold, record(&predicted.to_string()));
        assert_eq!(report.counts("events").unwrap().tp, 2);
        assert_eq!(report.event_target, Attribute { right: 2, total: 2 });
    }

    #[test]
    fn sets_score_misses_and_false_positives() {
        let gold = r#"{"doc":"a.txt","tickers":["MP","LYC"],"elements":["neodymium"]}"#;
        let predicted = r#"{"tickers":[{"ticker":"MP","exchange":"NYSE","name":null,"confidence":0.9,"evidence":[],"spans":[]},
            {"ticker":"JPM","exchange":"NYSE","name":null,"confidence":0.9,"evidence":[],"spans":[]}]}"#;
        let report = one(gold, record(predicted));
        let c = report.counts("tickers").unwrap();
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
        assert!((c.f1() - 0.5).abs() < 1e-9);
        assert_eq!(report.counts("elements").unwrap().fn_, 1);
        assert_eq!(
            report
                .findings
                .iter()
                .filter(|f| f.facet == "tickers")
                .count(),
            2
        );
    }

    #[test]
    fn magnitudes_compare_their_numbers() {
        assert!(magnitude_right("$10 billion", Some("up to $10 billion")));
        assert!(magnitude_right(
            "five additional rare earth elements",
            Some("five additional rare earth elements")
        ));
        assert!(!magnitude_right("100%", Some("10%")));
        assert!(!magnitude_right("100%", None));
    }
}
