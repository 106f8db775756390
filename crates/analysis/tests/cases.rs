//! Data-driven golden cases: one runner for every `tests/cases/*.toml`.
//!
//! Each file is a list of `[[case]]` tables. A case is a short text written
//! for this project, an optional publication date, and expectations about
//! what a careful analyst finds in it. Adding a case needs no Rust: add a
//! table to a file. Every expectation is optional, but a case must check
//! something.
//!
//! ```toml
//! [[case]]
//! name = "snake_case_name"          # unique across all files
//! text = "The text to analyse."
//! published = "2025-10-10"          # optional: Article::published
//! ```
//!
//! Mentions (sets are compared exactly; leave a field out to not check it):
//!
//! - `tickers = ["MP"]`: the set of tickers named (companies the pack knows,
//!   and unknown listings from exchange tags);
//! - `not_tickers = ["MP"]`: tickers that must not be named;
//! - `elements = ["neodymium"]`: the set of material ids named, each blend
//!   expanded through `Material::stands_for` (NdPr → neodymium,
//!   praseodymium), as the gold labels count them;
//! - `groups = ["rare_earths"]`: the set of material groups named;
//! - `countries = ["CN"]`: the set of countries named (names, demonyms,
//!   metonyms), by ISO code;
//! - `indices = ["S&P 500"]`: the set of stock indices named, by pack name;
//! - `spans = [["MP Materials", "MP"]]`: a mention whose text is exactly the
//!   first string and whose entity code is the second: the ticker for a
//!   company or listing, the id for a material or group, the ISO code for a
//!   country, the country or ticker an organisation or person acts for, the
//!   pack name for an index.
//!
//! Quantities, each `[[case.quantity]]` matching a distinct quantity found:
//!
//! - `kind = "percent" | "money" | "price" | "count" | "duration" | "date"`;
//! - `value`: the number (money and prices scaled: `1e10` for "$10 billion";
//!   days for durations); left out for dates;
//! - `date = "YYYY-MM-DD"`: for dates, the resolved calendar date;
//! - `text`: the exact span text;
//! - `qualifier`: optional ("up to", "more than");
//! - `quantities_exact = true` on the case: no other quantities are found.
//!
//! Stock moves, each `[[case.move]]` matching a distinct claimed move:
//!
//! - `ticker`, `direction = "up" | "down"`;
//! - `pct`: the claimed percent; leaving it out means the text gives none
//!   (`None`), it is always checked;
//! - `price`, `when`, `date`, `scope`: checked only when given (`when` is
//!   the time reference as written, `date` the session it resolves to,
//!   `scope` what the claim measures: `session`, `intraday`, `peak`,
//!   `premarket`, `after_hours`, `year_to_date`, `week`);
//! - `moves_exact = true` on the case: no other moves are found (with no
//!   `[[case.move]]`, the text claims no move at all).
//!
//! Events, each `[[case.event]]` matching a distinct event found:
//!
//! - `type`, `actor` (ISO code, ticker or material id, per
//!   `shared/gold/README.md`), always checked; like `target`, each may be a
//!   list of acceptable values (`actor = ["US", "CN"]` for a truce, which
//!   binds both sides);
//! - `target`, `status`, `magnitude` (exact span text), `direction`:
//!   checked only when given; `no_target = true` asks for no target;
//! - `events_exact = true` on the case: no other events are found (with no
//!   `[[case.event]]`, the text reports no event at all).
//!
//! Files: `mentions.toml`, `quantities.toml`, `moves.toml` and `events.toml`
//! each have a test below, and a failing case fails it after every case of
//! the file has run, with all failures listed. Any other `*.toml` in the
//! folder is run by `other_files`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use monazite_analysis::{analyze, Analysis, Article, Direction, Entity, Quantity, QuantityKind};
use monazite_pack::Pack;
use serde::Deserialize;

const KNOWN_FILES: [&str; 4] = [
    "mentions.toml",
    "quantities.toml",
    "moves.toml",
    "events.toml",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    published: Option<String>,

    tickers: Option<Vec<String>>,
    #[serde(default)]
    not_tickers: Vec<String>,
    elements: Option<Vec<String>>,
    groups: Option<Vec<String>>,
    countries: Option<Vec<String>>,
    indices: Option<Vec<String>>,
    #[serde(default)]
    spans: Vec<(String, String)>,

    #[serde(default, rename = "quantity")]
    quantities: Vec<ExpectedQuantity>,
    #[serde(default)]
    quantities_exact: bool,

    #[serde(default, rename = "move")]
    moves: Vec<ExpectedMove>,
    #[serde(default)]
    moves_exact: bool,

    #[serde(default, rename = "event")]
    events: Vec<ExpectedEvent>,
    #[serde(default)]
    events_exact: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedQuantity {
    kind: String,
    value: Option<f64>,
    date: Option<String>,
    text: Option<String>,
    qualifier: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedMove {
    ticker: String,
    direction: String,
    pct: Option<f64>,
    price: Option<f64>,
    when: Option<String>,
    date: Option<String>,
    scope: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedEvent {
    #[serde(rename = "type")]
    kind: OneOrMany,
    actor: OneOrMany,
    target: Option<OneOrMany>,
    #[serde(default)]
    no_target: bool,
    status: Option<String>,
    magnitude: Option<String>,
    direction: Option<String>,
}

/// One acceptable value, or a list of them (`actor = ["US", "CN"]` for a
/// deal that binds both sides), as the gold labels allow.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn accepts(&self, value: &str) -> bool {
        match self {
            OneOrMany::One(v) => v == value,
            OneOrMany::Many(vs) => vs.iter().any(|v| v == value),
        }
    }
}

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| Pack::embedded().expect("the embedded pack compiles"))
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn load(file: &str) -> Vec<Case> {
    let path = cases_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let parsed: CaseFile =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for case in &parsed.cases {
        if let Err(problem) = validate(case) {
            panic!("{file}: case `{}`: {problem}", case.name);
        }
    }
    let mut names = BTreeSet::new();
    for case in &parsed.cases {
        assert!(
            names.insert(case.name.as_str()),
            "{file}: case name `{}` appears twice",
            case.name
        );
    }
    parsed.cases
}

/// Checks a case's shape, so that a typo fails loudly instead of checking nothing.
fn validate(case: &Case) -> Result<(), String> {
    let snake = !case.name.is_empty()
        && case
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && case.name.as_bytes()[0].is_ascii_lowercase();
    if !snake {
        return Err("name must be snake_case".into());
    }
    if case.text.trim().is_empty() {
        return Err("text is empty".into());
    }
    if let Some(p) = &case.published {
        parse_date(p)?;
    }
    let checks_something = case.tickers.is_some()
        || !case.not_tickers.is_empty()
        || case.elements.is_some()
        || case.groups.is_some()
        || case.countries.is_some()
        || case.indices.is_some()
        || !case.spans.is_empty()
        || !case.quantities.is_empty()
        || case.quantities_exact
        || !case.moves.is_empty()
        || case.moves_exact
        || !case.events.is_empty()
        || case.events_exact;
    if !checks_something {
        return Err("the case checks nothing".into());
    }
    for q in &case.quantities {
        if kind_name_ok(&q.kind).is_none() {
            return Err(format!("unknown quantity kind `{}`", q.kind));
        }
        if let Some(d) = &q.date {
            parse_date(d)?;
        }
        if q.value.is_none() && q.date.is_none() && q.text.is_none() {
            return Err(format!("a `{}` quantity needs value, date or text", q.kind));
        }
    }
    for m in &case.moves {
        parse_direction(&m.direction)?;
        if let Some(d) = &m.date {
            parse_date(d)?;
        }
    }
    for e in &case.events {
        if let Some(d) = &e.direction {
            parse_direction(d)?;
        }
        if e.no_target && e.target.is_some() {
            return Err("an event cannot have both `target` and `no_target`".into());
        }
    }
    Ok(())
}

fn kind_name_ok(kind: &str) -> Option<()> {
    matches!(
        kind,
        "percent" | "money" | "price" | "count" | "duration" | "date"
    )
    .then_some(())
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|e| format!("`{s}` is not a date YYYY-MM-DD: {e}"))
}

fn parse_direction(s: &str) -> Result<Direction, String> {
    match s {
        "up" => Ok(Direction::Up),
        "down" => Ok(Direction::Down),
        _ => Err(format!("direction must be `up` or `down`, not `{s}`")),
    }
}

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up",
        Direction::Down => "down",
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn run(case: &Case) -> Analysis {
    let mut article = Article::new(&case.text);
    if let Some(p) = &case.published {
        article = article.published(parse_date(p).expect("validated"));
    }
    analyze(pack(), &article)
}

/// The code of a mention's entity, as `spans` names it.
fn entity_code(entity: &Entity) -> String {
    match entity {
        Entity::Company { ticker, .. } | Entity::UnknownListing { ticker, .. } => ticker.clone(),
        Entity::Material { id } | Entity::Group { id } => id.clone(),
        Entity::Country { code } => code.clone(),
        Entity::Organization { name, country, .. } => {
            country.clone().unwrap_or_else(|| name.clone())
        }
        Entity::Person {
            name, speaks_for, ..
        } => speaks_for.clone().unwrap_or_else(|| name.clone()),
        Entity::Index { name } => name.clone(),
    }
}

#[derive(Default)]
struct Sets {
    tickers: BTreeSet<String>,
    elements: BTreeSet<String>,
    groups: BTreeSet<String>,
    countries: BTreeSet<String>,
    indices: BTreeSet<String>,
}

fn sets(analysis: &Analysis) -> Sets {
    let mut sets = Sets::default();
    for m in &analysis.brief.mentions {
        match &m.entity {
            Entity::Company { ticker, .. } | Entity::UnknownListing { ticker, .. } => {
                sets.tickers.insert(ticker.clone());
            }
            Entity::Material { id } => match pack().material_by_id(id) {
                Some(material) => sets.elements.extend(material.stands_for.iter().cloned()),
                None => {
                    sets.elements.insert(id.clone());
                }
            },
            Entity::Group { id } => {
                sets.groups.insert(id.clone());
            }
            Entity::Country { code } => {
                sets.countries.insert(code.clone());
            }
            Entity::Index { name } => {
                sets.indices.insert(name.clone());
            }
            Entity::Organization { .. } | Entity::Person { .. } => {}
        }
    }
    sets
}

fn quantity_kind(q: &QuantityKind) -> &'static str {
    match q {
        QuantityKind::Percent { .. } => "percent",
        QuantityKind::Money { .. } => "money",
        QuantityKind::Price { .. } => "price",
        QuantityKind::Count { .. } => "count",
        QuantityKind::Duration { .. } => "duration",
        QuantityKind::Date { .. } => "date",
    }
}

fn quantity_value(q: &QuantityKind) -> Option<f64> {
    match q {
        QuantityKind::Percent { value }
        | QuantityKind::Money { value, .. }
        | QuantityKind::Price { value, .. }
        | QuantityKind::Count { value, .. } => Some(*value),
        QuantityKind::Duration { days } => Some(*days),
        QuantityKind::Date { .. } => None,
    }
}

fn quantity_date(q: &QuantityKind) -> Option<jiff::civil::Date> {
    match q {
        QuantityKind::Date { date, .. } => *date,
        _ => None,
    }
}

fn quantity_matches(text: &str, want: &ExpectedQuantity, got: &Quantity) -> bool {
    quantity_kind(&got.kind) == want.kind
        && want
            .text
            .as_deref()
            .is_none_or(|t| got.span.text(text) == t)
        && want
            .value
            .is_none_or(|v| quantity_value(&got.kind).is_some_and(|g| close(v, g)))
        && want
            .date
            .as_deref()
            .is_none_or(|d| quantity_date(&got.kind).map(|g| g.to_string()).as_deref() == Some(d))
        && want
            .qualifier
            .as_deref()
            .is_none_or(|w| got.qualifier.as_deref() == Some(w))
}

/// Pairs each expectation with a distinct actual item, greedily in order.
/// Returns the unmatched expectations and the unused actual indices.
fn pair<W, G>(
    wants: &[W],
    gots: &[G],
    matches: impl Fn(&W, &G) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut used = vec![false; gots.len()];
    let mut missing = Vec::new();
    for (w, want) in wants.iter().enumerate() {
        match (0..gots.len()).find(|&g| !used[g] && matches(want, &gots[g])) {
            Some(g) => used[g] = true,
            None => missing.push(w),
        }
    }
    let extra = (0..gots.len()).filter(|&g| !used[g]).collect();
    (missing, extra)
}

fn show_set(set: &BTreeSet<String>) -> String {
    format!("{:?}", set.iter().collect::<Vec<_>>())
}

fn show_mentions(text: &str, a: &Analysis) -> String {
    let items: Vec<String> = a
        .brief
        .mentions
        .iter()
        .map(|m| {
            format!(
                "{:?}→{} ({:?})",
                m.span.text(text),
                entity_code(&m.entity),
                m.evidence
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn show_quantity(text: &str, q: &Quantity) -> String {
    let mut s = format!("{} {:?}", quantity_kind(&q.kind), q.span.text(text));
    if let Some(v) = quantity_value(&q.kind) {
        let _ = write!(s, " value={v}");
    }
    if let QuantityKind::Date { date, relative } = &q.kind {
        let _ = write!(
            s,
            " date={}{}",
            date.map_or_else(|| "?".to_string(), |d| d.to_string()),
            if *relative { " (relative)" } else { "" }
        );
    }
    if let QuantityKind::Price { unit: Some(u), .. } = &q.kind {
        let _ = write!(s, " per {u}");
    }
    if let Some(qual) = &q.qualifier {
        let _ = write!(s, " qualifier={qual:?}");
    }
    s
}

fn show_quantities(text: &str, a: &Analysis) -> String {
    let items: Vec<String> = a
        .brief
        .quantities
        .iter()
        .map(|q| show_quantity(text, q))
        .collect();
    format!("[{}]", items.join("; "))
}

fn show_moves(a: &Analysis) -> String {
    let items: Vec<String> = a
        .brief
        .price_moves
        .iter()
        .map(|m| {
            let mut s = format!("{} {}", m.ticker, direction_name(m.direction));
            match m.pct {
                Some(p) => {
                    let _ = write!(s, " {p}%");
                }
                None => s.push_str(" (no pct)"),
            }
            if let Some(p) = m.price {
                let _ = write!(s, " price={p}");
            }
            if let Some(w) = &m.when {
                let _ = write!(s, " when={w:?}");
            }
            if let Some(d) = m.date {
                let _ = write!(s, " date={d}");
            }
            let _ = write!(s, " scope={}", m.scope.as_str());
            s
        })
        .collect();
    format!("[{}]", items.join("; "))
}

fn show_events(a: &Analysis) -> String {
    let items: Vec<String> = a
        .brief
        .events
        .iter()
        .map(|e| {
            let mut s = format!("{} actor={} status={}", e.kind, e.actor.code(), e.status);
            if let Some(t) = &e.target {
                let _ = write!(s, " target={}", t.code());
            }
            if let Some(m) = &e.magnitude {
                let _ = write!(s, " magnitude={m:?}");
            }
            if let Some(d) = e.direction {
                let _ = write!(s, " direction={}", direction_name(d));
            }
            s
        })
        .collect();
    format!("[{}]", items.join("; "))
}

/// Every way the analysis of `case` differs from its expectations.
fn check(case: &Case) -> Vec<String> {
    let text = case.text.as_str();
    let a = run(case);
    let mut problems = Vec::new();
    let got = sets(&a);
    let mut mention_problem = false;
    let set_checks = [
        ("tickers", &case.tickers, &got.tickers),
        ("elements", &case.elements, &got.elements),
        ("groups", &case.groups, &got.groups),
        ("countries", &case.countries, &got.countries),
        ("indices", &case.indices, &got.indices),
    ];
    for (field, want, got) in set_checks {
        if let Some(want) = want {
            let want: BTreeSet<String> = want.iter().cloned().collect();
            if &want != got {
                problems.push(format!(
                    "{field}: expected {}, got {}",
                    show_set(&want),
                    show_set(got)
                ));
                mention_problem = true;
            }
        }
    }
    for t in &case.not_tickers {
        if got.tickers.contains(t) {
            problems.push(format!("not_tickers: `{t}` was found"));
            mention_problem = true;
        }
    }
    for (span, code) in &case.spans {
        let found = a
            .brief
            .mentions
            .iter()
            .any(|m| m.span.text(text) == span && &entity_code(&m.entity) == code);
        if !found {
            problems.push(format!("spans: no mention {span:?} → {code}"));
            mention_problem = true;
        }
    }
    if mention_problem {
        problems.push(format!("  mentions found: {}", show_mentions(text, &a)));
    }

    let (missing, extra) = pair(&case.quantities, &a.brief.quantities, |w, g| {
        quantity_matches(text, w, g)
    });
    let mut quantity_problem = false;
    for w in missing {
        problems.push(format!("quantity missing: {:?}", case.quantities[w]));
        quantity_problem = true;
    }
    if case.quantities_exact && !extra.is_empty() {
        for g in extra {
            problems.push(format!(
                "quantity not expected: {}",
                show_quantity(text, &a.brief.quantities[g])
            ));
        }
        quantity_problem = true;
    }
    if quantity_problem {
        problems.push(format!("  quantities found: {}", show_quantities(text, &a)));
    }

    let (missing, extra) = pair(&case.moves, &a.brief.price_moves, |w, g| {
        g.ticker == w.ticker
            && parse_direction(&w.direction).ok() == Some(g.direction)
            && match (w.pct, g.pct) {
                (Some(x), Some(y)) => close(x, y),
                (None, None) => true,
                _ => false,
            }
            && w.price.is_none_or(|p| g.price.is_some_and(|q| close(p, q)))
            && w.when
                .as_deref()
                .is_none_or(|x| g.when.as_deref() == Some(x))
            && w.date
                .as_deref()
                .is_none_or(|d| g.date.map(|x| x.to_string()).as_deref() == Some(d))
            && w.scope.as_deref().is_none_or(|x| g.scope.as_str() == x)
    });
    let mut move_problem = false;
    for w in missing {
        problems.push(format!("move missing: {:?}", case.moves[w]));
        move_problem = true;
    }
    if case.moves_exact && !extra.is_empty() {
        problems.push(format!("{} move(s) not expected", extra.len()));
        move_problem = true;
    }
    if move_problem {
        problems.push(format!("  moves found: {}", show_moves(&a)));
    }

    let (missing, extra) = pair(&case.events, &a.brief.events, |w, g| {
        w.kind.accepts(&g.kind)
            && w.actor.accepts(g.actor.code())
            && w.target
                .as_ref()
                .is_none_or(|t| g.target.as_ref().is_some_and(|p| t.accepts(p.code())))
            && (!w.no_target || g.target.is_none())
            && w.status.as_deref().is_none_or(|s| g.status == s)
            && w.magnitude
                .as_deref()
                .is_none_or(|m| g.magnitude.as_deref() == Some(m))
            && w.direction
                .as_deref()
                .is_none_or(|d| g.direction.map(direction_name) == Some(d))
    });
    let mut event_problem = false;
    for w in missing {
        problems.push(format!("event missing: {:?}", case.events[w]));
        event_problem = true;
    }
    if case.events_exact && !extra.is_empty() {
        problems.push(format!("{} event(s) not expected", extra.len()));
        event_problem = true;
    }
    if event_problem {
        problems.push(format!("  events found: {}", show_events(&a)));
    }
    problems
}

fn report(file: &str, case: &Case, problems: &[String]) -> String {
    let mut s = format!(
        "{file}: case `{}`\n  text: {:?}\n",
        case.name,
        case.text.trim()
    );
    if let Some(p) = &case.published {
        let _ = writeln!(s, "  published: {p}");
    }
    for p in problems {
        let _ = writeln!(s, "  {p}");
    }
    s
}

/// Runs every case of `file` and panics, listing them all, if any fails.
fn run_file(file: &str) {
    let cases = load(file);
    assert!(!cases.is_empty(), "{file} holds no case");
    let mut failures = Vec::new();
    for case in &cases {
        let problems = check(case);
        if !problems.is_empty() {
            failures.push(report(file, case, &problems));
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}");
        }
        panic!(
            "{} of {} cases in {file} failed (listed above)",
            failures.len(),
            cases.len()
        );
    }
    println!("{file}: {} cases passed", cases.len());
}

#[test]
fn mentions() {
    run_file("mentions.toml");
}

#[test]
fn quantities() {
    run_file("quantities.toml");
}

#[test]
fn moves() {
    run_file("moves.toml");
}

#[test]
fn events() {
    run_file("events.toml");
}

/// Any other file in `tests/cases` runs too, so a new file is never skipped.
#[test]
fn other_files() {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !KNOWN_FILES.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        run_file(&name);
    }
}

/// Case names are unique across files, so a failure names one case.
#[test]
fn names_are_unique() {
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(cases_dir()).expect("tests/cases exists") {
        let name = entry.expect("readable entry").file_name();
        let name = name.to_string_lossy();
        if !name.ends_with(".toml") {
            continue;
        }
        for case in load(&name) {
            assert!(
                seen.insert(case.name.clone()),
                "case name `{}` is used twice (again in {name})",
                case.name
            );
        }
    }
}
