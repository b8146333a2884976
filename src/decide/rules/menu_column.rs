//! `boilerplate-menu-column`: a menu laid out one link a line.
//!
//! A page's navigation turned into text is often not one row, which the
//! pack's `menu` shape takes, but a column of short lines: 'World', 'US',
//! 'Politics', 'Business'. Outside the body, a run of at least
//! [`MIN_ITEMS`] text lines, each of weight at most [`MAX_ITEM_WEIGHT`] (a
//! word or two, seven CJK characters), none ending as a sentence (an
//! abbreviation such as 'U.S.' ends in a full stop but is no sentence) or
//! opening with a section number, goes. Items that share no word with
//! the text may weigh up to [`MAX_LINKED_ITEM_WEIGHT`] over the body, and
//! after it where a line of the site's navigation stands above them, as
//! long as the column goes on unbroken from it: a menu over a page's
//! title ('For Medical Professionals', 'Log in to Patient Account') or a
//! trail of sections under a 'Search' or 'Home' link ('Leben in
//! Bergheim', 'Politik & Verwaltung') has longer links than a column on
//! its own may have, where a list of the text shares its words. Such a
//! heavier line that ends the column with no more of the navigation after
//! it is the page's title ('2024年6月12日例行记者会' under a breadcrumb,
//! over its dateline), not a link. A link up to that weight between two
//! items of a column, a long word that split it in two
//! ('Администрирование' between 'Разработка' and 'Дизайн'), goes with
//! them. Lines that other rules removed may
//! stand in the run, and blank lines too; of those, the light ones count
//! as items ('Menu', 'Home', 'Contact' that the pack took, a member title
//! that a run of footer lines took): they are the menu's own links. The
//! last line left before the body is where a page's title stands, as short
//! as an item at times ('市议会通过新预算' after a column of sections): it
//! is never one, unless a line of the site's navigation (a pack rule's,
//! such as a breadcrumb or a login link, even where the group's counts
//! took it first) stands after it: a title follows
//! the navigation, and where none stands between the navigation and the
//! body, the body's first line is the title. A run's last line right
//! under a line of the navigation that holds a number is the title too
//! ('tidewater 0.9.2' under 'Register', 'Ruth 1' under 'Sign in'): a
//! menu's links seldom hold one. Where lines other rules
//! took stand between that line and the body, buttons rather than a
//! byline and its date ('공유하기', '신고하기' under a writer's name and
//! '이웃추가'), the heaviest line left after the navigation is the title
//! instead (a line that reads as a name the least, and the first of two
//! as heavy: a book's title over its writer's name). Where the one line
//! a run would take that no other rule took is the last before the body
//! (or before a short first paragraph over it), it is a heading under
//! the page's furniture, not a link, wherever the title stands
//! ('软件介绍' under a program's metadata and download buttons). Where a
//! line before the
//! body is one the first paragraph opens with, that line is the page's
//! title instead, wherever the navigation puts it ('Lake Bled' among the
//! language links over 'Lake Bled (Slovene: …) is a lake…'), and so is a
//! line before the body whose words, two or more, all stand in the text's
//! sentences ([`crate::normalize::key::LineKey::names_the_text`]: 'Tarn
//! (lake)' between the site's links and the article's tabs), and so is a
//! line before the body that says again the line above it: a trail's
//! last link names the page, and the page's heading follows it
//! ('Lisbon', 'Belém Tower', 'Belém Tower'). Of a document without body
//! text, only a column that opens the page, with a line of the site's
//! navigation right after it, goes (`column_at_the_head`); the rest is
//! left alone: a list or a poem is all short lines;
//! so is a table of labels and values, which holds digits in part of its
//! lines and none in the rest, or values with digits right under three
//! labels or more (`is_table`: a car's data, whose bare numbers and
//! dates, '5' under 'Sitzplätze', '04/2021' under 'Erstzulassung', the
//! pack's page numbers and datelines took and the table gives back), and
//! a list whose items share words with the text's sentences, at the run's end nearest the body
//! (`split_off_list_of_the_text`: what a how-to says you will need, after
//! its last paragraph; a recipe's title and ingredients under the site's
//! menu): the menu on its other side goes alone. A column with a line of
//! the site's navigation between it and the body is no such list, however
//! many of its items share a word with the text ('刑事案件', '民事案件' over
//! a login link, on a court's judgment). No line that reads as
//! code or ends with a comma is an item
//! ([`crate::normalize::key::LineKey::unlike_a_link`]): the last lines of a
//! tutorial's program, the verses of a poem over its commentary; nor is a
//! table's row with a measure on one line ('용량: 1.7L', '무게: 1.1kg'
//! under a product's text); nor is a
//! price ([`crate::normalize::key::LineKey::reads_as_price`]: '$485,000',
//! '749,90 TL'), which a shop's or a listing's page sets among its
//! buttons and no menu holds. A table of contents, inside the body too,
//! is [`super::table_of_contents`]'s.
//!
//! Inside the body, a column goes where lines other rules took stand
//! among its items, both after its first and before its last
//! (`columns_in_the_body`): the filters over a page's reviews ('Filter',
//! 'Traveler rating', 'Excellent', 'Very good'), a reviewer's handle and
//! town over their count of contributions, a forum member's name between
//! the buttons of the post above and their rank. A list of the text
//! stands among no such lines, and a heading under a share bar has the
//! text after it, not more of the pack's lines; neither goes. Nor does a
//! column's last item right over a paragraph no rule took: it heads the
//! paragraph ('What's new' over an app's notes, under the buttons of the
//! reviews above).
//!
//! A site's masthead goes too: its name and motto ('The Slow Gardener',
//! 'Notes from a small allotment'), one or two light lines that do not
//! end as sentences, at the head of the page (under a 'Skip to content'
//! link at most) with a line of the site's navigation after them before
//! any other text. A page's title follows the navigation and never
//! precedes it (a Wikipedia title before its tabs has a skip link, a menu
//! and login links above it: no head of the page). A title the text's
//! first paragraph opens with, or whose words it says, is never part of
//! one.
//!
//! Anywhere, a column of tags goes: three lines or more of one lowercase
//! word each ('python', 'pandas', 'version-control') that a line another
//! rule took follows (a question's tags over its 'Share' button;
//! `tags_over_taken_lines`).
//!
//! A light line of the header that a line after the body says again is
//! the site's or the writer's name, over the title and again among the
//! links under the text: both copies go (`names_the_footer_says_again`),
//! but for the header's heaviest line and the one nearest the body, one
//! of which is the title that a list of recent posts may name again. The
//! one nearest the body goes too where it is as light as a link and a
//! date line follows it: a byline's name over its date ('佐藤ゆかり' over
//! '2024年2月3日 18:05', said again in the writer's box under the text). A
//! copy under the body with a sentence after it may head a section, and
//! counts only where another rule took it (the writer's box, name over
//! bio).

use std::cmp::Reverse;

use crate::decide::pack::{PackRule, RulePack};
use crate::fingerprint::DocSketch;
use crate::normalize::key::LineKey;

use super::super::{Reason, Verdicts};
use super::page_pattern::{self, Place};

/// The fewest items of a column.
pub const MIN_ITEMS: usize = 4;
/// The heaviest item: 'Entertainment', 'Contact us', '政务服务中心'.
pub const MAX_ITEM_WEIGHT: u32 = 14;
/// The heaviest item of a column over the body or one that a line of the
/// site's navigation leads: 'School of Civil Engineering'.
pub const MAX_LINKED_ITEM_WEIGHT: u32 = 24;
/// The fewest values under their labels that make a table of a run.
pub const MIN_TABLE_PAIRS: usize = 3;
/// The lightest paragraph a heading inside the body stands over: a
/// sentence or two, heavier than any link.
const MIN_PARAGRAPH_WEIGHT: u32 = 40;
/// The heaviest line of a site's masthead.
const MAX_MASTHEAD_WEIGHT: u32 = 40;
/// The most lines of a masthead: the site's name and its motto.
const MAX_MASTHEAD_LINES: usize = 2;
/// Lines other rules took that may stand above a masthead: a 'Skip to
/// content' link.
const MAX_LINES_ABOVE_MASTHEAD: usize = 1;
/// The heaviest item that may end in a full stop: 'U.S.', 'Inc.'.
const MAX_ABBREVIATION_WEIGHT: u32 = 3;

pub fn apply(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    has_body: bool,
    verdicts: &mut Verdicts,
) {
    if !has_body {
        for i in column_at_the_head(sketch, pack, verdicts) {
            verdicts[i] = Some(Reason::MenuColumn);
        }
        return;
    }
    let first_body = places.iter().position(|&p| p == Place::Body);
    let navigation = |i: usize| navigates(pack, &sketch.lines[i], verdicts[i]);
    let taken_by = |i: usize, reads: fn(&PackRule) -> bool| taken_by(pack, verdicts[i], reads);
    // An icon's name stands for a picture: where a title or a heading
    // stands, it is as if it were not there.
    let icon = |i: usize| taken_by(i, PackRule::reads_icons);
    // A heading the body follows right under it, past a short first
    // paragraph or two, where the page's title stands higher up ('软件介绍'
    // under a program's title and its download buttons).
    let heading_place = first_body.and_then(|first| {
        let last = (0..first).rev().find(|&i| {
            let line = &sketch.lines[i];
            line.weight > 0 && !icon(i) && !(line.ends_sentence && verdicts[i].is_none())
        })?;
        verdicts[last].is_none().then_some(last)
    });
    let title_place = first_body.and_then(|first| {
        let lead_title = (0..first).find(|&i| sketch.lines[i].opens_lead);
        lead_title.or_else(|| {
            let after_navigation = (0..first)
                .rev()
                .find(|&i| navigation(i))
                .map_or(0, |i| i + 1);
            let left = |i: &usize| sketch.lines[*i].weight > 0 && verdicts[*i].is_none();
            let last = (after_navigation..first).rev().find(left)?;
            let dates = |j: usize| taken_by(j, PackRule::reads_dates);
            if (last + 1..first).all(|j| sketch.lines[j].weight == 0 || dates(j) || icon(j)) {
                return Some(last);
            }
            // Buttons under it that other rules took ('Share', 'Report'):
            // the title stands over its byline, as the heaviest line left
            // that is no name, the first of equals.
            (after_navigation..first).filter(left).max_by_key(|&i| {
                let line = &sketch.lines[i];
                (!line.reads_as_name, line.weight, Reverse(i))
            })
        })
    });
    for i in masthead(sketch, pack, places, first_body.unwrap_or(0), verdicts) {
        verdicts[i] = Some(Reason::Masthead);
    }
    // The lines the run would remove, and where its items stand: those
    // and the light lines other rules already took.
    let mut run = Vec::new();
    let mut items = Vec::new();
    let close = |run: &mut Vec<usize>, items: &mut Vec<usize>, verdicts: &mut Verdicts| {
        let navigation = |i: usize| navigates(pack, &sketch.lines[i], verdicts[i]);
        // A heavy line the navigation leads to, where no more of the
        // site's links follow it, is the page's title, not a link; not
        // where the title follows it.
        let is_title = |j: usize| {
            let line = &sketch.lines[j];
            Some(j) == title_place || line.opens_lead || line.names_the_text
        };
        while let Some(&last) = run.last() {
            let next_text = (last + 1..sketch.lines.len()).find(|&j| sketch.lines[j].weight > 0);
            if sketch.lines[last].weight <= MAX_ITEM_WEIGHT
                || next_text.is_some_and(|j| navigation(j) || is_title(j))
            {
                break;
            }
            // The items after it, lines other rules took (a job's
            // buttons under its salary), stand in another column.
            run.pop();
            items.retain(|&i| i < last);
        }
        // The run's last line, right under a line of the site's navigation,
        // with a number in it: the page's title ('tidewater 0.9.2' under
        // 'Log in', 'Register'; 'Ruth 1'), where a menu's links seldom
        // hold one.
        if let Some(&last) = run.last() {
            let above = (0..last).rev().find(|&j| sketch.lines[j].weight > 0);
            if sketch.lines[last].holds_digits
                && places[last] == Place::Header
                && above.is_some_and(navigation)
            {
                run.pop();
                items.retain(|&i| i != last);
            }
        }
        let untaken = |j: usize| verdicts[j].is_none();
        let (menu, list) =
            split_off_list_of_the_text(sketch, places, run, title_place, untaken, navigation);
        // The items on the menu's side of the list (before it in the
        // header, after it in the footer): a link another rule took is one
        // too.
        let menu_items = match list {
            [] => items.len(),
            [first, ..] if places[*first] == Place::Header => {
                items.iter().filter(|&&i| i < *first).count()
            }
            [.., last] => items.iter().filter(|&&i| i > *last).count(),
        };
        // A heading under the page's furniture, the one line the run
        // would take that no other rule did, heads the text.
        let heading_alone = menu.len() == 1 && Some(menu[0]) == heading_place;
        if menu_items >= MIN_ITEMS {
            if is_table(sketch, menu) {
                // A table's values are no page's number nor its date:
                // 'Sitzplätze', '5'; 'Erstzulassung', '04/2021'.
                let numbers = |rule: &PackRule| rule.reads_dates() || rule.reads_page_numbers();
                for i in values_under_labels(sketch, menu) {
                    if self::taken_by(pack, verdicts[i], numbers) {
                        verdicts[i] = None;
                    }
                }
            } else if !heading_alone {
                for &i in menu {
                    verdicts[i] = Some(Reason::MenuColumn);
                }
            }
        }
        run.clear();
        items.clear();
    };
    let mut previous_text: Option<&LineKey> = None;
    // Whether the lines since the last line of the site's navigation are
    // all items: the column goes on from that line.
    let mut led_by_navigation = false;
    for (i, line) in sketch.lines.iter().enumerate() {
        if line.weight == 0 {
            continue;
        }
        let repeats_the_line_above =
            previous_text.is_some_and(|above| above.content == line.content);
        previous_text = Some(line);
        if verdicts[i].is_some() {
            if places[i] != Place::Body && line.weight <= MAX_ITEM_WEIGHT {
                items.push(i);
            }
            led_by_navigation = places[i] != Place::Body && navigates(pack, line, verdicts[i]);
            continue;
        }
        let over_the_body = places[i] == Place::Header;
        let max_weight = if (led_by_navigation || over_the_body) && !line.echoes_body {
            MAX_LINKED_ITEM_WEIGHT
        } else {
            MAX_ITEM_WEIGHT
        };
        // A line that names the text, where the title says it again
        // further down, is the link to the page itself among a column's
        // ('Configuration' between 'Installation' and 'Plugins' in a
        // manual's contents, over its heading 'Configuration').
        let names_the_title_below =
            || title_place.is_some_and(|t| t > i && sketch.lines[t].content == line.content);
        let item = places[i] != Place::Body
            && Some(i) != title_place
            && reads_as_item(line, max_weight)
            && !line.opens_lead
            && !(places[i] == Place::Header
                && ((line.names_the_text && !names_the_title_below()) || repeats_the_line_above));
        if item {
            run.push(i);
            items.push(i);
        } else {
            led_by_navigation = false;
            close(&mut run, &mut items, verdicts);
        }
    }
    close(&mut run, &mut items, verdicts);
    for i in links_between_columns(sketch, places, title_place, verdicts) {
        verdicts[i] = Some(Reason::MenuColumn);
    }
    for i in columns_in_the_body(sketch, pack, places, verdicts) {
        verdicts[i] = Some(Reason::MenuColumn);
    }
    for i in tags_over_taken_lines(sketch, verdicts) {
        verdicts[i] = Some(Reason::Tag);
    }
    for (i, other) in names_the_footer_says_again(sketch, pack, places, verdicts) {
        if verdicts[i].is_none() {
            verdicts[i] = Some(Reason::EchoedName {
                other: other as u32,
            });
        }
    }
}

/// The links a little longer than a menu's items, up to
/// [`MAX_LINKED_ITEM_WEIGHT`], that stand outside the body between two
/// lines taken as items of a column, with nothing but blank lines
/// between: one link of a menu whose words run long
/// ('Администрирование' between 'Разработка' and 'Дизайн') splits the
/// column in two, and stays between the halves. The page's title, a line
/// the first paragraph opens with or whose words all stand in the text,
/// and a line that shares a word with the text's sentences stay.
fn links_between_columns(
    sketch: &DocSketch,
    places: &[Place],
    title_place: Option<usize>,
    verdicts: &Verdicts,
) -> Vec<usize> {
    let in_a_column = |j: Option<usize>| j.is_some_and(|j| verdicts[j] == Some(Reason::MenuColumn));
    let text = |j: &usize| sketch.lines[*j].weight > 0;
    (0..sketch.lines.len())
        .filter(|&i| {
            let line = &sketch.lines[i];
            verdicts[i].is_none()
                && places[i] != Place::Body
                && Some(i) != title_place
                && line.weight > MAX_ITEM_WEIGHT
                && reads_as_item(line, MAX_LINKED_ITEM_WEIGHT)
                && !line.opens_lead
                && !line.names_the_text
                && !line.echoes_body
                && in_a_column((0..i).rev().find(text))
                && in_a_column((i + 1..sketch.lines.len()).find(text))
        })
        .collect()
}

/// The lines of the columns of tags: runs of at least [`MIN_TAGS`] lines
/// that [read as tags](LineKey::reads_as_tag), where the next line with
/// text is one another rule took as the site's ('python', 'pandas',
/// 'dataframe' under a question, over its 'Share' button). The items of a
/// list of the text open with a capital letter, or hold more words than
/// one, or have more of the text after them.
fn tags_over_taken_lines(sketch: &DocSketch, verdicts: &Verdicts) -> Vec<usize> {
    let mut found = Vec::new();
    let mut run = Vec::new();
    for (i, line) in sketch.lines.iter().enumerate() {
        if line.weight == 0 {
            continue;
        }
        if line.reads_as_tag && verdicts[i].is_none() {
            run.push(i);
            continue;
        }
        if run.len() >= MIN_TAGS && verdicts[i].is_some_and(|r| r.is_boilerplate()) {
            found.append(&mut run);
        }
        run.clear();
    }
    found
}

/// The names the footer says again: each light line of the header that a
/// line after the body repeats, with its other copy, as `(line, other)`
/// pairs (a line said three times pairs with each of the others). A
/// site's or a writer's name stands over the title and again in the links
/// under the text ('Data Engineering Notes', 'Priya Raman'). A page's
/// title may be named again there too, in a list of the site's recent
/// posts, so the heaviest line of the header and the one nearest the body
/// (unless the line above it says another line of the header again) are
/// never taken, nor is a sentence or a line the first paragraph opens
/// with. Nor is a line of the footer with a sentence under it, which heads
/// a section (an entry of the contents and its heading, where the last
/// sections are too short to hold body text).
fn names_the_footer_says_again(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    verdicts: &Verdicts,
) -> Vec<(usize, usize)> {
    let Some(last_body) = places.iter().rposition(|&p| p == Place::Body) else {
        return Vec::new();
    };
    let header = places.iter().take_while(|&&p| p == Place::Header).count();
    let kept_in_header: Vec<usize> = (0..header)
        .filter(|&i| sketch.lines[i].weight > 0 && verdicts[i].is_none())
        .collect();
    let heaviest =
        (kept_in_header.iter().copied()).max_by_key(|&i| (sketch.lines[i].weight, Reverse(i)));
    // The line nearest the body may be the title, unless the line right
    // above it says another line of the header again: the title, said
    // twice, over its writer's name ('林间小鹿' under '每天写作半小时…').
    let said_again = |line: usize| {
        (kept_in_header.iter()).any(|&other| {
            other != line && sketch.lines[other].content == sketch.lines[line].content
        })
    };
    // Nor where it is as light as a link and a date line follows it: a
    // byline's name over its date ('佐藤ゆかり' over '2024年2月3日').
    let over_its_date = |line: usize| {
        let next = (line + 1..sketch.lines.len()).find(|&j| sketch.lines[j].weight > 0);
        sketch.lines[line].weight <= MAX_ITEM_WEIGHT
            && next.is_some_and(|j| taken_by(pack, verdicts[j], PackRule::reads_dates))
    };
    let nearest_the_body = match kept_in_header[..] {
        [.., above, _] if said_again(above) => None,
        [.., last] if over_its_date(last) => None,
        _ => kept_in_header.last().copied(),
    };
    // A heading the contents named has its section's sentences under it;
    // a name among the links has more links or a date, and one that
    // another rule took is furniture whatever follows it (a writer's box:
    // the name, then the bio).
    let heads_a_section = |j: usize| {
        (sketch.lines[j + 1..].iter())
            .find(|l| l.weight > 0)
            .is_some_and(|l| l.ends_sentence)
    };
    let mut found = Vec::new();
    for &i in &kept_in_header {
        let line = &sketch.lines[i];
        if Some(i) == heaviest
            || Some(i) == nearest_the_body
            || line.weight > MAX_LINKED_ITEM_WEIGHT
            || line.ends_sentence
            || line.opens_lead
        {
            continue;
        }
        let echoes = (last_body + 1..sketch.lines.len()).filter(|&j| {
            sketch.lines[j].weight > 0
                && sketch.lines[j].content == line.content
                && (verdicts[j].is_some() || !heads_a_section(j))
        });
        for j in echoes {
            found.push((i, j));
            found.push((j, i));
        }
    }
    found
}

/// The lines of the columns inside the body: runs of at least
/// [`MIN_ITEMS`] items, counting the lines other rules took among them
/// that weigh no more than a linked item ('12 contributions' under a
/// reviewer's name), where some such line stands before the run's last
/// item and some after its first. A run holds no line that shares the
/// text's words and is no table; the date that heads an entry of the
/// body ([`page_pattern::entry_dates`]: an event's, over its title) is
/// no item.
fn columns_in_the_body(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    verdicts: &Verdicts,
) -> Vec<usize> {
    /// The lines other rules took since the last run closed.
    #[derive(Default)]
    struct Taken {
        first: Option<usize>,
        last: usize,
        light: usize,
    }
    let mut found = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut taken = Taken::default();
    let mut close = |run: &mut Vec<usize>, taken: &mut Taken| {
        // The run's last item right over a paragraph heads it: an app's
        // 'What's new' over its notes, under the reviews' buttons.
        if let Some(&last) = run.last() {
            let next_text = (last + 1..sketch.lines.len()).find(|&j| sketch.lines[j].weight > 0);
            if next_text.is_some_and(|j| {
                let line = &sketch.lines[j];
                verdicts[j].is_none()
                    && line.weight >= MIN_PARAGRAPH_WEIGHT
                    && line.ends_whole_sentence()
            }) {
                run.pop();
            }
        }
        if let (Some(&first), Some(&last), Some(first_taken)) =
            (run.first(), run.last(), taken.first)
        {
            if first_taken < last
                && taken.last > first
                && run.len() + taken.light >= MIN_ITEMS
                && !run.iter().any(|&i| sketch.lines[i].echoes_body)
                && !is_table(sketch, run)
            {
                found.extend_from_slice(run);
            }
        }
        run.clear();
        *taken = Taken::default();
    };
    let (Some(first_body), Some(last_body)) = (
        places.iter().position(|&p| p == Place::Body),
        places.iter().rposition(|&p| p == Place::Body),
    ) else {
        return found;
    };
    // Found when a line could be one: few pages hold two dates.
    let mut entry_dates: Option<Vec<usize>> = None;
    for (i, line) in sketch
        .lines
        .iter()
        .enumerate()
        .take(last_body + 1)
        .skip(first_body)
    {
        if line.weight == 0 {
            continue;
        }
        if verdicts[i].is_some() {
            taken.first.get_or_insert(i);
            taken.last = i;
            taken.light += usize::from(line.weight <= MAX_LINKED_ITEM_WEIGHT);
        } else if reads_as_item(line, MAX_ITEM_WEIGHT)
            && !line.opens_lead
            && !(line.pattern != 0
                && line.holds_digits
                && (entry_dates
                    .get_or_insert_with(|| page_pattern::entry_dates(sketch, pack, places)))
                .binary_search(&i)
                .is_ok())
        {
            run.push(i);
        } else if run.is_empty() {
            // Most lines of a body: nothing to close.
            taken = Taken::default();
        } else {
            close(&mut run, &mut taken);
        }
    }
    close(&mut run, &mut taken);
    found
}

/// Whether a line no rule took may be a link of a column, of weight up to
/// `max_weight`: no sentence, section number, code or price.
fn reads_as_item(line: &LineKey, max_weight: u32) -> bool {
    line.weight <= max_weight
        && (!line.ends_sentence || line.weight <= MAX_ABBREVIATION_WEIGHT)
        && !line.enumerated
        && !line.unlike_a_link
        && !line.reads_as_price
}

/// The column of a page without body text that opens it, where a line of
/// the site's navigation follows it: the sections over a login form
/// ('新闻', '政务公开', '办事服务' between '首页' and '用户登录'), a site's
/// links over the search box and the trail of a poem's page. Such a page
/// is mostly short lines, so only a column with nothing above it but lines
/// other rules took, and the navigation right after it, is taken: a poem's
/// verses stand under its title, and a list under its heading.
fn column_at_the_head(sketch: &DocSketch, pack: &RulePack, verdicts: &Verdicts) -> Vec<usize> {
    let mut run = Vec::new();
    let mut items = 0;
    for (i, line) in sketch.lines.iter().enumerate() {
        if line.weight == 0 {
            continue;
        }
        if verdicts[i].is_some() {
            if !run.is_empty() && navigates(pack, &sketch.lines[i], verdicts[i]) {
                break;
            }
            items += usize::from(line.weight <= MAX_ITEM_WEIGHT);
            continue;
        }
        if !reads_as_item(line, MAX_ITEM_WEIGHT) {
            return Vec::new();
        }
        run.push(i);
        items += 1;
    }
    let navigation_follows = run.last().is_some_and(|&last| {
        let next_text = (last + 1..sketch.lines.len()).find(|&j| sketch.lines[j].weight > 0);
        next_text.is_some_and(|j| navigates(pack, &sketch.lines[j], verdicts[j]))
    });
    if navigation_follows && items >= MIN_ITEMS && !is_table(sketch, &run) {
        run
    } else {
        Vec::new()
    }
}

/// Whether a rule of the pack that `reads` took the line that `verdict`
/// is of.
fn taken_by(pack: &RulePack, verdict: Option<Reason>, reads: fn(&PackRule) -> bool) -> bool {
    match verdict {
        Some(Reason::PagePattern { pattern }) => reads(pack.rule(pattern)),
        _ => false,
    }
}

/// Whether a line of the pack's `navigation` rules took the line that
/// `verdict` is of: a menu, a login link, a breadcrumb.
fn navigates(pack: &RulePack, line: &LineKey, verdict: Option<Reason>) -> bool {
    match verdict {
        Some(Reason::PagePattern { pattern }) => pack.rule(pattern).navigation,
        // The group's template took it before the pack could ('Home' on
        // many pages of a collection): it is the site's navigation still.
        Some(_) => line.pattern != 0 && pack.rule(line.pattern).navigation,
        None => false,
    }
}

/// The lines of the site's masthead among those before line `end` (the
/// body's first): one or two light lines at the head of the page, under a
/// skip link at most, that the site's navigation follows before any other
/// text. None where no such lines stand.
fn masthead(
    sketch: &DocSketch,
    pack: &RulePack,
    places: &[Place],
    end: usize,
    verdicts: &Verdicts,
) -> Vec<usize> {
    let mut masthead = Vec::new();
    let mut taken_above = 0;
    for (i, line) in sketch.lines.iter().enumerate().take(end) {
        if line.weight == 0 {
            continue;
        }
        if verdicts[i].is_some() {
            if navigates(pack, &sketch.lines[i], verdicts[i]) && !masthead.is_empty() {
                return masthead;
            }
            taken_above += 1;
            if masthead.is_empty() && taken_above > MAX_LINES_ABOVE_MASTHEAD {
                break;
            }
            continue;
        }
        let part_of_a_masthead = line.weight <= MAX_MASTHEAD_WEIGHT
            && !line.ends_sentence
            && !line.opens_lead
            && !line.names_the_text
            && places[i] == Place::Header;
        if !part_of_a_masthead || masthead.len() == MAX_MASTHEAD_LINES {
            break;
        }
        masthead.push(i);
    }
    Vec::new()
}

/// Whether a light line of weight `weight` reads as a line of program
/// code: at least two of its characters are brackets, semicolons or equals
/// signs, they are at least half as many as its letters and digits, and
/// one of them is a brace, a semicolon, an equals sign or the empty
/// brackets of a call ('Ok(())', 'x = 1;', 'fn main() {'). A menu's links
/// hold a count in brackets at most ('Comments (3)'), and a button in
/// square brackets is none ('\[Yes\]').
pub fn reads_as_code(line: &str, weight: u32) -> bool {
    let marks = (line.bytes())
        .filter(|b| matches!(b, b'(' | b')' | b'{' | b'}' | b'[' | b']' | b';' | b'='))
        .count() as u32;
    marks >= 2
        && marks * 2 >= weight
        && (line.contains("()") || line.bytes().any(|b| matches!(b, b'{' | b'}' | b';' | b'=')))
}

/// Whether the lines of a run are a table of labels and values rather than
/// links: at least a third of them hold digits ('16 GB', '1.1 kg') and at
/// least a third hold none ('Memory', 'Weight'), a label's count after it
/// aside. A menu's links mostly hold no digit ('Top 10' among them) or
/// a count after their label ('Issues 41', 'Star 3.4k' of a repository's
/// tabs: [`crate::normalize::key::LineKey::ends_with_count`]), and a list
/// of archive months or of pages ('March 2024', '2', '3') nearly all hold
/// some ([`crate::normalize::key::LineKey::holds_digits`]: a menu in
/// Traditional Chinese, whose template and content keys differ where
/// `--fold-script` folds its characters, holds none).
///
/// A table is one too where, among all the lines with text from the run's
/// first to its last, at least [`MIN_TABLE_PAIRS`] values stand each right
/// under a label, both as light as a link and neither a sentence (a
/// blog's byline and date over a copyright notice are none), whatever
/// else the table holds: a car's data ('Leistung', '110 kW (150 PS)',
/// 'Kraftstoff', 'Benzin'), whose bare values other rules may have taken
/// ('Fahrzeughalter', '1'; 'Erstzulassung', '04/2021'), and a list of its
/// equipment after it: those values stay. A menu's count of pages stands
/// after a page's number, not after a label.
fn is_table(sketch: &DocSketch, run: &[usize]) -> bool {
    let count =
        |test: fn(&LineKey) -> bool| run.iter().filter(|&&i| test(&sketch.lines[i])).count();
    let values = count(reads_as_value);
    let labels = count(|line| !line.holds_digits);
    if values * 3 >= run.len() && labels * 3 >= run.len() {
        return true;
    }
    values_under_labels(sketch, run).count() >= MIN_TABLE_PAIRS
}

/// Whether a line of a table is a value: it holds digits that are no
/// count after a label ('16 GB', not 'Issues 41').
fn reads_as_value(line: &LineKey) -> bool {
    line.holds_digits && !line.ends_with_count
}

/// The lines with text from the run's first to its last that are values
/// ([`reads_as_value`]) right under their labels (lines without digits),
/// both as light as a link and neither a sentence.
fn values_under_labels<'s>(
    sketch: &'s DocSketch,
    run: &[usize],
) -> impl Iterator<Item = usize> + 's {
    let span = match (run.first(), run.last()) {
        (Some(&first), Some(&last)) => first..last + 1,
        _ => 0..0,
    };
    let lines = &sketch.lines;
    let light = |i: usize| lines[i].weight <= MAX_LINKED_ITEM_WEIGHT && !lines[i].ends_sentence;
    let mut label_above = false;
    span.filter(|&i| lines[i].weight > 0).filter(move |&i| {
        let line = &lines[i];
        let value = light(i) && reads_as_value(line) && label_above;
        label_above = light(i) && !line.holds_digits;
        value
    })
}

/// A run split into its menu and the list about the text at its end
/// nearest the body, if it has one: before the body, the list is the
/// run's tail from its first line that shares the text's words, where at
/// least [`MIN_LIST_ECHOES`] lines and at least half of its lines do
/// ([`crate::normalize::key::LineKey::echoes_body`]: a recipe's title and
/// ingredients, '番茄炒蛋', '鸡蛋 3个', '番茄 2个', under the site's menu);
/// after it, the run's head up to its last such line ('Cereal box',
/// 'Scissors', 'Bird seed' under 'You will need', before 'Related
/// crafts'). A list has at least as many lines as a menu has items,
/// counting the lines of it beyond the run: light lines no rule took
/// (nor the page's title), heavier than an item or alone between heavier
/// ones, that go on
/// from the run's end nearest the body ('1,5 kg Äpfel, säuerlich' after
/// '400 g Mehl', '1 Pck. Backpulver'); a run that such a line sharing the
/// text's words stands right before (after, under the body) is part of
/// the list from its first line, whether that shares a word or not
/// ('4 Ei(er)' under '1 Pck. Vanillezucker'). A
/// menu's links mostly share no word with the text ('Kids', 'Seasonal',
/// 'Printables'), and the few that do ('Science' over an article about
/// science) are no list, however often one of them stands ('Cotidiano'
/// in the menu and again over the title); nor is a run with a line of the site's
/// navigation among its lines (a login link amid 'Thế giới', 'Kinh doanh',
/// whose syllables a Vietnamese text shares), or any line another rule
/// took (a product's options, 'Oatmeal', 'Sea green', over the shop's
/// 'Quantity' and 'Add to basket').
fn split_off_list_of_the_text<'r>(
    sketch: &DocSketch,
    places: &[Place],
    run: &'r [usize],
    title_place: Option<usize>,
    untaken: impl Fn(usize) -> bool,
    navigates: impl Fn(usize) -> bool,
) -> (&'r [usize], &'r [usize]) {
    let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
        return (run, &[]);
    };
    let echoes = |i: &usize| sketch.lines[*i].echoes_body;
    // A line of the same list that is no item of a column: heavier than
    // one, or alone between heavier lines ('250 g Butter, weich',
    // '1 Pck. Vanillezucker' among '400 g Mehl', '4 Ei(er)').
    let of_a_list = |j: usize| {
        let line = &sketch.lines[j];
        untaken(j)
            && Some(j) != title_place
            && !line.opens_lead
            && places[j] == places[first]
            && !line.ends_sentence
            && line.weight <= MAX_LINKED_ITEM_WEIGHT
    };
    let text = |j: &usize| sketch.lines[*j].weight > 0;
    // A list on its own: at least half of its lines share the text's
    // words. Or one that goes on beside the run: at least half of the
    // run's lines, of the lines beside it and of the whole list do. Either
    // way no line another rule took stands among the run's: the list
    // beside a menu makes no list of its links, nor does a title with a
    // line or two under it, nor labels between their values ('작성자',
    // '조회수', '첨부파일' over a notice's attachments), nor a product's
    // options with the shop's buttons under them ('Oatmeal', 'Sea green',
    // 'Quantity', 'Add to basket', then 'Item details').
    let is_list = |lines: &[usize], beside: &[usize]| {
        let (Some(&from), Some(&to)) = (lines.first(), lines.last()) else {
            return false;
        };
        let echoing = lines.iter().filter(|i| echoes(i)).count();
        // A link said twice ('Cotidiano' in the menu and over the title)
        // shares one word with the text, however often it stands.
        let echoing_differently = || {
            let mut echoed: Vec<u64> = (lines.iter())
                .filter(|i| echoes(i))
                .map(|&i| sketch.lines[i].content)
                .collect();
            echoed.sort_unstable();
            echoed.dedup();
            echoed.len()
        };
        let alone = || {
            lines.len() >= MIN_ITEMS
                && echoing >= MIN_LIST_ECHOES
                && echoing_differently() >= MIN_LIST_ECHOES
        };
        let with_beside = || {
            let echoing_beside = beside.iter().filter(|i| echoes(i)).count();
            let count = lines.len() + beside.len();
            count >= MIN_ITEMS
                && echoing_beside >= MIN_LIST_ECHOES
                && echoing_beside * 2 >= beside.len()
                && (echoing + echoing_beside) * 2 >= count
        };
        echoing * 2 >= lines.len()
            && (from..=to).filter(text).all(&untaken)
            && (alone() || with_beside())
            && !(from..=to).any(&navigates)
    };
    if places[first] == Place::Header {
        // The site's navigation between a column and the body makes it the
        // site's too: a list of the text stands next to the text.
        let body = (last + 1..places.len())
            .find(|&i| places[i] != Place::Header)
            .unwrap_or(places.len());
        if (last + 1..body).any(&navigates) {
            return (run, &[]);
        }
        // The list goes on after the run, and began before it where the
        // line above its first shares the text's words.
        let after: Vec<usize> = (last + 1..body)
            .filter(text)
            .take_while(|&j| of_a_list(j))
            .collect();
        let began_before = (0..first)
            .rev()
            .find(text)
            .is_some_and(|j| of_a_list(j) && echoes(&j));
        let tail = (0..run.len())
            .find(|&k| (echoes(&run[k]) || (k == 0 && began_before)) && is_list(&run[k..], &after));
        run.split_at(tail.unwrap_or(run.len()))
    } else {
        let before: Vec<usize> = (0..first)
            .rev()
            .filter(text)
            .take_while(|&j| of_a_list(j))
            .collect();
        let goes_on_after = (last + 1..places.len())
            .find(text)
            .is_some_and(|j| of_a_list(j) && echoes(&j));
        let head = (0..run.len()).rev().find(|&k| {
            (echoes(&run[k]) || (k + 1 == run.len() && goes_on_after))
                && is_list(&run[..=k], &before)
        });
        let (list, menu) = run.split_at(head.map_or(0, |k| k + 1));
        (menu, list)
    }
}

/// The fewest lines of a column of tags.
const MIN_TAGS: usize = 3;

/// The fewest lines of a list about the text that share its words.
const MIN_LIST_ECHOES: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::page_pattern::places;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::GroupTable;
    use crate::settings::BoilerplateSettings;

    const BODY: &str = "This is a long paragraph of body text that is clearly content and not a template line at all, long enough.";

    /// The lines the rule removes from a page of `lines`, after the pack
    /// took its own when `with_pack`.
    fn removed(lines: &[&str], with_pack: bool) -> Vec<bool> {
        removed_from(&sketch_lines(lines), with_pack)
    }

    /// The same, of a page already sketched.
    fn removed_from(sketch: &DocSketch, with_pack: bool) -> Vec<bool> {
        let pack = crate::decide::pack::RulePack::shipped();
        let (places, has_body) = places(
            sketch,
            &GroupTable::default(),
            &BoilerplateSettings::default(),
            &pack,
        );
        let mut verdicts = vec![None; sketch.lines.len()];
        if with_pack {
            crate::decide::rules::page_pattern::apply(
                sketch,
                &pack,
                &places,
                has_body,
                &mut verdicts,
            );
        }
        apply(sketch, &pack, &places, has_body, &mut verdicts);
        (verdicts.iter())
            .map(|v| matches!(v, Some(Reason::MenuColumn)))
            .collect()
    }

    /// The lines of a page the rule takes as the site's masthead, after
    /// the pack took its own.
    fn masthead(lines: &[&str]) -> Vec<usize> {
        taken_as(lines, |reason| matches!(reason, Reason::Masthead))
    }

    /// The lines of a page the rule takes as names the footer says again,
    /// after the pack took its own.
    fn names_said_again(lines: &[&str]) -> Vec<usize> {
        taken_as(lines, |reason| matches!(reason, Reason::EchoedName { .. }))
    }

    /// The lines of a page the rule takes as tags, after the pack took its
    /// own.
    fn tags(lines: &[&str]) -> Vec<usize> {
        taken_as(lines, |reason| matches!(reason, Reason::Tag))
    }

    /// The lines of a page the rule takes for a reason `of_kind` accepts,
    /// after the pack took its own.
    fn taken_as(lines: &[&str], of_kind: impl Fn(&Reason) -> bool) -> Vec<usize> {
        taken_after(lines, &[], of_kind)
    }

    /// The same, where the rules before the pack took the lines of
    /// `taken` first.
    fn taken_after(
        lines: &[&str],
        taken: &[(usize, Reason)],
        of_kind: impl Fn(&Reason) -> bool,
    ) -> Vec<usize> {
        let sketch = sketch_lines(lines);
        let pack = crate::decide::pack::RulePack::shipped();
        let settings = BoilerplateSettings::default();
        let (places, has_body) = places(&sketch, &GroupTable::default(), &settings, &pack);
        let mut verdicts = vec![None; sketch.lines.len()];
        for &(i, reason) in taken {
            verdicts[i] = Some(reason);
        }
        crate::decide::rules::page_pattern::apply(&sketch, &pack, &places, has_body, &mut verdicts);
        apply(&sketch, &pack, &places, has_body, &mut verdicts);
        (verdicts.iter().enumerate())
            .filter(|(_, v)| v.as_ref().is_some_and(&of_kind))
            .map(|(i, _)| i)
            .collect()
    }

    fn run(lines: &[&str]) -> Vec<bool> {
        removed(lines, false)
    }

    fn run_after_pack(lines: &[&str]) -> Vec<bool> {
        removed(lines, true)
    }

    #[test]
    fn links_other_rules_took_count_as_items() {
        let page = [
            "Menú",
            "Inicio",
            "Recetas",
            "Viajes",
            "Contacto",
            "Cinco pueblos blancos",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, false, true, true, false, false, false]
        );
        let page = ["Recetas", "Viajes", "Cinco pueblos blancos", BODY];
        assert_eq!(run_after_pack(&page), [false; 4], "two items alone");
    }

    #[test]
    fn a_menu_of_longer_links_over_the_title_goes() {
        let text = [
            "Plantar fasciitis is one of the most common causes of heel pain, and it involves a band of tissue under the foot.",
            "Plantar fasciitis commonly causes stabbing pain with the first steps in the morning, which eases as you move.",
        ];
        let page = [
            "Care at Lakeshore Clinic",
            "Health Library",
            "For Medical Professionals",
            "Research & Education",
            "Log in to Patient Account",
            "Plantar fasciitis",
            text[0],
            text[1],
        ];
        assert_eq!(
            removed(&page, false),
            [true, true, true, true, true, false, false, false],
            "links of up to three words over the title go; the title stays"
        );
        let page = [
            "Heel pain in the morning",
            "Stabbing pain when standing",
            "Tissue under the foot",
            "Common causes of pain",
            text[0],
            text[1],
        ];
        assert_eq!(
            removed(&page, false),
            [false; 6],
            "lines that share the text's words are its list, however long"
        );
    }

    #[test]
    fn a_column_among_lines_other_rules_took_goes_inside_the_body() {
        let review = "We stayed four nights in a room on the top floor, and it was quiet even though the street is busy by day.";
        let page = [
            BODY,
            "Reviews",
            "Filter",
            "Traveler rating",
            "Excellent",
            "Very good",
            "Average",
            "Poor",
            "anna_k",
            "Lisbon, Portugal",
            "12 contributions",
            "A quiet room near the river",
            review,
        ];
        let removed = run_after_pack(&page);
        assert_eq!(
            removed[2..10],
            [true, false, true, true, true, true, true, true],
            "the rating filter and the reviewer go: the pack's lines stand among them"
        );
        assert_eq!(removed[11..], [false, false], "the review's title stays");
        let page = [
            BODY,
            "Helpful",
            "Share",
            "Derek W",
            "1,212 contributions",
            review,
        ];
        assert!(
            run_after_pack(&page)[3],
            "a reviewer's name between the buttons and a count of weight 16"
        );
        let page = [BODY, "Share", "Email", "Print", "History", review];
        assert!(
            !run_after_pack(&page)[4],
            "a heading under lines the pack took, with the text after it, stays"
        );
        let notes = "Faster map downloads on slow connections. Fixed a crash when importing GPX files with empty names.";
        let page = [
            BODY,
            "97 people found this review helpful",
            "Did you find this helpful?",
            "Yes",
            "No",
            "See all reviews",
            "What's new",
            notes,
        ];
        let removed = run_after_pack(&page);
        assert_eq!(
            removed[3..],
            [true, true, false, false, false],
            "the last item, right over a paragraph, heads it"
        );
        let page = [
            BODY,
            "You will need",
            "Flour",
            "Sugar",
            "Eggs",
            "Butter",
            review,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false; 7],
            "a list of the text among no lines of the pack stays"
        );
    }

    #[test]
    fn links_the_navigation_leads_may_be_longer() {
        let page = [
            "Search",
            "Residents",
            "Living in Bergheim",
            "Economy",
            "Politics and administration",
            "Tourism",
            "Apply for a parking permit",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, true, true, true, false, false, false, false],
            "a line over 24 ends the column; the title stays"
        );
        let page = [
            "Search",
            "Residents",
            "Living in Bergheim",
            "Economy",
            "Tourism",
            "Parking permits in Bergheim",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, true, true, true, true, false, false],
            "the heavy line last before the body is the title"
        );
        let page = [
            "Search",
            "Residents",
            "Economy",
            "Tourism",
            "Parking permits in Bergheim",
            "Published 4 March 2024",
            "Applications are made online.",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, true, true, true, false, false, false, false],
            "a heavy line over a dateline, no link after it, is the title"
        );
        let page = [
            BODY,
            "Residents",
            "Living in Bergheim",
            "Economy",
            "Tourism",
            "Culture",
            "Parking",
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, false, false, true, true, true, true],
            "no line of the navigation above, after the body: a column of its own keeps to light items"
        );
    }

    #[test]
    fn navigation_the_groups_template_took_first_still_leads() {
        // 'Home' is on many pages of a collection: the group's counts take
        // it before the pack does, and it still marks the site's
        // navigation under the masthead.
        let blog = [
            "The Slow Gardener",
            "Notes from a small allotment",
            "Home",
            "Planting garlic in autumn",
            BODY,
        ];
        let frequent = Reason::Boilerplate {
            stats: crate::index::KeyStats {
                docs: 19,
                ..Default::default()
            },
            group_docs: 173,
        };
        let masthead = taken_after(&blog, &[(2, frequent)], |reason| {
            matches!(reason, Reason::Masthead)
        });
        assert_eq!(masthead, [0, 1]);
    }

    #[test]
    fn a_masthead_over_the_sites_navigation_goes() {
        let blog = [
            "Skip to content",
            "The Slow Gardener",
            "Notes from a small allotment",
            "Home",
            "Planting garlic in autumn",
            BODY,
        ];
        assert_eq!(masthead(&blog), [1, 2]);
        assert_eq!(masthead(&blog[1..]), [0, 1]);
        // Under a skip link, a menu and login links: a title over its tabs.
        let wiki = [
            "Skip to content",
            "Main menu",
            "Log in",
            "Lake Tekapo",
            "Talk",
            BODY,
        ];
        assert!(masthead(&wiki).is_empty());
        // The title the first paragraph opens with is never part of one.
        let lead = format!("Planting garlic in autumn is easier than most think. {BODY}");
        assert!(masthead(&["Planting garlic in autumn", "Home", &lead]).is_empty());
        // Nor are three lines or more: a trail and a title.
        let trail = ["Europe", "Portugal", "Lisbon", "Home", BODY];
        assert!(masthead(&trail).is_empty());
    }

    #[test]
    fn a_column_of_tags_over_the_pages_buttons_goes() {
        let question = [
            "How to remove duplicate rows in a pandas DataFrame?",
            BODY,
            "python",
            "pandas",
            "data-frame",
            "Share",
            "Improve this question",
            BODY,
        ];
        assert_eq!(tags(&question), [2, 3, 4]);
        let two = [BODY, "python", "pandas", "Share", BODY];
        assert!(tags(&two).is_empty(), "two words are no column");
        let capitals = [BODY, "Python", "Pandas", "Numpy", "Share", BODY];
        assert!(
            tags(&capitals).is_empty(),
            "a list of the text's names stays"
        );
        let list = [BODY, "manzanas", "peras", "ciruelas", BODY, "Compartir"];
        assert!(
            tags(&list).is_empty(),
            "a list in lowercase that the text goes on after stays"
        );
        let words = [BODY, "python", "pandas 2", "numpy", "Share", BODY];
        assert!(tags(&words).is_empty(), "a tag is one word");
    }

    #[test]
    fn a_name_the_footer_says_again_goes_from_the_header() {
        let page = [
            "Why our batch jobs got slower after moving to the cloud",
            "Priya Raman",
            "Data Engineering Notes",
            BODY,
            "Written by",
            "Priya Raman",
            "More from the writer",
        ];
        assert_eq!(
            names_said_again(&page),
            [1, 5],
            "the writer's name goes, above and below; the title and the line nearest the body stay"
        );
        let blog = [
            "The Slow Gardener",
            "Notes from a small allotment and the kitchen",
            "Planting garlic in autumn",
            BODY,
            "Recent posts",
            "Planting garlic in autumn",
            "Saving tomato seeds",
        ];
        assert!(
            names_said_again(&blog).is_empty(),
            "a title a list of posts names again stays, lighter than the motto above it"
        );
        let guide = [
            "Contents",
            "What it costs",
            "How to apply",
            "Apply for a waste carrier licence",
            BODY,
            "What it costs",
            "An upper tier registration costs £154.",
            "How to apply",
            "You can apply online.",
        ];
        assert!(
            names_said_again(&guide).is_empty(),
            "the contents' entries stay: their headings have their sections' sentences under them"
        );
        let post = [
            "Writing for half an hour a day",
            "Lin Xiaolu",
            "Writing for half an hour a day",
            "Lin Xiaolu",
            BODY,
            "Lin Xiaolu",
            "Follow",
        ];
        assert_eq!(
            names_said_again(&post),
            [1, 3, 5],
            "the name under the title said again is no title, though nearest the body"
        );
        let essay = [
            "古い町家を借りて本屋を始めた話",
            "佐藤ゆかり",
            "2024年2月3日 18:05",
            BODY,
            "佐藤ゆかり",
            "京都で小さな本屋をやっています。本と暮らしのこと。",
            "フォロー",
        ];
        let footer_box = [(4, Reason::MenuColumn)];
        let echoed = |reason: &Reason| matches!(reason, Reason::EchoedName { .. });
        assert_eq!(
            taken_after(&essay, &footer_box, echoed),
            [1],
            "a name over its date is no title, though nearest the body; its copy in the \
             writer's box, which another rule took, heads no section"
        );
        assert!(
            names_said_again(&essay).is_empty(),
            "a copy that no rule took, over a sentence, may head a section"
        );
    }

    #[test]
    fn a_longer_link_between_two_halves_of_a_column_goes_with_them() {
        let page = [
            "Моя лента",
            "Все потоки",
            "Разработка",
            "Аналитика",
            "Администрирование",
            "Дизайн",
            "Менеджмент",
            "Маркетинг",
            "Научпоп",
            "Как мы ускорили сборку",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, true, true, true, true, true, true, false, false]
        );
        let titled = [
            "World",
            "US",
            "Politics",
            "Business",
            "Seed swapping weekends",
            "Science",
            "Climate",
            "Tech",
            "Health",
            "Budget passes after a long night",
            BODY,
        ];
        assert!(
            run_after_pack(&titled)[4],
            "a line between two halves of a menu is no title"
        );
        let under_the_title = [
            "World",
            "US",
            "Politics",
            "Business",
            "Why small libraries keep",
            BODY,
        ];
        assert!(
            !run_after_pack(&under_the_title)[4],
            "the page's title after the menu, with no column below it"
        );
    }

    #[test]
    fn a_title_follows_the_sites_navigation() {
        let page = ["World", "US", "Politics", "Sign in", BODY];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, false, false],
            "the body's first line is the title: 'Politics' is a link"
        );
        let page = [
            "World",
            "US",
            "Politics",
            "Business",
            "Budget passes",
            "By Ana Ruiz",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, true, false, false, false],
            "a byline is no navigation: the title stands before it"
        );
    }

    #[test]
    fn a_title_with_a_number_right_under_the_navigation_is_no_item() {
        let page = [
            "World",
            "US",
            "Politics",
            "Sign in",
            "Ruth 1",
            "New International Version",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, false, false, false, false]
        );
        let page = [
            "Sign in",
            "World",
            "US",
            "Politics",
            "Top 10",
            "New International Version",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [false, true, true, true, true, false, false],
            "not under the navigation: a link"
        );
    }

    #[test]
    fn a_title_whose_words_the_text_uses_is_no_item() {
        let lead = "A tarn is a mountain lake, pond or pool, formed in a cirque excavated by a glacier long ago in the hills.";
        let page = [
            "Main page",
            "Random article",
            "Tarn (lake)",
            "Talk",
            "Read",
            "Edit",
            "History",
            "Tools",
            lead,
        ];
        assert_eq!(
            run(&page),
            [false, false, false, true, true, true, true, false, false],
            "the last line before the body stands where a title does"
        );
        let page = [lead, "Home", "Tarn (lake)", "News", "Sport"];
        assert_eq!(
            run(&page),
            [false, true, true, true, true],
            "after the body, a list's line"
        );
    }

    #[test]
    fn a_link_to_the_page_itself_among_a_columns_is_an_item() {
        let lead = "Settings for every build are read from a configuration file at the root of the project, if there is a file.";
        let page = [
            "Sign in",
            "Getting started",
            "Installation",
            "Build settings",
            "Plugins",
            "Deployment",
            "Build settings",
            lead,
            BODY,
        ];
        assert_eq!(
            run(&page),
            [true, true, true, true, true, true, false, false, false],
            "the title says it again under the column"
        );
        let mut page = page;
        page[6] = "Settings";
        assert_eq!(
            run(&page),
            [false, false, false, false, false, false, false, false, false],
            "another title: the line that names the text splits the column"
        );
    }

    #[test]
    fn a_heading_that_says_the_trails_last_link_again_is_no_item() {
        let page = [
            "Europe",
            "Portugal",
            "Lisbon",
            "Belém Tower",
            "Belém Tower",
            "Open now",
            "Save",
            "Share",
            "Sign in",
            BODY,
        ];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, true, false, true, false, false, false, false],
            "the first copy goes with the trail, the second is the title; \
             'Save', 'Share' and 'Sign in' are the pack's"
        );
    }

    #[test]
    fn a_column_of_short_lines_outside_the_body_goes() {
        let removed = run(&[
            "World",
            "",
            "US",
            "Entertainment",
            "Business",
            "Budget approved after months of debate",
            BODY,
        ]);
        assert_eq!(removed, [true, false, true, true, true, false, false]);
        let removed = run(&[BODY, "首页", "新闻", "财经", "体育"]);
        assert_eq!(removed, [false, true, true, true, true]);
        let removed = run(&["World", "U.S.", "Politics", "Business", "A title", BODY]);
        assert_eq!(
            removed,
            [true, true, true, true, false, false],
            "an abbreviation is an item"
        );
    }

    #[test]
    fn a_menu_in_traditional_chinese_is_no_table_when_its_script_is_folded() {
        // Folding changes the first three, not the rest.
        let page = [
            "即時",
            "要聞",
            "娛樂",
            "全球",
            "地方",
            "健康",
            "生活",
            "北捷新路線下月通車",
            BODY,
        ];
        let text: String = page.iter().map(|l| format!("{l}\n")).collect();
        let folding = crate::normalize::key::KeyFolder::new(true);
        let sketch = crate::fingerprint::sketch(
            &text,
            &crate::segment::lines(&text),
            &mut { folding },
            None,
        );
        assert!(sketch.lines[1].template != sketch.lines[1].content);
        let removed = removed_from(&sketch, false);
        assert_eq!(
            removed,
            [true, true, true, true, true, true, true, false, false]
        );
    }

    #[test]
    fn a_run_with_a_login_link_among_its_lines_is_no_list_of_the_text() {
        let page = [
            "Trang chủ",
            "Thời sự",
            "Thế giới",
            "Kinh doanh",
            "Giải trí",
            "Thể thao",
            "Đăng nhập",
            "Kinh doanh",
            "Giá xăng giảm lần thứ ba liên tiếp",
            "Thứ năm, 14/12/2023, 15:00 (GMT+7)",
            "Giá xăng trong nước được điều chỉnh giảm từ chiều nay theo diễn biến của thị trường thế giới.",
            "Liên bộ Công Thương và Tài chính cho biết giá xăng sinh học giảm khoảng năm trăm đồng mỗi lít.",
            "Tin liên quan",
            "Giá vàng lập đỉnh mới trong phiên sáng nay",
            "Các doanh nghiệp vận tải kỳ vọng chi phí nhiên liệu tiếp tục giảm trong những tháng tới.",
            "Chia sẻ",
            "Từ khóa: giá xăng, nhiên liệu",
            "Liên hệ",
            "Điều khoản sử dụng",
            "Bản quyền thuộc về báo điện tử.",
        ];
        let removed = run_after_pack(&page);
        assert_eq!(&removed[1..6], [true; 5]);
    }

    #[test]
    fn a_column_over_the_sites_navigation_is_no_list_of_the_text() {
        let page = [
            "刑事案件",
            "民事案件",
            "行政案件",
            "赔偿案件",
            "执行案件",
            "高级检索",
            "登录",
            "张某某与李某某民间借贷纠纷一审民事判决书",
            "本院认为，合法的借贷关系受法律保护。被告向原告借款，有借条为证，事实清楚，证据确实充分。被告未按约定归还借款，应承担相应的民事责任。",
            "案件受理费525元，由被告李某某负担。如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于浙江省杭州市中级人民法院。",
        ];
        let removed = run_after_pack(&page);
        assert_eq!(
            removed[..8],
            [true, true, true, true, true, true, false, false],
            "items that share a word with the text, over a login link"
        );
    }

    #[test]
    fn a_title_over_its_byline_and_buttons_is_the_heaviest_line_left() {
        let page = [
            "블로그",
            "검색",
            "초보 캠퍼를 위한 동계 캠핑 준비물 정리",
            "하늘바람",
            "2024. 1. 9. 21:15",
            "이웃추가",
            "본문 기타 기능",
            "공유하기",
            "신고하기",
            "겨울 캠핑은 준비만 잘하면 여름보다 오히려 쾌적합니다. 벌레도 없고 캠핑장도 한적해서 조용히 쉬기 좋아요. 다만 밤 기온이 영하로 떨어지기 때문에 난방과 침낭은 절대 아끼면 안 됩니다.",
        ];
        let removed = run_after_pack(&page);
        assert_eq!(
            removed[2..9],
            [false, true, false, true, true, false, false],
            "the name and the buttons under the title, with those the pack took"
        );
    }

    #[test]
    fn a_heading_over_an_icons_name_is_no_item() {
        // 'arrow_forward' stands for the arrow beside the heading: the
        // heading is the last line before the body all the same.
        let body = "Trail Notes keeps topographic maps, trails and your own notes on your phone, so you can find your way where there is no signal.";
        let page = [
            "Trail Notes: Offline Hiking Maps",
            "Contains ads",
            "In-app purchases",
            "Downloads",
            "Everyone",
            "Install",
            "About this app",
            "arrow_forward",
            body,
        ];
        assert_eq!(taken_as(&page, |_| true), [1, 2, 3, 4, 5, 7]);
    }

    #[test]
    fn a_heading_over_the_texts_first_paragraph_is_no_item() {
        let page = [
            "当前位置：首页 > 电脑软件 > 极速压缩",
            "极速压缩 v3.2.1 官方版",
            "软件大小：8.6MB",
            "软件语言：简体中文",
            "高速下载",
            "普通下载",
            "软件介绍",
            "极速压缩是一款轻量的压缩与解压工具，支持常见格式，启动速度快。",
            "软件采用多线程压缩技术，在多核电脑上压缩大文件时速度明显提升，同时支持分卷压缩和加密压缩，安装包很小，启动也很快。",
        ];
        let removed = run_after_pack(&page);
        assert!(
            !removed[6],
            "the section's heading over a short first paragraph, under buttons the pack took"
        );
    }

    #[test]
    fn a_title_as_heavy_as_its_writers_name_stands_over_it() {
        let page = [
            "My Books",
            "Browse",
            "Community",
            "Sign in",
            "The Salt Road",
            "Mira Okonkwo",
            "2,318 ratings",
            "Want to Read",
            "A caravan of salt traders crosses the Sahara in the last years before the railway, and a young scribe keeps its accounts.",
            "Okonkwo draws on her grandmother's stories to write a novel about trade, debt and the people who carry both across the desert.",
        ];
        let removed = run_after_pack(&page);
        assert!(!removed[4], "the title");
    }

    #[test]
    fn options_over_the_shops_buttons_are_no_list_of_the_text() {
        let page = [
            "Skip to Content",
            "Etsy",
            "Search for anything",
            "Sign in",
            "Cart",
            "Gifts",
            "Home Favourites",
            "Jewellery & Accessories",
            "Clothing & Shoes",
            "Home & Living",
            "Wedding & Party",
            "Toys & Entertainment",
            "Art & Collectibles",
            "Craft Supplies",
            "Share",
            "Report this item",
            "Add to Favourites",
            "FernAndFlameStudio",
            "Star Seller",
            "4.9 out of 5 stars",
            "(2,318)",
            "£34.00",
            "Low in stock",
            "Local taxes included (where applicable)",
            "Hand-thrown stoneware mug, speckled oatmeal glaze, 350 ml",
            "Colour",
            "Oatmeal",
            "Sea green",
            "Quantity",
            "Buy it now",
            "Add to basket",
            "Arrives soon! Get it by 21-25 Mar if you order today",
            "Returns & exchanges accepted",
            "Item details",
            "Handmade",
            "Materials: stoneware clay, lead-free glaze",
            "Capacity: 350 millilitres",
            "Each mug is thrown on the wheel in my studio in Cornwall and glazed by hand, so no two are quite alike.",
            "The speckled oatmeal glaze breaks to a warm brown on the rim and the handle, where it runs thinner.",
            "The mugs are fired to 1260°C, which makes them strong enough for everyday use. They are safe for the dishwasher and the microwave.",
            "Please allow for small variations in size and colour; these are part of what makes each piece unique.",
            "Shipping and return policies",
            "Order today to get by 21-25 Mar",
            "Returns & exchanges accepted within 30 days",
            "Dispatches from: United Kingdom",
            "Meet your seller",
            "Lucy Penrose",
            "Owner of FernAndFlameStudio",
            "Message Lucy",
            "This seller usually responds within 24 hours.",
            "Reviews for this item (412)",
            "5 out of 5 stars",
            "Beautiful mug, even nicer in person. Packed very carefully.",
            "Anna",
            "14 Mar, 2024",
            "5 out of 5 stars",
            "My morning coffee tastes better from this mug. Will buy the sea green one next.",
            "Tom",
            "2 Mar, 2024",
        ];
        let removed = run_after_pack(&page);
        assert!(removed[26] && removed[27], "{removed:?}");
    }

    #[test]
    fn values_under_their_labels_make_a_table_whatever_else_it_holds() {
        let car = [
            "Kilometerstand",
            "42.300 km",
            "Erstzulassung",
            "04/2021",
            "Leistung",
            "110 kW (150 PS)",
            "Kraftstoff",
            "Benzin",
            "Getriebe",
            "Schaltgetriebe",
            "Fahrzeughalter",
            "1",
            "Ausstattung",
            "Navigationssystem",
            "Sitzheizung",
            BODY,
        ];
        let removed = run_after_pack(&car);
        assert!(removed.iter().all(|&taken| !taken), "{removed:?}");
        assert_eq!(
            taken_as(&car, |_| true),
            Vec::<usize>::new(),
            "a date and a number among its values are the table's"
        );
    }

    #[test]
    fn a_table_of_labels_and_values_is_no_menu() {
        let table = [
            BODY,
            "Processor",
            "8-core",
            "Memory",
            "16 GB",
            "Storage",
            "512 GB SSD",
            "Weight",
            "1.1 kg",
        ];
        assert_eq!(run(&table), [false; 9]);
        let archive = [
            BODY,
            "Archives",
            "March 2024",
            "February 2024",
            "January 2024",
            "December 2023",
        ];
        assert_eq!(
            run(&archive),
            [false, true, true, true, true, true],
            "archive months"
        );
        let menu = [
            BODY, "Home", "News", "Top 10", "Sport", "Weather", "Contact",
        ];
        assert_eq!(
            run(&menu),
            [false, true, true, true, true, true, true],
            "a menu with a number"
        );
        let tabs = [
            "Code",
            "Issues 41",
            "Pull requests 9",
            "Star 3.4k",
            "Actions",
            "Releases",
            "A title",
            BODY,
        ];
        assert_eq!(
            run(&tabs),
            [true, true, true, true, true, true, false, false],
            "tabs with counts after their labels"
        );
    }

    #[test]
    fn a_table_of_measures_after_the_text_is_no_menu() {
        let flagged = |line: &str| sketch_lines(&[line]).lines[0].unlike_a_link;
        for line in [
            "용량: 1.7L",
            "Weight: 1.1kg",
            "Surface : 48 m²",
            "Leistung: 110 kW",
        ] {
            assert!(flagged(line), "{line}");
        }
        for line in [
            "浏览:1024次",
            "Posts: 214",
            "Accession Number: 57.112",
            "Python :: 3.12",
            "Page 2",
        ] {
            assert!(!flagged(line), "{line}");
        }
        let page = [
            BODY,
            "제품 사양",
            "용량: 1.7L",
            "소비전력: 1850W",
            "무게: 1.1kg",
            "Reviews",
            "Newest",
            "Most helpful",
        ];
        let removed = run(&page);
        assert_eq!(&removed[..5], [false; 5], "{removed:?}");
    }

    #[test]
    fn verses_are_no_menu() {
        let flagged = |line: &str| sketch_lines(&[line]).lines[0].unlike_a_link;
        for line in ["床前明月光,", "the hay is down,", "一、"] {
            assert!(flagged(line), "{line}");
        }
        assert!(!flagged("Politics") && !flagged("静夜思"));
        let page = [
            "Poems",
            "Poets",
            "Archive",
            "床前明月光,",
            "疑是地上霜。",
            "举头望明月,",
            "低头思故乡。",
            BODY,
        ];
        assert_eq!(run(&page), [false; 8]);
    }

    #[test]
    fn a_column_that_opens_a_page_without_body_goes_where_navigation_follows() {
        let page = [
            "Poetry Archive",
            "Poets",
            "Poems",
            "Collections",
            "Search",
            "Spring Rain",
            "The rain came softly in the night",
            "and washed the garden clean",
            "it woke the sleeping apple trees",
            "and turned the hedges green",
        ];
        assert_eq!(
            run_after_pack(&page),
            [true, true, true, true, false, false, false, false, false, false]
        );
        assert_eq!(
            run_after_pack(&page[..4]),
            [false; 4],
            "no navigation after it"
        );
        let verses = [&["Search"], &page[5..], &["Home", "About"]].concat();
        assert_eq!(
            run_after_pack(&verses),
            [false; 8],
            "a title and verses under the navigation"
        );
    }

    #[test]
    fn a_price_among_a_shops_buttons_is_no_item() {
        let page = [
            "Kadın",
            "Paşabahçe Çelik Demlikli Çaydanlık 2,2 Litre",
            "312 Değerlendirme",
            "749,90 TL",
            "Kargo Bedava",
            "Sepete Ekle",
            "Hemen Al",
            BODY,
        ];
        assert!(sketch_lines(&page).lines[3].reads_as_price);
        assert!(!run_after_pack(&page)[3]);
        let page = ["Buy", "Rent", "Sell", "Mortgage", "$485,000", "3 bd", BODY];
        assert_eq!(
            run(&page),
            [true, true, true, true, false, false, false],
            "the price ends the menu"
        );
    }

    #[test]
    fn code_is_no_menu() {
        let flagged = |line: &str| sketch_lines(&[line]).lines[0].unlike_a_link;
        for line in ["Ok(())", "x = 1;", "fn main() {", "}());", "a[i] = b"] {
            assert!(flagged(line), "{line}");
        }
        for line in [
            "Comments (3)",
            "Sign in (SSO)",
            "C++",
            "Home",
            "[Yes] [No]",
            "(more)",
            "Inbox (12)",
        ] {
            assert!(!flagged(line), "{line}");
        }
        // The end of a tutorial whose last paragraph leads into its code,
        // before the site's links.
        let page = [
            BODY,
            "    if done {",
            "        break;",
            "    }",
            "    Ok(())",
            "}",
            "Tutorials",
            "Reference",
            "Community",
            "Blog",
        ];
        assert_eq!(
            run(&page),
            [false, false, false, false, false, false, true, true, true, true]
        );
    }

    #[test]
    fn a_list_that_shares_the_texts_words_is_no_menu() {
        let howto = "Paint the cereal box, fill it with bird seed and hang it from a branch with string, where the garden birds can reach it.";
        let page = [
            howto,
            "You will need",
            "Cereal box",
            "Scissors",
            "Paint",
            "String",
            "Bird seed",
        ];
        assert_eq!(run(&page), [false; 7]);
        let page = [howto, "Crafts", "Kids", "Seasonal", "Printables", "Paint"];
        assert_eq!(
            run(&page),
            [false, true, true, true, true, true],
            "one link of five that the text names"
        );
        let page = [
            howto,
            "You will need",
            "Cereal box",
            "Scissors",
            "Bird seed",
            "Crafts",
            "Kids",
            "Seasonal",
            "Printables",
        ];
        assert_eq!(
            run(&page),
            [false, false, false, false, false, true, true, true, true],
            "the list, then the site's links"
        );
    }

    #[test]
    fn a_list_that_shares_the_texts_words_under_the_menu_stays() {
        let method = "锅中放油烧热,倒入鸡蛋炒至凝固后盛出,再放少许油炒番茄,炒出汁后加入鸡蛋,加盐和白糖调味,撒上葱花即可出锅,味道很好。";
        let page = [
            "下厨房",
            "首页",
            "菜谱",
            "菜单",
            "作品",
            "番茄炒蛋",
            "用料",
            "鸡蛋 3个",
            "番茄 2个",
            "葱 1根",
            "盐 适量",
            "白糖 少许",
            "做法",
            method,
        ];
        let mut expected = [false; 14];
        expected[..5].fill(true);
        assert_eq!(run(&page), expected);
        let science = "The science of the climate is changing fast, and the science says the climate will warm further in the coming decades.";
        let page = [
            "World",
            "US",
            "Politics",
            "Science",
            "Climate",
            "Science",
            "Bees learn",
            science,
        ];
        let sketch = sketch_lines(&page);
        assert!(sketch.lines[3].echoes_body && sketch.lines[4].echoes_body);
        assert_eq!(
            run(&page),
            [true, true, true, true, true, true, false, false],
            "links the text names, fewer than a menu's items"
        );
    }

    #[test]
    fn a_link_said_twice_makes_no_list_of_the_text() {
        let body = "A prefeitura anunciou que seis linhas de ônibus vão circular até mais tarde, uma notícia de cotidiano para a zona leste.";
        let page = [
            "Poder",
            "Mercado",
            "Cotidiano",
            "Esporte",
            "Ilustrada",
            "Cotidiano",
            "Prefeitura amplia horário de ônibus noturnos na zona leste",
            body,
        ];
        let sketch = sketch_lines(&page);
        assert!(sketch.lines[2].echoes_body && sketch.lines[5].echoes_body);
        assert_eq!(run(&page)[..6], [true; 6]);
    }

    #[test]
    fn a_list_with_heavier_items_between_its_light_ones_stays() {
        let method = [
            "Die Äpfel schälen, in Spalten schneiden und mit dem Zitronensaft beträufeln, damit sie nicht braun werden.",
            "Butter, Zucker und Vanillezucker schaumig rühren, die Eier unterrühren, dann Mehl und Backpulver kurz unterrühren.",
            "Den Teig auf dem Blech verstreichen, die Äpfel darauf legen und mit Puderzucker bestäuben.",
        ];
        let mut page = vec![
            "Rezepte",
            "Magazin",
            "Community",
            "Einloggen",
            "Apfelkuchen vom Blech mit Streuseln",
            "Für den Teig:",
            "250 g Butter, weich",
            "200 g Zucker",
            "1 Pck. Vanillezucker",
            "4 Ei(er)",
            "400 g Mehl",
            "1 Pck. Backpulver",
            "Für den Belag:",
            "1,5 kg Äpfel, säuerlich",
            "1 EL Zitronensaft",
        ];
        page.extend(method);
        let removed = run(&page);
        assert_eq!(removed[..4], [true; 4], "the site's menu");
        assert_eq!(
            removed[4..],
            [false; 14],
            "four light items between heavier ones of the same list"
        );
        // Labels between the values other rules took, over a notice's
        // attachments that share its words, are no list.
        let notice = "우리 시에 거주하는 청년 창업자를 위해 지원사업 참여자를 모집합니다. 자세한 내용은 첨부된 공고문과 신청서를 확인하시기 바랍니다.";
        let page = [
            "알림·소식",
            "기관소개",
            "정보공개",
            "공지사항",
            "2024년 하반기 청년 창업 지원사업 참여자 모집",
            "작성자",
            "창업지원과",
            "등록일",
            "2024-07-01",
            "조회수",
            "2,318",
            "첨부파일",
            "모집공고문.hwp (125KB)",
            "신청서 양식.hwp (48KB)",
            notice,
        ];
        let removed = run_after_pack(&page);
        assert!(
            [5, 6, 9, 11].iter().all(|&i| removed[i]),
            "labels among the pack's lines: {removed:?}"
        );
    }

    #[test]
    fn short_runs_sentences_headings_and_the_body_stay() {
        let kept = run(&["World", "US", "Politics", BODY]);
        assert_eq!(kept, [false; 4], "three lines are no column");
        let kept = run(&["Yes.", "No.", "Maybe.", "Never.", BODY]);
        assert_eq!(kept, [false; 5], "sentences");
        let kept = run(&["一、总则", "二、目标", "三、措施", "四、保障", BODY]);
        assert_eq!(kept, [false; 5], "section headings");
        let kept = run(&[BODY, "One", "Two", "Three", "Four", BODY]);
        assert_eq!(kept, [false; 6], "inside the body");
        let kept = run(&[
            "Roses are red",
            "Violets blue",
            "Sugar is sweet",
            "And so are you",
        ]);
        assert_eq!(kept, [false; 4], "no body: a poem");
        let removed = run(&[
            "首页",
            "新闻",
            "财经",
            "体育",
            "娱乐",
            "市议会通过预算",
            BODY,
        ]);
        assert_eq!(
            removed,
            [true, true, true, true, true, false, false],
            "the title before the body"
        );
        let lead = "Lake Bled (Slovene: Blejsko jezero) is a lake in the Julian Alps of northwestern Slovenia, where it adjoins the town of Bled.";
        let removed = run(&[
            "Main page",
            "Contents",
            "Current events",
            "Random article",
            "Lake Bled",
            "Deutsch",
            "Español",
            "Français",
            "Italiano",
            "Tools",
            lead,
        ]);
        let mut expected = [true; 11];
        expected[4] = false;
        expected[10] = false;
        assert_eq!(
            removed, expected,
            "the title the lead opens with, and no other line, is the title"
        );
    }
}
