//! `boilerplate-stub`: a stub between removed lines goes with them.
//!
//! Outside the body, a line too light to say anything (a view counter's
//! '0', a bullet, a lone '|') standing between two removed lines, or between
//! a removed line and the edge of the document, is what is left of the
//! block around it (Onion-style smoothing). Headings, which can be as
//! short, open with a section number and stay; inside the body nothing is
//! smoothed away.

use crate::fingerprint::DocSketch;

use super::super::{Reason, Verdicts};
use super::page_pattern::Place;

/// The heaviest line that counts as a stub: one CJK character or three
/// Latin letters or digits.
pub const MAX_STUB_WEIGHT: u32 = 3;

pub fn apply(sketch: &DocSketch, places: &[Place], verdicts: &mut Verdicts) {
    let mut text_lines = Vec::with_capacity(sketch.lines.len());
    text_lines.extend((0..sketch.lines.len()).filter(|&i| !sketch.lines[i].blank));
    let removed = |verdicts: &Verdicts, at: Option<&usize>| at.map(|&i| verdicts[i].is_some());
    let mut stubs = Vec::new();
    for (k, &i) in text_lines.iter().enumerate() {
        let line = &sketch.lines[i];
        if verdicts[i].is_some()
            || places[i] == Place::Body
            || line.enumerated
            || line.weight > MAX_STUB_WEIGHT
        {
            continue;
        }
        let before = removed(verdicts, k.checked_sub(1).and_then(|p| text_lines.get(p)));
        let after = removed(verdicts, text_lines.get(k + 1));
        let bounded = match (before, after) {
            (Some(b), Some(a)) => b && a,
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => false,
        };
        if bounded {
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
}
