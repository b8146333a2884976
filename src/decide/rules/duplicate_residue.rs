//! `duplicate-residue`: what is left of a copied document.
//!
//! When the lines removed as duplicates outweigh what remains, and nothing
//! that remains is heavy enough to be body text, the rest — a byline, a
//! couple of headings — is the frame of a copy, not content of its own. It
//! goes too, with the document the copy came from as evidence.

use crate::fingerprint::DocSketch;

use super::super::{Reason, Verdicts};

pub fn apply(sketch: &DocSketch, anchor_min_weight: u32, verdicts: &mut Verdicts) {
    let mut copied_weight = 0u64;
    let mut heaviest_copy: Option<(u32, Reason)> = None;
    let mut kept_weight = 0u64;
    for (line, verdict) in sketch.lines.iter().zip(verdicts.iter()) {
        match verdict {
            Some(reason @ Reason::DuplicateBlock { .. }) => {
                copied_weight += u64::from(line.weight);
                if heaviest_copy.is_none_or(|(w, _)| line.weight > w) {
                    heaviest_copy = Some((line.weight, *reason));
                }
            }
            None if !line.blank => {
                if line.weight >= anchor_min_weight {
                    return;
                }
                kept_weight += u64::from(line.weight);
            }
            _ => {}
        }
    }
    let Some((_, Reason::DuplicateBlock { first })) = heaviest_copy else {
        return;
    };
    if copied_weight < kept_weight {
        return;
    }
    for (line, verdict) in sketch.lines.iter().zip(verdicts.iter_mut()) {
        if verdict.is_none() && !line.blank {
            *verdict = Some(Reason::DuplicateResidue {
                copied_from: first.doc,
            });
        }
    }
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
        apply(&doc, 80, &mut verdicts);
        let residue = Some(Reason::DuplicateResidue {
            copied_from: DocId(3),
        });
        assert_eq!(verdicts, [residue, copied(), residue, copied()]);
    }

    #[test]
    fn a_page_with_body_text_of_its_own_stays() {
        let own = "This page also says something of its own at length, in a paragraph nobody else wrote before.";
        let doc = sketch_lines(&["Title", LONG, own]);
        let mut verdicts = vec![None, copied(), None];
        apply(&doc, 80, &mut verdicts);
        assert_eq!(verdicts, [None, copied(), None]);

        let doc = sketch_lines(&[
            "Title",
            "Short line one of its own",
            "Short line two of its own",
            "Short three",
        ]);
        let mut verdicts = vec![None, None, None, None];
        apply(&doc, 80, &mut verdicts);
        assert_eq!(
            verdicts,
            [None, None, None, None],
            "nothing copied, nothing removed"
        );
    }
}
