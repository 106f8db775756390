//! Sentence sentiment for financial news, from the pack's lexicon.
//!
//! Finance text is mostly neutral, and much of its polarity lives in direction
//! rather than in words: "operating loss narrowed" is good news made of a bad
//! word and a shrinking one. So besides lexicon terms ("strong", "slump"),
//! the scorer pairs a metric (profit, costs) with a move (rose, narrowed) in
//! the same clause, in either order, and reads the direction from figures
//! ("to EUR 13.1 mn from EUR 8.7 mn", "EUR 9 mn ( EUR 7 mn )") when no move
//! word is there. Negators flip the next few words, intensifiers scale the
//! nearest cue, and clause breaks ("but", "while") keep pairs apart.
//!
//! One pass over the tokens: the only allocations are the cue list and one
//! key buffer per sentence, reused for every lexicon lookup.

use monazite_pack::sentiment::{Entry, SentimentLexicon, MAX_PHRASE_WORDS};
use monazite_types::english::{parse_number, scale};

use crate::text::{Token, TokenKind};

/// Sentiment label of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    Positive,
    Neutral,
    Negative,
}

impl Polarity {
    /// Lowercase name, as in the labelled data sets ("positive").
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Neutral => "neutral",
            Polarity::Negative => "negative",
        }
    }
}

/// A span of the normalised text that moved the score, and by how much.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    pub start: u32,
    pub end: u32,
    /// Signed contribution before squashing.
    pub weight: f64,
}

/// The sentiment of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceSentiment {
    /// In [-1, 1]: `tanh` of the summed cue weights.
    pub score: f64,
    pub label: Polarity,
    /// The cues behind the score, by start.
    pub cues: Vec<Cue>,
}

/// Scores at or beyond ± this are polar. It sits above `tanh(0.3)` so that one
/// weak word ("rose" alone, weight 0.3; "deal", 0.2) leaves a sentence
/// neutral, while one clear cue (weight 0.4 and up) or one metric move
/// (weight 1) decides it: most finance sentences are neutral statements.
pub const POLARITY_THRESHOLD: f64 = 0.3;

/// The label of a score: positive from [`POLARITY_THRESHOLD`], negative
/// from its opposite, neutral in between.
pub fn polarity_of(score: f64) -> Polarity {
    if score >= POLARITY_THRESHOLD {
        Polarity::Positive
    } else if score <= -POLARITY_THRESHOLD {
        Polarity::Negative
    } else {
        Polarity::Neutral
    }
}

/// Scores the sentence made of `tokens` of the normalised `text`.
pub fn score_sentence(
    text: &str,
    tokens: &[Token],
    lexicon: &SentimentLexicon,
) -> SentenceSentiment {
    let mut reader = Reader {
        text,
        tokens,
        lexicon,
        key: String::with_capacity(64),
    };
    let mut scorer = Scorer::default();
    let mut i = 0;
    while i < tokens.len() {
        let unit = reader.read(i);
        scorer.step(&unit, text);
        i = unit.next;
    }
    scorer.finish()
}

// Reaches are counted in words and numbers, not punctuation.

/// How far a move may follow its metric: "net sales in the third quarter of
/// 2010 increased".
const MOVE_REACH: u32 = 8;
/// How far a metric may follow its move: "a rise of 10 % in net sales".
const OBJECT_REACH: u32 = 4;
/// Metrics this close form one group that moves together: "net sales and
/// operating profit increased".
const GROUP_REACH: u32 = 2;
/// How many words a negator flips.
const NEGATION_REACH: u32 = 3;
/// How far ahead an intensifier reaches: "sharply higher costs".
const BOOST_REACH: u32 = 2;
/// How far ahead "from" or "compared with" marks the earlier figure.
const BASELINE_REACH: u32 = 5;
/// A negated cue counts this much: flipped, and a little weaker, since "not
/// bad" is less than "good".
const NEGATED: f64 = -0.8;
/// The most metrics one group holds; more are ignored.
const MAX_GROUP: usize = 4;
/// Words that may stand between a move and the metric it acts on ("costs
/// decreased the profit", "an increase in operating profit").
const OBJECT_GAP: &[&str] = &[
    "its", "their", "the", "a", "an", "in", "of", "his", "her", "our", "this",
];
/// Further words a move with no metric before it skips on its way to a
/// figure or a metric ("rose by 5 %", "fell to EUR 9 mn").
const FIGURE_GAP: &[&str] = &[
    "by", "to", "at", "over", "about", "around", "nearly", "almost", "some", "than",
];
/// Unknown words a move with no metric before it may skip on its way to the
/// metric: a noun modifier ("raises uranium sales outlook").
const MODIFIER_SKIP: u8 = 1;
/// A move this close before a figure reports a change ("Nokia fell 1.8 %"),
/// which reads as news of its subject even when no metric names it...
const QUANTIFIED_REACH: u32 = 3;
/// ... and then counts at least this much.
const QUANTIFIED_MOVE: f64 = 0.5;
/// The preposition of a change amount ("by 5 %"): such a figure is neither
/// level of a comparison, and after a bare metric it repeats the last move
/// ("net sales rose by 5 %, and operating profit by 34.9 %").
const CHANGE_PREPOSITION: &str = "by";
/// The preposition of the current figure, which ends the earlier one
/// ("from a loss to a profit", "from EUR 8.7 mn to EUR 13.1 mn").
const CURRENT_PREPOSITION: &str = "to";
/// A figure, with what makes two figures comparable.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Amount<'a> {
    value: f64,
    percent: bool,
    /// "EUR", "$": figures in different currencies are not compared.
    currency: Option<&'a str>,
    /// A bare four-digit integer such as 2010: a date, not a figure.
    year: bool,
}

/// What one step of the walk read.
#[derive(Debug, Clone, Copy)]
enum Kind<'a> {
    /// The longest lexicon phrase starting here.
    Entry(&'a Entry),
    /// A word the lexicon does not know.
    Word,
    Number(Amount<'a>),
    Punct(char),
}

/// One step of the walk: a phrase, word, figure or punctuation mark.
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    kind: Kind<'a>,
    start: u32,
    end: u32,
    space_before: bool,
    /// Index of the token after the unit.
    next: usize,
}

/// Reads units off the tokens: joins "pre-tax" and "n't" into one word,
/// figures with their sign, currency and scale, and finds the longest
/// lexicon phrase at each word.
struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lexicon: &'a SentimentLexicon,
    /// Lowercase lookup key, reused for every lookup.
    key: String,
}

impl<'a> Reader<'a> {
    fn read(&mut self, i: usize) -> Unit<'a> {
        let token = self.tokens[i];
        match token.kind {
            TokenKind::Word => self.read_words(i),
            TokenKind::Number => self.read_number(i),
            TokenKind::Punct => {
                let c = token.text(self.text).chars().next().unwrap_or(' ');
                self.unit(Kind::Punct(c), i, i + 1)
            }
        }
    }

    fn unit(&self, kind: Kind<'a>, first: usize, next: usize) -> Unit<'a> {
        Unit {
            kind,
            start: self.tokens[first].start,
            end: self.tokens[next - 1].end,
            space_before: self.tokens[first].space_before,
            next,
        }
    }

    /// The longest lexicon phrase from token `i`, else one plain word (or a
    /// figure written as a word, "EUR131m").
    fn read_words(&mut self, i: usize) -> Unit<'a> {
        let first_end = self.compound_end(i);
        let first =
            &self.text[self.tokens[i].start as usize..self.tokens[first_end - 1].end as usize];
        if let Some(amount) = word_amount(first) {
            return self.unit(Kind::Number(amount), i, first_end);
        }
        self.key.clear();
        push_lowercase(&mut self.key, first);
        let lexicon = self.lexicon;
        let mut best = None;
        let mut end = first_end;
        let mut words = 1;
        while let Some(entry) = lexicon.get(&self.key) {
            if entry.has_role() {
                best = Some((entry, end));
            }
            if !entry.extends
                || words == MAX_PHRASE_WORDS
                || end >= self.tokens.len()
                || !self.tokens[end].is_word()
            {
                break;
            }
            let next_end = self.compound_end(end);
            self.key.push(' ');
            let word =
                &self.text[self.tokens[end].start as usize..self.tokens[next_end - 1].end as usize];
            push_lowercase(&mut self.key, word);
            end = next_end;
            words += 1;
        }
        match best {
            Some((entry, end)) => self.unit(Kind::Entry(entry), i, end),
            None => self.unit(Kind::Word, i, first_end),
        }
    }

    /// One past the last token of the word at `i`, joining words linked by a
    /// hyphen or apostrophe without spaces ("year-on-year", "didn't", "n't").
    fn compound_end(&self, i: usize) -> usize {
        let mut end = i + 1;
        while end + 1 < self.tokens.len() {
            let (joint, next) = (&self.tokens[end], &self.tokens[end + 1]);
            let linked = (joint.is_punct(self.text, '-') || joint.is_punct(self.text, '\''))
                && !joint.space_before
                && !next.space_before
                && next.is_word();
            if !linked {
                break;
            }
            end += 2;
        }
        end
    }

    /// A figure with its minus sign, currency before and scale or percent after.
    fn read_number(&self, i: usize) -> Unit<'a> {
        let token = self.tokens[i];
        let digits = token.text(self.text);
        let negative = self.minus_before(i);
        let currency = self.currency_before(if negative { i - 1 } else { i });
        let (scale, percent, next) = self.suffix(i + 1);
        let value = parse_number(digits).unwrap_or(0.0) * scale * if negative { -1.0 } else { 1.0 };
        let year = !percent && scale == 1.0 && currency.is_none() && is_year(digits);
        let start = if negative { i - 1 } else { i };
        self.unit(
            Kind::Number(Amount {
                value,
                percent,
                currency,
                year,
            }),
            start,
            next,
        )
    }

    /// A "-" glued to the figure but not to the word before: "EUR -0.3 mn",
    /// not "10-15".
    fn minus_before(&self, i: usize) -> bool {
        i >= 1
            && !self.tokens[i].space_before
            && (self.tokens[i - 1].is_punct(self.text, '-')
                || self.tokens[i - 1].is_punct(self.text, '−'))
            && (i == 1 || self.tokens[i - 1].space_before)
    }

    /// A currency code or sign just before token `i`.
    fn currency_before(&self, i: usize) -> Option<&'a str> {
        let token = self.tokens.get(i.checked_sub(1)?)?;
        let text = token.text(self.text);
        let code = token.is_word() && is_currency_code(text);
        let sign = matches!(text, "$" | "€" | "£" | "¥");
        (code || sign).then_some(text)
    }

    /// Scale or percent after a figure: (multiplier, is percent, next token).
    fn suffix(&self, i: usize) -> (f64, bool, usize) {
        let Some(token) = self.tokens.get(i) else {
            return (1.0, false, i);
        };
        let text = token.text(self.text);
        if token.is_punct(self.text, '%')
            || text.eq_ignore_ascii_case("percent")
            || text.eq_ignore_ascii_case("pct")
        {
            return (1.0, true, i + 1);
        }
        let per_cent = text.eq_ignore_ascii_case("per")
            && self
                .tokens
                .get(i + 1)
                .is_some_and(|t| t.text(self.text).eq_ignore_ascii_case("cent"));
        if per_cent {
            return (1.0, true, i + 2);
        }
        match token.is_word().then(|| scale(text)).flatten() {
            Some(scale) => (scale, false, i + 1),
            None => (1.0, false, i),
        }
    }
}

fn push_lowercase(key: &mut String, word: &str) {
    // Nearly every word is ASCII: lower-case it in one go.
    if word.is_ascii() {
        let start = key.len();
        key.push_str(word);
        key[start..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        key.extend(c.to_lowercase());
    }
}

fn is_currency_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// A figure written as one word: currency code, digits, scale ("EUR131m").
fn word_amount(word: &str) -> Option<Amount<'_>> {
    let digits_at = word.find(|c: char| c.is_ascii_digit())?;
    let (currency, rest) = word.split_at(digits_at);
    if !is_currency_code(currency) {
        return None;
    }
    let digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (digits, scale_word) = rest.split_at(digits_end);
    let scale = if scale_word.is_empty() {
        1.0
    } else {
        scale(scale_word)?
    };
    let value = parse_number(digits)? * scale;
    Some(Amount {
        value,
        percent: false,
        currency: Some(currency),
        year: false,
    })
}

/// Where a cue came from, and what modifies it.
#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    start: u32,
    end: u32,
    /// Position in words and numbers.
    at: u32,
    negated: bool,
    boost: f64,
    /// Weight of the clause it stands in.
    clause: f64,
}

impl Mark {
    fn factor(&self) -> f64 {
        self.boost * self.clause * if self.negated { NEGATED } else { 1.0 }
    }
}

/// A metric waiting for its move.
#[derive(Debug, Clone, Copy, Default)]
struct Member {
    mark: Mark,
    /// How good its growth is.
    sign: f64,
    /// Its own polarity, counted if it never pairs ("a net loss of EUR 2 mn").
    polarity: Option<f64>,
}

/// How a metric moved.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Motion {
    /// Up (+1) or down (−1): good or bad by the metric's sign.
    Change(f64),
    /// Better (+1) or worse (−1), whatever the metric's sign.
    Verdict(f64),
}

impl Motion {
    /// The motion a lexicon entry states, if any.
    fn of(entry: &Entry) -> Option<Motion> {
        entry
            .direction
            .map(Motion::Change)
            .or(entry.verdict.map(Motion::Verdict))
    }

    /// Whether this motion of a metric with `sign` is good (> 0) or bad.
    fn value_for(self, sign: f64) -> f64 {
        match self {
            Motion::Change(direction) => sign * direction,
            Motion::Verdict(verdict) => sign.abs() * verdict,
        }
    }

    /// +1 or −1, for a move with no metric.
    fn sign(self) -> f64 {
        match self {
            Motion::Change(value) | Motion::Verdict(value) => value,
        }
    }
}

/// A move waiting for its metric.
#[derive(Debug, Clone, Copy)]
struct Move {
    mark: Mark,
    motion: Motion,
    polarity: Option<f64>,
    /// Whether the current metric group came before it, as its subject.
    subject: bool,
    /// Whether a figure follows it closely.
    quantified: bool,
    /// Unknown words skipped since it.
    skipped: u8,
}

/// Metrics that move together, and how they moved once known.
#[derive(Debug, Clone, Copy)]
struct Group {
    members: [Member; MAX_GROUP],
    len: usize,
    last_at: u32,
    /// How the group moved, and the cue that moved it.
    moved: Option<(Motion, Mark)>,
}

/// The two figures of a comparison of the pending metric.
#[derive(Debug, Clone, Copy, Default)]
struct Comparison<'a> {
    current: Option<Amount<'a>>,
    baseline: Option<Amount<'a>>,
}

/// The state of the walk over one sentence.
#[derive(Debug)]
struct Scorer<'a> {
    cues: Vec<Cue>,
    /// Position of the current unit, in words and numbers.
    at: u32,
    /// Weight of the current clause (see `clause_breaks` of the lexicon).
    clause: f64,
    /// The metrics waiting for a move.
    group: Option<Group>,
    /// The move waiting for a metric.
    pending: Option<Move>,
    comparison: Comparison<'a>,
    /// The motion of the last pair, for ellipsis ("and operating profit by 34.9 %").
    last_motion: Option<Motion>,
    /// A metric named as the earlier state before any current one ("from a loss").
    baseline_metric: Option<Member>,
    /// Last position a negator reaches.
    negation_until: Option<u32>,
    /// An intensifier waiting for its cue, and its position.
    boost: Option<(f64, u32)>,
    /// Last position where a figure or metric is the earlier one.
    baseline_until: Option<u32>,
    /// Last position where a figure is a change amount ("by 5 %").
    change_until: Option<u32>,
    /// Position of the unit that completed the last cue.
    last_cue_at: Option<u32>,
}

impl Default for Scorer<'_> {
    fn default() -> Self {
        Scorer {
            cues: Vec::new(),
            at: 0,
            clause: 1.0,
            group: None,
            pending: None,
            comparison: Comparison::default(),
            last_motion: None,
            baseline_metric: None,
            negation_until: None,
            boost: None,
            baseline_until: None,
            change_until: None,
            last_cue_at: None,
        }
    }
}

impl<'a> Scorer<'a> {
    fn step(&mut self, unit: &Unit<'a>, text: &str) {
        match unit.kind {
            Kind::Punct(c) => self.punct(c, unit.space_before),
            Kind::Entry(entry) => {
                self.advance();
                self.entry(entry, unit);
            }
            Kind::Number(amount) => {
                self.advance();
                self.number(amount, unit);
            }
            Kind::Word => {
                self.advance();
                self.plain_word(&text[unit.start as usize..unit.end as usize]);
            }
        }
    }

    /// Moves to the next word or number and settles what is now out of reach.
    fn advance(&mut self) {
        self.at += 1;
        self.expire();
    }

    fn finish(mut self) -> SentenceSentiment {
        self.end_clause(1.0);
        self.cues.sort_by_key(|cue| cue.start);
        let score = self.cues.iter().map(|cue| cue.weight).sum::<f64>().tanh();
        SentenceSentiment {
            score,
            label: polarity_of(score),
            cues: self.cues,
        }
    }

    fn expire(&mut self) {
        if self
            .pending
            .is_some_and(|m| self.at > m.mark.at + OBJECT_REACH)
        {
            self.flush_move();
        }
        let subject_waits = self.pending.is_some_and(|m| m.subject);
        if !subject_waits && self.group.is_some_and(|g| self.at > g.last_at + MOVE_REACH) {
            self.flush_group();
        }
    }

    fn punct(&mut self, c: char, space_before: bool) {
        match c {
            // "vs." is a baseline word, not the end of the sentence.
            '.' if !space_before && self.baseline_until == Some(self.at + BASELINE_REACH) => {}
            '.' | ';' | ':' | '!' | '?' => self.end_clause(1.0),
            ',' => {
                self.flush_move();
                self.negation_until = None;
                self.clause = 1.0;
            }
            // "EUR 21.1 mn ( EUR 18.6 mn )": the figure in brackets is the earlier one.
            '(' if self.comparison.current.is_some() => {
                self.baseline_until = Some(self.at + BASELINE_REACH)
            }
            _ => {}
        }
    }

    /// A word the lexicon does not know ends a pending move's search for a
    /// metric, unless it is a word that may stand in between.
    fn plain_word(&mut self, word: &str) {
        let is = |list: &[&str]| list.iter().any(|gap| word.eq_ignore_ascii_case(gap));
        let object_gap = is(OBJECT_GAP);
        let figure_gap = object_gap || is(FIGURE_GAP) || is_currency_code(word);
        match self.pending.as_mut() {
            Some(pending) if pending.subject && !object_gap => self.resolve_subject_move(),
            Some(pending) if !pending.subject && !figure_gap => {
                pending.skipped += 1;
                if pending.skipped > MODIFIER_SKIP {
                    self.flush_move();
                }
            }
            _ => {}
        }
        if word.eq_ignore_ascii_case(CHANGE_PREPOSITION) {
            self.change_until = Some(self.at + 2);
        }
        if word.eq_ignore_ascii_case(CURRENT_PREPOSITION) {
            self.baseline_until = None;
        }
    }

    fn entry(&mut self, entry: &Entry, unit: &Unit) {
        if let Some(weight) = entry.clause_break {
            self.end_clause(weight);
        } else if let Some(factor) = entry.intensity {
            self.intensify(factor);
        } else if entry.negator {
            self.resolve_subject_move();
            self.negation_until = Some(self.at + NEGATION_REACH);
        } else if entry.baseline {
            self.resolve_subject_move();
            self.baseline_until = Some(self.at + BASELINE_REACH);
        } else {
            let mark = self.mark(unit);
            if let Some(sign) = entry.metric {
                self.metric(Member {
                    mark,
                    sign,
                    polarity: entry.polarity,
                });
                return;
            }
            self.flush_move();
            if let Some(motion) = Motion::of(entry) {
                self.start_move(mark, motion, entry.polarity);
            } else if let Some(polarity) = entry.polarity {
                self.term(mark, polarity);
            }
        }
    }

    /// The mark of the current unit, with the negation and boost in force.
    fn mark(&mut self, unit: &Unit) -> Mark {
        let negated = self.negation_until.is_some_and(|until| self.at <= until);
        let boost = match self.boost.take() {
            Some((factor, at)) if self.at <= at + BOOST_REACH => factor,
            _ => 1.0,
        };
        Mark {
            start: unit.start,
            end: unit.end,
            at: self.at,
            negated,
            boost,
            clause: self.clause,
        }
    }

    /// Scales the move or cue just before ("rose sharply"), else the next one.
    fn intensify(&mut self, factor: f64) {
        let previous = self.at - 1;
        if let Some(pending) = self.pending.as_mut().filter(|m| m.mark.at == previous) {
            pending.mark.boost *= factor;
        } else if self.last_cue_at == Some(previous) {
            if let Some(cue) = self.cues.last_mut() {
                cue.weight *= factor;
            }
        } else {
            self.boost = Some((factor, self.at));
        }
    }

    fn term(&mut self, mark: Mark, polarity: f64) {
        if polarity != 0.0 {
            self.push_cue(mark.start, mark.end, polarity * mark.factor());
        }
    }

    fn push_cue(&mut self, start: u32, end: u32, weight: f64) {
        self.cues.push(Cue { start, end, weight });
        self.last_cue_at = Some(self.at);
    }

    /// A metric: the object of a pending move, a member of the current
    /// group, the earlier state of a comparison, or the start of a new group.
    fn metric(&mut self, member: Member) {
        if self.baseline_until.is_some_and(|until| self.at <= until) {
            self.baseline(member);
            return;
        }
        let object_of = self.pending.filter(|m| self.at <= m.mark.at + OBJECT_REACH);
        if let Some(pending) = object_of {
            self.pending = None;
            self.flush_group();
            self.new_group(member);
            self.move_group(pending.motion, pending.mark);
            return;
        }
        let joins = self
            .group
            .as_mut()
            .filter(|g| self.at <= g.last_at + GROUP_REACH && g.len < MAX_GROUP);
        if let Some(group) = joins {
            group.members[group.len] = member;
            group.len += 1;
            group.last_at = self.at;
            if let Some((motion, by)) = group.moved {
                self.pair(member, motion, by);
            }
            return;
        }
        self.flush_group();
        self.new_group(member);
        if let Some(earlier) = self
            .baseline_metric
            .take()
            .filter(|b| b.sign * member.sign < 0.0)
        {
            // "from a loss to a profit": the metric now is the one that grew.
            self.move_group(Motion::Change(1.0), earlier.mark);
        }
    }

    /// A metric named as the earlier state: "profit ... from a loss" means the
    /// profit appeared. One of the same sign as the group only repeats it.
    fn baseline(&mut self, member: Member) {
        let opposite = self
            .group
            .is_some_and(|g| g.moved.is_none() && g.members[0].sign * member.sign < 0.0);
        if opposite {
            self.move_group(Motion::Change(1.0), member.mark);
        } else if self.group.is_none() {
            self.baseline_metric = Some(member);
        }
    }

    fn new_group(&mut self, member: Member) {
        let mut members = [Member::default(); MAX_GROUP];
        members[0] = member;
        self.group = Some(Group {
            members,
            len: 1,
            last_at: self.at,
            moved: None,
        });
        self.comparison = Comparison::default();
    }

    /// Pairs every metric of the group with a move, once.
    fn move_group(&mut self, motion: Motion, by: Mark) {
        let Some(group) = self.group.as_mut().filter(|g| g.moved.is_none()) else {
            return;
        };
        group.moved = Some((motion, by));
        let group = *group;
        for &member in &group.members[..group.len] {
            self.pair(member, motion, by);
        }
    }

    fn pair(&mut self, member: Member, motion: Motion, by: Mark) {
        let negated = member.mark.negated || by.negated;
        let clause = member.mark.clause.min(by.clause);
        let weight = motion.value_for(member.sign)
            * member.mark.boost
            * by.boost
            * clause
            * if negated { NEGATED } else { 1.0 };
        self.push_cue(
            member.mark.start.min(by.start),
            member.mark.end.max(by.end),
            weight,
        );
        self.last_motion = Some(motion);
    }

    /// A move: after a metric it may still act on an object that follows
    /// ("costs decreased profit"), so it waits until the next word tells.
    fn start_move(&mut self, mark: Mark, motion: Motion, polarity: Option<f64>) {
        self.flush_move();
        let subject = self
            .group
            .is_some_and(|g| g.moved.is_none() && self.at <= g.last_at + MOVE_REACH);
        self.pending = Some(Move {
            mark,
            motion,
            polarity,
            subject,
            quantified: false,
            skipped: 0,
        });
    }

    /// A move after its subject metric, once no object followed.
    fn resolve_subject_move(&mut self) {
        if let Some(pending) = self.pending.filter(|m| m.subject) {
            self.pending = None;
            self.move_group(pending.motion, pending.mark);
        }
    }

    /// A move that found no metric counts as a term, a reported change at
    /// least [`QUANTIFIED_MOVE`].
    fn flush_move(&mut self) {
        self.resolve_subject_move();
        if let Some(pending) = self.pending.take() {
            let polarity = pending.polarity.unwrap_or(0.0);
            let polarity = match pending.quantified {
                true => pending.motion.sign() * polarity.abs().max(QUANTIFIED_MOVE),
                false => polarity,
            };
            self.term(pending.mark, polarity);
        }
    }

    /// Metrics that never moved count by their own polarity.
    fn flush_group(&mut self) {
        let Some(group) = self.group.take() else {
            return;
        };
        if group.moved.is_none() {
            for member in &group.members[..group.len] {
                if let Some(polarity) = member.polarity {
                    self.term(member.mark, polarity);
                }
            }
        }
    }

    fn number(&mut self, amount: Amount<'a>, unit: &Unit) {
        self.resolve_subject_move();
        if amount.year {
            return;
        }
        if let Some(pending) = self
            .pending
            .as_mut()
            .filter(|m| self.at <= m.mark.at + QUANTIFIED_REACH)
        {
            pending.quantified = true;
        }
        let mark = self.mark(unit);
        if self
            .change_until
            .take()
            .is_some_and(|until| self.at <= until)
        {
            if let Some(motion) = self.last_motion.filter(|_| self.pending.is_none()) {
                self.move_group(motion, mark);
            }
            return;
        }
        self.compare(amount, mark);
    }

    /// Collects the current and earlier figure of an unmoved metric; once
    /// both are there, their order is the metric's move.
    fn compare(&mut self, amount: Amount<'a>, mark: Mark) {
        if self.group.is_none_or(|g| g.moved.is_some()) {
            return;
        }
        if self.baseline_until.is_some_and(|until| self.at <= until) {
            self.comparison.baseline.get_or_insert(amount);
        } else {
            self.comparison.current.get_or_insert(amount);
        }
        if let (Some(current), Some(baseline)) = (self.comparison.current, self.comparison.baseline)
        {
            self.comparison = Comparison::default();
            if let Some(direction) = direction_between(current, baseline) {
                self.move_group(Motion::Change(direction), mark);
            }
        }
    }

    fn end_clause(&mut self, weight: f64) {
        self.flush_move();
        self.flush_group();
        self.comparison = Comparison::default();
        self.baseline_metric = None;
        self.negation_until = None;
        self.boost = None;
        self.baseline_until = None;
        self.change_until = None;
        self.clause = weight;
    }
}

/// +1 if `current` is above `baseline`, −1 if below; nothing when they are
/// equal or not comparable (percent against amount, two currencies).
fn direction_between(current: Amount, baseline: Amount) -> Option<f64> {
    let currencies_differ =
        matches!((current.currency, baseline.currency), (Some(a), Some(b)) if a != b);
    if current.percent != baseline.percent || currencies_differ {
        return None;
    }
    let difference = current.value - baseline.value;
    let tolerance = 1e-3 * current.value.abs().max(baseline.value.abs());
    (difference.abs() > tolerance).then(|| difference.signum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use Polarity::{Negative, Neutral, Positive};

    fn lexicon() -> SentimentLexicon {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../packs/critical-minerals/sentiment.toml"
        ));
        SentimentLexicon::from_toml(text).unwrap()
    }

    fn score(text: &str, lexicon: &SentimentLexicon) -> SentenceSentiment {
        score_sentence(text, &tokenize(text), lexicon)
    }

    fn check(cases: &[(&str, Polarity)]) {
        let lexicon = lexicon();
        for &(text, expected) in cases {
            let result = score(text, &lexicon);
            let cues: Vec<_> = result
                .cues
                .iter()
                .map(|c| (&text[c.start as usize..c.end as usize], c.weight))
                .collect();
            assert_eq!(
                result.label, expected,
                "{text:?}: score {:.2}, cues {cues:?}",
                result.score
            );
        }
    }

    #[test]
    fn metric_and_move_in_either_order() {
        check(&[
            (
                "Net sales increased by 12 % to EUR 48.2 mn in the first half.",
                Positive,
            ),
            (
                "Operating profit fell to EUR 2.0 mn from EUR 5.5 mn a year ago.",
                Negative,
            ),
            (
                "There was an increase in net sales and operating profit.",
                Positive,
            ),
            (
                "Higher raw material costs weighed on the quarter.",
                Negative,
            ),
            ("The company cut its costs by EUR 3 mn.", Positive),
            ("The company will cut 120 jobs at its plant.", Negative),
            ("Net debt was reduced to EUR 40 mn.", Positive),
            ("The company expects net sales to grow next year.", Positive),
            (
                "The group's market share expanded to 31 % from 27 %.",
                Positive,
            ),
            (
                "Order intake declined sharply in the second quarter.",
                Negative,
            ),
        ]);
    }

    #[test]
    fn bad_metrics_read_the_other_way() {
        check(&[
            ("The operating loss narrowed to EUR 1.1 mn.", Positive),
            ("The net loss widened to EUR 6 mn.", Negative),
            ("Unemployment rose to 9 %.", Negative),
            ("Costs rose sharply because of energy prices.", Negative),
            ("The company reported a net loss of EUR 2 mn.", Negative),
        ]);
    }

    #[test]
    fn judgement_words_ignore_the_metric_sign() {
        check(&[
            ("The operating result improved clearly.", Positive),
            (
                "The operating loss improved from the previous quarter.",
                Positive,
            ),
            ("Margins deteriorated in the steel business.", Negative),
        ]);
    }

    #[test]
    fn figures_give_the_direction_when_no_word_does() {
        check(&[
            (
                "Pre-tax profit totalled EUR 7.5 mn , compared with EUR 9.8 mn in 2008 .",
                Negative,
            ),
            ("Net sales were EUR 31.0 mn ( EUR 27.4 mn ) .", Positive),
            ("EPS was EUR -0.05 ( EUR 0.10 ) .", Negative),
            (
                "Earnings per share were EUR 0.12 , up from EUR 0.08 .",
                Positive,
            ),
            ("Net sales doubled to EUR131m from EUR76m .", Positive),
            // A conversion between currencies is no comparison.
            ("Net sales were SEK 120 mn ( EUR 12 mn ) .", Neutral),
        ]);
    }

    #[test]
    fn swings_between_profit_and_loss() {
        check(&[
            ("The company swung to a net loss of EUR 0.5 mn from a net profit of EUR 1.9 mn.", Negative),
            ("It moved to an operating profit of EUR 1.2 mn from an operating loss of EUR 0.8 mn.", Positive),
            ("The unit turned from a loss to a profit in the autumn.", Positive),
        ]);
    }

    #[test]
    fn ellipsis_repeats_the_last_move() {
        check(&[(
            "Net sales increased by 4.1 % , and operating profit by 22.3 % .",
            Positive,
        )]);
        let lexicon = lexicon();
        let result = score(
            "Net sales decreased by 4 %, and operating profit by 22 %.",
            &lexicon,
        );
        assert_eq!(result.cues.len(), 2);
        assert!(result.cues.iter().all(|cue| cue.weight < 0.0));
    }

    #[test]
    fn negation_flips_a_few_words() {
        check(&[
            ("Revenue did not increase during the quarter.", Negative),
            ("Sales did n't fall despite the weak market .", Positive),
            ("The company failed to meet expectations.", Negative),
            ("The results were not disappointing.", Positive),
        ]);
    }

    #[test]
    fn clause_breaks_keep_pairs_apart() {
        check(&[
            (
                "Sales decreased slightly, but operating profit rose strongly.",
                Positive,
            ),
            (
                "Net sales rose slightly while operating profit fell sharply.",
                Negative,
            ),
            ("Despite the weak market, operating profit rose.", Positive),
        ]);
    }

    #[test]
    fn news_of_the_minerals_market() {
        check(&[
            ("China tightened export controls on rare earths.", Negative),
            ("Beijing threatened new curbs on gallium exports.", Negative),
            (
                "Beijing eased export controls after the truce with Washington.",
                Positive,
            ),
            ("Rare earth stocks rallied after the trade deal.", Positive),
            ("Lithium prices slumped on oversupply.", Negative),
            ("Tariff escalation hit miners.", Negative),
            ("MP Materials shares surged 20 % on Monday.", Positive),
        ]);
    }

    #[test]
    fn statements_stay_neutral() {
        check(&[
            (
                "The company is headquartered in Espoo and employs 350 people.",
                Neutral,
            ),
            (
                "The contract value is EUR 4 mn and deliveries will start in May.",
                Neutral,
            ),
            (
                "The plant will produce up to 10,000 tonnes a year.",
                Neutral,
            ),
            ("The company has operations in 12 countries.", Neutral),
            ("Net sales by region are shown in the table below.", Neutral),
            ("The deal is subject to regulatory approval.", Neutral),
        ]);
    }

    #[test]
    fn cues_point_at_the_evidence() {
        let lexicon = lexicon();
        let text = "Strong demand lifted sales, but margins narrowed.";
        let result = score(text, &lexicon);
        let spans: Vec<&str> = result
            .cues
            .iter()
            .map(|c| &text[c.start as usize..c.end as usize])
            .collect();
        assert_eq!(spans, ["Strong", "margins narrowed"]);
        assert!(result.cues[1].weight < 0.0);
    }

    #[test]
    fn intensifiers_scale_the_nearest_cue() {
        let lexicon = lexicon();
        let plain = score("Operating profit rose.", &lexicon).score;
        let sharp = score("Operating profit rose sharply.", &lexicon).score;
        let slight = score("Operating profit rose slightly.", &lexicon).score;
        assert!(slight < plain && plain < sharp, "{slight} {plain} {sharp}");
    }

    #[test]
    fn thresholds_are_symmetric() {
        assert_eq!(polarity_of(POLARITY_THRESHOLD), Positive);
        assert_eq!(polarity_of(-POLARITY_THRESHOLD), Negative);
        assert_eq!(polarity_of(0.29), Neutral);
        assert_eq!(polarity_of(-0.29), Neutral);
    }

    #[test]
    fn reads_figures() {
        let amount = word_amount("EUR131m").unwrap();
        assert_eq!((amount.value, amount.currency), (131e6, Some("EUR")));
        assert!(word_amount("Q3").is_none());
        assert!(word_amount("MP3x").is_none());
    }
}
