//! The head of a kept line that is the whole of the page's title: a
//! page's title at the head of a copy of its article flattened into one
//! line ('Title(一)First heading First paragraph…').
//!
//! The duplicate rules cut at sentence ends, and a title glued to the
//! paragraph after it ends none: the flattened copy's first sentence is
//! the title, a heading and a sentence of the body in one, which matches
//! no sentence of the page. Yet the title's own line stands above, whole.
//! So where a kept line opens with the text of the page's title — its
//! first kept line — and text follows it, and the line is a copy that
//! other lines of the page repeat (removals of the page point at it, as
//! at a flattened copy kept before its paragraphs), that head goes as a
//! repeated span (`duplicate-span`), pointing at the title. A paragraph
//! that opens with its page's title ('Assignment statements are used
//! to…' under the title 'Assignment statements') is no copy, and stays
//! whole. The title must weigh at least [`MIN_TITLE_WEIGHT`] (a short
//! heading such as 'Introduction' may well open a paragraph) and must not
//! end as a sentence (a repeated sentence is the sentence rules' to take),
//! and the head must end where a word does.

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::SpanAt;
use crate::segment::Span;

use super::super::{Decision, PieceRemoval, Reason};

/// The lightest title the rule looks for: eight CJK characters or 16
/// letters, more than a short heading ('Introduction') that may open a
/// paragraph of the page.
pub const MIN_TITLE_WEIGHT: u32 = 16;

/// Add to `decision` the heads of its kept lines that repeat the page's
/// title, its first kept line.
pub fn apply(doc: DocId, text: &str, lines: &[Span], sketch: &DocSketch, decision: &mut Decision) {
    let trimmed = |i: usize| {
        let line = &text[lines[i].start..lines[i].end];
        let start = lines[i].start + (line.len() - line.trim_start().len());
        Span {
            start,
            end: lines[i].start + line.trim_end().len(),
        }
    };
    let kept_whole = |i: usize| {
        decision.lines[i].is_none()
            && !sketch.lines[i].blank
            && !decision.sentences.iter().any(|s| s.line as usize == i)
            && !decision.pieces.iter().any(|p| p.line as usize == i)
    };
    // The lines that removals of this document repeat: a flattened copy
    // kept first is one, the paragraphs below it having gone as copies.
    let mut copied: Vec<u32> = (decision.lines.iter().flatten())
        .chain(decision.sentences.iter().map(|s| &s.reason))
        .filter_map(|reason| reason.first_line_in(doc))
        .collect();
    if copied.is_empty() {
        return;
    }
    copied.sort_unstable();
    let Some(title) =
        (0..lines.len()).find(|&i| decision.lines[i].is_none() && !sketch.lines[i].blank)
    else {
        return;
    };
    let key = &sketch.lines[title];
    if key.weight < MIN_TITLE_WEIGHT || key.ends_sentence || !kept_whole(title) {
        return;
    }
    let head = trimmed(title);
    let head_text = &text[head.start..head.end];
    let mut found = Vec::new();
    for i in title + 1..lines.len() {
        if copied.binary_search(&(i as u32)).is_err() || !kept_whole(i) {
            continue;
        }
        let line = trimmed(i);
        let Some(rest) = text[line.start..line.end].strip_prefix(head_text) else {
            continue;
        };
        let after = rest.trim_start();
        if after.is_empty() || splits_a_word(head_text, rest) {
            continue;
        }
        found.push(PieceRemoval {
            line: i as u32,
            span: Span {
                start: line.start,
                end: line.end - after.len(),
            },
            reason: Reason::DuplicateSpan {
                first: SpanAt {
                    doc,
                    start: head.start as u32,
                    end: head.end as u32,
                    line: title as u32,
                },
            },
        });
    }
    decision.pieces.extend(found);
}

/// Whether a head ending in `head` and followed by `rest` ends inside a
/// word: a letter or digit on both sides of the cut, in a script that
/// spaces its words ('Title' at the head of 'Titles of…').
fn splits_a_word(head: &str, rest: &str) -> bool {
    let spaced = |c: char| c.is_alphanumeric() && !crate::normalize::script::is_unspaced_cjk(c);
    match (head.chars().next_back(), rest.chars().next()) {
        (Some(last), Some(next)) => spaced(last) && spaced(next),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::page;
    use crate::index::Occurrence;

    /// The pieces the rule takes from `lines`, and the line each repeats,
    /// the lines `copies` names having gone as copies of the line beside
    /// them.
    fn run(lines: &[&str], copies: &[(usize, u32)]) -> Vec<(usize, String, u32)> {
        let (sketch, text, spans, mut decision) = page(lines);
        for &(copy, line) in copies {
            let first = Occurrence {
                doc: DocId(0),
                line,
            };
            decision.lines[copy] = Some(Reason::DuplicateBlock { first });
        }
        apply(DocId(0), &text, &spans, &sketch, &mut decision);
        (decision.pieces.iter())
            .map(|p| {
                let Reason::DuplicateSpan { first } = p.reason else {
                    panic!("a repeated span");
                };
                let piece = text[p.span.start..p.span.end].to_string();
                (p.line as usize, piece, first.line)
            })
            .collect()
    }

    const TITLE: &str = "    大理区2022年国民经济和社会发展计划执行情况报告之三(第88期)";
    const HEADING: &str = "Compound statements in the language reference, part seven";
    const PARAGRAPH: &str = "The while statement is used for repeated execution.";

    #[test]
    fn a_title_at_the_head_of_a_flattened_copy_goes() {
        let flattened = format!(
            "{}(一)公租房建设为保障人民群众生命财产安全,压实四方责任。",
            TITLE.trim()
        );
        let paragraph = "为保障人民群众生命财产安全,压实四方责任。";
        let lines = [
            TITLE,
            "发布日期:2020-07-01",
            &flattened,
            "(一)公租房建设",
            paragraph,
        ];
        assert_eq!(run(&lines, &[(4, 2)]), [(2, TITLE.trim().to_string(), 0)]);
        let flattened = format!("{HEADING}  {PARAGRAPH}");
        assert_eq!(
            run(&[HEADING, &flattened, PARAGRAPH], &[(2, 1)]),
            [(1, format!("{HEADING}  "), 0)],
            "with the spaces after it"
        );
    }

    #[test]
    fn a_paragraph_that_opens_with_the_title_is_no_copy() {
        let paragraph = format!("{HEADING} are described in this chapter.");
        assert_eq!(run(&[HEADING, &paragraph, PARAGRAPH], &[]), []);
    }

    #[test]
    fn light_lines_sentences_and_word_heads_are_no_title() {
        let lines = [
            "Introduction",
            "Introduction to the theory of heat.",
            "to the theory of heat.",
        ];
        assert_eq!(
            run(&lines, &[(2, 1)]),
            [],
            "a short heading may open a paragraph"
        );
        let sentence = "The council approved the new mobility plan for the old town.";
        let flattened = format!("{sentence} {PARAGRAPH}");
        let lines = [sentence, &flattened, PARAGRAPH];
        assert_eq!(
            run(&lines, &[(2, 1)]),
            [],
            "a repeated sentence is the sentence rules' to take"
        );
        let flattened = format!("{HEADING}teen and {PARAGRAPH}");
        let lines = [HEADING, &flattened, PARAGRAPH];
        assert_eq!(run(&lines, &[(2, 1)]), [], "the head ends inside a word");
        assert_eq!(
            run(&[HEADING, HEADING], &[]),
            [],
            "a line repeated whole is no head"
        );
        let lines = [
            HEADING,
            "Reduce energy use",
            "Reduce energy use by ten percent.",
        ];
        assert_eq!(run(&lines, &[]), [], "only the page's title is looked for");
    }
}
