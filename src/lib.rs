//! gleaner cleans large scraped text corpora.
//!
//! ```text
//! walk → read+decode → normalize → segment → fingerprint ─┐
//!                     └→ state (text, sketch)             ├→ index (pass 1)
//! decide (per document, pass 2) ←─────────────────────────┘
//!   → write cleaned text → report (provenance JSONL, summary)
//! ```
//!
//! Each stage is a module: [`corpus`] (walk, read), [`decode`],
//! [`normalize`], [`segment`], [`fingerprint`], [`state`], [`index`],
//! [`decide`],
//! [`write`](mod@write), [`report`]; [`pipeline`] runs them, and
//! [`verify`] proves afterwards that a run's output and report add up to
//! its input, [`explain`] shows one document of a run with its removals
//! and why its other lines were kept, and [`audit`] renders a run as one
//! HTML page. Everything between reading
//! and writing is pure, so it can be tested without files and run in any
//! order without changing the result.
//!
//! ```no_run
//! use gleaner::{pipeline, Settings};
//! let settings = Settings::new(vec!["corpus".into()], "cleaned".into());
//! let summary = pipeline::clean(&settings, &pipeline::Silent)?;
//! println!("{} bytes removed", summary.bytes.removed);
//! # Ok::<(), gleaner::Error>(())
//! ```

pub mod audit;
pub mod corpus;
pub mod decide;
pub mod decode;
pub mod error;
pub mod explain;
pub mod fingerprint;
pub mod index;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod scratch;
pub mod segment;
pub mod settings;
pub mod state;
pub mod swar;
pub mod verify;
pub mod write;

pub use error::{Error, Result};
pub use settings::Settings;
