//! Per-document decisions: which lines go, under which rule, on what evidence.
//!
//! Rules run in a fixed order on a document's sketch and the global index,
//! and a line keeps the first reason that removes it:
//!
//! 1. [`rules::duplicate_document`]: the whole document was seen before;
//!    [`rules::near_duplicate`]: nearly all of it was, in the document its
//!    cluster of near-duplicates keeps (its paragraphs that one lacks stay).
//! 2. [`rules::boilerplate_frequency`]: the line is template text of its group.
//! 3. [`rules::footer_run`]: short lines among template lines after the body.
//! 4. [`rules::running_head`]: page numbers of a text extracted from
//!    printed pages, and the running heads beside them;
//!    [`rules::table_of_contents`]: a page's table of contents.
//! 5. [`rules::page_pattern`]: lines the single-page rule [`pack`] knows
//!    (navigation, metadata, share bars, footers), where they may stand;
//!    [`rules::menu_column`]: a menu set one link a line.
//! 6. [`rules::stub`]: a stub between removed lines outside the body.
//! 7. [`rules::duplicate_block`]: the line's text was kept earlier.
//! 8. [`rules::duplicate_sentence`]: a sentence's text was kept earlier.
//! 9. [`rules::duplicate_span`]: lines and sentences covered by a span that
//!    repeats an earlier one, whatever its boundaries.
//! 10. [`rules::duplicate_residue`]: what is left of a document that is
//!     mostly a copy.
//!
//! Pass 2 then reads the kept lines' text ([`pieces`]):
//! [`rules::line_marker`] and [`rules::repeated_clause`] cut markers and
//! repeated clauses out of them, [`rules::repeated_head`] the head of a
//! line that is the page's title (a title at the head of a flattened
//! copy), and [`rules::summary_label`] takes the label of a
//! summary the body says again.
//!
//! Boilerplate is removed from every document that carries it, the first
//! included; duplicates keep their first occurrence. Everything here is pure:
//! no I/O, no shared state, so documents are decided in any order.

pub mod pack;
pub mod removal;
pub mod rules;

use serde::Serialize;

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::{
    GroupTable, Index, KeyStats, NearDuplicate, Occurrence, SentenceAt, SpanAt, SpanMatch,
};
use crate::normalize::key::KeyFolder;
use crate::settings::Settings;
pub use rules::duplicate_span::OwnText;

/// Why a line is removed, with the evidence the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The document's whole text equals that of an earlier document.
    DuplicateDocument { of: DocId },
    /// The document's content is nearly that of the document kept of its
    /// cluster of near-duplicates.
    NearDuplicate { of: NearDuplicate },
    /// The line is frequent in its group and stands outside the body.
    Boilerplate { stats: KeyStats, group_docs: u32 },
    /// The line is frequent in its group and stands inside bodies as a
    /// sentence inserted between paragraphs.
    Inserted { stats: KeyStats, group_docs: u32 },
    /// A short line between template lines after the last body line.
    FooterRun,
    /// The line matches a rule of the single-page pack where it stands.
    PagePattern { pattern: pack::PatternId },
    /// A stub between removed lines outside the body.
    Stub,
    /// One of the `pages` page numbers of a text extracted from printed
    /// pages, the first of them at line `first` (0-based).
    PageNumber { first: u32, pages: u32 },
    /// A running head repeated beside the page numbers of a text
    /// extracted from printed pages, first kept at line `first` (0-based).
    RunningHead { first: u32 },
    /// A line of a column of short lines outside the body: a menu laid
    /// out one link a line.
    MenuColumn,
    /// A line of the site's masthead: its name or motto, above the site's
    /// navigation at the head of the page.
    Masthead,
    /// A light line of the header said again as a line of the footer, or
    /// that line of the footer (`other` is the line, 0-based, of the
    /// other copy): the site's or the writer's name, over the title and
    /// again under the text.
    EchoedName { other: u32 },
    /// One of a column of tags, a lowercase word a line, over a line
    /// taken as the site's.
    Tag,
    /// An entry of the page's table of contents (its title stands again
    /// below as a section's heading), or the table's label.
    ContentsEntry,
    /// The label of the summary at line `summary` (0-based), which the
    /// document's body says again below it.
    SummaryLabel { summary: u32 },
    /// A page title that ends in the site's name (`stats` counts the
    /// documents of the group whose titles end in it) and stands again as a
    /// line of the document.
    SiteTitle { stats: KeyStats, group_docs: u32 },
    /// A page title with a suffix that no title of the group shares, whose
    /// own title stands again alone at line `heading` (0-based): the
    /// HTML `<title>` over the page's heading.
    TitleHeading { heading: u32 },
    /// The same text was kept at an earlier place.
    DuplicateBlock { first: Occurrence },
    /// The same sentence was kept at an earlier place.
    DuplicateSentence { first: SentenceAt },
    /// A span of text that repeats an earlier one covers it.
    DuplicateSpan { first: SpanAt },
    /// The rest of a document whose body was removed as a copy.
    DuplicateResidue { copied_from: DocId },
    /// A clause or a sentence that repeats the one just before it on the
    /// same line.
    RepeatedClause { line: u32 },
}

/// Identifiers of the rules, as the report and `--disable-rule` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    DuplicateDocument,
    NearDuplicate,
    BoilerplateFrequency,
    BoilerplateFooterRun,
    BoilerplatePattern,
    BoilerplateStub,
    BoilerplateRunningHead,
    BoilerplateMenuColumn,
    BoilerplateSummaryLabel,
    BoilerplateSiteTitle,
    BoilerplateInserted,
    DuplicateBlock,
    DuplicateSentence,
    DuplicateSpan,
    DuplicateResidue,
    RepeatedClause,
}

impl RuleId {
    pub const ALL: [RuleId; 16] = [
        RuleId::DuplicateDocument,
        RuleId::NearDuplicate,
        RuleId::BoilerplateFrequency,
        RuleId::BoilerplateFooterRun,
        RuleId::BoilerplatePattern,
        RuleId::BoilerplateStub,
        RuleId::BoilerplateRunningHead,
        RuleId::BoilerplateMenuColumn,
        RuleId::BoilerplateSummaryLabel,
        RuleId::BoilerplateSiteTitle,
        RuleId::BoilerplateInserted,
        RuleId::DuplicateBlock,
        RuleId::DuplicateSentence,
        RuleId::DuplicateSpan,
        RuleId::DuplicateResidue,
        RuleId::RepeatedClause,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::DuplicateDocument => "duplicate-document",
            RuleId::NearDuplicate => "near-duplicate",
            RuleId::BoilerplateFrequency => "boilerplate-frequency",
            RuleId::BoilerplateFooterRun => "boilerplate-footer-run",
            RuleId::BoilerplatePattern => "boilerplate-pattern",
            RuleId::BoilerplateStub => "boilerplate-stub",
            RuleId::BoilerplateRunningHead => "boilerplate-running-head",
            RuleId::BoilerplateMenuColumn => "boilerplate-menu-column",
            RuleId::BoilerplateSummaryLabel => "boilerplate-summary-label",
            RuleId::BoilerplateSiteTitle => "boilerplate-site-title",
            RuleId::BoilerplateInserted => "boilerplate-inserted",
            RuleId::DuplicateBlock => "duplicate-block",
            RuleId::DuplicateSentence => "duplicate-sentence",
            RuleId::DuplicateSpan => "duplicate-span",
            RuleId::DuplicateResidue => "duplicate-residue",
            RuleId::RepeatedClause => "repeated-clause",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            RuleId::DuplicateDocument => {
                "the whole document repeats an earlier one (first in path order kept)"
            }
            RuleId::NearDuplicate => {
                "the document's content is nearly another's (MinHash estimate of Jaccard similarity at least --near-dup-threshold; --keep chooses the copy kept)"
            }
            RuleId::BoilerplateFrequency => {
                "a line found in many documents of its group, outside their body"
            }
            RuleId::BoilerplateFooterRun => {
                "short lines standing between template lines after the body"
            }
            RuleId::BoilerplatePattern => {
                "a line a rule of the single-page pack recognises, where the rule lets it stand (every pack rule below)"
            }
            RuleId::BoilerplateStub => {
                "a stub ('0', a bullet) between removed lines outside the body"
            }
            RuleId::BoilerplateRunningHead => {
                "in a text extracted from printed pages, the pages' numbers ('- 3 -', 'Page 3 of 12', '第3页': three or more, each after a page of text) and the running heads that stand beside them (first copy kept)"
            }
            RuleId::BoilerplateMenuColumn => {
                "outside the body, a run of four or more short lines that do not end as sentences: a menu laid out one link a line; at the head of the page, the site's name and motto above its navigation; anywhere, a table of contents: numbered lines whose titles stand again below as headings"
            }
            RuleId::BoilerplateSummaryLabel => {
                "the label of a summary that opens the article ('Summary:', '【内容摘要】'), when the body says at least half of the summary again"
            }
            RuleId::BoilerplateSiteTitle => {
                "a page title at the head of a document that ends in the site's name (found after ' - ', ' | ', '_' in many titles of its group) and stands again as a line below; on a page whose title's suffix no other title of its group shares, a title whose heaviest part before its last separator stands again alone as a line below (the HTML title over the page's heading)"
            }
            RuleId::BoilerplateInserted => {
                "a line found in many documents of its group that stands inside their body as a lone sentence between two lines of body text (in at least --bp-min-inserted-share of them): an ad or a prompt inserted into articles"
            }
            RuleId::DuplicateBlock => "a line whose text was kept earlier (first occurrence kept)",
            RuleId::DuplicateSentence => "a sentence whose text was kept earlier, inside a line or across lines (first occurrence kept)",
            RuleId::DuplicateSpan => "lines and sentences covered by a span that repeats an earlier one, across line and sentence boundaries (first occurrence kept)",
            RuleId::DuplicateResidue => {
                "short lines left of a document whose body was removed as a copy"
            }
            RuleId::RepeatedClause => {
                "a sentence said twice or more in a row inside a kept line, or a clause said three times or more in a row inside a kept sentence (first kept)"
            }
        }
    }
}

impl Reason {
    /// Removed as template text (by a rule that runs before the duplicate
    /// rules), not as a copy.
    pub fn is_boilerplate(&self) -> bool {
        matches!(
            self,
            Reason::Boilerplate { .. }
                | Reason::Inserted { .. }
                | Reason::FooterRun
                | Reason::PagePattern { .. }
                | Reason::Stub
                | Reason::PageNumber { .. }
                | Reason::RunningHead { .. }
                | Reason::MenuColumn
                | Reason::Masthead
                | Reason::EchoedName { .. }
                | Reason::Tag
                | Reason::ContentsEntry
                | Reason::SummaryLabel { .. }
                | Reason::SiteTitle { .. }
                | Reason::TitleHeading { .. }
        )
    }

    /// The line of document `doc` this removal repeats, if it repeats
    /// one of that document.
    pub fn first_line_in(&self, doc: DocId) -> Option<u32> {
        let (first_doc, line) = match *self {
            Reason::DuplicateBlock { first } => (first.doc, first.line),
            Reason::DuplicateSentence { first } => (first.doc, first.line),
            Reason::DuplicateSpan { first } => (first.doc, first.line),
            _ => return None,
        };
        (first_doc == doc).then_some(line)
    }

    pub fn rule(&self) -> RuleId {
        match self {
            Reason::DuplicateDocument { .. } => RuleId::DuplicateDocument,
            Reason::NearDuplicate { .. } => RuleId::NearDuplicate,
            Reason::Boilerplate { .. } => RuleId::BoilerplateFrequency,
            Reason::Inserted { .. } => RuleId::BoilerplateInserted,
            Reason::FooterRun => RuleId::BoilerplateFooterRun,
            Reason::PagePattern { .. } => RuleId::BoilerplatePattern,
            Reason::Stub => RuleId::BoilerplateStub,
            Reason::PageNumber { .. } | Reason::RunningHead { .. } => {
                RuleId::BoilerplateRunningHead
            }
            Reason::MenuColumn
            | Reason::Masthead
            | Reason::EchoedName { .. }
            | Reason::Tag
            | Reason::ContentsEntry => RuleId::BoilerplateMenuColumn,
            Reason::SummaryLabel { .. } => RuleId::BoilerplateSummaryLabel,
            Reason::SiteTitle { .. } | Reason::TitleHeading { .. } => RuleId::BoilerplateSiteTitle,
            Reason::DuplicateBlock { .. } => RuleId::DuplicateBlock,
            Reason::DuplicateSentence { .. } => RuleId::DuplicateSentence,
            Reason::DuplicateSpan { .. } => RuleId::DuplicateSpan,
            Reason::DuplicateResidue { .. } => RuleId::DuplicateResidue,
            Reason::RepeatedClause { .. } => RuleId::RepeatedClause,
        }
    }
}

/// One verdict per line: `None` keeps it. Blank lines are left `None` here;
/// the report attaches them to the neighbouring removal.
pub type Verdicts = Vec<Option<Reason>>;

/// A sentence removed from a line that is otherwise kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRemoval {
    pub line: u32,
    /// Position in the line, in [`crate::segment::sentences`] order.
    pub ordinal: u32,
    pub reason: Reason,
}

/// Everything decided about one document.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub lines: Verdicts,
    /// In text order; never inside a line that `lines` removes.
    pub sentences: Vec<SentenceRemoval>,
    /// Pieces of kept lines smaller than a sentence (a repeated clause, a
    /// marker at the head of a paragraph), by line, then position.
    pub pieces: Vec<PieceRemoval>,
}

/// A piece of a line that is otherwise kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceRemoval {
    pub line: u32,
    /// Bytes of the canonical text, inside the line.
    pub span: crate::segment::Span,
    pub reason: Reason,
}

/// Verdicts of the boilerplate rules alone (what the duplicate index needs to
/// know: a line removed as boilerplate never counts as a kept first copy).
pub fn boilerplate(sketch: &DocSketch, table: &GroupTable, settings: &Settings) -> Verdicts {
    let mut verdicts = vec![None; sketch.lines.len()];
    let bp = &settings.boilerplate;
    if bp.enabled {
        rules::boilerplate_frequency::apply(sketch, table, bp, &mut verdicts);
        if bp.site_titles {
            rules::site_title::apply(sketch, table, bp, &mut verdicts);
        }
    }
    if bp.inserted {
        rules::boilerplate_inserted::apply(sketch, table, bp, &mut verdicts);
    }
    if bp.running_heads {
        rules::running_head::apply(sketch, &settings.pack, bp.anchor_min_weight, &mut verdicts);
    }
    if bp.menu_columns && sketch.lines.iter().any(|l| l.lists_a_heading) {
        rules::table_of_contents::apply(sketch, &settings.pack, &mut verdicts);
    }
    // Where each line stands, worked out once for the two rules that need it.
    let mut layout = None;
    let mut places = || rules::page_pattern::places(sketch, table, bp, &settings.pack);
    if bp.patterns && sketch.lines.iter().any(|l| l.pattern != 0) {
        let (places, has_body) = layout.get_or_insert_with(&mut places);
        rules::page_pattern::apply(sketch, &settings.pack, places, *has_body, &mut verdicts);
    }
    if bp.enabled && bp.footer_runs {
        let (places, _) = layout.get_or_insert_with(&mut places);
        rules::footer_run::apply(sketch, table, bp, places, &mut verdicts);
    }
    if bp.menu_columns {
        let (places, has_body) = layout.get_or_insert_with(&mut places);
        rules::menu_column::apply(sketch, &settings.pack, places, *has_body, &mut verdicts);
        // The columns after the body bound runs of footer lines too.
        if bp.enabled
            && bp.footer_runs
            && verdicts
                .iter()
                .any(|v| matches!(v, Some(Reason::MenuColumn)))
        {
            rules::footer_run::apply(sketch, table, bp, places, &mut verdicts);
        }
    }
    if bp.patterns {
        rules::page_pattern::give_back_headings(sketch, &settings.pack, &mut verdicts);
    }
    if bp.stubs && verdicts.iter().any(Option::is_some) {
        let (places, _) = layout.get_or_insert_with(&mut places);
        rules::stub::apply(sketch, places, &mut verdicts);
    }
    verdicts
}

/// Lines of a document that may serve as the first kept copy of their text.
pub fn duplicate_candidates(
    sketch: &DocSketch,
    verdicts: &Verdicts,
    settings: &Settings,
) -> Vec<(u64, u32)> {
    rules::duplicate_block::candidates(sketch, verdicts, &settings.duplicates)
}

/// Verdicts of every rule that runs before sentences are compared: what
/// the sentence index needs to know.
pub fn lines_before_sentences(
    doc: DocId,
    group_table: &GroupTable,
    sketch: &DocSketch,
    index: &Index,
    settings: &Settings,
) -> Verdicts {
    if let Some(verdicts) =
        rules::duplicate_document::apply(doc, sketch, index, &settings.duplicates)
    {
        return verdicts;
    }
    if let Some(mut verdicts) =
        rules::near_duplicate::apply(doc, sketch, index, &settings.duplicates)
    {
        // The lines the kept copy lacks are weighed as any kept line is.
        rules::duplicate_block::apply(doc, sketch, index, &settings.duplicates, &mut verdicts);
        return verdicts;
    }
    let mut verdicts = boilerplate(sketch, group_table, settings);
    rules::duplicate_block::apply(doc, sketch, index, &settings.duplicates, &mut verdicts);
    verdicts
}

/// The runs of a document's span fingerprints outside boilerplate lines,
/// given its boilerplate verdicts: what span matching and MinHash
/// signatures read.
pub fn span_candidates(sketch: &DocSketch, boilerplate: &Verdicts) -> Vec<std::ops::Range<u32>> {
    rules::duplicate_span::eligible(sketch, boilerplate)
}

/// Sentences of a document that may serve as the first kept copy.
pub fn sentence_candidates(
    sketch: &DocSketch,
    verdicts: &Verdicts,
    settings: &Settings,
) -> Vec<(u64, u32, u32)> {
    rules::duplicate_sentence::candidates(sketch, verdicts, &settings.duplicates)
}

/// The rules that cut pieces out of kept lines (markers at their ends,
/// repeated clauses and sentences, a page's title at the head of a
/// flattened copy) or take a summary's label: they read the text itself,
/// so pass 2 runs them on `decision` once it has the canonical text back.
/// Lines already removed, a whole copy's included, are left alone.
pub fn pieces(
    doc: DocId,
    text: &str,
    lines: &[crate::segment::Span],
    sketch: &DocSketch,
    settings: &Settings,
    decision: &mut Decision,
    folder: &mut KeyFolder,
) {
    let bp = &settings.boilerplate;
    if bp.patterns {
        let (pack, anchor) = (&settings.pack, bp.anchor_min_weight);
        rules::line_marker::apply(text, lines, sketch, decision, folder, pack, anchor);
    }
    if settings.duplicates.clauses {
        rules::repeated_clause::apply(text, lines, sketch, decision, folder);
    }
    if settings.duplicates.spans {
        rules::repeated_head::apply(doc, text, lines, sketch, decision);
    }
    if bp.summary_labels {
        let (min_summary, anchor) = (settings.duplicates.block_min_weight, bp.anchor_min_weight);
        rules::summary_label::apply(text, lines, sketch, decision, folder, min_summary, anchor);
    }
    decision.pieces.sort_by_key(|p| (p.line, p.span.start));
}

/// Everything decided for one document, whose canonical text and lines
/// `own` holds.
pub fn decide(
    doc: DocId,
    group_table: &GroupTable,
    sketch: &DocSketch,
    own: &mut OwnText,
    index: &Index,
    span_matches: &[SpanMatch],
    settings: &Settings,
) -> Decision {
    let mut verdicts = lines_before_sentences(doc, group_table, sketch, index, settings);
    let whole_copy = index.is_whole_copy(doc);
    if whole_copy {
        return Decision {
            lines: verdicts,
            ..Decision::default()
        };
    }
    let title = rules::duplicate_sentence::first_text_line(sketch, &verdicts);
    let mut sentences = rules::duplicate_sentence::apply(
        doc,
        sketch,
        index,
        &settings.duplicates,
        settings.boilerplate.anchor_min_weight,
        &mut verdicts,
    );
    rules::duplicate_span::apply(
        doc,
        sketch,
        own,
        span_matches,
        &settings.duplicates,
        settings.boilerplate.anchor_min_weight,
        &mut verdicts,
        &mut sentences,
    );
    rules::duplicate_sentence::spare_series_title(sketch, title, &verdicts, &mut sentences);
    rules::duplicate_sentence::spare_lone_repeats(doc, sketch, &verdicts, &mut sentences);
    if settings.duplicates.residue
        && rules::duplicate_residue::apply(
            doc,
            sketch,
            settings.boilerplate.anchor_min_weight,
            &sentences,
            &mut verdicts,
        )
    {
        sentences.retain(|s| verdicts[s.line as usize].is_none());
    }
    Decision {
        lines: verdicts,
        sentences,
        pieces: Vec::new(),
    }
}
