//! The amendment engine on a fuzzed proposal file; the property is in
//! tests/fuzz_props/mod.rs.

#![no_main]

#[path = "../../tests/fuzz_props/mod.rs"]
mod fuzz_props;

libfuzzer_sys::fuzz_target!(|input: &[u8]| fuzz_props::engine(input));
