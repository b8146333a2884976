//! `boilerplate-footer-run`: page-specific lines inside the footer template.
//!
//! Related-article lists, previous/next links and comment counters differ on
//! every page, so no count finds them; but they stand after the body, between
//! lines that are template text. After the last anchor (the last heavy line
//! that is not template), a run of lines bounded on both sides by removed
//! template lines, or by a template line and the end of the document, is
//! removed with them. The header is left alone: there, the same shape is
//! the page title between the navigation and the metadata line.

use crate::fingerprint::DocSketch;
use crate::index::{body_bounds, GroupTable};
use crate::settings::BoilerplateSettings;

use super::super::{Reason, Verdicts};

pub fn apply(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    verdicts: &mut Verdicts,
) {
    let frequent = |line: usize| {
        table
            .frequent(sketch.lines[line].template, settings)
            .is_some()
    };
    let Some((_, last_anchor)) = body_bounds(sketch, settings.anchor_min_weight, frequent) else {
        return;
    };
    let is_template = |v: &Option<Reason>| matches!(v, Some(Reason::Boilerplate { .. }));
    let text_lines = (last_anchor + 1..sketch.lines.len()).filter(|&i| !sketch.lines[i].blank);
    let mut run: Vec<usize> = Vec::with_capacity(sketch.lines.len() - last_anchor);
    let mut bounded_left = false;
    for line in text_lines {
        if is_template(&verdicts[line]) {
            if bounded_left {
                mark(&run, verdicts);
            }
            run.clear();
            bounded_left = true;
        } else {
            run.push(line);
        }
    }
    if bounded_left {
        mark(&run, verdicts);
    }
}

fn mark(run: &[usize], verdicts: &mut Verdicts) {
    for &line in run {
        if verdicts[line].is_none() {
            verdicts[line] = Some(Reason::FooterRun);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::KeyStats;

    const BODY: &str = "This is a long paragraph of body text that is clearly content and not a template line at all, long enough.";

    fn run(lines: &[&str], template: &[&str]) -> Verdicts {
        let doc = sketch_lines(lines);
        let mut table = GroupTable {
            docs: 10,
            ..GroupTable::default()
        };
        let mut verdicts = vec![None; lines.len()];
        for (i, line) in lines.iter().enumerate() {
            if template.contains(line) {
                table.keys.insert(
                    doc.lines[i].template,
                    KeyStats {
                        docs: 10,
                        in_body: 0,
                        inserted: 0,
                    },
                );
                verdicts[i] = Some(Reason::Boilerplate {
                    stats: KeyStats {
                        docs: 10,
                        in_body: 0,
                        inserted: 0,
                    },
                    group_docs: 10,
                });
            }
        }
        apply(&doc, &table, &BoilerplateSettings::default(), &mut verdicts);
        verdicts
    }

    #[test]
    fn related_links_between_template_lines_go() {
        let v = run(
            &[
                BODY,
                "Related articles",
                "· Budget passes 2020-10-07",
                "",
                "· Floods recede 2020-12-11",
                "Copyright",
            ],
            &["Related articles", "Copyright"],
        );
        assert_eq!(v[2], Some(Reason::FooterRun));
        assert_eq!(v[3], None, "blank lines are attached later, not judged");
        assert_eq!(v[4], Some(Reason::FooterRun));
    }

    #[test]
    fn lines_right_after_the_body_and_header_lines_stay() {
        let v = run(
            &[
                "Menu",
                "Page title",
                "Published today",
                BODY,
                "- a closing list item",
                "Copyright",
                "Comments (3)",
            ],
            &["Menu", "Published today", "Copyright"],
        );
        assert_eq!(v[1], None, "the title between header template lines stays");
        assert_eq!(v[4], None, "not bounded by template on the left");
        assert_eq!(
            v[6],
            Some(Reason::FooterRun),
            "template then the end of the document"
        );
    }
}
