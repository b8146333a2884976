//! `duplicate-document`: a document whose whole text (folded) equals an
//! earlier document's is removed entirely; the first in path order is kept.

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::Index;
use crate::settings::DuplicateSettings;

use super::super::{Reason, Verdicts};

/// All lines removed if the document repeats an earlier one, else `None`.
pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    index: &Index,
    settings: &DuplicateSettings,
) -> Option<Verdicts> {
    if !settings.documents {
        return None;
    }
    let of = index.duplicate_of.get(doc.index()).copied().flatten()?;
    Some(every_line(sketch, Reason::DuplicateDocument { of }))
}

/// Every line that holds anything removed under `reason` (blank lines are
/// attached to their neighbours by the report): a document that goes whole.
pub fn every_line(sketch: &DocSketch, reason: Reason) -> Verdicts {
    sketch
        .lines
        .iter()
        .map(|line| (!line.blank).then_some(reason))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::exact_duplicates;

    #[test]
    fn later_copy_goes_first_stays() {
        let a = sketch_lines(&["Title", "Body text here."]);
        let b = sketch_lines(&["title", "", "Body  text here"]);
        let c = sketch_lines(&["Another", "Body text here."]);
        let index = Index {
            duplicate_of: exact_duplicates([&a, &b, &c].map(|s| Some(s.content_hash)).into_iter()),
            ..Index::default()
        };
        let settings = DuplicateSettings::default();
        assert!(apply(DocId(0), &a, &index, &settings).is_none());
        let removed = apply(DocId(1), &b, &index, &settings).unwrap();
        assert_eq!(removed[0], Some(Reason::DuplicateDocument { of: DocId(0) }));
        assert_eq!(removed[1], None, "blank lines carry no verdict");
        assert!(apply(DocId(2), &c, &index, &settings).is_none());
    }
}
