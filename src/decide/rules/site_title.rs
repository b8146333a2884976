//! `boilerplate-site-title`: the page title a scraper keeps from the HTML
//! `<title>`, 'Special method names - Oakridge Developer Network', at the
//! head of a page whose own heading says 'Special method names' again.
//!
//! No count finds the line: it differs on every page. Its suffix does not:
//! the site's name ends the titles of many pages of the group. So sketching
//! splits each of the first [`TITLE_LINES`](crate::fingerprint::TITLE_LINES)
//! lines at its last title separator (' - ', ' | ', ' · ', '_', …), the
//! suffix's template key is counted with the group's line keys, and a line
//! goes when its suffix is frequent in the group (the boilerplate
//! thresholds) and its prefix stands again as a line further down: the page
//! then loses the site's name and nothing it says. A title whose heading
//! is not repeated stays whole.
//!
//! Where the suffix is not frequent (a page alone, with no other title to
//! share its site's name), the line goes when its heading, the heaviest
//! of the parts of its prefix between separators, stands again alone as a
//! line further down: the HTML `<title>` a naive scrape keeps over the
//! page's own heading ('US11234567B2 - Method and apparatus for … -
//! Google Patents' over 'Method and apparatus for …'). Without it, the
//! heading below is the copy the duplicate rules take, and the line with
//! the site's name is the one left.

use crate::fingerprint::DocSketch;
use crate::index::GroupTable;
use crate::settings::BoilerplateSettings;

use super::super::{Reason, Verdicts};

pub fn apply(
    sketch: &DocSketch,
    table: &GroupTable,
    settings: &BoilerplateSettings,
    verdicts: &mut Verdicts,
) {
    for title in &sketch.titles {
        let line = title.line as usize;
        if verdicts[line].is_some() {
            continue;
        }
        let said_again = |key: u64| {
            (line + 1..sketch.lines.len())
                .find(|&below| sketch.lines[below].weight > 0 && sketch.lines[below].content == key)
        };
        match table.frequent(title.suffix, settings) {
            Some(stats) => {
                if said_again(title.prefix).is_some() {
                    verdicts[line] = Some(Reason::SiteTitle {
                        stats,
                        group_docs: table.docs,
                    });
                }
            }
            None => {
                if let Some(heading) = said_again(title.heading) {
                    verdicts[line] = Some(Reason::TitleHeading {
                        heading: heading as u32,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{DocId, DocRef, GroupId};
    use crate::fingerprint::sketch;
    use crate::index::group_tables;
    use crate::normalize::key::KeyFolder;
    use crate::segment;
    use crate::settings::Settings;

    fn removed_lines(pages: &[String]) -> Vec<Vec<usize>> {
        let mut folder = KeyFolder::default();
        let sketches: Vec<DocSketch> = pages
            .iter()
            .map(|text| sketch(text, &segment::lines(text), &mut folder, None))
            .collect();
        let docs: Vec<DocRef> = (0..pages.len())
            .map(|i| DocRef {
                id: DocId(i as u32),
                source: crate::corpus::Source::File {
                    compression: crate::corpus::compression::Compression::None,
                    rel: format!("p{i}.txt").into(),
                },
                group: GroupId(0),
                bytes: 0,
            })
            .collect();
        let settings = Settings::new(vec![], "out".into()).boilerplate;
        let tables = group_tables(
            &docs,
            1,
            &vec![true; pages.len()],
            |i| Ok(&sketches[i]),
            &settings,
            usize::MAX,
            std::path::Path::new("."),
        )
        .unwrap();
        sketches
            .iter()
            .map(|sketch| {
                let mut verdicts = vec![None; sketch.lines.len()];
                apply(sketch, &tables[0], &settings, &mut verdicts);
                (0..verdicts.len())
                    .filter(|&i| verdicts[i].is_some())
                    .collect()
            })
            .collect()
    }

    const TOPICS: [&str; 4] = [
        "Special method names",
        "Inline functions",
        "Shifting operations",
        "Data model",
    ];

    #[test]
    fn a_title_ending_in_the_site_name_goes_when_its_heading_stands_below() {
        let pages: Vec<String> = TOPICS
            .iter()
            .map(|t| format!("{t} - Oakridge Developer Network\nMenu\n{t}\nThe text of the page about {t}, long enough to be body text of its own.\n"))
            .collect();
        assert_eq!(removed_lines(&pages), vec![vec![0]; 4]);
    }

    #[test]
    fn a_title_whose_suffix_no_other_page_shares_goes_when_its_heading_stands_alone_below() {
        // A page alone: its HTML title over its heading.
        let page = "US11234567B2 - Method and apparatus for reducing condensation - Google Patents\nDownload PDF\nMethod and apparatus for reducing condensation\nAbstract\n".to_string();
        assert_eq!(removed_lines(&[page]), vec![vec![0]]);
        // Every suffix differs: the heaviest part is the title.
        let pages: Vec<String> = TOPICS
            .iter()
            .map(|t| format!("{t} - by {t}\n{t}\nThe text of the page.\n"))
            .collect();
        assert_eq!(removed_lines(&pages), vec![vec![0]; 4]);
        // A part that stands below only inside a longer line is no heading.
        let page =
            "Lake Bled - Slovenia Travel\nLake Bled is a lake in the Julian Alps.\n".to_string();
        assert_eq!(removed_lines(&[page]), vec![Vec::<usize>::new()]);
    }

    #[test]
    fn the_heaviest_part_of_a_title_before_its_site_name_is_its_heading() {
        use crate::fingerprint::title_heading;
        assert_eq!(
            title_heading("US11234567B2 - Method and apparatus"),
            "Method and apparatus"
        );
        assert_eq!(title_heading("Belém Tower | Lisbon"), "Belém Tower");
        assert_eq!(title_heading("A title"), "A title");
        assert_eq!(title_heading("政策解读_市政府"), "政策解读");
    }

    #[test]
    fn titles_stay_without_a_frequent_suffix_or_a_repeated_heading() {
        // Every suffix differs, and no heading repeats the title.
        let pages: Vec<String> = TOPICS
            .iter()
            .map(|t| format!("{t} - by {t}\nThe text of the page.\n"))
            .collect();
        assert_eq!(removed_lines(&pages), vec![Vec::<usize>::new(); 4]);
        // The site name is shared, but no heading repeats the title.
        let pages: Vec<String> = TOPICS
            .iter()
            .map(|t| format!("{t} - Oakridge Developer Network\nThe text of the page.\n"))
            .collect();
        assert_eq!(removed_lines(&pages), vec![Vec::<usize>::new(); 4]);
    }
}
