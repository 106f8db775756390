//! The library side of the `monazite` program: the ingest pipeline, shared
//! by the binary and the ingest benchmark.

pub mod pipeline;
