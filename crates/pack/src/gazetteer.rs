//! The compiled name matcher: every name, alias, demonym and metonym of the
//! pack in one Aho-Corasick automaton.
//!
//! The automaton matches ASCII case-insensitively and reports *overlapping*
//! matches: "USA Rare Earth" and "USA" and "Rare Earth" all come back, and the
//! analysis decides with context which reading wins (the company needs
//! company context; otherwise a country and a material group remain). Each
//! pattern carries its case rule, checked here, and word boundaries are
//! checked here too, so callers only see plausible hits.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::PackError;

/// What a name refers to: an index into the pack's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Company(u32),
    Material(u32),
    Group(u32),
    Country(u32),
    Organization(u32),
    Person(u32),
    Index(u32),
}

/// How the text names the entity; later stages weigh the forms differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameForm {
    /// The main or legal name.
    Name,
    /// A documented alias or short name.
    Alias,
    /// A company name that is also an ordinary phrase: needs company context.
    Generic,
    /// A company name from the full US securities list, not curated.
    Listed,
    /// A one-word name from the US list: needs strong company context.
    ListedWord,
    /// A one-word name that is no ordinary word but short for a longer
    /// one ("Costco", "Uber"), or a global list's one-word name: needs
    /// company context, which a verb of a company's act gives.
    ListedShort,
    /// A material name that is also an ordinary word: counts only in a list
    /// of materials.
    InList,
    /// "Chinese", "American".
    Demonym,
    /// "Beijing", "Washington".
    Metonym,
}

/// How the text must be cased for a pattern to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRule {
    /// Any case.
    Any,
    /// Exactly as written in the pack ("US", "NdPr").
    Exact,
    /// Every significant word capitalised ("Energy Fuels", not "energy fuels").
    Capitalized,
}

/// One reading of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameTarget {
    pub entity: Entity,
    pub form: NameForm,
    pub case: CaseRule,
}

/// A name found in the text: a byte range and one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    pub start: u32,
    pub end: u32,
    pub target: NameTarget,
}

/// Collects patterns before compiling them.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    folded: PatternSet,
    exact: PatternSet,
    listed: WordNames,
}

/// Names of the securities lists (tens of thousands): looked up word by
/// word in a hash map rather than compiled into the automaton, whose
/// build time grows with them (an automaton of every US and global name
/// takes seconds to build; the map, milliseconds).
#[derive(Debug, Default, Clone)]
struct WordNames {
    /// Lower-case words of a name, joined by `SEPARATOR`, to its readings.
    names: rustc_hash::FxHashMap<String, Vec<(String, NameTarget)>>,
    /// Every proper prefix of those keys, whole words: a text's words stop
    /// being looked up as soon as no name goes on with them (a long global
    /// name must not cost every word of every text a dozen lookups).
    prefixes: rustc_hash::FxHashSet<String>,
    /// The most words any name has.
    longest: usize,
}

const SEPARATOR: char = '\u{1}';

/// A word of a text as the listed names are looked up: its bytes and its
/// lower-case key; `merged` when a possessive was joined to it.
#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    key: String,
    merged: bool,
}

/// The words of a name or text: runs of letters and digits, and any other
/// visible character but a hyphen, period or comma on its own ("S&P"
/// is "s", "&", "p"; "Coca-Cola" is "coca", "cola", as "Coca Cola").
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, i));
        }
        if !(c.is_whitespace() || matches!(c, '-' | '.' | ',' | '\u{2010}' | '\u{2011}')) {
            out.push((i, i + c.len_utf8()));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

impl WordNames {
    fn add(&mut self, name: &str, target: NameTarget) {
        let spans = words(name);
        if spans.is_empty() {
            return;
        }
        let mut key = String::with_capacity(name.len() + spans.len());
        for (k, (a, b)) in spans.iter().enumerate() {
            if k > 0 {
                if !self.prefixes.contains(&key) {
                    self.prefixes.insert(key.clone());
                }
                key.push(SEPARATOR);
            }
            key.extend(name[*a..*b].chars().flat_map(char::to_lowercase));
        }
        self.longest = self.longest.max(spans.len());
        let readings = self.names.entry(key).or_default();
        if !readings.iter().any(|(n, t)| n == name && *t == target) {
            readings.push((name.to_string(), target));
        }
    }

    fn find_all(&self, text: &str, out: &mut Vec<NameHit>) {
        if self.names.is_empty() {
            return;
        }
        let spans = words(text);
        let units: Vec<Unit> = spans
            .iter()
            .map(|&(a, b)| Unit {
                start: a,
                end: b,
                key: text[a..b].chars().flat_map(char::to_lowercase).collect(),
                merged: false,
            })
            .collect();
        self.scan(text, &units, false, out);
        // "Domino's Pizza" as the SEC writes it, "DOMINOS PIZZA": a word with
        // its "'s" is also read as one word without the apostrophe.
        let apostrophe = |k: usize| matches!(&text[spans[k].0..spans[k].1], "'" | "\u{2019}");
        let possessive = |k: usize| {
            k + 2 < spans.len()
                && apostrophe(k + 1)
                && text[spans[k + 2].0..spans[k + 2].1].eq_ignore_ascii_case("s")
                && spans[k + 1].0 == spans[k].1
                && spans[k + 2].0 == spans[k + 1].1
        };
        if !(0..spans.len()).any(possessive) {
            return;
        }
        let mut joined = Vec::with_capacity(units.len());
        let mut k = 0;
        while k < units.len() {
            if possessive(k) {
                joined.push(Unit {
                    start: units[k].start,
                    end: units[k + 2].end,
                    key: format!("{}s", units[k].key),
                    merged: true,
                });
                k += 3;
            } else {
                joined.push(units[k].clone());
                k += 1;
            }
        }
        self.scan(text, &joined, true, out);
    }

    /// The names that start at each unit. With `merged_only`, only names
    /// that take in a joined possessive (the first pass found the rest).
    fn scan(&self, text: &str, units: &[Unit], merged_only: bool, out: &mut Vec<NameHit>) {
        let mut key = String::new();
        for i in 0..units.len() {
            // A name starts with a letter or digit, on a word boundary.
            if !text[units[i].start..].starts_with(char::is_alphanumeric) {
                continue;
            }
            key.clear();
            let mut has_merged = false;
            for n in 0..self.longest.min(units.len() - i) {
                let unit = &units[i + n];
                if n > 0 {
                    key.push(SEPARATOR);
                }
                key.push_str(&unit.key);
                has_merged |= unit.merged;
                // A joined possessive counts only inside a longer name:
                // "Domino's Pizza", not "Atha Energy's" as Energys Group.
                let wanted = !merged_only || (has_merged && n > 0);
                if let Some(readings) = self.names.get(&key).filter(|_| wanted) {
                    let (start, end) = (units[i].start, unit.end);
                    let found = &text[start..end];
                    for (written, target) in readings {
                        if case_fits(found, written, target.case) {
                            out.push(NameHit {
                                start: start as u32,
                                end: end as u32,
                                target: *target,
                            });
                        }
                    }
                }
                if !self.prefixes.contains(&key) {
                    break;
                }
            }
        }
    }
}

/// Patterns of one automaton with their readings.
#[derive(Debug, Default)]
struct PatternSet {
    patterns: Vec<String>,
    targets: Vec<Vec<(String, NameTarget)>>,
    index: std::collections::HashMap<String, usize>,
}

impl PatternSet {
    fn add(&mut self, key: String, name: &str, target: NameTarget) {
        let slot = *self.index.entry(key.clone()).or_insert_with(|| {
            self.patterns.push(key);
            self.targets.push(Vec::new());
            self.patterns.len() - 1
        });
        let readings = &mut self.targets[slot];
        if !readings.iter().any(|(n, t)| n == name && *t == target) {
            readings.push((name.to_string(), target));
        }
    }

    /// Compiles the set; `fold` makes ASCII case irrelevant. A DFA costs
    /// more memory and build time than the default NFA but scans several
    /// times faster, and the pack is compiled once per process.
    fn build(self, fold: bool) -> Result<Matcher, PackError> {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(fold)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&self.patterns)
            .map_err(|e| PackError::Matcher(e.to_string()))?;
        Ok(Matcher {
            automaton,
            targets: self.targets,
        })
    }
}

impl GazetteerBuilder {
    /// Adds `name` as a way to refer to `target.entity`. Spaced names also
    /// match with hyphens ("rare-earth") unless the case rule is exact.
    pub fn add(&mut self, name: &str, target: NameTarget) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        // Text is matched without diacritics (see `Gazetteer::find_all`).
        if let Some(folded) = crate::fold::folded_name(name) {
            self.add(&folded, target);
            return;
        }
        if matches!(
            target.form,
            NameForm::Listed | NameForm::ListedWord | NameForm::ListedShort
        ) {
            self.listed.add(name, target);
            return;
        }
        self.add_one(name, target);
        if name.contains(' ') && target.case != CaseRule::Exact {
            self.add_one(&name.replace(' ', "-"), target);
        }
    }

    fn add_one(&mut self, name: &str, target: NameTarget) {
        // Exact-case names ("US", "EU", "NdPr") go to an automaton that does
        // not fold case, so that "us" in "focus" is never even reported.
        if target.case == CaseRule::Exact {
            self.exact.add(name.to_string(), name, target);
        } else {
            self.folded.add(name.to_ascii_lowercase(), name, target);
        }
    }

    pub fn build(self) -> Result<Gazetteer, PackError> {
        Ok(Gazetteer {
            folded: self.folded.build(true)?,
            exact: self.exact.build(false)?,
            listed: self.listed,
        })
    }
}

/// One automaton and, per pattern, each reading with the name as the pack
/// writes it.
#[derive(Debug, Clone)]
struct Matcher {
    automaton: AhoCorasick,
    targets: Vec<Vec<(String, NameTarget)>>,
}

impl Matcher {
    fn find_all(&self, text: &str, out: &mut Vec<NameHit>) {
        for m in self.automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !on_word_boundaries(text, start, end) {
                continue;
            }
            let found = &text[start..end];
            for (written, target) in &self.targets[m.pattern().as_usize()] {
                if case_fits(found, written, target.case) {
                    out.push(NameHit {
                        start: start as u32,
                        end: end as u32,
                        target: *target,
                    });
                }
            }
        }
    }
}

/// The compiled matcher: names that fold case, and names that must match
/// exactly.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    folded: Matcher,
    exact: Matcher,
    listed: WordNames,
}

impl Gazetteer {
    /// Appends to `out` every hit in `text` that sits on word boundaries and
    /// satisfies its case rule, in order of start (then longest first).
    ///
    /// Diacritics do not count ("Estée Lauder" finds "ESTEE LAUDER"): text
    /// with accented Latin letters is read folded, its hits mapped back.
    pub fn find_all(&self, text: &str, out: &mut Vec<NameHit>) {
        let first = out.len();
        let folded = crate::fold::fold(text);
        let scanned = folded.as_ref().map_or(text, |(f, _)| f.as_str());
        self.folded.find_all(scanned, out);
        self.exact.find_all(scanned, out);
        self.listed.find_all(scanned, out);
        if let Some((_, origin)) = &folded {
            for hit in &mut out[first..] {
                hit.start = origin[hit.start as usize];
                // The end maps to the start of the character after the hit.
                hit.end = origin[hit.end as usize];
            }
        }
        // Unstable is deterministic too, and faster: ties are readings of one
        // span, ordered again when overlaps are resolved.
        out[first..].sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    }

    /// Number of distinct patterns, for diagnostics.
    pub fn pattern_count(&self) -> usize {
        self.folded.targets.len() + self.exact.targets.len() + self.listed.names.len()
    }
}

/// A name must not start or end inside a word. One exception: scraped text
/// often glues a name to the next word ("MP MaterialsMP", "PostPublished"),
/// so a name ending in a lower-case letter may be followed by a capital.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let after = text[end..].chars().next();
    match after {
        Some(next) if next.is_alphanumeric() => {
            let last = text[..end].chars().next_back();
            last.is_some_and(char::is_lowercase) && next.is_uppercase()
        }
        _ => true,
    }
}

/// Small words that stay lower-case inside capitalised names.
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "de", "du", "la", "le", "for", "des", "del", "y", "und", "&", "in", "on",
    "von", "van", "der", "den", "bin", "da", "dos", "do", "al",
];

fn case_fits(found: &str, written: &str, rule: CaseRule) -> bool {
    match rule {
        CaseRule::Any => true,
        CaseRule::Exact => found == written,
        // Only words after spaces: "Lee Jae-myung", "Côte d'Ivoire".
        CaseRule::Capitalized => {
            let starts_upper = |w: &str| !w.chars().next().is_some_and(char::is_lowercase);
            let mut significant = found
                .split(' ')
                .filter(|w| {
                    !w.is_empty()
                        && !CONNECTORS.contains(&w.to_ascii_lowercase().as_str())
                        && !w.starts_with("d'")
                })
                .peekable();
            // A name made only of small words ("On") must still be capitalised.
            if significant.peek().is_none() {
                return starts_upper(found);
            }
            significant.all(starts_upper)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer(names: &[(&str, Entity, CaseRule)]) -> Gazetteer {
        let mut builder = GazetteerBuilder::default();
        for (name, entity, case) in names {
            builder.add(
                name,
                NameTarget {
                    entity: *entity,
                    form: NameForm::Name,
                    case: *case,
                },
            );
        }
        builder.build().unwrap()
    }

    fn hits(g: &Gazetteer, text: &str) -> Vec<(String, Entity)> {
        let mut out = Vec::new();
        g.find_all(text, &mut out);
        out.iter()
            .map(|h| {
                (
                    text[h.start as usize..h.end as usize].to_string(),
                    h.target.entity,
                )
            })
            .collect()
    }

    #[test]
    fn reports_overlapping_readings_with_boundaries_and_case() {
        let g = gazetteer(&[
            ("USA Rare Earth", Entity::Company(0), CaseRule::Capitalized),
            ("USA", Entity::Country(1), CaseRule::Exact),
            ("rare earth", Entity::Group(2), CaseRule::Any),
            ("US", Entity::Country(1), CaseRule::Exact),
        ]);
        assert_eq!(
            hits(
                &g,
                "USA Rare Earth rose; usa rare earth; rare-earth; USAR; bus"
            ),
            [
                ("USA Rare Earth".to_string(), Entity::Company(0)),
                ("USA".to_string(), Entity::Country(1)),
                ("Rare Earth".to_string(), Entity::Group(2)),
                ("rare earth".to_string(), Entity::Group(2)),
                ("rare-earth".to_string(), Entity::Group(2)),
            ]
        );
    }

    #[test]
    fn listed_names_match_word_by_word_as_written_or_hyphenated() {
        let mut builder = GazetteerBuilder::default();
        let target = |id| NameTarget {
            entity: Entity::Company(id),
            form: NameForm::Listed,
            case: CaseRule::Capitalized,
        };
        builder.add("Coca Cola", target(0));
        builder.add("S&P Global", target(1));
        builder.add("Royal Caribbean", target(2));
        let g = builder.build().unwrap();
        assert_eq!(
            hits(
                &g,
                "Coca-Cola and S&P Global rose; royal caribbean; Royal Caribbeans"
            ),
            [
                ("Coca-Cola".to_string(), Entity::Company(0)),
                ("S&P Global".to_string(), Entity::Company(1)),
            ]
        );
    }

    #[test]
    fn a_name_of_small_words_is_still_capitalised() {
        let g = gazetteer(&[("On", Entity::Company(0), CaseRule::Capitalized)]);
        assert_eq!(hits(&g, "On Holding rose; stocks on Monday").len(), 1);
    }

    #[test]
    fn accepts_names_glued_to_a_capitalised_word() {
        let g = gazetteer(&[("MP Materials", Entity::Company(0), CaseRule::Capitalized)]);
        assert_eq!(hits(&g, "MP MaterialsMP-- (MP)").len(), 1);
        assert!(hits(&g, "MP Materialsx").is_empty());
    }
}
