//! The pack's cross-file references, checked before anything compiles.
//!
//! Every id one file uses for something another file defines (a
//! company's materials, countries and stages; a material's groups; an
//! exposure rule's actors, stages and materials; an organisation's,
//! official's or exchange's country) must exist. A misspelt id would
//! otherwise drop out silently: a company whose materials say
//! `"neodymiun"` would simply lose its exposure. Event types, statuses and
//! party kinds are checked where `events.toml` compiles
//! ([`crate::events::Events::compile`]).

use std::collections::HashSet;

use crate::error::PackError;
use crate::model::{CompaniesFile, EventsFile, MarketsFile, MaterialsFile, PeopleFile, PlacesFile};

/// The ids the pack defines, by what they name.
struct Defined<'a> {
    /// Material and group ids (a company or rule may name either).
    materials: HashSet<&'a str>,
    /// Group ids alone (what a material or group may belong to).
    groups: HashSet<&'a str>,
    /// Material ids alone (what a list name may expand to).
    elements: HashSet<&'a str>,
    countries: HashSet<&'a str>,
    stages: HashSet<&'a str>,
}

/// The files whose references are checked, as parsed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Files<'a> {
    pub companies: &'a CompaniesFile,
    pub materials: &'a MaterialsFile,
    pub places: &'a PlacesFile,
    pub markets: &'a MarketsFile,
    pub events: &'a EventsFile,
}

/// Refuses the first id that names nothing the pack defines, with the
/// file, the entry and the id.
pub(crate) fn check(files: Files<'_>) -> Result<(), PackError> {
    let defined = Defined::of(files);
    let companies = files.companies.companies.iter().map(|c| {
        let entry = format!("company {}", c.ticker);
        let ids = c
            .materials
            .iter()
            .map(|m| (Kind::Material, m.as_str()))
            .chain(std::iter::once((Kind::Country, c.country.as_str())))
            .chain(c.operations.iter().map(|o| (Kind::Country, o.as_str())))
            .chain(c.stages.iter().map(|s| (Kind::Stage, s.as_str())));
        ("companies.toml", entry, ids.collect::<Vec<_>>())
    });
    let materials = files.materials.materials.iter().map(|m| {
        let ids = m
            .groups
            .iter()
            .map(|g| (Kind::Group, g.as_str()))
            .chain(m.expands_to.iter().map(|e| (Kind::Element, e.as_str())));
        (
            "materials.toml",
            format!("material {}", m.id),
            ids.collect(),
        )
    });
    let groups = files.materials.groups.iter().map(|g| {
        let ids = g.parent.iter().map(|p| (Kind::Group, p.as_str()));
        ("materials.toml", format!("group {}", g.id), ids.collect())
    });
    let organizations = files.places.organizations.iter().map(|o| {
        let ids = o.country.iter().map(|c| (Kind::Country, c.as_str()));
        (
            "places.toml",
            format!("organization {}", o.name),
            ids.collect(),
        )
    });
    let exchanges = files.markets.exchanges.iter().map(|e| {
        let ids = vec![(Kind::Country, e.country.as_str())];
        ("markets.toml", format!("exchange {}", e.code), ids)
    });
    let rules = files.events.exposure_rules.iter().map(|r| {
        let ids = r
            .actors
            .iter()
            .map(|a| (Kind::Country, a.as_str()))
            .chain(r.stages.iter().map(|s| (Kind::Stage, s.as_str())))
            .chain(r.materials.iter().map(|m| (Kind::Material, m.as_str())));
        (
            "events.toml",
            format!("exposure rule for {}", r.event),
            ids.collect(),
        )
    });
    let all = companies
        .chain(materials)
        .chain(groups)
        .chain(organizations)
        .chain(exchanges)
        .chain(rules);
    for (file, entry, ids) in all {
        if let Some((kind, id)) = ids.into_iter().find(|&(kind, id)| !defined.has(kind, id)) {
            return Err(PackError::Reference {
                file: file.into(),
                message: format!("{entry}: {} {id:?} is not defined", kind.noun()),
            });
        }
    }
    Ok(())
}

/// Refuses an official or executive who speaks for neither a country of
/// `places` nor a ticker the pack lists (`is_listed`), known only once the
/// listed companies are loaded.
pub(crate) fn check_speakers(
    people: &PeopleFile,
    places: &PlacesFile,
    is_listed: impl Fn(&str) -> bool,
) -> Result<(), PackError> {
    let unknown = people.people.iter().find_map(|p| {
        let id = p.speaks_for.as_deref()?;
        let known = places.countries.iter().any(|c| c.code == id) || is_listed(id);
        (!known).then_some((p, id))
    });
    match unknown {
        Some((person, id)) => Err(PackError::Reference {
            file: "people.toml".into(),
            message: format!(
                "person {}: speaks_for {id:?} is neither a country code nor a listed ticker",
                person.name
            ),
        }),
        None => Ok(()),
    }
}

/// What an id names.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Material,
    Group,
    Element,
    Country,
    Stage,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Material => "material or group",
            Kind::Group => "material group",
            Kind::Element => "material",
            Kind::Country => "country code",
            Kind::Stage => "stage (markets.toml [stages])",
        }
    }
}

impl<'a> Defined<'a> {
    fn of(files: Files<'a>) -> Defined<'a> {
        let elements: HashSet<&str> = files
            .materials
            .materials
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let groups: HashSet<&str> = files
            .materials
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        let countries: HashSet<&str> = files
            .places
            .countries
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        Defined {
            materials: elements.union(&groups).copied().collect(),
            groups,
            elements,
            countries,
            stages: files.markets.stages.keys().map(String::as_str).collect(),
        }
    }

    fn has(&self, kind: Kind, id: &str) -> bool {
        let set = match kind {
            Kind::Material => &self.materials,
            Kind::Group => &self.groups,
            Kind::Element => &self.elements,
            Kind::Country => &self.countries,
            Kind::Stage => &self.stages,
        };
        set.contains(id)
    }
}
