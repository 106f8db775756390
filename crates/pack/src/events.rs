//! The compiled event knowledge: types with their party kinds, statuses
//! and magnitudes, the triggers that state them, and the statuses, every
//! reference checked when the pack compiles.

use rustc_hash::FxHashSet as HashSet;

use crate::lexicon::{noun_forms, verb_forms};
use crate::model::{EventsFile, ExposureRuleEntry, StatusEntry, TriggerEntry};
use crate::PackError;

const FILE: &str = "events.toml";

/// A kind of party that may act or be acted upon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum PartyKind {
    /// A country, its agencies and officials.
    State = 1,
    /// A listed company.
    Company = 1 << 1,
    /// A listed company of the `finance` stage.
    Bank = 1 << 2,
    /// An unlisted broker or bank ("Harbourline Securities").
    Broker = 1 << 3,
    /// A fund, asset manager or institutional holder ("Acme Advisors LLC").
    Fund = 1 << 4,
    /// A credit rating agency.
    RatingAgency = 1 << 5,
    /// Any other named organisation.
    Organization = 1 << 6,
    Person = 1 << 7,
    Material = 1 << 8,
    Index = 1 << 9,
}

impl PartyKind {
    pub const ALL: [PartyKind; 10] = [
        PartyKind::State,
        PartyKind::Company,
        PartyKind::Bank,
        PartyKind::Broker,
        PartyKind::Fund,
        PartyKind::RatingAgency,
        PartyKind::Organization,
        PartyKind::Person,
        PartyKind::Material,
        PartyKind::Index,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::State => "state",
            PartyKind::Company => "company",
            PartyKind::Bank => "bank",
            PartyKind::Broker => "broker",
            PartyKind::Fund => "fund",
            PartyKind::RatingAgency => "rating_agency",
            PartyKind::Organization => "organization",
            PartyKind::Person => "person",
            PartyKind::Material => "material",
            PartyKind::Index => "index",
        }
    }

    pub fn parse(name: &str) -> Option<PartyKind> {
        PartyKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A set of party kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PartyKinds(u16);

impl PartyKinds {
    /// Whether `kind` is in the set; a bank is a company too, so a set
    /// with companies takes banks.
    pub fn contains(self, kind: PartyKind) -> bool {
        self.0 & kind as u16 != 0
            || (kind == PartyKind::Bank && self.0 & PartyKind::Company as u16 != 0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds of either set.
    pub fn union(self, other: PartyKinds) -> PartyKinds {
        PartyKinds(self.0 | other.0)
    }
}

/// A kind of quantity that measures an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MagnitudeKind {
    Percent,
    Money,
    Price,
    Count,
    Duration,
    /// A count of shares ("15,390 shares").
    Shares,
}

impl MagnitudeKind {
    fn parse(name: &str) -> Option<MagnitudeKind> {
        Some(match name {
            "percent" => MagnitudeKind::Percent,
            "money" => MagnitudeKind::Money,
            "price" => MagnitudeKind::Price,
            "count" => MagnitudeKind::Count,
            "duration" => MagnitudeKind::Duration,
            "shares" => MagnitudeKind::Shares,
            _ => return None,
        })
    }
}

/// One event type, compiled.
#[derive(Debug, Clone)]
pub struct EventType {
    pub id: String,
    pub label: String,
    pub family: String,
    pub actors: PartyKinds,
    pub targets: PartyKinds,
    pub symmetric: bool,
    /// One event per target of a list.
    pub one_per_target: bool,
    /// Banks and brokers are targets only as objects or possessors.
    pub advisers_targeted_as_object: bool,
    pub storyline: bool,
    /// Status indices the type can take; empty: all.
    pub statuses: Vec<u16>,
    pub default_status: u16,
    pub magnitude: Vec<MagnitudeKind>,
    pub counts: Vec<String>,
    pub magnitude_reach: [u32; 2],
    pub delayed_magnitude: Vec<MagnitudeKind>,
    pub needs_support: bool,
    /// Type indices this type is part of, in one sentence.
    pub part_of: Vec<u16>,
    pub tension: f64,
    pub weight: f64,
    /// Kinds that may act too in a report of the type's genre.
    pub report_actors: PartyKinds,
    /// Lower-case words that make a document a report of the type.
    pub report_cues: Vec<String>,
    /// Lower-case words that make a headline with a cashtag a report's.
    pub report_headlines: Vec<String>,
}

impl EventType {
    /// Whether the type can take status `status`.
    pub fn allows(&self, status: u16) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&status)
    }
}

/// How a trigger's grammatical roles become actor and target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Roles {
    /// The doer acts: subject of an active verb, "by" of a passive,
    /// possessor of a noun.
    Agentive,
    /// The subject receives from the actor: "X secures $2 billion from Y".
    Recipient,
    /// A person leaves or joins a company: the company acts on the person.
    Departure,
    /// The actor is where the act takes place, named in the clause with any
    /// preposition ("joins the S&P 500", "added to the S&P 500"): the
    /// subject is acted upon.
    Venue,
    /// The subject sells to the actor, named after "to": "Coty sold its
    /// stake in Wella to KKR" is KKR's acquisition of Wella.
    Seller,
    /// The actor is where the act takes place, as for `Venue`, and the
    /// verb's object is the one that leaves ("replacing Acadia Healthcare",
    /// "will bump DuPont").
    Ousted,
    /// A rating noun: the name before it is the company rated ("FactSet
    /// price target", "Aflac's Sell rating"), the actor a subject or agent
    /// elsewhere in the clause.
    Rated,
}

/// One trigger, compiled.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Candidate type indices, in order.
    pub types: Vec<u16>,
    /// Forms of the nouns that must follow a verb trigger as its object.
    pub objects: HashSet<String>,
    /// Multi-word objects ("price target"), as word lists.
    pub object_phrases: Vec<Vec<String>>,
    pub requires: Vec<String>,
    /// Words none of which may be in the sentence.
    pub excludes: Vec<String>,
    pub weak: bool,
    /// `Some(true)` up, `Some(false)` down.
    pub up: Option<bool>,
    pub roles: Roles,
    pub status: Option<u16>,
    pub generic_after: Vec<String>,
    pub not_before: Vec<String>,
    pub not_after: Vec<String>,
    pub needs_target: bool,
}

/// A status, compiled.
#[derive(Debug, Clone)]
pub struct Status {
    pub id: String,
    pub reach: Reach,
    pub priority: i32,
    pub certainty: f64,
}

/// Where a status cue governs an event (see `events.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Before,
    Reversal,
    Sentence,
}

/// Everything the pack knows about events.
#[derive(Debug, Clone)]
pub struct Events {
    pub types: Vec<EventType>,
    pub triggers: Vec<Trigger>,
    pub statuses: Vec<Status>,
    pub exposure_rules: Vec<ExposureRuleEntry>,
}

/// What a cue phrase is, for the trigger or status it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueForm {
    Noun,
    Phrase,
    /// A verb form; the set of forms its spelling can be (`raised` is a
    /// past and a participle).
    Verb(VerbForms),
}

/// A set of [`crate::lexicon::VerbForm`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct VerbForms(pub u8);

impl VerbForms {
    pub fn with(self, form: crate::lexicon::VerbForm) -> VerbForms {
        VerbForms(self.0 | 1 << form as u8)
    }

    pub fn contains(self, form: crate::lexicon::VerbForm) -> bool {
        self.0 & (1 << form as u8) != 0
    }
}

/// The phrases of an entry's `verbs`, `nouns` and `phrases`, expanded.
pub(crate) fn expand(
    verbs: &[String],
    nouns: &[String],
    phrases: &[String],
    entry: &str,
) -> Result<Vec<(String, CueForm)>, PackError> {
    let mut out: Vec<(String, CueForm)> = Vec::new();
    let mut push = |phrase: String, form: CueForm| {
        let key = phrase.to_ascii_lowercase();
        match out.iter_mut().find(|(p, _)| *p == key) {
            Some((_, CueForm::Verb(forms))) => {
                if let CueForm::Verb(more) = form {
                    forms.0 |= more.0;
                }
            }
            Some(_) => {}
            None => out.push((key, form)),
        }
    };
    for verb in verbs {
        let forms = verb_forms(verb).ok_or_else(|| reference(entry, "verb", verb))?;
        for (phrase, form) in forms.forms {
            push(phrase, CueForm::Verb(VerbForms::default().with(form)));
        }
    }
    for noun in nouns {
        for phrase in noun_forms(noun).ok_or_else(|| reference(entry, "noun", noun))? {
            push(phrase, CueForm::Noun);
        }
    }
    for phrase in phrases {
        push(phrase.clone(), CueForm::Phrase);
    }
    Ok(out)
}

fn reference(entry: &str, what: &str, id: &str) -> PackError {
    PackError::Reference {
        file: FILE.into(),
        message: format!("{entry}: {what} {id:?} is not known or not well formed"),
    }
}

impl Events {
    /// Compiles `events.toml`: every type, status and party kind a
    /// trigger, type or rule names must exist.
    pub fn compile(file: &EventsFile) -> Result<Events, PackError> {
        let statuses: Vec<Status> = file
            .statuses
            .iter()
            .map(compile_status)
            .collect::<Result<_, _>>()?;
        let status_index = |entry: &str, id: &str| {
            file.statuses
                .iter()
                .position(|s| s.id == id)
                .map(|i| i as u16)
                .ok_or_else(|| reference(entry, "status", id))
        };
        let type_index = |entry: &str, id: &str| {
            file.event_types
                .iter()
                .position(|t| t.id == id)
                .map(|i| i as u16)
                .ok_or_else(|| reference(entry, "event type", id))
        };
        let kinds = |entry: &str, names: &[String]| -> Result<PartyKinds, PackError> {
            names.iter().try_fold(PartyKinds::default(), |set, name| {
                let kind =
                    PartyKind::parse(name).ok_or_else(|| reference(entry, "party kind", name))?;
                Ok(PartyKinds(set.0 | kind as u16))
            })
        };
        let magnitudes = |entry: &str, names: &[String]| -> Result<Vec<MagnitudeKind>, PackError> {
            names
                .iter()
                .map(|n| {
                    MagnitudeKind::parse(n).ok_or_else(|| reference(entry, "magnitude kind", n))
                })
                .collect()
        };
        let mut types = Vec::with_capacity(file.event_types.len());
        for t in &file.event_types {
            let entry = format!("event_type {}", t.id);
            if !matches!(t.family.as_str(), "minerals" | "wire") {
                return Err(reference(&entry, "family", &t.family));
            }
            types.push(EventType {
                id: t.id.clone(),
                label: t.label.clone(),
                family: t.family.clone(),
                actors: kinds(&entry, &t.actors)?,
                targets: kinds(&entry, &t.targets)?,
                symmetric: t.symmetric,
                one_per_target: t.one_per_target,
                advisers_targeted_as_object: t.advisers_targeted_as_object,
                storyline: t.storyline,
                statuses: t
                    .statuses
                    .iter()
                    .map(|s| status_index(&entry, s))
                    .collect::<Result<_, _>>()?,
                default_status: status_index(&entry, &t.default_status)?,
                magnitude: magnitudes(&entry, &t.magnitude)?,
                counts: lower_case(&t.counts),
                magnitude_reach: t.magnitude_reach,
                delayed_magnitude: magnitudes(&entry, &t.delayed_magnitude)?,
                needs_support: t.needs_support,
                part_of: t
                    .part_of
                    .iter()
                    .map(|p| type_index(&entry, p))
                    .collect::<Result<_, _>>()?,
                tension: t.tension,
                weight: t.weight,
                report_actors: kinds(&entry, &t.report_actors)?,
                report_cues: lower_case(&t.report_cues),
                report_headlines: lower_case(&t.report_headlines),
            });
        }
        let mut triggers = Vec::with_capacity(file.triggers.len());
        for (n, t) in file.triggers.iter().enumerate() {
            let entry = format!("trigger {} ({})", n + 1, t.types.join(", "));
            triggers.push(compile_trigger(t, &entry, &type_index, &status_index)?);
        }
        for rule in &file.exposure_rules {
            type_index("exposure_rule", &rule.event)?;
        }
        Ok(Events {
            types,
            triggers,
            statuses,
            exposure_rules: file.exposure_rules.clone(),
        })
    }

    /// The type with id `id`.
    pub fn type_by_id(&self, id: &str) -> Option<&EventType> {
        self.types.iter().find(|t| t.id == id)
    }

    pub fn type_index(&self, id: &str) -> Option<u16> {
        self.types.iter().position(|t| t.id == id).map(|i| i as u16)
    }

    pub fn status_index(&self, id: &str) -> Option<u16> {
        self.statuses
            .iter()
            .position(|s| s.id == id)
            .map(|i| i as u16)
    }
}

fn compile_status(s: &StatusEntry) -> Result<Status, PackError> {
    let entry = format!("status {}", s.id);
    let reach = match s.reach.as_str() {
        "before" => Reach::Before,
        "reversal" => Reach::Reversal,
        "sentence" => Reach::Sentence,
        other => return Err(reference(&entry, "reach", other)),
    };
    Ok(Status {
        id: s.id.clone(),
        reach,
        priority: s.priority,
        certainty: s.certainty,
    })
}

/// The pack's words as the matchers compare them: ASCII lower case.
fn lower_case(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_ascii_lowercase()).collect()
}

fn compile_trigger(
    t: &TriggerEntry,
    entry: &str,
    type_index: &dyn Fn(&str, &str) -> Result<u16, PackError>,
    status_index: &dyn Fn(&str, &str) -> Result<u16, PackError>,
) -> Result<Trigger, PackError> {
    if t.types.is_empty() {
        return Err(reference(entry, "types", "(none)"));
    }
    if t.verbs.is_empty() && t.nouns.is_empty() && t.phrases.is_empty() {
        return Err(reference(entry, "words", "(none)"));
    }
    let mut objects = HashSet::default();
    let mut object_phrases = Vec::new();
    for object in &t.objects {
        for form in noun_forms(object).ok_or_else(|| reference(entry, "object", object))? {
            if form.contains(' ') {
                object_phrases.push(form.split(' ').map(str::to_string).collect());
            } else {
                objects.insert(form);
            }
        }
    }
    let up = match t.direction.as_deref() {
        None => None,
        Some("up") => Some(true),
        Some("down") => Some(false),
        Some(other) => return Err(reference(entry, "direction", other)),
    };
    let roles = match t.roles.as_str() {
        "agentive" => Roles::Agentive,
        "recipient" => Roles::Recipient,
        "departure" => Roles::Departure,
        "venue" => Roles::Venue,
        "seller" => Roles::Seller,
        "rated" => Roles::Rated,
        "ousted" => Roles::Ousted,
        other => return Err(reference(entry, "roles", other)),
    };
    Ok(Trigger {
        types: t
            .types
            .iter()
            .map(|id| type_index(entry, id))
            .collect::<Result<_, _>>()?,
        objects,
        object_phrases,
        requires: lower_case(&t.requires),
        excludes: lower_case(&t.excludes),
        weak: t.weak,
        up,
        roles,
        status: t
            .status
            .as_deref()
            .map(|s| status_index(entry, s))
            .transpose()?,
        generic_after: lower_case(&t.generic_after),
        not_before: lower_case(&t.not_before),
        not_after: lower_case(&t.not_after),
        needs_target: t.needs_target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(toml_text: &str) -> Result<Events, PackError> {
        let file: EventsFile = toml::from_str(toml_text).unwrap();
        Events::compile(&file)
    }

    const STATUS: &str = r#"
        [[status]]
        id = "announced"
        reach = "before"
        priority = 3
        verbs = ["announce"]
    "#;

    #[test]
    fn unknown_ids_are_refused_with_the_entry_that_names_them() {
        let typo = format!(
            r#"{STATUS}
            [[event_type]]
            id = "tariff"
            label = "Tariff"
            family = "minerals"
            actors = ["sate"]
            "#
        );
        let err = compile(&typo).unwrap_err().to_string();
        assert!(
            err.contains("event_type tariff") && err.contains("\"sate\""),
            "{err}"
        );
        let bad_type = format!(
            r#"{STATUS}
            [[event_type]]
            id = "tariff"
            label = "Tariff"
            family = "minerals"
            actors = ["state"]
            [[trigger]]
            types = ["tarif"]
            nouns = ["tariff"]
            "#
        );
        let err = compile(&bad_type).unwrap_err().to_string();
        assert!(
            err.contains("trigger 1") && err.contains("\"tarif\""),
            "{err}"
        );
        let bad_status = format!(
            r#"{STATUS}
            [[event_type]]
            id = "tariff"
            label = "Tariff"
            family = "minerals"
            actors = ["state"]
            statuses = ["vetoed"]
            "#
        );
        assert!(compile(&bad_status)
            .unwrap_err()
            .to_string()
            .contains("\"vetoed\""));
    }

    #[test]
    fn verbs_expand_to_their_forms_with_what_each_form_can_be() {
        use crate::lexicon::VerbForm;
        let cues = expand(
            &["raise".into(), "sell[sold]".into()],
            &["stake".into()],
            &[],
            "t",
        )
        .unwrap();
        let form = |p: &str| cues.iter().find(|(c, _)| c == p).map(|(_, f)| *f);
        match form("raised") {
            Some(CueForm::Verb(forms)) => {
                assert!(forms.contains(VerbForm::Past) && forms.contains(VerbForm::Participle))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(form("sold"), Some(CueForm::Verb(_))));
        assert_eq!(form("stakes"), Some(CueForm::Noun));
        assert!(form("raising").is_some());
    }
}
