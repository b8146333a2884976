//! `near-duplicate`: a document whose content is nearly that of another —
//! the same article cross-posted with a few words changed, a paragraph
//! dropped or added — is removed; its cluster keeps one copy
//! ([`crate::index::near`] finds the clusters, `--keep` chooses the copy).
//!
//! A copy can hold a paragraph the kept document lacks: the one its
//! edit added, or the one the kept copy's edit dropped. Removing it with
//! the rest would lose text said nowhere else, so the paragraphs of body
//! text whose sentences the kept document mostly does not hold
//! ([`new_lines`], found by the index) stay, and the duplicate-block rule
//! weighs them as it weighs the lines of any kept document.

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::Index;
use crate::settings::DuplicateSettings;

use super::super::{Reason, Verdicts};
use super::duplicate_document::every_line;

/// The lines of a near-duplicate removed, but for those the document kept
/// in its stead lacks, if the document is a near-duplicate; else `None`.
pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    index: &Index,
    settings: &DuplicateSettings,
) -> Option<Verdicts> {
    if !settings.near_documents {
        return None;
    }
    let of = index
        .near_duplicate_of
        .get(doc.index())
        .copied()
        .flatten()?;
    let mut verdicts = every_line(sketch, Reason::NearDuplicate { of });
    for line in index.near_new_lines.in_doc(doc) {
        if let Some(verdict) = verdicts.get_mut(line as usize) {
            *verdict = None;
        }
    }
    Some(verdicts)
}

/// The content keys of `sketch`'s lines, sorted for lookups.
fn line_keys(sketch: &DocSketch) -> Vec<u64> {
    let mut keys: Vec<u64> = sketch.lines.iter().map(|line| line.content).collect();
    keys.sort_unstable();
    keys
}

/// Whether `copy`, a near-duplicate of `kept`, holds body text (at least
/// `min_weight`, kept by the boilerplate rules, whose verdicts on `copy`
/// are `boilerplate`) that is not a line of `kept`: what [`new_lines`]
/// weighs. Only line keys are read, so that the sketches' heads answer
/// for most copies.
pub fn may_hold_new_lines(
    kept: &DocSketch,
    copy: &DocSketch,
    boilerplate: &Verdicts,
    min_weight: u32,
) -> bool {
    let kept_lines = line_keys(kept);
    (copy.lines.iter().zip(boilerplate)).any(|(line, verdict)| {
        verdict.is_none()
            && line.weight >= min_weight
            && kept_lines.binary_search(&line.content).is_err()
    })
}

/// The lines of `copy`, a near-duplicate of `kept`, that `kept` lacks:
/// body text (at least `min_weight`, and kept by the boilerplate rules,
/// whose verdicts on `copy` are `boilerplate`) that is not a line of
/// `kept`, at most half of whose span fingerprints `kept` holds, and that
/// stands between two lines of the article both hold (more than half of
/// their fingerprints in `kept`), or after the last of those among
/// paragraphs that end as sentences and headings: not a link to another
/// page after the article.
/// Fingerprints are compared rather than line or sentence keys so that a
/// paragraph the copy changes in a character or two (a marker at its
/// end, a character the script folding reads otherwise) is not new.
pub fn new_lines(
    kept: &DocSketch,
    copy: &DocSketch,
    boilerplate: &Verdicts,
    min_weight: u32,
) -> Vec<u32> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Line {
        Held,
        New,
        Other,
    }
    let mut kept_prints = kept.span_hashes.clone();
    kept_prints.sort_unstable();
    let kept_lines = line_keys(kept);
    let mut prints = copy.spans.iter().zip(&copy.span_hashes).peekable();
    let lines: Vec<Line> = (copy.lines.iter().zip(boilerplate).enumerate())
        .map(|(i, (line, verdict))| {
            let end = copy.line_tokens.get(i + 1).copied().unwrap_or(u32::MAX);
            let (mut all, mut held) = (0usize, 0usize);
            while let Some((_, hash)) = prints.next_if(|(print, _)| print.token() < end) {
                all += 1;
                held += usize::from(kept_prints.binary_search(hash).is_ok());
            }
            if verdict.is_some() || line.weight < min_weight || all == 0 {
                Line::Other
            } else if held * 2 > all || kept_lines.binary_search(&line.content).is_ok() {
                Line::Held
            } else {
                Line::New
            }
        })
        .collect();
    let (Some(first), Some(last)) = (
        lines.iter().position(|&line| line == Line::Held),
        lines.iter().rposition(|&line| line == Line::Held),
    ) else {
        return Vec::new();
    };
    // Paragraphs that end the copy's article after the last line both hold
    // continue it if they read as sentences (a link's title does not),
    // across the headings between them.
    let continues = |i: usize| {
        let line = &copy.lines[i];
        let heading = boilerplate[i].is_none() && line.weight < min_weight;
        line.blank || heading || (lines[i] == Line::New && line.ends_sentence)
    };
    let end = (last + 1..lines.len())
        .find(|&i| !continues(i))
        .unwrap_or(lines.len());
    (first..end)
        .filter(|&i| lines[i] == Line::New)
        .map(|i| i as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::NearDuplicate;

    #[test]
    fn every_line_with_text_of_a_near_duplicate_goes() {
        let sketch = sketch_lines(&["Title", "", "Body text here."]);
        let of = NearDuplicate {
            kept: DocId(0),
            agreeing: 120,
        };
        let index = Index {
            near_duplicate_of: vec![None, Some(of)],
            ..Index::default()
        };
        let settings = DuplicateSettings::default();
        assert!(apply(DocId(0), &sketch, &index, &settings).is_none());
        let removed = apply(DocId(1), &sketch, &index, &settings).unwrap();
        assert_eq!(removed[0], Some(Reason::NearDuplicate { of }));
        assert_eq!(removed[1], None, "blank lines carry no verdict");
        let off = DuplicateSettings {
            near_documents: false,
            ..DuplicateSettings::default()
        };
        assert!(apply(DocId(1), &sketch, &index, &off).is_none());
    }

    const FIRST: &str = "The council approved the new mobility plan on Thursday after a long debate that lasted well into the evening hours.";
    const SECOND: &str = "Traffic in the historic centre will be restricted to residents, delivery vans and public transport from next autumn onwards.";
    const THIRD: &str = "The opposition criticised the lack of consultation with shop owners, who fear that fewer visitors will come to the old town.";
    const ADDED: &str = "An earlier version of this article misstated the date of the vote, which took place on the eleventh and not the twelfth.";
    const LINK: &str = "Read next: Regional elections bring record turnout as voters queue for hours outside polling stations across the province";

    fn new_in(kept: &[&str], copy: &[&str]) -> Vec<u32> {
        let (kept, copy) = (sketch_lines(kept), sketch_lines(copy));
        let verdicts = vec![None; copy.lines.len()];
        new_lines(&kept, &copy, &verdicts, 80)
    }

    #[test]
    fn a_paragraph_the_kept_copy_lacks_is_new() {
        let kept = ["Mobility plan approved", FIRST, SECOND, THIRD];
        let copy = ["Mobility plan approved", FIRST, ADDED, SECOND, THIRD];
        assert_eq!(new_in(&kept, &copy), vec![2]);
        // The kept copy dropped the paragraph: the same from the other side.
        assert_eq!(new_in(&[FIRST, THIRD], &[FIRST, SECOND, THIRD]), vec![1]);
        // The last paragraph continues the article: it ends as a sentence.
        assert_eq!(
            new_in(&[FIRST, SECOND], &[FIRST, SECOND, "", THIRD]),
            vec![3]
        );
    }

    #[test]
    fn what_the_kept_copy_holds_or_what_follows_the_article_is_not_new() {
        // A marker added, or a word of a long paragraph changed: most
        // fingerprints are held.
        let marked = format!("{SECOND} (continued on page 4)");
        assert!(new_in(&[FIRST, SECOND, THIRD], &[FIRST, &marked, THIRD]).is_empty());
        let long = format!("{FIRST} {SECOND} {THIRD}");
        let edited = long.replace("residents", "locals");
        assert!(new_in(&[FIRST, &long, THIRD], &[FIRST, &edited, THIRD]).is_empty());
        // A link to another page after the article does not end as a sentence.
        assert!(new_in(&[FIRST, SECOND], &[FIRST, SECOND, LINK]).is_empty());
        // Nothing held: no article to stand in.
        assert!(new_in(&[FIRST], &[ADDED]).is_empty());
        // Light lines (headings) never are new.
        assert!(new_in(&[FIRST, THIRD], &[FIRST, "A new heading", THIRD]).is_empty());
    }

    #[test]
    fn boilerplate_is_not_new() {
        let (kept, copy) = (
            sketch_lines(&[FIRST, THIRD]),
            sketch_lines(&[FIRST, ADDED, THIRD]),
        );
        let of = NearDuplicate {
            kept: DocId(0),
            agreeing: 120,
        };
        let mut verdicts = vec![None; copy.lines.len()];
        verdicts[1] = Some(Reason::NearDuplicate { of });
        assert!(new_lines(&kept, &copy, &verdicts, 80).is_empty());
    }

    #[test]
    fn new_lines_of_a_near_duplicate_stay() {
        let sketch = sketch_lines(&["Title", "", FIRST, ADDED, SECOND]);
        let of = NearDuplicate {
            kept: DocId(0),
            agreeing: 120,
        };
        let index = Index {
            near_duplicate_of: vec![None, Some(of)],
            near_new_lines: crate::index::Places::new(vec![crate::index::Occurrence {
                doc: DocId(1),
                line: 3,
            }]),
            ..Index::default()
        };
        let removed = apply(DocId(1), &sketch, &index, &DuplicateSettings::default()).unwrap();
        let reason = Some(Reason::NearDuplicate { of });
        assert_eq!(removed, vec![reason, None, reason, None, reason]);
    }
}
