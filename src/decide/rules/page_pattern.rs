//! `boilerplate-pattern`: lines the single-page rule pack recognises, where
//! its rule lets them stand.
//!
//! Each line was matched against the pack when its document was sketched
//! ([`crate::decide::pack`]); here the rule's zone is checked against the
//! document's body, the run from its first anchor (a heavy line that is not
//! template) to its last. Header rules apply before the body, footer rules
//! after it; only rules for lines that cannot be content (a lone
//! continuation marker) apply inside it. A `rest` rule in the footer takes
//! every line after its own too (a disclaimer and what follows it); such a
//! notice is never an anchor, however heavy, so one that ends the page
//! stands in the footer. A list header ('Related articles')
//! followed by nothing but lines that do not end as sentences: the titles
//! it lists, long enough to pass for body text, do not make it body. At
//! the other end, a page title long enough to be the first anchor does not
//! make the byline and breadcrumb after it body either: header and edge
//! rules apply up to the first line that ends as a sentence. Where the
//! body's only anchor is an article's summary, the short paragraphs after
//! its byline are body too, and so are short last paragraphs past the
//! label of an advertisement or a 'Read more:' link, and a signature and
//! its date right after the text ('国务院办公厅', '2024年5月17日'), with a
//! clerk under the date who signs as the judge above it ('书记员 陈某').
//! Inside the body, a line a header or edge rule matches goes when it
//! does not end as a sentence (or is as light as a menu's item: 'Lecture
//! 3 min.') and the
//! nearest line with text above or below it is such a line too, or one
//! that a rule of lines that are never content took (a review's dateline
//! under '19 people found this helpful. Was it helpful to you?'), or, for
//! a date or an account ('@rdiaz@hachyderm.io'), a line of a person's
//! name alone ('Ayşe K.' over '12 Ocak 2024', a review's head; 'Ramón
//! Díaz' over his account, a post's head), which goes with it: a byline,
//! a date line and a share bar between an article's summary (heavy enough
//! to be body text) and its first paragraph are a block of the page's
//! furniture, where one such line alone ('Comments',
//! the heading of a tutorial's section) may be content. A date line with
//! digits is no heading: it goes alone (a comment's head between two
//! comments), but for the date of a signature that closes the text. A
//! list header of
//! a `rest` rule inside the body, with a few titles under it and the
//! article's sentences after them, is a box of links set into the article
//! ('Mehr zum Thema' and a headline): the header and its titles go, and
//! the article after them stays.

use crate::decide::pack::{PatternId, RulePack, Zone};
use crate::fingerprint::DocSketch;
use crate::index::{body_bounds, is_body_text, GroupTable};
use crate::normalize::key::LineKey;
use crate::settings::BoilerplateSettings;

use super::super::{Reason, Verdicts};
use super::menu_column;

/// Where a line stands relative to the body of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Header,
    Body,
    Footer,
}

/// The place of every line, and whether the document has a body. Where no
/// line is heavy enough to be an anchor, a page's short prose is its body
/// (`short_prose_bounds`), up to a related list with readers' comments
/// under it, as among anchors (`article_end`); where some are, the short paragraphs after the
/// last of them are body too (`past_short_paragraphs`). A document
/// without either has no body: all of it is header and footer at once,
/// reported as header; footer rules apply to it too. A notice of a `rest`
/// rule (a disclaimer, a licence) is no anchor, however heavy: one that
/// ends the page leaves the body at the last anchor before it, so that the
/// lines between (a category list, an edit date) are footer too. Nor does
/// a teaser cut short by an ellipsis end the body (`before_teasers`).
pub fn places(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    pack: &RulePack,
) -> (Vec<Place>, bool) {
    let enclosed = enclosed_runs(sketch, pack);
    let never_anchor = |line: usize| {
        let key = &sketch.lines[line];
        enclosed.iter().any(|run| run.holds(line))
            || (key.pattern != 0 && {
                let rule = pack.rule(key.pattern);
                rule.rest || rule.zone == Zone::Footer
            })
            || table.frequent(key.template, settings).is_some()
    };
    let bounds = match body_bounds(sketch, settings.anchor_min_weight, never_anchor) {
        Some((first, last)) => {
            let is_anchor =
                |line: usize| is_body_text(sketch, line, settings.anchor_min_weight, never_anchor);
            let last = article_end(sketch, pack, first, last, is_anchor);
            let last = before_teasers(sketch, first, last, is_anchor);
            let min_paragraph = settings.anchor_min_weight / 2;
            let last = past_short_paragraphs(sketch, pack, last, min_paragraph, never_anchor);
            let last = if first == last {
                past_byline(sketch, last, min_paragraph, never_anchor)
            } else {
                last
            };
            Some((first, past_signature(sketch, pack, last)))
        }
        None => {
            let min_weight = settings.anchor_min_weight / 2;
            short_prose_bounds(sketch, min_weight, never_anchor).map(|(first, last)| {
                let is_prose = |line: usize| is_short_prose(sketch, line, min_weight, never_anchor);
                (first, article_end(sketch, pack, first, last, is_prose))
            })
        }
    };
    match bounds {
        Some((first, last)) => (
            (0..sketch.lines.len())
                .map(|i| {
                    if i < first {
                        Place::Header
                    } else if i > last {
                        Place::Footer
                    } else {
                        Place::Body
                    }
                })
                .collect(),
            true,
        ),
        None => (vec![Place::Header; sketch.lines.len()], false),
    }
}

/// The fewest sentences of short prose that make a body.
const MIN_SHORT_PROSE_SENTENCES: usize = 2;

/// The first and last lines of a page's short prose, where no line is
/// heavy enough to be body text: lines of at least `min_weight` that end
/// as sentences and that no rule of the pack took, at least
/// [`MIN_SHORT_PROSE_SENTENCES`] of them (a forum post of two or three
/// sentences, a short answer, a recipe's steps), the last no teaser cut
/// short. A poem's verses and a list are lighter, or do not end as
/// sentences; a blog's notice of its rights is no prose of it.
fn short_prose_bounds(
    sketch: &DocSketch,
    min_weight: u32,
    never_anchor: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let is_prose = |&line: &usize| is_short_prose(sketch, line, min_weight, &never_anchor);
    let last = (0..sketch.lines.len())
        .rev()
        .find(|line| is_prose(line) && !sketch.lines[*line].trails_off)?;
    let first = (0..=last).find(is_prose)?;
    let sentences = (first..=last).filter(is_prose).count();
    (sentences >= MIN_SHORT_PROSE_SENTENCES).then_some((first, last))
}

/// Whether `line` is a sentence of short prose: a line of at least
/// `min_weight` that ends as a sentence and that no rule of the pack took.
fn is_short_prose(
    sketch: &DocSketch,
    line: usize,
    min_weight: u32,
    never_anchor: impl Fn(usize) -> bool,
) -> bool {
    let key = &sketch.lines[line];
    key.ends_sentence && key.weight >= min_weight && key.pattern == 0 && !never_anchor(line)
}

/// The body's last anchor, moved back from `last` past the anchors that
/// trail off ([`LineKey::trails_off`]) to the one before them, where
/// there is one from `first` on: a teaser cut short under a related
/// post's title is no line of the article, and with it as the body's last
/// line, the links and buttons above it would stand in the body.
fn before_teasers(
    sketch: &DocSketch,
    first: usize,
    last: usize,
    is_anchor: impl Fn(usize) -> bool,
) -> usize {
    let mut end = last;
    while sketch.lines[end].trails_off {
        match (first..end).rev().find(|&line| is_anchor(line)) {
            Some(anchor) => end = anchor,
            None => break,
        }
    }
    end
}

/// Where the article ends among the body's anchors `first..=last`: at the
/// last anchor above the first line of a `rest` rule inside the body
/// ('Related articles', 'You might also like', 'About the author') that
/// has a line of another kind the pack matches (a date, 'Reply'; not a
/// second list header: '附件:' set twice inside an article is no end, nor
/// a line that stands anywhere: an advertisement's label between two
/// paragraphs), or more lines with text than a box of links holds
/// ([`MAX_BOX_ENTRIES`]: a drug's page's 'More about ibuprofen' over a
/// dozen links, then the site's disclaimer), between it and the next
/// anchor, and after which the body text weighs at
/// most half of what stands before it. A reader's comment or another article's teaser below
/// a related list is heavy enough to be body text, and would keep the
/// share buttons, ratings and lists between it and the article in the
/// body; the list's header says where the article stopped, and the dates
/// and buttons after it that comments and teasers follow. A box of links
/// set inside the article ('Mehr zum Thema' and a headline, then the
/// article again) has none of them, and a header the article goes on after
/// at length is not its end either.
fn article_end(
    sketch: &DocSketch,
    pack: &RulePack,
    first: usize,
    last: usize,
    is_anchor: impl Fn(usize) -> bool,
) -> usize {
    let anchor_weight = |line: usize| {
        if is_anchor(line) {
            u64::from(sketch.lines[line].weight)
        } else {
            0
        }
    };
    // A line the pack matches: a list header (a `rest` rule's), or a line
    // of another kind, such as the date or the button that comments and
    // teasers come with.
    let pack_rest = |line: usize| {
        let key = &sketch.lines[line];
        (key.pattern != 0 && !key.enumerated).then(|| pack.rule(key.pattern).rest)
    };
    let mut after: u64 = (first..=last).map(anchor_weight).sum();
    let mut before = 0;
    let mut last_anchor_before = first;
    for line in first..last {
        let weight = anchor_weight(line);
        before += weight;
        after -= weight;
        if weight > 0 {
            last_anchor_before = line;
            continue;
        }
        if pack_rest(line) != Some(true) || after * 2 > before {
            continue;
        }
        let next_anchor = (line + 1..=last)
            .find(|&l| anchor_weight(l) > 0)
            .unwrap_or(last);
        let comes_with_comments =
            |l: usize| pack_rest(l) == Some(false) && !stands_anywhere(pack, &sketch.lines[l]);
        // Titles, not the headers of the boxes: 'Read More' and 'Related
        // Articles' over each of two boxes set one after the other.
        let lines_with_text = (line + 1..next_anchor)
            .filter(|&l| sketch.lines[l].weight > 0 && pack_rest(l) != Some(true))
            .count();
        if (line + 1..next_anchor).any(comes_with_comments) || lines_with_text > MAX_BOX_ENTRIES {
            return last_anchor_before;
        }
    }
    last
}

/// The body's last line `last`, moved past the article's short last
/// paragraphs: lines lighter than body text that end as sentences (of at
/// least `min_weight`, matched by no rule of the pack, not frequent in
/// the group) right after the body, or after a box of links set inside
/// the article ([`inline_box`]) whose titles weigh more than a menu's
/// items, or after lines of rules that stand anywhere in a page (an
/// advertisement's label, a picture's credit, 'Read more: …'). A Chinese
/// or Arabic article's paragraphs are often lighter than
/// body text, and the one after a box ('延伸閱讀' and a headline) would
/// otherwise stand in the footer, where the box's header takes the rest
/// of the page. A list of comments under its header is no box: a name is
/// as light as a menu's item, and a date or a button (a rule's line)
/// comes with each.
fn past_short_paragraphs(
    sketch: &DocSketch,
    pack: &RulePack,
    last: usize,
    min_weight: u32,
    never_anchor: impl Fn(usize) -> bool,
) -> usize {
    let lines = &sketch.lines;
    let is_paragraph = |line: usize| is_short_paragraph(lines, line, min_weight, &never_anchor);
    let mut end = last;
    let mut at = last + 1;
    while at < lines.len() {
        let key = &lines[at];
        if key.weight == 0 {
            at += 1;
            continue;
        }
        if is_paragraph(at) {
            end = at;
            at += 1;
            continue;
        }
        if stands_anywhere(pack, key) {
            // An advertisement's label, a picture's credit, a 'Read more:'
            // link: set between paragraphs, they do not end the article.
            at += 1;
            continue;
        }
        let titles_of_a_box = |box_end: usize| {
            (at + 1..=box_end)
                .all(|l| lines[l].weight == 0 || lines[l].weight > menu_column::MAX_ITEM_WEIGHT)
        };
        let box_end = (key.pattern != 0 && pack.rule(key.pattern).rest)
            .then(|| inline_box(pack, lines, at))
            .flatten()
            .filter(|&box_end| titles_of_a_box(box_end));
        let Some(box_end) = box_end else {
            break;
        };
        let next = (box_end + 1..lines.len()).find(|&l| lines[l].weight > 0);
        if !next.is_some_and(is_paragraph) {
            break;
        }
        at = box_end + 1;
    }
    end
}

/// The heaviest line that signs a text: an office's or a person's name.
const MAX_SIGNATURE_WEIGHT: u32 = 30;
/// The most lines that sign a text under its date: a court's clerks
/// ('书记员 陈某').
const MAX_SIGNERS_UNDER_THE_DATE: usize = 2;

/// The signature that closes a text whose last line is `last`: the date
/// line and the block's last line.
struct Signature {
    date: usize,
    end: usize,
}

/// The signature that closes a letter, a notice, an official document or
/// a judgment right after its text, if one does: a light line no rule
/// took that is no sentence and holds no digits (`国务院办公厅`, `Jane
/// Smith`, a court's judge), then a date line (`2024年5月17日`,
/// `二〇二四年四月十八日`), then a note in brackets under it, if any
/// (`（此件公开发布）`), and up to [`MAX_SIGNERS_UNDER_THE_DATE`] lines that
/// sign as the one above it does, as heavy as it is (a court's clerk,
/// `书记员 陈某` under the judge who signs `审判员 王某`). Such a block after the
/// body is the text's own close, where a name alone would pass for a
/// menu's item and the date for the page's dateline.
fn signature(sketch: &DocSketch, pack: &RulePack, last: usize) -> Option<Signature> {
    let lines = &sketch.lines;
    let signs = |line: usize| {
        let key = &lines[line];
        key.pattern == 0
            && key.weight <= MAX_SIGNATURE_WEIGHT
            && !key.ends_sentence
            && !key.holds_digits
    };
    let mut text_lines = (last + 1..lines.len())
        .filter(|&line| lines[line].weight > 0)
        .peekable();
    let signer = text_lines.next_if(|&line| signs(line))?;
    let date = text_lines.next()?;
    let dated = lines[date].pattern != 0
        && lines[date].holds_digits
        && pack.rule(lines[date].pattern).reads_dates();
    if !dated {
        return None;
    }
    let mut end = date;
    // A note set apart under the date ('（此件公开发布）') closes it too.
    if let Some(note) =
        text_lines.next_if(|&note| lines[note].bracketed && lines[note].pattern == 0)
    {
        end = note;
    }
    let signs_as_above = |line: &usize| signs(*line) && lines[*line].weight == lines[signer].weight;
    for _ in 0..MAX_SIGNERS_UNDER_THE_DATE {
        match text_lines.next_if(signs_as_above) {
            Some(line) => end = line,
            None => break,
        }
    }
    Some(Signature { date, end })
}

/// The body's last line `last`, moved past the [`signature`] that closes
/// the text after it, if one does.
fn past_signature(sketch: &DocSketch, pack: &RulePack, last: usize) -> usize {
    signature(sketch, pack, last).map_or(last, |signature| signature.end)
}

/// Whether line `i` is the date of a [`signature`] after the text, a date
/// without a time of day, with no more of the body after the signature
/// than notes in brackets: it closes the text, whatever stands under it
/// ('【打印本页】【关闭窗口】'), where a byline and its date under an
/// article's summary go.
fn closes_the_text(sketch: &DocSketch, pack: &RulePack, places: &[Place], i: usize) -> bool {
    let text = |line: &usize| sketch.lines[*line].weight > 0;
    if sketch.lines[i].holds_time {
        return false;
    }
    // The text's last line stands over the signer.
    let Some(end) = (0..i)
        .rev()
        .filter(text)
        .nth(1)
        .and_then(|text_end| signature(sketch, pack, text_end))
        .filter(|signature| signature.date == i)
        .map(|signature| signature.end)
    else {
        return false;
    };
    (end + 1..places.len())
        .filter(|&j| places[j] == Place::Body && text(&j))
        .all(|j| sketch.lines[j].bracketed)
}

/// The last of the short paragraphs after a lone anchor `anchor`, if at
/// least [`MIN_SHORT_PROSE_SENTENCES`] stand after it: lines that end as
/// sentences, of at least `min_weight`, matched by no rule of the pack.
/// A lone anchor is mostly an article's summary, and a byline, a date and
/// a picture's caption stand between it and the article's paragraphs,
/// which a short article's short sentences leave lighter than body text
/// ('Radnice tvrdí, že zóny v centru města výrazně snížily počet aut…').
fn past_byline(
    sketch: &DocSketch,
    anchor: usize,
    min_weight: u32,
    never_anchor: impl Fn(usize) -> bool,
) -> usize {
    let lines = &sketch.lines;
    let (count, last) = (anchor + 1..lines.len())
        .filter(|&line| is_short_paragraph(lines, line, min_weight, &never_anchor))
        .fold((0, anchor), |(count, _), line| (count + 1, line));
    if count >= MIN_SHORT_PROSE_SENTENCES {
        last
    } else {
        anchor
    }
}

/// Whether `line` is a short paragraph of the article: it ends as a
/// sentence, weighs at least `min_weight`, and is matched by no rule of
/// the pack, labelled by none, nor ever an anchor.
fn is_short_paragraph(
    lines: &[LineKey],
    line: usize,
    min_weight: u32,
    never_anchor: &impl Fn(usize) -> bool,
) -> bool {
    let key = &lines[line];
    key.ends_whole_sentence()
        && key.weight >= min_weight
        && key.pattern == 0
        && !key.labelled
        && !never_anchor(line)
}

/// Whether a rule that stands anywhere in a page took `line`: an
/// advertisement's label, a picture's credit, 'Read more: …', which an
/// article's paragraphs may stand on either side of.
fn stands_anywhere(pack: &RulePack, line: &LineKey) -> bool {
    line.pattern != 0 && pack.rule(line.pattern).zone == Zone::Anywhere
}

/// The most entries of a box of links set inside an article.
const MAX_BOX_ENTRIES: usize = 4;

/// The last line of a box of links set inside an article under the list
/// header at `header` ('Mehr zum Thema', then a headline, then the article again):
/// one to [`MAX_BOX_ENTRIES`] lines with text after the header, none ending
/// as a sentence, matched by the pack or opening with a section number,
/// followed by a line that ends as one, or by a line that stands anywhere
/// (an advertisement's label between the box and the article), or by the
/// next box's header: two boxes may stand one after the other, each under
/// a header of one or two lines ('Read More', 'Related Articles'). Blank
/// lines may stand among them.
/// A header followed by the article's own sentences or a numbered heading
/// of it ('附件:' over '三、下一步打算'), by more titles than a box holds,
/// or by a date or a button (what comments come with, [`article_end`]) is
/// no box.
fn inline_box(pack: &RulePack, lines: &[LineKey], header: usize) -> Option<usize> {
    if lines[header].ends_sentence {
        return None;
    }
    let mut entries = 0;
    let mut last_entry = header;
    for (at, line) in lines.iter().enumerate().skip(header + 1) {
        if line.weight == 0 {
            continue;
        }
        if line.ends_sentence || stands_anywhere(pack, line) {
            return (entries > 0).then_some(last_entry);
        }
        // A header of two lines ('Read More', 'Related Articles'), and the
        // header of the next box right after this one's titles.
        if line.pattern != 0 && !line.enumerated && pack.rule(line.pattern).rest {
            if entries == 0 {
                continue;
            }
            return Some(last_entry);
        }
        if line.pattern != 0 || line.enumerated {
            return None;
        }
        entries += 1;
        last_entry = at;
        if entries > MAX_BOX_ENTRIES {
            return None;
        }
    }
    None
}

/// Whether line `i` stands in the body from its first line
/// (`first_body_line`) on, with no line up to it that ends as a sentence:
/// under a title heavy enough to open the body, the header goes on.
fn under_a_heavy_title(sketch: &DocSketch, first_body_line: Option<usize>, i: usize) -> bool {
    first_body_line.is_some_and(|first| first <= i && titles_only(&sketch.lines[first..=i]))
}

/// Whether `lines` hold text and none of it ends as a sentence: a list of
/// titles or links, not paragraphs.
fn titles_only(lines: &[LineKey]) -> bool {
    let mut text = lines.iter().filter(|line| line.weight > 0).peekable();
    text.peek().is_some() && text.all(|line| !line.ends_sentence)
}

/// Whether `line` may be a piece of a page's furniture inside the body: a
/// line that a rule of the pack other than a footer's matches and that
/// does not end as a sentence ('We use cookies to bake bread.' is the
/// body's own, and so is a copyright line there) nor opens with a section
/// number, unless a rule of dates took it ('3. července 2024 7:05'). A line no heavier than a menu's item is too short to be a
/// sentence of the body, whatever it ends with: its full stop is an
/// abbreviation's ('Lecture 3 min.').
fn is_furniture(pack: &RulePack, line: &LineKey) -> bool {
    line.pattern != 0
        && (!line.enumerated || pack.rule(line.pattern).reads_dates())
        && (!line.ends_sentence || line.weight <= menu_column::MAX_ITEM_WEIGHT)
        && pack.rule(line.pattern).zone != Zone::Footer
}

/// Whether a rule of lines that cannot be content, wherever they stand,
/// matches `line` ('19 people found this helpful. Was it helpful to you?
/// \[Yes\] \[No\]'): whatever it ends with, it is furniture beside which
/// a line of the header's kind is furniture too (a review's dateline).
fn goes_anywhere(pack: &RulePack, line: &LineKey) -> bool {
    line.pattern != 0 && pack.rule(line.pattern).zone == Zone::Anywhere && !line.enumerated
}

fn zone_admits(zone: Zone, place: Place, has_body: bool) -> bool {
    match zone {
        Zone::Anywhere => true,
        Zone::Edge => place != Place::Body,
        Zone::Header => place == Place::Header,
        Zone::Footer => place == Place::Footer || (!has_body && place == Place::Header),
    }
}

/// Apply the pack to a document whose lines stand at `places` ([`places`]).
pub fn apply(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    has_body: bool,
    verdicts: &mut Verdicts,
) {
    let first_body_line = places.iter().position(|&p| p == Place::Body);
    let last_body_line = places.iter().rposition(|&p| p == Place::Body);
    // Where readers' comments begin after a list that a `rest` line opened.
    let mut comments_from = 0;
    // A table's values and the dates that head entries: lines with
    // digits, found when one such line comes up.
    let mut kept_numbers: Option<(Vec<usize>, Vec<usize>)> = None;
    for i in 0..sketch.lines.len() {
        let pattern = sketch.lines[i].pattern;
        if pattern == 0 || verdicts[i].is_some() || i < comments_from {
            continue;
        }
        if sketch.lines[i].holds_digits {
            let (table, entry_dates) = kept_numbers.get_or_insert_with(|| {
                (
                    table_values(sketch, pack),
                    entry_dates(sketch, pack, places),
                )
            });
            if table.binary_search(&i).is_ok() || entry_dates.binary_search(&i).is_ok() {
                continue;
            }
        }
        let rule = pack.rule(pattern);
        if sketch.lines[i].enumerated && !rule.reads_dates() {
            continue;
        }
        // A list of titles after a list header can be heavy enough to
        // count as body text; the footer starts at the header.
        let opens_footer = rule.rest
            && last_body_line
                .is_some_and(|last| i < last && titles_only(&sketch.lines[i + 1..=last]));
        // Likewise a title heavy enough to count as the first line of
        // body text: the byline and the breadcrumb beside it, up to the
        // first line that ends as a sentence, are still the header.
        let extends_header = matches!(rule.zone, Zone::Header | Zone::Edge)
            && under_a_heavy_title(sketch, first_body_line, i);
        let in_furniture = places[i] == Place::Body
            && is_furniture(pack, &sketch.lines[i])
            && ((rule.reads_dates() && sketch.lines[i].holds_digits)
                || nearest_text_lines(sketch, i).any(|j| {
                    let line = &sketch.lines[j];
                    is_furniture(pack, line)
                        || goes_anywhere(pack, line)
                        || ((rule.reads_dates() || rule.reads_accounts())
                            && line.reads_as_name
                            && line.pattern == 0)
                }))
            && !closes_the_text(sketch, pack, places, i);
        let inline_box = (rule.rest && places[i] == Place::Body)
            .then(|| inline_box(pack, &sketch.lines, i))
            .flatten();
        if let Some(last_entry) = inline_box {
            for line in (i..=last_entry).filter(|&line| !sketch.lines[line].blank) {
                verdicts[line].get_or_insert(Reason::PagePattern { pattern });
            }
            continue;
        }
        if !zone_admits(rule.zone, places[i], has_body)
            && !opens_footer
            && !extends_header
            && !in_furniture
        {
            continue;
        }
        if rule.navigation && is_title_after_navigation(sketch, pack, places, i) {
            continue;
        }
        verdicts[i] = Some(Reason::PagePattern { pattern });
        let in_footer = places[i] == Place::Footer || !has_body || opens_footer;
        if rule.rest && in_footer {
            let end = comments_after(sketch, pack, i + 1).unwrap_or(sketch.lines.len());
            for verdict in &mut verdicts[i + 1..end] {
                if verdict.is_none() {
                    *verdict = Some(Reason::PagePattern { pattern });
                }
            }
            comments_from = end;
        }
    }
    take_enclosed(sketch, pack, verdicts);
    take_bylines(sketch, pack, places, has_body, verdicts);
}

/// The heaviest title of an entry under its date.
const MAX_ENTRY_TITLE_WEIGHT: u32 = 60;

/// The dates that head the body's entries, when two or more do, the first
/// inside the body (the last entry's paragraph may be too light to count
/// as body text, and its date stands after the body): a date line a rule
/// of dates took, without a time of day (a post's or a question's
/// timestamp has one), right over a title (a line no rule took that is no
/// sentence and no person's name, heavier than a menu's item: a table's
/// next label, 'last reply' under 'created' and its date, is lighter) and
/// right under a line that is no name, no handle and no date either. A
/// calendar's events ('Sa, 08.06.2024' over 'Sommerkonzert im
/// Stadtgarten') and a timeline's years keep their dates, where a
/// comment's date stands under its writer's name or handle and over what
/// they wrote.
pub fn entry_dates(sketch: &DocSketch, pack: &RulePack, places: &[Place]) -> Vec<usize> {
    let lines = &sketch.lines;
    let unlabelled = |line: &LineKey| line.pattern == 0 && !line.reads_as_name;
    // What a comment's date stands under: its writer's name or handle, or
    // its own head's other date.
    let signs = |line: &LineKey| {
        line.reads_as_name
            || line.pattern != 0 && {
                let rule = pack.rule(line.pattern);
                rule.reads_accounts() || rule.dates_the_page()
            }
    };
    let may_head = |line: &LineKey| line.pattern != 0 && line.holds_digits && !line.holds_time;
    if lines.iter().filter(|line| may_head(line)).nth(1).is_none() {
        return Vec::new();
    }
    let mut dates = Vec::new();
    let mut above: Option<usize> = None;
    let mut text_lines = (0..lines.len()).filter(|&i| lines[i].weight > 0).peekable();
    while let Some(i) = text_lines.next() {
        let line = &lines[i];
        let below = text_lines.peek().map(|&j| &lines[j]);
        let heads_an_entry = places[i] != Place::Header
            && may_head(line)
            && pack.rule(line.pattern).reads_dates()
            && above.is_some_and(|k| !signs(&lines[k]))
            && below.is_some_and(|title| {
                unlabelled(title)
                    && !title.ends_sentence
                    && (menu_column::MAX_ITEM_WEIGHT + 1..=MAX_ENTRY_TITLE_WEIGHT)
                        .contains(&title.weight)
            });
        if heads_an_entry {
            dates.push(i);
        }
        above = Some(i);
    }
    let in_the_body = dates.iter().any(|&i| places[i] == Place::Body);
    if dates.len() < 2 || !in_the_body {
        dates.clear();
    }
    dates
}

/// The heaviest label of a table: 'Primary Completion (Estimated)'.
const MAX_LABEL_WEIGHT: u32 = 40;

/// The lines that are a table's values, each right under its label, where
/// the rules of datelines and page numbers would take them: in a run of
/// lines none of which is a sentence or heavier than a label, lines with
/// digits as light as a link (no count after a label) that each stand
/// right under a label, a line without digits that no rule took and that
/// is no person's name, at least [`menu_column::MIN_TABLE_PAIRS`] of them
/// bare dates and numbers those rules took, not all dates: a study's
/// record ('Study Start (Actual)', '2023-05-01', 'Enrollment
/// (Estimated)', '180'). A list of headlines each over its date is no
/// table: its values are dates alone.
fn table_values(sketch: &DocSketch, pack: &RulePack) -> Vec<usize> {
    let lines = &sketch.lines;
    let in_table = |line: &LineKey| line.weight <= MAX_LABEL_WEIGHT && !line.ends_sentence;
    let is_label = |line: &LineKey| {
        in_table(line) && !line.holds_digits && line.pattern == 0 && !line.reads_as_name
    };
    let is_value = |line: &LineKey| {
        line.weight <= menu_column::MAX_LINKED_ITEM_WEIGHT
            && in_table(line)
            && line.holds_digits
            && !line.ends_with_count
    };
    let taken_number = |line: &LineKey| line.pattern != 0 && line.holds_digits;
    if (lines.iter().filter(|line| taken_number(line)))
        .nth(menu_column::MIN_TABLE_PAIRS - 1)
        .is_none()
    {
        return Vec::new();
    }
    let mut values = Vec::new();
    // The run's values that the rules took, and whether one is no date.
    let mut taken = Vec::new();
    let mut not_only_dates = false;
    let mut close = |taken: &mut Vec<usize>, not_only_dates: &mut bool| {
        if taken.len() >= menu_column::MIN_TABLE_PAIRS && *not_only_dates {
            values.extend_from_slice(taken);
        }
        taken.clear();
        *not_only_dates = false;
    };
    let mut label_above = false;
    for (i, line) in lines.iter().enumerate().filter(|(_, line)| line.weight > 0) {
        if !in_table(line) {
            close(&mut taken, &mut not_only_dates);
            label_above = false;
            continue;
        }
        if label_above && line.pattern != 0 && is_value(line) {
            let rule = pack.rule(line.pattern);
            if rule.reads_dates() || rule.reads_page_numbers() {
                taken.push(i);
                not_only_dates |= !rule.reads_dates();
            }
        }
        label_above = is_label(line);
    }
    close(&mut taken, &mut not_only_dates);
    values
}

/// Where readers' comments begin at or after line `from`: the first line
/// of a `comments` rule ('Yorumlar (18)', '3 thoughts on “…”'), if a
/// comment follows it, a line no rule took that ends as a sentence, with
/// another line of such a rule after that (its 'Reply'). A list that a
/// `rest` line opens ends there: the related recipes over the comments
/// under them. A comments header over nothing but a sign-in prompt and a
/// newsletter's is still the list's.
fn comments_after(sketch: &DocSketch, pack: &RulePack, from: usize) -> Option<usize> {
    let lines = &sketch.lines;
    let frames_comments = |line: &LineKey| line.pattern != 0 && pack.rule(line.pattern).comments;
    let first = (from..lines.len()).find(|&line| frames_comments(&lines[line]))?;
    let mut comment = false;
    for line in &lines[first + 1..] {
        if comment && frames_comments(line) {
            return Some(first);
        }
        comment |= line.pattern == 0 && line.ends_sentence;
    }
    None
}

/// The most lines with text that an `encloses` rule takes between two of
/// its lines.
const MAX_ENCLOSED_LINES: usize = 3;

/// Lines no rule of the pack matched, up to [`MAX_ENCLOSED_LINES`] with
/// text, between two lines of one `encloses` rule with nothing else
/// between them: a cookie banner's explanation between its heading and
/// its buttons ('Cookies on GOV.UK', 'We use some essential cookies…',
/// 'Accept all cookies').
#[derive(Debug, Clone, Copy)]
struct EnclosedRun {
    /// The rule's line above the run.
    above: usize,
    /// The rule's line below it.
    below: usize,
    pattern: crate::decide::pack::PatternId,
}

impl EnclosedRun {
    fn holds(&self, line: usize) -> bool {
        self.above < line && line < self.below
    }
}

/// The document's [`EnclosedRun`]s, in order.
fn enclosed_runs(sketch: &DocSketch, pack: &RulePack) -> Vec<EnclosedRun> {
    let encloses = |line: &LineKey| line.pattern != 0 && pack.rule(line.pattern).encloses;
    // Most pages hold no line of such a rule: one look at each line.
    let Some(first) = sketch.lines.iter().position(encloses) else {
        return Vec::new();
    };
    let mut runs = Vec::new();
    // The last line with text of an `encloses` rule, and how many lines
    // with text no rule matched stand after it.
    let mut open: Option<(usize, crate::decide::pack::PatternId, usize)> = None;
    for (i, line) in sketch.lines.iter().enumerate().skip(first) {
        if line.weight == 0 {
            continue;
        }
        if encloses(line) {
            if let Some((above, pattern, between)) = open {
                if pattern == line.pattern && (1..=MAX_ENCLOSED_LINES).contains(&between) {
                    runs.push(EnclosedRun {
                        above,
                        below: i,
                        pattern,
                    });
                }
            }
            open = Some((i, line.pattern, 0));
        } else if let (Some((_, _, between)), 0) = (open.as_mut(), line.pattern) {
            *between += 1;
        } else {
            open = None;
        }
    }
    runs
}

/// Takes the lines of each [`EnclosedRun`] whose two lines of the rule
/// were taken by it.
fn take_enclosed(sketch: &DocSketch, pack: &RulePack, verdicts: &mut Verdicts) {
    for run in enclosed_runs(sketch, pack) {
        let taken = Some(Reason::PagePattern {
            pattern: run.pattern,
        });
        if verdicts[run.above] != taken || verdicts[run.below] != taken {
            continue;
        }
        let between = run.above + 1..run.below;
        for (verdict, line) in verdicts[between.clone()]
            .iter_mut()
            .zip(&sketch.lines[between])
        {
            if line.weight > 0 {
                verdict.get_or_insert(Reason::PagePattern {
                    pattern: run.pattern,
                });
            }
        }
    }
}

/// Gives back the lines of a rule whose lines name sections too
/// ([`crate::decide::pack::PackRule::headings`]) that stand right over a
/// paragraph every rule left: a sentence heavier than any link. Such a
/// link heads the section ('Über uns' over 'Die Stadtwerke Neuburg
/// versorgen rund 30.000 Menschen…'); in a menu, more links or the page's
/// title follow it. Run after the rules that read the site's navigation,
/// which the line still is to them (the trail above it).
pub fn give_back_headings(sketch: &DocSketch, pack: &RulePack, verdicts: &mut Verdicts) {
    for i in 0..sketch.lines.len() {
        let Some(Reason::PagePattern { pattern }) = verdicts[i] else {
            continue;
        };
        if !pack.rule(pattern).headings {
            continue;
        }
        let (_, below) = text_above_and_below(sketch, i);
        let heads_a_paragraph = below.is_some_and(|j| {
            let line = &sketch.lines[j];
            verdicts[j].is_none()
                && line.pattern == 0
                && line.ends_sentence
                && line.weight > menu_column::MAX_LINKED_ITEM_WEIGHT
        });
        if heads_a_paragraph {
            verdicts[i] = None;
        }
    }
}

/// Whether line `i` of the header, which a navigation rule matches, is
/// the page's title: its words, two or more, all stand in the text's
/// sentences ([`LineKey::names_the_text`]), and no line of the site's
/// navigation stands after it before the body ('Terms of Service' over
/// 'By using the service, you agree to these terms…', where the same
/// words in the footer are a link).
fn is_title_after_navigation(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    i: usize,
) -> bool {
    let navigates = |line: &LineKey| line.pattern != 0 && pack.rule(line.pattern).navigation;
    places[i] == Place::Header
        && sketch.lines[i].names_the_text
        && (i + 1..places.len())
            .take_while(|&j| places[j] == Place::Header)
            .all(|j| !navigates(&sketch.lines[j]))
}

/// A byline without 'By': a line of a person's name alone
/// ([`LineKey::reads_as_name`]) whose nearest line with text above or
/// below is a date with digits that a rule of dates took, or an account
/// that a rule of accounts took, goes with it, by that rule ('Ana Ruiz'
/// over 'Madrid - 12 mar 2024 - 10:45 CET'; a
/// poem's title over 'by Margaret Hale' stays). A name with an author's
/// role after it ([`LineKey::names_a_role`]) goes beside any line the
/// pack takes ('김민수 기자' under '송고시간 2024-03-01 10:15'). A list
/// of two or more names ([`LineKey::lists_names`]) before the body of a
/// page that has one, or before its first line that ends as a sentence
/// (under a title heavy enough to open the body), goes alone, by the
/// pack's rule of bylines ([`RulePack::byline_rule`]): the authors under a
/// paper's title ('Anna Berg, Luis Ortega & Mei Chen'). A byline's second
/// line, the writer's role or outlet, goes with it
/// (`take_bylines_second_lines`).
fn take_bylines(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    has_body: bool,
    verdicts: &mut Verdicts,
) {
    let first_body_line = places.iter().position(|&p| p == Place::Body);
    for i in 0..sketch.lines.len() {
        if !sketch.lines[i].reads_as_name || verdicts[i].is_some() {
            continue;
        }
        let before_the_text =
            places[i] == Place::Header || under_a_heavy_title(sketch, first_body_line, i);
        if sketch.lines[i].lists_names && has_body && before_the_text {
            if let Some(pattern) = pack.byline_rule() {
                verdicts[i] = Some(Reason::PagePattern { pattern });
                continue;
            }
        }
        let beside = nearest_text_lines(sketch, i).find_map(|j| match verdicts[j] {
            Some(Reason::PagePattern { pattern })
                if sketch.lines[i].names_a_role
                    || (pack.rule(pattern).dates_the_page() && sketch.lines[j].holds_digits)
                    || pack.rule(pattern).reads_accounts() =>
            {
                Some(pattern)
            }
            _ => None,
        });
        if let Some(pattern) = beside.or_else(|| over_role_and_date(sketch, pack, i, verdicts)) {
            verdicts[i] = Some(Reason::PagePattern { pattern });
        }
    }
    take_bylines_second_lines(sketch, pack, verdicts);
}

/// The heaviest line between a byline and its date that reads as the
/// writer's role or outlet: 'Local Democracy Reporter', 'ABC Hobart'.
const MAX_BYLINE_ROLE_WEIGHT: u32 = menu_column::MAX_LINKED_ITEM_WEIGHT;

/// The rule of the pack that took the line `verdict` is of, if one did.
fn pack_rule_of(verdict: Option<Reason>) -> Option<PatternId> {
    match verdict {
        Some(Reason::PagePattern { pattern }) => Some(pattern),
        _ => None,
    }
}

/// The rule of the date under the name on line `i` where one light line
/// without digits that a rule of the header or of dates took stands
/// between them, no link of the site's navigation: the writer's role
/// ('Kari Nordheim' over 'Journalist' over 'Publisert 12. mars 2024 kl.
/// 08.15'), or the byline again ('Autor: Petr Novotný'). A share button
/// there, which any part of a page may hold, leaves a title that names a
/// person alone (an obituary's).
fn over_role_and_date(
    sketch: &DocSketch,
    pack: &RulePack,
    i: usize,
    verdicts: &Verdicts,
) -> Option<PatternId> {
    let taken = |j: usize| pack_rule_of(verdicts[j]);
    let (_, role) = text_above_and_below(sketch, i);
    let role = role?;
    let role_rule = taken(role)?;
    let (_, date) = text_above_and_below(sketch, role);
    let date = date?;
    let date_rule = taken(date)?;
    let role_line = &sketch.lines[role];
    (role_line.weight <= MAX_BYLINE_ROLE_WEIGHT
        && !role_line.holds_digits
        && (pack.rule(role_rule).zone == Zone::Header || pack.rule(role_rule).dates_the_page())
        && !pack.rule(role_rule).navigation
        && pack.rule(date_rule).dates_the_page()
        && sketch.lines[date].holds_digits)
        .then_some(date_rule)
}

/// A byline's second line, the writer's role or outlet ('ABC Hobart'
/// under 'By Amelia Hart', over 'Topic: Cycling'): a light line that no
/// rule took, with no digits and no sentence end, right under a byline
/// that a rule of dates took without a date in it (its name) and right
/// over another line a rule took that is no link of the site's
/// navigation, goes by the byline's rule.
fn take_bylines_second_lines(sketch: &DocSketch, pack: &RulePack, verdicts: &mut Verdicts) {
    let lines = &sketch.lines;
    let taken = |j: usize, verdicts: &Verdicts| pack_rule_of(verdicts[j]);
    // The rule of a byline that names its writer: a rule of dates took it,
    // and it holds no date.
    let byline_rule = |j: usize, verdicts: &Verdicts| {
        taken(j, verdicts)
            .filter(|&pattern| pack.rule(pattern).dates_the_page() && !lines[j].holds_digits)
    };
    let Some(first_byline) = (0..lines.len()).find(|&j| byline_rule(j, verdicts).is_some()) else {
        return;
    };
    for i in first_byline + 1..lines.len() {
        let line = &lines[i];
        if verdicts[i].is_some()
            || line.pattern != 0
            || line.weight == 0
            || line.weight > MAX_BYLINE_ROLE_WEIGHT
            || line.ends_sentence
            || line.holds_digits
        {
            continue;
        }
        let (Some(above), Some(below)) = text_above_and_below(sketch, i) else {
            continue;
        };
        let byline = byline_rule(above, verdicts);
        let furniture_below =
            taken(below, verdicts).is_some_and(|pattern| !pack.rule(pattern).navigation);
        if let (Some(pattern), true) = (byline, furniture_below) {
            verdicts[i] = Some(Reason::PagePattern { pattern });
        }
    }
}

/// The nearest lines with text above and below line `i`, those there are.
fn nearest_text_lines(sketch: &DocSketch, i: usize) -> impl Iterator<Item = usize> {
    let (above, below) = text_above_and_below(sketch, i);
    [above, below].into_iter().flatten()
}

/// The nearest line with text above line `i` and the nearest below it.
fn text_above_and_below(sketch: &DocSketch, i: usize) -> (Option<usize>, Option<usize>) {
    let text = |j: &usize| sketch.lines[*j].weight > 0;
    let above = (0..i).rev().find(text);
    let below = (i + 1..sketch.lines.len()).find(text);
    (above, below)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;

    const BODY: &str = "This is a long paragraph of body text that is clearly content and not a template line at all, long enough.";

    /// A page of `lines` with the shipped pack: its sketch, and where its
    /// lines stand.
    fn laid_out(lines: &[&str]) -> (DocSketch, RulePack, Vec<Place>, bool) {
        let sketch = sketch_lines(lines);
        let pack = RulePack::shipped();
        let (places, has_body) = places(
            &sketch,
            &GroupTable::default(),
            &BoilerplateSettings::default(),
            &pack,
        );
        (sketch, pack, places, has_body)
    }

    #[test]
    fn a_signature_and_its_date_after_the_text_are_body() {
        let notice = "推行垃圾分类，关系广大人民群众生活环境，关系节约使用资源。为进一步做好城市生活垃圾分类工作，经国务院同意，现提出如下意见。";
        let (_, _, places, _) = laid_out(&[notice, "国务院办公厅", "2024年5月17日", "网站地图"]);
        assert_eq!(
            places,
            [Place::Body, Place::Body, Place::Body, Place::Footer]
        );
        let (_, _, places, _) = laid_out(&[
            notice,
            "国务院办公厅",
            "2024年5月17日",
            "（此件公开发布）",
            "网站地图",
        ]);
        assert_eq!(
            places,
            [
                Place::Body,
                Place::Body,
                Place::Body,
                Place::Body,
                Place::Footer
            ],
            "with the note in brackets under the date"
        );
        let (_, _, places, _) = laid_out(&[notice, "国务院办公厅", "网站地图", "关于我们"]);
        assert_eq!(
            places,
            [Place::Body, Place::Footer, Place::Footer, Place::Footer],
            "a name without a date is no signature"
        );
    }

    fn run(lines: &[&str]) -> Vec<bool> {
        let (sketch, pack, places, has_body) = laid_out(lines);
        let mut verdicts = vec![None; lines.len()];
        apply(&sketch, &pack, &places, has_body, &mut verdicts);
        verdicts.iter().map(Option::is_some).collect()
    }

    #[test]
    fn edge_lines_go_and_the_body_stays() {
        let removed = run(&[
            "登录 注册 退出",
            "A page title",
            "Published on 3 May 2024",
            BODY,
            "Share this article",
            BODY,
            "Copyright 2024 Example. All rights reserved.",
        ]);
        assert_eq!(removed, [true, false, true, false, false, false, true]);
    }

    #[test]
    fn a_cookie_banner_as_heavy_as_body_text_goes_from_the_head() {
        let banner = "We use cookies and similar technologies to personalise content and ads, to provide social media features and to analyse our traffic.";
        assert!(sketch_lines(&[banner]).lines[0].weight >= 80);
        let removed = run(&[banner, "Accept all", "Manage preferences", "A title", BODY]);
        assert_eq!(removed, [true, true, true, false, false]);
    }

    #[test]
    fn a_cookie_banners_explanation_between_its_heading_and_buttons_goes() {
        // No phrase of the pack opens it: it goes for where it stands, and
        // it is no anchor of the body.
        let explanation = "The cookies on this site do two things: they remember any settings you have chosen, and they help us understand how people browse, so we can make improvements.";
        let page = [
            "Cookies on the Archive",
            explanation,
            "Accept all cookies",
            "Reject all cookies",
            "A title",
            BODY,
        ];
        let (sketch, _, places, _) = laid_out(&page);
        assert_eq!(sketch.lines[1].pattern, 0);
        assert_eq!(places[1], Place::Header);
        assert_eq!(run(&page), [true, true, true, true, false, false]);
        // Between a banner's line and another rule's, or with more lines
        // than a banner's explanation holds, it stays.
        assert_eq!(
            run(&["Cookies on the Archive", explanation, "A title", BODY]),
            [true, false, false, false]
        );
        assert!(
            !run(&[
                "Cookies on the Archive",
                explanation,
                BODY,
                BODY,
                BODY,
                "Accept all cookies",
                "Site map"
            ])[1]
        );
    }

    #[test]
    fn a_site_link_that_names_the_text_after_the_navigation_is_its_title() {
        let terms = "By creating an account or using the service, you agree to these terms and to our privacy policy.";
        let page = [
            "Products",
            "Pricing",
            "Support",
            "Log in",
            "Terms of Service",
            "Last updated: January 1, 2024",
            terms,
            terms,
        ];
        assert_eq!(
            run(&page),
            [false, false, false, true, false, true, false, false]
        );
        let page = ["Terms of Service", "Log in", "A title", terms, terms];
        assert_eq!(
            run(&page),
            [true, true, false, false, false],
            "a link before the navigation's last line"
        );
    }

    #[test]
    fn short_paragraphs_after_a_lone_summary_and_its_byline_are_body() {
        let page = [
            "Praha rozšíří zóny placeného stání do dalších čtyř čtvrtí",
            "Od září budou řidiči platit za parkování také v částech Libně, Vysočan, Strašnic a Záběhlic. Rezidenti dostanou oprávnění.",
            "Autor: Petr Novotný",
            "3. července 2024 7:05",
            "Sdílet",
            "Radnice tvrdí, že zóny v centru města výrazně snížily počet aut v ulicích.",
            "Podle dopravního odboru se uvolnila až pětina míst pro rezidenty.",
            "Čtěte také",
            "Metro D: stavba prvního úseku nabrala další zpoždění",
            "Kritici upozorňují, že řidiči budou parkovat v sousedních ulicích.",
            "Reklama",
            "Zastupitelstvo o rozšíření definitivně rozhodne v polovině srpna.",
            "Kontakty",
        ];
        let (_, _, places, _) = laid_out(&page);
        assert_eq!(places[11], Place::Body, "{places:?}");
        assert_eq!(
            run(&page),
            [false, false, true, true, true, false, false, true, true, false, true, false, true],
            "the byline block goes; the box of links and the label of an advertisement go; the paragraphs stay"
        );
        let one = [page[0], page[1], page[2], page[3], page[5], "Kontakty"];
        let (_, _, places, _) = laid_out(&one);
        assert_eq!(
            places[4],
            Place::Footer,
            "one short paragraph after a lone anchor is no article: a comment, a teaser"
        );
    }

    #[test]
    fn a_label_that_stands_anywhere_does_not_end_the_short_paragraphs() {
        let short = "The council will vote on the plan at its meeting in the middle of August.";
        let page = [
            BODY,
            BODY,
            short,
            "Advertisement",
            short,
            "Related articles",
            "Metro line opens a year late",
            short,
            "About us",
        ];
        let (_, _, places, _) = laid_out(&page);
        assert_eq!(places[7], Place::Body, "{places:?}");
        assert_eq!(
            run(&page),
            [false, false, false, true, false, true, true, false, true]
        );
    }

    #[test]
    fn short_last_paragraphs_and_the_one_after_a_box_of_links_are_body() {
        let page = [
            "北捷新路線下月通車",
            "台北捷運新路線將於下月中旬正式通車,市府今天宣布通車首週全線免費搭乘,歡迎民眾體驗,預估每日運量可達八萬人次。",
            "捷運公司表示,通車初期班距約六分鐘,尖峰時段將視人潮加開班次。",
            "延伸閱讀",
            "公車路線下週調整 十條路線改道",
            "交通局提醒,部分公車路線將配合新路線調整,民眾出門前可先查詢最新資訊。",
            "聯絡我們",
        ];
        let (_, _, places, _) = laid_out(&page);
        assert_eq!(places[5], Place::Body);
        assert_eq!(run(&page), [false, false, false, true, true, false, true]);
        let links = [
            BODY,
            "Related",
            "Tides",
            "How the moon moves the sea twice a day, and why the tides differ.",
        ];
        assert_eq!(
            run(&links),
            [false, true, true, true],
            "a link as light as a menu's item is no title of a box"
        );
    }

    #[test]
    fn a_name_the_furniture_repeats_is_still_a_byline() {
        let removed = run(&[
            "Why small libraries keep their card catalogues",
            "Elena Park",
            "Oct 14, 2023",
            BODY,
            "© 2023 Elena Park",
        ]);
        assert_eq!(removed, [false, true, true, false, true]);
        let kept = run(&[
            "Why small libraries keep their card catalogues",
            "Elena Park",
            "Oct 14, 2023",
            BODY,
            "Elena Park runs the county library's reading room on Saturdays.",
        ]);
        assert!(!kept[1], "a name the text names");
    }

    #[test]
    fn a_sites_link_over_a_paragraph_heads_it() {
        let given_back = |lines: &[&str]| {
            let (sketch, pack, places, has_body) = laid_out(lines);
            let mut verdicts = vec![None; lines.len()];
            apply(&sketch, &pack, &places, has_body, &mut verdicts);
            give_back_headings(&sketch, &pack, &mut verdicts);
            verdicts.iter().map(Option::is_some).collect::<Vec<_>>()
        };
        let page = [
            "Softwareentwickler (m/w/d) Backend",
            "Über uns",
            "Die Stadtwerke Neuburg versorgen rund 30.000 Menschen mit Strom, Wasser und Wärme.",
            BODY,
            "Über uns",
            "Impressum",
        ];
        assert_eq!(run(&page), [false, true, false, false, true, true]);
        assert_eq!(
            given_back(&page),
            [false, false, false, false, true, true],
            "over a paragraph, not over more links"
        );
    }

    #[test]
    fn a_name_over_its_role_over_its_date_is_a_byline() {
        let page = [
            "Bergen kommune vil stenge tre bydelsbiblioteker",
            "Kari Nordheim",
            "Journalist",
            "Publisert 12. mars 2024 kl. 08.15",
            BODY,
        ];
        assert_eq!(run(&page), [false, true, true, true, false]);
        let page = [
            "Praha rozšíří zóny placeného stání",
            "Petr Novotný",
            "Autor: Petr Novotný",
            "3. července 2024 7:05",
            BODY,
        ];
        assert_eq!(
            run(&page),
            [false, true, true, true, false],
            "the byline again"
        );
        let page = [
            "Bergen kommune vil stenge tre bydelsbiblioteker",
            "Kari Nordheim",
            "Del artikkelen",
            "Publisert 12. mars 2024 kl. 08.15",
            BODY,
        ];
        assert_eq!(
            run(&page),
            [false, false, true, true, false],
            "a share button between: no role"
        );
    }

    #[test]
    fn a_name_and_a_role_beside_any_furniture_is_a_byline() {
        let removed = run(&[
            "Rewilding scheme brings beavers back",
            "Severin Carrell Scotland editor",
            "Share on Facebook",
            BODY,
        ]);
        assert_eq!(removed, [false, true, true, false]);
        let kept = run(&[
            "Rewilding scheme brings beavers back",
            "Severin Carrell Scotland editor",
            BODY,
        ]);
        assert_eq!(kept, [false, false, false], "no furniture beside it");
        let kept = run(&[
            "Severin Carrell Scotland editor",
            "Share on Facebook",
            "Severin Carrell, who wrote this, is an editor of the paper in Scotland.",
        ]);
        assert_eq!(kept, [false, true, false], "a name the text names");
    }

    #[test]
    fn a_name_in_a_script_without_capitals_beside_a_date_is_a_byline() {
        let lead = "ბაღი 12 ჰექტარზე გაშენდება და ვიზიტორებისთვის 2026 წლის გაზაფხულზე გაიხსნება, განაცხადეს მერიაში.";
        let removed = run(&[
            "ქუთაისში ახალი ბოტანიკური ბაღი",
            lead,
            "ნინო ბერიძე",
            "15 მაისი, 2024 12:40",
            BODY,
        ]);
        assert_eq!(removed, [false, false, true, true, false]);
        let removed = run(&["दिल्ली में बारिश", lead, "अमित शर्मा", "12.03.2024 10:45", BODY]);
        assert_eq!(removed, [false, false, true, true, false]);
    }

    #[test]
    fn dates_that_head_the_entries_of_a_calendar_stay() {
        let event = "Das Orchester spielt Werke von Dvořák und Smetana, bei Regen findet das Konzert im Konzerthaus statt.";
        let lines = [
            BODY,
            "Sa, 08.06.2024",
            "Sommerkonzert im Stadtgarten",
            event,
            "So, 09.06.2024",
            "Kinderflohmarkt auf dem Kirchplatz",
            event,
        ];
        assert_eq!(run(&lines), [false; 7]);
        let removed = run(&[
            BODY,
            "Sa, 08.06.2024",
            "Sommerkonzert im Stadtgarten",
            event,
        ]);
        assert_eq!(removed, [false, true, false, false], "one date alone");
        let comments = [
            BODY,
            "2 Comments",
            "Ana Ruiz",
            "08.06.2024",
            "Thanks for the list of concerts",
            "Tom Baker",
            "09.06.2024",
            "Great to see the flea market again",
        ];
        assert_eq!(
            run(&comments),
            [false, true, true, true, false, true, true, false],
            "dates under their writers' names"
        );
    }

    #[test]
    fn a_tables_dates_and_numbers_under_their_labels_stay() {
        let kept = run(&[
            BODY,
            "Study Start (Actual)",
            "2023-05-01",
            "Primary Completion (Estimated)",
            "2025-06-30",
            "Enrollment (Estimated)",
            "180",
            "Copyright 2024 Example. All rights reserved.",
        ]);
        assert_eq!(
            kept,
            [false, false, false, false, false, false, false, true]
        );
        let removed = run(&[
            BODY,
            "Council meets on budget",
            "12 March 2024",
            "New bridge opens",
            "10 March 2024",
            "Schools reopen",
            "8 March 2024",
        ]);
        assert_eq!(
            removed,
            [false, false, false, false, true, false, true],
            "headlines over their dates are no table (the first two sign the text)"
        );
        let removed = run(&[
            BODY,
            "Dates",
            "Study Start (Actual)",
            "2023-05-01",
            "Enrollment (Estimated)",
            "180",
        ]);
        assert_eq!(
            removed,
            [false, false, false, true, false, true],
            "two pairs"
        );
    }

    #[test]
    fn a_name_alone_beside_a_date_is_a_byline() {
        let lead = "Las once salas de estudio abrirán hasta la medianoche entre el 15 de mayo y el 30 de junio de este año.";
        let removed = run(&[
            "Bibliotecas abiertas",
            lead,
            "Ana Ruiz",
            "Madrid - 12 mar 2024 - 10:45 CET",
            "Compartir en Facebook",
            BODY,
        ]);
        assert_eq!(removed, [false, false, true, true, true, false]);
        let kept = run(&["Spring Rain", "by Margaret Hale", BODY]);
        assert_eq!(kept, [false, true, false], "a date without digits");
        let kept = run(&["Ana Ruiz", BODY, "Ana Ruiz wrote it.", "12 March 2024"]);
        assert_eq!(
            kept,
            [false, false, false, true],
            "a name the text names, and not beside the date"
        );
        let removed = run(&[
            "Toolcraft to close 40 stores",
            "Elena Marsh",
            "Updated Tue, Mar 12, 2024, 4:31 PM 2 min read",
            BODY,
        ]);
        assert_eq!(
            removed,
            [false, true, true, false],
            "beside a metadata line with its date"
        );
    }

    #[test]
    fn a_signature_dated_over_the_print_buttons_closes_the_text() {
        let notice =
            "各单位要高度重视，认真组织，确保活动安全有序开展，并于3月25日前将活动情况报市林业局。";
        let removed = run(&[
            BODY,
            notice,
            "市林业局",
            "2024年3月1日",
            "【打印本页】【关闭窗口】",
        ]);
        assert_eq!(removed, [false, false, false, false, true]);
    }

    #[test]
    fn a_clerk_under_the_date_signs_as_the_judge_above_it() {
        let judgment = "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于浙江省杭州市中级人民法院。";
        let lines = [
            BODY,
            judgment,
            "审判员　王某",
            "二〇二四年四月十八日",
            "书记员　陈某",
            "关于我们",
        ];
        let (_, _, places, _) = laid_out(&lines);
        let mut signed = [Place::Body; 6];
        signed[5] = Place::Footer;
        assert_eq!(places, signed, "the clerk's line is the body's last");
        let (_, _, places, _) = laid_out(&[
            BODY,
            judgment,
            "审判员　王某",
            "二〇二四年四月十八日",
            "联系我们网站地图",
        ]);
        assert_eq!(
            places[4],
            Place::Footer,
            "a line of another weight under the date is no clerk's"
        );
    }

    #[test]
    fn a_dateline_inside_the_body_goes_alone() {
        let removed = run(&[BODY, "rdesai commented Mar 9, 2024", BODY]);
        assert_eq!(removed, [false, true, false]);
        let kept = run(&[BODY, "Comments", BODY]);
        assert_eq!(
            kept, [false; 3],
            "a line of the header's kind without a date"
        );
    }

    #[test]
    fn a_list_of_authors_before_the_text_is_a_byline() {
        let abstract_text = "Droughts are becoming more frequent, yet little is known about how quickly soil communities respond.";
        let removed = run(&[
            "Soil microbes respond faster to drought than plants do",
            "Anna Berg, Luis Ortega & Mei Chen",
            abstract_text,
            BODY,
        ]);
        assert_eq!(removed, [false, true, false, false], "under a title");
        let removed = run(&[
            "Skip to main content",
            "Anna Berg, Luis Ortega & Mei Chen",
            "Soil microbes and drought",
            abstract_text,
        ]);
        assert_eq!(removed, [true, true, false, false], "in the header");
        let kept = run(&[abstract_text, "Anna Berg, Luis Ortega & Mei Chen", BODY]);
        assert_eq!(kept, [false, false, false], "inside the body");
        let kept = run(&[
            "Black Holes and Dark Matter",
            "Black holes and dark matter are two of the great puzzles that the survey set out to study.",
            BODY,
        ]);
        assert_eq!(
            kept,
            [false, false, false],
            "a title whose words the text uses"
        );
    }

    #[test]
    fn a_date_that_opens_with_a_day_and_a_full_stop_is_no_section() {
        let removed = run(&[BODY, "Maria", "4. September 2023 um 09:12", "Contact"]);
        assert_eq!(removed, [false, false, true, true]);
        let kept = run(&[BODY, "3. Contact", "4. Privacy"]);
        assert_eq!(kept, [false; 3], "numbered sections named like links");
    }

    #[test]
    fn a_rest_rule_takes_the_footer_after_it() {
        let removed = run(&[BODY, "本文仅代表作者观点", "如果本文对你有所帮助", "谢谢"]);
        assert_eq!(removed, [false, true, true, true]);
        let kept = run(&["本文仅代表作者观点", BODY, "last words"]);
        assert_eq!(kept, [false, false, false], "not in the footer");
        let notice = "本文仅代表作者观点,不代表本站立场。凡注明为本站原创作品的,未经许可,不得转载;源于网络的作品,若对您造成了侵权,请联系本站。";
        let removed = run(&[BODY, notice, "打赏本站"]);
        assert_eq!(
            removed,
            [false, true, true],
            "a heavy notice that ends the body opens the footer"
        );
        let kept = run(&[notice, BODY]);
        assert_eq!(kept, [false, false], "not when body text follows");
        let licence = "Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.";
        let removed = run(&[
            BODY,
            "Categories: Lakes of Europe",
            "This page was last edited on 12 January 2023, at 14:02 (UTC).",
            licence,
            "Privacy policy",
        ]);
        assert_eq!(
            removed,
            [false, true, true, true, true],
            "the lines between the last anchor and a heavy notice that ends the page are footer"
        );
        let long_licence = "Der Text ist unter der Lizenz „Creative-Commons Namensnennung – Weitergabe unter gleichen Bedingungen“ verfügbar; Informationen zu den Urhebern und zum Lizenzstatus eingebundener Mediendateien (etwa Bilder oder Videos) können im Regelfall durch Anklicken dieser abgerufen werden.";
        let removed = run(&[
            BODY,
            "Kategorien: Puppentheater",
            "Diese Seite wurde zuletzt am 4. Mai 2024 um 18:22 Uhr bearbeitet.",
            long_licence,
            "Datenschutz",
        ]);
        assert_eq!(
            removed,
            [false, true, true, true, true],
            "so are those above a notice too heavy for the pack to try on every line"
        );
    }

    #[test]
    fn a_list_after_the_text_ends_where_readers_comments_begin() {
        let page = [
            BODY,
            "Related posts",
            "Saving tomato seeds",
            "Comments (2)",
            "Peter",
            "Thanks, I always planted mine in spring and wondered why the bulbs stayed small.",
            "Reply",
        ];
        assert_eq!(
            run(&page),
            [false, true, true, true, false, false, true],
            "the list goes, the comment under its header stays"
        );
        let page = [
            BODY,
            "Related posts",
            "Saving tomato seeds",
            "Comments (12)",
            "Sign in to comment",
            "Get the best of the garden in your inbox every Friday.",
            "Subscribe",
        ];
        assert_eq!(
            run(&page),
            [false, true, true, true, true, true, true],
            "a comments header over no comment is still the list's"
        );
    }

    #[test]
    fn a_labelled_line_is_not_body_text_however_long() {
        let previous = "Previous article: The council debates the budget for the coming year, the new bus lines and the harbour";
        let next =
            "Next article: Heavy rain closes three roads in the north of the county for two days";
        let removed = run(&[BODY, previous, next, "Copyright 2024 Example."]);
        assert_eq!(removed, [false, true, true, true]);
        let sketch = sketch_lines(&[previous]);
        assert!(sketch.lines[0].weight >= 80 && sketch.lines[0].labelled);
        let mention = "The previous article: a long sentence about what the council said on the budget and the roads.";
        assert!(
            !sketch_lines(&[mention]).lines[0].labelled,
            "a label opens the line"
        );
        let kept = run(&[BODY, previous, BODY]);
        assert_eq!(kept, [false, false, false], "inside the body it stays");
    }

    #[test]
    fn a_list_header_followed_by_titles_opens_the_footer() {
        let titles = [
            "The council debates the budget for the coming year and the new bus lines (3 May 2024)",
            "Heavy rain closes three roads in the north of the county for two days (2 May 2024)",
        ];
        let removed = run(&[BODY, "Related articles", titles[0], titles[1]]);
        assert_eq!(removed, [false, true, true, true]);
        let paragraph = "Related reading is listed at the end of the report, which the council published in May after a long debate.";
        let boxed = run(&[BODY, "Related articles", titles[0], paragraph]);
        assert_eq!(
            boxed,
            [false, true, true, false],
            "not when a sentence follows: the header is inside the body, a box of links"
        );
    }

    #[test]
    fn a_bylines_second_line_goes_with_it() {
        let title = "Cyclists call for safer routes as Hobart bridge works begin";
        let page = [
            title,
            "By Amelia Hart",
            "ABC Hobart",
            "Posted Tue 14 May 2024 at 5:32am",
            BODY,
            BODY,
        ];
        assert_eq!(run(&page), [false, true, true, true, false, false]);
        let headed = [title, "By Amelia Hart", "Hobart bridge", BODY, BODY];
        assert_eq!(
            run(&headed),
            [false, true, false, false, false],
            "no line a rule took under it"
        );
        let dated = [
            title,
            "Posted Tue 14 May 2024 at 5:32am",
            "ABC Hobart",
            "Share",
            BODY,
        ];
        assert!(!run(&dated)[2], "under a date, not a name");
    }

    #[test]
    fn boxes_of_links_one_after_another_inside_the_article_go() {
        let page = [
            BODY,
            BODY,
            "Read More",
            "Related Articles",
            "Town centre car park to close for six months of repairs",
            "Read More",
            "Related Articles",
            "Council approves plans for 200 new homes on former mill site",
            BODY,
            BODY,
        ];
        let mut expected = [true; 10];
        expected[..2].fill(false);
        expected[8..].fill(false);
        assert_eq!(run(&page), expected, "each box's two headers and its title");
    }

    #[test]
    fn a_related_list_with_comments_below_ends_short_prose_too() {
        let prose = [
            "The path climbs between boulders of pink granite and a few oaks.",
            "Halfway up there is a spring, which still runs at this time of year.",
        ];
        let comment = "Lovely photos! We did it last summer and the spring was dry.";
        for line in prose.iter().chain([&comment]) {
            let weight = sketch_lines(&[line]).lines[0].weight;
            assert!((40..80).contains(&weight), "{line}: {weight}");
        }
        let page = [
            prose[0],
            prose[1],
            "Loading...",
            "Related",
            "Along the waterfalls of the Toxa",
            "Categories: Walks",
            "2 comments",
            "Uxia",
            "22 April 2024 at 18:10",
            comment,
            "Reply",
        ];
        let removed = run(&page);
        assert_eq!(removed[..2], [false, false]);
        assert_eq!(
            removed[2..6],
            [true; 4],
            "the widget, the related list's header and its title"
        );
    }

    #[test]
    fn a_related_list_with_comments_below_ends_the_article() {
        let comment = "Made this last night and the whole family loved it, I added some spinach at the end and it was perfect.";
        assert!(sketch_lines(&[comment]).lines[0].weight >= 80);
        let page = [
            BODY,
            BODY,
            "Pin Recipe",
            "You might also like",
            "Creamy Tomato Basil Soup",
            "Sarah says",
            "January 16, 2023 at 7:42 pm",
            comment,
            "Reply",
        ];
        let mut expected = [true; 9];
        expected[..2].fill(false);
        assert_eq!(run(&page), expected);
        let boxed = [
            BODY,
            BODY,
            "Mehr zum Thema",
            "Tarifkonflikt: Was Bahnreisende jetzt wissen müssen",
            comment,
        ];
        assert_eq!(
            run(&boxed),
            [false, false, true, true, false],
            "a box of links inside the article goes, and the article goes on after it: \
             nothing the pack knows follows its header"
        );
        let links = [
            BODY,
            BODY,
            "More about ibuprofen",
            "Drug images",
            "Side effects",
            "Dosage information",
            "Patient tips",
            "During pregnancy",
            comment,
        ];
        let mut expected = [true; 9];
        expected[..2].fill(false);
        assert_eq!(
            run(&links),
            expected,
            "more titles under the header than a box holds end the article too"
        );
        let attachments = [
            BODY,
            BODY,
            "附件:",
            "理活正接由活向立比度变总生质。",
            "附件:",
            comment,
        ];
        assert_eq!(
            run(&attachments),
            [false; 6],
            "a second list header is no sign of comments"
        );
        let page = [
            BODY,
            "You might also like",
            "January 16, 2023 at 7:42 pm",
            comment,
            BODY,
        ];
        assert_eq!(
            run(&page),
            [false, false, true, false, false],
            "more body text after the header than before it: the header stays, \
             and only the dateline inside the body goes"
        );
    }

    #[test]
    fn short_prose_makes_a_body_where_no_line_is_heavy() {
        let post = [
            "Home",
            "Forums",
            "Cameras",
            "Which camera should I buy first for travel?",
            "My budget is about eight hundred pounds and I shoot mostly landscapes.",
            "Is fast focusing worth more than a wide choice of lenses?",
            "Reply",
        ];
        let sketch = sketch_lines(&post);
        assert!(sketch.lines.iter().all(|line| line.weight < 80));
        let (_, _, places, has_body) = laid_out(&post);
        assert!(has_body);
        assert_eq!(places[3], Place::Header);
        assert_eq!(places[4..6], [Place::Body; 2]);
        assert_eq!(places[6], Place::Footer);
        let (_, _, _, has_body) = laid_out(&post[..5]);
        assert!(!has_body, "one sentence is no body");
        let verses = [
            "Poems",
            "The rain came softly in the night",
            "and washed the garden clean.",
            "It woke the sleeping apple trees",
            "and turned the hedges green.",
        ];
        let (_, _, _, has_body) = laid_out(&verses);
        assert!(!has_body, "verses are lighter than prose");
        let notice = "版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。";
        let teaser = "本文介绍了使用 pandas 分块读取 CSV 文件的方法，以及如何控制每块的大小……";
        let blog = [
            notice,
            "Python",
            "订阅专栏",
            "文件对象本身就是一个迭代器，用循环逐行读取时，每次只有一行留在内存中。",
            "如果文件没有换行符，可以每次读取固定大小的数据块，处理完再读下一块。",
            "Python 读取大文件的几种方法",
            teaser,
        ];
        let (_, _, places, _) = laid_out(&blog);
        assert_eq!(
            places,
            [
                Place::Header,
                Place::Header,
                Place::Header,
                Place::Body,
                Place::Body,
                Place::Footer,
                Place::Footer
            ],
            "a line of the pack is no prose, and a teaser cut short no sentence of it"
        );
    }

    #[test]
    fn a_teaser_after_the_article_is_no_body() {
        let teaser = "The first thing you notice about the new model is how little it weighs, and the second is the price, which…";
        assert!(sketch_lines(&[teaser]).lines[0].trails_off);
        let (_, _, places, _) = laid_out(&[BODY, "Related", "A title", teaser]);
        assert_eq!(
            places,
            [Place::Body, Place::Footer, Place::Footer, Place::Footer]
        );
        let (_, _, places, _) = laid_out(&[teaser, BODY]);
        assert_eq!(places, [Place::Body; 2], "before the last anchor");
    }

    #[test]
    fn a_box_of_links_inside_the_article_goes_and_its_text_stays() {
        let boxed = [
            BODY,
            "Related",
            "Budget passes after months of debate",
            "",
            "Floods recede in the north",
            "The council will meet again in May.",
            BODY,
        ];
        assert_eq!(run(&boxed), [false, true, true, false, true, false, false]);
        let heading = [BODY, "Related", "The council will meet again in May.", BODY];
        assert_eq!(run(&heading), [false; 4], "a heading over sentences");
        let numbered = [
            BODY,
            "附件:",
            "三、下一步打算",
            "理活正接由活向立比度变总生质。",
            BODY,
        ];
        assert_eq!(
            run(&numbered),
            [false; 5],
            "a numbered heading of the article"
        );
        let mut long = vec![BODY, "Related"];
        long.extend(["A headline"; MAX_BOX_ENTRIES + 1]);
        long.extend(["The council will meet again in May.", BODY]);
        assert!(
            !run(&long).iter().any(|&removed| removed),
            "more titles than a box holds"
        );
    }

    #[test]
    fn a_heavy_title_leaves_its_byline_in_the_header() {
        let title = "The council debates the budget for the coming year, the new bus lines, the schools and the harbour of the old town";
        assert!(sketch_lines(&[title]).lines[0].weight >= 80);
        let removed = run(&[title, "Published on 3 May 2024", BODY, "Share this article"]);
        assert_eq!(removed, [false, true, false, true]);
        let removed = run(&[BODY, "Published on 3 May 2024", BODY]);
        assert_eq!(
            removed,
            [false, false, false],
            "after a sentence it is body"
        );
        let removed = run(&[title, BODY, "Published on 3 May 2024", BODY]);
        assert_eq!(removed, [false, false, false, false]);
    }

    #[test]
    fn a_block_of_furniture_inside_the_body_goes_and_a_lone_line_stays() {
        let summary = "The rover spent two weeks in a vacuum chamber chilled to minus 170 degrees Celsius, engineers said.";
        assert!(sketch_lines(&[summary]).lines[0].weight >= 80);
        let removed = run(&[
            "A title",
            summary,
            "By Daniel Park",
            "Published on 3 May 2024",
            "",
            "Share this article",
            BODY,
        ]);
        assert_eq!(removed, [false, false, true, true, false, true, false]);
        let kept = run(&[BODY, "Comments", BODY, "Print", BODY]);
        assert_eq!(
            kept, [false; 5],
            "a heading of the body's own between paragraphs"
        );
        let kept = run(&[BODY, "Search", "Copyright 2024 Example", BODY]);
        assert_eq!(
            kept, [false; 4],
            "a footer rule's line is no furniture inside the body"
        );
        let kept = run(&[BODY, "Search", "We use cookies to bake bread.", BODY]);
        assert_eq!(kept, [false; 4], "nor is a sentence");
        let removed = run(&[
            "A title",
            summary,
            "Lecture 3 min.",
            "Article réservé aux abonnés",
            BODY,
        ]);
        assert_eq!(
            removed,
            [false, false, true, true, false],
            "a line as light as a menu's item ends no sentence"
        );
        let helpful = "19 people found this helpful. Was it helpful to you? [Yes] [No]";
        let removed = run(&[BODY, helpful, "ChefMom08 July 06, 2010", BODY]);
        assert_eq!(
            removed,
            [false, true, true, false],
            "a review's dateline under a line that goes anywhere"
        );
        let review = "Çok kaliteli, çayın tadı gerçekten değişti. Kargo da hızlıydı.";
        let removed = run(&[BODY, "Ayşe K.", "12 Ocak 2024", review, BODY]);
        assert_eq!(
            removed,
            [false, true, true, false, false],
            "a reviewer's name and the date beside it"
        );
        let reply = "Did the resolver cache nothing at all? That sounds like a container without its cache.";
        let removed = run(&[BODY, "Ramón Díaz", "@rdiaz@hachyderm.io", reply, BODY]);
        assert_eq!(
            removed,
            [false, true, true, false, false],
            "a poster's name and the account under it"
        );
        let removed = run(&[BODY, "@rdiaz@hachyderm.io", reply, BODY]);
        assert_eq!(
            removed,
            [false, false, false, false],
            "an account alone between paragraphs"
        );
    }

    proptest::proptest! {
        /// Whatever a page holds, its places run header, body, footer in
        /// that order, and no paragraph of the article (body text above
        /// the first line a `rest` rule takes) is removed by the pack.
        #[test]
        fn the_article_above_its_end_is_never_taken(
            picks in proptest::collection::vec(0..POOL.len(), 0..24),
        ) {
            let lines: Vec<&str> = picks.iter().map(|&i| POOL[i]).collect();
            let (sketch, pack, places, has_body) = laid_out(&lines);
            let rank = |place: &Place| match place {
                Place::Header => 0,
                Place::Body => 1,
                Place::Footer => 2,
            };
            proptest::prop_assert!(places.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
            let mut verdicts = vec![None; lines.len()];
            apply(&sketch, &pack, &places, has_body, &mut verdicts);
            let first_rest = (0..lines.len()).find(|&i| {
                let key = &sketch.lines[i];
                key.pattern != 0 && pack.rule(key.pattern).rest
            });
            for (i, line) in lines.iter().enumerate() {
                let article = first_rest.is_none_or(|end| i < end) && BODY_TEXTS.contains(line);
                proptest::prop_assert!(!(article && verdicts[i].is_some()), "{i}: {lines:?}");
            }
        }
    }

    const BODY_TEXTS: [&str; 2] = [
        BODY,
        "Engineers said on Tuesday that the rover bound for the south pole had passed its last major test.",
    ];
    const POOL: [&str; 16] = [
        BODY,
        BODY_TEXTS[1],
        "",
        "Comments",
        "Share this article",
        "Published on 3 May 2024",
        "By Daniel Park",
        "You might also like",
        "About the author",
        "January 16, 2023 at 7:42 pm",
        "Reply",
        "Made this last night and the whole family loved it, I added some spinach at the end and it was perfect.",
        "A short heading",
        "Copyright 2024 Example",
        "Tags: budget, city council",
        "Lire aussi : Le budget de la ville",
    ];

    #[test]
    fn markers_go_anywhere_but_body_lines_never() {
        let removed = run(&[
            BODY,
            "(下转8版)",
            "We use cookies to bake bread, said the baker.",
            BODY,
        ]);
        assert_eq!(removed, [false, true, false, false]);
    }
}
