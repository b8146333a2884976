//! `boilerplate-menu-column`: a menu laid out one link a line.
//!
//! A page's navigation turned into text is often not one row, which the
//! pack's `menu` shape takes, but a column of short lines: 'World', 'US',
//! 'Politics', 'Business'. Outside the body, a run of at least
//! [`MIN_ITEMS`] text lines, each of weight at most [`MAX_ITEM_WEIGHT`] (a
//! word or two, seven CJK characters), none ending as a sentence (an
//! abbreviation such as 'U.S.' ends in a full stop but is no sentence) or
//! opening with a section number, goes. Lines that other rules removed may
//! stand in the run, and blank lines too; of those, the light ones count
//! as items ('Menu', 'Home', 'Contact' that the pack took, a member title
//! that a run of footer lines took): they are the menu's own links. The
//! last line left before the body is where a page's title stands, as short
//! as an item at times ('市议会通过新预算' after a column of sections): it
//! is never one. Where a line before the
//! body is one the first paragraph opens with, that line is the page's
//! title instead, wherever the navigation puts it ('Lake Bled' among the
//! language links over 'Lake Bled (Slovene: …) is a lake…'). A document
//! without body text is left alone: a list or a poem is all short lines;
//! so is a table of labels and values, which holds digits in part of its
//! lines and none in the rest (`is_table`), and a list whose items share
//! words with the text's sentences (`is_list_of_the_text`: what a how-to
//! says you will need, after its last paragraph). No line that reads as
//! code or ends with a comma is an item
//! ([`crate::normalize::key::LineKey::unlike_a_link`]): the last lines of a
//! tutorial's program, the verses of a poem over its commentary.

use crate::fingerprint::DocSketch;

use super::super::{Reason, Verdicts};
use super::page_pattern::Place;

/// The fewest items of a column.
pub const MIN_ITEMS: usize = 4;
/// The heaviest item: 'Entertainment', 'Contact us', '政务服务中心'.
pub const MAX_ITEM_WEIGHT: u32 = 14;
/// The heaviest item that may end in a full stop: 'U.S.', 'Inc.'.
const MAX_ABBREVIATION_WEIGHT: u32 = 3;

pub fn apply(sketch: &DocSketch, places: &[Place], has_body: bool, verdicts: &mut Verdicts) {
    if !has_body {
        return;
    }
    let first_body = places.iter().position(|&p| p == Place::Body);
    let title_place = first_body.and_then(|first| {
        let lead_title = (0..first).find(|&i| sketch.lines[i].opens_lead);
        lead_title.or_else(|| {
            (0..first)
                .rev()
                .find(|&i| sketch.lines[i].weight > 0 && verdicts[i].is_none())
        })
    });
    // The lines the run would remove, and how many items it has: those
    // and the light lines other rules already took.
    let mut run = Vec::new();
    let mut items = 0;
    let close = |run: &mut Vec<usize>, items: &mut usize, verdicts: &mut Verdicts| {
        if *items >= MIN_ITEMS && !is_table(sketch, run) && !is_list_of_the_text(sketch, run) {
            for &i in run.iter() {
                verdicts[i] = Some(Reason::MenuColumn);
            }
        }
        run.clear();
        *items = 0;
    };
    for (i, line) in sketch.lines.iter().enumerate() {
        if line.weight == 0 {
            continue;
        }
        if verdicts[i].is_some() {
            let removed_item = places[i] != Place::Body && line.weight <= MAX_ITEM_WEIGHT;
            items += usize::from(removed_item);
            continue;
        }
        let item = places[i] != Place::Body
            && Some(i) != title_place
            && line.weight <= MAX_ITEM_WEIGHT
            && (!line.ends_sentence || line.weight <= MAX_ABBREVIATION_WEIGHT)
            && !line.enumerated
            && !line.opens_lead
            && !line.unlike_a_link;
        if item {
            run.push(i);
            items += 1;
        } else {
            close(&mut run, &mut items, verdicts);
        }
    }
    close(&mut run, &mut items, verdicts);
}

/// Whether a light line of weight `weight` reads as a line of program
/// code: at least two of its characters are brackets, semicolons or equals
/// signs, they are at least half as many as its letters and digits, and
/// one of them is a brace, a semicolon, an equals sign or the empty
/// brackets of a call ('Ok(())', 'x = 1;', 'fn main() {'). A menu's links
/// hold a count in brackets at most ('Comments (3)'), and a button in
/// square brackets is none ('[Yes]').
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
/// least a third hold none ('Memory', 'Weight'). A menu's links mostly hold
/// none ('Top 10' among them), and a list of archive months or of pages
/// ('March 2024', '2', '3') nearly all hold some. A line holds digits when
/// its template key is not its content key (with `--fold-script`, a line a
/// script folding changes is counted so too).
fn is_table(sketch: &DocSketch, run: &[usize]) -> bool {
    let with_digits = (run.iter())
        .filter(|&&i| sketch.lines[i].template != sketch.lines[i].content)
        .count();
    let without = run.len() - with_digits;
    with_digits * 3 >= run.len() && without * 3 >= run.len()
}

/// Whether the lines of a run are a list about the text rather than a
/// menu: at least half of them share a word with the document's sentences
/// ([`crate::normalize::key::LineKey::echoes_body`]: 'Cereal box',
/// 'Scissors', 'Bird seed' under 'You will need', where a menu's 'Kids',
/// 'Seasonal', 'Printables' share none).
fn is_list_of_the_text(sketch: &DocSketch, run: &[usize]) -> bool {
    let echoes = (run.iter())
        .filter(|&&i| sketch.lines[i].echoes_body)
        .count();
    echoes * 2 >= run.len()
}

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
        let sketch = sketch_lines(lines);
        let pack = crate::decide::pack::RulePack::shipped();
        let (places, has_body) = places(
            &sketch,
            &GroupTable::default(),
            &BoilerplateSettings::default(),
            &pack,
        );
        let mut verdicts = vec![None; lines.len()];
        if with_pack {
            crate::decide::rules::page_pattern::apply(
                &sketch,
                &pack,
                &places,
                has_body,
                &mut verdicts,
            );
        }
        apply(&sketch, &places, has_body, &mut verdicts);
        (verdicts.iter())
            .map(|v| matches!(v, Some(Reason::MenuColumn)))
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
