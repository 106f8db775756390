//! Actor and target by meaning.
//!
//! First the grammar of the trigger gives roles: for a verb, its subject
//! and its object, or in the passive its "by" agent ("Widget price target
//! raised to $109 by Acme") and its subject as the one acted upon ("Widget
//! Shares Sold by Acme LLC"); for a noun, a possessive, demonym or noun
//! adjunct before it ("China's export controls", "Chinese concessions", "a
//! Washington stake"), the subject of the clause it stands in, an agent
//! after it ("controls announced by Beijing"), the objects of its
//! prepositions ("tariffs on China", "acquisition of Widget") and, after
//! a fronted phrase, the subject that follows ("Despite a deal with China,
//! the United States ..."). Objects of "on", "against", "with", "to",
//! "in"... are targets, never actors.
//!
//! Then the trigger's role pattern orders the candidates: the doer acts
//! (`agentive`); the subject receives from the actor (`recipient`: "X
//! secures $2 billion from Y" is Y's investment in X); a company acts on
//! the person who leaves or joins it (`departure`); the buyer named after
//! "to" acts when the subject sells (`seller`); the name before a rating
//! noun is the company rated (`rated`); the object of "replace" leaves
//! the index the clause names (`ousted`). The type is the first
//! of the trigger's types whose actor kinds accept a candidate, and the
//! target the first other candidate its target kinds accept.

use monazite_pack::events::{CueForm, EventType, PartyKind, Roles};

use super::parties::PartyRef;
use super::triggers::TriggerHit;
use super::Sentence;
use crate::brief::{Party, Span};
use crate::grammar;

/// Plural nouns of unnamed holders and insiders.
const UNNAMED_HOLDERS: &[&str] = &[
    "executives",
    "insiders",
    "investors",
    "funds",
    "shareholders",
    "stockholders",
    "directors",
    "officers",
    "holders",
    "traders",
    "institutions",
    "managers",
    "analysts",
];

/// The names of analysts' ratings that follow "at", "to" or "as".
const RATING_NAMES: &[&str] = &[
    "buy",
    "sell",
    "hold",
    "neutral",
    "overweight",
    "underweight",
    "outperform",
    "underperform",
    "equal-weight",
    "equal",
    "market",
    "sector",
    "peer",
    "strong",
    "accumulate",
    "reduce",
    "positive",
    "negative",
    "in-line",
    "speculative",
];

/// How far an agent ("by X", "at X") may stand after a verb, in words.
const AGENT_REACH: usize = 14;

/// The roles chosen for one trigger.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    pub kind: u16,
    pub actor: Party,
    pub actor_span: Option<Span>,
    pub target: Option<Party>,
}

/// The grammatical roles of one trigger.
#[derive(Debug, Default)]
struct Grammar<'p> {
    /// Who does it: the subject of an active verb, the agent of a passive.
    agent: Option<&'p PartyRef>,
    /// Who it is done to: the object of an active verb, the subject of a
    /// passive.
    patient: Option<&'p PartyRef>,
    /// A noun's possessor or modifier.
    possessor: Option<&'p PartyRef>,
    /// The grammatical subject before the trigger.
    subject: Option<&'p PartyRef>,
    /// Every party before the trigger that can be its subject, nearest first.
    subjects: Vec<&'p PartyRef>,
    /// "by X" after the trigger.
    by: Option<&'p PartyRef>,
    /// "by X" right after a noun trigger: the noun's agent ("its pending
    /// acquisition by Kimberly-Clark").
    nominal_agent: Option<&'p PartyRef>,
    /// "from X" or "at X" after the trigger.
    source: Option<&'p PartyRef>,
    /// "to X" after the trigger, in its clause.
    to: Option<&'p PartyRef>,
    /// The first object of a preposition after the trigger.
    object: Option<&'p PartyRef>,
    /// The subject after a fronted phrase.
    fronted: Option<&'p PartyRef>,
    /// Every party after the trigger, nearest first.
    after: Vec<&'p PartyRef>,
    /// The parties after the trigger in its clause, nearest first.
    after_in_clause: Vec<&'p PartyRef>,
    /// Every party before the trigger, nearest first.
    before: Vec<&'p PartyRef>,
    /// A hyphenated pair right before the trigger ("U.S.-China truce").
    pair: Option<(&'p PartyRef, &'p PartyRef)>,
    /// The trigger is a verb.
    verb: bool,
    /// The verb is passive.
    passive: bool,
    /// A state right after a noun in a reduced relative ("the tariff
    /// Trump had threatened").
    after_agent: Option<&'p PartyRef>,
    /// A noun its subject faces ("Live Nation faces ... a class action
    /// lawsuit"): the subject receives the act.
    faced: bool,
}

impl<'d> Sentence<'d, '_> {
    /// Actor, target and type of a trigger, if the sentence gives an actor
    /// one of its types accepts.
    ///
    /// `allows` says whether a type can take what the sentence says of the
    /// act (its status): a fund's position is never planned, so "will
    /// invest" passes from the holding to the investment.
    ///
    /// `controller` is the actor of the clause a participle, appositive or
    /// infinitive of purpose goes on from (`grammar::continues_clause`):
    /// its subject, whatever parties stand between.
    pub(crate) fn roles(
        &self,
        t: &TriggerHit,
        others: &[usize],
        controller: Option<Span>,
        allows: impl Fn(u16) -> bool,
    ) -> Option<Chosen> {
        let pack = self.doc.pack;
        let trigger = &pack.events.triggers[t.trigger as usize];
        let g = self.grammar(t, others, controller);
        // "some executives reducing their holdings", "insiders sold": an
        // unnamed subject right before the verb acts, and no one named
        // elsewhere does in its place.
        if g.verb && !g.passive && controller.is_none() && self.unnamed_subject(t.token) {
            return None;
        }
        // "CEO Spencer Rascoff recently increased his personal stake": a
        // person's act is theirs (an insider's) before it is their
        // employer's, wherever the trigger lists the type that takes it.
        let person_subject = g
            .subjects
            .first()
            .is_some_and(|p| matches!(p.party(), Party::Person(_)));
        let takes_person = |k: u16| {
            pack.events.types[k as usize]
                .actors
                .contains(PartyKind::Person)
        };
        let mut kinds: Vec<u16> = trigger
            .types
            .iter()
            .copied()
            .filter(|&k| allows(k))
            .collect();
        if person_subject {
            kinds.sort_by_key(|&k| !takes_person(k));
        }
        for kind in kinds {
            let event_type = &pack.events.types[kind as usize];
            if let Some(mut chosen) = self.choose(kind, event_type, trigger.roles, &g) {
                // Outside a report of positions, a listed firm's position
                // names the listed company held: "KKR in Talks to Acquire
                // Arctos Stake" is a deal, not a fund's holding.
                let genre = !event_type.report_actors.is_empty();
                let more_types = trigger
                    .types
                    .iter()
                    .skip_while(|&&k| k != kind)
                    .skip(1)
                    .any(|&k| allows(k));
                // ... for a stake taken, not one raised ("Swedbank
                // increasing its stake in Q3" is a position).
                let taken = || {
                    let verb = self.doc.tok(t.token).as_bytes();
                    ["acquir", "buy", "bought", "purchas", "take", "took"]
                        .iter()
                        .any(|w| {
                            verb.len() >= w.len()
                                && verb[..w.len()].eq_ignore_ascii_case(w.as_bytes())
                        })
                };
                if genre
                    && chosen.target.is_none()
                    && matches!(chosen.actor, Party::Company(_))
                    && !self.reports.contains(&kind)
                    && more_types
                    && taken()
                {
                    continue;
                }
                // A bank's or broker's act that must bear on someone and
                // names no one after it bears on the company before it
                // ("Albemarle stock surged after an upgrade from Jefferies,
                // who raised the price target"): the sentence's subject.
                let actors = self.actor_kinds(kind);
                // An analyst stands for their firm ("... by TD Cowen analyst
                // Moshe Orenbuch, who maintained a Buy rating").
                let adviser = g
                    .subjects
                    .iter()
                    .chain(g.by.iter())
                    .flat_map(|p| std::iter::once(*p).chain(self.employer(p)))
                    .any(|p| {
                        p.reading(|k| actors.contains(k))
                            .is_some_and(|a| *a == chosen.actor)
                            && p.is_adviser()
                    });
                // A bank is rated only when nothing else is ("Citi added
                // the company to its list, while TD Cowen raised its price
                // target" rates the company); with no one in the sentence,
                // the company the article was last about ("Morgan Stanley
                // also adjusted its rating earlier to Equal Weight").
                if chosen.target.is_none() && trigger.needs_target && adviser {
                    let rated = |p: &&&PartyRef| {
                        p.reading(|k| event_type.targets.contains(k))
                            .is_some_and(|t| *t != chosen.actor)
                    };
                    let before = || g.before.iter().rev().filter(|p| !p.is_state());
                    chosen.target = before()
                        .filter(|p| !p.is_adviser())
                        .find(rated)
                        .or_else(|| before().find(rated))
                        .copied()
                        .or(self.last_company.filter(|p| !p.is_adviser()))
                        .and_then(|p| p.reading(|k| event_type.targets.contains(k)))
                        .filter(|t| **t != chosen.actor)
                        .cloned();
                }
                return Some(chosen);
            }
        }
        None
    }

    fn choose(
        &self,
        kind: u16,
        event_type: &EventType,
        roles: Roles,
        g: &Grammar<'d>,
    ) -> Option<Chosen> {
        let actors = self.actor_kinds(kind);
        let accepts_actor = |p: &PartyRef| p.reading(|k| actors.contains(k)).cloned();
        // "acquired Hanley Energy Group": an unlisted fund's or broker's
        // name may be acted upon as any organisation.
        let accepts_target = |p: &PartyRef| {
            p.reading(|k| event_type.targets.contains(k))
                .or_else(|| {
                    p.reading(|k| matches!(k, PartyKind::Fund | PartyKind::Broker))
                        .filter(|party| {
                            matches!(party, Party::Organization(_))
                                && event_type.targets.contains(PartyKind::Organization)
                        })
                })
                .cloned()
        };
        if event_type.symmetric {
            return self.symmetric(kind, event_type, g);
        }
        // "Live Nation faces ... a class action lawsuit and antitrust suits
        // from the DOJ": what its subject faces, it receives.
        let roles = if g.faced && !g.verb && roles == Roles::Agentive {
            Roles::Recipient
        } else {
            roles
        };
        let actor_candidates: Vec<&PartyRef> = match roles {
            Roles::Agentive if g.verb && g.passive => {
                [g.agent, g.possessor].into_iter().flatten().collect()
            }
            Roles::Agentive if g.verb => [g.agent].into_iter().flatten().collect(),
            // A noun's subject is the nearest party before it that can act
            // ("The U.S. Geological Survey added copper and silver to its
            // critical minerals list": the survey, not silver).
            Roles::Agentive => [g.nominal_agent, g.possessor]
                .into_iter()
                .flatten()
                .chain(
                    g.subjects
                        .iter()
                        .copied()
                        .filter(|p| accepts_actor(p).is_some())
                        .take(1),
                )
                .chain(
                    [g.by, g.after_agent, g.fronted, g.source]
                        .into_iter()
                        .flatten(),
                )
                .collect(),
            // A recipient noun's giver may also be a state that owns it or
            // says it ("a U.S. Army contract", "the Pentagon announced a
            // $328 million contract for Lockheed Martin").
            Roles::Recipient if !g.verb => [g.source, g.by]
                .into_iter()
                .flatten()
                .chain(g.possessor.filter(|p| p.is_state()))
                .chain(g.subjects.first().copied().filter(|p| p.is_state()))
                .collect(),
            Roles::Recipient => [g.source, g.by].into_iter().flatten().collect(),
            // The buyer after "to": "sold its stake in Wella to KKR".
            Roles::Seller => g.to.into_iter().collect(),
            // "BMO Capital Markets Lowers FactSet (NYSE:FDS) Price Target":
            // the actor is a subject that is not the rating's possessor.
            // "... by TD Cowen analyst Moshe Orenbuch, who maintained a Buy
            // rating": an analyst stands for their firm.
            Roles::Rated => g
                .nominal_agent
                .into_iter()
                .chain(g.subjects.iter().copied())
                .filter(|p| {
                    g.possessor.is_none_or(|o| !std::ptr::eq(*p, o))
                        && (accepts_actor(p).is_some()
                            || self.employer(p).is_some_and(|e| accepts_actor(e).is_some()))
                })
                .take(1)
                // "driven by a BMO Capital Markets upgrade to Outperform": a
                // bank's name before the noun is the one who rates.
                .chain(g.possessor.filter(|p| !g.verb && p.is_adviser()))
                .chain(
                    [g.by, g.after_agent, g.fronted, g.source]
                        .into_iter()
                        .flatten(),
                )
                .collect(),
            // The index a company joins: the nearest of the clause.
            // The index a company leaves: the one just named ("moving into
            // the S&P 100, where it will bump DuPont").
            Roles::Ousted => g
                .before
                .iter()
                .chain(g.after.iter())
                .copied()
                .filter(|p| p.reading(|k| actors.contains(k)).is_some())
                .take(1)
                .collect(),
            Roles::Venue => g
                .after
                .iter()
                .chain(g.before.iter())
                .copied()
                .filter(|p| p.reading(|k| actors.contains(k)).is_some())
                .take(1)
                .collect(),
            // The company the person leaves or joins: named with them
            // ("Widget CEO Jane Doe"), or after "from", "at", "of".
            Roles::Departure => g
                .before
                .iter()
                .chain(g.after.iter())
                .copied()
                .filter(|p| p.is_company())
                .take(1)
                .collect(),
        };
        // "Morgan Stanley analyst Betsy Graseck assigned a Hold rating": a
        // person who cannot act for the type acts for their employer.
        let actor_candidates: Vec<&PartyRef> = actor_candidates
            .iter()
            .flat_map(|p| std::iter::once(*p).chain(self.employer(p)))
            .collect();
        let (actor_ref, actor) = actor_candidates
            .iter()
            .find_map(|p| accepts_actor(p).map(|a| (*p, a)))?;
        let target_candidates: Vec<&PartyRef> = match roles {
            // An active verb acts on its object, never on its subject; a
            // person acts for the company named with their title ("Enphase
            // Energy director Rodgers sells stock").
            // A verb's targets stay in its clause: ", while Macquarie
            // estimates ..." names no one JPMorgan's target bears on.
            Roles::Agentive if g.verb && !g.passive => self
                .employer(actor_ref)
                .into_iter()
                .chain([g.patient, g.object].into_iter().flatten())
                .chain(g.after_in_clause.iter().copied())
                .collect(),
            Roles::Agentive => [g.patient, g.object, g.possessor, g.subject]
                .into_iter()
                .flatten()
                .chain(self.employer(actor_ref))
                .chain(g.after.iter().copied())
                .collect(),
            Roles::Recipient => [g.subject, g.possessor, g.patient]
                .into_iter()
                .flatten()
                .collect(),
            // ... else the company the sentence is about, before the
            // analyst ("Capital One (COF) is considered undervalued by TD
            // Cowen analyst Moshe Orenbuch, who maintained a Buy rating").
            Roles::Rated => [g.possessor, g.patient, g.object, g.subject]
                .into_iter()
                .flatten()
                .chain(g.after.iter().copied())
                .chain(g.before.iter().copied())
                .collect(),
            // What is sold: the company the stake is in, never the seller.
            Roles::Seller => [g.object, g.patient]
                .into_iter()
                .flatten()
                .filter(|p| g.subject.is_none_or(|s| !std::ptr::eq(*p, s)))
                .collect(),
            // "replacing Acadia Healthcare": the object leaves.
            Roles::Ousted => [g.patient, g.object].into_iter().flatten().collect(),
            Roles::Venue if g.passive => [g.subject, g.possessor].into_iter().flatten().collect(),
            Roles::Venue => [g.subject, g.agent, g.possessor, g.patient]
                .into_iter()
                .flatten()
                .chain(g.before.iter().copied())
                .collect(),
            Roles::Departure => [g.subject, g.agent, g.patient]
                .into_iter()
                .flatten()
                .chain(g.before.iter().copied())
                .chain(g.after.iter().copied())
                .collect(),
        };
        // A company acted upon before a place: "a refinery in Western
        // Australia to be built by Alcoa" bears on Alcoa.
        let others = || {
            target_candidates
                .iter()
                .filter(|p| !std::ptr::eq(**p, actor_ref))
        };
        // "initiated coverage on Hartford Financial": the object of the
        // verb's preposition is acted upon too, even when it is a bank.
        // A recipient's subject is acted upon as surely as an object
        // ("KKR Receives New Buy Rating from UBS").
        let recipient_subject = if roles == Roles::Recipient {
            g.subject
        } else {
            None
        };
        let as_object = |p: &PartyRef| {
            [g.patient, g.possessor, g.object, recipient_subject]
                .into_iter()
                .flatten()
                .any(|o| std::ptr::eq(o, p))
                || self.after_preposition(p.first)
        };
        let allowed = |p: &&&PartyRef| {
            !(event_type.advisers_targeted_as_object && p.is_adviser() && !as_object(p))
        };
        let target = others()
            .filter(allowed)
            .filter(|p| !p.is_state())
            .find_map(|p| accepts_target(p).filter(|t| *t != actor))
            .or_else(|| {
                others()
                    .filter(allowed)
                    .find_map(|p| accepts_target(p).filter(|t| *t != actor))
            });
        Some(Chosen {
            kind,
            actor,
            actor_span: Some(actor_ref.span),
            target,
        })
    }

    /// Whether the word right before the verb at `v` (over auxiliaries and
    /// adverbs) is an unnamed holder or insider: "executives", "insiders",
    /// "investors", "funds", "shareholders".
    fn unnamed_subject(&self, v: usize) -> bool {
        let doc = self.doc;
        let start = doc.sentence_tokens(self.s).start;
        let mut k = v;
        while k > start
            && (doc.is_any(k - 1, grammar::VERB_GROUP_FILLERS)
                || (doc.is_word(k - 1) && doc.tok(k - 1).ends_with("ly")))
        {
            k -= 1;
        }
        if k > start
            && doc.is_any(k - 1, UNNAMED_HOLDERS)
            && !self.parties.iter().any(|p| p.first < k && k <= p.end)
        {
            return true;
        }
        // "A director of Conagra Brands (NYSE: CAG) acquired 1,768 shares",
        // "An executive at AAON recently purchased": an unnamed officer of
        // the company named after "of" or "at".
        // The name, over its listing tag: "AAON, Inc. (NASDAQ:AAON)".
        let tagged = |p: &&PartyRef| {
            p.first > 0 && (doc.is_punct(p.first - 1, '(') || doc.is_punct(p.first - 1, ':'))
        };
        let Some(company) = self
            .parties
            .iter()
            .rev()
            .filter(|p| p.end <= k)
            .find(|p| !tagged(p))
        else {
            return false;
        };
        let tag_only = (company.end..k).all(|j| {
            doc.is_punct(j, '(')
                || doc.is_punct(j, ')')
                || doc.is_punct(j, ':')
                || doc.is_punct(j, ',')
                || doc.is_punct(j, '.')
                || doc.is_word(j) && doc.tok(j).chars().all(|c| c.is_ascii_uppercase())
                || monazite_pack::names::is_legal_suffix(doc.tok(j))
        });
        let titles = &doc.pack.titles;
        tag_only
            && company.first >= start + 3
            && doc.is_any(company.first - 1, &["of", "at"])
            && {
                let mut buffer = [0u8; 16];
                doc.lower(company.first - 2, &mut buffer).is_some_and(|w| {
                    titles.contains(w)
                        || matches!(w, "executive" | "director" | "officer" | "insider")
                })
            }
            && doc.is_any(company.first - 3, &["a", "an", "one", "another"])
            // "Dana K. Whitfield, a director of Walmart, purchased": an
            // appositive after a name is that person's title.
            && !(company.first - 3 > start && doc.is_punct(company.first - 4, ','))
    }

    /// "Prudential Starts at Neutral", "Widget Upgraded to Buy at Acme":
    /// a rating verb followed by the rating reads as a headline's passive,
    /// its subject the company rated.
    fn rated_headline(&self, t: &TriggerHit) -> bool {
        let doc = self.doc;
        let events = &doc.pack.events;
        // "after a Jefferies upgrade to Outperform": a noun after an
        // article and a name, not a passive.
        let noun_use = self.parties.iter().any(|p| {
            p.end == t.token && p.first > 0 && doc.is_any(p.first - 1, &["a", "an", "the"])
        }) || (t.token > 0 && doc.is_any(t.token - 1, &["a", "an", "the"]));
        // The words first: most verbs are followed by neither.
        !noun_use
            && t.object_end.is_none()
            && doc.is_any(t.end_token, &["at", "to", "as"])
            && doc.is_any(t.end_token + 1, RATING_NAMES)
            && events
                .type_index("analyst_rating")
                .is_some_and(|k| events.triggers[t.trigger as usize].types.contains(&k))
    }

    /// Whether the name ending at `first` (a listing tag after it counts:
    /// "on Hartford Financial Services (NYSE:HIG)") is the object of "on",
    /// "of" or "for".
    fn after_preposition(&self, first: usize) -> bool {
        let doc = self.doc;
        let start = doc.sentence_tokens(self.s).start;
        let mut k = first;
        let mut skipped = 0;
        while k > start && skipped < 8 {
            k -= 1;
            if doc.is_any(k, &["on", "of", "for"]) {
                return true;
            }
            let in_name = doc.is_punct(k, '(')
                || doc.is_punct(k, ':')
                || (doc.is_word(k) && doc.tokens[k].is_capitalized(doc.text()));
            if !in_name {
                return false;
            }
            skipped += 1;
        }
        false
    }

    /// The company a person is named with: "Enphase Energy director
    /// Thurman Rodgers", "Rodgers, a director of Enphase Energy".
    fn employer(&self, person: &PartyRef) -> Option<&'d PartyRef> {
        if !matches!(person.party(), Party::Person(_)) {
            return None;
        }
        let doc = self.doc;
        let titles = &doc.pack.titles;
        let title_word = |k: usize| {
            let mut buffer = [0u8; 16];
            doc.lower(k, &mut buffer)
                .is_some_and(|w| titles.contains(w))
                || doc.is_any(
                    k,
                    &[
                        "chief",
                        "executive",
                        "officer",
                        "financial",
                        "operating",
                        "vice",
                        "senior",
                        "'",
                        "s",
                        "of",
                        "at",
                        "a",
                        "the",
                        ",",
                        ".",
                    ],
                )
        };
        let before = self.parties.iter().rev().find(|p| {
            p.is_company()
                && p.end <= person.first
                && person.first - p.end <= 5
                && (p.end..person.first).all(title_word)
        });
        let after = self.parties.iter().find(|p| {
            p.is_company()
                && p.first >= person.end
                && p.first - person.end <= 8
                && (person.end..p.first).all(title_word)
        });
        before.or(after).copied()
    }

    /// Deals and talks bind two sides: a hyphenated pair names both; else
    /// the actor as for other types (or the first party after "with"), and
    /// the other side the nearest other state in the sentence.
    fn symmetric(&self, kind: u16, event_type: &EventType, g: &Grammar<'d>) -> Option<Chosen> {
        let state = |p: &PartyRef| p.reading(|k| event_type.actors.contains(k)).cloned();
        if let Some((first, second)) = g.pair {
            if let (Some(a), Some(b)) = (state(first), state(second)) {
                return Some(Chosen {
                    kind,
                    actor: a,
                    actor_span: Some(first.span),
                    target: Some(b),
                });
            }
        }
        let (actor_ref, actor) = [g.possessor, g.subject, g.by, g.fronted]
            .into_iter()
            .flatten()
            .find_map(|p| state(p).map(|a| (p, a)))
            .or_else(|| {
                // Talks "with China": the other side is still a party.
                [g.object]
                    .into_iter()
                    .flatten()
                    .chain(g.after.iter().copied().take(1))
                    .find_map(|p| state(p).map(|a| (p, a)))
            })?;
        let doc = self.doc;
        let place = |o: &PartyRef| {
            o.first > 0
                && doc.is_any(
                    o.first - 1,
                    &["in", "at", "near", "across", "outside", "inside", "from"],
                )
        };
        let target = g
            .object
            .filter(|o| state(o).is_some_and(|s| s != actor))
            .or_else(|| {
                let mut others: Vec<&PartyRef> = g
                    .before
                    .iter()
                    .chain(&g.after)
                    .copied()
                    .filter(|o| state(o).is_some_and(|s| s != actor) && !place(o))
                    .collect();
                others.sort_by_key(|o| o.first.abs_diff(actor_ref.first));
                others.first().copied()
            })
            .and_then(state);
        Some(Chosen {
            kind,
            actor,
            actor_span: Some(actor_ref.span),
            target,
        })
    }

    /// The grammatical roles of a trigger.
    fn grammar(&self, t: &TriggerHit, others: &[usize], controller: Option<Span>) -> Grammar<'d> {
        let doc = self.doc;
        let (c, c_end) = (t.token, t.args_from());
        let mut g = Grammar::<'d> {
            before: self
                .parties
                .iter()
                .rev()
                .filter(|p| p.end <= c)
                .copied()
                .collect(),
            after: self
                .parties
                .iter()
                .filter(|p| p.first >= c_end)
                .copied()
                .collect(),
            ..Grammar::default()
        };
        // Parties between the verb and the end of its object ("sold 150,000
        // Acme shares") count as after it.
        if t.object_end.is_some() {
            let inside: Vec<&PartyRef> = self
                .parties
                .iter()
                .filter(|p| p.first >= t.end_token && p.end <= c_end)
                .copied()
                .collect();
            g.after.splice(0..0, inside);
        }
        let prep = |p: &PartyRef| grammar::preposition_before(doc, p.first);
        let clause_end = (c_end..doc.sentence_tokens(self.s).end)
            .find(|&i| grammar::ends_clause(doc, i))
            .unwrap_or(usize::MAX);
        let after_in_clause = |p: &&&PartyRef| p.first < clause_end;
        g.after_in_clause = g.after.iter().filter(after_in_clause).copied().collect();
        g.by = g
            .after
            .iter()
            .filter(after_in_clause)
            .find(|p| prep(p) == Some("by") && p.first <= c_end + AGENT_REACH)
            .copied();
        g.source = g
            .after
            .iter()
            .filter(after_in_clause)
            .find(|p| matches!(prep(p), Some("from" | "at")) && p.first <= c_end + AGENT_REACH)
            .copied();
        g.to = g
            .after
            .iter()
            .filter(after_in_clause)
            .find(|p| prep(p) == Some("to") && p.first <= c_end + AGENT_REACH)
            .copied();
        g.object = g
            .after
            .iter()
            .filter(after_in_clause)
            .find(|p| {
                matches!(
                    prep(p),
                    Some("on" | "of" | "in" | "against" | "with" | "to" | "for" | "into" | "over")
                ) && p.first <= c_end + 6
            })
            .copied();
        // A hyphenated pair right before the cue: "U.S.-China trade truce".
        if let Some(second) = g
            .before
            .iter()
            .find(|p| p.first > 0 && doc.is_punct(p.first - 1, '-') && c - p.end <= 4)
        {
            if let Some(first) = g.before.iter().find(|p| p.end + 1 == second.first) {
                g.pair = Some((first, second));
            }
        }
        // "This comes as Synopsys missed estimates", "... and Barclays
        // raised": after a conjunction, a party right before the verb is
        // its subject.
        let opens_clause = |p: &PartyRef| {
            matches!(prep(p), Some("as" | "and"))
                && (p.end..c).all(|k| doc.is_any(k, grammar::VERB_GROUP_FILLERS))
        };
        g.subjects = g
            .before
            .iter()
            .filter(|p| {
                (prep(p).is_none() || opens_clause(p))
                    && !((p.possessive || p.paired) && blocked(others, p.end, c))
            })
            .copied()
            .collect();
        // "Terrance Wilson, SVP & General Counsel at Williams (NYSE:WMB),
        // sold": the parties of an appositive between commas right before
        // the verb are not its subject.
        if let Some((open, close)) = appositive_before(doc, c, doc.sentence_tokens(self.s).start) {
            g.subjects.retain(|p| !(p.first > open && p.end <= close));
        }
        // "..., while other institutional investors increased their stakes":
        // a subordinate clause has its own subject; none named, none taken
        // from the clause before.
        let sentence_start = doc.sentence_tokens(self.s).start;
        if let Some(opening) = (sentence_start..c)
            .rev()
            .find(|&i| doc.is_punct(i, ',') && doc.is_any(i + 1, grammar::SUBORDINATORS))
        {
            g.subjects.retain(|p| p.first > opening);
        }
        // "an upgrade from Jefferies, who raised the price target": the
        // subject of a relative clause is the party it hangs on, whatever
        // the preposition before it.
        let relative = (c.saturating_sub(3)..c)
            .rev()
            .find(|&k| doc.is_any(k, &["who", "which", "that"]))
            .filter(|&k| (k + 1..c).all(|j| doc.is_any(j, grammar::VERB_GROUP_FILLERS)));
        if let Some(k) = relative {
            let hangs_on = k.checked_sub(usize::from(doc.is_punct(k.wrapping_sub(1), ',')));
            match hangs_on.and_then(|end| self.parties.iter().find(|p| p.end == end)) {
                Some(p) => {
                    g.subjects.retain(|s| !std::ptr::eq(*s, *p));
                    g.subjects.insert(0, p);
                }
                // "encouraging shareholders who purchased shares": a
                // relative on an unnamed noun has that noun as subject.
                None if hangs_on.is_some_and(|end| doc.is_word(end - 1)) && doc.is(k, "who") => {
                    g.subjects.clear();
                }
                None => {}
            }
        }
        // "with TD Cowen reiterating a Buy rating and UBS initiating
        // coverage": a gerund's subject stands right before it, whatever
        // the preposition before that.
        // So does the maker of a verb said as a noun ("driven by a BMO
        // Capital Markets upgrade to Outperform").
        let gerund = matches!(t.form, CueForm::Verb(forms) if forms.contains(monazite_pack::lexicon::VerbForm::Gerund));
        let made_by = |p: &PartyRef| p.first > 0 && doc.is_any(p.first - 1, &["a", "an", "the"]);
        if matches!(t.form, CueForm::Verb(_)) {
            if let Some(p) = self
                .parties
                .iter()
                .find(|p| p.end == c && prep(p).is_some() && (gerund || made_by(p)))
            {
                g.subjects.retain(|s| !std::ptr::eq(*s, *p));
                g.subjects.insert(0, p);
            }
        }
        let controlled = controller.and_then(|span| {
            self.parties
                .iter()
                .find(|p| p.span == span && p.first < c)
                .copied()
        });
        if let Some(p) = controlled {
            g.subjects.retain(|s| !std::ptr::eq(*s, p));
            g.subjects.insert(0, p);
        }
        g.subject = g.subjects.first().copied();
        match t.form {
            CueForm::Verb(forms) => {
                // The object stands in the verb's phrase: not after a comma
                // ("maintains a Buy rating on Valero, Mizuho ...").
                let direct = g
                    .after
                    .iter()
                    .filter(after_in_clause)
                    .find(|p| {
                        p.first <= c_end + 4
                            && prep(p).is_none_or(|w| w != "by" && w != "from" && w != "at")
                            && !(c_end..p.first).any(|k| doc.is_punct(k, ','))
                    })
                    .copied();
                let agent_after = g.by.is_some()
                    || (t.object_before && g.source.is_some_and(|s| prep(s) == Some("at")));
                g.verb = true;
                // ", selling 8,405 shares": a participle clause after a comma
                // takes the subject of its sentence.
                let clause_participle = forms.contains(monazite_pack::lexicon::VerbForm::Gerund)
                    && c > 0
                    && doc.is_punct(c - 1, ',');
                if clause_participle && controlled.is_none() {
                    g.subject = self
                        .parties
                        .iter()
                        .find(|p| p.end <= c && prep(p).is_none())
                        .copied();
                }
                let subject = g.subject;
                if grammar::is_passive(doc, c, forms, agent_after) || self.rated_headline(t) {
                    g.passive = true;
                    g.agent = g.by.or_else(|| g.source.filter(|s| prep(s) == Some("at")));
                    g.patient = subject;
                } else {
                    g.agent = subject;
                    g.patient = direct.or(g.object);
                }
            }
            CueForm::Noun | CueForm::Phrase => {
                // A possessive, demonym or noun adjunct right before the cue.
                g.possessor = g
                    .before
                    .iter()
                    .find(|p| {
                        ((p.possessive || p.demonym)
                            && c - p.end <= 8
                            && !blocked(others, p.end, c))
                            || p.end == c
                    })
                    .copied();
                // A reduced relative clause: "the tariff Trump had threatened".
                g.after_agent = g
                    .after
                    .iter()
                    .find(|p| p.first <= c_end + 2 && prep(p).is_none() && p.is_state())
                    .copied();
                g.patient = g.object;
                // ... or "from X" ("an analyst upgrade from Wells Fargo",
                // "an investment from Apollo").
                g.nominal_agent =
                    g.by.filter(|p| doc.is(c_end, "by") && p.first <= c_end + 2)
                        .or_else(|| {
                            g.source
                                .filter(|p| doc.is(c_end, "from") && p.first <= c_end + 2)
                        });
                g.faced = g.subjects.first().is_some_and(|subject| {
                    (subject.end..c).any(|k| {
                        doc.is_any(
                            k,
                            &[
                                "faces", "face", "facing", "faced", "battles", "battling",
                                "fights", "fighting",
                            ],
                        )
                    }) && !(subject.end..c).any(|k| doc.is_punct(k, ';'))
                });
                // The subject after a fronted phrase: the first party a few
                // words after a comma, not inside a relative clause.
                g.fronted = g
                    .after
                    .iter()
                    .find(|p| {
                        let comma = (p.first.saturating_sub(4)..p.first).rev().find(|&i| {
                            i >= c_end
                                && doc.is_punct(i, ',')
                                && !grammar::legal_suffix_at(doc, i + 1)
                        });
                        comma.is_some_and(|k| {
                            !(k..p.first).any(|i| doc.is_any(i, grammar::RELATIVES))
                        }) && prep(p).is_none()
                    })
                    .copied();
            }
        }
        g
    }
}

/// The commas that enclose an appositive right before token `c` (over an
/// adverb or auxiliary): `(opening, closing)`.
fn appositive_before(doc: &crate::doc::Doc<'_>, c: usize, start: usize) -> Option<(usize, usize)> {
    let mut close = c.checked_sub(1)?;
    while close > start
        && doc.is_any(
            close,
            &[
                "has",
                "have",
                "had",
                "also",
                "recently",
                "then",
                "reportedly",
            ],
        )
    {
        close -= 1;
    }
    if !doc.is_punct(close, ',') {
        return None;
    }
    let open = (close.saturating_sub(16).max(start)..close)
        .rev()
        .find(|&k| doc.is_punct(k, ',') && !grammar::legal_suffix_at(doc, k + 1))?;
    (open > start).then_some((open, close))
}

/// Whether another event cue stands between token `a` and token `b`.
fn blocked(others: &[usize], a: usize, b: usize) -> bool {
    others.iter().any(|&o| a <= o && o < b)
}
