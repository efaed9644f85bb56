//! The invariants everything else rests on, on generated texts and on every
//! shipped version:
//! - parsing a text and rendering it gives the input byte for byte;
//! - unchanged + deleted words give the old text, unchanged + inserted words
//!   give the new text, byte for byte.

use novelle::apply::apply;
use novelle::load::Store;
use novelle::model::statute::Content;
use novelle::model::text::Body;
use novelle::redline::{compare_texts, for_proposal};
use proptest::prelude::*;

#[path = "support/store.rs"]
mod shipped;

fn store() -> Store {
    shipped::shipped()
}

fn text(t: &str) -> Content {
    Content::Text {
        title: "Titel".into(),
        text: t.into(),
    }
}

#[test]
fn every_shipped_version_round_trips() {
    let store = store();
    let mut n = 0;
    for law in &store.laws {
        for s in &law.sections {
            for v in &s.versions {
                let t = v.content.text();
                let body = Body::parse(t)
                    .unwrap_or_else(|e| panic!("§ {} {}: {e}", s.number, v.valid_from));
                assert_eq!(body.render(), t, "§ {} {}", s.number, v.valid_from);
                n += 1;
            }
        }
    }
    assert_eq!(n, 13);
}

#[test]
fn redline_reconstructs_every_pair_of_shipped_versions() {
    let store = store();
    let contents: Vec<(String, &Content)> = store
        .laws
        .iter()
        .flat_map(|l| &l.sections)
        .flat_map(|s| {
            s.versions
                .iter()
                .map(move |v| (format!("§ {} {}", s.number, v.valid_from), &v.content))
        })
        .collect();
    // Every ordered pair, including versions of different sections: the
    // invariant must hold for any two texts.
    for (na, a) in &contents {
        for (nb, b) in &contents {
            let r = compare_texts("x", a, b);
            assert_eq!(r.old_text(), a.text(), "{na} → {nb}");
            assert_eq!(r.new_text(), b.text(), "{na} → {nb}");
        }
    }
}

#[test]
fn proposal_redlines_reconstruct_base_and_result() {
    let store = store();
    let law = store.law(Some("StGB")).unwrap();
    for p in &store.proposals {
        let applied = apply(law, p, None).unwrap();
        let r = for_proposal(&applied, p, &[], "StGB");
        for (s, res) in r.sections.iter().zip(&applied.sections) {
            let before = res.before.as_ref().map_or("", Content::text);
            assert_eq!(s.old_text(), before, "{} § {}", p.id, s.number);
            assert_eq!(s.new_text(), res.after.text(), "{} § {}", p.id, s.number);
            for b in &s.blocks {
                for seg in &b.segments {
                    if seg.op != novelle::redline::Op::Equal {
                        assert!(
                            !seg.amendments.is_empty(),
                            "{} § {}: change without amendment: {seg:?}",
                            p.id,
                            s.number
                        );
                    }
                }
            }
        }
    }
}

/// Words of legal German, including the awkward ones.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Mißbrauch".to_owned()),
        Just("Hilfslosigkeit".to_owned()),
        Just("Abs.".to_owned()),
        Just("§".to_owned()),
        Just("§§".to_owned()),
        Just("176a".to_owned()),
        Just("z. B.".to_owned()),
        Just("Ausbildungs-,".to_owned()),
        Just("„Kind“".to_owned()),
        Just("(§ 11 Absatz 3)".to_owned()),
        "[a-zäöüß]{1,8}",
        "[A-ZÄÖÜ][a-zäöüß]{1,8}",
        "[0-9]{1,3}",
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(word(), 1..8),
        prop_oneof![Just("."), Just(","), Just(";"), Just("")],
    )
        .prop_map(|(w, end)| format!("{}{end}", w.join(" ")))
}

/// A structured text: Absätze with Sätze and sometimes a list.
fn statute_text() -> impl Strategy<Value = String> {
    let absatz = (
        proptest::collection::vec(sentence(), 1..3),
        proptest::collection::vec(sentence(), 0..3),
        any::<bool>(),
    );
    proptest::collection::vec(absatz, 1..5).prop_map(|abs| {
        let mut out = String::new();
        for (i, (saetze, items, tail)) in abs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&format!("({}) {}", i + 1, saetze.join(" ")));
            for (k, item) in items.iter().enumerate() {
                out.push_str(&format!("\n\n{}. {item}", k + 1));
            }
            if *tail && !items.is_empty() {
                out.push_str("\n\nwird bestraft.");
            }
        }
        out.push('\n');
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parse_render_round_trips(t in statute_text()) {
        let body = Body::parse(&t).map_err(|e| TestCaseError::fail(format!("{e}: {t:?}")))?;
        prop_assert_eq!(body.render(), t);
    }

    #[test]
    fn fragments_of_any_text_round_trip(t in "\\PC{0,200}") {
        // Whatever parses must render back exactly.
        if let Ok(body) = Body::parse_fragment(&t) {
            prop_assert_eq!(body.render(), t);
        }
    }

    #[test]
    fn diff_reconstructs_both_texts(a in statute_text(), b in statute_text()) {
        let r = compare_texts("1", &text(&a), &text(&b));
        prop_assert_eq!(r.old_text(), a);
        prop_assert_eq!(r.new_text(), b);
    }

    #[test]
    fn diff_reconstructs_arbitrary_strings(a in "\\PC{0,120}", b in "\\PC{0,120}") {
        let r = compare_texts("1", &text(&a), &text(&b));
        prop_assert_eq!(r.old_text(), a);
        prop_assert_eq!(r.new_text(), b);
    }
}
