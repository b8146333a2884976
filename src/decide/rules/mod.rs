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
pub mod site_title;
pub mod stub;

#[cfg(test)]
pub(crate) mod test_support {
    use crate::fingerprint::{sketch, DocSketch};
    use crate::normalize::key::KeyFolder;
    use crate::segment;

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
}
