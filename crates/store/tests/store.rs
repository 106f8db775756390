//! The store end to end on articles written for these tests: real briefs
//! from the bundled pack, stored, deduplicated, grouped and queried.

use std::sync::LazyLock;

use jiff::civil::{date, Date};
use monazite_analysis::{analyze, Article};
use monazite_ingest::{Document, Format, Published};
use monazite_pack::Pack;
use monazite_report::json::BriefRecord;
use monazite_store::figures::Agreement;
use monazite_store::query::{EventFilter, StorylineFilter};
use monazite_store::{Added, Analysed, Incoming, Store};

static PACK: LazyLock<Pack> = LazyLock::new(|| Pack::embedded().expect("the bundled pack"));

fn doc(origin: &str, site: &str, day: Date, title: &str, text: &str) -> Document {
    Document {
        origin: origin.into(),
        format: Format::Markdown,
        url: None,
        title: Some(title.into()),
        site: Some(site.into()),
        author: None,
        published: Some(Published::Day(day)),
        tickers: Vec::new(),
        text: text.into(),
    }
}

fn analysed(doc: Document) -> Analysed {
    let incoming = Incoming::new(doc);
    let mut article = Article::new(&incoming.text);
    article.published = incoming.day();
    let analysis = analyze(&PACK, &article);
    let brief = BriefRecord::new(&incoming.doc.origin, &incoming.text, &analysis, &PACK);
    Analysed { incoming, brief }
}

fn add(store: &mut Store, doc: Document) -> Added {
    store.add_batch(&[analysed(doc)]).unwrap()[0]
}

fn new_id(added: Added) -> i64 {
    match added {
        Added::New { id, .. } => id,
        other => panic!("expected a new document, got {other:?}"),
    }
}

const CONTROLS: &str = "China's Ministry of Commerce added five rare earth elements, including \
    holmium and erbium, to its export control list on Thursday. Shares of MP Materials rose 20% \
    in New York as investors bet on domestic supply.";

const CONTROLS_RETOLD: &str = "Beijing has tightened export controls on rare earths, adding \
    holmium and erbium to the list of restricted elements, the commerce ministry said. MP \
    Materials shares jumped 22% after the announcement, while USA Rare Earth gained 15%.";

const LITHIUM: &str = "Albemarle said it would cut lithium output in Western Australia after \
    prices fell. Albemarle shares fell 4% on Friday.";

fn count(store: &Store, table: &str) -> i64 {
    store.count_rows(table).unwrap()
}

#[test]
fn the_same_content_is_stored_once_and_each_sighting_recorded_once() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc(
        "a.md",
        "Wire",
        date(2025, 10, 9),
        "China adds five rare earths",
        CONTROLS,
    );
    let id = new_id(add(&mut store, a.clone()));
    assert_eq!(add(&mut store, a.clone()), Added::Duplicate { id });
    assert_eq!(
        (count(&store, "documents"), count(&store, "sightings")),
        (1, 1)
    );

    // The same words from another file: one more sighting, no new document.
    let mut copy = a.clone();
    copy.origin = "mirror/a.html".into();
    copy.text = copy.text.replace("  ", " ").to_uppercase();
    assert_eq!(add(&mut store, copy), Added::Duplicate { id });
    assert_eq!(
        (count(&store, "documents"), count(&store, "sightings")),
        (1, 2)
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn duplicates_within_one_batch_are_stored_once() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc("a.md", "Wire", date(2025, 10, 9), "t", LITHIUM);
    let mut b = a.clone();
    b.origin = "b.md".into();
    let added = store.add_batch(&[analysed(a), analysed(b)]).unwrap();
    let id = new_id(added[0]);
    assert_eq!(added[1], Added::Duplicate { id });
}

#[test]
fn a_lightly_edited_copy_is_a_near_duplicate_and_a_retelling() {
    let mut store = Store::open_in_memory().unwrap();
    let first = new_id(add(
        &mut store,
        doc(
            "a.md",
            "Wire",
            date(2025, 10, 9),
            "China adds five rare earths",
            CONTROLS,
        ),
    ));
    let edited = format!("{CONTROLS} Trading volume was heavy.");
    let added = add(
        &mut store,
        doc(
            "b.md",
            "Daily",
            date(2025, 10, 9),
            "China adds five rare earths",
            &edited,
        ),
    );
    let Added::New {
        id,
        near_duplicate_of: Some((of, similarity)),
    } = added
    else {
        panic!("expected a near duplicate, got {added:?}");
    };
    assert_eq!(of, first);
    assert!(similarity >= 0.8, "{similarity}");
    let view = store.show(id).unwrap().unwrap();
    assert_eq!(view.near_duplicate_of.map(|n| n.0), Some(first));
    assert_eq!(view.novelty, Some(0.0));
}

#[test]
fn retellings_join_one_storyline_whose_first_report_is_the_earliest() {
    let mut store = Store::open_in_memory().unwrap();
    // The later retelling is ingested first: the first report is still the
    // earlier article.
    let later = new_id(add(
        &mut store,
        doc(
            "later.md",
            "Daily",
            date(2025, 10, 10),
            "Beijing tightens rare earth exports",
            CONTROLS_RETOLD,
        ),
    ));
    let earlier = new_id(add(
        &mut store,
        doc(
            "earlier.md",
            "Wire",
            date(2025, 10, 9),
            "China adds five rare earths",
            CONTROLS,
        ),
    ));
    add(
        &mut store,
        doc(
            "l.md",
            "Wire",
            date(2025, 10, 10),
            "Albemarle cuts output",
            LITHIUM,
        ),
    );

    let lines = store
        .storylines(&StorylineFilter {
            kind: Some("export_control".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let line = &lines[0];
    assert_eq!(line.actor, "CN");
    assert_eq!(line.documents, 2);
    assert_eq!(line.first_report.id, earlier);
    assert_eq!(line.first_day.as_deref(), Some("2025-10-09"));
    assert_eq!(line.last_day.as_deref(), Some("2025-10-10"));
    assert_eq!(line.outlets, vec!["Daily".to_string(), "Wire".to_string()]);

    // The outlets' figures for MP on their own days: one each, so no
    // conflict across days; on the same day they would conflict.
    let mp: Vec<_> = line.moves.iter().filter(|m| m.ticker == "MP").collect();
    assert_eq!(mp.len(), 2, "{mp:#?}");
    assert!(mp
        .iter()
        .all(|m| matches!(m.agreement, Agreement::Single { .. })));

    assert_eq!(store.show(earlier).unwrap().unwrap().novelty, Some(1.0));
    assert_eq!(store.show(later).unwrap().unwrap().novelty, Some(0.0));

    // Rebuilding in publication order gives the same storyline.
    store.rebuild_storylines().unwrap();
    let rebuilt = store.storylines(&StorylineFilter::default()).unwrap();
    let export = rebuilt.iter().find(|s| s.kind == "export_control").unwrap();
    assert_eq!((export.first_report.id, export.documents), (earlier, 2));
}

#[test]
fn outlets_disagreeing_on_the_same_days_move_are_a_conflict() {
    let mut store = Store::open_in_memory().unwrap();
    let day = date(2025, 10, 9);
    add(
        &mut store,
        doc("a.md", "Wire", day, "China adds five rare earths", CONTROLS),
    );
    add(
        &mut store,
        doc(
            "b.md",
            "Daily",
            day,
            "Beijing tightens rare earth exports",
            CONTROLS_RETOLD,
        ),
    );
    let lines = store.storylines(&StorylineFilter::default()).unwrap();
    let export = lines.iter().find(|s| s.kind == "export_control").unwrap();
    let mp = export.moves.iter().find(|m| m.ticker == "MP").unwrap();
    assert_eq!(
        mp.agreement,
        Agreement::Conflict {
            low: 20.0,
            high: 22.0
        }
    );
    assert_eq!(mp.figures.len(), 2);
}

#[test]
fn queries_find_documents_events_and_a_tickers_timeline() {
    let mut store = Store::open_in_memory().unwrap();
    let controls = new_id(add(
        &mut store,
        doc(
            "a.md",
            "Wire",
            date(2025, 10, 9),
            "China adds five rare earths",
            CONTROLS,
        ),
    ));
    let lithium = new_id(add(
        &mut store,
        doc(
            "l.md",
            "Wire",
            date(2025, 10, 17),
            "Albemarle cuts output",
            LITHIUM,
        ),
    ));

    let hits = store.search("holmium erbium", 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.doc.id).collect::<Vec<_>>(),
        vec![controls]
    );
    assert!(hits[0].snippet.contains("«holmium»"), "{}", hits[0].snippet);
    assert!(store.search("\"rare earth elements\"", 10).unwrap().len() == 1);
    assert!(store.search("NEAR( OR", 10).unwrap().is_empty());

    let by = |filter: EventFilter| -> Vec<i64> {
        store
            .events(&filter)
            .unwrap()
            .iter()
            .map(|e| e.doc.id)
            .collect()
    };
    assert_eq!(
        by(EventFilter {
            kind: Some("export_control".into()),
            country: Some("cn".into()),
            element: Some("Holmium".into()),
            ..Default::default()
        }),
        vec![controls]
    );
    assert!(by(EventFilter {
        kind: Some("export_control".into()),
        from: Some(date(2025, 10, 10)),
        ..Default::default()
    })
    .is_empty());
    assert!(by(EventFilter {
        ticker: Some("ALB".into()),
        ..Default::default()
    })
    .iter()
    .all(|&id| id == lithium));

    let timeline = store.timeline("mp", 10, None).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].doc.id, controls);
    assert_eq!(timeline[0].claims[0].pct, Some(20.0));
}

#[test]
fn stale_briefs_are_found_and_replaced() {
    let mut store = Store::open_in_memory().unwrap();
    let a = analysed(doc(
        "a.md",
        "Wire",
        date(2025, 10, 9),
        "China adds five rare earths",
        CONTROLS,
    ));
    let engine = a.brief.engine.clone();
    let pack = a.brief.pack.clone();
    let id = new_id(store.add_batch(std::slice::from_ref(&a)).unwrap()[0]);
    assert!(store
        .stale_documents(&engine, &pack, false)
        .unwrap()
        .is_empty());
    assert_eq!(
        store.stale_documents("9.9.9", &pack, false).unwrap(),
        vec![id]
    );
    assert_eq!(
        store.stale_documents(&engine, &pack, true).unwrap(),
        vec![id]
    );

    let (text, day) = store.document_text(id).unwrap().unwrap();
    assert_eq!(text, a.incoming.text);
    assert_eq!(day, Some(date(2025, 10, 9)));
    let events_before = count(&store, "events");
    store.replace_briefs(&[(id, a.brief.clone())]).unwrap();
    store.rebuild_storylines().unwrap();
    assert_eq!(count(&store, "events"), events_before);
    assert_eq!(count(&store, "briefs"), 1);
    assert_eq!(
        store.storylines(&StorylineFilter::default()).unwrap().len() as i64,
        count(&store, "storylines")
    );
}

#[test]
fn a_store_on_disk_survives_reopening() {
    let dir = std::env::temp_dir().join(format!("monazite-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("test.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut store = Store::open(&path).unwrap();
        add(
            &mut store,
            doc("a.md", "Wire", date(2025, 10, 9), "t", LITHIUM),
        );
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.document_count().unwrap(), 1);
    assert_eq!(
        store.schema_version().unwrap(),
        monazite_store::schema::MIGRATIONS.len() as i64
    );
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}
