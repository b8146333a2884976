//! `near-duplicate`: a document whose content is nearly that of another —
//! the same article cross-posted with a few words changed, a paragraph
//! dropped or added — is removed entirely; its cluster keeps one copy
//! ([`crate::index::near`] finds the clusters, `--keep` chooses the copy).

use crate::corpus::DocId;
use crate::fingerprint::DocSketch;
use crate::index::Index;
use crate::settings::DuplicateSettings;

use super::super::{Reason, Verdicts};
use super::duplicate_document::every_line;

/// All lines removed if the document is a near-duplicate of the kept one,
/// else `None`.
pub fn apply(
    doc: DocId,
    sketch: &DocSketch,
    index: &Index,
    settings: &DuplicateSettings,
) -> Option<Verdicts> {
    if !settings.near_documents {
        return None;
    }
    let of = index
        .near_duplicate_of
        .get(doc.index())
        .copied()
        .flatten()?;
    Some(every_line(sketch, Reason::NearDuplicate { of }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;
    use crate::index::NearDuplicate;

    #[test]
    fn every_line_with_text_of_a_near_duplicate_goes() {
        let sketch = sketch_lines(&["Title", "", "Body text here."]);
        let of = NearDuplicate {
            kept: DocId(0),
            agreeing: 120,
        };
        let index = Index {
            near_duplicate_of: vec![None, Some(of)],
            ..Index::default()
        };
        let settings = DuplicateSettings::default();
        assert!(apply(DocId(0), &sketch, &index, &settings).is_none());
        let removed = apply(DocId(1), &sketch, &index, &settings).unwrap();
        assert_eq!(removed[0], Some(Reason::NearDuplicate { of }));
        assert_eq!(removed[1], None, "blank lines carry no verdict");
        let off = DuplicateSettings {
            near_documents: false,
            ..DuplicateSettings::default()
        };
        assert!(apply(DocId(1), &sketch, &index, &off).is_none());
    }
}
