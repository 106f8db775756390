//! monazite's wire formats, kept apart from the domain types.
//!
//! [`json::BriefRecord`] is the JSON Lines schema (documented in
//! `docs/brief-schema.md`, versioned by [`SCHEMA_VERSION`]); [`markdown`]
//! renders the brief a person reads. Both are built from an
//! [`monazite_analysis::Analysis`] and the pack that produced it.

pub mod json;
pub mod markdown;
pub mod wire;

/// Version of the JSON Lines brief schema. Bump the major number when a
/// field changes meaning or disappears; add fields in minor versions.
pub const SCHEMA_VERSION: &str = "1.4";

/// Version of the engine, stored with every brief.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a brief names the pack that made it: `name@version`.
pub fn pack_id(pack: &monazite_pack::Pack) -> String {
    format!("{}@{}", pack.manifest.name, pack.manifest.version)
}
