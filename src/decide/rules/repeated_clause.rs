//! `repeated-clause`: a clause that says again what the clause just before
//! it said, inside one sentence — '推进碳汇和林农碳微汇项目,' three times in a
//! row, a scraping or editing stutter — and a sentence said twice in a row
//! inside one line.
//!
//! The span rule cannot remove it: its repeat lies inside a sentence that
//! is not a repeat as a whole, and span removals take whole sentences.
//! Here the unit is the clause: a sentence is cut after each clause mark
//! (`,` `、` `;` `:` and their full-width forms, which NFKC mostly folds to
//! ASCII, and the commas and semicolons of scripts that have their own:
//! Arabic `،` `؛`, Armenian `՝`, Ethiopic `፣` `፤`), each clause is folded
//! as content keys are (so `项目,` and `项目。` are the same clause), and a run of at least [`MIN_RUN`] equal clauses
//! keeps its first: the removal runs from the end of the first clause's
//! text to the end of the last one's, so that `X,X,X。` keeps `X。` with its
//! ender. Only clauses of at least [`MIN_CLAUSE_WEIGHT`] count: "好,好,好"
//! is speech, not a stutter. What repeats may be a group of up to
//! [`MAX_GROUP_CLAUSES`] clauses ('For int operands, the result has the
//! same type; For int operands, the result has the same type; …': a unit
//! that a semicolon ends, with a comma inside), and a group as heavy as a
//! duplicate block ([`MIN_PAIR_WEIGHT`]) said twice at once is a stutter
//! too. The copies must say the same text, case and spaces aside, not only
//! fold to the same key: `rose 3 %, rose 5 %` are two figures, not one
//! said twice.
//! A sentence of that weight that follows itself at once inside a line goes
//! as well: the duplicate rules leave sentences under `--dup-min-weight`
//! alone, since short sentences legitimately recur across a document, but
//! not right after themselves. The rule runs last, on the sentences every
//! other rule kept, and reads only the text of the line, so it changes
//! nothing upstream.

use crate::fingerprint::DocSketch;
use crate::normalize::key::KeyFolder;
use crate::normalize::script::is_script_clause_mark;
use crate::segment::{self, Span};

use super::super::{Decision, PieceRemoval, Reason};

/// Least weight of a clause that counts as repeated: eight CJK characters
/// or sixteen letters, the shortest unit of content a reader tells apart.
pub const MIN_CLAUSE_WEIGHT: u32 = 16;

/// Copies of a clause in a row that make a stutter. Twice can be emphasis
/// ("we will persist, we will persist") or chance in text built of stock
/// phrases; three times is not how anyone writes.
pub const MIN_RUN: usize = 3;

/// Copies of a whole sentence in a row that make a stutter: a sentence
/// said again at once, word for word, says nothing new.
pub const MIN_SENTENCE_RUN: usize = 2;

/// The most clauses of a group said again as one: a unit that a semicolon
/// ends holds a few commas at most.
pub const MAX_GROUP_CLAUSES: usize = 4;

/// Least weight of a group of clauses that is a stutter when said twice in
/// a row, not three times: as heavy as a line the duplicate rules take on
/// its own (the default `--dup-min-weight`), which nobody says twice at
/// once for emphasis.
pub const MIN_PAIR_WEIGHT: u32 = 40;

/// Fewest bytes of a group of [`MIN_PAIR_WEIGHT`]: forty letters.
const MIN_PAIR_BYTES: usize = 40;

fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '、' | '，' | '；' | '：' | '､') || is_script_clause_mark(c)
}

/// The text of each clause of a sentence, without the mark (or the
/// sentence's ender) and the spaces after it, as bytes of `text`.
fn clauses(text: &str, sentence: Span) -> Vec<std::ops::Range<usize>> {
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
        out.push(start..text_end);
        start = end;
    }
    if start < body.len() {
        // The last clause's text stops before the sentence's ender, its
        // closing quotes and spaces: they stay with the clause kept.
        let text = body[start..].trim_end_matches(|c: char| !c.is_alphanumeric());
        out.push(start..start + text.len());
    }
    let base = sentence.start;
    out.into_iter()
        .map(|clause| base + clause.start..base + clause.end)
        .collect()
}

/// Runs of at least `min` equal keys in a row (`None` never runs).
fn runs(keys: &[Option<u64>], min: usize) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let key = keys[start];
        let len = keys[start..]
            .iter()
            .take_while(|k| key.is_some() && **k == key)
            .count()
            .max(1);
        if len >= min {
            found.push(start..start + len);
        }
        start += len;
    }
    found
}

/// A clause of a sentence, as the search for stutters compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ClauseKey {
    content: u64,
    weight: u32,
    /// [`loose_hash`] of its text: the words themselves, digits and all.
    text: u64,
}

/// Runs of a group of clauses said again at once, each the clauses from
/// the group's first to its last copy: at least [`MIN_RUN`] copies of a
/// group of at least [`MIN_CLAUSE_WEIGHT`], or two of one of at least
/// [`MIN_PAIR_WEIGHT`]. A single clause must weigh [`MIN_CLAUSE_WEIGHT`]
/// itself; the shortest group that repeats is taken, then the search goes
/// on after its run.
fn grouped_runs(clauses: &[ClauseKey]) -> Vec<(std::ops::Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < clauses.len() {
        let run = (1..=MAX_GROUP_CLAUSES).find_map(|group| {
            let first = clauses.get(start..start + group)?;
            let copies = 1
                + (clauses[start + group..].chunks_exact(group))
                    .take_while(|copy| *copy == first)
                    .count();
            let weight: u32 = first.iter().map(|c| c.weight).sum();
            let stutters = (copies >= MIN_RUN && weight >= MIN_CLAUSE_WEIGHT)
                || (copies >= 2 && weight >= MIN_PAIR_WEIGHT);
            let single_too_light = group == 1 && first[0].weight < MIN_CLAUSE_WEIGHT;
            (stutters && !single_too_light).then_some((start..start + copies * group, group))
        });
        match run {
            Some((run, group)) => {
                start = run.end;
                found.push((run, group));
            }
            None => start += 1,
        }
    }
    found
}

/// Add to `decision` the sentences of its kept lines that repeat the
/// sentence before them, and the clauses of the other sentences that say
/// again at once the clause or group of clauses before them, as the module
/// says. Sentence keys come from the sketch; clauses are folded only on
/// lines where a run is possible at all ([`may_stutter`]).
pub fn apply(
    text: &str,
    lines: &[Span],
    sketch: &DocSketch,
    decision: &mut Decision,
    folder: &mut KeyFolder,
) {
    // Both lists are in line order: each line's part is a run of them,
    // taken without copying (most lines have no sentence keys at all).
    let (mut removed_at, mut keys_at) = (0, 0);
    let mut keys = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let of_line = |list_line: u32| list_line as usize == i;
        let removed_from = removed_at;
        while (decision.sentences.get(removed_at)).is_some_and(|s| of_line(s.line)) {
            removed_at += 1;
        }
        let keys_from = keys_at;
        while (sketch.sentences.get(keys_at)).is_some_and(|s| of_line(s.line)) {
            keys_at += 1;
        }
        if decision.lines[i].is_some() || line.is_empty() {
            continue;
        }
        let line_removed = &decision.sentences[removed_from..removed_at];
        let reason = Reason::RepeatedClause { line: i as u32 };
        keys.clear();
        keys.extend(sketch.sentences[keys_from..keys_at].iter().map(|s| {
            let kept = !line_removed
                .iter()
                .any(|r| r.ordinal == u32::from(s.ordinal));
            (kept && u32::from(s.weight) >= MIN_CLAUSE_WEIGHT).then_some(s.content)
        }));
        let sentence_runs = runs(&keys, MIN_SENTENCE_RUN);
        let may_stutter = sketch.lines.get(i).is_some_and(|key| key.may_stutter);
        if sentence_runs.is_empty() && !may_stutter {
            continue;
        }
        let sentences = segment::sentences(text, *line);
        let mut kept = vec![true; sentences.len()];
        for removed in &decision.sentences[removed_from..removed_at] {
            if let Some(k) = kept.get_mut(removed.ordinal as usize) {
                *k = false;
            }
        }
        for run in sentence_runs {
            if run.end > sentences.len() {
                continue;
            }
            decision.pieces.push(PieceRemoval {
                line: i as u32,
                span: Span {
                    start: sentences[run.start + 1].start,
                    end: sentences[run.end - 1].end,
                },
                reason,
            });
            kept[run.start + 1..run.end].fill(false);
        }
        if !may_stutter {
            continue;
        }
        for (sentence, _) in sentences.iter().zip(&kept).filter(|(_, &kept)| kept) {
            let clauses = clauses(text, *sentence);
            let keys: Vec<ClauseKey> = clauses
                .iter()
                .map(|clause| {
                    let key = folder.fold(&text[clause.clone()]);
                    ClauseKey {
                        content: key.content,
                        weight: key.weight,
                        text: loose_hash(text[clause.clone()].as_bytes()),
                    }
                })
                .collect();
            for (run, group) in grouped_runs(&keys) {
                decision.pieces.push(PieceRemoval {
                    line: i as u32,
                    span: Span {
                        start: clauses[run.start + group - 1].end,
                        end: clauses[run.end - 1].end,
                    },
                    reason,
                });
            }
        }
    }
}

/// Whether a line says a piece, or a group of up to [`MAX_GROUP_CLAUSES`]
/// pieces, again at once between clause marks or sentence enders — three
/// copies, or two of a group of forty bytes — equal but for ASCII
/// case and spaces, which is how a stutter repeats: without that no clause
/// run is possible, and pass 2 does not fold the line again. (A copy that
/// differs in more is the span rule's business.) `marks` are where the
/// line has the marks a piece can end at, as folding finds them
/// ([`KeyFolder::piece_marks`]): after NFKC every clause mark and ender but
/// `、` and `。` is ASCII. Only groups whose pieces have nearly the same
/// lengths are hashed.
pub fn may_stutter(line: &str, marks: &[u32]) -> bool {
    let least_line = (MIN_RUN * MIN_CLAUSE_BYTES + MIN_RUN - 1).min(2 * MIN_PAIR_BYTES + 1);
    if line.len() < least_line || marks.is_empty() {
        return false;
    }
    // The last pieces, enough for three copies of the largest group (a
    // power of two, for a cheap place in the ring).
    const WINDOW: usize = (MIN_RUN * MAX_GROUP_CLAUSES).next_power_of_two();
    let mut window = [Piece::default(); WINDOW];
    let mut seen = 0usize;
    for piece in pieces(line, marks) {
        window[seen % WINDOW] = Piece::of(crate::normalize::script::trim(piece).as_bytes());
        seen += 1;
        let back = |back: usize| (seen - 1 - back) % WINDOW;
        for group in 1..=MAX_GROUP_CLAUSES.min(seen / 2) {
            // Most pieces are unlike the piece a group before them.
            if !window[back(0)].may_equal(&window[back(group)]) {
                continue;
            }
            // Copies of the last `group` pieces right before them.
            let mut copies = 1;
            while copies < MIN_RUN && seen >= (copies + 1) * group {
                let alike = (0..group).all(|k| {
                    let (last, earlier) = (back(k), back(k + copies * group));
                    window[last].may_equal(&window[earlier])
                        && window[last].hash() == window[earlier].hash()
                });
                if !alike {
                    break;
                }
                copies += 1;
            }
            if copies < 2 {
                continue;
            }
            let bytes: usize = (0..group).map(|k| window[back(k)].bytes.len()).sum();
            if (copies >= MIN_RUN && bytes >= MIN_CLAUSE_BYTES)
                || (copies >= 2 && bytes >= MIN_PAIR_BYTES)
            {
                return true;
            }
        }
    }
    false
}

/// A piece of a line in [`may_stutter`]'s window: its bytes, trimmed, and
/// what tells most unlike pieces apart before they are hashed.
#[derive(Debug, Clone, Copy, Default)]
struct Piece<'a> {
    bytes: &'a [u8],
    /// The first and last bytes, in ASCII lower case.
    ends: (u8, u8),
}

impl<'a> Piece<'a> {
    fn of(bytes: &'a [u8]) -> Self {
        let lower = |b: Option<&u8>| b.map_or(0, u8::to_ascii_lowercase);
        Piece {
            bytes,
            ends: (lower(bytes.first()), lower(bytes.last())),
        }
    }

    /// Whether the two may be equal but for ASCII case and spaces: both
    /// hold text, of lengths within [`LENGTH_SLACK`], with the same ends.
    fn may_equal(&self, other: &Piece) -> bool {
        !self.bytes.is_empty()
            && self.ends == other.ends
            && self.bytes.len().abs_diff(other.bytes.len()) <= LENGTH_SLACK
    }

    fn hash(&self) -> u64 {
        loose_hash(self.bytes)
    }
}

/// The pieces of a line that end at its `marks` (byte offsets of ASCII
/// marks and of `、` and `。`), untrimmed: what follows the last mark is
/// not one.
fn pieces<'a>(line: &'a str, marks: &'a [u32]) -> impl Iterator<Item = &'a str> + 'a {
    let mut start = 0;
    marks.iter().map(move |&at| {
        let at = at as usize;
        let width = line[at..].chars().next().map_or(1, char::len_utf8);
        let piece = &line[start..at];
        start = at + width;
        piece
    })
}

/// Bytes two pieces that differ only in spaces may differ by.
const LENGTH_SLACK: usize = 8;

/// A hash of bytes that ignores ASCII case and spaces.
fn loose_hash(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01B3)
        })
}

/// Fewest bytes of a clause of [`MIN_CLAUSE_WEIGHT`]: sixteen letters, or
/// eight CJK characters of three bytes.
const MIN_CLAUSE_BYTES: usize = 16;

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
        let mut folder = KeyFolder::default();
        let sketch = crate::fingerprint::sketch(text, &lines, &mut folder, None);
        apply(text, &lines, &sketch, &mut decision, &mut folder);
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
    fn clauses_cut_at_other_scripts_commas_and_semicolons_are_kept_once() {
        let clause = "نزرع الأشجار على ضفاف النهر";
        let text = format!("{clause}، {clause}، {clause}؛ ثم نستريح قليلا.\n");
        let (cleaned, removed) = clean(&text);
        assert_eq!(cleaned, format!("{clause}؛ ثم نستريح قليلا.\n"));
        assert_eq!(removed, [format!("، {clause}، {clause}")]);
        let ethiopic = "የወንዙን ዳርቻ እናጸዳለን ዛሬ";
        let text = format!("{ethiopic}፣ {ethiopic}፣ {ethiopic}።\n");
        assert_eq!(clean(&text).0, format!("{ethiopic}።\n"));
    }

    #[test]
    fn a_sentence_said_twice_in_a_row_is_kept_once() {
        let text = "立足资源优势。引隆补水,实现全年城镇新增就业9726人以上。引隆补水,实现全年城镇新增就业9726人以上。立足资源环境。\n";
        let (cleaned, removed) = clean(text);
        assert_eq!(
            cleaned,
            "立足资源优势。引隆补水,实现全年城镇新增就业9726人以上。立足资源环境。\n"
        );
        assert_eq!(removed, ["引隆补水,实现全年城镇新增就业9726人以上。"]);
        let at_the_end = "Keep the river clean for everyone. Keep the river clean for everyone.\n";
        assert_eq!(clean(at_the_end).0, "Keep the river clean for everyone.\n");
        // Apart, or short, sentences may recur.
        for text in [
            "Keep the river clean for everyone. Then rest. Keep the river clean for everyone.\n",
            "好的。好的。\n",
        ] {
            assert_eq!(clean(text).0, text);
        }
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

    #[test]
    fn a_group_of_clauses_said_again_at_once_is_kept_once() {
        let unit = "For int operands, the result has the same type as the operands unless the second argument is negative";
        let text = format!(
            "{unit}; {unit}; {unit}; in that case, all arguments are converted to float.\n"
        );
        let (cleaned, removed) = clean(&text);
        assert_eq!(
            cleaned,
            format!("{unit}; in that case, all arguments are converted to float.\n")
        );
        assert_eq!(removed, [format!("; {unit}; {unit}")]);
        // Twice is enough for a group as heavy as a duplicate block.
        let french =
            "Pour la plupart des commandes, l'archive peut être lue à partir de l'entrée standard";
        let text = format!("{french} ; {french} ; sinon, elle est lue du fichier.\n");
        assert_eq!(
            clean(&text).0,
            format!("{french} ; sinon, elle est lue du fichier.\n")
        );
        let chinese = "加快推进老旧小区改造,完善社区养老托育服务设施";
        let text = format!("{chinese};{chinese};{chinese};全面提升城市品质。\n");
        assert_eq!(clean(&text).0, format!("{chinese};全面提升城市品质。\n"));
    }

    #[test]
    fn groups_said_twice_when_light_or_with_other_figures_stay() {
        for text in [
            // Light: emphasis, or a refrain.
            "We will go on, we will not stop, we will go on, we will not stop, said the mayor.\n",
            // The same words with other figures: two statements.
            "In 2020, revenue grew by 5 percent to 3 billion euros in total; In 2021, revenue grew by 7 percent to 4 billion euros in total; costs fell.\n",
        ] {
            let (cleaned, removed) = clean(text);
            assert_eq!(cleaned, text);
            assert!(removed.is_empty());
        }
    }

    /// The pieces of [`may_stutter`] by a test of every byte.
    fn pieces_byte_by_byte(line: &str) -> Vec<&[u8]> {
        let bytes = line.as_bytes();
        let (mut found, mut start, mut at) = (Vec::new(), 0, 0);
        while at < bytes.len() {
            let width = match bytes[at] {
                b',' | b';' | b':' | b'.' | b'!' | b'?' => 1,
                0xE3 if matches!(bytes.get(at + 1..at + 3), Some([0x80, 0x81 | 0x82])) => 3,
                // '،' '؛' '؟', '۔', '՝' '։'; '፣' '፤' '።' '፧' '။' '។'; '।' '॥'.
                0xD8 if matches!(bytes.get(at + 1), Some(0x8C | 0x9B | 0x9F)) => 2,
                0xDB if bytes.get(at + 1) == Some(&0x94) => 2,
                0xD5 if bytes.get(at + 1) == Some(&0x9D) => 2,
                0xD6 if bytes.get(at + 1) == Some(&0x89) => 2,
                0xE1 if matches!(
                    bytes.get(at + 1..at + 3),
                    Some([0x8D, 0xA2..=0xA4 | 0xA7] | [0x81, 0x8B] | [0x9F, 0x94])
                ) =>
                {
                    3
                }
                0xE0 if matches!(bytes.get(at + 1..at + 3), Some([0xA5, 0xA4 | 0xA5])) => 3,
                _ => {
                    at += 1;
                    continue;
                }
            };
            found.push(line[start..at].trim().as_bytes());
            start = at + width;
            at += width;
        }
        found
    }

    #[test]
    fn a_line_may_stutter_only_with_like_pieces_or_groups_in_a_row() {
        let clause = "推进碳汇和林农碳微汇项目";
        let heavy = "the result has the same type as the operands";
        for (line, stutters) in [
            (
                format!("For ints, {heavy}; for ints, {heavy}; in that case."),
                true,
            ),
            (format!("{heavy}; {heavy}."), true),
            (
                format!("For ints, {heavy}; for floats, {heavy}; in that case."),
                false,
            ),
            (format!("{clause},{clause},{clause}。"), true),
            (format!("{clause}、{clause} ;  {clause}!"), true),
            (
                "Keep the river clean, keep the River Clean, keep the river  clean.".to_string(),
                true,
            ),
            (format!("{clause},{clause}。"), false),
            (format!("{clause},好,{clause},{clause}"), false),
        ] {
            let mut folder = KeyFolder::default();
            folder.fold(&line);
            assert_eq!(may_stutter(&line, folder.piece_marks()), stutters, "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_marks_folding_finds_cut_a_line_as_a_test_of_every_byte_cuts_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "推进碳汇和林农碳微汇项目", "Keep the river clean", ",", "、", "。", ";",
                    " ", "!", "?", "「", "好", "ab", ".", "\u{3000}",
                    "،", "؛", "՝", "፣", "፤", "نحن نزرع الأشجار", "ء", "؟", "۔", "።", "।",
                    "ዛሬ", "व", "။", "។",
                ]),
                0..30,
            )
        ) {
            let line = parts.concat();
            let mut folder = KeyFolder::new(true);
            folder.fold(&line);
            proptest::prop_assert_eq!(
                pieces(&line, folder.piece_marks()).map(|p| p.trim().as_bytes()).collect::<Vec<_>>(),
                pieces_byte_by_byte(&line)
            );
        }
    }
}
