//! Shapes of a line that say what it is, whatever its frequency.
//!
//! An *enumerated heading* opens with a section number: "一、", "(三)",
//! "第二章", "1.", "2)", "IV.". Such a line is the skeleton of an article even
//! when every article of a site has it ("一、主要工作" opening each report),
//! so the frequency rule leaves it alone.

/// Numerals that number sections in Chinese and Japanese text.
fn is_cjk_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '零'
            | '〇'
            | '两'
    )
}

fn is_section_numeral(c: char) -> bool {
    is_cjk_numeral(c) || c.is_ascii_digit()
}

/// Whether `line` (canonical text) opens with a section number.
pub fn is_enumerated_heading(line: &str) -> bool {
    let line = line.trim_start();
    let mut chars = line.chars().peekable();
    let Some(first) = chars.next() else {
        return false;
    };
    match first {
        '(' | '（' => {
            let digits = take_while(&mut chars, is_section_numeral);
            (1..=3).contains(&digits) && matches!(chars.next(), Some(')' | '）'))
        }
        '第' => {
            let digits = take_while(&mut chars, is_section_numeral);
            (1..=4).contains(&digits)
                && matches!(
                    chars.next(),
                    Some('章' | '节' | '節' | '条' | '條' | '部' | '篇' | '款' | '编' | '編')
                )
        }
        c if is_cjk_numeral(c) => {
            let digits = 1 + take_while(&mut chars, is_cjk_numeral);
            digits <= 3 && matches!(chars.next(), Some('、' | '.' | '．'))
        }
        c if c.is_ascii_digit() => {
            let digits = 1 + take_while(&mut chars, |c| c.is_ascii_digit());
            digits <= 3
                && matches!(chars.next(), Some('.' | '、' | ')'))
                && chars.peek().is_none_or(|c| !c.is_ascii_digit())
        }
        'I' | 'V' | 'X' => {
            let numerals = 1 + take_while(&mut chars, |c| matches!(c, 'I' | 'V' | 'X'));
            numerals <= 4 && chars.next() == Some('.') && chars.next() == Some(' ')
        }
        _ => false,
    }
}

fn take_while(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    keep: impl Fn(char) -> bool,
) -> usize {
    let mut n = 0;
    while chars.peek().is_some_and(|&c| keep(c)) {
        chars.next();
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::is_enumerated_heading as heading;

    #[test]
    fn section_numbers_are_headings() {
        for line in [
            "一、主要工作",
            "(三)全面深化改革",
            "（二）存在的主要问题",
            "第二章 总则",
            "1. Introduction",
            "12) Results",
            "IV. Discussion",
            "  二十、其他",
        ] {
            assert!(heading(line), "{line}");
        }
    }

    #[test]
    fn template_lines_are_not() {
        for line in [
            "17 Comments",
            "2.4 million dollars",
            "(下转8版)",
            "一是加强组织领导",
            "2021年工作",
            "· 2024年新的社会阶层",
            "Index",
            "第3版:特别报道",
        ] {
            assert!(!heading(line), "{line}");
        }
    }
}
