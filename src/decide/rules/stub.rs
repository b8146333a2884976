//! `boilerplate-stub`: a stub between removed lines goes with them.
//!
//! Outside the body, a line too light to say anything (a view counter's
//! '0', a bullet, a lone '|') standing between two removed lines, or between
//! a removed line and the edge of the document, is what is left of the
//! block around it (Onion-style smoothing); a line with no letter or
//! digit at all ('###' under a press release, '* * *') goes beside one
//! removed line. Headings, which can be as short, open with a section
//! number and stay; inside the body nothing is smoothed away but a line
//! of marks alone between two removed lines (the '·' between a post's
//! date and its 'Edited' label): a break between paragraphs ('* * *')
//! has kept text on both sides.
//!
//! In the footer, after the last line of body text, a line of a label's
//! weight that does not end as a sentence, with removed lines on both
//! sides, goes too: it stands inside a block of boilerplate ('Show more
//! comments' between a comment prompt and a list of related posts).
//! Paragraphs lighter than body text, and short list items of the
//! article, can follow its last line of body text, between an inline ad
//! and the share bar, so heavier lines and sentences stay. The header is
//! not smoothed so: the page's title stands between the menu and the
//! dateline.

use crate::fingerprint::DocSketch;

use super::super::{Reason, Verdicts};
use super::page_pattern::Place;

/// The heaviest line that counts as a stub: one CJK character or three
/// Latin letters or digits.
pub const MAX_STUB_WEIGHT: u32 = 3;

/// The heaviest line that goes as a stub inside a footer block: a label
/// or a button's words ('Show more comments', '加载更多评论'), lighter than
/// the shortest paragraphs that can follow the last line of body text.
pub const MAX_FOOTER_STUB_WEIGHT: u32 = 24;

pub fn apply(sketch: &DocSketch, places: &[Place], verdicts: &mut Verdicts) {
    let mut text_lines = Vec::with_capacity(sketch.lines.len());
    text_lines.extend((0..sketch.lines.len()).filter(|&i| !sketch.lines[i].blank));
    let removed = |verdicts: &Verdicts, at: Option<&usize>| at.map(|&i| verdicts[i].is_some());
    let mut stubs = Vec::new();
    for (k, &i) in text_lines.iter().enumerate() {
        let line = &sketch.lines[i];
        if verdicts[i].is_some() || line.enumerated {
            continue;
        }
        let before = removed(verdicts, k.checked_sub(1).and_then(|p| text_lines.get(p)));
        let after = removed(verdicts, text_lines.get(k + 1));
        if places[i] == Place::Body {
            if line.weight == 0 && before == Some(true) && after == Some(true) {
                stubs.push(i);
            }
            continue;
        }
        let bounded = match (before, after) {
            (Some(b), Some(a)) => b && a,
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => false,
        };
        let inside_footer_block = places[i] == Place::Footer
            && before == Some(true)
            && after == Some(true)
            && !line.ends_sentence;
        let most = if inside_footer_block {
            MAX_FOOTER_STUB_WEIGHT
        } else {
            MAX_STUB_WEIGHT
        };
        // A line of marks alone ('###' under a press release, '* * *')
        // says nothing: one removed line beside it is enough.
        let marks_beside_removed =
            line.weight == 0 && (before == Some(true) || after == Some(true));
        if (bounded && line.weight <= most) || marks_beside_removed {
            stubs.push(i);
        }
    }
    for i in stubs {
        verdicts[i] = Some(Reason::Stub);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;

    fn run(lines: &[&str], removed: &[usize], places: &[Place]) -> Vec<bool> {
        let sketch = sketch_lines(lines);
        let mut verdicts: Verdicts = vec![None; lines.len()];
        for &i in removed {
            verdicts[i] = Some(Reason::FooterRun);
        }
        apply(&sketch, places, &mut verdicts);
        verdicts.iter().map(Option::is_some).collect()
    }

    #[test]
    fn a_stub_after_a_removed_footer_line_goes() {
        use Place::*;
        let got = run(&["打印| 关闭", "0"], &[0], &[Footer, Footer]);
        assert_eq!(got, [true, true]);
    }

    #[test]
    fn stubs_in_the_body_or_between_kept_lines_stay() {
        use Place::*;
        assert_eq!(
            run(&["x", "0", "y"], &[0, 2], &[Body, Body, Body]),
            [true, false, true]
        );
        assert_eq!(
            run(&["x", "* * *", "a kept line"], &[0], &[Body, Body, Body]),
            [true, false, false],
            "a break between paragraphs in the body"
        );
        assert_eq!(
            run(&["x", "0", "a kept line"], &[0], &[Footer, Footer, Footer]),
            [true, false, false]
        );
        assert_eq!(
            run(&["nav", "一", "meta"], &[0, 2], &[Header, Header, Header]),
            [true, true, true],
            "a lone character between removed lines is a stub"
        );
        assert_eq!(
            run(&["nav", "一、", "meta"], &[0, 2], &[Header, Header, Header]),
            [true, false, true],
            "a section number is a heading"
        );
    }

    #[test]
    fn a_line_of_marks_alone_between_removed_lines_goes_inside_the_body() {
        use Place::*;
        let got = run(
            &["Mar 14, 2024, 09:21", "·", "Edited", "·", "A kept line."],
            &[0, 2],
            &[Body; 5],
        );
        assert_eq!(got, [true, true, true, false, false]);
    }

    #[test]
    fn a_line_of_marks_alone_goes_beside_one_removed_line() {
        use Place::*;
        let lines = ["Body text.", "###", "Last updated May 2, 2024"];
        assert_eq!(
            run(&lines, &[2], &[Body, Footer, Footer]),
            [false, true, true]
        );
        let lines = ["Body text.", "###", "A kept line"];
        assert_eq!(
            run(&lines, &[], &[Body, Footer, Footer]),
            [false, false, false],
            "beside kept lines it stays"
        );
        let lines = ["Body text.", "* * *", "More body text."];
        assert_eq!(
            run(&lines, &[0], &[Body, Body, Body]),
            [true, false, false],
            "inside the body it stays"
        );
    }

    #[test]
    fn a_light_line_inside_a_footer_block_goes() {
        use Place::*;
        let lines = ["Body text.", "Like this:", "Show more comments", "Related"];
        assert_eq!(
            run(&lines, &[1, 3], &[Body, Footer, Footer, Footer]),
            [false, true, true, true]
        );
        assert_eq!(
            run(&lines, &[1], &[Body, Footer, Footer, Footer]),
            [false, true, false, false],
            "after the block's last removed line it stays"
        );
        let heavy = [
            "Body.",
            "Ad",
            "A short last paragraph of the article.",
            "Share",
        ];
        assert_eq!(
            run(&heavy, &[1, 3], &[Body, Footer, Footer, Footer]),
            [false, true, false, true],
            "a line heavier than a label stays"
        );
        let item = ["Body.", "Ad", "二是强化督促检查。", "Share"];
        assert_eq!(
            run(&item, &[1, 3], &[Body, Footer, Footer, Footer]),
            [false, true, false, true],
            "a sentence stays: a list item of the article"
        );
        let header = ["Menu", "A Title of the Page", "Posted on March 3"];
        assert_eq!(
            run(&header, &[0, 2], &[Header, Header, Header]),
            [true, false, true],
            "the title between the menu and the dateline stays"
        );
    }
}
