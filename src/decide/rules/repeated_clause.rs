//! `repeated-clause`: a clause that says again what the clause just before
//! it said, inside one sentence — '推进碳汇和林农碳微汇项目,' three times in a
//! row, a scraping or editing stutter.
//!
//! The span rule cannot remove it: its repeat lies inside a sentence that
//! is not a repeat as a whole, and span removals take whole sentences.
//! Here the unit is the clause: a sentence is cut after each clause mark
//! (`,` `、` `;` `:` and their full-width forms, which NFKC mostly folds to
//! ASCII), each clause is folded as content keys are (so `项目,` and `项目。`
//! are the same clause), and a run of at least [`MIN_RUN`] equal clauses
//! keeps its first: the removal runs from the end of the first clause's
//! text to the end of the last one's, so that `X,X,X。` keeps `X。` with its
//! ender. Only clauses of at least [`MIN_CLAUSE_WEIGHT`] count: "好,好,好"
//! is speech, not a stutter.
//! The rule runs last, on the sentences every other rule kept, and reads
//! only the text of the line, so it changes nothing upstream.

use crate::normalize::key::KeyFolder;
use crate::segment::{self, Span};

use super::super::{Decision, PieceRemoval, Reason};

/// Least weight of a clause that counts as repeated: eight CJK characters
/// or sixteen letters, the shortest unit of content a reader tells apart.
pub const MIN_CLAUSE_WEIGHT: u32 = 16;

/// Copies in a row that make a stutter. Twice can be emphasis ("we will
/// persist, we will persist") or chance in text built of stock phrases;
/// three times is not how anyone writes.
pub const MIN_RUN: usize = 3;

fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '、' | '，' | '；' | '：' | '､')
}

/// The clauses of a sentence, each as (start, end of its text before the
/// mark or the sentence's ender, end with them and the spaces after).
fn clauses(text: &str, sentence: Span) -> Vec<(usize, usize, usize)> {
    let body = &text[sentence.start..sentence.end];
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_clause_mark(c) {
            continue;
        }
        let text_end = at;
        let mut end = at + c.len_utf8();
        while let Some(&(next, n)) = chars.peek() {
            if n.is_whitespace() || is_clause_mark(n) {
                end = next + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push((start, text_end, end));
        start = end;
    }
    if start < body.len() {
        // The last clause's text stops before the sentence's ender, its
        // closing quotes and spaces: they stay with the clause kept.
        let text = body[start..].trim_end_matches(|c: char| !c.is_alphanumeric());
        out.push((start, start + text.len(), body.len()));
    }
    let base = sentence.start;
    out.into_iter()
        .map(|(a, b, c)| (base + a, base + b, base + c))
        .collect()
}

/// Add to `decision` the clauses of its kept sentences that repeat the
/// clause before them, in runs of at least [`MIN_RUN`].
pub fn apply(text: &str, lines: &[Span], decision: &mut Decision, folder: &mut KeyFolder) {
    let mut removed_sentences = decision.sentences.iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        let line_removed: Vec<u32> =
            std::iter::from_fn(|| removed_sentences.next_if(|s| s.line as usize == i))
                .map(|s| s.ordinal)
                .collect();
        if decision.lines[i].is_some() || line.is_empty() {
            continue;
        }
        let body = &text[line.start..line.end];
        if !body.contains(is_clause_mark) {
            continue;
        }
        for (ordinal, sentence) in segment::sentences(text, *line).into_iter().enumerate() {
            if line_removed.contains(&(ordinal as u32)) {
                continue;
            }
            let keys: Vec<(Option<u64>, usize)> = clauses(text, sentence)
                .into_iter()
                .map(|(start, text_end, _)| {
                    let key = folder.fold(&text[start..text_end]);
                    (
                        (key.weight >= MIN_CLAUSE_WEIGHT).then_some(key.content),
                        text_end,
                    )
                })
                .collect();
            let mut run_start = 0;
            while run_start < keys.len() {
                let (key, kept_end) = keys[run_start];
                let run = keys[run_start..]
                    .iter()
                    .take_while(|(k, _)| key.is_some() && *k == key)
                    .count()
                    .max(1);
                if run >= MIN_RUN {
                    decision.pieces.push(PieceRemoval {
                        line: i as u32,
                        span: Span {
                            start: kept_end,
                            end: keys[run_start + run - 1].1,
                        },
                        reason: Reason::RepeatedClause { line: i as u32 },
                    });
                }
                run_start += run;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::removal;

    fn clean(text: &str) -> (String, Vec<String>) {
        let lines = segment::lines(text);
        let mut decision = Decision {
            lines: vec![None; lines.len()],
            ..Decision::default()
        };
        apply(text, &lines, &mut decision, &mut KeyFolder::default());
        let cleaned = removal::apply(text, &lines, &decision);
        let removed = cleaned
            .removals
            .iter()
            .map(|r| text[r.span.start..r.span.end].to_string())
            .collect();
        (cleaned.text, removed)
    }

    #[test]
    fn a_clause_said_again_and_again_is_kept_once_with_the_sentence_ender() {
        let text = "积极开展碳达峰和林农碳微汇项目,推进碳汇和林农碳微汇项目,推进碳汇和林农碳微汇项目,推进碳汇和林农碳微汇项目。下一句话。\n";
        let (cleaned, removed) = clean(text);
        assert_eq!(
            cleaned,
            "积极开展碳达峰和林农碳微汇项目,推进碳汇和林农碳微汇项目。下一句话。\n"
        );
        assert_eq!(
            removed,
            [",推进碳汇和林农碳微汇项目,推进碳汇和林农碳微汇项目"]
        );
    }

    #[test]
    fn short_or_different_or_distant_clauses_stay() {
        for text in [
            "好,好,好,我们明天再谈这件事情吧。\n",
            "全年地区生产总值增长百分之十,全年财政收入增长百分之十二。\n",
            "We planted trees along the river, then we cleaned the river banks, then we planted trees along the river.\n",
        ] {
            let (cleaned, removed) = clean(text);
            assert_eq!(cleaned, text);
            assert!(removed.is_empty());
        }
        let twice =
            "We planted trees along the river, we planted trees along the river, and rested.\n";
        assert_eq!(clean(twice).0, twice);
        let thrice = "We planted trees along the river; we planted trees along the river; We planted trees along the river, and rested.\n";
        assert_eq!(
            clean(thrice).0,
            "We planted trees along the river, and rested.\n"
        );
    }
}
