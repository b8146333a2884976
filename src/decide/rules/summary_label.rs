//! `boilerplate-summary-label`: the label of a summary the body repeats.
//!
//! Many pages open their article with a summary of it ('【内容摘要】',
//! '摘要:', 'Summary:', 'In brief:', 'Zusammenfassung:'), made of sentences
//! the body says again below. The duplicate rules keep the first copy of
//! each sentence, the summary's, and take the body's; what is left of the
//! summary's frame is its label, which no frequency count finds (a site
//! labels a summary on a few of its pages) and no list of phrases can
//! cover in every language. So the rule reads the shape instead: a label
//! is a line of its own that ends in a colon, or a piece at the head of a
//! line that ends in one or is in brackets ('【导读】'), of at most
//! [`MAX_LABEL_WEIGHT`] and [`MAX_LABEL_WORDS`] words, holding no sentence
//! punctuation; it goes when what it labels — the next line with text, or
//! the rest of its own line — is kept, weighs at least `--dup-min-weight`,
//! and has at least half of its sentences' weight said again by sentences
//! or lines below it in the same document, and when no kept sentence of
//! body text stands above the label (a summary opens the article). The
//! sentences of a summary behind its label are folded again without the
//! label, which the sketch's key of the first holds and the body's copy
//! does not. A summary on a line of its own counts whole even where other
//! pages said some of its sentences first and they went. A
//! label that opens a line above it too is the head of the page's title
//! (a title with a colon, at the head of a copy of the article flattened
//! into one line), and stays.
//!
//! A heading such as 'Background:' over a paragraph of its own stays: its
//! paragraph is not said again below. A label over a summary that no
//! sentence below repeats (a summary written apart from the body) stays
//! too.

use crate::fingerprint::DocSketch;
use crate::normalize::key::KeyFolder;
use crate::segment::Span;

use super::super::{Decision, PieceRemoval, Reason};

/// The heaviest label: twelve CJK characters, or 24 letters
/// ('Das Wichtigste in Kürze' weighs 20).
pub const MAX_LABEL_WEIGHT: u32 = 24;

/// The most words of a label in a script that spaces its words.
pub const MAX_LABEL_WORDS: usize = 4;

/// The most bytes a label, its brackets or colon included, takes at the
/// head of its line: more than the heaviest label can (twelve CJK
/// characters take 36, four words of 24 letters about 30), so that the
/// search for its end reads no further into a long line.
const MAX_LABEL_BYTES: usize = 96;

/// Brackets a label at the head of a line may stand in.
const BRACKETS: [(char, char); 4] = [('【', '】'), ('[', ']'), ('〔', '〕'), ('〖', '〗')];

/// What ends a sentence or a clause: a label holds none.
fn has_sentence_punctuation(text: &str) -> bool {
    text.contains(['.', '。', '!', '！', '?', '？', ',', '，', ';', '；', '、'])
}

/// Where the first colon of `head` stands, ASCII or full-width (U+FF1A,
/// `EF BC 9A`; canonical text has none, but text left as written may),
/// and its length: a byte search, since most lines hold neither.
fn first_colon(head: &str) -> Option<(usize, usize)> {
    let bytes = head.as_bytes();
    memchr::memchr2_iter(b':', 0xEF, bytes).find_map(|at| match bytes[at] {
        b':' => Some((at, 1)),
        _ => bytes[at..].starts_with("：".as_bytes()).then_some((at, 3)),
    })
}

/// Where the label at the head of `line` ends, and whether text follows
/// it on the line (`None`: the line holds no label). The end includes the
/// spaces after the label.
fn label_end(line: &str) -> Option<(usize, bool)> {
    let start = line.len() - line.trim_start().len();
    let mut cut = (line.len() - start).min(MAX_LABEL_BYTES);
    while !line.is_char_boundary(start + cut) {
        cut -= 1;
    }
    let head = &line[start..start + cut];
    let first = head.chars().next()?;
    let label_end = match BRACKETS.iter().find(|(open, _)| *open == first) {
        Some(&(_, close)) => {
            let at = head.find(close)?;
            let inner = &head[first.len_utf8()..at];
            (!inner.trim().is_empty() && !inner.contains(first))
                .then_some(start + at + close.len_utf8())?
        }
        None => {
            let (at, colon) = first_colon(head)?;
            start + at + colon
        }
    };
    let label = line[start..label_end].trim_end_matches([':', '：']);
    let words = label.split_whitespace().count();
    if has_sentence_punctuation(label) || words == 0 || words > MAX_LABEL_WORDS {
        return None;
    }
    let rest = &line[label_end..];
    let text_at = label_end + (rest.len() - rest.trim_start().len());
    Some((text_at, text_at < line.len()))
}

/// The content key and weight of each sentence of `line`.
fn units_of_line(sketch: &DocSketch, line: usize) -> Vec<(u64, u32)> {
    // A line of one sentence has no sentence keys: its line key stands for it.
    let mut units: Vec<(u64, u32)> = (sketch.sentences.iter())
        .filter(|s| s.line as usize == line)
        .map(|s| (s.content, u32::from(s.weight)))
        .collect();
    if units.is_empty() {
        units.push((sketch.lines[line].content, sketch.lines[line].weight));
    }
    units
}

/// The content key and weight of each sentence of the text after a label
/// (`text[rest]`), folded as the sketch folds a line of its own: the
/// sketch's keys of the label's line hold the label in its first sentence,
/// which the body, saying the summary again, does not.
fn units_after_label(text: &str, rest: Span, folder: &mut KeyFolder) -> Vec<(u64, u32)> {
    (crate::segment::sentences(text, rest).iter())
        .map(|s| {
            let key = folder.fold(&text[s.start..s.end]);
            (key.content, key.weight)
        })
        .collect()
}

/// Whether at least half of the weight of a summary's sentences (`own`,
/// each its key and weight) is said again by sentences or lines below
/// its line, `line`.
fn said_again_below(sketch: &DocSketch, line: usize, mut own: Vec<(u64, u32)>) -> bool {
    let all: u32 = own.iter().map(|&(_, weight)| weight).sum();
    let lines_below = (sketch.lines.iter().skip(line + 1))
        .filter(|key| !key.blank)
        .map(|key| key.content);
    let sentences_below = (sketch.sentences.iter())
        .filter(|s| s.line as usize > line)
        .map(|s| s.content);
    let mut repeated = 0;
    for key in lines_below.chain(sentences_below) {
        // Each of the line's sentences counts once, however often it recurs.
        if let Some(at) = own.iter().position(|&(own_key, _)| own_key == key) {
            repeated += own.swap_remove(at).1;
            if 2 * repeated >= all {
                return true;
            }
        }
    }
    false
}

/// Add to `decision` the labels of summaries its kept lines hold.
pub fn apply(
    text: &str,
    lines: &[Span],
    sketch: &DocSketch,
    decision: &mut Decision,
    folder: &mut KeyFolder,
    min_summary_weight: u32,
    anchor_min_weight: u32,
) {
    let kept = |i: usize| decision.lines[i].is_none() && !sketch.lines[i].blank;
    let has_sentence_removals = |i: usize| decision.sentences.iter().any(|s| s.line as usize == i);
    // What the label on line `i`, ending at `label_end`, labels, if it
    // labels a summary. A summary on a line of its own may have lost
    // sentences that other pages said first; one behind its label on its
    // line may not, since the label belongs to its first sentence.
    let summary_of = |i: usize, label_end: usize, text_follows: bool, folder: &mut KeyFolder| {
        let summary = match text_follows {
            true => i,
            false => (i + 1..lines.len()).find(|&j| !sketch.lines[j].blank)?,
        };
        let may_label = kept(summary)
            && sketch.lines[summary].weight >= min_summary_weight
            && !(text_follows && has_sentence_removals(summary))
            && !decision.pieces.iter().any(|p| p.line as usize == i);
        if !may_label {
            return None;
        }
        let own = match text_follows {
            true => {
                let rest = Span {
                    start: lines[i].start + label_end,
                    end: lines[i].end,
                };
                units_after_label(text, rest, folder)
            }
            false => units_of_line(sketch, summary),
        };
        said_again_below(sketch, summary, own).then_some(summary)
    };
    let mut found = None;
    for i in (0..lines.len()).filter(|&i| kept(i)) {
        let line = &text[lines[i].start..lines[i].end];
        let label = label_end(line)
            .filter(|&(end, _)| folder.fold(&line[..end]).weight <= MAX_LABEL_WEIGHT);
        // A colon inside a page's title is no label: a copy of the article
        // flattened into one line opens with that title, which stands above.
        let opens_a_line_above = |end: usize| {
            let label = line[..end].trim();
            (lines[..i].iter())
                .any(|above| text[above.start..above.end].trim_start().starts_with(label))
        };
        if let Some((end, text_follows)) = label.filter(|&(end, _)| !opens_a_line_above(end)) {
            if let Some(summary) = summary_of(i, end, text_follows, folder) {
                found = Some((i, end, text_follows, summary));
                break;
            }
        }
        let key = &sketch.lines[i];
        if key.weight >= anchor_min_weight && key.ends_sentence {
            // Past a kept sentence of body text, a label does not open the
            // article.
            break;
        }
    }
    let Some((i, label_end, text_follows, summary)) = found else {
        return;
    };
    let reason = Reason::SummaryLabel {
        summary: summary as u32,
    };
    if text_follows {
        let start = lines[i].start;
        decision.pieces.push(PieceRemoval {
            line: i as u32,
            span: Span {
                start,
                end: start + label_end,
            },
            reason,
        });
    } else {
        decision.lines[i] = Some(reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocId;
    use crate::decide::rules::test_support::page;
    use crate::decide::SentenceRemoval;
    use crate::index::SentenceAt;

    /// The removals of the rule on `lines`: `(line, removed text)`.
    fn run(lines: &[&str]) -> Vec<(usize, String)> {
        run_after(lines, Vec::new())
    }

    /// [`run`], after the duplicate rules took `sentences`.
    fn run_after(lines: &[&str], sentences: Vec<SentenceRemoval>) -> Vec<(usize, String)> {
        let (sketch, text, spans, mut decision) = page(lines);
        decision.sentences = sentences;
        apply(
            &text,
            &spans,
            &sketch,
            &mut decision,
            &mut KeyFolder::default(),
            40,
            80,
        );
        let mut removed: Vec<(usize, String)> = (decision.lines.iter().enumerate())
            .filter(|(_, verdict)| verdict.is_some())
            .map(|(i, _)| (i, lines[i].to_string()))
            .collect();
        removed.extend(
            (decision.pieces.iter())
                .map(|p| (p.line as usize, text[p.span.start..p.span.end].to_string())),
        );
        removed
    }

    const FIRST: &str = "The council approved the new mobility plan for the old town on Thursday.";
    const SECOND: &str = "Private cars will be kept out of twenty streets from the autumn on.";

    #[test]
    fn a_label_line_over_a_summary_the_body_repeats_goes() {
        let summary = format!("{FIRST} {SECOND}");
        let lines = [
            "Mobility plan approved",
            "Summary:",
            &summary,
            FIRST,
            SECOND,
        ];
        assert_eq!(run(&lines), [(1, "Summary:".to_string())]);
        let lines = ["标题", "【导读】", "市政府召开常务会议,研究部署春季农业生产工作,要求各地抓好粮食生产。会议强调,要确保完成全年粮食播种面积目标任务。", "市政府召开常务会议,研究部署春季农业生产工作,要求各地抓好粮食生产。", "会议强调,要确保完成全年粮食播种面积目标任务。"];
        assert_eq!(run(&lines), [(1, "【导读】".to_string())]);
    }

    #[test]
    fn a_label_line_over_a_summary_that_other_pages_said_in_part_goes() {
        let summary = format!("{FIRST} {SECOND}");
        let lines = ["Title", "Zusammenfassung:", &summary, FIRST, SECOND];
        let said_elsewhere = SentenceRemoval {
            line: 2,
            ordinal: 0,
            reason: Reason::DuplicateSentence {
                first: SentenceAt {
                    doc: DocId(7),
                    line: 4,
                    ordinal: 0,
                },
            },
        };
        assert_eq!(
            run_after(&lines, vec![said_elsewhere]),
            [(1, "Zusammenfassung:".to_string())]
        );
    }

    #[test]
    fn a_label_glued_to_its_summary_goes_when_the_body_says_the_summary_again() {
        let glued = format!("Zusammenfassung:{FIRST}");
        let lines = ["Title", &glued, FIRST];
        assert_eq!(run(&lines), [(1, "Zusammenfassung:".to_string())]);
        // The label's sentence is the heavier of the two.
        let glued = format!("Das Wichtigste in Kürze: {FIRST} {SECOND}");
        let lines = ["Title", &glued, "Other text.", FIRST, SECOND];
        assert_eq!(run(&lines), [(1, "Das Wichtigste in Kürze: ".to_string())]);
    }

    #[test]
    fn a_label_at_the_head_of_a_summary_the_body_repeats_goes_with_its_spaces() {
        let third = "The opposition criticised the lack of consultation with shopkeepers.";
        let summary = format!("In brief: The plan was approved. {FIRST} {SECOND} {third}");
        let lines = ["Title", &summary, FIRST, SECOND, third];
        assert_eq!(run(&lines), [(1, "In brief: ".to_string())]);
        let summary = "【内容摘要】提升科技创新能力,全面推进乡村振兴。强化校外培训机构监管,完善生态环境监测评价。稳步推进棚改,全面落实防汛责任。";
        let lines = [
            "标题",
            summary,
            "强化校外培训机构监管,完善生态环境监测评价。稳步推进棚改,全面落实防汛责任。",
        ];
        assert_eq!(run(&lines), [(1, "【内容摘要】".to_string())]);
    }

    #[test]
    fn labels_over_text_said_once_stay() {
        let lines = ["Title", "Background:", FIRST, SECOND];
        assert_eq!(run(&lines), [], "its paragraph is not said again");
        let summary = format!("{FIRST} {SECOND}");
        let lines = [
            "Title",
            "Summary:",
            &summary,
            SECOND,
            "Something else happened in the town.",
        ];
        assert_eq!(
            run(&lines),
            [],
            "less than half of it is said again, by weight"
        );
    }

    #[test]
    fn a_label_below_body_text_or_unlike_a_label_stays() {
        let summary = format!("{FIRST} {SECOND}");
        let body = "The town has debated the plan for years, and the vote on it was close in the end, as everyone expected.";
        let lines = ["Title", body, "Summary:", &summary, FIRST, SECOND];
        assert_eq!(run(&lines), [], "a summary opens the article");
        let long = "What the council of the old town decided:";
        let lines = ["Title", long, &summary, FIRST, SECOND];
        assert_eq!(run(&lines), [], "more words than a label");
        let lines = ["Title", "Note, however:", &summary, FIRST, SECOND];
        assert_eq!(run(&lines), [], "a clause, not a label");
        let third = "The opposition criticised the lack of consultation with shopkeepers.";
        let title = "Mobility: the plan";
        let flattened = format!("{title} {FIRST} {SECOND} {third}");
        let lines = [title, &flattened, FIRST, SECOND, third];
        assert_eq!(run(&lines), [], "the head of a title above");
    }

    #[test]
    fn label_ends_are_found_in_brackets_and_before_colons() {
        assert_eq!(label_end("【导读】正文"), Some(("【导读】".len(), true)));
        assert_eq!(label_end("Summary:"), Some((8, false)));
        assert_eq!(label_end("  摘要: 文本"), Some(("  摘要: ".len(), true)));
        assert_eq!(label_end("【】正文"), None);
        assert_eq!(label_end("No label here"), None);
        assert_eq!(label_end("Zusammenfassung: Text"), Some((17, true)));
        assert_eq!(
            label_end("内容提要：文本"),
            Some(("内容提要：".len(), true))
        );
        assert_eq!(
            label_end("全角，逗号：文本"),
            None,
            "a clause before the colon"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// On lines built of labels, brackets, colons and text in any
        /// order: no panic, and a label's end on a character boundary of
        /// its line, past its head, with text after it exactly when the
        /// line holds more.
        #[test]
        fn label_ends_fall_on_character_boundaries(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "【", "】", "[", "]", "〔", "〕", ":", "：", "摘要", "内容提要", "Summary", "In brief",
                    " ", "\u{3000}", "é", ",", "。", "Text of the summary.", "正文", "\u{FF0C}",
                ]),
                0..12,
            ),
        ) {
            let line: String = parts.concat();
            if let Some((end, text_follows)) = label_end(&line) {
                proptest::prop_assert!(line.is_char_boundary(end));
                proptest::prop_assert!(end > line.len() - line.trim_start().len());
                proptest::prop_assert!(end <= line.len());
                proptest::prop_assert_eq!(text_follows, end < line.len());
            }
        }
    }
}
