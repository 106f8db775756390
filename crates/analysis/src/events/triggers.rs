//! The triggers a sentence holds: cue hits of the pack's triggers, kept
//! when their grammar fits (a verb with the object its trigger asks for,
//! the words it requires) and, for weak ones, when support stands nearby.

use monazite_pack::cues::{Cue, CueHit};
use monazite_pack::events::{CueForm, PartyKind};
use monazite_pack::lexicon::VerbForm;

use super::Sentence;
use crate::brief::{Entity, QuantityKind};
use crate::grammar;

/// One trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TriggerHit {
    /// Index into the pack's triggers.
    pub trigger: u16,
    pub form: CueForm,
    pub hit: CueHit,
    /// First token and one past the last token of the cue.
    pub token: usize,
    pub end_token: usize,
    /// For a verb with an object: one past the object noun (after the
    /// verb), or `None` when the object stands before a passive verb.
    pub object_end: Option<usize>,
    /// The object noun stands before the verb ("price target raised to
    /// $109 by Acme", "Shares Sold by Acme").
    pub object_before: bool,
}

impl TriggerHit {
    pub fn is_verb(&self) -> bool {
        matches!(self.form, CueForm::Verb(_))
    }

    /// Where the trigger's arguments start: after its object, if any.
    pub fn args_from(&self) -> usize {
        self.object_end.unwrap_or(self.end_token)
    }
}

/// Nouns that, right after an object word, make it a modifier of another
/// thing: a share price, stock coverage, a stock split.
const OTHER_HEADS: &[&str] = &[
    "price",
    "prices",
    "coverage",
    "rating",
    "ratings",
    "target",
    "targets",
    "split",
    "performance",
    "market",
    "markets",
    "exchange",
    "chart",
    "picks",
    "analysis",
    "grade",
    "volume",
    "income",
    "decision",
    "buyback",
    "buybacks",
    "repurchase",
    "repurchases",
    "capital",
    "count",
    "sale",
    "sales",
    "offering",
    "issuance",
    "story",
    "rate",
    "rates",
    "narrative",
    "thesis",
    "case",
];

/// Nouns a trigger noun before them only modifies: "a Solar Financing
/// Partner", "its investment story", "acquisition costs", "the contract
/// manufacturer" name a party or a thing, not the act.
const MODIFIED_HEADS: &[&str] = &[
    "partner",
    "partners",
    "firm",
    "firms",
    "company",
    "companies",
    "arm",
    "unit",
    "provider",
    "providers",
    "story",
    "narrative",
    "thesis",
    "case",
    "strategy",
    "strategies",
    "opportunity",
    "opportunities",
    "grade",
    "activities",
    "costs",
    "expenses",
    "needs",
    "vehicle",
    "vehicles",
    "bank",
    "banks",
    "banker",
    "bankers",
    "manager",
    "managers",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "committee",
    "team",
    "officer",
    "officers",
    "manufacturer",
    "manufacturers",
    "pipeline",
    "appetite",
    "climate",
    "environment",
    "landscape",
    "philosophy",
    "style",
    "horizon",
    "horizons",
    "themes",
    "theme",
    "subsidiary",
    "management",
    "challenge",
    "competition",
    "conference",
    "summit",
    "forum",
    "webinar",
    "award",
    "awards",
    "prize",
    "options",
    "volume",
    "volumes",
    "income",
    "decision",
    "decisions",
];

/// How far an object noun may stand from its verb, in words.
const OBJECT_REACH: usize = 7;
/// How far a trigger's required words may stand from it, in words.
const REQUIRES_REACH: usize = 8;
/// How far support may stand from a weak trigger, in words.
const SUPPORT_REACH: usize = 8;

/// The least sum a bare "investment" can measure: below it a figure is a
/// share price or a per-share value, not money put in.
const INVESTED_SUM: f64 = 100_000.0;

impl Sentence<'_, '_> {
    /// The sentence's triggers, in text order; a longer cue hides the cues
    /// inside it ("export licensing" is an export control, not a licence).
    pub(crate) fn triggers(&self, hits: &[CueHit]) -> Vec<TriggerHit> {
        let doc = self.doc;
        let all: Vec<TriggerHit> = hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Trigger { trigger, form } => Some((h, trigger, form)),
                _ => None,
            })
            .map(|(hit, trigger, form)| TriggerHit {
                trigger,
                form,
                hit: *hit,
                token: doc.token_from(hit.start as usize),
                end_token: doc.token_until(hit.end as usize),
                object_end: None,
                object_before: false,
            })
            .collect();
        let longest = all.iter().filter(|c| {
            !all.iter().any(|o| {
                o.hit.start <= c.hit.start
                    && c.hit.end <= o.hit.end
                    && (o.hit.end - o.hit.start) > (c.hit.end - c.hit.start)
            })
        });
        // "to Brazilian private equity firm Patria Investments": a noun
        // inside a party's name states nothing.
        let in_a_name = |t: &TriggerHit| {
            !t.is_verb()
                && self
                    .parties
                    .iter()
                    .any(|p| p.first <= t.token && t.end_token <= p.end)
        };
        let fitting: Vec<TriggerHit> = longest
            .filter(|t| !in_a_name(t))
            .filter_map(|t| self.fitting(*t))
            .collect();
        // A verb read with its object ("buy shares of") says more than the
        // same verb alone ("buy"): the bare reading gives way.
        let framed = |t: &TriggerHit| t.object_end.is_some() || t.object_before;
        // A noun inside a verb's object ("increased its stake in": "stake
        // in") is that verb's, not an event of its own.
        let inside_object = |t: &TriggerHit| {
            !t.is_verb()
                && fitting.iter().any(|o| {
                    o.object_end
                        .is_some_and(|end| o.token < t.token && t.token < end)
                })
        };
        // One verb, two objects ("raised its quarterly dividend to $1.73
        // per share"): the verb's object is the nearer one.
        let farther_object = |t: &TriggerHit| {
            t.object_end.is_some_and(|end| {
                fitting
                    .iter()
                    .any(|o| o.token == t.token && o.object_end.is_some_and(|other| other < end))
            })
        };
        fitting
            .iter()
            .filter(|t| framed(t) || !fitting.iter().any(|o| o.token == t.token && framed(o)))
            .filter(|t| !inside_object(t) && !farther_object(t))
            .copied()
            .collect()
    }

    /// The trigger if its grammar fits: its object found, its required
    /// words present, a weak one supported.
    fn fitting(&self, mut t: TriggerHit) -> Option<TriggerHit> {
        let doc = self.doc;
        let trigger = &doc.pack.events.triggers[t.trigger as usize];
        // 'maintain "Buy" or "Outperform" ratings': a quoted word is a
        // rating's name, not a verb.
        if t.is_verb() && t.token > 0 && grammar::is_quote(doc, t.token - 1) {
            return None;
        }
        // "Upgraded to Buy at Jefferies", "Cut to Sell From Hold": a
        // capitalised rating after "to" with no object after it is the
        // rating's name ("Agrees to Buy Widget Corp" keeps its verb).
        let sentence_end = doc.sentence_tokens(self.s).end;
        let rating_name = t.is_verb()
            && t.token > 0
            && doc.is(t.token - 1, "to")
            && doc.tokens[t.token].is_capitalized(doc.text())
            && doc.is_any(t.token, &["buy", "sell", "hold"])
            && (t.end_token >= sentence_end
                || !doc.is_word(t.end_token)
                || doc.is_any(
                    t.end_token,
                    &["at", "from", "by", "on", "with", "and", "in"],
                ));
        if !t.is_verb() && doc.is_any(t.end_token, MODIFIED_HEADS) {
            return None;
        }
        // "offering a 1.6% yield", "funding a new plant": a noun of the
        // pack in "-ing" before an article is a verb, and not its act.
        if !t.is_verb()
            && t.end_token == t.token + 1
            && doc.tok(t.token).ends_with("ing")
            && doc.is_any(t.end_token, &["a", "an", "the", "its", "their"])
        {
            return None;
        }
        // "$6.7 billion in cash and investments": a balance, not an act.
        if !t.is_verb() && t.token >= 2 && doc.is(t.token - 1, "and") && doc.is(t.token - 2, "cash")
        {
            return None;
        }
        // "potential risks like China export restrictions", "concerns
        // about tariffs": an act named as a risk is no act.
        if !t.is_verb() && grammar::named_as_risk(doc, t.token, doc.sentence_tokens(self.s).start) {
            return None;
        }
        // "Copenhagen's 17,000-capacity Royal Arena": a measure glued to a
        // figure describes the noun after it.
        let measure = !t.is_verb()
            && t.token >= 2
            && doc.is_punct(t.token - 1, '-')
            && doc.tokens[t.token - 2].kind == crate::text::TokenKind::Number;
        if measure {
            return None;
        }
        // "Share Buy-Back", "a build-out": a verb glued to a hyphen is a
        // compound noun.
        if t.is_verb()
            && doc.is_punct(t.end_token, '-')
            && doc.tokens[t.end_token].start == doc.tokens[t.end_token - 1].end
            && doc.is_word(t.end_token + 1)
        {
            return None;
        }
        // "Gets a Buy from Wells Fargo", "a cut": after an article a verb's
        // word is a noun.
        let after_article =
            t.is_verb() && t.token > 0 && doc.is_any(t.token - 1, &["a", "an", "the"]);
        if rating_name || after_article {
            return None;
        }
        if !trigger.objects.is_empty() || !trigger.object_phrases.is_empty() {
            if let Some(end) = self.object_after(t.end_token, trigger) {
                t.object_end = Some(end);
            } else if t.is_verb()
                // "Shares Sold by Acme", not "Contract Win At ICF": a passive
                // participle, never a bare verb after a noun.
                && matches!(t.form, CueForm::Verb(forms) if forms.contains(VerbForm::Participle))
                && self.object_before(t.token, trigger)
            {
                t.object_before = true;
            } else {
                return None;
            }
        }
        if !trigger.requires.is_empty() {
            let mut buffer = [0u8; 16];
            let range = doc.sentence_tokens(self.s);
            // Words, not punctuation, count: "Initiates Aflac Inc(AFL.US)
            // With Sell Rating".
            let words_before = (range.start..t.token)
                .rev()
                .filter(|&i| doc.is_word(i))
                .take(REQUIRES_REACH);
            let words_after = (t.end_token..range.end)
                .filter(|&i| doc.is_word(i))
                .take(REQUIRES_REACH);
            let found = words_before.chain(words_after).any(|i| {
                doc.lower(i, &mut buffer)
                    .is_some_and(|w| trigger.requires.iter().any(|r| r == w))
            });
            if !found {
                return None;
            }
        }
        if !trigger.excludes.is_empty() {
            let mut buffer = [0u8; 16];
            let excluded = doc.sentence_tokens(self.s).any(|i| {
                doc.lower(i, &mut buffer)
                    .is_some_and(|w| trigger.excludes.iter().any(|x| x == w))
            });
            if excluded {
                return None;
            }
        }
        if trigger.weak && !self.supported(&t) {
            return None;
        }
        // 'a consensus "Hold" rating': over quotes and the rating's name
        // to the word before.
        let mut before = t.token.checked_sub(1);
        let mut skipped = 0;
        let headline = crate::mentions::is_title_case(doc, self.s);
        while let Some(b) = before.filter(|&b| {
            b > 0
                && skipped < 3
                && (grammar::is_quote(doc, b)
                    || (!headline && doc.is_word(b) && doc.tokens[b].is_capitalized(doc.text())))
        }) {
            before = Some(b - 1);
            skipped += 1;
        }
        // "maintains a consensus Hold rating": a generic word inside the
        // verb's object makes it as generic.
        let object_end = t.object_end.or(t
            .is_verb()
            .then(|| (t.end_token + 3).min(doc.sentence_tokens(self.s).end)));
        let generic_object = object_end.is_some_and(|end| {
            (t.end_token..end).any(|k| trigger.generic_after.iter().any(|w| doc.is(k, w)))
        });
        let generic = generic_object
            || before.is_some_and(|b| {
                trigger.generic_after.iter().any(|w| doc.is(b, w))
                    && !b.checked_sub(1).is_some_and(|bb| {
                        doc.is_any(
                            bb,
                            &[
                                "is", "are", "was", "were", "been", "be", "remain", "remains",
                            ],
                        )
                    })
            });
        let other_word = trigger.not_before.iter().any(|w| doc.is(t.end_token, w))
            || (t.token > 0 && trigger.not_after.iter().any(|w| doc.is(t.token - 1, w)))
            // "The Case For Investing In Sunrun", "a loss from investing in
            // the stock": a gerund after a preposition names no act.
            || (t.token > 0
                && ends_with_ignore_case(doc.tok(t.token), "ing")
                && doc.is_any(t.token - 1, &["for", "from", "of", "about", "before", "by"]))
            // "Investing.com", "InvestingPro": a site's name.
            || (doc.is_punct(t.end_token, '.') && doc.is_any(t.end_token + 1, &["com", "net", "org", "co"]));
        // "on the sidelines of the ASEAN summit" names a venue.
        let venue = (t.token.saturating_sub(5)..t.token).any(|i| doc.is(i, "sidelines"));
        if generic || other_word || venue {
            return None;
        }
        Some(t)
    }

    /// One past the object noun that follows a verb ending at `from`.
    fn object_after(&self, from: usize, trigger: &monazite_pack::events::Trigger) -> Option<usize> {
        let doc = self.doc;
        let end = doc.sentence_tokens(self.s).end;
        let mut i = from;
        let mut skipped = 0;
        while i < end && skipped <= OBJECT_REACH {
            if let Some(stop) = self.object_word(i, trigger) {
                return Some(stop);
            }
            // "Lowers FactSet (NYSE:FDS) Price Target": a listing tag.
            if doc.is_punct(i, '(') {
                if let Some(close) = (i + 1..(i + 7).min(end)).find(|&k| doc.is_punct(k, ')')) {
                    i = close + 1;
                    skipped += 1;
                    continue;
                }
            }
            let material = self.mentions.iter().any(|m| {
                matches!(m.entity, Entity::Material { .. } | Entity::Group { .. })
                    && doc.token_from(m.span.start) == i
            });
            if !(grammar::is_object_filler(doc, i) || material || self.is_capital_modifier(i)) {
                return None;
            }
            i += 1;
            skipped += 1;
        }
        None
    }

    /// Whether the object noun stands before a passive verb at `verb`, its
    /// agent after it: "price target raised to $109 by Acme", "Shares Sold
    /// by Acme LLC", "193,342 Shares in Tractor Supply Company $TSCO
    /// Purchased by Jump Financial LLC". Without an agent, "shares
    /// increased by 2.46%" is the stock's move, not a holding.
    fn object_before(&self, verb: usize, trigger: &monazite_pack::events::Trigger) -> bool {
        let doc = self.doc;
        let range = doc.sentence_tokens(self.s);
        let noun = (verb.saturating_sub(16).max(range.start)..verb)
            .rev()
            .find_map(|i| {
                let end = self.object_word(i, trigger)?;
                let between = end..verb;
                let names_only = between.clone().all(|k| {
                    self.in_a_party(k)
                        || doc.is_any(k, &["of", "in", "on", "$", "at", "by"])
                        || doc.is_punct(k, '$')
                        || doc.is_punct(k, '(')
                        || doc.is_punct(k, ')')
                        || doc.is_punct(k, ':')
                        // "Shares in D.R. Horton, Inc. $DHI Bought by".
                        || doc.is_punct(k, ',') && grammar::legal_suffix_at(doc, k + 1)
                        || (doc.is_word(k) && doc.tokens[k].is_capitalized(doc.text()))
                        || grammar::is_object_filler(doc, k)
                });
                names_only.then_some(i)
            });
        let agent = (verb + 1..(verb + 14).min(range.end)).any(|k| {
            doc.is_any(k, &["by", "at"])
                && self.parties.iter().any(|p| p.first > k && p.first <= k + 3)
        });
        noun.is_some() && agent
    }

    /// One past the object noun starting at token `i`, if one starts there.
    fn object_word(&self, i: usize, trigger: &monazite_pack::events::Trigger) -> Option<usize> {
        let doc = self.doc;
        let mut buffer = [0u8; 16];
        // "boost WYNN's share price" moves a price, not a stake; "initiates
        // MetLife stock coverage" starts coverage: the noun after is the
        // object's head.
        // "short interest decreased by 8.82%" is no position cut, "grow its
        // market share" no stake raised.
        let modifies_another = || {
            doc.is_any(i + 1, OTHER_HEADS)
                // "Share Buy-Back".
                || (doc.is(i + 1, "buy") && doc.is_punct(i + 2, '-') && doc.is(i + 3, "back"))
                || (i > 0 && doc.is(i - 1, "short") && doc.is(i, "interest"))
                || (i > 0 && doc.is_any(i - 1, &["market", "wallet", "mind"]) && doc.is(i, "share"))
        };
        // "Federal Realty Investment Trust stock price target raised": a
        // word of a name is no object.
        let in_a_name = || self.in_a_party(i);
        if doc
            .lower(i, &mut buffer)
            .is_some_and(|w| trigger.objects.contains(w))
        {
            return (!modifies_another() && !in_a_name()).then_some(i + 1);
        }
        trigger.object_phrases.iter().find_map(|words| {
            let fits = words
                .iter()
                .enumerate()
                .all(|(k, w)| doc.tok(i + k).eq_ignore_ascii_case(w));
            (fits && !in_a_name()).then_some(i + words.len())
        })
    }

    /// A capitalised word inside a name-like modifier ("China Halts Rare
    /// Earth Exports", "sold Acme Corp shares").
    fn is_capital_modifier(&self, i: usize) -> bool {
        let doc = self.doc;
        doc.is_word(i) && doc.tokens[i].is_capitalized(doc.text())
            || self.in_a_party(i)
            || doc.is_punct(i, '\'')
            || doc.is(i, "s")
    }

    /// Support for a weak trigger: money, a material, a hyphenated pair of
    /// states or two states near it, or a party it can bear on after it.
    fn supported(&self, t: &TriggerHit) -> bool {
        let doc = self.doc;
        let near = |first: usize, end: usize| {
            end + SUPPORT_REACH >= t.token && first <= t.end_token + SUPPORT_REACH
        };
        let material_near = self.mentions.iter().any(|m| {
            matches!(m.entity, Entity::Material { .. } | Entity::Group { .. })
                && near(doc.token_from(m.span.start), doc.token_until(m.span.end))
        });
        let money_near = self.quantities.iter().any(|q| {
            matches!(q.kind, QuantityKind::Money { .. })
                && near(doc.token_from(q.span.start), doc.token_until(q.span.end))
        });
        let pair_before = self.parties.iter().any(|p| {
            p.end + 2 >= t.token && p.end <= t.token && doc.is_punct(p.first.wrapping_sub(1), '-')
        });
        let mut states: Vec<&crate::brief::Party> = self
            .parties
            .iter()
            .filter(|p| p.is_state() && near(p.first, p.end))
            .map(|p| p.party())
            .collect();
        states.dedup();
        let types = &doc.pack.events.triggers[t.trigger as usize].types;
        let first_type = &doc.pack.events.types[types[0] as usize];
        // A company or organisation right after the cue ("a contract with
        // Acme", "charges against Widget") for types that act on one.
        let party_after = !first_type.targets.is_empty()
            && first_type.family == "wire"
            && self.parties.iter().any(|p| {
                p.first >= t.end_token
                    && p.first <= t.end_token + 4
                    && p.readings
                        .iter()
                        .any(|(_, k)| first_type.targets.contains(*k))
            });
        let company_after = first_type.actors.contains(PartyKind::Company)
            && first_type.family == "minerals"
            && first_type.id == "offtake"
            && self.parties.iter().any(|p| {
                p.is_company() && p.first >= t.end_token && p.first <= t.end_token + SUPPORT_REACH
            });
        // "a fair value target of $58.70 driven by its investments in
        // silicon carbide": a per-share figure is no sum invested.
        if first_type.id == "investment" {
            return self.quantities.iter().any(|q| {
                matches!(q.kind, QuantityKind::Money { value, .. } if value >= INVESTED_SUM)
                    && near(doc.token_from(q.span.start), doc.token_until(q.span.end))
            });
        }
        let minerals = first_type.family == "minerals";
        (material_near && minerals)
            || money_near
            || pair_before
            || states.len() >= 2
            || party_after
            || company_after
    }
}

/// Whether `word` ends with `suffix`, ASCII case aside, without allocating.
fn ends_with_ignore_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word.as_bytes()[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}
