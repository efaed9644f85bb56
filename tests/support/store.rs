//! The shipped store, loaded once per test and required to be clean.

use novelle::load::{DirSource, Store, load};

/// The store at the repository root; fails the test if it has errors.
pub fn shipped() -> Store {
    let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
    assert!(
        !store.has_errors(),
        "{}",
        novelle::diag::to_string(&store.files, &store.diagnostics)
    );
    store
}
