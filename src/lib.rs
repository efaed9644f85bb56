//! novelle: amendments to German statutes, applied with provenance and
//! rendered as redlines and hearing reports.
//!
//! The crate is a pipeline: **load → resolve → apply → redline → render**.
//! Each stage is a module that takes plain data and gives plain data:
//!
//! - [`model`]: the domain (citations, structured text, statutes, proposals);
//! - [`load`]: reads the store (TOML files in a directory or a git revision);
//! - [`resolve`]: finds the unit a citation names on a given day;
//! - [`apply`]: carries out a proposal, recording who changed each word;
//! - [`redline`]: struck and inserted words by unit, linked to amendments;
//! - [`act`]: the amending act with its Änderungsbefehle and Begründung;
//! - [`diag`]: diagnostics with file, line and hint, in the style of rustc.
//!
//! Beside the pipeline, [`drafts`] compares two drafts of a proposal and
//! [`history`] finds the commits that changed a store file; [`parallel`]
//! spreads independent work over the cores.

pub mod act;
pub mod apply;
pub mod commands;
pub mod diag;
pub mod drafts;
pub mod history;
pub mod load;
pub mod model;
pub mod parallel;
pub mod redline;
pub mod render;
pub mod resolve;
