//! A pack whose entries name an id it does not define fails to load, with
//! an error that names the file, the entry and the id. Each case edits
//! one line of the shipped pack.

use monazite_pack::{Pack, PackSources};

/// The shipped pack with `from` replaced by `to` (once) in the file that
/// `field` selects; the edit must apply.
fn edited(field: fn(&mut PackSources) -> &mut String, from: &str, to: &str) -> PackSources {
    let mut sources = PackSources::embedded();
    let text = field(&mut sources);
    assert!(
        text.contains(from),
        "the shipped pack no longer holds {from:?}"
    );
    *text = text.replacen(from, to, 1);
    sources
}

fn error_of(sources: &PackSources) -> String {
    match Pack::compile(sources) {
        Ok(_) => panic!("a pack with a bad reference compiled"),
        Err(e) => e.to_string(),
    }
}

fn assert_names(err: &str, parts: &[&str]) {
    for part in parts {
        assert!(err.contains(part), "{part:?} missing from: {err}");
    }
}

#[test]
fn the_shipped_pack_loads() {
    Pack::compile(&PackSources::embedded()).expect("the shipped pack compiles");
}

#[test]
fn a_misspelt_material_of_a_company_is_refused() {
    let sources = edited(
        |s| &mut s.companies,
        r#""rare_earths", "neodymium", "praseodymium""#,
        r#""rare_earths", "neodymiun", "praseodymium""#,
    );
    assert_names(
        &error_of(&sources),
        &["companies.toml", "company MP", "\"neodymiun\""],
    );
}

#[test]
fn a_misspelt_country_or_stage_of_a_company_is_refused() {
    let country = edited(
        |s| &mut s.companies,
        "country = \"US\"\noperations = [\"US\"]\nstages = [\"mining\", \"separation\"",
        "country = \"USA\"\noperations = [\"US\"]\nstages = [\"mining\", \"separation\"",
    );
    assert_names(&error_of(&country), &["company MP", "country code \"USA\""]);
    let stage = edited(
        |s| &mut s.companies,
        r#"stages = ["mining", "separation", "metal", "magnet""#,
        r#"stages = ["minning", "separation", "metal", "magnet""#,
    );
    assert_names(&error_of(&stage), &["company MP", "stage", "\"minning\""]);
}

#[test]
fn a_misspelt_group_or_rule_reference_is_refused() {
    let group = edited(
        |s| &mut s.materials,
        "parent = \"rare_earths\"",
        "parent = \"rare_earth\"",
    );
    assert_names(&error_of(&group), &["materials.toml", "\"rare_earth\""]);
    let actor = edited(
        |s| &mut s.events,
        "jurisdiction = \"outside_actor\"",
        "jurisdiction = \"outside_actors\"",
    );
    assert_names(&error_of(&actor), &["events.toml", "outside_actors"]);
}

#[test]
fn a_misspelt_event_type_or_status_is_refused() {
    let status = edited(
        |s| &mut s.events,
        r#"statuses = ["announced", "reported"]"#,
        r#"statuses = ["announced", "reportd"]"#,
    );
    assert_names(&error_of(&status), &["events.toml", "\"reportd\""]);
    let kind = edited(
        |s| &mut s.categories,
        "event_types = [\"",
        "event_types = [\"tarif\", \"",
    );
    assert_names(&error_of(&kind), &["categories.toml", "\"tarif\""]);
}

#[test]
fn an_official_must_speak_for_a_country_or_a_listed_ticker() {
    let sources = edited(
        |s| &mut s.people,
        "speaks_for = \"US\"",
        "speaks_for = \"XQ\"",
    );
    assert_names(&error_of(&sources), &["people.toml", "\"XQ\""]);
}
