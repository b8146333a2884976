//! `boilerplate-menu-column`, inside the body too: a page's table of
//! contents.
//!
//! Its entries were found when the document was sketched
//! ([`crate::fingerprint::contents`]): runs of numbered lines whose titles
//! stand again below as the sections' headings. They are a menu of the
//! page's own sections, wherever the table stands, and go; so does the
//! label over the table ('Contents', 'Índice', '目录'), a line of
//! navigation the pack knows, which alone between two paragraphs would
//! be left as a heading.

use crate::decide::pack::RulePack;
use crate::fingerprint::contents::MAX_LABEL_WEIGHT;
use crate::fingerprint::DocSketch;

use super::super::{Reason, Verdicts};

pub fn apply(sketch: &DocSketch, pack: &RulePack, verdicts: &mut Verdicts) {
    let lines = &sketch.lines;
    let mut previous_text = None;
    for line in 0..lines.len() {
        let key = &lines[line];
        if key.blank {
            continue;
        }
        if key.lists_a_heading {
            let opens_table =
                previous_text.is_none_or(|before: usize| !lines[before].lists_a_heading);
            if let Some(label) = previous_text.filter(|_| opens_table) {
                let label_key = &lines[label];
                let is_label = label_key.pattern != 0
                    && pack.rule(label_key.pattern).navigation
                    && label_key.weight <= MAX_LABEL_WEIGHT;
                if is_label && verdicts[label].is_none() {
                    verdicts[label] = Some(Reason::ContentsEntry);
                }
            }
            if verdicts[line].is_none() {
                verdicts[line] = Some(Reason::ContentsEntry);
            }
        }
        previous_text = Some(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::rules::test_support::sketch_lines;

    fn removed(lines: &[&str]) -> Vec<String> {
        let sketch = sketch_lines(lines);
        let mut verdicts = vec![None; lines.len()];
        apply(&sketch, &RulePack::shipped(), &mut verdicts);
        (lines.iter().zip(&verdicts))
            .filter(|(_, v)| **v == Some(Reason::ContentsEntry))
            .map(|(line, _)| line.to_string())
            .collect()
    }

    #[test]
    fn a_table_inside_the_body_goes_with_its_label() {
        let lines = [
            "Puente de Alcántara",
            "El puente de Alcántara es un puente romano de piedra sobre el río Tajo, en la localidad española de Alcántara.",
            "Índice",
            "1 Historia",
            "2 Estructura",
            "Historia[editar]",
            "El puente sufrió daños en varias guerras. Uno de sus arcos fue destruido en 1214 y reconstruido después.",
            "Estructura[editar]",
            "Tiene seis arcos de medio punto y una longitud de 194 metros sobre el lecho del río.",
        ];
        assert_eq!(removed(&lines), ["Índice", "1 Historia", "2 Estructura"]);
    }

    #[test]
    fn a_long_label_goes_with_the_table() {
        let lines = [
            "Das Theater ist ein Stockpuppentheater in der Altstadt und eine der ältesten Puppenbühnen Europas.",
            "Inhaltsverzeichnis",
            "1 Geschichte",
            "2 Figuren",
            "Geschichte",
            "Winters spielte zunächst in wechselnden Sälen der Altstadt, bis die Bühne an andere Familien überging.",
            "Figuren",
            "Im Mittelpunkt steht das Hänneschen, ein pfiffiger Junge vom Land, mit seiner Freundin Bärbelchen.",
        ];
        assert_eq!(
            removed(&lines),
            ["Inhaltsverzeichnis", "1 Geschichte", "2 Figuren"]
        );
    }

    #[test]
    fn a_heading_over_the_table_that_the_pack_does_not_know_stays() {
        let lines = [
            "Overview of the bridge and its history",
            "1 Historia",
            "2 Estructura",
            "Historia",
            "El puente sufrió daños en varias guerras. Uno de sus arcos fue destruido en 1214 y reconstruido después.",
            "Estructura",
            "Tiene seis arcos de medio punto y una longitud de 194 metros sobre el lecho del río.",
        ];
        assert_eq!(removed(&lines), ["1 Historia", "2 Estructura"]);
    }
}
