//! The tiendo program: configuration, wiring, the demo sample and the benchmark.

pub mod bench;
pub mod demo;
pub mod import;
pub mod read;
pub mod remind;
pub mod setup;
pub mod snapshots;

pub use setup::Place;
