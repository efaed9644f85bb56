//! The structured-text parser; the property is in tests/fuzz_props/mod.rs.

#![no_main]

#[path = "../../tests/fuzz_props/mod.rs"]
mod fuzz_props;

libfuzzer_sys::fuzz_target!(|input: &str| fuzz_props::text(input));
