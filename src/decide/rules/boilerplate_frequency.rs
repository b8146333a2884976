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

use crate::fingerprint::DocSketch;
use crate::index::{GroupTable, KeyStats};
use crate::settings::BoilerplateSettings;

use super::super::{Reason, Verdicts};

pub fn apply(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    verdicts: &mut Verdicts,
) {
    mark_frequent(sketch, table, settings, verdicts, |stats| {
        let body_share = f64::from(stats.in_body) / f64::from(stats.docs);
        (body_share <= settings.max_body_share).then_some(Reason::Boilerplate {
            stats,
            group_docs: table.docs,
        })
    });
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
    use crate::decide::rules::test_support::sketch_lines;
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
}
