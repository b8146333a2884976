//! `duplicate-residue`: what is left of a copied document.
//!
//! When the lines removed as duplicates outweigh what remains, and nothing
//! that remains is heavy enough to be body text, the rest — a byline, a
//! couple of headings — is the frame of a copy, not content of its own. It
//! goes too, with the document the copy came from as evidence.

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;

use super::super::{Reason, SentenceRemoval, Verdicts};

/// Remove the rest of document `doc` if it is mostly a copy of others;
/// `sentences` are the sentences already removed from kept lines. Only
/// copies of *other* documents count: text repeated within the document is
/// not a copy of anything, and its first copy must stay. Returns whether it
/// removed anything.
pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    anchor_min_weight: u32,
    sentences: &[SentenceRemoval],
    verdicts: &mut Verdicts,
) -> bool {
    let mut copied_weight = 0u64;
    let mut heaviest_copy: Option<(u32, DocId)> = None;
    let mut copy = |weight: u32, from: DocId, copied_weight: &mut u64| {
        if from == doc {
            return;
        }
        *copied_weight += u64::from(weight);
        if heaviest_copy.is_none_or(|(w, _)| weight > w) {
            heaviest_copy = Some((weight, from));
        }
    };
    let mut removed_from_line = vec![0u32; sketch.lines.len()];
    for removal in sentences {
        let weight = sketch
            .sentences
            .binary_search_by_key(&(removal.line, removal.ordinal), |s| {
                (s.line, u32::from(s.ordinal))
            })
            .map_or(0, |i| u32::from(sketch.sentences[i].weight));
        removed_from_line[removal.line as usize] += weight;
        match removal.reason {
            Reason::DuplicateSentence { first } => copy(weight, first.doc, &mut copied_weight),
            Reason::DuplicateSpan { first } => copy(weight, first.doc, &mut copied_weight),
            _ => {}
        }
    }
    let mut kept_weight = 0u64;
    for (i, (line, verdict)) in sketch.lines.iter().zip(verdicts.iter()).enumerate() {
        match verdict {
            Some(Reason::DuplicateBlock { first }) => {
                copy(line.weight, first.doc, &mut copied_weight)
            }
            Some(Reason::DuplicateSentence { first }) => {
                copy(line.weight, first.doc, &mut copied_weight)
            }
            Some(Reason::DuplicateSpan { first }) => {
                copy(line.weight, first.doc, &mut copied_weight)
            }
            None if !line.blank => {
                let kept = line.weight.saturating_sub(removed_from_line[i]);
                if kept >= anchor_min_weight {
                    return false;
                }
                kept_weight += u64::from(kept);
            }
            _ => {}
        }
    }
    let Some((_, copied_from)) = heaviest_copy else {
        return false;
    };
    if copied_weight < kept_weight {
        return false;
    }
    for (line, verdict) in sketch.lines.iter().zip(verdicts.iter_mut()) {
        if verdict.is_none() && !line.blank {
            *verdict = Some(Reason::DuplicateResidue { copied_from });
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocId;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::Occurrence;

    const LONG: &str =
        "A long paragraph copied from another page, heavy enough to be body text, as articles are.";

    fn copied() -> Option<Reason> {
        Some(Reason::DuplicateBlock {
            first: Occurrence {
                doc: DocId(3),
                line: 2,
            },
        })
    }

    #[test]
    fn the_frame_of_a_copy_goes() {
        let doc = sketch_lines(&["By A. Writer | 4 min read", LONG, "Budget", LONG]);
        let mut verdicts = vec![None, copied(), None, copied()];
        assert!(apply(DocId(9), &doc, 80, &[], &mut verdicts));
        let residue = Some(Reason::DuplicateResidue {
            copied_from: DocId(3),
        });
        assert_eq!(verdicts, [residue, copied(), residue, copied()]);
    }

    #[test]
    fn regression_repeats_inside_one_document_do_not_make_it_a_copy() {
        let said = "A sentence said three times in this line.";
        let doc = sketch_lines(&[&format!("{said} {said} {said}")]);
        assert_eq!(doc.sentences.len(), 3);
        let own = Reason::DuplicateSentence {
            first: crate::index::SentenceAt {
                doc: DocId(3),
                line: 0,
                ordinal: 0,
            },
        };
        let repeats = [
            SentenceRemoval {
                line: 0,
                ordinal: 1,
                reason: own,
            },
            SentenceRemoval {
                line: 0,
                ordinal: 2,
                reason: own,
            },
        ];
        let mut verdicts = vec![None];
        assert!(!apply(DocId(3), &doc, 80, &repeats, &mut verdicts));
        assert_eq!(verdicts, [None], "the first copy stays");
    }

    #[test]
    fn a_page_with_body_text_of_its_own_stays() {
        let own = "This page also says something of its own at length, in a paragraph nobody else wrote before.";
        let doc = sketch_lines(&["Title", LONG, own]);
        let mut verdicts = vec![None, copied(), None];
        assert!(!apply(DocId(9), &doc, 80, &[], &mut verdicts));
        assert_eq!(verdicts, [None, copied(), None]);

        let doc = sketch_lines(&[
            "Title",
            "Short line one of its own",
            "Short line two of its own",
            "Short three",
        ]);
        let mut verdicts = vec![None, None, None, None];
        assert!(!apply(DocId(9), &doc, 80, &[], &mut verdicts));
        assert_eq!(
            verdicts,
            [None, None, None, None],
            "nothing copied, nothing removed"
        );
    }
}
