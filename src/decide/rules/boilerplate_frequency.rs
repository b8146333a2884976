//! `boilerplate-frequency`: template lines of a group.
//!
//! A line is template text when its template key (digits folded, so per-page
//! dates and counters do not matter) occurs in at least `min_docs` and
//! `min_share` of its group's documents, and those documents mostly carry it
//! outside their body (at most `max_body_share` of them inside it). The second
//! condition is what keeps section headings and list items that recur in
//! many articles ("一、2020年工作回顾"): they stand between paragraphs.
//! A line that opens with a section number ("一、主要工作" opening every
//! report of a site) is a heading wherever it stands, and is never removed
//! by this rule.
//!
//! Nor is a page's title. Titles of a series differ only in their number
//! ('Compound statements (part 7)', 'パスワードファイル(第70回)'), so they
//! share a template key, and a long series is frequent. Where most pages
//! of the group keep a header line of their own (their title), a page
//! whose header keeps no line of its own above its title has lost that
//! title to the count: of its header lines that are frequent, hold digits
//! and that no pack rule takes, with no line of the page's own above them,
//! the one in the fewest pages (a series is rarer than the site's
//! template) stays ([`series_title`]). A heading of the body below it (a
//! heading, then a 'follow us' prompt, then the first paragraph) is no
//! title of the page's own.

use crate::fingerprint::DocSketch;
use crate::index::{body_bounds, GroupTable, KeyStats};
use crate::settings::BoilerplateSettings;

use super::super::{Reason, Verdicts};

pub fn apply(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    verdicts: &mut Verdicts,
) {
    let title = series_title(sketch, table, settings);
    mark_frequent(sketch, table, settings, verdicts, |stats| {
        let body_share = f64::from(stats.in_body) / f64::from(stats.docs);
        (body_share <= settings.max_body_share).then_some(Reason::Boilerplate {
            stats,
            group_docs: table.docs,
        })
    });
    if let Some(line) = title {
        verdicts[line] = None;
    }
}

/// The most a series title's template key is shared: half the group.
const MAX_SERIES_SHARE: f64 = 0.5;

/// The header line that is the page's title although its template key is
/// frequent. In a group where most pages with a body keep a header line of
/// their own, a page keeps, of its header lines that this rule would
/// remove and that have no line of the page's own text above them, the
/// one in the fewest documents (the first of
/// those), if in under half of the group, among those whose digits make
/// their text differ from their template (a number tells the series
/// apart), that open with no section number, carry no label or pack rule
/// and end no title with a frequent site name.
pub fn series_title(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
) -> Option<usize> {
    if table.titled * 2 <= table.bodied {
        return None;
    }
    let frequent = |line: usize| table.frequent(sketch.lines[line].template, settings);
    let (first, _) = body_bounds(sketch, settings.anchor_min_weight, |line| {
        frequent(line).is_some()
    })?;
    // The page's first line of its own text: a title that stands there
    // leaves the lines below it none to be.
    let own = (0..first).find(|&line| {
        let key = &sketch.lines[line];
        key.weight > 0 && key.pattern == 0 && !key.enumerated && frequent(line).is_none()
    });
    let site_title = |line: usize| {
        (sketch.titles.iter())
            .any(|t| t.line as usize == line && table.frequent(t.suffix, settings).is_some())
    };
    (0..own.unwrap_or(first))
        .filter_map(|line| {
            let key = &sketch.lines[line];
            let candidate = key.weight > 0
                && key.holds_digits
                && key.pattern == 0
                && !key.labelled
                && !key.enumerated
                && !site_title(line);
            let stats = frequent(line).filter(|_| candidate)?;
            let share = f64::from(stats.docs) / f64::from(table.docs.max(1));
            let body_share = f64::from(stats.in_body) / f64::from(stats.docs);
            (share < MAX_SERIES_SHARE && body_share <= settings.max_body_share)
                .then_some((stats.docs, line))
        })
        .min()
        .map(|(_, line)| line)
}

/// The verdict `reason` gives each line not yet removed whose template key
/// is frequent in its group, given the key's counts; lines without text
/// and lines that open with a section number are left alone.
pub(super) fn mark_frequent(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    verdicts: &mut Verdicts,
    reason: impl Fn(KeyStats) -> Option<Reason>,
) {
    for (line, verdict) in sketch.lines.iter().zip(verdicts.iter_mut()) {
        if verdict.is_some() || line.weight == 0 || line.enumerated {
            continue;
        }
        if let Some(stats) = table.frequent(line.template, settings) {
            *verdict = reason(stats);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::{sketch_lines, table_of};
    use crate::index::KeyStats;

    fn table(entries: &[(&str, u32, u32)], docs: u32) -> GroupTable {
        let mut table = GroupTable {
            docs,
            ..GroupTable::default()
        };
        for &(line, count, in_body) in entries {
            let key = sketch_lines(&[line]).lines[0].template;
            table.keys.insert(
                key,
                KeyStats {
                    docs: count,
                    in_body,
                    inserted: 0,
                },
            );
        }
        table
    }

    #[test]
    fn frequent_edge_lines_go_frequent_body_lines_stay() {
        let table = table(
            &[
                ("首页 政务公开 政务服务", 98, 0),
                ("发布日期:2020-01-01 浏览次数:1", 100, 2),
                ("一、2020年工作回顾", 30, 27),
                ("rare line", 2, 0),
                ("一、主要工作", 100, 0),
            ],
            100,
        );
        let doc = sketch_lines(&[
            "首页 政务公开 政务服务",
            "发布日期:2021-05-24 浏览次数:5045",
            "一、2020年工作回顾",
            "rare line",
            "一、主要工作",
        ]);
        let mut verdicts = vec![None; 5];
        apply(&doc, &table, &BoilerplateSettings::default(), &mut verdicts);
        assert!(matches!(verdicts[0], Some(Reason::Boilerplate { .. })));
        assert!(
            matches!(verdicts[1], Some(Reason::Boilerplate { .. })),
            "digits are folded"
        );
        assert_eq!(
            verdicts[2], None,
            "a heading that stands in bodies is content"
        );
        assert_eq!(verdicts[3], None, "too rare to be template");
        assert_eq!(verdicts[4], None, "an enumerated heading is never template");
    }

    #[test]
    fn a_price_is_template_only_where_its_amount_is_too() {
        let table = table(&[("412", 100, 0), ("$129.00", 100, 0)], 100);
        let doc = sketch_lines(&["$485,000", "1,024", "$129.00"]);
        let mut verdicts = vec![None; 3];
        apply(&doc, &table, &BoilerplateSettings::default(), &mut verdicts);
        assert_eq!(verdicts[0], None, "a price of the page's own");
        assert!(
            matches!(verdicts[1], Some(Reason::Boilerplate { .. })),
            "a count folds to every count"
        );
        assert!(
            matches!(verdicts[2], Some(Reason::Boilerplate { .. })),
            "the same price on every page"
        );
    }

    #[test]
    fn a_series_title_stays_where_the_pages_of_its_group_keep_a_title() {
        const BODY: &str = "This is a long paragraph of body text that is clearly content and not a template line at all, long enough.";
        let mut titled = table(
            &[
                ("Home | News | Sport | Weather", 100, 0),
                ("Compound statements (part 7)", 8, 0),
                ("Home / Local", 30, 0),
                ("Updated 2021-01-01 12:00, 55 views", 100, 0),
            ],
            100,
        );
        (titled.bodied, titled.titled) = (100, 92);
        let removed = |table: &GroupTable, lines: &[&str]| -> Vec<bool> {
            let doc = sketch_lines(lines);
            let mut verdicts = vec![None; lines.len()];
            apply(&doc, table, &BoilerplateSettings::default(), &mut verdicts);
            verdicts.iter().map(Option::is_some).collect()
        };
        let series = [
            "Home | News | Sport | Weather",
            "Home / Local",
            "Compound statements (part 12)",
            "Updated 2021-03-04 09:10, 7 views",
            BODY,
        ];
        assert_eq!(
            removed(&titled, &series),
            [true, true, false, true, false],
            "the rarest frequent header line with digits is the title"
        );
        let heading = [
            "Home | News | Sport | Weather",
            "Compound statements (part 12)",
            "Updated 2021-03-04 09:10, 7 views",
            "Key points",
            BODY,
        ];
        assert_eq!(
            removed(&titled, &heading),
            [true, false, true, false, false],
            "a heading of the body after the last template line is not the title"
        );
        let heading_among_template = [
            "Home | News | Sport | Weather",
            "Compound statements (part 12)",
            "Updated 2021-03-04 09:10, 7 views",
            "Key points",
            "Home / Local",
            BODY,
        ];
        assert_eq!(
            removed(&titled, &heading_among_template),
            [true, false, true, false, true, false],
            "a heading below the title is not the page's own title, template after it or not"
        );
        let own_title = [
            "Home | News | Sport | Weather",
            "A title of its own",
            "Compound statements (part 12)",
            BODY,
        ];
        assert_eq!(
            removed(&titled, &own_title),
            [true, false, true, false],
            "a page with a header line of its own has its title"
        );
        let mut untitled = titled.clone();
        untitled.titled = 40;
        assert_eq!(
            removed(&untitled, &series),
            [true; 4].into_iter().chain([false]).collect::<Vec<_>>(),
            "where most pages keep no header line, nothing stays"
        );
    }

    #[test]
    fn the_group_tables_count_the_pages_that_keep_a_title() {
        let words = [
            "amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron",
        ];
        let pages: Vec<[String; 4]> = (0..40)
            .map(|page| {
                let title = if page % 5 == 1 {
                    format!("Compound statements (part {page})")
                } else {
                    format!("The {} and the {}", words[page % 8], words[page / 8 % 8])
                };
                [
                    "Home | News | Sport | Weather".to_string(),
                    title,
                    format!("Updated 2021-01-{:02} 12:00, {} views", page % 28 + 1, page * 7),
                    format!(
                        "A paragraph of body text about the {} of the {}, long enough to count as the body of page {}.",
                        words[page % 8],
                        words[(page + 3) % 8],
                        words[page / 5 % 8]
                    ),
                ]
            })
            .collect();
        let docs: Vec<Vec<&str>> = (pages.iter())
            .map(|page| page.iter().map(String::as_str).collect())
            .collect();
        let settings = BoilerplateSettings::default();
        let table = table_of(&docs, &settings);
        assert_eq!((table.bodied, table.titled), (40, 32));
        for (page, lines) in docs.iter().enumerate() {
            let mut verdicts = vec![None; lines.len()];
            apply(&sketch_lines(lines), &table, &settings, &mut verdicts);
            let kept: Vec<bool> = verdicts.iter().map(Option::is_none).collect();
            assert_eq!(kept, [false, true, false, true], "page {page}");
        }
    }
}
