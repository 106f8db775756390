//! Stored rows as the outputs print them ([`monazite_report::wire`]). The
//! rows are the store's own and may change with its schema; the wire types
//! are the documented contract, and this is the one place they meet.

use monazite_report::wire;

use crate::figures::{Agreement, Figure};
use crate::query::{
    BriefRow, BriefTicker, ClaimRow, DocRef, DocumentView, EventRow, Magnitude, MoveFigures,
    SearchHit, Sighting, StorylineRow, TimelineEntry,
};

impl From<&DocRef> for wire::DocRef {
    fn from(d: &DocRef) -> wire::DocRef {
        wire::DocRef {
            id: d.id,
            day: d.day.clone(),
            site: d.site.clone(),
            title: d.title.clone(),
        }
    }
}

impl From<&SearchHit> for wire::SearchHit {
    fn from(h: &SearchHit) -> wire::SearchHit {
        wire::SearchHit {
            schema: wire::schema("search_hit"),
            doc: (&h.doc).into(),
            snippet: h.snippet.clone(),
        }
    }
}

impl From<&EventRow> for wire::Event {
    fn from(e: &EventRow) -> wire::Event {
        wire::Event {
            schema: wire::schema("event"),
            id: e.id,
            kind: e.kind.clone(),
            actor: e.actor.clone(),
            target: e.target.clone(),
            status: e.status.clone(),
            magnitude: e.magnitude.clone(),
            date: e.date.clone(),
            materials: e.materials.clone(),
            storyline: e.storyline,
            first_report: e.first_report,
            sentence: e.sentence.clone(),
            doc: (&e.doc).into(),
        }
    }
}

impl From<&ClaimRow> for wire::Claim {
    fn from(c: &ClaimRow) -> wire::Claim {
        wire::Claim {
            ticker: c.ticker.clone(),
            direction: c.direction.clone(),
            pct: c.pct,
            price: c.price,
            when: c.when.clone(),
            day: c.day.clone(),
            sentence: c.sentence.clone(),
        }
    }
}

impl From<&TimelineEntry> for wire::TimelineEntry {
    fn from(t: &TimelineEntry) -> wire::TimelineEntry {
        wire::TimelineEntry {
            schema: wire::schema("timeline_entry"),
            doc: (&t.doc).into(),
            impact: t.impact,
            sentiment: t.sentiment,
            claims: t.claims.iter().map(Into::into).collect(),
            events: t.events.clone(),
        }
    }
}

impl From<&Agreement> for wire::Agreement {
    fn from(a: &Agreement) -> wire::Agreement {
        match *a {
            Agreement::Single { value } => wire::Agreement::Single { value },
            Agreement::Consensus { value } => wire::Agreement::Consensus { value },
            Agreement::Conflict { low, high } => wire::Agreement::Conflict { low, high },
        }
    }
}

impl From<&Figure> for wire::Figure {
    fn from(f: &Figure) -> wire::Figure {
        wire::Figure {
            doc_id: f.doc_id,
            site: f.site.clone(),
            value: f.value,
        }
    }
}

impl From<&MoveFigures> for wire::MoveFigures {
    fn from(m: &MoveFigures) -> wire::MoveFigures {
        wire::MoveFigures {
            ticker: m.ticker.clone(),
            day: m.day.clone(),
            agreement: (&m.agreement).into(),
            figures: m.figures.iter().map(Into::into).collect(),
        }
    }
}

impl From<&Magnitude> for wire::Magnitude {
    fn from(m: &Magnitude) -> wire::Magnitude {
        wire::Magnitude {
            magnitude: m.magnitude.clone(),
            docs: m.docs.clone(),
        }
    }
}

impl From<&StorylineRow> for wire::Storyline {
    fn from(s: &StorylineRow) -> wire::Storyline {
        wire::Storyline {
            schema: wire::schema("storyline"),
            id: s.id,
            kind: s.kind.clone(),
            actor: s.actor.clone(),
            target: s.target.clone(),
            materials: s.materials.clone(),
            first_day: s.first_day.clone(),
            last_day: s.last_day.clone(),
            statuses: s.statuses.clone(),
            documents: s.documents,
            outlets: s.outlets.clone(),
            first_report: (&s.first_report).into(),
            magnitudes: s.magnitudes.iter().map(Into::into).collect(),
            moves: s.moves.iter().map(Into::into).collect(),
        }
    }
}

impl From<&Sighting> for wire::Sighting {
    fn from(s: &Sighting) -> wire::Sighting {
        wire::Sighting {
            origin: s.origin.clone(),
            site: s.site.clone(),
            published: s.published.clone(),
        }
    }
}

impl From<&DocumentView> for wire::Document {
    /// The document without price checks: the caller adds them when the
    /// store holds prices.
    fn from(v: &DocumentView) -> wire::Document {
        wire::Document {
            schema: wire::schema("document"),
            doc: (&v.doc).into(),
            url: v.url.clone(),
            author: v.author.clone(),
            published: v.published.clone(),
            format: v.format.clone(),
            source_tickers: v.source_tickers.clone(),
            ingested_at: v.ingested_at.clone(),
            sightings: v.sightings.iter().map(Into::into).collect(),
            near_duplicate_of: v
                .near_duplicate_of
                .map(|(id, similarity)| wire::NearDuplicate { id, similarity }),
            novelty: v.novelty,
            events: v.events.iter().map(Into::into).collect(),
            claims: v.claims.iter().map(Into::into).collect(),
            text: v.text.clone(),
            brief: v.brief.clone(),
            checks: None,
        }
    }
}

impl From<&BriefTicker> for wire::BriefTicker {
    fn from(t: &BriefTicker) -> wire::BriefTicker {
        wire::BriefTicker {
            ticker: t.ticker.clone(),
            relevance: t.relevance,
            impact: t.impact.map(|x| wire::rounded(x, 3)),
        }
    }
}

impl From<&BriefRow> for wire::BriefSummary {
    fn from(b: &BriefRow) -> wire::BriefSummary {
        wire::BriefSummary {
            schema: wire::schema("brief_summary"),
            id: b.doc.id,
            published: b.published.clone(),
            day: b.doc.day.clone(),
            site: b.doc.site.clone(),
            title: b.doc.title.clone(),
            tickers: b.tickers.iter().map(Into::into).collect(),
            impact: wire::rounded(b.impact, 3),
            sentiment: wire::rounded(b.sentiment, 3),
            event_types: b.event_types.clone(),
        }
    }
}
