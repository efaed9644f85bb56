//! The amendment engine on the shipped proposals and sections.

use jiff::civil::date;
use novelle::apply::apply;
use novelle::load::Store;
use novelle::model::statute::Content;

#[path = "support/store.rs"]
mod shipped;

fn store() -> Store {
    shipped::shipped()
}

/// Applying an adopted proposal must give the official text of the day it
/// entered into force, byte for byte.
fn reproduces(id: &str, in_force: jiff::civil::Date) {
    let store = store();
    let proposal = store.proposal(id).unwrap();
    let law = store.law(Some(&proposal.law)).unwrap();
    let applied = apply(law, proposal, None).unwrap_or_else(|e| panic!("{e}: {}", e.hint));
    assert!(!applied.sections.is_empty());
    for s in &applied.sections {
        let official = law
            .section(&s.number)
            .and_then(|sec| sec.at(in_force))
            .map(|v| &v.content);
        assert_eq!(Some(&s.after), official, "§ {}", s.number);
        assert_eq!(s.text.new_text(), s.after.text(), "§ {}", s.number);
        if let Some(before) = &s.before {
            assert_eq!(s.text.old_text(), before.text(), "§ {}", s.number);
        }
    }
}

#[test]
fn federal_reform_reproduces_the_2021_07_01_texts() {
    reproduces("sexualisierte-gewalt-2021", date(2021, 7, 1));
}

#[test]
fn leichtfertigkeit_reproduces_the_2021_09_22_text() {
    reproduces("leichtfertigkeit-232a-2021", date(2021, 9, 22));
}

#[test]
fn ijm_osec_amends_four_sections() {
    let store = store();
    let proposal = store.proposal("ijm-osec").unwrap();
    let law = store.law(Some("StGB")).unwrap();
    let applied = apply(law, proposal, None).unwrap_or_else(|e| panic!("{e}: {}", e.hint));
    let numbers: Vec<&str> = applied.sections.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["176", "176a", "182", "232a"]);
    for s in &applied.sections {
        assert!(matches!(s.after, Content::Text { .. }));
        assert_ne!(Some(&s.after), s.before.as_ref(), "§ {} changed", s.number);
    }
}

/// The outline the engine hands on is the outline of the text it hands on,
/// and the redline built with it is the one built by parsing again.
#[test]
fn the_outline_handed_on_is_that_of_the_new_text() {
    use novelle::model::outline::Outline;
    use novelle::model::text::Body;
    use novelle::redline::for_proposal;

    let store = store();
    let mut handed_on = 0;
    for proposal in &store.proposals {
        let law = store.law(Some(&proposal.law)).unwrap();
        let applied = apply(law, proposal, None).unwrap();
        for s in &applied.sections {
            if let Some(outline) = &s.outline {
                let body = Body::parse(&s.text.new_text()).unwrap();
                assert_eq!(**outline, Outline::of(&body), "§ {}", s.number);
                handed_on += 1;
            }
        }
        let mut parsed_again = applied.clone();
        for s in &mut parsed_again.sections {
            s.outline = None;
        }
        assert_eq!(
            for_proposal(&applied, proposal, &[], "StGB"),
            for_proposal(&parsed_again, proposal, &[], "StGB"),
            "{}",
            proposal.id
        );
    }
    assert!(handed_on > 0, "no section's outline was handed on");
}
