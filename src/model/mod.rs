//! The domain model: citations, structured text, statutes and proposals.
//!
//! Nothing here knows about TOML, git, terminals or HTML.

pub mod citation;
pub mod date;
pub mod numbering;
pub mod outline;
pub mod proposal;
pub mod sentence;
pub mod statute;
pub mod text;
pub mod words;
