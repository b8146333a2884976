//! The rules, one per file, each with its own tests.

pub mod boilerplate_frequency;
pub mod boilerplate_inserted;
pub mod duplicate_block;
pub mod duplicate_document;
pub mod duplicate_residue;
pub mod duplicate_sentence;
pub mod duplicate_span;
pub mod footer_run;
pub mod line_marker;
pub mod menu_column;
pub mod near_duplicate;
pub mod page_pattern;
pub mod repeated_clause;
pub mod repeated_head;
pub mod running_head;
pub mod site_title;
pub mod stub;
pub mod summary_label;
pub mod table_of_contents;

#[cfg(test)]
pub(crate) mod test_support {
    use crate::corpus::{DocId, DocRef, GroupId, Source};
    use crate::fingerprint::{sketch, DocSketch};
    use crate::index::{group_tables, GroupTable};
    use crate::normalize::key::KeyFolder;
    use crate::segment;
    use crate::settings::BoilerplateSettings;

    /// Sketch a document given as lines.
    pub fn sketch_lines(lines: &[&str]) -> DocSketch {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        sketch(
            &text,
            &segment::lines(&text),
            &mut KeyFolder::default(),
            Some(&crate::decide::pack::RulePack::shipped().matcher(80)),
        )
    }

    /// A document given as lines, as pass 2 holds it when the rules that
    /// cut pieces run: its sketch, its text, its lines' spans, and a
    /// decision that removes nothing yet.
    pub fn page(
        lines: &[&str],
    ) -> (
        DocSketch,
        String,
        Vec<segment::Span>,
        crate::decide::Decision,
    ) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let spans = segment::lines(&text);
        let decision = crate::decide::Decision {
            lines: vec![None; lines.len()],
            ..Default::default()
        };
        (sketch_lines(lines), text, spans, decision)
    }

    /// The group table of `docs` (each a list of lines), all of one group.
    pub fn table_of(docs: &[Vec<&str>], settings: &BoilerplateSettings) -> GroupTable {
        let sketches: Vec<DocSketch> = docs.iter().map(|d| sketch_lines(d)).collect();
        let refs: Vec<DocRef> = (0..docs.len())
            .map(|i| DocRef {
                id: DocId(i as u32),
                source: Source::File {
                    compression: crate::corpus::compression::Compression::None,
                    rel: format!("p{i}.txt").into(),
                },
                group: GroupId(0),
                bytes: 0,
            })
            .collect();
        let counted = vec![true; docs.len()];
        let mut tables = group_tables(
            &refs,
            1,
            &counted,
            |i| Ok(&sketches[i]),
            settings,
            usize::MAX,
            std::path::Path::new("."),
        )
        .unwrap();
        tables.remove(0)
    }
}
