//! `boilerplate-inserted`: lines a site inserts into the body of its
//! articles.
//!
//! The frequency rule keeps a line that many documents of a group carry
//! inside their body: that is how section headings and list items recur
//! ("一、2020年工作回顾", "Publish the results every quarter."). A site
//! also inserts lines into the body: a tip, a newsletter prompt, an ad
//! ("Tip: press / to search the documentation."), placed between two
//! paragraphs wherever the page has room. Such a line stands alone: a
//! sentence, too light to be body text itself, whose nearest lines with
//! text on both sides are body text ([`crate::index::inserted_between_paragraphs`]).
//! A heading does not end as a sentence, and a list item stands beside the
//! other items, so content rarely stands so, and an inserted line mostly
//! does: one that does so in at least `min_inserted_share` of the
//! documents where it stands inside the body goes from every document of
//! the group, wherever it stands. A line that opens with a section number
//! never goes, as with the frequency rule.

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
    super::boilerplate_frequency::mark_frequent(sketch, table, settings, verdicts, |stats| {
        is_inserted(stats.inserted, stats.in_body, settings).then_some(Reason::Inserted {
            stats,
            group_docs: table.docs,
        })
    });
}

/// Whether a frequent line inside the body of `in_body` documents, inserted
/// between paragraphs in `inserted` of them, is inserted text.
fn is_inserted(inserted: u32, in_body: u32, settings: &BoilerplateSettings) -> bool {
    inserted > 0 && f64::from(inserted) >= settings.min_inserted_share * f64::from(in_body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::{sketch_lines, table_of};

    const PARAGRAPHS: [&str; 4] = [
        "The numeric arguments are first converted to a common type, and the result of the operation is of that common type as well.",
        "A suitable mechanism is one that uses at run time a copy of the library already present on the user's computer system.",
        "Each version is given a distinguishing version number, and later versions may differ in detail to address new problems.",
        "The basic import statement finds a module, loading and initializing it if necessary, and defines a name in the local namespace.",
    ];
    const TIP: &str = "Tip: press / to search the documentation.";
    const ITEMS: [&str; 3] = [
        "Improve access to public services.",
        "Publish the results every quarter.",
        "Train all staff before the end of the year.",
    ];

    /// Paragraph `k` of page `page`: each page's paragraphs are its own
    /// (digits would fold away in template keys: the words differ).
    fn paragraph(page: usize, k: usize) -> String {
        const WORDS: [&str; 20] = [
            "amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "iris",
            "juniper", "kestrel", "lilac", "maple", "nectar", "opal", "pine", "quartz", "raven",
            "sage", "tulip",
        ];
        format!(
            "{} So said {} of {}.",
            PARAGRAPHS[k % 4],
            WORDS[page % 20],
            WORDS[k % 20]
        )
    }

    #[test]
    fn a_tip_between_paragraphs_goes_and_a_list_that_recurs_stays() {
        let settings = BoilerplateSettings::default();
        // Twenty pages: each says two paragraphs of its own, a list of goals
        // that every page shares, and, in all but a few, the tip between
        // two paragraphs; in some the tip stands next to the list instead.
        let texts: Vec<[String; 3]> = (0..20)
            .map(|i| [paragraph(i, 0), paragraph(i, 1), paragraph(i, 2)])
            .collect();
        let docs: Vec<Vec<&str>> = (texts.iter().enumerate())
            .map(|(i, [a, b, c])| {
                let mut lines = vec!["Home", a.as_str()];
                match i % 5 {
                    0 => lines.extend([b, ITEMS[0], ITEMS[1], ITEMS[2], TIP]),
                    4 => lines.extend([b, ITEMS[0], ITEMS[1], ITEMS[2]]),
                    _ => lines.extend([TIP, b, ITEMS[0], ITEMS[1], ITEMS[2]]),
                }
                lines.push(c);
                lines
            })
            .collect();
        let table = table_of(&docs, &settings);
        let tip = sketch_lines(&[TIP]).lines[0].template;
        let stats = table.keys.get(&tip).copied().unwrap();
        assert_eq!((stats.docs, stats.in_body, stats.inserted), (16, 16, 12));
        let item = sketch_lines(&[ITEMS[1]]).lines[0].template;
        let stats = table.keys.get(&item).copied().unwrap();
        assert_eq!((stats.in_body, stats.inserted), (20, 0));

        for doc in &docs {
            let sketch = sketch_lines(doc);
            let mut verdicts = vec![None; sketch.lines.len()];
            apply(&sketch, &table, &settings, &mut verdicts);
            for (line, verdict) in doc.iter().zip(&verdicts) {
                let gone = matches!(verdict, Some(Reason::Inserted { .. }));
                assert_eq!(gone, *line == TIP, "{line}");
            }
        }
        // Fewer inserted than the least share: content.
        let strict = BoilerplateSettings {
            min_inserted_share: 0.8,
            ..BoilerplateSettings::default()
        };
        let sketch = sketch_lines(&docs[1]);
        let mut verdicts = vec![None; sketch.lines.len()];
        apply(&sketch, &table_of(&docs, &strict), &strict, &mut verdicts);
        assert!(verdicts.iter().all(Option::is_none));
    }

    #[test]
    fn headings_and_numbered_lines_are_never_inserted() {
        let settings = BoilerplateSettings::default();
        // A heading between paragraphs does not end as a sentence; a line
        // that opens with a section number is a heading wherever it stands.
        let heading = "Results of the last year";
        let numbered = "1. Keep the records for five years.";
        let texts: Vec<[String; 3]> = (0..10)
            .map(|i| [paragraph(i, 0), paragraph(i, 1), paragraph(i, 2)])
            .collect();
        let docs: Vec<Vec<&str>> = (texts.iter())
            .map(|[a, b, c]| vec![a.as_str(), heading, b, numbered, c])
            .collect();
        let table = table_of(&docs, &settings);
        let key = |line: &str| sketch_lines(&[line]).lines[0].template;
        assert_eq!(table.keys.get(&key(heading)).unwrap().inserted, 0);
        assert_eq!(table.keys.get(&key(numbered)).unwrap().inserted, 10);
        let sketch = sketch_lines(&docs[0]);
        let mut verdicts = vec![None; sketch.lines.len()];
        apply(&sketch, &table, &settings, &mut verdicts);
        assert!(verdicts.iter().all(Option::is_none), "{verdicts:?}");
    }
}
