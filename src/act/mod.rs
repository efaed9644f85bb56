//! The amending act (Änderungsgesetz) in the form of the Handbuch der
//! Rechtsförmlichkeit, Teil D: Artikel 1 with its Änderungsbefehle, and
//! the Begründung.

pub mod numbering;

pub use numbering::references;
