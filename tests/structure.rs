//! The structured-text parser on the real sections: lists, Schlussteile,
//! nested Buchstaben, sentences that must not be split.

use jiff::civil::date;
use novelle::load::{DirSource, load};
use novelle::model::outline::{Outline, Step};
use novelle::model::text::{Body, Part, UnitKind};

fn parsed(section: &str, day: jiff::civil::Date) -> (String, Body) {
    let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
    let text = store
        .law(Some("StGB"))
        .unwrap()
        .section(section)
        .unwrap()
        .at(day)
        .unwrap()
        .content
        .text()
        .to_owned();
    let body = Body::parse(&text).unwrap();
    (text, body)
}

fn path(steps: &[(UnitKind, &str)]) -> Vec<Step> {
    steps
        .iter()
        .map(|(k, n)| Step {
            kind: *k,
            number: (*n).to_owned(),
        })
        .collect()
}

#[test]
fn schlussteil_belongs_to_the_satz_of_its_list() {
    let (text, body) = parsed("232a", date(2021, 9, 22));
    let abs6 = &body.absaetze[5];
    assert_eq!(
        abs6.saetze.len(),
        3,
        "Satz 1 (with list and Schlussteil), Satz 2, Satz 3"
    );
    let satz1 = &abs6.saetze[0];
    assert_eq!(satz1.items().count(), 2);
    match satz1.parts.last() {
        Some(Part::Text { text, .. }) => {
            assert!(text.starts_with("geworden ist und der Prostitution nachgeht"));
            assert!(text.ends_with("ausnutzt."));
        }
        other => panic!("Schlussteil expected, got {other:?}"),
    }
    let outline = Outline::of(&body);
    use UnitKind::*;
    let s2 = outline.find(&path(&[(Absatz, "6"), (Satz, "2")])).unwrap();
    assert!(text[s2.range.clone()].starts_with("Verkennt der Täter"));
    assert!(text[s2.range.clone()].ends_with("Geldstrafe."));
    let s3 = outline.find(&path(&[(Absatz, "6"), (Satz, "3")])).unwrap();
    assert!(text[s3.range.clone()].starts_with("Nach den Sätzen 1 und 2"));
}

#[test]
fn a_new_satz_after_a_list_that_ends_the_sentence() {
    let (_, body) = parsed("232", date(2016, 10, 15));
    assert_eq!(
        body.absaetze[0].saetze.len(),
        2,
        "§ 232 Abs. 1 Satz 2 follows the list"
    );
    assert_eq!(
        body.absaetze[2].saetze.len(),
        2,
        "§ 232 Abs. 3 Satz 2 follows the list"
    );
    let nr1 = body.absaetze[0].saetze[0].items().next().unwrap();
    assert_eq!(
        nr1.saetze[0].items().count(),
        4,
        "Buchstaben a–d under Nummer 1"
    );
}

#[test]
fn nested_buchstaben_in_176c() {
    let (text, body) = parsed("176c", date(2021, 7, 1));
    let outline = Outline::of(&body);
    use UnitKind::*;
    let b = outline
        .find(&path(&[
            (Absatz, "1"),
            (Satz, "1"),
            (Nummer, "2"),
            (Satz, "1"),
            (Buchstabe, "b"),
        ]))
        .unwrap();
    assert!(text[b.range.clone()].starts_with("b) das Kind dazu bestimmt"));
    let nr3 = outline
        .find(&path(&[(Absatz, "1"), (Satz, "1"), (Nummer, "3")]))
        .unwrap();
    assert!(text[nr3.range.clone()].starts_with("3. die Tat von mehreren"));
}

#[test]
fn sentences_are_not_split_at_abbreviations_or_references() {
    // § 176a (2021-01-01) Abs. 3 cites "§ 176 Abs. 1 bis 3, 4 Nr. 1 oder Nr. 2": one Satz.
    let (_, body) = parsed("176a", date(2021, 1, 1));
    assert_eq!(body.absaetze[2].saetze.len(), 1);
    assert_eq!(body.absaetze[5].saetze.len(), 2);
    // § 176 (2021-01-01) Abs. 6: "... und Absatz 5. Bei Taten ..." is two Sätze.
    let (_, body) = parsed("176", date(2021, 1, 1));
    assert_eq!(body.absaetze[5].saetze.len(), 2);
    // § 176e Abs. 6: "... eingezogen. § 74a ist anzuwenden." is two Sätze.
    let (_, body) = parsed("176e", date(2021, 9, 22));
    assert_eq!(body.absaetze[5].saetze.len(), 2);
}

#[test]
fn a_section_without_absatz_numbers_is_cited_by_satz() {
    let (text, body) = parsed("176d", date(2021, 7, 1));
    let outline = Outline::of(&body);
    let s1 = outline.find(&path(&[(UnitKind::Satz, "1")])).unwrap();
    assert_eq!(&text[s1.range.clone()], text.trim_end());
}
