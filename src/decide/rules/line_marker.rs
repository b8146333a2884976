//! Markers at the head or the tail of a kept line: a newspaper's
//! '(紧接1版)' glued to the first paragraph it continues, an '\[Advertisement\]'
//! label before the text it introduces.
//!
//! Standing alone on its line such a marker is a line the single-page pack
//! removes anywhere ([`crate::decide::pack::Zone::Anywhere`]: rules for
//! lines that cannot be content). Glued to text, the line is body text and
//! no line rule may touch it. So a bracketed piece at either end of a kept
//! line — an opening bracket, at most [`MAX_MARKER_CHARS`] characters, its
//! closing bracket — is folded and matched as a line of its own; if an
//! anywhere-rule of the pack takes it, the piece goes (with the spaces
//! between it and the text) and the rest of the line stays. The removal
//! names that pack rule, so `--disable-rule page-continuation` keeps these
//! markers too.
//!
//! The same holds for the last sentence of a line of several when it is a
//! notice that opens a page's tail — a rule with `rest`, such as the
//! '相关附件:' label that a flattened copy of a page carries glued to its
//! last sentence: it goes, and the sentences before it stay.

use crate::decide::pack::{PackRule, RulePack, Zone};
use crate::fingerprint::DocSketch;
use crate::normalize::key::KeyFolder;
use crate::segment::{self, Span};

use super::super::{Decision, PieceRemoval, Reason};

/// Longest marker, brackets included, in characters.
pub const MAX_MARKER_CHARS: usize = 40;

const BRACKETS: [(char, char); 7] = [
    ('(', ')'),
    ('[', ']'),
    ('【', '】'),
    ('〔', '〕'),
    ('〖', '〗'),
    ('<', '>'),
    ('《', '》'),
];

/// The marker at the head of `line` (bytes from its start), if it opens
/// with a bracket that closes soon after, and text follows it.
fn head_marker(line: &str) -> Option<(usize, usize)> {
    let start = line.len() - line.trim_start().len();
    let mut chars = line[start..].char_indices();
    let (_, open) = chars.next()?;
    let (_, close) = BRACKETS.iter().find(|(o, _)| *o == open)?;
    let (at, c) = chars
        .take(MAX_MARKER_CHARS - 1)
        .find(|&(_, c)| c == *close || c == open)?;
    if c != *close {
        return None;
    }
    let end = start + at + c.len_utf8();
    let rest = &line[end..];
    let text_at = end + (rest.len() - rest.trim_start().len());
    (text_at < line.len()).then_some((start, text_at))
}

/// The marker at the tail of `line`, with the spaces before it: where the
/// text before it ends, and the line's end.
pub(crate) fn tail_marker(line: &str) -> Option<(usize, usize)> {
    let end = line.trim_end().len();
    let mut chars = line[..end].char_indices().rev();
    let (_, close) = chars.next()?;
    let (open, _) = BRACKETS.iter().find(|(_, c)| *c == close)?;
    let (at, c) = chars
        .take(MAX_MARKER_CHARS - 1)
        .find(|&(_, c)| c == *open || c == close)?;
    if c != *open {
        return None;
    }
    let before = line[..at].trim_end().len();
    (before > 0).then_some((before, line.len()))
}

/// Add to `decision` the markers at the ends of its kept lines.
pub fn apply(
    text: &str,
    lines: &[Span],
    sketch: &DocSketch,
    decision: &mut Decision,
    folder: &mut KeyFolder,
    pack: &RulePack,
    anchor_min_weight: u32,
) {
    // The heaviest notice a `rest` rule takes: a last sentence heavier than
    // that is not cut from its line.
    let notice_weight = (pack.rules().iter())
        .filter(|rule| rule.rest)
        .map(|rule| rule.max_weight)
        .max()
        .unwrap_or(0);
    let mut sentence_keys = sketch.sentences.iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        let last_sentence =
            std::iter::from_fn(|| sentence_keys.next_if(|s| s.line as usize == i)).last();
        if decision.lines[i].is_some() || line.is_empty() {
            continue;
        }
        let body = &text[line.start..line.end];
        let mut take = |start: usize, end: usize, admits: &dyn Fn(&PackRule) -> bool| {
            let piece = body[start..end].trim();
            let key = folder.fold(piece);
            let pattern = pack.match_line(piece, &key, folder.template_text(), anchor_min_weight);
            if pattern != 0 && admits(pack.rule(pattern)) {
                decision.pieces.push(PieceRemoval {
                    line: i as u32,
                    span: Span {
                        start: line.start + start,
                        end: line.start + end,
                    },
                    reason: Reason::PagePattern { pattern },
                });
            }
        };
        for (start, end) in [head_marker(body), tail_marker(body)].into_iter().flatten() {
            take(start, end, &|rule| rule.zone == Zone::Anywhere);
        }
        let light_tail = sketch.lines[i].notice_tail
            && last_sentence.is_some_and(|s| u32::from(s.weight) <= notice_weight);
        if let Some(start) = light_tail.then(|| tail_notice(text, *line)).flatten() {
            take(start, body.len(), &|rule| rule.rest);
        }
    }
}

/// Where the last sentence of a line of several begins, with the spaces
/// before it (bytes from the line's start).
fn tail_notice(text: &str, line: Span) -> Option<usize> {
    let sentences = segment::sentences(text, line);
    let [.., before, last] = sentences.as_slice() else {
        return None;
    };
    let kept = &text[before.start..last.start];
    Some(last.start - line.start - (kept.len() - kept.trim_end().len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::removal;
    use crate::segment;

    fn clean(text: &str) -> String {
        clean_sketched(text, true)
    }

    /// Clean `text` from a sketch made with the shipped pack (which notes
    /// the lines whose last sentence holds no notice phrase) or without.
    fn clean_sketched(text: &str, with_pack: bool) -> String {
        let lines = segment::lines(text);
        let mut decision = Decision {
            lines: vec![None; lines.len()],
            ..Decision::default()
        };
        let mut folder = KeyFolder::default();
        let matcher = SHIPPED.matcher(80);
        let patterns = with_pack.then_some(&matcher);
        let sketch = crate::fingerprint::sketch(text, &lines, &mut folder, patterns);
        apply(
            text,
            &lines,
            &sketch,
            &mut decision,
            &mut folder,
            &SHIPPED,
            80,
        );
        removal::apply(text, &lines, &decision).text
    }

    #[test]
    fn a_sketch_that_rules_notices_out_changes_nothing() {
        let mut notices: Vec<&str> = (SHIPPED.rules().iter())
            .filter(|rule| rule.rest)
            .flat_map(|rule| rule.examples.iter().map(String::as_str))
            .collect();
        notices.extend([
            "相关附件:",
            "2022相关附件",
            "转载请注明出处",
            "Page 2 of 5",
            "谢谢。",
        ]);
        let mut taken = 0;
        for head in [
            "确保社会平安稳定。",
            "The plan was approved. ",
            "共完成2021。",
            "(一)",
        ] {
            for notice in &notices {
                let text = format!("{head}{notice}\n");
                let cleaned = clean_sketched(&text, true);
                assert_eq!(cleaned, clean_sketched(&text, false), "{text}");
                taken += usize::from(cleaned != text);
            }
        }
        assert!(taken > 0);
    }

    #[test]
    fn a_continuation_marker_glued_to_a_paragraph_goes_and_the_paragraph_stays() {
        assert_eq!(
            clean("(紧接1版)\u{3000}\u{3000}全面完成市县国土空间总体规划,突出食品药品监管。\n"),
            "全面完成市县国土空间总体规划,突出食品药品监管。\n"
        );
        assert_eq!(
            clean("The council approved the budget on Monday. (Continued on page 4)\n"),
            "The council approved the budget on Monday.\n"
        );
        assert_eq!(
            clean("[Advertisement] Read the full story below.\n"),
            "Read the full story below.\n"
        );
        assert_eq!(
            clean("Géographie[modifier | modifier le code]\n"),
            "Géographie\n",
            "a wiki's edit link of several words"
        );
    }

    #[test]
    fn a_notice_that_opens_the_tail_goes_from_the_end_of_a_line() {
        assert_eq!(
            clean("坚决防范遏制安全生产事故发生。确保社会平安稳定。相关附件:\n"),
            "坚决防范遏制安全生产事故发生。确保社会平安稳定。\n"
        );
        // Alone on its line it is the line rules' business; inside a line,
        // or as a sentence that says more, it stays.
        for text in [
            "相关附件:\n",
            "相关附件:见下文。确保社会平安稳定。\n",
            "确保社会平安稳定。各单位要认真阅读相关附件并抓好落实。\n",
        ] {
            assert_eq!(clean(text), text);
        }
    }

    static SHIPPED: std::sync::LazyLock<RulePack> = std::sync::LazyLock::new(RulePack::shipped);

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// On lines built of markers, clauses, enders and brackets in any
        /// order: no panic, pieces inside their line on character
        /// boundaries, and cleaned text plus removals rebuild the text.
        #[test]
        fn pieces_of_any_line_rebuild_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "(紧接1版)", "(下转8版)", "[Advertisement]", "(一)", "(", ")", "【", "】",
                    "推进碳汇和林农碳微汇项目", ",", "。", "相关附件:", " ", "\u{3000}",
                    "Keep the river clean for everyone", ".", "é", "相关附件",
                ]),
                0..24,
            ),
            lines in 1usize..4,
        ) {
            let line: String = parts.concat();
            let text = crate::normalize::canonicalize(
                &vec![line; lines].join("\n"),
                crate::settings::NormalForm::Nfkc,
            );
            let spans = segment::lines(&text);
            let mut decision = Decision {
                lines: vec![None; spans.len()],
                ..Decision::default()
            };
            let mut folder = KeyFolder::default();
            let sketch = crate::fingerprint::sketch(&text, &spans, &mut folder, Some(&SHIPPED.matcher(80)));
            apply(&text, &spans, &sketch, &mut decision, &mut folder, &SHIPPED, 80);
            crate::decide::rules::repeated_clause::apply(&text, &spans, &sketch, &mut decision, &mut folder);
            decision.pieces.sort_by_key(|p| (p.line, p.span.start));
            for piece in &decision.pieces {
                let line = spans[piece.line as usize];
                proptest::prop_assert!(line.start <= piece.span.start && piece.span.end <= line.end);
                proptest::prop_assert!(text.is_char_boundary(piece.span.start) && text.is_char_boundary(piece.span.end));
            }
            let cleaned = removal::apply(&text, &spans, &decision);
            let pieces: Vec<(Span, &str)> = cleaned
                .removals
                .iter()
                .map(|r| (r.span, &text[r.span.start..r.span.end]))
                .collect();
            proptest::prop_assert_eq!(removal::reconstruct(&cleaned.text, &pieces), text.clone());
        }
    }

    #[test]
    fn brackets_that_say_something_else_stay() {
        for text in [
            "(一)加快推进乡村振兴,巩固拓展脱贫攻坚成果。\n",
            "(2021年)全市地区生产总值增长百分之八。\n",
            "The budget (continued from last year) was approved.\n",
            "(紧接1版)\n",
            "Prices rose in March (see chart).\n",
        ] {
            assert_eq!(clean(text), text);
        }
    }
}
