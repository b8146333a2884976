//! A page's table of contents, found by the headings it lists.
//!
//! An encyclopedia's article, a manual's chapter or a long report often
//! opens with its table of contents: a run of lines, each a section
//! number and a section's title ('1 Historia', '2.1 Early life',
//! '3. Results'), whose titles come again below as the sections' own
//! headings (`Historia[editar]`). Set one link a line, the entries are as
//! light as a menu's items, and where the table stands after the lead,
//! inside the body, no rule of the page's edges reaches them. What tells
//! them from a numbered list of the text (a recipe's '2 eggs', a ranking)
//! is the headings: an entry's title is the head of a light line below
//! the run that is no sentence, the whole of it, all but its last word
//! (an edit link: `[editar]`, `[编辑]`) or what comes before a bracketed
//! piece at its end (`[modifier | modifier le code]`, `[編集]`), and so it
//! is for at least two entries of the run and at least half of them (a
//! subsection whose heading the scrape lost does not break the table).
//! The run ends before an entry that says again the title of one of its
//! own: the first section's numbered heading, right under the table.
//!
//! A table without section numbers ('In this article', then 'Syntax',
//! 'Description', 'Examples' one a line) is read only under a menu's
//! label ('Contents', 'In this article'), and needs three entries whose
//! headings stand below, half of its run at least: the entries up to the
//! last of those go, and what follows them (the page's own title, set
//! after the table) stays.
//!
//! Tokens are compared by their hashes, so 'Historia' and 'HISTORIA' are
//! one title, and a Han run is compared character by character.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::decide::rules::line_marker::tail_marker;
use crate::fingerprint::winnow::mix;
use crate::index::keymap::FingerprintHasher;
use crate::normalize::key::{DocTokens, LineKey};
use crate::segment::Span;

/// The heaviest entry or heading: a section's title, not a paragraph.
pub const MAX_TITLE_WEIGHT: u32 = 80;
/// The lightest title an entry may have: 'Name', '历史'.
const MIN_TITLE_WEIGHT: u32 = 4;
/// The heaviest label over a table: one word or two, some long
/// ('Inhaltsverzeichnis', 'Sisällysluettelo'), never a menu's row of
/// links.
pub const MAX_LABEL_WEIGHT: u32 = 24;
/// The fewest entries of a run whose headings stand below.
const MIN_LISTED: usize = 2;
/// The same, of a run without section numbers under a label.
const MIN_LISTED_UNNUMBERED: usize = 3;
/// The most levels of a section number: '2.3.1'.
const MAX_LEVELS: usize = 4;
/// The most digits of one level of a section number.
const MAX_LEVEL_DIGITS: usize = 2;

/// Where the title of a table of contents' entry starts in `line`: after a
/// section number of one to four levels of digits ('3', '2.1', '4.'),
/// then spaces. `None` for any other line.
pub fn entry_title_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = line.len() - line.trim_start().len();
    for level in 1..=MAX_LEVELS {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if !(1..=MAX_LEVEL_DIGITS).contains(&(i - start)) {
            return None;
        }
        if bytes.get(i) != Some(&b'.') {
            break;
        }
        i += 1;
        let next_is_digit = bytes.get(i).is_some_and(u8::is_ascii_digit);
        if !next_is_digit || level == MAX_LEVELS {
            break;
        }
    }
    let spaces = bytes[i..].iter().take_while(|&&b| b == b' ').count();
    let title = i + spaces;
    (spaces > 0 && title < line.len()).then_some(title)
}

/// Marks the entries of the document's tables of contents
/// ([`LineKey::lists_a_heading`]). Only documents with two numbered lines
/// in a row, or a line `labels_a_table` takes (a menu's label), are read
/// further.
pub fn mark_contents(
    keys: &mut [LineKey],
    lines: &[Span],
    line_tokens: &[u32],
    tokens: &DocTokens,
    text: &str,
    labels_a_table: impl Fn(&LineKey) -> bool,
) {
    let is_title =
        |key: &LineKey| key.weight > 0 && key.weight <= MAX_TITLE_WEIGHT && !key.ends_sentence;
    // Each text line's title start in the document, if it reads as an entry.
    let entry = |line: usize| {
        let span = lines[line];
        is_title(&keys[line])
            .then(|| entry_title_start(&text[span.start..span.end]).map(|at| span.start + at))
            .flatten()
    };
    // Most documents have no two numbered lines in a row: they are read
    // no further, and nothing is gathered for them.
    let mut text_lines = (0..keys.len()).filter(|&l| !keys[l].blank);
    let mut previous_numbered = false;
    let numbered_pair = text_lines.any(|line| {
        let numbered = entry(line).is_some();
        let pair = numbered && previous_numbered;
        previous_numbered = numbered;
        pair
    });
    let labels: Vec<usize> = (0..keys.len())
        .filter(|&line| keys[line].weight > 0 && labels_a_table(&keys[line]))
        .collect();
    if !numbered_pair && labels.is_empty() {
        return;
    }
    let text_lines: Vec<usize> = (0..keys.len()).filter(|&l| !keys[l].blank).collect();
    let entries: Vec<Option<usize>> = (0..keys.len()).map(entry).collect();
    // The tokens of a line's title: after its section number, if it has one.
    let title_tokens = |line: usize| {
        let range = line_tokens[line] as usize..line_tokens[line + 1] as usize;
        let skip = entries[line].map_or(0, |at| {
            (tokens.bytes[range.clone()].iter())
                .take_while(|&&(start, _)| (start as usize) < at)
                .count()
        });
        &tokens.hashes[range.start + skip..range.end]
    };
    let hash = |words: &[u64]| words.iter().fold(0u64, |h, &w| mix(h ^ w));
    // For the words of each heading, and for all of them but the last, the
    // last line that holds them.
    let mut headings: HashMap<u64, usize, BuildHasherDefault<FingerprintHasher>> =
        HashMap::default();
    for &line in text_lines.iter().filter(|&&line| is_title(&keys[line])) {
        let words = title_tokens(line);
        if let Some((_, head)) = words.split_last() {
            if !head.is_empty() {
                headings.insert(hash(head), line);
            }
            headings.insert(hash(words), line);
        }
        // An edit link of several words glued to the heading
        // ('Géographie[modifier | modifier le code]', '歴史[編集]').
        let span = lines[line];
        if let Some((before, _)) = tail_marker(&text[span.start..span.end]) {
            let end = span.start + before;
            let range = line_tokens[line] as usize..line_tokens[line + 1] as usize;
            let before_marker = (tokens.bytes[range.clone()].iter())
                .take_while(|&&(start, _)| (start as usize) < end)
                .count();
            let numbered = range.len() - words.len();
            if before_marker > numbered {
                let title = &tokens.hashes[range.start + numbered..range.start + before_marker];
                headings.insert(hash(title), line);
            }
        }
    }
    let lists_a_heading = |line: usize, run_end: usize| {
        let words = title_tokens(line);
        keys[line].weight >= MIN_TITLE_WEIGHT
            && !words.is_empty()
            && headings.get(&hash(words)).is_some_and(|&at| at > run_end)
    };
    let mut tables: Vec<usize> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut close = |run: &mut Vec<usize>| {
        if let Some(&last) = run.last() {
            let listed = run
                .iter()
                .filter(|&&line| lists_a_heading(line, last))
                .count();
            if listed >= MIN_LISTED && 2 * listed >= run.len() {
                tables.extend_from_slice(run);
            }
        }
        run.clear();
    };
    // An entry whose title one of the run's already has is the first
    // section's heading right under the table ('1. 개요' after '4. 둘러보기'):
    // the table ends before it.
    let mut run_titles: Vec<u64> = Vec::new();
    for &line in &text_lines {
        if entries[line].is_some() {
            let title = hash(title_tokens(line));
            if run_titles.contains(&title) {
                close(&mut run);
                run_titles.clear();
            }
            run.push(line);
            run_titles.push(title);
        } else {
            close(&mut run);
            run_titles.clear();
        }
    }
    close(&mut run);
    for label in labels {
        let run: Vec<usize> = (text_lines.iter())
            .skip_while(|&&line| line <= label)
            .take_while(|&&line| is_title(&keys[line]) && entries[line].is_none())
            .copied()
            .collect();
        let Some(&run_end) = run.last() else {
            continue;
        };
        let listed: Vec<usize> = (0..run.len())
            .filter(|&at| lists_a_heading(run[at], run_end))
            .collect();
        if let Some(&last_listed) = listed.last() {
            if listed.len() >= MIN_LISTED_UNNUMBERED && 2 * listed.len() >= run.len() {
                tables.extend_from_slice(&run[..=last_listed]);
            }
        }
    }
    for line in tables {
        keys[line].lists_a_heading = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::sketch;
    use crate::normalize::key::KeyFolder;

    fn listed(text: &str) -> Vec<&str> {
        let mut folder = KeyFolder::default();
        let lines = crate::segment::lines(text);
        let pack = crate::decide::pack::RulePack::shipped();
        let matcher = pack.matcher(80);
        let doc = sketch(text, &lines, &mut folder, Some(&matcher));
        (lines.iter().zip(&doc.lines))
            .filter(|(_, key)| key.lists_a_heading)
            .map(|(span, _)| &text[span.start..span.end])
            .collect()
    }

    #[test]
    fn section_numbers_open_entries() {
        for (line, title) in [
            ("1 Historia", "Historia"),
            ("2.1 Early life", "Early life"),
            ("3. Results", "Results"),
            ("  12 See also", "See also"),
            ("1.2.3.4 Deep", "Deep"),
            ("2 建筑结构", "建筑结构"),
        ] {
            let at = entry_title_start(line);
            assert_eq!(at.map(|at| &line[at..]), Some(title), "{line}");
        }
        for line in [
            "2021 in review",
            "Historia",
            "1",
            "1.",
            "3.5kg flour",
            "1,000 runners",
        ] {
            assert_eq!(entry_title_start(line), None, "{line}");
        }
    }

    #[test]
    fn entries_whose_titles_head_a_line_below_are_a_table_of_contents() {
        let text = "Puente de Alcántara\n\
            El puente de Alcántara es un puente romano de piedra sobre el río Tajo.\n\
            Índice\n1 Historia\n2 Estructura\n3 Referencias\n4 Enlaces externos\n\
            Historia[editar]\nEl puente sufrió daños en varias guerras.\n\
            Estructura[editar]\nTiene seis arcos de medio punto.\n\
            Referencias[editar]\nDurán Fuentes, Manuel (2004).\n";
        assert_eq!(
            listed(text),
            [
                "1 Historia",
                "2 Estructura",
                "3 Referencias",
                "4 Enlaces externos"
            ]
        );
    }

    #[test]
    fn the_first_sections_numbered_heading_right_under_the_table_is_no_entry() {
        let text = "경의·중앙선\n1. 개요\n2. 역사\n3. 운행\n1. 개요\n\
            경의·중앙선은 문산역에서 지평역까지 이어지는 수도권 전철 노선이다.\n\
            2. 역사\n경의선 광역전철은 2009년 7월 처음 개통하였다.\n\
            3. 운행\n일반 열차와 급행 열차가 함께 다닌다.\n";
        assert_eq!(listed(text), ["1. 개요", "2. 역사", "3. 운행"]);
    }

    #[test]
    fn a_headings_edit_link_of_several_words_is_no_part_of_its_title() {
        let text = "Lac d'Annecy\n\
            Le lac d'Annecy est un lac des Alpes françaises.\n\
            Sommaire\n1 Géographie\n2 Histoire\n\
            Géographie[modifier | modifier le code]\nLe lac occupe le fond d'une vallée.\n\
            Histoire[modifier | modifier le code]\nDes villages lacustres ont été établis.\n";
        assert_eq!(listed(text), ["1 Géographie", "2 Histoire"]);
        let text = "姫路城\n目次\n1 歴史\n2 構造\n歴史[編集]\n1601年に池田輝政が城主となった。\n構造[編集]\n連立式天守である。\n";
        assert_eq!(listed(text), ["1 歴史", "2 構造"]);
    }

    #[test]
    fn han_titles_are_compared_by_characters() {
        let text = "赵州桥\n目录\n1 历史沿革\n2 建筑结构\n历史沿革\n赵州桥始建于隋代。\n建筑结构\n桥长64.40米。\n";
        assert_eq!(listed(text), ["1 历史沿革", "2 建筑结构"]);
    }

    #[test]
    fn a_numbered_list_without_headings_below_is_no_table() {
        let text = "Pancakes\n2 eggs\n1 cup flour\n1 cup milk\nWhisk the eggs and milk, then fold in the flour.\n";
        assert!(listed(text).is_empty());
    }

    #[test]
    fn one_heading_below_is_not_enough() {
        let text = "Ranking\n1 Arsenal\n2 Chelsea\n3 Liverpool\nArsenal\nThey won the league on the last day.\n";
        assert!(listed(text).is_empty());
    }

    #[test]
    fn a_table_without_numbers_is_read_under_its_label() {
        let text = "Array.prototype.flat()\nIn this article\nTry it\nSyntax\nDescription\nExamples\n\
            Array.prototype.flat()\n\
            The flat() method creates a new array with all sub-array elements concatenated into it.\n\
            Syntax\nflat(depth)\nDescription\nThe flat() method is a copying method.\n\
            Examples\nconsole.log(arr1.flat());\n";
        assert_eq!(
            listed(text),
            ["Try it", "Syntax", "Description", "Examples"],
            "the title after the table stays"
        );
        let without_label = text.replace("In this article\n", "");
        assert!(listed(&without_label).is_empty());
    }

    #[test]
    fn headings_above_the_list_do_not_count() {
        let text = "Historia\nEstructura\nEl puente sufrió daños en varias guerras.\n1 Historia\n2 Estructura\n";
        assert!(listed(text).is_empty());
    }
}
