//! monazite's analysis: one article in, one explainable brief out.

pub mod sentiment;
pub mod text;
