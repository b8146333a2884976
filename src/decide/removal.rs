//! From per-line verdicts to removed spans and the cleaned text.
//!
//! The canonical text is cut into *units*: a non-blank line with the blank
//! lines that follow it (blank lines before the first text line ride with the
//! first unit). A removal takes whole units, so the cleaned text never keeps
//! the blank lines of a removed block; when everything after a kept unit is
//! removed, that unit's trailing blank lines go with the removal too.
//! Consecutive removed units with the same reason form one removal.
//!
//! Invariant: the kept units and the removals partition the canonical text,
//! so interleaving them by byte offset gives it back exactly.

use super::{Decision, Reason};
use crate::segment::{self, Span};

/// One removed span of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Bytes of the canonical text.
    pub span: Span,
    /// Line numbers, 1-based and inclusive, of the canonical text (equal to
    /// those of the original file; see [`crate::normalize`]).
    pub first_line: u32,
    pub last_line: u32,
    pub reason: Reason,
}

/// A document after its removals.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub removals: Vec<Removal>,
}

struct Unit {
    bytes: Span,
    first_line: usize,
    /// Index of the unit's text line (its verdict).
    head: usize,
    end_line: usize,
}

/// Apply a decision (one verdict per line of `lines`, and sentences removed
/// from kept lines) to `text`.
pub fn apply(text: &str, lines: &[Span], decision: &Decision) -> Cleaned {
    let verdicts = &decision.lines;
    let mut units = units(text, lines);
    let removed = |u: &Unit| verdicts[u.head].is_some();

    // Trailing blank lines of the last kept unit go with the removed tail.
    if let Some(last_kept) = units.iter().rposition(|u| !removed(u)) {
        if last_kept + 1 < units.len() {
            let head_end = line_with_break(text, lines, units[last_kept].head).end;
            if head_end < units[last_kept].bytes.end {
                units[last_kept + 1].bytes.start = head_end;
                units[last_kept + 1].first_line = units[last_kept].head + 1;
                units[last_kept].bytes.end = head_end;
                units[last_kept].end_line = units[last_kept].head + 1;
            }
        }
    }

    let mut cleaned = Cleaned {
        text: String::with_capacity(text.len()),
        removals: Vec::new(),
    };
    let mut sentence_removals = decision.sentences.iter().peekable();
    let mut piece_removals = decision.pieces.iter().peekable();
    for unit in &units {
        let Some(reason) = verdicts[unit.head] else {
            let line = lines[unit.head];
            let mut cuts: Vec<(Span, Reason)> = Vec::new();
            let mut sentence_cuts = Vec::new();
            while let Some(removal) = sentence_removals.next_if(|r| r.line as usize == unit.head) {
                sentence_cuts.push(*removal);
            }
            if !sentence_cuts.is_empty() {
                let spans = segment::sentences(text, line);
                for cut in sentence_cuts {
                    if let Some(&sentence) = spans.get(cut.ordinal as usize) {
                        cuts.push((sentence, cut.reason));
                    }
                }
            }
            while let Some(piece) = piece_removals.next_if(|c| c.line as usize == unit.head) {
                cuts.push((piece.span, piece.reason));
            }
            // A piece inside a removed sentence starts before the cursor and
            // is passed over: the sentence took it.
            cuts.sort_by_key(|(span, _)| (span.start, span.end));
            let mut cursor = unit.bytes.start;
            for (mut span, reason) in cuts {
                if span.end == line.end {
                    // The last sentence takes the spaces before it, so the
                    // kept line does not end in a space.
                    let kept = &text[cursor.max(line.start)..span.start.max(cursor)];
                    span.start -= kept.len() - kept.trim_end().len();
                }
                if span.start < cursor {
                    continue;
                }
                cleaned.text.push_str(&text[cursor..span.start]);
                let line_number = unit.head as u32 + 1;
                push_removal(
                    &mut cleaned.removals,
                    span,
                    line_number,
                    line_number,
                    reason,
                );
                cursor = span.end;
            }
            cleaned.text.push_str(&text[cursor..unit.bytes.end]);
            continue;
        };
        let (first, last) = (unit.first_line as u32 + 1, unit.end_line as u32);
        push_removal(&mut cleaned.removals, unit.bytes, first, last, reason);
    }
    cleaned
}

/// Append a removal, merged into the previous one when they touch and share
/// their reason.
fn push_removal(
    removals: &mut Vec<Removal>,
    span: Span,
    first_line: u32,
    last_line: u32,
    reason: Reason,
) {
    match removals.last_mut() {
        Some(last) if last.reason == reason && last.span.end == span.start => {
            last.span.end = span.end;
            last.last_line = last_line;
        }
        _ => removals.push(Removal {
            span,
            first_line,
            last_line,
            reason,
        }),
    }
}

fn line_with_break(text: &str, lines: &[Span], i: usize) -> Span {
    let span = lines[i];
    Span {
        start: span.start,
        end: (span.end + 1).min(text.len()),
    }
}

fn units(text: &str, lines: &[Span]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut leading_start = None;
    for (i, span) in lines.iter().enumerate() {
        let full = line_with_break(text, lines, i);
        if span.is_empty() {
            match units.last_mut() {
                Some(unit) => {
                    unit.bytes.end = full.end;
                    unit.end_line = i + 1;
                }
                None => {
                    leading_start.get_or_insert(i);
                }
            }
            continue;
        }
        let first_line = leading_start.take().unwrap_or(i);
        units.push(Unit {
            bytes: Span {
                start: if first_line < i {
                    lines[first_line].start
                } else {
                    full.start
                },
                end: full.end,
            },
            first_line,
            head: i,
            end_line: i + 1,
        });
    }
    units
}

/// Rebuild the canonical text from a cleaned text and its removals (what
/// `verify` checks).
pub fn reconstruct(cleaned: &str, removals: &[(Span, &str)]) -> String {
    let mut out =
        String::with_capacity(cleaned.len() + removals.iter().map(|r| r.1.len()).sum::<usize>());
    let mut kept = cleaned;
    for (span, removed) in removals {
        let take = span.start.saturating_sub(out.len()).min(kept.len());
        let (head, rest) = kept.split_at(take);
        out.push_str(head);
        kept = rest;
        out.push_str(removed);
    }
    out.push_str(kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::Reason;
    use crate::segment;
    use proptest::prelude::*;

    fn run(text: &str, removed: &[usize]) -> Cleaned {
        let lines = segment::lines(text);
        let decision = Decision {
            lines: (0..lines.len())
                .map(|i| removed.contains(&i).then_some(Reason::FooterRun))
                .collect(),
            ..Decision::default()
        };
        apply(text, &lines, &decision)
    }

    fn cut_sentences(text: &str, line: u32, ordinals: &[u32]) -> Cleaned {
        let lines = segment::lines(text);
        let decision = Decision {
            lines: vec![None; lines.len()],
            sentences: ordinals
                .iter()
                .map(|&ordinal| crate::decide::SentenceRemoval {
                    line,
                    ordinal,
                    reason: Reason::FooterRun,
                })
                .collect(),
            ..Decision::default()
        };
        apply(text, &lines, &decision)
    }

    #[test]
    fn sentences_are_cut_out_of_kept_lines() {
        let text = "Title\nOne thing. Two things. Three things.\n";
        let c = cut_sentences(text, 1, &[1]);
        assert_eq!(c.text, "Title\nOne thing. Three things.\n");
        assert_eq!((c.removals[0].first_line, c.removals[0].last_line), (2, 2));
        let c = cut_sentences(text, 1, &[2]);
        assert_eq!(
            c.text, "Title\nOne thing. Two things.\n",
            "no trailing space left"
        );
        let c = cut_sentences("推进碳汇项目。推进碳汇项目。其他。\n", 0, &[1]);
        assert_eq!(c.text, "推进碳汇项目。其他。\n");
    }

    #[test]
    fn removing_a_block_takes_its_blank_lines() {
        let c = run("A\n\nB\n\nC\n", &[2]);
        assert_eq!(c.text, "A\n\nC\n");
        assert_eq!((c.removals[0].first_line, c.removals[0].last_line), (3, 4));
    }

    #[test]
    fn a_removed_tail_takes_the_blank_lines_before_it() {
        let c = run("A\n\nB\n\nC\n", &[2, 4]);
        assert_eq!(c.text, "A\n");
        assert_eq!(c.removals.len(), 1, "same reason, adjacent: one removal");
        assert_eq!(c.removals[0].span, Span { start: 2, end: 8 });
        assert_eq!((c.removals[0].first_line, c.removals[0].last_line), (2, 5));
    }

    #[test]
    fn a_removed_head_takes_leading_blank_lines() {
        let c = run("\n\nNav\nTitle\n", &[2]);
        assert_eq!(c.text, "Title\n");
        assert_eq!((c.removals[0].first_line, c.removals[0].last_line), (1, 3));
    }

    proptest! {
        #[test]
        fn cleaned_and_removals_rebuild_the_text(
            raw in proptest::collection::vec("(|[a-c]{1,3}|[a-c. ]{1,12})", 0..12),
            mask in proptest::collection::vec(any::<bool>(), 12),
            cuts in proptest::collection::vec((0u32..12, 0u32..4), 0..6),
        ) {
            let text: String = raw.iter().map(|l| format!("{l}\n")).collect();
            let text = crate::normalize::canonicalize(&text, crate::settings::NormalForm::None);
            let removed: Vec<usize> = (0..12).filter(|&i| mask[i]).collect();
            let lines = segment::lines(&text);
            let mut sentences: Vec<crate::decide::SentenceRemoval> = cuts
                .iter()
                .filter(|&&(line, _)| (line as usize) < lines.len() && !removed.contains(&(line as usize)))
                .map(|&(line, ordinal)| crate::decide::SentenceRemoval { line, ordinal, reason: Reason::FooterRun })
                .collect();
            sentences.sort_by_key(|s| (s.line, s.ordinal));
            sentences.dedup();
            let decision = Decision {
                lines: (0..lines.len()).map(|i| removed.contains(&i).then_some(Reason::FooterRun)).collect(),
                sentences,
                ..Decision::default()
            };
            let c = apply(&text, &lines, &decision);
            let pieces: Vec<(Span, &str)> = c.removals.iter().map(|r| (r.span, &text[r.span.start..r.span.end])).collect();
            prop_assert_eq!(reconstruct(&c.text, &pieces), text.clone());
            for r in &c.removals {
                prop_assert!(r.first_line <= r.last_line);
            }
        }
    }
}
