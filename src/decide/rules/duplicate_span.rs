//! `duplicate-span`: text that repeats an earlier span, whatever its
//! boundaries — earlier in the same document or in an earlier one, across
//! line breaks.
//!
//! The line and sentence rules find repeats that keep their boundaries.
//! What they miss is a repeat whose lines and sentences are cut
//! differently: the headings of an article that a page also holds
//! flattened into one line, the short lines of an article cross-posted
//! under another template. Span fingerprints ([`crate::fingerprint::winnow`])
//! find those: a *region* is a run of consecutive fingerprints of the
//! document that all occurred earlier, their first copies all in the
//! document itself or all in other documents. A heading that other pages
//! share, before a paragraph the page says for the second time, repeats
//! two texts, not one: it is judged apart from the paragraph, and stays.
//!
//! A region is a repeat if one of the lines or sentences it covers (below)
//! is heavy enough to be a repeat on its own, counting those the line and
//! sentence rules already removed: the duplicate minimum (`dup-min-weight`)
//! for a repeat inside the document, the body-text minimum
//! (`anchor-min-weight`) for a repeat of another document, as for
//! sentences ([`super::duplicate_sentence`]). Short lines then go with the
//! copied text around them, but a run of short items that many pages share
//! (a list of goals, a set of headings) is not a copy of anything.
//!
//! Removals snap to boundaries: a region removes the lines it covers, or
//! for lines of several sentences the sentences it covers, wholly — never
//! part of one, and never one the region only touches (nor one it covers
//! alone inside new text: [`super::duplicate_sentence::spare_lone_repeats`]).
//! Winnowing alone
//! proves a region up to `W - 1` tokens short of the true repeat at each
//! end; the k-grams that start and end every line and sentence are indexed
//! as well (anchors), so a sentence copied whole matches to its edges.
//! Where the first copy's units are cut elsewhere (a heading that stands
//! inside a flattened line, behind the title), its anchors are not the
//! copy's; when that first copy is in the same document, the region grows
//! at either end a token at a time while the text around it says what the
//! text around the first copy says, the document folded again for its
//! tokens. Lines removed as boilerplate take no part: fingerprints that
//! touch them are neither indexed nor looked up.

use std::ops::Range;

use crate::corpus::DocId;
use crate::fingerprint::winnow::K;
use crate::fingerprint::{self, DocSketch};
use crate::index::{SpanAt, SpanMatch};
use crate::normalize::key::{DocTokens, KeyFolder};
use crate::segment::{SentenceCutter, Span};
use crate::settings::DuplicateSettings;

use super::super::{Reason, SentenceRemoval, Verdicts};

/// The runs of a document's fingerprints that the index matches: those
/// whose k-gram lies in lines the boilerplate rules keep.
pub fn eligible(sketch: &DocSketch, boilerplate: &Verdicts) -> Vec<Range<u32>> {
    passing_prints(sketch, |l| boilerplate[l].is_none())
}

/// The runs of a document's fingerprints whose k-gram lies in lines that
/// pass `live` (a line without tokens always does). Each run of passing
/// lines gives the fingerprints from its first token to K - 1 tokens
/// before its end, found by search as fingerprints are in token order;
/// runs that meet are one.
fn passing_prints(sketch: &DocSketch, live: impl Fn(usize) -> bool) -> Vec<Range<u32>> {
    let mut runs: Vec<Range<u32>> = Vec::new();
    let starts = &sketch.line_tokens;
    if starts.len() < 2 {
        return runs;
    }
    let passes = |l: usize| starts[l] == starts[l + 1] || live(l);
    let lines = starts.len() - 1;
    let mut line = 0;
    while line < lines {
        if !passes(line) {
            line += 1;
            continue;
        }
        let first = line;
        while line < lines && passes(line) {
            line += 1;
        }
        let (from, to) = (starts[first], starts[line]);
        if to < from + K as u32 {
            continue;
        }
        let last_start = to - K as u32;
        let a = sketch.spans.partition_point(|p| p.token() < from) as u32;
        let b = sketch.spans.partition_point(|p| p.token() <= last_start) as u32;
        if a == b {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.end == a => run.end = b,
            _ => runs.push(a..b),
        }
    }
    runs
}

/// Lines removed by a rule that runs before the duplicate rules.
fn is_boilerplate(reason: &Option<Reason>) -> bool {
    reason.as_ref().is_some_and(Reason::is_boilerplate)
}

/// A run of consecutive fingerprints that all occurred earlier.
struct Region<'a> {
    /// (token, first occurrence) of each fingerprint of the run.
    matches: &'a [(u32, SpanAt)],
}

impl Region<'_> {
    fn tokens(&self) -> (u32, u32) {
        let first = self.matches[0].0;
        let last = self.matches[self.matches.len() - 1].0;
        (first, last + K as u32)
    }

    /// The first occurrence to cite for the unit at tokens `a..b`: the
    /// first match inside it (else the region's first), with the bytes of
    /// every match inside it that comes from the same place. Units are
    /// asked for in text order and do not overlap: `from`, the first match
    /// not before the last unit, is moved on, so that each match is looked
    /// at once for the whole region.
    fn evidence(&self, from: &mut usize, a: u32, b: u32) -> SpanAt {
        let rest = &self.matches[*from..];
        let skipped = rest.partition_point(|&(t, _)| t < a);
        let rest = &rest[skipped..];
        let inside = &rest[..rest.partition_point(|&(t, _)| t < b)];
        *from += skipped + inside.len();
        debug_assert_eq!(
            inside,
            (self
                .matches
                .iter()
                .filter(|(t, _)| (a..b).contains(t))
                .copied())
            .collect::<Vec<_>>()
        );
        let first = inside.first().unwrap_or(&self.matches[0]).1;
        let end = (inside.iter())
            .filter(|(_, at)| at.doc == first.doc && at.start >= first.start)
            .map(|(_, at)| at.end)
            .max()
            .unwrap_or(first.end);
        SpanAt { end, ..first }
    }
}

/// A document's canonical text and its lines, with a folder to fold them
/// again: where a region repeats text of its own document, the tokens on
/// either side of it are compared with those on either side of the first
/// copy (see the module docs).
pub struct OwnText<'a> {
    pub text: &'a str,
    pub lines: &'a [Span],
    pub folder: &'a mut KeyFolder,
    cutter: Option<SentenceCutter>,
    /// The tokens of each line a region asked about, folded again the
    /// first time: a region's ends ask for a few lines of a document.
    folded: Vec<Option<DocTokens>>,
}

/// A token of the document: its hash and its bytes.
type Token = (u64, (u32, u32));

impl<'a> OwnText<'a> {
    pub fn new(text: &'a str, lines: &'a [Span], folder: &'a mut KeyFolder) -> Self {
        OwnText {
            text,
            lines,
            folder,
            cutter: None,
            folded: Vec::new(),
        }
    }

    /// The tokens of `line` (none past the last line).
    fn line(&mut self, line: usize) -> Option<&DocTokens> {
        let (text, span) = (self.text, *self.lines.get(line)?);
        if self.folded.len() < self.lines.len() {
            self.folded.resize(self.lines.len(), None);
        }
        let cutter = self.cutter.get_or_insert_with(|| SentenceCutter::new(text));
        let folder = &mut *self.folder;
        Some(self.folded[line].get_or_insert_with(|| {
            let mut tokens = DocTokens::default();
            fingerprint::line_tokens_into(cutter, text, span, folder, &mut tokens);
            tokens
        }))
    }

    /// Token `token` of the document, whose lines' first tokens `sketch`
    /// gives.
    fn token(&mut self, sketch: &DocSketch, token: u32) -> Option<Token> {
        let line = sketch.line_of_token(token) as usize;
        let at = token.checked_sub(*sketch.line_tokens.get(line)?)? as usize;
        let tokens = self.line(line)?;
        Some((*tokens.hashes.get(at)?, *tokens.bytes.get(at)?))
    }

    /// The token of `line` that starts at byte `start`.
    fn token_at(&mut self, sketch: &DocSketch, line: u32, start: u32) -> Option<u32> {
        let first = *sketch.line_tokens.get(line as usize)?;
        let tokens = self.line(line as usize)?;
        let at = tokens.bytes.binary_search_by_key(&start, |b| b.0).ok()?;
        Some(first + at as u32)
    }
}

/// Remove what repeats an earlier span; `sentences` are the sentences the
/// earlier rules removed from kept lines, and come back with the new ones,
/// in text order.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    own: &mut OwnText,
    matches: &[SpanMatch],
    settings: &DuplicateSettings,
    alone_min_weight: u32,
    verdicts: &mut Verdicts,
    sentences: &mut Vec<SentenceRemoval>,
) {
    if !settings.spans || sketch.line_tokens.len() < 2 || matches.is_empty() {
        return;
    }
    let (matched, regions) = regions(doc, sketch, matches, verdicts);
    let mut units = Vec::new();
    let mut removed_any = false;
    // Regions come in text order: the line each starts on is walked on to
    // from the last one's, and each line's sentences found without a
    // search.
    let sentence_starts = sketch.sentence_starts();
    let mut first_line = 0;
    let mut last_start = 0;
    for range in regions {
        let found = &matched[range];
        let grown = grown(doc, sketch, found, own, last_start, verdicts);
        let region = Region {
            matches: grown.as_deref().unwrap_or(found),
        };
        last_start = region.matches[0].0;
        overlapped(
            sketch,
            &region,
            verdicts,
            sentences,
            &sentence_starts,
            &mut first_line,
            &mut units,
        );
        let weight = units.iter().map(|u| u.weight).max().unwrap_or(0);
        let own = region.matches.iter().all(|(_, at)| at.doc == doc);
        let min_weight = if own {
            settings.block_min_weight
        } else {
            alone_min_weight
        };
        if weight < min_weight {
            continue;
        }
        for unit in units.drain(..).filter(|u| !u.removed) {
            let reason = Reason::DuplicateSpan { first: unit.first };
            match unit.ordinal {
                None => verdicts[unit.line as usize] = Some(reason),
                Some(ordinal) => sentences.push(SentenceRemoval {
                    line: unit.line,
                    ordinal,
                    reason,
                }),
            }
            removed_any = true;
        }
    }
    if removed_any {
        whole_lines_of_removed_sentences(sketch, verdicts, sentences);
    }
}

/// The regions of a document's `matches`: (token, first occurrence) of
/// every fingerprint of every region, in text order, in one list, and
/// where each region's are in it.
fn regions(
    doc: DocId,
    sketch: &DocSketch,
    matches: &[SpanMatch],
    verdicts: &Verdicts,
) -> (Vec<(u32, SpanAt)>, Vec<Range<usize>>) {
    let mut regions = Vec::new();
    let mut matched: Vec<(u32, SpanAt)> = Vec::with_capacity(matches.len());
    let mut run_start = 0;
    // A document's matches come in no particular order: each is placed at
    // its fingerprint (a fingerprint is matched once at most).
    const NONE: u32 = u32::MAX;
    let mut match_of = vec![NONE; sketch.spans.len()];
    for (k, m) in matches.iter().enumerate() {
        if let Some(slot) = match_of.get_mut(m.print as usize) {
            *slot = k as u32;
        }
    }
    // Fingerprints in boilerplate lines neither join a region nor end one.
    let passing = passing_prints(sketch, |l| !is_boilerplate(&verdicts[l]));
    for i in passing.into_iter().flatten() {
        let earlier = match match_of[i as usize] {
            NONE => None,
            k => Some(matches[k as usize].first),
        };
        let print = sketch.spans[i as usize];
        match earlier {
            Some(first) => {
                // A repeat of the document's own text next to a repeat of
                // another document's is two copies, each judged alone.
                let crosses = (matched[run_start..].last())
                    .is_some_and(|(_, previous)| (previous.doc == doc) != (first.doc == doc));
                if crosses {
                    regions.push(run_start..matched.len());
                    run_start = matched.len();
                }
                matched.push((print.token(), first));
            }
            // An anchor the earlier text does not share as an anchor says
            // nothing: it was not indexed there.
            None if print.is_anchor() => {}
            None if matched.len() > run_start => {
                regions.push(run_start..matched.len());
                run_start = matched.len();
            }
            None => {}
        }
    }
    if matched.len() > run_start {
        regions.push(run_start..matched.len());
    }
    (matched, regions)
}

/// `region` grown at either end where the text around it repeats the text
/// around the first copy in the same document, token by token; `None`
/// where it does not grow. Winnowing finds a repeat only up to `W - 1`
/// tokens short at each end, and anchors bring its edges back only where
/// the first copy's unit starts or ends there too: the headings of a page
/// that also holds its article flattened into one line, say, lie in that
/// line at no edge of a sentence. Where the first copy is in the same
/// document its tokens are at hand, and each token compared adds a
/// fingerprint to the region: the k-gram there, matched at its place in
/// the first copy. A region grows back no further than the start of its
/// first copy (which stays) and of the region before it, and forward no
/// further than its first copy's side reaches the region's own start;
/// never into a line removed as boilerplate.
fn grown(
    doc: DocId,
    sketch: &DocSketch,
    region: &[(u32, SpanAt)],
    own: &mut OwnText,
    not_before: u32,
    verdicts: &Verdicts,
) -> Option<Vec<(u32, SpanAt)>> {
    let (&(first, first_at), &(last, last_at)) = (region.first()?, region.last()?);
    if first_at.doc != doc && last_at.doc != doc {
        return None;
    }
    let total = *sketch.line_tokens.last()?;
    let counted = |token: u32| token + (K as u32) <= total;
    let in_boilerplate = |token: u32| {
        let line = sketch.line_of_token(token) as usize;
        verdicts.get(line).is_some_and(is_boilerplate)
    };
    let hash = |own: &mut OwnText, token: u32| own.token(sketch, token).map(|t| t.0);
    let same = |own: &mut OwnText, a: u32, b: u32| {
        let a = hash(own, a);
        a.is_some() && a == hash(own, b)
    };
    let matched_at = |own: &mut OwnText, token: u32, source: u32| -> Option<(u32, SpanAt)> {
        let (_, (start, _)) = own.token(sketch, source)?;
        let (_, (_, end)) = own.token(sketch, source + K as u32 - 1)?;
        let line = sketch.line_of_token(source);
        Some((
            token,
            SpanAt {
                doc,
                start,
                end,
                line,
            },
        ))
    };
    let source_of = |own: &mut OwnText, at: &SpanAt, copy: u32| {
        (at.doc == doc && counted(copy))
            .then(|| own.token_at(sketch, at.line, at.start))
            .flatten()
            .filter(|&source| source < copy)
    };
    let mut before = None;
    let mut start = first;
    if let Some(source) = source_of(own, &first_at, first) {
        let mut back = 0;
        while back < first - source
            && back < source
            && first - back > not_before
            && same(own, first - back - 1, source - back - 1)
            && !in_boilerplate(first - back - 1)
        {
            back += 1;
        }
        if back > 0 {
            start = first - back;
            before = matched_at(own, start, source - back);
        }
    }
    let mut after = None;
    if let Some(source) = source_of(own, &last_at, last) {
        let k = K as u32;
        let mut on = 0;
        while counted(last + on + 1)
            && source + on + k < start
            && same(own, last + on + k, source + on + k)
            && !in_boilerplate(last + on + k)
        {
            on += 1;
        }
        if on > 0 {
            after = matched_at(own, last + on, source + on);
        }
    }
    if before.is_none() && after.is_none() {
        return None;
    }
    Some(
        before
            .into_iter()
            .chain(region.iter().copied())
            .chain(after)
            .collect(),
    )
}

/// A line (`ordinal` none) or a sentence of one that a region repeats.
struct Unit {
    line: u32,
    ordinal: Option<u32>,
    weight: u32,
    /// Already removed by an earlier duplicate rule.
    removed: bool,
    first: SpanAt,
}

/// The lines and sentences that `region` covers wholly (boilerplate lines
/// aside), into `units`.
fn overlapped(
    sketch: &DocSketch,
    region: &Region,
    verdicts: &Verdicts,
    sentences: &[SentenceRemoval],
    sentence_starts: &[usize],
    first_line: &mut usize,
    units: &mut Vec<Unit>,
) {
    let (r0, r1) = region.tokens();
    let repeated = |a: u32, b: u32| r0 <= a && b <= r1;
    let starts = &sketch.line_tokens;
    units.clear();
    let mut cited = 0;
    // The last line starting at or before the region's first token.
    while *first_line + 2 < starts.len() && starts[*first_line + 1] <= r0 {
        *first_line += 1;
    }
    debug_assert_eq!(*first_line as u32, sketch.line_of_token(r0));
    for line in *first_line..starts.len() - 1 {
        let (a, b) = (starts[line], starts[line + 1]);
        if a >= r1 {
            break;
        }
        if a == b || is_boilerplate(&verdicts[line]) {
            continue;
        }
        // A line already removed, or of one sentence, is one unit.
        let removed = verdicts[line].is_some();
        let range = sentence_starts[line]..sentence_starts[line + 1];
        debug_assert!(sketch
            .sentences_in(line as u32, range.clone())
            .eq(sketch.sentences_of(line as u32)));
        let mut parts = sketch.sentences_in(line as u32, range).peekable();
        if removed || parts.peek().is_none() {
            if repeated(a, b) {
                units.push(Unit {
                    line: line as u32,
                    ordinal: None,
                    weight: sketch.lines[line].weight,
                    removed,
                    first: region.evidence(&mut cited, a, b),
                });
            }
            continue;
        }
        for (part, sa, sb) in parts {
            if sa == sb || !repeated(sa, sb) {
                continue;
            }
            let ordinal = u32::from(part.ordinal);
            units.push(Unit {
                line: line as u32,
                ordinal: Some(ordinal),
                weight: u32::from(part.weight),
                removed: sentences
                    .iter()
                    .any(|s| s.line == line as u32 && s.ordinal == ordinal),
                first: region.evidence(&mut cited, sa, sb),
            });
        }
    }
}

/// A line whose every sentence holding text is removed goes whole (under
/// the reason of its first removed sentence); the rest stay in text order.
fn whole_lines_of_removed_sentences(
    sketch: &DocSketch,
    verdicts: &mut Verdicts,
    sentences: &mut Vec<SentenceRemoval>,
) {
    sentences.sort_by_key(|s| (s.line, s.ordinal));
    let mut i = 0;
    while i < sentences.len() {
        let line = sentences[i].line;
        let j = i + sentences[i..].iter().take_while(|s| s.line == line).count();
        let mut parts = sketch.sentences_of(line).peekable();
        let has_parts = parts.peek().is_some();
        let every = parts.all(|(part, start, end)| {
            start == end
                || sentences[i..j]
                    .iter()
                    .any(|s| s.ordinal == u32::from(part.ordinal))
        });
        if every && has_parts {
            verdicts[line as usize] = Some(sentences[i].reason);
            sentences.drain(i..j);
        } else {
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::fingerprint::SpanPrint;
    use crate::index::EntryWriter;

    /// The span matches of `docs`, none of whose lines is boilerplate.
    fn matches_of(docs: &[DocSketch]) -> crate::index::SpanMatches {
        let kept: Vec<Verdicts> = docs.iter().map(|s| vec![None; s.lines.len()]).collect();
        matches_beside_boilerplate(docs, &kept)
    }

    /// The same, the lines `boilerplate` removes from each document left
    /// out of its fingerprints, as pass 2 leaves them.
    fn matches_beside_boilerplate(
        docs: &[DocSketch],
        boilerplate: &[Verdicts],
    ) -> crate::index::SpanMatches {
        let dir = tempfile::tempdir().unwrap();
        let writer = EntryWriter::new(1000, 1 << 20, dir.path()).unwrap();
        for (i, sketch) in docs.iter().enumerate() {
            let mut entries = writer.piece(0);
            entries.extend(
                DocId(i as u32),
                sketch,
                &eligible(sketch, &boilerplate[i]),
                None,
            );
            writer.push(i, entries);
        }
        writer.finish(|_| false).unwrap()
    }

    /// Each document, given as its lines, decided after those before it.
    fn decide(docs: &[&[&str]]) -> Vec<(Verdicts, Vec<SentenceRemoval>)> {
        let texts: Vec<String> = (docs.iter())
            .map(|lines| lines.iter().map(|l| format!("{l}\n")).collect())
            .collect();
        let docs: Vec<DocSketch> = docs.iter().map(|lines| sketch_lines(lines)).collect();
        let settings = DuplicateSettings::default();
        let span_matches = matches_of(&docs);
        docs.iter()
            .enumerate()
            .map(|(i, sketch)| {
                let mut verdicts = vec![None; sketch.lines.len()];
                let mut sentences = Vec::new();
                let lines = crate::segment::lines(&texts[i]);
                let mut folder = KeyFolder::default();
                apply(
                    DocId(i as u32),
                    sketch,
                    &mut OwnText::new(&texts[i], &lines, &mut folder),
                    &span_matches.of(DocId(i as u32)),
                    &settings,
                    80,
                    &mut verdicts,
                    &mut sentences,
                );
                (verdicts, sentences)
            })
            .collect()
    }

    /// Fingerprints of a document with the lines their k-gram touches.
    fn prints_with_lines(
        sketch: &DocSketch,
    ) -> impl Iterator<Item = (SpanPrint, usize, usize)> + '_ {
        let starts = &sketch.line_tokens;
        let line_of = move |token: u32, from: usize| -> usize {
            let mut line = from;
            while line + 1 < starts.len() - 1 && starts[line + 1] <= token {
                line += 1;
            }
            line
        };
        let mut cursor = 0usize;
        sketch.spans.iter().map(move |print| {
            cursor = line_of(print.token(), cursor);
            let last = line_of(print.token() + K as u32 - 1, cursor);
            (*print, cursor, last)
        })
    }

    /// Whether every line holding tokens in `first..=last` passes `live`.
    fn lines_pass(
        sketch: &DocSketch,
        first: usize,
        last: usize,
        live: impl Fn(usize) -> bool,
    ) -> bool {
        (first..=last)
            .all(|line| sketch.line_tokens[line] == sketch.line_tokens[line + 1] || live(line))
    }

    /// The runs of fingerprints whose k-gram lies in passing lines, print
    /// by print: what [`eligible`] finds by runs of lines.
    fn eligible_oracle(sketch: &DocSketch, boilerplate: &Verdicts) -> Vec<Range<u32>> {
        let mut runs: Vec<Range<u32>> = Vec::new();
        if sketch.line_tokens.len() < 2 {
            return runs;
        }
        for (i, (_, first, last)) in prints_with_lines(sketch).enumerate() {
            if !lines_pass(sketch, first, last, |l| boilerplate[l].is_none()) {
                continue;
            }
            let i = i as u32;
            match runs.last_mut() {
                Some(run) if run.end == i => run.end += 1,
                _ => runs.push(i..i + 1),
            }
        }
        runs
    }

    /// The regions of a document's matches, fingerprint by fingerprint.
    fn regions_oracle(
        sketch: &DocSketch,
        matches: &[SpanMatch],
        verdicts: &Verdicts,
    ) -> Vec<Vec<(u32, SpanAt)>> {
        let mut regions = Vec::new();
        let mut run: Vec<(u32, SpanAt)> = Vec::new();
        let mut matches = matches.iter().peekable();
        for (i, (print, first_line, last_line)) in prints_with_lines(sketch).enumerate() {
            let earlier = matches.next_if(|m| m.print as usize == i).map(|m| m.first);
            if !lines_pass(sketch, first_line, last_line, |l| {
                !is_boilerplate(&verdicts[l])
            }) {
                continue;
            }
            match earlier {
                Some(first) => run.push((print.token(), first)),
                None if print.is_anchor() => {}
                None if !run.is_empty() => regions.push(std::mem::take(&mut run)),
                None => {}
            }
        }
        if !run.is_empty() {
            regions.push(run);
        }
        regions
    }

    proptest::proptest! {
        #[test]
        fn eligible_prints_and_regions_are_those_of_passing_lines(
            lines in proptest::collection::vec((0u32..12, proptest::bool::weighted(0.3)), 1..14),
            picks in proptest::collection::vec(proptest::bool::weighted(0.4), 0..160),
            marks in proptest::collection::vec((proptest::bool::weighted(0.6), proptest::bool::weighted(0.2)), 0..160),
        ) {
            let mut line_tokens = vec![0];
            for (count, _) in &lines {
                line_tokens.push(line_tokens.last().unwrap() + count);
            }
            let total = *line_tokens.last().unwrap() as usize;
            let spans: Vec<SpanPrint> = (0..total.saturating_sub(K - 1))
                .filter(|&t| picks.get(t).copied().unwrap_or(false))
                .map(|t| SpanPrint::new(t as u32, 0, 0, false))
                .collect();
            let boilerplate: Verdicts = lines
                .iter()
                .map(|&(_, bad)| bad.then_some(Reason::FooterRun))
                .collect();
            let sketch = DocSketch { line_tokens, spans, ..DocSketch::default() };
            proptest::prop_assert_eq!(
                eligible(&sketch, &boilerplate),
                eligible_oracle(&sketch, &boilerplate)
            );
            // Some fingerprints matched, some anchors; lines removed as
            // boilerplate or for another reason.
            let mut sketch = sketch;
            for (k, print) in sketch.spans.iter_mut().enumerate() {
                if marks.get(k).is_some_and(|&(_, anchor)| anchor) {
                    *print = SpanPrint::new(print.token(), 0, 0, true);
                }
            }
            let matches: Vec<SpanMatch> = (0..sketch.spans.len() as u32)
                .filter(|&k| marks.get(k as usize).is_some_and(|&(matched, _)| matched))
                .map(|print| SpanMatch {
                    doc: DocId(1),
                    print,
                    first: SpanAt { doc: DocId(0), start: print, end: print + 1, line: 0 },
                })
                .collect();
            let verdicts: Verdicts = lines
                .iter()
                .enumerate()
                .map(|(l, &(_, removed))| match (removed, picks.get(l).copied().unwrap_or(false)) {
                    (true, true) => Some(Reason::FooterRun),
                    (true, false) => Some(Reason::DuplicateSpan {
                        first: SpanAt { doc: DocId(0), start: 0, end: 0, line: 0 },
                    }),
                    _ => None,
                })
                .collect();
            // Pass 2 hands a document's matches over in no particular order.
            let shuffled: Vec<SpanMatch> = matches.iter().rev().copied().collect();
            let (matched, ranges) = regions(DocId(1), &sketch, &shuffled, &verdicts);
            let found: Vec<Vec<(u32, SpanAt)>> =
                ranges.into_iter().map(|range| matched[range].to_vec()).collect();
            proptest::prop_assert_eq!(found, regions_oracle(&sketch, &matches, &verdicts));
        }
    }

    const PARAGRAPHS: [&str; 3] = [
        "坚持稳中求进工作总基调,全面深化改革开放,经济发展稳中向好,人民生活水平持续提高,社会大局保持稳定。",
        "一、加快拓展下沉市场",
        "推进国家生态产品价值实现机制试点,稳步推进清洁能源开发利用,深入开展生态环境保护综合执法。",
    ];

    #[test]
    fn a_flattened_copy_takes_the_short_heading_between_its_paragraphs() {
        let flat = PARAGRAPHS.concat();
        let result = decide(&[&[&flat, PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]]]);
        let (verdicts, sentences) = &result[0];
        assert_eq!(verdicts[0], None, "the first copy stays");
        for line in 1..=3 {
            assert!(
                matches!(verdicts[line], Some(Reason::DuplicateSpan { .. })),
                "line {line}: {verdicts:?}"
            );
        }
        assert!(sentences.is_empty());
    }

    #[test]
    fn a_flattened_copy_behind_the_title_takes_the_heading_that_opens_the_paragraphs() {
        // The flattened line opens with the title, so the heading after it
        // starts no unit there: no anchor of the first copy matches the
        // heading's line, and winnowing alone finds the repeat from a few
        // tokens into it, or not, as the hashes fall (it misses all but the
        // last of these headings).
        let title = "二〇二一年市政府工作报告全文";
        let first = "为保障人民群众生命财产安全,新建公租房一千二百套,改造老旧小区四十个。";
        let second = "(二)加快推进城市老旧管网改造";
        for heading in [
            "(一)加快公租房建设",
            "一、保障性住房建设",
            "(一)住房保障",
            "第一部分 住房",
            "(一)公租房建设",
        ] {
            let flat = format!("{title}{heading}{first}{second}{}", PARAGRAPHS[2]);
            let result = decide(&[&[title, &flat, heading, first, second, PARAGRAPHS[2]]]);
            let (verdicts, sentences) = &result[0];
            assert_eq!(&verdicts[..2], &[None, None], "the first copies stay");
            for line in 2..=5 {
                let Some(Reason::DuplicateSpan { first }) = verdicts[line] else {
                    panic!("{heading}: line {line}: {verdicts:?}")
                };
                assert_eq!((first.doc, first.line), (DocId(0), 1), "line {line}");
            }
            let Some(Reason::DuplicateSpan { first: cited }) = verdicts[2] else {
                unreachable!()
            };
            // The heading's first token, in the first copy: past the
            // title's line, the flattened title, and any bracket.
            let token = heading.find(|c: char| c.is_alphanumeric()).unwrap();
            let at = title.len() + 1 + flat.find(heading).unwrap() + token;
            assert_eq!(
                cited.start as usize, at,
                "{heading} cites its place in the first copy"
            );
            assert!(sentences.is_empty());
        }
    }

    proptest::proptest! {
        /// Lines made of a few phrases, some said more than once: each
        /// fingerprint that growing adds to a region of the document's own
        /// repeats stands on a k-gram whose tokens, read from the text,
        /// are those at its cited place, which lies before it and no
        /// earlier than the first copy of the region's first fingerprint;
        /// the region's own fingerprints stay, in order.
        #[test]
        fn grown_regions_add_only_true_repeats_of_earlier_text(
            picks in proptest::collection::vec(proptest::collection::vec(0usize..5, 1..4), 1..7),
        ) {
            const PHRASES: [&str; 5] = [
                "坚持稳中求进工作总基调全面深化改革开放",
                "经济发展稳中向好人民生活水平持续提高。",
                "推进国家生态产品价值实现机制试点",
                "一、加快拓展下沉市场",
                "Deepen reform and opening up, steadily.",
            ];
            let lines: Vec<String> = (picks.iter())
                .map(|line| line.iter().map(|&p| PHRASES[p]).collect())
                .collect();
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            let text: String = refs.iter().map(|l| format!("{l}\n")).collect();
            let spans = crate::segment::lines(&text);
            let sketch = sketch_lines(&refs);
            let matches = matches_of(std::slice::from_ref(&sketch)).of(DocId(0));
            let verdicts = vec![None; sketch.lines.len()];
            let (matched, ranges) = regions(DocId(0), &sketch, &matches, &verdicts);
            let mut folder = KeyFolder::default();
            let mut own = OwnText::new(&text, &spans, &mut folder);
            let tokens = fingerprint::tokens_of(&text, &spans, &mut KeyFolder::default());
            let word = |t: usize| {
                let (a, b) = tokens.bytes[t];
                text[a as usize..b as usize].to_lowercase()
            };
            let token_at = |byte: u32| tokens.bytes.iter().position(|b| b.0 == byte).unwrap();
            let mut last_start = 0;
            for range in ranges {
                let found = &matched[range];
                let Some(grown) = grown(DocId(0), &sketch, found, &mut own, last_start, &verdicts)
                else {
                    last_start = found[0].0;
                    continue;
                };
                let added = grown.len() - found.len();
                proptest::prop_assert!((1..=2).contains(&added));
                let at = grown.iter().position(|m| *m == found[0]).unwrap();
                proptest::prop_assert_eq!(&grown[at..at + found.len()], found);
                proptest::prop_assert!(grown.windows(2).all(|w| w[0].0 < w[1].0));
                let first_source = token_at(found[0].1.start);
                for &(token, cited) in grown.iter().filter(|m| !found.contains(m)) {
                    let (copy, source) = (token as usize, token_at(cited.start));
                    proptest::prop_assert!(source < copy);
                    proptest::prop_assert!(copy >= first_source.min(found[0].0 as usize));
                    for i in 0..K {
                        proptest::prop_assert_eq!(word(copy + i), word(source + i));
                    }
                    proptest::prop_assert_eq!(cited.end, tokens.bytes[source + K - 1].1);
                    proptest::prop_assert_eq!(cited.line, sketch.line_of_token(source as u32));
                }
                last_start = grown[0].0;
            }
        }
    }

    #[test]
    fn a_copy_in_another_document_goes_and_cites_the_first() {
        let a: &[&str] = &["Page A", &PARAGRAPHS.join("\n")];
        let b: &[&str] = &[
            "Page B",
            PARAGRAPHS[0],
            PARAGRAPHS[1],
            PARAGRAPHS[2],
            "这是第二页自己的内容,没有人在别处写过这一段文字。",
        ];
        let result = decide(&[a, b]);
        let (verdicts, _) = &result[1];
        assert_eq!(verdicts[0], None);
        let Some(Reason::DuplicateSpan { first }) = verdicts[2] else {
            panic!("{verdicts:?}")
        };
        assert_eq!(first.doc, DocId(0));
        assert_eq!(verdicts[4], None, "text of its own stays");
    }

    #[test]
    fn a_heading_another_page_shares_stays_over_a_paragraph_said_again() {
        // Page B says its first paragraph again after a heading that page
        // A has too; a promotion between them, removed as boilerplate,
        // takes no part, so the repeat of A's heading and the repeat of
        // B's own paragraph meet. They are two copies: the heading alone
        // is no copy of anything.
        let heading = "(三)下一步工作打算";
        let promotion = "【专题】学习贯彻全会精神 奋力推动高质量发展";
        let a: &[&str] = &["Page A", heading, PARAGRAPHS[0]];
        let b: &[&str] = &[PARAGRAPHS[2], heading, promotion, PARAGRAPHS[2]];
        let sketches = [sketch_lines(a), sketch_lines(b)];
        let mut boilerplate: Vec<Verdicts> =
            sketches.iter().map(|s| vec![None; s.lines.len()]).collect();
        boilerplate[1][2] = Some(Reason::Stub);
        let span_matches = matches_beside_boilerplate(&sketches, &boilerplate);
        let text: String = b.iter().map(|l| format!("{l}\n")).collect();
        let lines = crate::segment::lines(&text);
        let mut folder = KeyFolder::default();
        let mut verdicts = boilerplate[1].clone();
        verdicts[3] = Some(Reason::DuplicateBlock {
            first: crate::index::Occurrence {
                doc: DocId(1),
                line: 0,
            },
        });
        apply(
            DocId(1),
            &sketches[1],
            &mut OwnText::new(&text, &lines, &mut folder),
            &span_matches.of(DocId(1)),
            &DuplicateSettings::default(),
            80,
            &mut verdicts,
            &mut Vec::new(),
        );
        assert_eq!(verdicts[1], None, "{verdicts:?}");
    }

    #[test]
    fn a_short_phrase_shared_with_another_document_stays() {
        let result = decide(&[
            &["全面深化改革开放,这一段是第一篇文章自己的话。"],
            &["全面深化改革开放,第二篇文章接着说了完全不同的事情。"],
        ]);
        assert_eq!(result[1].0, vec![None]);
        assert!(result[1].1.is_empty());
    }

    #[test]
    fn a_run_of_short_items_that_pages_share_stays() {
        let items = [
            "Improve access to public services.",
            "Publish the results every quarter.",
            "Train all staff before the end of the year.",
        ];
        let result = decide(&[
            &[
                "First article on its own subject.",
                items[0],
                items[1],
                items[2],
            ],
            &[
                "Second article on another subject.",
                items[0],
                items[1],
                items[2],
            ],
        ]);
        assert_eq!(result[1].0, vec![None; 4]);
    }

    #[test]
    fn a_new_sentence_next_to_a_copied_one_stays() {
        let copied = "The numeric arguments are first converted to a common type, and the result of the operation is of that common type as well.";
        let own = "Nobody wrote this sentence before, and it must stay where it stands.";
        let result = decide(&[&[copied], &[&format!("{own} {copied}")]]);
        let (verdicts, sentences) = &result[1];
        assert_eq!(verdicts[0], None);
        assert_eq!(sentences.len(), 1, "{sentences:?}");
        assert_eq!((sentences[0].line, sentences[0].ordinal), (0, 1));
    }
}
