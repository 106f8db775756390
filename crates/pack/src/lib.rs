//! Knowledge packs.

pub mod model;
pub mod sentiment;
