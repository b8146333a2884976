//! Shapes of a line that say what it is, whatever its frequency.
//!
//! An *enumerated heading* opens with a section number: "一、", "(三)",
//! "第二章", "1.", "2)", "IV.". Such a line is the skeleton of an article even
//! when every article of a site has it ("一、主要工作" opening each report),
//! so the frequency rule leaves it alone.
//!
//! A *price* is an amount and its currency and nothing else: '$485,000',
//! '749,90 TL', '¥1,280', '12,99 €'. A shop's or a listing's price stands
//! among its buttons, as short as a menu's link, but no menu holds one.

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

/// Whether `line` holds a time of day: a number, a colon and two digits
/// ('09:12', '7:42 pm'), or a number before '时' or '時' ('10时38分').
/// A date under a signature carries none; a comment's or a post's
/// dateline mostly does.
pub fn holds_time(line: &str) -> bool {
    let bytes = line.as_bytes();
    let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
    bytes.iter().enumerate().any(|(at, &b)| {
        at > 0
            && digit(at - 1)
            && match b {
                b':' => digit(at + 1) && digit(at + 2),
                _ => line[at..].starts_with(['时', '時']),
            }
    })
}

/// Currency codes and words written after (or before) an amount.
const CURRENCY_WORDS: &[&str] = &[
    "tl",
    "usd",
    "eur",
    "gbp",
    "jpy",
    "cny",
    "rmb",
    "chf",
    "cad",
    "aud",
    "inr",
    "krw",
    "rub",
    "try",
    "pln",
    "zł",
    "zl",
    "kr",
    "kč",
    "ft",
    "lei",
    "руб",
    "руб.",
    "р.",
    "грн",
    "円",
    "元",
    "원",
    "рублей",
    "dh",
    "rp",
    "rs",
    "rs.",
    "sek",
    "nok",
    "dkk",
    "czk",
    "huf",
    "brl",
    "mxn",
];

/// Whether `line` is a price: a currency symbol or code and an amount
/// (digits with group and decimal separators), in either order, and
/// nothing else.
pub fn is_price(line: &str) -> bool {
    let line = line.trim();
    let amount_start = line.find(|c: char| c.is_ascii_digit());
    let Some(start) = amount_start else {
        return false;
    };
    let end = line[start..]
        .find(|c: char| {
            !(c.is_ascii_digit() || matches!(c, '.' | ',' | '\'' | ' ' | '\u{a0}' | '\u{202f}'))
        })
        .map_or(line.len(), |at| start + at);
    let amount = line[start..end].trim_end();
    let before = line[..start].trim();
    let after = line[start + amount.len()..].trim();
    let is_currency = |text: &str| {
        let text = text.trim_matches(|c: char| c == '-' || c.is_whitespace());
        !text.is_empty()
            && (text.chars().all(is_currency_symbol)
                || (text.chars().any(is_currency_symbol)
                    && text
                        .chars()
                        .all(|c| is_currency_symbol(c) || c.is_ascii_uppercase()))
                || CURRENCY_WORDS.contains(&text.to_lowercase().as_str()))
    };
    match (before.is_empty(), after.is_empty()) {
        (false, true) => is_currency(before),
        (true, false) => is_currency(after),
        _ => false,
    }
}

/// A currency sign: '$', '€', '£', '¥', '₺', '₹', '₩', '₽' and the rest of
/// Unicode's block of them.
fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '¢' | '£' | '¤' | '¥' | '֏' | '؋' | '৳' | '฿' | '₠'..='₿' | '﷼' | '＄' | '￥' | '￡'
    )
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
    fn times_of_day() {
        use super::holds_time;
        for time in [
            "4. September 2023 um 09:12",
            "January 16, 2023 at 7:42 pm",
            "2021年2月23日 10时38分",
            "10:38",
        ] {
            assert!(holds_time(time), "{time:?}");
        }
        for date in [
            "2024年3月1日",
            "May 17, 2024",
            "Chapter 3: Results",
            "ratio 14:2",
            "时间 2024",
        ] {
            assert!(!holds_time(date), "{date:?}");
        }
    }

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
    fn prices_are_an_amount_and_a_currency() {
        for line in [
            "$485,000",
            "749,90 TL",
            "¥1,280",
            "12,99 €",
            "€12.99",
            "US$ 1,200",
            "R$ 39,90",
            "1 299 руб.",
            "3.500円",
            "99 zł",
        ] {
            assert!(super::is_price(line), "{line}");
        }
        for line in [
            "3 bd",
            "1,640 sqft",
            "2024",
            "Page 3",
            "$",
            "Est. payment: $3,112/mo",
            "4 bd 2 ba",
            "12 € 50",
        ] {
            assert!(!super::is_price(line), "{line}");
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
