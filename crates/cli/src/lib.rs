//! The library side of the `monazite` program: the ingest pipeline's
//! terminal sink and the pipeline's re-exports, shared by the binary and
//! the ingest benchmark. The use cases themselves are `monazite-app`'s.

pub mod pipeline;
