//! `boilerplate-footer-run`: page-specific lines inside the footer template.
//!
//! Related-article lists, previous/next links and comment counters differ on
//! every page, so no count finds them; but they stand after the body, between
//! lines that are template text. After the last anchor (the last heavy line
//! that is not template), a run of lines bounded on both sides by removed
//! template lines, or by a template line and the end of the document, is
//! removed with them. A related article's title can be as heavy as body
//! text ('Vi IMproved, a text editor for programmers (part 83) (07.06.2020)'),
//! so the run may start earlier, after the last anchor that ends as a
//! sentence: there, a heavy line joins the run only if it reads as a title
//! (no sentence end, at most twice the anchor weight); any other ends it.
//! Lines a single-page rule of the pack took bound a run too, when none of
//! its lines ends as a sentence: a rule can take a line at the body's end
//! (a dateline, a 'Tags:' line), and what stands after it there may be the
//! article's last paragraphs; links do not end as sentences, and a prompt
//! that does is no heavier than a menu's item ('看高清直播、视频!'). A
//! teaser cut short by an ellipsis under a related post's title is no
//! sentence of the article either.
//! A column of links that [`super::menu_column`] took after the body bounds
//! a run as a pack rule's line does (the rule runs again once the columns
//! are known): a list of the most read headlines between a column of tags
//! and the site's links in a language the pack does not speak.
//! On a page of short prose, where no line is heavy enough to be an
//! anchor, the footer starts after the last sentence of that prose.
//! The header is left alone: there, the same shape is the page title
//! between the navigation and the metadata line.

use crate::fingerprint::DocSketch;
use crate::index::{body_bounds, is_body_text, GroupTable};
use crate::settings::BoilerplateSettings;

use super::page_pattern::Place;

use super::super::{Reason, Verdicts};

/// The heaviest a title in a footer run may be, in anchor weights.
const TITLE_WEIGHTS: u32 = 2;
/// The heaviest line that ends as a sentence and may still be a link or a
/// prompt among the pack's lines ('看高清直播、视频!', 'Sign up today!'): no
/// heavier than a menu's item.
const MAX_PROMPT_WEIGHT: u32 = super::menu_column::MAX_ITEM_WEIGHT;

pub fn apply(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    places: &[Place],
    verdicts: &mut Verdicts,
) {
    let frequent = |line: usize| {
        table
            .frequent(sketch.lines[line].template, settings)
            .is_some()
    };
    let anchor_weight = settings.anchor_min_weight;
    let anchor = |line: usize| is_body_text(sketch, line, anchor_weight, frequent);
    let last_sentence = match body_bounds(sketch, anchor_weight, frequent) {
        Some((first_anchor, last_anchor)) => (first_anchor..=last_anchor)
            .rev()
            .find(|&line| anchor(line) && sketch.lines[line].ends_whole_sentence())
            .unwrap_or(last_anchor),
        // A page of short prose, no line heavy enough to be body text: the
        // footer starts after its last sentence.
        None => match places.iter().rposition(|&place| place == Place::Body) {
            Some(last) => last,
            None => return,
        },
    };
    let reads_as_title = |line: usize| {
        let key = &sketch.lines[line];
        !key.ends_whole_sentence() && key.weight <= TITLE_WEIGHTS * anchor_weight
    };
    // A frequent template line bounds a run whatever it holds; a line a
    // pack rule took bounds one of lines that read as links, none of them
    // ending as a sentence (a rule can take a line at the body's end).
    let bound = |v: &Option<Reason>| match v {
        Some(Reason::Boilerplate { .. }) => Some(Bound::Template),
        Some(Reason::PagePattern { .. } | Reason::MenuColumn) => Some(Bound::Pattern),
        _ => None,
    };
    let text_lines = (last_sentence + 1..sketch.lines.len()).filter(|&i| !sketch.lines[i].blank);
    let mut run: Vec<usize> = Vec::with_capacity(sketch.lines.len() - last_sentence);
    let mut left = None;
    let close = |run: &[usize], left: Option<Bound>, right: Bound, verdicts: &mut Verdicts| {
        let Some(left) = left else {
            return;
        };
        let by_pattern = left == Bound::Pattern || right == Bound::Pattern;
        let sentence = |&line: &usize| {
            let key = &sketch.lines[line];
            verdicts[line].is_none() && key.ends_whole_sentence() && key.weight > MAX_PROMPT_WEIGHT
        };
        if !(by_pattern && run.iter().any(sentence)) {
            mark(run, verdicts);
        }
    };
    for line in text_lines {
        if let Some(bound) = bound(&verdicts[line]) {
            close(&run, left, bound, verdicts);
            run.clear();
            left = Some(bound);
        } else if verdicts[line].is_none() && anchor(line) && !reads_as_title(line) {
            run.clear();
            left = None;
        } else {
            run.push(line);
        }
    }
    close(&run, left, Bound::End, verdicts);
}

/// What closes a run of footer lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A line found in many documents of the group.
    Template,
    /// A line a single-page rule of the pack took.
    Pattern,
    /// The end of the document.
    End,
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
    use crate::decide::pack::RulePack;
    use crate::decide::rules::page_pattern::places;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::KeyStats;

    const BODY: &str = "This is a long paragraph of body text that is clearly content and not a template line at all, long enough.";

    fn run(lines: &[&str], template: &[&str]) -> Verdicts {
        run_with_patterns(lines, template, &[])
    }

    /// The verdicts of `lines` once the rule has run, `template` lines
    /// found in every document of the group and `patterned` lines taken by
    /// a pack rule before it.
    fn run_with_patterns(lines: &[&str], template: &[&str], patterned: &[&str]) -> Verdicts {
        let doc = sketch_lines(lines);
        let mut table = GroupTable {
            docs: 10,
            ..GroupTable::default()
        };
        let stats = KeyStats {
            docs: 10,
            in_body: 0,
            inserted: 0,
        };
        let mut verdicts = vec![None; lines.len()];
        for (i, line) in lines.iter().enumerate() {
            if template.contains(line) {
                table.keys.insert(doc.lines[i].template, stats);
                verdicts[i] = Some(Reason::Boilerplate {
                    stats,
                    group_docs: 10,
                });
            } else if patterned.contains(line) {
                verdicts[i] = Some(Reason::PagePattern { pattern: 1 });
            }
        }
        let settings = BoilerplateSettings::default();
        let (places, _) = places(&doc, &table, &settings, &RulePack::shipped());
        apply(&doc, &table, &settings, &places, &mut verdicts);
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
    fn runs_after_short_prose_and_teasers_go() {
        let prose = [
            "My budget is about eight hundred pounds and I shoot mostly landscapes.",
            "Is fast focusing worth more than a wide choice of lenses?",
        ];
        let teaser =
            "A short guide to the cameras that travel well, and what to look for in a lens…";
        let lines = [
            prose[0],
            prose[1],
            "Share",
            "Travel cameras compared",
            teaser,
            "Copyright",
        ];
        let v = run(&lines, &["Share", "Copyright"]);
        assert_eq!(v[..2], [None, None]);
        assert_eq!(v[3], Some(Reason::FooterRun), "a page of short prose");
        assert_eq!(v[4], Some(Reason::FooterRun), "a teaser reads as a title");
    }

    #[test]
    fn headlines_between_menu_columns_go() {
        let lines = [
            BODY,
            "Tags",
            "hiking",
            "parks",
            "Most read",
            "Weather at the weekend: bright and cold",
            "Inflation falls in April",
            "About us",
            "Contact",
            "Advertising",
            "Privacy",
        ];
        let doc = sketch_lines(&lines);
        let table = GroupTable::default();
        let settings = BoilerplateSettings::default();
        let (places, _) = places(&doc, &table, &settings, &RulePack::shipped());
        let columns = [1, 2, 3, 4, 7, 8, 9, 10];
        let mut verdicts = vec![None; lines.len()];
        for &line in &columns {
            verdicts[line] = Some(Reason::MenuColumn);
        }
        let mut without = verdicts.clone();
        apply(&doc, &table, &settings, &places, &mut verdicts);
        assert_eq!(verdicts[5..7], [Some(Reason::FooterRun); 2]);
        assert_eq!(verdicts[0], None);

        // A sentence between the columns is the text's, and stays.
        let mut sentence = doc.clone();
        sentence.lines[6] =
            sketch_lines(&["The park opens every day of the year from dawn to dusk."]).lines[0];
        apply(&sentence, &table, &settings, &places, &mut without);
        assert_eq!(without[5..7], [None, None]);
    }

    /// A related article's title as heavy as body text: 84 letters and
    /// digits, no sentence end.
    const HEAVY_TITLE: &str = "Vi IMproved (Improved Vi), a text editor for programmers, with many options and plugins (part 83) (07.06.2020)";

    #[test]
    fn related_titles_as_heavy_as_body_text_go() {
        let v = run(
            &[
                BODY,
                "Share",
                "Related",
                HEAVY_TITLE,
                "Budget passes (2020)",
                "Copyright",
            ],
            &["Share", "Related", "Copyright"],
        );
        assert_eq!(v[0], None);
        assert_eq!(v[3], Some(Reason::FooterRun));
        assert_eq!(v[4], Some(Reason::FooterRun));
    }

    #[test]
    fn heavy_lines_that_do_not_read_as_titles_stay() {
        let closing = "And this closing paragraph, which ends as a sentence does, is body text of the page as much as the first.";
        let long = HEAVY_TITLE.repeat(2);
        for body in [closing, long.as_str()] {
            let v = run(
                &[BODY, "Share", body, "Budget passes (2020)", "Copyright"],
                &["Share", "Copyright"],
            );
            assert_eq!(v[2], None, "{body}");
            assert_eq!(v[3], None, "not bounded by template on the left");
        }
        // With no body line that ends as a sentence, the run starts after
        // the last anchor, as before.
        let v = run(
            &[HEAVY_TITLE, "Share", HEAVY_TITLE, "Copyright"],
            &["Share", "Copyright"],
        );
        assert_eq!(v, [None, v[1], None, v[3]]);
    }

    #[test]
    fn lines_a_pack_rule_took_bound_runs_of_links() {
        let lines = [
            BODY,
            "Tags: news",
            "You may also like",
            "Budget passes (2020)",
            "Copyright 2021",
        ];
        let v = run_with_patterns(&lines, &[], &["Tags: news", "Copyright 2021"]);
        assert_eq!(v[2], Some(Reason::FooterRun));
        assert_eq!(v[3], Some(Reason::FooterRun));
        // A run that holds a sentence is text a rule's line ended, not a
        // list of links.
        let lines = [
            BODY,
            "Tags: news",
            "Budget passes (2020)",
            "The council meets again in May.",
            "Copyright 2021",
        ];
        let v = run_with_patterns(&lines, &[], &["Tags: news", "Copyright 2021"]);
        assert_eq!(v[2], None);
        assert_eq!(v[3], None);
        // Between template lines it goes whatever it holds.
        let v = run_with_patterns(&lines, &["Tags: news", "Copyright 2021"], &[]);
        assert_eq!(v[2], Some(Reason::FooterRun));
        assert_eq!(v[3], Some(Reason::FooterRun));
        // A prompt as light as a menu's item is a link, whatever it ends
        // with.
        let lines = [
            BODY,
            "Tags: news",
            "Download the app",
            "Watch it live!",
            "Copyright 2021",
        ];
        let v = run_with_patterns(&lines, &[], &["Tags: news", "Copyright 2021"]);
        assert_eq!(v[2], Some(Reason::FooterRun));
        assert_eq!(v[3], Some(Reason::FooterRun));
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
