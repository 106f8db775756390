//! Knowledge packs: what monazite knows, as data.
//!
//! A pack is a folder of documented TOML and CSV files (see
//! `packs/critical-minerals/README.md`): companies, materials, places, people,
//! markets, event cues, categories and a sentiment lexicon. [`Pack::load_dir`]
//! reads a folder, [`Pack::embedded`] gives the bundled `critical-minerals`
//! pack, and both compile the data once into the fast matchers the analysis
//! uses: a [`gazetteer::Gazetteer`] of every name and a [`cues::CueMatcher`]
//! of every cue phrase.
//!
//! ```
//! let pack = monazite_pack::Pack::embedded().unwrap();
//! let mp = pack.company_by_ticker("MP").unwrap();
//! assert_eq!(pack.companies[mp as usize].short, "MP Materials");
//! ```

pub mod cues;
mod error;
pub mod events;
pub mod fold;
pub mod gazetteer;
pub mod lexicon;
pub mod model;
pub mod moves;
pub mod names;
mod references;
pub mod sentiment;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

pub use error::PackError;
use gazetteer::{CaseRule, Entity, Gazetteer, GazetteerBuilder, NameForm, NameTarget};
use model::*;

/// The files of a pack, as text. Reading them is the caller's business, so
/// that compiling a pack stays free of I/O.
#[derive(Debug, Clone, Default)]
pub struct PackSources {
    pub manifest: String,
    pub companies: String,
    pub us_listed: String,
    pub global_listed: String,
    pub materials: String,
    pub places: String,
    pub people: String,
    pub markets: String,
    pub events: String,
    pub categories: String,
    pub sentiment: String,
}

impl PackSources {
    /// The file names of a pack folder, in the order of the fields.
    pub const FILES: [&'static str; 11] = [
        "pack.toml",
        "companies.toml",
        "us-listed.csv",
        "global-listed.csv",
        "materials.toml",
        "places.toml",
        "people.toml",
        "markets.toml",
        "events.toml",
        "categories.toml",
        "sentiment.toml",
    ];

    /// Reads every file of the pack in `dir`.
    pub fn read_dir(dir: &Path) -> Result<PackSources, PackError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| PackError::Read { path, source })
        };
        Ok(PackSources {
            manifest: read("pack.toml")?,
            companies: read("companies.toml")?,
            us_listed: read("us-listed.csv")?,
            global_listed: read("global-listed.csv")?,
            materials: read("materials.toml")?,
            places: read("places.toml")?,
            people: read("people.toml")?,
            markets: read("markets.toml")?,
            events: read("events.toml")?,
            categories: read("categories.toml")?,
            sentiment: read("sentiment.toml")?,
        })
    }

    /// The bundled `critical-minerals` pack, compiled into the binary.
    pub fn embedded() -> PackSources {
        macro_rules! file {
            ($name:literal) => {
                include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../packs/critical-minerals/",
                    $name
                ))
                .to_string()
            };
        }
        PackSources {
            manifest: file!("pack.toml"),
            companies: file!("companies.toml"),
            us_listed: file!("us-listed.csv"),
            global_listed: file!("global-listed.csv"),
            materials: file!("materials.toml"),
            places: file!("places.toml"),
            people: file!("people.toml"),
            markets: file!("markets.toml"),
            events: file!("events.toml"),
            categories: file!("categories.toml"),
            sentiment: file!("sentiment.toml"),
        }
    }
}

/// Where a company entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanySource {
    /// Curated in `companies.toml`, with exposures.
    Pack,
    /// Only in the full US securities list: resolves, with less confidence.
    UsListed,
    /// An exchange-traded fund or note from the US list: not a company.
    Fund,
    /// From the global list of non-US venues (`global-listed.csv`).
    Global,
}

/// A company, curated or from the US list.
#[derive(Debug, Clone)]
pub struct Company {
    pub ticker: String,
    pub exchange: String,
    pub name: String,
    pub short: String,
    pub country: String,
    pub operations: Vec<String>,
    pub stages: Vec<String>,
    pub materials: Vec<String>,
    pub listings: Vec<(String, String)>,
    pub bare_ticker: bool,
    pub note: String,
    pub source: CompanySource,
    /// Material keys (see [`Pack::material_keys`]) its materials fall
    /// under, groups included, sorted: exposure checks compare these.
    pub material_cover: Vec<u16>,
    /// Indices (see [`Pack::country_by_code`]) of its headquarters country
    /// and of the countries it operates in; `u32::MAX` for a code the pack
    /// does not list. Exposure checks compare these, not strings.
    pub country_id: u32,
    pub operation_ids: Vec<u32>,
}

/// A material with its groups resolved.
#[derive(Debug, Clone)]
pub struct Material {
    pub id: String,
    pub kind: String,
    pub symbol: Option<String>,
    pub groups: Vec<String>,
    /// Materials a mention stands for: itself, or the parts of a blend.
    pub stands_for: Vec<String>,
    pub usgs_critical_2025: bool,
}

/// The compiled pack.
#[derive(Debug)]
pub struct Pack {
    pub manifest: Manifest,
    pub companies: Vec<Company>,
    pub materials: Vec<Material>,
    pub groups: Vec<GroupEntry>,
    pub countries: Vec<CountryEntry>,
    pub organizations: Vec<OrganizationEntry>,
    pub people: Vec<PersonEntry>,
    /// Office titles of people, lower case (see `people.toml`).
    pub titles: HashSet<String>,
    /// The first words of those titles: most words open none.
    pub title_first_words: HashSet<String>,
    /// Head words of unlisted organisations' names, by kind.
    pub organization_heads: HashMap<String, events::PartyKind>,
    /// Words that make a listed company named with them a bank or asset
    /// manager, lower case (`[organization_heads] finance`).
    pub finance_heads: HashSet<String>,
    /// Listed asset managers and banks named in `markets.toml`.
    pub finance_tickers: HashSet<String>,
    /// The words of price moves.
    pub move_words: moves::MoveWords,
    /// Listed companies by name in lower case (core, short and list
    /// names), for names the text shows to be organisations.
    company_names: HashMap<String, u32>,
    pub indices: Vec<IndexEntry>,
    pub exchanges: Vec<ExchangeEntry>,
    pub events: events::Events,
    pub categories: Vec<CategoryEntry>,
    pub sentiment: sentiment::SentimentLexicon,
    pub names: Gazetteer,
    pub cues: cues::CueMatcher,
    /// Symbols of US listings (curated and from the US list).
    tickers: HashMap<String, u32>,
    /// Primary symbols of curated companies listed outside the US (`LYC`).
    home_tickers: HashMap<String, u32>,
    listings: HashMap<(String, String), u32>,
    exchange_tags: HashMap<String, u32>,
    not_tickers: HashSet<String>,
    country_codes: HashMap<String, u32>,
    material_ids: HashMap<String, u32>,
    /// Curated companies come first: `companies[..curated]`.
    curated: usize,
    /// Per exposure rule, the curated companies in one of its stages.
    stage_exposed: Vec<Vec<u32>>,
    material_keys: MaterialKeys,
}

/// Small integer keys for materials and groups, so that exposure checks
/// compare sorted key lists instead of strings.
#[derive(Debug)]
struct MaterialKeys {
    keys: HashMap<String, u16>,
    /// Per key, the keys it also falls under (its groups; for a rare-earth
    /// group, the other rare-earth groups and critical minerals).
    implied: Vec<Vec<u16>>,
}

impl MaterialKeys {
    fn new(materials: &[Material], groups: &[GroupEntry]) -> MaterialKeys {
        let mut keys = HashMap::default();
        for (i, id) in materials
            .iter()
            .map(|m| &m.id)
            .chain(groups.iter().map(|g| &g.id))
            .enumerate()
        {
            keys.insert(id.clone(), i as u16);
        }
        let key = |id: &str| keys.get(id).copied();
        let rare_earth_groups: Vec<u16> = groups
            .iter()
            .filter(|g| g.id.ends_with("rare_earths"))
            .filter_map(|g| key(&g.id))
            .collect();
        let critical = key("critical_minerals");
        let mut implied: Vec<Vec<u16>> = materials
            .iter()
            .map(|m| m.groups.iter().filter_map(|g| key(g)).collect())
            .collect();
        for group in groups {
            let mut under: Vec<u16> = group.parent.iter().filter_map(|p| key(p)).collect();
            if group.id.ends_with("rare_earths") {
                under.extend(&rare_earth_groups);
                under.extend(critical);
            }
            implied.push(under);
        }
        MaterialKeys { keys, implied }
    }

    /// The sorted keys of `ids`. The pack's own entries name only defined
    /// ids (checked when it compiles); any other id is left out.
    fn of(&self, ids: &[String]) -> Vec<u16> {
        let mut out: Vec<u16> = ids
            .iter()
            .filter_map(|id| self.keys.get(id).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The sorted keys `ids` fall under: themselves and what they imply.
    fn cover(&self, ids: &[String]) -> Vec<u16> {
        let mut out = self.of(ids);
        let implied: Vec<u16> = out
            .iter()
            .flat_map(|&k| self.implied[k as usize].iter().copied())
            .collect();
        out.extend(implied);
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn organization_heads(heads: &OrganizationHeads) -> HashMap<String, events::PartyKind> {
    let mut out = HashMap::default();
    for (words, kind) in [
        (&heads.organization, events::PartyKind::Organization),
        (&heads.fund, events::PartyKind::Fund),
        (&heads.broker, events::PartyKind::Broker),
    ] {
        for word in words {
            out.insert(word.to_ascii_lowercase(), kind);
        }
    }
    out
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, PackError> {
    toml::from_str(text).map_err(|e| PackError::Syntax {
        file: file.to_string(),
        message: e.to_string(),
    })
}

impl Pack {
    /// Loads and compiles the pack in folder `dir`.
    pub fn load_dir(dir: &Path) -> Result<Pack, PackError> {
        Pack::compile(&PackSources::read_dir(dir)?)
    }

    /// The bundled `critical-minerals` pack.
    pub fn embedded() -> Result<Pack, PackError> {
        Pack::compile(&PackSources::embedded())
    }

    /// Compiles pack sources into matchers. Pure: no I/O.
    pub fn compile(sources: &PackSources) -> Result<Pack, PackError> {
        let manifest: Manifest = parse("pack.toml", &sources.manifest)?;
        let companies_file: CompaniesFile = parse("companies.toml", &sources.companies)?;
        let materials_file: MaterialsFile = parse("materials.toml", &sources.materials)?;
        let places: PlacesFile = parse("places.toml", &sources.places)?;
        let people: PeopleFile = parse("people.toml", &sources.people)?;
        let markets: MarketsFile = parse("markets.toml", &sources.markets)?;
        let events: EventsFile = parse("events.toml", &sources.events)?;
        let categories: CategoriesFile = parse("categories.toml", &sources.categories)?;
        let sentiment_file: SentimentFile = parse("sentiment.toml", &sources.sentiment)?;
        references::check(references::Files {
            companies: &companies_file,
            materials: &materials_file,
            places: &places,
            markets: &markets,
            events: &events,
        })?;
        let sentiment = sentiment::SentimentLexicon::compile(&sentiment_file)?;

        let mut names = GazetteerBuilder::default();
        let us_exchanges: Vec<&str> = markets
            .exchanges
            .iter()
            .filter(|e| e.us)
            .map(|e| e.code.as_str())
            .collect();
        let mut companies = Vec::new();
        let mut tickers = HashMap::default();
        let mut home_tickers = HashMap::default();
        let mut listings = HashMap::default();
        for entry in &companies_file.companies {
            let id = companies.len() as u32;
            add_company_names(&mut names, id, entry);
            let mut company_listings = vec![(entry.exchange.clone(), entry.ticker.clone())];
            for listing in &entry.listings {
                let (exchange, symbol) =
                    listing
                        .split_once(':')
                        .ok_or_else(|| PackError::Reference {
                            file: "companies.toml".into(),
                            message: format!(
                                "listing {listing:?} of {} is not EXCHANGE:SYMBOL",
                                entry.ticker
                            ),
                        })?;
                company_listings.push((exchange.trim().to_string(), symbol.trim().to_string()));
            }
            for (exchange, symbol) in &company_listings {
                if listings
                    .insert((exchange.clone(), symbol.clone()), id)
                    .is_some()
                {
                    return Err(PackError::Reference {
                        file: "companies.toml".into(),
                        message: format!("listing {exchange}:{symbol} is defined twice"),
                    });
                }
                // A bare symbol in news means the US listing first.
                if us_exchanges.contains(&exchange.as_str()) {
                    tickers.insert(symbol.clone(), id);
                }
            }
            home_tickers.entry(entry.ticker.clone()).or_insert(id);
            companies.push(Company {
                ticker: entry.ticker.clone(),
                exchange: entry.exchange.clone(),
                name: entry.name.clone(),
                short: entry
                    .short
                    .clone()
                    .unwrap_or_else(|| names::core_name(&entry.name)),
                country: entry.country.clone(),
                operations: entry.operations.clone(),
                stages: entry.stages.clone(),
                materials: entry.materials.clone(),
                listings: company_listings,
                bare_ticker: entry.bare_ticker.unwrap_or(entry.ticker.len() >= 4),
                note: entry.note.clone(),
                source: CompanySource::Pack,
                material_cover: Vec::new(),
                country_id: u32::MAX,
                operation_ids: Vec::new(),
            });
        }
        let curated = companies.len();
        // A curated company's names stay its own, even where the US list has
        // another class of its shares ("METCB" for Ramaco Resources).
        let curated_names = companies
            .iter()
            .flat_map(|c| {
                [
                    c.short.to_ascii_lowercase(),
                    names::core_name(&c.name).to_ascii_lowercase(),
                ]
            })
            .collect();
        // Place names a shortened company name must not take ("Greenland"
        // for Greenland Technologies).
        let places_named: HashSet<String> = places
            .countries
            .iter()
            .flat_map(|c| {
                std::iter::once(&c.name)
                    .chain(&c.aliases)
                    .chain(&c.metonyms)
                    .chain(&c.demonyms)
            })
            .map(|n| n.to_ascii_lowercase())
            // A venue or an index ("Nasdaq", "NYSE") is no company's name
            // in news, whoever is listed under it.
            .chain(
                markets
                    .exchanges
                    .iter()
                    .flat_map(|e| e.tags.iter().map(|t| t.to_ascii_lowercase())),
            )
            .chain(markets.indices.iter().flat_map(|i| {
                std::iter::once(&i.name)
                    .chain(&i.aliases)
                    .chain(&i.codes)
                    .map(|a| a.to_ascii_lowercase())
            }))
            .collect();
        let seen_names = load_us_listed(
            &sources.us_listed,
            curated_names,
            &places_named,
            &mut companies,
            &mut tickers,
            &mut listings,
            &mut names,
        )?;
        let exchange_codes: HashSet<&str> =
            markets.exchanges.iter().map(|e| e.code.as_str()).collect();
        load_global_listed(
            &sources.global_listed,
            seen_names,
            &places_named,
            &exchange_codes,
            &tickers,
            &mut companies,
            &mut listings,
            &mut names,
        )?;
        references::check_speakers(&people, &places, |t| {
            tickers.contains_key(t) || home_tickers.contains_key(t)
        })?;

        // Listed names for organisations found in text ("Daiwa Securities"
        // is Daiwa Securities Group, 8601): first company of a name wins.
        let mut company_names: HashMap<String, u32> = HashMap::default();
        for (id, company) in companies.iter().enumerate() {
            if company.source == CompanySource::Fund {
                continue;
            }
            for name in [&company.short, &names::core_name(&company.name)] {
                company_names
                    .entry(name.to_ascii_lowercase())
                    .or_insert(id as u32);
            }
        }
        let mut materials = Vec::new();
        for entry in &materials_file.materials {
            let id = Entity::Material(materials.len() as u32);
            if entry.match_id {
                add_all(
                    &mut names,
                    id,
                    NameForm::Name,
                    CaseRule::Any,
                    std::iter::once(&entry.id),
                );
            }
            add_all(
                &mut names,
                id,
                NameForm::InList,
                CaseRule::Any,
                &entry.list_names,
            );
            add_all(
                &mut names,
                id,
                NameForm::Alias,
                CaseRule::Any,
                &entry.aliases,
            );
            add_all(
                &mut names,
                id,
                NameForm::Alias,
                CaseRule::Exact,
                &entry.exact_aliases,
            );
            materials.push(Material {
                id: entry.id.clone(),
                kind: entry.kind.clone(),
                symbol: entry.symbol.clone(),
                groups: entry.groups.clone(),
                stands_for: if entry.expands_to.is_empty() {
                    vec![entry.id.clone()]
                } else {
                    entry.expands_to.clone()
                },
                usgs_critical_2025: entry.usgs_critical_2025,
            });
        }
        for (i, group) in materials_file.groups.iter().enumerate() {
            let id = Entity::Group(i as u32);
            add_all(
                &mut names,
                id,
                NameForm::Alias,
                CaseRule::Any,
                &group.aliases,
            );
            add_all(
                &mut names,
                id,
                NameForm::Alias,
                CaseRule::Exact,
                &group.exact_aliases,
            );
        }
        let mut country_codes = HashMap::default();
        for (i, country) in places.countries.iter().enumerate() {
            let id = Entity::Country(i as u32);
            country_codes.insert(country.code.clone(), i as u32);
            add_named(
                &mut names,
                id,
                &country.name,
                &country.aliases,
                &country.exact_aliases,
            );
            add_all(
                &mut names,
                id,
                NameForm::Demonym,
                CaseRule::Capitalized,
                &country.demonyms,
            );
            add_all(
                &mut names,
                id,
                NameForm::Metonym,
                CaseRule::Capitalized,
                &country.metonyms,
            );
        }
        for (i, org) in places.organizations.iter().enumerate() {
            add_named(
                &mut names,
                Entity::Organization(i as u32),
                &org.name,
                &org.aliases,
                &org.exact_aliases,
            );
        }
        for (i, person) in people.people.iter().enumerate() {
            add_named(
                &mut names,
                Entity::Person(i as u32),
                &person.name,
                &person.aliases,
                &[],
            );
        }
        for (i, index) in markets.indices.iter().enumerate() {
            add_named(
                &mut names,
                Entity::Index(i as u32),
                &index.name,
                &index.aliases,
                &index.codes,
            );
        }
        let mut exchange_tags = HashMap::default();
        for (i, exchange) in markets.exchanges.iter().enumerate() {
            exchange_tags.insert(normalize_tag(&exchange.code), i as u32);
            for tag in &exchange.tags {
                exchange_tags.insert(normalize_tag(tag), i as u32);
            }
        }
        let cues = cues::CueMatcher::compile(&events, &categories.categories)?;
        let events = events::Events::compile(&events)?;
        for category in &categories.categories {
            for kind in &category.event_types {
                if events.type_by_id(kind).is_none() {
                    return Err(PackError::Reference {
                        file: "categories.toml".into(),
                        message: format!(
                            "category {}: event type {kind:?} is not known",
                            category.id
                        ),
                    });
                }
            }
        }
        if let Some(unknown) = markets
            .finance_tickers
            .iter()
            .find(|t| !tickers.contains_key(t.as_str()))
        {
            return Err(PackError::Reference {
                file: "markets.toml".into(),
                message: format!("finance_tickers: {unknown:?} is not a listed company"),
            });
        }
        let keys = MaterialKeys::new(&materials, &materials_file.groups);
        let country_id = |code: &str| country_codes.get(code).copied().unwrap_or(u32::MAX);
        for company in &mut companies[..curated] {
            company.material_cover = keys.cover(&company.materials);
            company.country_id = country_id(&company.country);
            company.operation_ids = company.operations.iter().map(|c| country_id(c)).collect();
        }
        let stage_exposed = events
            .exposure_rules
            .iter()
            .map(|rule| {
                let in_stage = |id: &u32| {
                    rule.stages.is_empty()
                        || companies[*id as usize]
                            .stages
                            .iter()
                            .any(|s| rule.stages.contains(s))
                };
                (0..curated as u32).filter(in_stage).collect()
            })
            .collect();
        Ok(Pack {
            manifest,
            companies,
            groups: materials_file.groups,
            countries: places.countries,
            organizations: places.organizations,
            titles: people
                .titles
                .iter()
                .map(|t| t.to_ascii_lowercase())
                .collect(),
            title_first_words: people
                .titles
                .iter()
                .filter_map(|t| t.split_whitespace().next())
                .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            organization_heads: organization_heads(&markets.organization_heads),
            finance_heads: markets
                .organization_heads
                .finance
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            finance_tickers: markets.finance_tickers.iter().cloned().collect(),
            move_words: moves::MoveWords::compile(&markets.moves)?,
            company_names,
            people: people.people,
            indices: markets.indices,
            exchanges: markets.exchanges,
            events,
            categories: categories.categories,
            sentiment,
            names: names.build()?,
            cues,
            tickers,
            home_tickers,
            listings,
            exchange_tags,
            not_tickers: markets.not_tickers.into_iter().collect(),
            country_codes,
            material_ids: materials
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.clone(), i as u32))
                .collect(),
            materials,
            curated,
            stage_exposed,
            material_keys: keys,
        })
    }

    /// The company a bare symbol names: its US listing first (news in
    /// English means "AAL" the airline), else a curated company's home
    /// ticker ("LYC").
    pub fn company_by_ticker(&self, ticker: &str) -> Option<u32> {
        self.tickers
            .get(ticker)
            .or_else(|| self.home_tickers.get(ticker))
            .copied()
    }

    /// The company listed as `symbol` on `exchange` (a code from `markets.toml`),
    /// falling back to primary tickers for US exchanges. Hong Kong's
    /// numbers are written with and without leading zeros ("0769", "769").
    pub fn company_by_listing(&self, exchange: u32, symbol: &str) -> Option<u32> {
        let exchange = &self.exchanges[exchange as usize];
        let padded = (exchange.code == "HKEX" && symbol.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{:0>4}", symbol.trim_start_matches('0')));
        self.listings
            .get(&(exchange.code.clone(), symbol.to_string()))
            .or_else(|| padded.and_then(|p| self.listings.get(&(exchange.code.clone(), p))))
            .copied()
            .or_else(|| {
                if exchange.us {
                    self.tickers.get(symbol).copied()
                } else {
                    None
                }
            })
    }

    /// The listed company a name found in text stands for: the name as
    /// written, or with the "Group" or "Holdings" lists add ("Daiwa
    /// Securities" → Daiwa Securities Group).
    pub fn company_by_name(&self, name: &str) -> Option<u32> {
        let key = names::core_name(name).to_ascii_lowercase();
        let plain = name.trim_end_matches('.').to_ascii_lowercase();
        [
            plain.clone(),
            key.clone(),
            format!("{plain} group"),
            format!("{plain} holdings"),
        ]
        .iter()
        .find_map(|k| self.company_names.get(k).copied())
    }

    /// The exchange a symbol suffix such as "HK" (in "0769.HK") stands for.
    pub fn exchange_by_suffix(&self, suffix: &str) -> Option<u32> {
        self.exchanges
            .iter()
            .position(|e| e.suffixes.iter().any(|s| s == suffix))
            .map(|i| i as u32)
    }

    /// The exchange a tag such as "NYSE American" or "ASX" stands for.
    pub fn exchange_by_tag(&self, tag: &str) -> Option<u32> {
        self.exchange_tags.get(&normalize_tag(tag)).copied()
    }

    /// Upper-case words that look like tickers but are not ("CEO", "EV").
    pub fn is_not_ticker(&self, word: &str) -> bool {
        self.not_tickers.contains(word)
    }

    /// The country with ISO code `code`.
    pub fn country_by_code(&self, code: &str) -> Option<u32> {
        self.country_codes.get(code).copied()
    }

    /// The material with id `id`.
    pub fn material_by_id(&self, id: &str) -> Option<&Material> {
        self.material_ids
            .get(id)
            .map(|&i| &self.materials[i as usize])
    }

    /// The event type with id `id`.
    pub fn event_type(&self, id: &str) -> Option<&events::EventType> {
        self.events.type_by_id(id)
    }

    /// The certainty of status `id` (negative for delays, averted and lifted
    /// events, which bear the other way); 1 for an unknown status.
    pub fn status_certainty(&self, id: &str) -> f64 {
        self.events
            .statuses
            .iter()
            .find(|s| s.id == id)
            .map_or(1.0, |s| s.certainty)
    }

    /// Sorted keys of material and group ids, to compare with
    /// [`Company::material_cover`].
    pub fn material_keys(&self, ids: &[String]) -> Vec<u16> {
        self.material_keys.of(ids)
    }

    /// Sorted keys of what `ids` fall under: themselves, their groups, and
    /// for a rare-earth group the related groups (what
    /// [`Company::material_cover`] holds for a company's materials).
    pub fn material_cover(&self, ids: &[String]) -> Vec<u16> {
        self.material_keys.cover(ids)
    }

    /// The curated companies in one of the stages of exposure rule `rule`
    /// (all of them when the rule names no stage): the impact walk starts
    /// from these instead of every company.
    pub fn stage_exposed(&self, rule: usize) -> &[u32] {
        &self.stage_exposed[rule]
    }

    /// The curated companies (with exposures), which come first in `companies`.
    pub fn curated_companies(&self) -> std::ops::Range<u32> {
        0..self.curated as u32
    }
}

/// Tags compare without case, spaces, dots and hyphens ("NYSE American" = "NYSEAMERICAN").
fn normalize_tag(tag: &str) -> String {
    tag.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn add_all<'a>(
    names: &mut GazetteerBuilder,
    entity: Entity,
    form: NameForm,
    case: CaseRule,
    list: impl IntoIterator<Item = &'a String>,
) {
    for name in list {
        names.add(name, NameTarget { entity, form, case });
    }
}

/// A capitalised name, capitalised aliases, and exact-case aliases
/// (codes, abbreviations) of one entity.
fn add_named(
    names: &mut GazetteerBuilder,
    entity: Entity,
    name: &String,
    aliases: &[String],
    exact: &[String],
) {
    add_all(
        names,
        entity,
        NameForm::Name,
        CaseRule::Capitalized,
        std::iter::once(name),
    );
    add_all(
        names,
        entity,
        NameForm::Alias,
        CaseRule::Capitalized,
        aliases,
    );
    add_all(names, entity, NameForm::Alias, CaseRule::Exact, exact);
}

fn add_company_names(names: &mut GazetteerBuilder, id: u32, entry: &CompanyEntry) {
    let entity = Entity::Company(id);
    let generic = |name: &String| {
        entry
            .generic_names
            .iter()
            .any(|g| g.eq_ignore_ascii_case(name))
    };
    let mut add = |name: &String, form: NameForm| {
        let form = if generic(name) {
            NameForm::Generic
        } else {
            form
        };
        names.add(
            name,
            NameTarget {
                entity,
                form,
                case: CaseRule::Capitalized,
            },
        );
    };
    add(&entry.name, NameForm::Name);
    let core = names::core_name(&entry.name);
    if core.split_whitespace().count() > 1 || entry.short.is_none() {
        add(&core, NameForm::Alias);
    }
    for name in entry
        .short
        .iter()
        .chain(&entry.aliases)
        .chain(&entry.generic_names)
    {
        add(name, NameForm::Alias);
    }
}

/// Loads `us-listed.csv` (ticker, exchange, name): every US-listed company
/// not already curated, matched by its multi-word core name only, since
/// one-word names ("Target", "Visa") are ordinary words.
fn load_us_listed(
    csv_text: &str,
    mut seen_names: HashSet<String>,
    places: &HashSet<String>,
    companies: &mut Vec<Company>,
    tickers: &mut HashMap<String, u32>,
    listings: &mut HashMap<(String, String), u32>,
    names: &mut GazetteerBuilder,
) -> Result<HashSet<String>, PackError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| PackError::Row {
            file: "us-listed.csv".into(),
            row: row + 2,
            message: e.to_string(),
        })?;
        let (Some(ticker), Some(exchange), Some(name)) =
            (record.get(0), record.get(1), record.get(2))
        else {
            return Err(PackError::Row {
                file: "us-listed.csv".into(),
                row: row + 2,
                message: "expected ticker,exchange,name,ordinary,short,short_ordinary".into(),
            });
        };
        if tickers.contains_key(ticker) {
            continue;
        }
        let id = companies.len() as u32;
        tickers.insert(ticker.to_string(), id);
        listings.insert((exchange.to_string(), ticker.to_string()), id);
        let core = names::core_name(name);
        // Share classes and preferreds ("BRK-B", "ET-PI") resolve by ticker
        // but do not claim the company's name; the first class does.
        // Funds are no companies: their tickers resolve (to say so), their
        // names are not matched.
        let fund = record.get(6) == Some("1");
        let claims_name =
            !fund && !ticker.contains('-') && seen_names.insert(core.to_ascii_lowercase());
        if claims_name {
            // One-word names ("Intel", but also "Target", "Visa") are
            // ordinary words too often: they need company context.
            // One-word names that are ordinary words ("Target", "Visa")
            // need company context; rarer ones ("Kroger") read as names.
            let add = |names: &mut GazetteerBuilder, name: &str, ordinary: bool| {
                let one_word = name.split_whitespace().count() < 2;
                let form = if one_word && (ordinary || name.len() < 4) {
                    NameForm::ListedWord
                } else {
                    NameForm::Listed
                };
                names.add(
                    name,
                    NameTarget {
                        entity: Entity::Company(id),
                        form,
                        case: CaseRule::Capitalized,
                    },
                );
            };
            if !places.contains(&core.to_ascii_lowercase()) {
                add(names, &core, record.get(3) == Some("1"));
            }
            // The shorter name news uses ("Uber" for Uber Technologies),
            // unless a curated company already goes by it. A one-word
            // short name ("Jackson" for Jackson Financial) is as often a
            // person's or a place's: it needs company context.
            if let Some(short) = record.get(4).filter(|s| !s.is_empty()) {
                let short = names::display_case(short);
                let key = short.to_ascii_lowercase();
                if !places.contains(&key) && seen_names.insert(key) {
                    if short.contains(' ') {
                        add(names, &short, record.get(5) == Some("1"));
                    } else {
                        names.add(
                            &short,
                            NameTarget {
                                entity: Entity::Company(id),
                                form: NameForm::ListedShort,
                                case: CaseRule::Capitalized,
                            },
                        );
                    }
                }
            }
            // The S&P 500 list's name for a member ("Coca-Cola Company
            // (The)" → "Coca-Cola", "McDonald's").
            if let Some(alias) = record.get(7).filter(|s| !s.is_empty()) {
                let alias = names::core_name(alias.split(" (").next().unwrap_or(alias));
                let key = alias.to_ascii_lowercase();
                if !places.contains(&key) && seen_names.insert(key) {
                    add(names, &alias, record.get(3) == Some("1"));
                }
            }
        }
        companies.push(Company {
            ticker: ticker.to_string(),
            exchange: exchange.to_string(),
            name: name.to_string(),
            short: core,
            country: "US".into(),
            operations: Vec::new(),
            // Banks, brokers and asset managers (the S&P 500's Financials).
            stages: if record.get(8) == Some("1") {
                vec!["finance".to_string()]
            } else {
                Vec::new()
            },
            materials: Vec::new(),
            listings: vec![(exchange.to_string(), ticker.to_string())],
            bare_ticker: false,
            note: String::new(),
            source: if fund {
                CompanySource::Fund
            } else {
                CompanySource::UsListed
            },
            material_cover: Vec::new(),
            country_id: u32::MAX,
            operation_ids: Vec::new(),
        });
    }
    Ok(seen_names)
}

/// The listings of `global-listed.csv`: companies of 42 non-US venues, each
/// with its home listing and other lines. A row that names a US ticker is
/// another listing of that US company (Sony's 6758 beside SONY). Global
/// symbols resolve only with their venue ("HKG: 0769", "0769.HK"): a bare
/// number names nothing. `finance` marks banks, insurers and asset managers.
#[allow(clippy::too_many_arguments)]
fn load_global_listed(
    csv_text: &str,
    mut seen_names: HashSet<String>,
    places: &HashSet<String>,
    exchanges: &HashSet<&str>,
    tickers: &HashMap<String, u32>,
    companies: &mut Vec<Company>,
    listings: &mut HashMap<(String, String), u32>,
    names: &mut GazetteerBuilder,
) -> Result<(), PackError> {
    const FILE: &str = "global-listed.csv";
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let row_error = |message: String| PackError::Row {
            file: FILE.into(),
            row: row + 2,
            message,
        };
        let record = record.map_err(|e| row_error(e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("");
        let (symbol, exchange, name) = (field(0), field(1), field(2));
        if symbol.is_empty() || name.is_empty() {
            return Err(row_error(
                "expected ticker,exchange,name,ordinary,alternatives,us_ticker,finance".into(),
            ));
        }
        if !exchanges.contains(exchange) {
            return Err(row_error(format!(
                "exchange {exchange:?} is not in markets.toml"
            )));
        }
        let mut lines = vec![(exchange.to_string(), symbol.to_string())];
        for other in field(4).split(';').filter(|s| !s.is_empty()) {
            let (e, s) = other.split_once(':').ok_or_else(|| {
                row_error(format!("alternative {other:?} is not EXCHANGE:SYMBOL"))
            })?;
            if !exchanges.contains(e) {
                return Err(row_error(format!("exchange {e:?} is not in markets.toml")));
            }
            lines.push((e.to_string(), s.to_string()));
        }
        if let Some(&us) = tickers.get(field(5)).filter(|_| !field(5).is_empty()) {
            for line in lines {
                listings.entry(line.clone()).or_insert(us);
                companies[us as usize].listings.push(line);
            }
            continue;
        }
        if lines.iter().any(|line| listings.contains_key(line)) {
            continue;
        }
        let id = companies.len() as u32;
        for line in &lines {
            listings.insert(line.clone(), id);
        }
        let core = names::without_legal_form(name);
        // "Tencent Holding Ltd." is written "Tencent": the name without a
        // trailing "Holding" or "Group" too (the list's `ordinary` flag is
        // about that shortest form).
        let mut forms = vec![core.clone()];
        let mut words: Vec<&str> = core.split_whitespace().collect();
        while words.len() > 1
            && words.last().is_some_and(|w| {
                ["holding", "holdings", "group"].contains(&w.to_ascii_lowercase().as_str())
            })
        {
            words.pop();
        }
        if words.len() < core.split_whitespace().count() {
            forms.push(words.join(" "));
        }
        for form_name in &forms {
            let key = form_name.to_ascii_lowercase();
            if places.contains(&key) || names::is_legal_suffix(form_name) || !seen_names.insert(key)
            {
                continue;
            }
            // A one-word name of a global list ("Hyundai") is read as a
            // company only with company context; one that is an ordinary
            // word ("Sunday", "Shift") not at all.
            let one_word = form_name.split_whitespace().count() < 2;
            if one_word && (field(3) == "1" || form_name.len() < 4) {
                continue;
            }
            let form = if one_word {
                NameForm::ListedShort
            } else {
                NameForm::Listed
            };
            names.add(
                form_name,
                NameTarget {
                    entity: Entity::Company(id),
                    form,
                    case: CaseRule::Capitalized,
                },
            );
        }
        companies.push(Company {
            ticker: symbol.to_string(),
            exchange: exchange.to_string(),
            name: name.to_string(),
            short: core,
            country: String::new(),
            operations: Vec::new(),
            // Banks, insurers and asset managers (the list's Financials).
            stages: if field(6) == "1" {
                vec!["finance".to_string()]
            } else {
                Vec::new()
            },
            materials: Vec::new(),
            listings: lines,
            bare_ticker: false,
            note: String::new(),
            source: CompanySource::Global,
            material_cover: Vec::new(),
            country_id: u32::MAX,
            operation_ids: Vec::new(),
        });
    }
    Ok(())
}
