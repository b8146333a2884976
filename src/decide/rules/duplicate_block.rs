//! `duplicate-block`: a line whose text (content key: case, punctuation and
//! spacing folded, digits kept) was kept earlier — in an earlier document or
//! higher up in the same one — is removed; the first copy stays.
//!
//! Lines lighter than `block_min_weight` are never duplicates: short
//! headings and list items ("三是严格考核问责。") legitimately recur in many
//! documents, and removing their later copies would tear the structure out
//! of every article but the first. The default of 40 is twenty CJK
//! characters or forty Latin letters, about a short sentence.

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::{Index, Occurrence};
use crate::settings::DuplicateSettings;

use super::super::{Reason, Verdicts};

/// The (content key, line) pairs of a document that can be a first copy:
/// heavy enough, and not removed as boilerplate.
pub fn candidates(
    sketch: &DocSketch,
    verdicts: &Verdicts,
    settings: &DuplicateSettings,
) -> Vec<(u64, u32)> {
    if !settings.blocks {
        return Vec::new();
    }
    sketch
        .lines
        .iter()
        .zip(verdicts)
        .enumerate()
        .filter(|(_, (line, verdict))| {
            verdict.is_none() && line.weight >= settings.block_min_weight
        })
        .map(|(i, (line, _))| (line.content, i as u32))
        .collect()
}

pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    index: &Index,
    settings: &DuplicateSettings,
    verdicts: &mut Verdicts,
) {
    if !settings.blocks {
        return;
    }
    let repeats = index.line_repeats.in_doc(doc);
    for (i, (line, verdict)) in sketch.lines.iter().zip(verdicts.iter_mut()).enumerate() {
        if verdict.is_some() || line.weight < settings.block_min_weight {
            continue;
        }
        let here = Occurrence {
            doc,
            line: i as u32,
        };
        if let Some(first) = repeats.first_of(here) {
            *verdict = Some(Reason::DuplicateBlock { first });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::first_places;

    const PARA: &str = "Repeated paragraph that is long enough to count as a duplicate block.";

    #[test]
    fn later_copies_go_short_lines_stay() {
        let docs = [
            sketch_lines(&["Heading one", PARA]),
            sketch_lines(&[
                "Heading one",
                "Other text that is also long enough to be weighed.",
                PARA,
                PARA,
            ]),
        ];
        let settings = DuplicateSettings::default();
        let line_repeats = first_places(docs.len(), |doc| {
            let sketch = &docs[doc.index()];
            candidates(sketch, &vec![None; sketch.lines.len()], &settings)
                .into_iter()
                .map(|(key, line)| (key, Occurrence { doc, line }))
                .collect()
        });
        let index = Index {
            line_repeats,
            ..Index::default()
        };

        let mut first = vec![None; 2];
        apply(DocId(0), &docs[0], &index, &settings, &mut first);
        assert_eq!(first, [None, None]);

        let mut second = vec![None; 4];
        apply(DocId(1), &docs[1], &index, &settings, &mut second);
        let original = Occurrence {
            doc: DocId(0),
            line: 1,
        };
        assert_eq!(second[0], None, "short heading stays");
        assert_eq!(second[1], None);
        assert_eq!(second[2], Some(Reason::DuplicateBlock { first: original }));
        assert_eq!(second[3], Some(Reason::DuplicateBlock { first: original }));
    }
}
