//! `boilerplate-running-head`: the page numbers of a text extracted from
//! printed pages, and the running heads beside them.
//!
//! Text taken out of a PDF or a scanned book keeps what each printed page
//! repeats, in the middle of the text: the page's number ('- 3 -', 'Page 3
//! of 12', '第3页') and a running head or foot (the report's title, the
//! publisher's name) at every page break. Each copy is too short for the
//! duplicate rules (a heading may recur), and they stand inside the body,
//! where no rule of the page applies.
//!
//! A page's number is a line the pack's `page-number` rule takes
//! ([`RulePack::page_number_rule`]): a number alone, or a page's label
//! with its number. Such lines are a document's page numbers when at least
//! [`MIN_PAGES`] of them share their words (their template key), no two
//! of them hold the same number (their content keys differ), and text of
//! at least body weight stands before each of them, after the one before
//! it: a page of text. A column of numbers in a table has no page of text
//! between them, and numbered headings ('Step 1', 'Day 2') are no page's
//! number in form. A running head is a line that stands within [`NEAR`]
//! lines of text of all the page numbers but one at least (the first page
//! may have no head, the last no foot): its first copy stays, as the first
//! copy of any repeated line does, and the others go, wherever they
//! stand. The page numbers go, all of them.

use crate::decide::pack::RulePack;
use crate::fingerprint::DocSketch;
use crate::normalize::key::LineKey;

use super::super::{Reason, Verdicts};

/// The fewest page numbers that make a series.
pub const MIN_PAGES: usize = 3;
/// How many lines of text before and after a page's number a running head
/// may stand: a head and a subtitle over the next page, a foot and a
/// footnote's rule under the last.
pub const NEAR: usize = 2;

pub fn apply(sketch: &DocSketch, pack: &RulePack, min_page_weight: u32, verdicts: &mut Verdicts) {
    let Some(rule) = pack.page_number_rule() else {
        return;
    };
    let lines = &sketch.lines;
    let mut numbers: Vec<(u64, usize)> = (lines.iter().enumerate())
        .filter(|(_, key)| key.pattern == rule)
        .map(|(i, key)| (key.template, i))
        .collect();
    if numbers.len() < MIN_PAGES {
        return;
    }
    numbers.sort_unstable();
    let mut pages = Vec::new();
    for series in numbers.chunk_by(|a, b| a.0 == b.0) {
        let at: Vec<usize> = series.iter().map(|&(_, i)| i).collect();
        if is_page_series(lines, &at, min_page_weight) {
            pages.extend(at);
        }
    }
    let Some(&first_page) = pages.iter().min() else {
        return;
    };
    pages.sort_unstable();
    for &page in &pages {
        verdicts[page].get_or_insert(Reason::PageNumber {
            first: first_page as u32,
            pages: pages.len() as u32,
        });
    }
    for head in running_heads(lines, &pages) {
        let mut copies = (0..lines.len()).filter(|&i| lines[i].content == head && !lines[i].blank);
        let Some(first) = copies.next() else {
            continue;
        };
        for copy in copies {
            verdicts[copy].get_or_insert(Reason::RunningHead {
                first: first as u32,
            });
        }
    }
}

/// Whether the lines `at`, in text order, which share a template, are a
/// series of page numbers: enough of them, each with its own number, and
/// a page of text before each.
fn is_page_series(lines: &[LineKey], at: &[usize], min_page_weight: u32) -> bool {
    if at.len() < MIN_PAGES {
        return false;
    }
    let mut numbers: Vec<u64> = at.iter().map(|&i| lines[i].content).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() < at.len() {
        return false;
    }
    let mut page_start = 0;
    at.iter().all(|&page| {
        let text: u32 = lines[page_start..page].iter().map(|key| key.weight).sum();
        page_start = page + 1;
        text >= min_page_weight
    })
}

/// The content keys of the lines that stand near all the page numbers
/// `pages` (in text order) but one at least.
fn running_heads(lines: &[LineKey], pages: &[usize]) -> Vec<u64> {
    let text: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
    let is_page = |i: &&usize| pages.binary_search(i).is_ok();
    let mut near: Vec<(u64, usize)> = Vec::new();
    for (ordinal, page) in pages.iter().enumerate() {
        let Ok(k) = text.binary_search(page) else {
            continue;
        };
        let before = text[..k].iter().rev().filter(|i| !is_page(i)).take(NEAR);
        let after = text[k + 1..].iter().filter(|i| !is_page(i)).take(NEAR);
        near.extend(before.chain(after).map(|&i| (lines[i].content, ordinal)));
    }
    near.sort_unstable();
    near.dedup();
    near.chunk_by(|a, b| a.0 == b.0)
        .filter(|pages_near| pages_near.len() + 1 >= pages.len())
        .map(|pages_near| pages_near[0].0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;

    const TEXT: &str = "TEXT";

    /// A line of body text of its own, the `n`th.
    fn text(n: usize) -> String {
        format!("River water is filtered, disinfected with chlorine and treated to reduce the corrosion of pipes ({n}).")
    }

    /// What the rule removes of `lines`, where `TEXT` stands for a line of
    /// body text of its own.
    fn removed(lines: &[&str]) -> Vec<bool> {
        let texts: Vec<String> = (0..lines.len()).map(text).collect();
        let lines: Vec<&str> = (lines.iter().enumerate())
            .map(|(i, &line)| {
                if line == TEXT {
                    texts[i].as_str()
                } else {
                    line
                }
            })
            .collect();
        let sketch = sketch_lines(&lines);
        let mut verdicts = vec![None; lines.len()];
        apply(&sketch, &RulePack::shipped(), 80, &mut verdicts);
        verdicts.iter().map(Option::is_some).collect()
    }

    #[test]
    fn page_numbers_and_the_running_head_beside_them_go() {
        let page = [
            "Annual Water Quality Report",
            "City of Riverton",
            TEXT,
            "Page 1 of 3",
            "City of Riverton",
            "Test results",
            TEXT,
            "Page 2 of 3",
            "City of Riverton",
            TEXT,
            "Page 3 of 3",
        ];
        assert_eq!(
            removed(&page),
            [false, false, false, true, true, false, false, true, true, false, true],
            "the head's first copy stays, as a heading's would"
        );
        let bare = [TEXT, "- 1 -", TEXT, "- 2 -", TEXT, "- 3 -", TEXT];
        assert_eq!(
            removed(&bare),
            [false, true, false, true, false, true, false]
        );
    }

    #[test]
    fn numbers_without_a_page_of_text_between_or_with_the_same_value_stay() {
        let table = [
            "Year", "Visitors", "1", "Apples", "2", "Pears", "3", "Plums", TEXT,
        ];
        assert!(removed(&table).iter().all(|&r| !r), "a table's column");
        let same = [TEXT, "Page 1", TEXT, "Page 1", TEXT, "Page 1"];
        assert!(removed(&same).iter().all(|&r| !r), "one number again");
        let two = [TEXT, "- 1 -", TEXT, "- 2 -", TEXT];
        assert!(removed(&two).iter().all(|&r| !r), "two are no series");
    }

    #[test]
    fn numbered_headings_and_years_are_no_page_numbers() {
        let steps = [
            "Step 1",
            "Breakfast",
            TEXT,
            "Step 2",
            "Breakfast",
            TEXT,
            "Step 3",
            "Breakfast",
            TEXT,
        ];
        assert!(removed(&steps).iter().all(|&r| !r));
        let years = ["2019", TEXT, "2020", TEXT, "2021", TEXT];
        assert!(removed(&years).iter().all(|&r| !r));
    }
}
