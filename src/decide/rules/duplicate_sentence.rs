//! `duplicate-sentence`: a sentence whose text was kept earlier — in an
//! earlier document, higher up in the same one, or earlier in the same line
//! — is removed; the first copy stays.
//!
//! This is what finds an article that a page holds twice, once flattened
//! into one long line and once as paragraphs, and a sentence repeated inside
//! a paragraph: neither repeats a whole line. Sentences end at CJK full
//! stops, and at Latin ones followed by a space ([`crate::segment::sentences`]);
//! a removal takes the sentence with the spaces after it, so no word is ever
//! cut. Sentences lighter than the duplicate minimum are left alone, as
//! short lines are. A sentence first seen in another document goes only if
//! it is heavy enough to be body text on its own or stands next to another
//! repeated sentence: copied text repeats runs of sentences, while a single
//! short sentence found elsewhere is more often shared phrasing inside an
//! article of its own. A line whose every sentence goes is removed whole.
//!
//! A page's first line of text whose repeated sentences (found by this
//! rule or by `duplicate-span`) would leave nothing but a few letters and
//! a number ('… преобразование. (часть 57)', 'Annual report. Part 3') is
//! the title of one page of a series, whose name the other pages' titles
//! say too: it stays whole ([`spare_series_title`]). A sentence said again
//! alone inside new text, by this rule's reckoning or `duplicate-span`'s,
//! stays too ([`spare_lone_repeats`]).

use std::collections::HashMap;

use crate::corpus::DocId;
use crate::fingerprint::{sentence_units, DocSketch};
use crate::index::{Index, SentenceAt};
use crate::settings::DuplicateSettings;

use super::super::{Reason, SentenceRemoval, Verdicts};

/// The most weight a series title's number may carry beside the series'
/// name: 'часть 57', 'part 12', '第70回'.
const MAX_SERIES_NUMBER_WEIGHT: u32 = 12;

/// The first line with text that `verdicts` keep: where a page's title
/// stands.
pub fn first_text_line(sketch: &DocSketch, verdicts: &Verdicts) -> Option<u32> {
    (sketch.lines.iter().zip(verdicts))
        .position(|(line, verdict)| verdict.is_none() && line.weight > 0)
        .map(|line| line as u32)
}

/// Takes back the sentences removed from `title` (the page's first line
/// of text, [`first_text_line`]) if what they leave is a series number:
/// the line holds digits and the sentences left weigh at most 12 (the
/// letters and digits of 'часть 57' or 'part 12').
pub fn spare_series_title(
    sketch: &DocSketch,
    title: Option<u32>,
    verdicts: &Verdicts,
    sentences: &mut Vec<SentenceRemoval>,
) {
    let Some(title) = title else {
        return;
    };
    let key = &sketch.lines[title as usize];
    if verdicts[title as usize].is_some() || !key.holds_digits {
        return;
    }
    let removed =
        |ordinal: u32| (sentences.iter()).any(|s| s.line == title && s.ordinal == ordinal);
    let mut any_removed = false;
    let mut left = 0;
    for (sentence, _, _) in sketch.sentences_of(title) {
        if removed(u32::from(sentence.ordinal)) {
            any_removed = true;
        } else {
            left += u32::from(sentence.weight);
        }
    }
    if any_removed && (1..=MAX_SERIES_NUMBER_WEIGHT).contains(&left) {
        sentences.retain(|s| s.line != title);
    }
}

/// Takes back each sentence that a line says again alone among text of its
/// own: its first copy stands on another line, no unit next to it (across
/// a line's edge, the nearest line of text's unit next to it) went as a
/// copy of the text next to its first copy, and what the line keeps of its
/// own weighs at least `MIN_OWN_WEIGHT`. Copied text repeats runs of
/// sentences, each after the one it followed where it was first said; a
/// single sentence said again inside new text is the text's own phrasing:
/// the qualifier that ends several entries of a list ('Shown only with
/// -r.'), the standard sentence that opens each page of a series before
/// what is particular to it, a clause of a licence that two texts built
/// of its clauses share. Cut out, it would leave each entry saying less
/// than it did. A sentence said again in its own line (a paragraph that
/// stutters) still goes.
pub fn spare_lone_repeats(
    doc: DocId,
    sketch: &DocSketch,
    verdicts: &Verdicts,
    sentences: &mut Vec<SentenceRemoval>,
) {
    if sentences.is_empty() {
        return;
    }
    let removed: HashMap<(u32, u32), FirstCopy> = (sentences.iter())
        .filter_map(|s| Some(((s.line, s.ordinal), FirstCopy::of(s.reason)?)))
        .collect();
    let has_text = |l: &usize| sketch.lines[*l].weight > 0;
    let text_above = |line: u32| (0..line as usize).rev().find(has_text);
    let text_below = |line: u32| (line as usize + 1..sketch.lines.len()).find(has_text);
    // Where the unit of line `l` nearest the line being read (its last
    // sentence, or its first) was first said, if it went as a copy.
    let edge_copy = |l: Option<usize>, last: bool| -> Option<FirstCopy> {
        let l = l?;
        match verdicts[l] {
            Some(reason) => FirstCopy::of(reason),
            None => {
                let units = sketch.sentences_of(l as u32).count() as u32;
                let ordinal = if last { units.checked_sub(1)? } else { 0 };
                removed.get(&(l as u32, ordinal)).copied()
            }
        }
    };
    let mut spared: Vec<(u32, u32)> = Vec::new();
    let mut at = 0;
    while at < sentences.len() {
        let line = sentences[at].line;
        let end = at
            + (sentences[at..].iter())
                .take_while(|s| s.line == line)
                .count();
        let units: Vec<u32> = (sketch.sentences_of(line))
            .map(|(sentence, _, _)| u32::from(sentence.weight))
            .collect();
        let own_weight: u32 = (0..units.len() as u32)
            .filter(|&ordinal| !removed.contains_key(&(line, ordinal)))
            .map(|ordinal| units[ordinal as usize])
            .sum();
        let last = (units.len() as u32).saturating_sub(1);
        for s in &sentences[at..end] {
            let Some(first) = FirstCopy::of(s.reason) else {
                continue;
            };
            if own_weight < MIN_OWN_WEIGHT || (first.doc, first.line) == (doc, line) {
                continue;
            }
            let before = match s.ordinal {
                0 => edge_copy(text_above(line), true),
                k => removed.get(&(line, k - 1)).copied(),
            };
            let after = match s.ordinal {
                k if k == last => edge_copy(text_below(line), false),
                k => removed.get(&(line, k + 1)).copied(),
            };
            let in_run = before.is_some_and(|b| b.followed_by(first))
                || after.is_some_and(|a| first.followed_by(a));
            if !in_run {
                spared.push((s.line, s.ordinal));
            }
        }
        at = end;
    }
    sentences.retain(|s| !spared.contains(&(s.line, s.ordinal)));
}

/// Where a unit removed as a copy was first said: the document and line
/// (and sentence, where the rule says which) of its first copy.
#[derive(Debug, Clone, Copy)]
struct FirstCopy {
    doc: DocId,
    line: u32,
    ordinal: Option<u32>,
}

impl FirstCopy {
    /// The first copy a removal names, for the rules that remove copies.
    fn of(reason: Reason) -> Option<FirstCopy> {
        let (doc, line, ordinal) = match reason {
            Reason::DuplicateBlock { first } => (first.doc, first.line, None),
            Reason::DuplicateSentence { first } => (first.doc, first.line, Some(first.ordinal)),
            Reason::DuplicateSpan { first } => (first.doc, first.line, None),
            _ => return None,
        };
        Some(FirstCopy { doc, line, ordinal })
    }

    /// Whether `next` was first said right after this unit's first copy:
    /// in the same document, further on in the same line or within
    /// [`MAX_COPIED_LINE_GAP`] lines after it (blank lines, a heading the
    /// copy left out).
    fn followed_by(self, next: FirstCopy) -> bool {
        self.doc == next.doc
            && match next.line.checked_sub(self.line) {
                Some(0) => match (self.ordinal, next.ordinal) {
                    (Some(a), Some(b)) => b > a,
                    _ => true,
                },
                Some(gap) => gap <= MAX_COPIED_LINE_GAP,
                None => false,
            }
    }
}

/// The most lines from one copied unit's first copy to the next's.
const MAX_COPIED_LINE_GAP: u32 = 4;

/// The least weight a line keeps of its own for a sentence said again
/// alone in it to stay: the head of a short entry of a list, '.cc  C++言語
/// ソースです。' before 'プリプロセッサ、コンパイラ、アセンブラにかけられます。'.
/// A number left beside a series' name ('(part 57)') weighs less.
const MIN_OWN_WEIGHT: u32 = 16;

/// The (key, line, ordinal) sentences of a document that can be a first
/// copy: heavy enough, in lines that the earlier rules keep.
pub fn candidates(
    sketch: &DocSketch,
    verdicts: &Verdicts,
    settings: &DuplicateSettings,
) -> Vec<(u64, u32, u32)> {
    if !settings.sentences {
        return Vec::new();
    }
    sentence_units(sketch)
        .filter(|&(_, weight, line, _)| {
            weight >= settings.block_min_weight && verdicts[line as usize].is_none()
        })
        .map(|(key, _, line, ordinal)| (key, line, ordinal))
        .collect()
}

pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    index: &Index,
    settings: &DuplicateSettings,
    alone_min_weight: u32,
    verdicts: &mut Verdicts,
) -> Vec<SentenceRemoval> {
    let mut removals: Vec<SentenceRemoval> = Vec::new();
    if !settings.sentences {
        return removals;
    }
    let repeats = index.sentence_repeats.in_doc(doc);
    // (line, ordinal, weight) of the units of the line being read.
    let mut line_units: Vec<(u32, u32, u32)> = Vec::new();
    // A line's first occurrences and removals, in buffers kept from one
    // line to the next.
    let mut firsts: Vec<Option<SentenceAt>> = Vec::new();
    let mut found: Vec<SentenceRemoval> = Vec::new();
    let mut flush = |units: &mut Vec<(u32, u32, u32)>,
                     verdicts: &mut Verdicts,
                     removals: &mut Vec<SentenceRemoval>| {
        let Some(&(line, ..)) = units.first() else {
            return;
        };
        firsts.clear();
        firsts.extend(units.iter().map(|&(_, ordinal, weight)| {
            let here = SentenceAt { doc, line, ordinal };
            let first = repeats.first_of(here)?;
            (weight >= settings.block_min_weight).then_some(first)
        }));
        let repeated = |k: usize| firsts.get(k).copied().flatten().is_some();
        found.clear();
        let mut left_weight = 0u32;
        for (k, &(_, ordinal, weight)) in units.iter().enumerate() {
            let in_run = (k > 0 && repeated(k - 1)) || repeated(k + 1);
            match firsts[k] {
                Some(first) if first.doc == doc || weight >= alone_min_weight || in_run => {
                    found.push(SentenceRemoval {
                        line,
                        ordinal,
                        reason: Reason::DuplicateSentence { first },
                    });
                }
                _ => left_weight += weight,
            }
        }
        if !found.is_empty() && left_weight == 0 {
            verdicts[line as usize] = Some(found[0].reason);
        } else {
            removals.append(&mut found);
        }
        units.clear();
    };
    for (_, weight, line, ordinal) in sentence_units(sketch) {
        if verdicts[line as usize].is_some() {
            continue;
        }
        if line_units.first().is_some_and(|u| u.0 != line) {
            flush(&mut line_units, verdicts, &mut removals);
        }
        line_units.push((line, ordinal, weight));
    }
    flush(&mut line_units, verdicts, &mut removals);
    removals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::first_places;

    const SHARED: &str = "The numeric arguments are first converted to a common type.";

    fn decide(docs: &[crate::fingerprint::DocSketch]) -> Vec<(Verdicts, Vec<SentenceRemoval>)> {
        let settings = DuplicateSettings::default();
        let sentence_repeats = first_places(docs.len(), |doc| {
            let sketch = &docs[doc.index()];
            candidates(sketch, &vec![None; sketch.lines.len()], &settings)
                .into_iter()
                .map(|(key, line, ordinal)| (key, SentenceAt { doc, line, ordinal }))
                .collect()
        });
        let index = Index {
            sentence_repeats,
            ..Index::default()
        };
        docs.iter()
            .enumerate()
            .map(|(i, sketch)| {
                let mut verdicts = vec![None; sketch.lines.len()];
                let doc = DocId(i as u32);
                let mut removals = apply(doc, sketch, &index, &settings, 80, &mut verdicts);
                spare_lone_repeats(doc, sketch, &verdicts, &mut removals);
                (verdicts, removals)
            })
            .collect()
    }

    #[test]
    fn a_sentence_repeated_in_its_paragraph_goes() {
        let line = "Roads will be repaired this summer across the whole county. Roads will be repaired this summer across the whole county. Work starts in June.";
        let result = decide(&[sketch_lines(&[line])]);
        let (verdicts, removals) = &result[0];
        assert_eq!(verdicts[0], None);
        assert_eq!(removals.len(), 1);
        assert_eq!((removals[0].line, removals[0].ordinal), (0, 1));
    }

    #[test]
    fn one_short_sentence_shared_with_another_article_stays() {
        let a = format!("The modulo operator yields the remainder of a division. {SHARED}");
        let b =
            format!("The subtraction operator yields the difference of its arguments. {SHARED}");
        let result = decide(&[sketch_lines(&[&a]), sketch_lines(&[&b])]);
        assert!(result[1].1.is_empty(), "{:?}", result[1]);
        assert_eq!(result[1].0[0], None);
    }

    const QUALIFIER: &str = "This counter is shown only when the -r option is given on the command line of the program, and never otherwise.";

    #[test]
    fn a_sentence_said_again_alone_among_new_text_stays() {
        let entry = |text: &str| format!("{text} {QUALIFIER}");
        let entries = [
            entry("VJERR counts the packets received with a damaged or badly compressed header."),
            String::new(),
            entry("UBYTE counts the bytes of the compressed packets received, once expanded."),
            entry("VJUNC counts the packets sent whose headers were not compressed at all."),
        ];
        let lines: Vec<&str> = entries.iter().map(String::as_str).collect();
        let result = decide(&[sketch_lines(&lines)]);
        assert_eq!(result[0], (vec![None; 4], Vec::new()));
        // First said in another document, and heavy enough to go alone.
        let other = decide(&[
            sketch_lines(&[QUALIFIER]),
            sketch_lines(&[&entry(
                "OBYTE counts the bytes of the packets sent, before compression.",
            )]),
        ]);
        assert_eq!(other[1], (vec![None], Vec::new()));
        // Said again in the line that first said it, it goes.
        let stutter = decide(&[sketch_lines(&[&format!("{QUALIFIER} {}", entries[2])])]);
        let removed: Vec<(u32, u32)> = stutter[0].1.iter().map(|s| (s.line, s.ordinal)).collect();
        assert_eq!(removed, [(0, 2)]);
    }

    #[test]
    fn copied_runs_of_sentences_still_go() {
        const FIRST: &str = "The first sentence of the article, long enough to count as one.";
        const SECOND: &str = "The second sentence of the article, as long as the first one is.";
        let flat = format!("{FIRST} {SECOND}");
        let new = "A sentence of new text that this page alone holds, at its start.";
        // Two copied sentences side by side in a line of new text.
        let result = decide(&[sketch_lines(&[&flat, &format!("{new} {FIRST} {SECOND}")])]);
        let ordinals: Vec<u32> = result[0].1.iter().map(|s| s.ordinal).collect();
        assert_eq!(ordinals, [1, 2]);
        // A copied run that goes on into the next line.
        let result = decide(&[sketch_lines(&[&flat, &format!("{new} {FIRST}"), SECOND])]);
        let (verdicts, removals) = &result[0];
        assert!(verdicts[2].is_some());
        assert_eq!((removals[0].line, removals[0].ordinal), (1, 1));
    }

    #[test]
    fn sentences_side_by_side_first_said_apart_are_no_copied_run() {
        const A: &str = "If the program is interactive, make it output a short notice like this when it starts.";
        const B: &str =
            "The hypothetical commands should show the appropriate parts of the licence text.";
        let filler = "A paragraph between them, of text that no other document holds anywhere.";
        let far: Vec<String> = std::iter::once(format!("{A} It ends here."))
            .chain((0..5).map(|k| format!("{filler} Number {k}.")))
            .chain(std::iter::once(format!("It starts here. {B}")))
            .collect();
        let far: Vec<&str> = far.iter().map(String::as_str).collect();
        let near = format!("{A} {B}");
        let copy = format!("A new sentence that opens this page's paragraph. {A} {B}");
        for (first, goes) in [(far, false), (vec![near.as_str()], true)] {
            let result = decide(&[sketch_lines(&first), sketch_lines(&[&copy])]);
            let removed: Vec<u32> = result[1].1.iter().map(|s| s.ordinal).collect();
            assert_eq!(removed, if goes { vec![1, 2] } else { vec![] });
        }
    }

    #[test]
    fn a_line_made_only_of_repeated_sentences_goes_whole() {
        let flat = "First sentence of the article, long enough to count. Second sentence of the article, long enough too.";
        let result = decide(&[sketch_lines(&[
            flat,
            "First sentence of the article, long enough to count.",
        ])]);
        let (verdicts, removals) = &result[0];
        assert!(matches!(
            verdicts[1],
            Some(Reason::DuplicateSentence { .. })
        ));
        assert!(removals.is_empty());
    }

    #[test]
    fn a_series_title_keeps_the_name_its_number_follows() {
        const NAME: &str = "Creates a hex dump of a given file or standard input, or converts a hex dump back to its original binary form.";
        const BODY: &str = "The first paragraph of the page explains the options that the tool accepts on its command line.";
        let title = |number: &str| format!("{NAME} (part {number})");
        let docs = [
            sketch_lines(&[&title("56"), BODY]),
            sketch_lines(&[
                &title("57"),
                "Another paragraph says what the tool does with signals and processes.",
            ]),
            sketch_lines(&["Menu", &title("58")]),
            sketch_lines(&[&format!("{NAME} It ends."), BODY]),
        ];
        let decided = decide(&docs);
        let spared = |doc: usize| {
            let (verdicts, mut sentences) = decided[doc].clone();
            let title = first_text_line(&docs[doc], &vec![None; docs[doc].lines.len()]);
            let before = sentences.len();
            spare_series_title(&docs[doc], title, &verdicts, &mut sentences);
            (before, sentences.len())
        };
        // The series name repeats; what is left is the number: kept whole.
        assert_eq!(spared(1), (1, 0));
        // Not the page's first line of text: the name goes.
        assert_eq!(spared(2), (1, 1));
        // What is left is a sentence, with no number: the name goes.
        assert_eq!(spared(3), (1, 1));
    }
}
