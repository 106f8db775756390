//! The pack's source model: what the data files say, exactly as written.
//!
//! Every struct here mirrors one table of one file in a pack folder (see
//! `packs/critical-minerals/README.md` for the file-by-file documentation).
//! Nothing here is compiled or indexed; [`crate::Pack`] does that.

use serde::Deserialize;

/// `pack.toml`: the manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Short machine name, e.g. `critical-minerals`.
    pub name: String,
    /// Version of the pack's data; stored with every brief it produced.
    pub version: String,
    /// One line saying what the pack covers.
    pub description: String,
}

/// `companies.toml`: listed companies of the chain and the firms around it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompaniesFile {
    #[serde(default, rename = "company")]
    pub companies: Vec<CompanyEntry>,
}

/// One listed company.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyEntry {
    /// Primary ticker, without exchange suffix (`MP`, `LYC`, `600111`).
    pub ticker: String,
    /// Exchange of the primary listing, a code from `markets.toml` (`NYSE`, `ASX`).
    pub exchange: String,
    /// Legal name (`MP Materials Corp.`).
    pub name: String,
    /// The name news uses (`MP Materials`).
    #[serde(default)]
    pub short: Option<String>,
    /// Other names and spellings (`Lynas`, `JPMorgan`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names that are also ordinary phrases ("Critical Metals", "Energy Fuels"):
    /// they count only in company context (a suffix, a ticker, a verb of a company, capitals).
    #[serde(default)]
    pub generic_names: Vec<String>,
    /// Other listings as `EXCHANGE:SYMBOL` (`OTC:LYSCF`, `TSX:EFR`).
    #[serde(default)]
    pub listings: Vec<String>,
    /// Whether the bare ticker, in capitals, names the company without other context.
    /// Defaults to true for tickers of four letters or more.
    #[serde(default)]
    pub bare_ticker: Option<bool>,
    /// ISO 3166-1 alpha-2 code of the headquarters.
    pub country: String,
    /// Countries where it mines, processes or makes things.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Stages of the chain it works in (see `markets.toml` `[stages]`).
    #[serde(default)]
    pub stages: Vec<String>,
    /// Materials it mines, separates, refines, makes or buys: material or group ids.
    #[serde(default)]
    pub materials: Vec<String>,
    /// One line on what it does, shown in explanations.
    #[serde(default)]
    pub note: String,
}

/// `materials.toml`: elements, minerals, compounds and groups.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialsFile {
    #[serde(default, rename = "material")]
    pub materials: Vec<MaterialEntry>,
    #[serde(default, rename = "group")]
    pub groups: Vec<GroupEntry>,
}

/// An element, mineral or compound.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialEntry {
    /// Lowercase English name, the id used in briefs (`neodymium`, `graphite`).
    pub id: String,
    /// `element`, `mineral` or `compound`.
    pub kind: String,
    /// Chemical symbol, if any (`Nd`).
    #[serde(default)]
    pub symbol: Option<String>,
    /// Atomic number for elements.
    #[serde(default)]
    pub number: Option<u32>,
    /// Whether the id itself is matched as a name. `false` for ids that are
    /// also ordinary words ("lead"): only the aliases then name the material.
    #[serde(default = "yes")]
    pub match_id: bool,
    /// Other names (`neodymium oxide`, `lithium carbonate`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Case-sensitive names (`NdPr`); matched only with this exact case.
    #[serde(default)]
    pub exact_aliases: Vec<String>,
    /// Names that are ordinary words too ("lead"): they count only inside a
    /// list of materials ("silicon, lead, rhenium").
    #[serde(default)]
    pub list_names: Vec<String>,
    /// Groups it belongs to (`rare_earths`, `light_rare_earths`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// For compounds and blends: the materials a mention stands for (NdPr → Nd, Pr).
    #[serde(default)]
    pub expands_to: Vec<String>,
    /// On the 2025 USGS list of critical minerals.
    #[serde(default)]
    pub usgs_critical_2025: bool,
}

/// A named group of materials (`rare_earths`, `heavy_rare_earths`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEntry {
    pub id: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub exact_aliases: Vec<String>,
    /// A group this one is part of; a mention of this group also names the parent.
    #[serde(default)]
    pub parent: Option<String>,
}

/// `places.toml`: countries and organisations.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesFile {
    #[serde(default, rename = "country")]
    pub countries: Vec<CountryEntry>,
    #[serde(default, rename = "organization")]
    pub organizations: Vec<OrganizationEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Case-sensitive names (`US`, `PRC`, `UK`).
    #[serde(default)]
    pub exact_aliases: Vec<String>,
    /// `Chinese`, `American`.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Capitals and seats of power that stand for the state (`Beijing`, `Washington`).
    #[serde(default)]
    pub metonyms: Vec<String>,
}

/// An agency, ministry, institution, news outlet or unlisted organisation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub exact_aliases: Vec<String>,
    /// `agency`, `ministry`, `military`, `legislature`, `international`, `media`, `company`,
    /// `exchange`, `index`, `rating_agency`, `broker`, `fund`, `other`.
    pub kind: String,
    /// The country it acts for (ISO code), if any.
    #[serde(default)]
    pub country: Option<String>,
    /// The listed company it is (or belongs to), by primary ticker: Moody's
    /// Investors Service acts as `MCO`.
    #[serde(default)]
    pub ticker: Option<String>,
}

/// `people.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleFile {
    #[serde(default, rename = "person")]
    pub people: Vec<PersonEntry>,
    /// Titles that name a person's office in a company or a state
    /// ("director", "chief executive officer"), lower case: a capitalised
    /// name next to one is a person ("director Jane Doe", "Jane Doe, the
    /// company's CFO").
    #[serde(default)]
    pub titles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub name: String,
    /// Other ways the text names them (`Trump`, `President Trump`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub role: String,
    /// Who they speak for when they act: an ISO country code or a pack ticker.
    #[serde(default)]
    pub speaks_for: Option<String>,
}

/// `markets.toml`: exchanges, indices and symbols that are not companies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketsFile {
    #[serde(default, rename = "exchange")]
    pub exchanges: Vec<ExchangeEntry>,
    #[serde(default, rename = "index")]
    pub indices: Vec<IndexEntry>,
    /// Upper-case words that look like tickers but are not (`CEO`, `USA`, `EV`).
    #[serde(default)]
    pub not_tickers: Vec<String>,
    /// Stage ids and what they mean.
    #[serde(default)]
    pub stages: std::collections::BTreeMap<String, String>,
    /// Words that end the names of organisations the pack does not list,
    /// by the kind of party they make ("Acme Advisors LLC" is a fund,
    /// "Harbourline Securities" a broker).
    #[serde(default)]
    pub organization_heads: OrganizationHeads,
    /// Listed asset managers and banks whose names and lists do not say
    /// so (`FHI`, Federated Hermes): their stakes are positions they hold.
    #[serde(default)]
    pub finance_tickers: Vec<String>,
    /// Words that claim a stock's move (see `markets.toml`).
    #[serde(default)]
    pub moves: MoveWordsEntry,
}

/// The words of price moves, as lemmas.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveWordsEntry {
    #[serde(default)]
    pub strong_up: Vec<String>,
    #[serde(default)]
    pub strong_down: Vec<String>,
    #[serde(default)]
    pub weak_up: Vec<String>,
    #[serde(default)]
    pub weak_down: Vec<String>,
    #[serde(default)]
    pub nouns_up: Vec<String>,
    #[serde(default)]
    pub nouns_down: Vec<String>,
    /// Verbs that are moves only after "shares" or "stock".
    #[serde(default)]
    pub stock_up: Vec<String>,
    #[serde(default)]
    pub stock_down: Vec<String>,
    /// `lemma:percent` ("double:100", "halve:-50").
    #[serde(default)]
    pub multipliers: Vec<String>,
    #[serde(default)]
    pub reporting: Vec<String>,
    #[serde(default)]
    pub session: Vec<String>,
    /// Nouns that, right after a move verb, make it transitive and no move
    /// of a stock ("gaining traction", "easing fears", "adds advisors").
    #[serde(default)]
    pub not_objects: Vec<String>,
    /// What else rises and falls in financial news: a figure's move of one
    /// of these ("a 6.7% rise" of a dividend, "a 308% increase" in options
    /// volume) is not the stock's.
    #[serde(default)]
    pub metrics: Vec<String>,
}

/// Head words of organisation names, by kind (lower case).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationHeads {
    #[serde(default)]
    pub fund: Vec<String>,
    #[serde(default)]
    pub broker: Vec<String>,
    #[serde(default)]
    pub organization: Vec<String>,
    /// Words that, in the name a text gives a listed company, make it a
    /// bank or asset manager ("Lazard Asset Management LLC" for LAZ).
    #[serde(default)]
    pub finance: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeEntry {
    /// Canonical code (`NYSE`, `NASDAQ`, `ASX`, `TSX`, `HKEX`).
    pub code: String,
    /// Spellings used in tags such as "(NYSE American: UUUU)" (`NYSE American`, `NYSEAMERICAN`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Venue suffixes of symbols ("HK" for "0769.HK", "SS" for "600111.SS").
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Country of the exchange.
    pub country: String,
    /// Whether a listing here is a US listing (no exchange suffix in gold labels).
    #[serde(default)]
    pub us: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Codes such as `SPX`, `^GSPC`, `DJIA`.
    #[serde(default)]
    pub codes: Vec<String>,
}

/// `events.toml`: event types, their triggers, statuses and their cues,
/// and exposure rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    #[serde(default, rename = "event_type")]
    pub event_types: Vec<EventTypeEntry>,
    #[serde(default, rename = "trigger")]
    pub triggers: Vec<TriggerEntry>,
    #[serde(default, rename = "status")]
    pub statuses: Vec<StatusEntry>,
    #[serde(default, rename = "exposure_rule")]
    pub exposure_rules: Vec<ExposureRuleEntry>,
}

/// One event type: who may act in it and on whom, how it behaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTypeEntry {
    /// `export_control`, `tariff`, ...
    pub id: String,
    pub label: String,
    /// `minerals` (the critical-minerals taxonomy) or `wire` (the genres of
    /// the rest of financial news): a filter for users and evaluations.
    pub family: String,
    /// The kinds of party that may act, in no order: `state`, `company`
    /// (listed), `bank` (a listed company of the `finance` stage),
    /// `broker`, `fund`, `rating_agency`, `organization` (any other named
    /// organisation), `person`, `material`, `index`.
    pub actors: Vec<String>,
    /// The kinds of party that may be acted upon (same names); empty when
    /// the type has no target.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Binds both sides (a truce, talks): either may be named first.
    #[serde(default)]
    pub symmetric: bool,
    /// One event per target of a list ("raised targets for UNH, XOM and
    /// EOG" is three ratings).
    #[serde(default)]
    pub one_per_target: bool,
    /// A bank or broker is a target only as the verb's object or the
    /// noun's possessor ("downgraded Goldman Sachs"), not as a party named
    /// elsewhere in the clause ("UBS maintains Buy, Mizuho downgraded").
    #[serde(default)]
    pub advisers_targeted_as_object: bool,
    /// Events of this type join storylines across outlets (policy and
    /// corporate developments); fund positions and insider trades do not.
    #[serde(default = "yes")]
    pub storyline: bool,
    /// The statuses the type can take (ids of `[[status]]`); a status the
    /// grammar reads outside this set gives the default. Empty: all.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// The status when nothing in the sentence marks one.
    #[serde(default = "default_status")]
    pub default_status: String,
    /// The quantity kinds that measure the event, in order of preference:
    /// `percent`, `money`, `price`, `count`, `duration`, `shares`, `rating`.
    #[serde(default)]
    pub magnitude: Vec<String>,
    /// For `count` magnitudes: the counted nouns that measure this type
    /// ("elements", "minerals"); empty: any count.
    #[serde(default)]
    pub counts: Vec<String>,
    /// How far a magnitude may stand from the trigger, in words, before and after.
    #[serde(default = "default_reach")]
    pub magnitude_reach: [u32; 2],
    /// The magnitude kinds of a delayed event ("a one-year delay").
    #[serde(default)]
    pub delayed_magnitude: Vec<String>,
    /// Without a magnitude, a status cue or a target, a mention of this
    /// type is talk, not an event ("despite tariffs", "investing in
    /// decarbonization").
    #[serde(default)]
    pub needs_support: bool,
    /// An event of this type inside one of these types, of the same actor
    /// and in the same sentence, is part of it (an investment pledged in
    /// a minerals deal; permits an export control requires).
    #[serde(default)]
    pub part_of: Vec<String>,
    /// Escalation (+) or de-escalation (−) weight of this type, for the tension score.
    #[serde(default)]
    pub tension: f64,
    /// How much the type moves markets, in [0, 1], for the impact score.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// The genre's own reports: a document whose text says one of
    /// `report_cues` ("13F"), or whose headline carries a cashtag and says
    /// one of `report_headlines` ("Acme Advisors LLC Has $11.7 Million
    /// Stake in Widget Corp $WDGT"), is a report of the genre; in it, the
    /// kinds of `report_actors` may act too (a listed asset manager's
    /// position is a holding, not an investment), and the type takes its
    /// triggers whatever status they mark.
    #[serde(default)]
    pub report_actors: Vec<String>,
    /// Words of a report of the type anywhere in its text (case-insensitive).
    #[serde(default)]
    pub report_cues: Vec<String>,
    /// Words of a report's headline, with a cashtag (case-insensitive).
    #[serde(default)]
    pub report_headlines: Vec<String>,
}

/// Words that state events: which types they may state and how their
/// grammatical roles map to actor and target.
///
/// Forms are written as lemmas and expanded when the pack compiles
/// (`monazite_pack::lexicon`): `verbs` conjugate their first word
/// ("restrict exports" → "restricts exports", "restricted exports"...),
/// `nouns` take the plural of their last word, `phrases` match exactly.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerEntry {
    /// Candidate types, in order: the event takes the first whose actor
    /// kinds accept the actor found ("boosts its stake": a fund's holding,
    /// else a company's investment).
    pub types: Vec<String>,
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub nouns: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// For verbs: nouns one of which must be the verb's object, within a
    /// few words ("boosts its stake in", "sold 150,000 shares of"). Lemmas;
    /// plurals are added.
    #[serde(default)]
    pub objects: Vec<String>,
    /// Words one of which must stand in the sentence ("chief", "CEO" for
    /// an appointment), lower case.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Words none of which may stand in the sentence ("credit", "loan" for
    /// a production facility), lower case.
    #[serde(default)]
    pub excludes: Vec<String>,
    /// A weak trigger needs support nearby: a material, money, a pair of
    /// states, a company after it.
    #[serde(default)]
    pub weak: bool,
    /// `up` or `down`: the direction the trigger states (an upgrade, a
    /// stake raised, a removal from an index).
    #[serde(default)]
    pub direction: Option<String>,
    /// How grammatical roles become actor and target: `agentive` (the
    /// doer acts: subject of an active verb, "by" of a passive, possessor
    /// of a noun), `recipient` (the subject receives from the actor:
    /// "X secures $2 billion from Y", "X wins a contract from Y"),
    /// `departure` (a person leaves or joins a company: the company acts
    /// on the person).
    #[serde(default = "default_roles")]
    pub roles: String,
    /// A status the trigger states itself ("postpones", "lifts").
    #[serde(default)]
    pub status: Option<String>,
    /// Words that, right before the trigger, make it generic unless a form
    /// of "be" precedes them: "leverage in talks" is no event, "was in
    /// talks with" is; "at stake" is no stake.
    #[serde(default)]
    pub generic_after: Vec<String>,
    /// Words that, right after the trigger, make it another word: "talks
    /// to" is a verb, not talks.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Words that, right before the trigger, make it another thing: "value
    /// offerings" are a menu's, not shares sold.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// The event needs a target: "acquired" with nothing acquired is no
    /// acquisition.
    #[serde(default)]
    pub needs_target: bool,
}

fn yes() -> bool {
    true
}

fn default_weight() -> f64 {
    0.5
}

fn default_status() -> String {
    "announced".into()
}

fn default_reach() -> [u32; 2] {
    [15, 15]
}

fn default_roles() -> String {
    "agentive".into()
}

/// A status and the words that mark it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    /// `threatened`, `planned`, ...
    pub id: String,
    /// Verbs that mark the status (lemmas, conjugated when compiled).
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Nouns that mark it ("threat", "delay"), plurals added.
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Phrases matched as written ("will not go ahead", "people familiar").
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Where a cue governs an event: `before` (a cue up to nine words
    /// before the trigger: "threatened to impose tariffs"), `reversal`
    /// (also anywhere after it: "the tariff ... will not go ahead"), or
    /// `sentence` (anywhere in the sentence: "reportedly").
    pub reach: String,
    /// When several statuses are cued, the highest priority wins.
    pub priority: i32,
    /// Multiplier of the event's impact (a threat counts less than an effective rule).
    #[serde(default = "default_certainty")]
    pub certainty: f64,
}

fn default_certainty() -> f64 {
    1.0
}

/// How an event bears on the companies exposed to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposureRuleEntry {
    /// Event type id.
    pub event: String,
    /// Only when the actor is one of these (ISO codes); empty means any actor.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Companies in these stages are exposed; empty means any stage.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Only companies whose materials meet the event's materials (or, when the event
    /// names none, the rule's `materials`).
    #[serde(default)]
    pub materials: Vec<String>,
    /// Where an exposed company stands.
    pub jurisdiction: Jurisdiction,
    /// Direction and strength for an exposed company, in [-1, 1].
    pub sign: f64,
    /// Why, in one line, shown in the explanation.
    pub reason: String,
}

/// Where a company must stand to be exposed under a rule. A closed set:
/// the impact walk decides each one, so a misspelt value is refused when
/// the pack loads rather than read as `any`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// Based outside the actor country.
    OutsideActor,
    /// Operating inside the actor country.
    InsideActor,
    /// Based in a country on the other side of a two-sided act (a trade
    /// deal's partner).
    Partner,
    /// The event's target company itself.
    Target,
    /// The acting company itself.
    Actor,
    /// Anywhere.
    Any,
}

/// `categories.toml`: topic categories with cue phrases.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoriesFile {
    #[serde(default, rename = "category")]
    pub categories: Vec<CategoryEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub id: String,
    pub label: String,
    pub cues: Vec<String>,
    /// Event types that put an article in this category.
    #[serde(default)]
    pub event_types: Vec<String>,
}

/// `sentiment.toml`: the finance sentiment lexicon.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentFile {
    /// Words and phrases with a polarity in [-1, 1] on their own ("surge", "default").
    #[serde(default)]
    pub terms: std::collections::BTreeMap<String, f64>,
    /// Quantities whose growth is good (+1: profit, sales) or bad (−1: loss,
    /// costs), in [-1, 1]; a smaller weight for metrics whose moves matter less.
    #[serde(default)]
    pub metrics: std::collections::BTreeMap<String, f64>,
    /// Verbs and words of increase ("rose", "up", "doubled"); with a metric
    /// they make a directional cue, alone they count only through `terms`.
    #[serde(default)]
    pub increase: Vec<String>,
    /// Verbs and words of decrease ("fell", "down", "halved").
    #[serde(default)]
    pub decrease: Vec<String>,
    /// Words that say a metric got better, whatever its sign ("improved",
    /// "strengthened"): "operating result improved" and "loss improved" are
    /// both good news.
    #[serde(default)]
    pub better: Vec<String>,
    /// Words that say a metric got worse, whatever its sign ("deteriorated").
    #[serde(default)]
    pub worse: Vec<String>,
    /// Words that flip the polarity of what follows ("not", "no", "without").
    #[serde(default)]
    pub negators: Vec<String>,
    /// Words that scale the nearest polar word or move, before or just after
    /// it ("sharply": 1.5, "slightly": 0.5), in (0, 3].
    #[serde(default)]
    pub intensifiers: std::collections::BTreeMap<String, f64>,
    /// Words that end a clause, so that a metric and a move on either side are
    /// never paired ("but", "while"), each with the weight of the clause they
    /// open, in [0, 2]: a concession ("despite": 0.5) counts less.
    #[serde(default)]
    pub clause_breaks: std::collections::BTreeMap<String, f64>,
    /// Words that introduce the earlier figure of a comparison ("from",
    /// "compared with"): "profit of EUR 9 mn compared with EUR 7 mn" rose.
    #[serde(default)]
    pub baselines: Vec<String>,
}
