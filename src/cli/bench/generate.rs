//! Makes a scraped-looking corpus of a chosen size, for benchmarks.
//!
//! Sites in Chinese and English, each with its own template (navigation
//! bar, breadcrumb, a title that ends in the site's name, a metadata line
//! whose date changes from page to page, a share bar, a footer), carrying
//! articles made of sentences drawn from a fixed vocabulary. Duplication as
//! crawls show it: articles cross-posted to other sites of the same
//! language, some of them edited (a paragraph dropped, words changed),
//! pages fetched twice, articles held twice on one page (once flattened
//! into a single line), headings shared by many articles.
//!
//! Every page is a pure function of the seed and its number, so the corpus
//! is made in parallel and is the same on every machine.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use gleaner::corpus::compression::Compression;

/// How the corpus is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One text file per page, a directory per site.
    Text,
    /// JSON Lines shards of about 64 MB, sites mixed, `url` naming the site.
    Jsonl,
    /// The same shards, zstd compressed.
    JsonlZst,
    /// The same shards, gzip compressed.
    JsonlGz,
}

/// Pages per site.
const PAGES_PER_SITE: u64 = 2_000;
/// Sites are made in fives: three Chinese, two English.
const SITE_BLOCK: u64 = 5;
/// Pages per JSON Lines shard (about 64 MB).
const PAGES_PER_SHARD: u64 = 20_000;

/// A deterministic stream of numbers for one purpose.
struct Draw {
    state: u64,
}

impl Draw {
    fn new(seed: u64, parts: &[u64]) -> Self {
        let mut bytes = Vec::with_capacity(parts.len() * 8);
        for part in parts {
            bytes.extend_from_slice(&part.to_le_bytes());
        }
        Draw {
            state: xxh3_64_with_seed(&bytes, seed),
        }
    }

    /// splitmix64.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车";
const EN_WORDS: [&str; 94] = [
    "council",
    "river",
    "market",
    "school",
    "road",
    "budget",
    "plan",
    "report",
    "season",
    "harbor",
    "festival",
    "library",
    "bridge",
    "station",
    "museum",
    "garden",
    "village",
    "district",
    "program",
    "project",
    "service",
    "system",
    "network",
    "energy",
    "water",
    "housing",
    "transport",
    "health",
    "research",
    "science",
    "history",
    "culture",
    "policy",
    "economy",
    "industry",
    "farmers",
    "students",
    "teachers",
    "residents",
    "visitors",
    "officials",
    "engineers",
    "the",
    "the",
    "a",
    "of",
    "of",
    "and",
    "and",
    "to",
    "in",
    "in",
    "for",
    "with",
    "on",
    "from",
    "by",
    "new",
    "local",
    "public",
    "annual",
    "regional",
    "national",
    "small",
    "large",
    "early",
    "late",
    "open",
    "second",
    "final",
    "said",
    "announced",
    "opened",
    "approved",
    "reported",
    "expects",
    "plans",
    "builds",
    "shows",
    "improved",
    "increased",
    "reduced",
    "completed",
    "started",
    "funding",
    "growth",
    "support",
    "demand",
    "traffic",
    "weather",
    "rainfall",
    "tourism",
    "exports",
    "prices",
];
const ZH_NAV: [&str; 12] = [
    "首页",
    "新闻中心",
    "政务公开",
    "办事服务",
    "互动交流",
    "走进本地",
    "专题专栏",
    "图片新闻",
    "视频",
    "通知公告",
    "政策解读",
    "联系我们",
];
const EN_NAV: [&str; 12] = [
    "Home",
    "News",
    "Sports",
    "Business",
    "Opinion",
    "Culture",
    "Weather",
    "Video",
    "Events",
    "About",
    "Contact",
    "Subscribe",
];
const ZH_HEADINGS: [&str; 6] = [
    "一、主要工作",
    "二、存在问题",
    "三、下一步打算",
    "(一)加强组织领导",
    "(二)强化督查落实",
    "附件:",
];
const EN_HEADINGS: [&str; 5] = [
    "Background",
    "What happens next",
    "Key figures",
    "Related coverage",
    "Timeline",
];

/// A site's language and template.
struct Site {
    chinese: bool,
    name: String,
    nav: String,
    breadcrumb: String,
    share: String,
    footer: Vec<String>,
}

impl Site {
    fn new(seed: u64, site: u64) -> Site {
        let mut draw = Draw::new(seed, &[1, site]);
        let chinese = site % SITE_BLOCK < 3;
        if chinese {
            let name = format!(
                "{}{}",
                han_word(&mut draw, 2, 3),
                draw.pick(&["日报", "新闻网", "人民政府网", "在线", "融媒体中心"])
            );
            let nav = pick_several(&mut draw, &ZH_NAV, 6, 9).join(" | ");
            Site {
                breadcrumb: format!(
                    "当前位置:首页 > {} > {}",
                    draw.pick(&ZH_NAV[1..]),
                    draw.pick(&["正文", "本地要闻", "部门动态"])
                ),
                share: "分享到:微信 微博 QQ空间".to_string(),
                footer: vec![
                    format!(
                        "版权所有:{name} 联系电话:0{}-{}",
                        draw.between(10, 999),
                        draw.between(1_000_000, 9_999_999)
                    ),
                    format!("备案号:京ICP备{}号-1", draw.between(10_000_000, 99_999_999)),
                    "网站标识码:1100000000 主办单位:本站编辑部".to_string(),
                ],
                name,
                nav,
                chinese,
            }
        } else {
            let name = format!(
                "The {} {}",
                capitalize(&en_word(&mut draw)),
                draw.pick(&["Gazette", "Daily", "Herald", "Tribune", "Observer"])
            );
            let nav = pick_several(&mut draw, &EN_NAV, 6, 9).join(" | ");
            Site {
                breadcrumb: format!("Home › {} › Local", draw.pick(&EN_NAV[1..])),
                share: "Share this article: Facebook Twitter Email Print".to_string(),
                footer: vec![
                    format!(
                        "© {} {name}. All rights reserved.",
                        draw.between(2015, 2024)
                    ),
                    "Terms of Use | Privacy Policy | Cookie Settings | Contact us".to_string(),
                ],
                name,
                nav,
                chinese,
            }
        }
    }
}

fn pick_several<'a>(draw: &mut Draw, items: &[&'a str], low: u64, high: u64) -> Vec<&'a str> {
    let count = draw.between(low, high) as usize;
    let start = draw.below(items.len() as u64) as usize;
    (0..count.min(items.len()))
        .map(|i| items[(start + i) % items.len()])
        .collect()
}

static HAN_CHARS: std::sync::LazyLock<Vec<char>> =
    std::sync::LazyLock::new(|| HAN.chars().collect());

fn han_word(draw: &mut Draw, low: u64, high: u64) -> String {
    let chars = &*HAN_CHARS;
    (0..draw.between(low, high))
        .map(|_| chars[draw.below(chars.len() as u64) as usize])
        .collect()
}

fn en_word(draw: &mut Draw) -> String {
    EN_WORDS[draw.below(EN_WORDS.len() as u64) as usize].to_string()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence(draw: &mut Draw, chinese: bool) -> String {
    if chinese {
        let clauses = draw.between(1, 3);
        let mut text = String::new();
        for i in 0..clauses {
            if i > 0 {
                text.push(',');
            }
            for _ in 0..draw.between(2, 5) {
                text.push_str(&han_word(draw, 2, 4));
            }
        }
        text.push('。');
        text
    } else {
        let words: Vec<String> = (0..draw.between(8, 22)).map(|_| en_word(draw)).collect();
        format!("{}.", capitalize(&words.join(" ")))
    }
}

/// An article: its title and paragraphs.
struct Article {
    title: String,
    paragraphs: Vec<String>,
}

fn article(seed: u64, id: u64, chinese: bool) -> Article {
    let mut draw = Draw::new(seed, &[2, id]);
    let title = if chinese {
        format!("{}{}", han_word(&mut draw, 4, 8), han_word(&mut draw, 3, 6))
    } else {
        let words: Vec<String> = (0..draw.between(4, 9))
            .map(|_| en_word(&mut draw))
            .collect();
        capitalize(&words.join(" "))
    };
    let mut paragraphs = Vec::new();
    for i in 0..draw.between(4, 12) {
        if i > 0 && draw.chance(12) {
            let heading = if chinese {
                draw.pick(&ZH_HEADINGS)
            } else {
                draw.pick(&EN_HEADINGS)
            };
            paragraphs.push(heading.to_string());
        }
        let sentences: Vec<String> = (0..draw.between(2, 6))
            .map(|_| sentence(&mut draw, chinese))
            .collect();
        paragraphs.push(sentences.join(if chinese { "" } else { " " }));
    }
    Article { title, paragraphs }
}

/// What a page holds, decided from its number.
struct Page {
    site: u64,
    text: String,
}

fn page(seed: u64, sites: u64, number: u64) -> Page {
    let site_id = number % sites;
    let site = Site::new(seed, site_id);
    let mut draw = Draw::new(seed, &[3, number]);
    // A page fetched twice: the page a round before, as it was.
    if number >= sites && draw.chance(2) {
        return page(seed, sites, number - sites);
    }
    let mut article_id = number;
    let mut edited = false;
    // Cross-posts: an article of a site of the same language, from an
    // earlier round.
    let rounds = number / sites;
    if rounds > 0 && sites >= 2 * SITE_BLOCK && draw.chance(12) {
        let block = site_id / SITE_BLOCK;
        let blocks = sites / SITE_BLOCK;
        let other_block = (block + 1 + draw.below(blocks - 1)) % blocks;
        let other_site = other_block * SITE_BLOCK + site_id % SITE_BLOCK;
        let back = 1 + draw.below(rounds.min(50));
        article_id = (rounds - back) * sites + other_site;
        edited = draw.chance(35);
    }
    let mut body = article(seed, article_id, site.chinese);
    if edited {
        let dropped = draw.below(body.paragraphs.len() as u64) as usize;
        body.paragraphs.remove(dropped);
        if let Some(first) = body.paragraphs.first_mut() {
            *first = format!("{}{}", sentence(&mut draw, site.chinese), first);
        }
    }
    let month = 1 + draw.below(12);
    let day = 1 + draw.below(28);
    let hour = draw.below(24);
    let minute = draw.below(60);
    let mut text = String::with_capacity(4096);
    let mut line = |l: &str| {
        text.push_str(l);
        text.push('\n');
    };
    line(&site.nav);
    line(&site.breadcrumb);
    line(&format!("{} - {}", body.title, site.name));
    line(&body.title);
    if site.chinese {
        line(&format!(
            "发布时间:2021-{month:02}-{day:02} {hour:02}:{minute:02} 来源:{} 字号:[大 中 小]",
            site.name
        ));
    } else {
        line(&format!(
            "Published {day} {} 2021, {hour:02}:{minute:02} | By {} Staff",
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                [month as usize - 1],
            site.name
        ));
    }
    if draw.chance(3) {
        line(&body.paragraphs.join(if site.chinese { "" } else { " " }));
    }
    for paragraph in &body.paragraphs {
        line(paragraph);
    }
    line(&site.share);
    for footer in &site.footer {
        line(footer);
    }
    Page {
        site: site_id,
        text,
    }
}

/// What was made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Made {
    pub documents: u64,
    /// Bytes of text (of JSON lines, for shards), before compression.
    pub bytes: u64,
}

/// Make a corpus of about `size` bytes of text under `dir`.
pub fn generate(dir: &Path, size: u64, layout: Layout, seed: u64) -> std::io::Result<Made> {
    // About 3.2 KB a page; sites of PAGES_PER_SITE pages, in fives.
    let pages = (size / 3_200).max(1);
    let sites = (pages / PAGES_PER_SITE).max(SITE_BLOCK * 2);
    let sites = sites.div_ceil(SITE_BLOCK) * SITE_BLOCK;
    std::fs::create_dir_all(dir)?;
    match layout {
        Layout::Text => {
            let made: Vec<std::io::Result<u64>> = (0..pages)
                .into_par_iter()
                .map(|number| {
                    let page = page(seed, sites, number);
                    let round = number / sites;
                    let path = dir.join(format!(
                        "site{:04}/{:03}/p{number:08}.txt",
                        page.site,
                        round / 100
                    ));
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::write(&path, &page.text)?;
                    Ok(page.text.len() as u64)
                })
                .collect();
            let mut total = Made::default();
            for bytes in made {
                total.documents += 1;
                total.bytes += bytes?;
            }
            Ok(total)
        }
        Layout::Jsonl | Layout::JsonlZst | Layout::JsonlGz => {
            let (extension, compression) = match layout {
                Layout::JsonlZst => ("jsonl.zst", Compression::Zstd),
                Layout::JsonlGz => ("jsonl.gz", Compression::Gzip),
                _ => ("jsonl", Compression::None),
            };
            let shards = pages.div_ceil(PAGES_PER_SHARD);
            let made: Vec<std::io::Result<Made>> = (0..shards)
                .into_par_iter()
                .map(|shard| {
                    let first = shard * PAGES_PER_SHARD;
                    let last = ((shard + 1) * PAGES_PER_SHARD).min(pages);
                    let mut lines = Vec::with_capacity(((last - first) * 3_600) as usize);
                    for number in first..last {
                        let page = page(seed, sites, number);
                        let url = format!(
                            "https://site{:04}.example/{}/{number}.html",
                            page.site,
                            number / sites
                        );
                        write!(
                            lines,
                            "{{\"id\":\"p{number:08}\",\"url\":\"{url}\",\"text\":"
                        )?;
                        serde_json::to_writer(&mut lines, &page.text)?;
                        lines.extend_from_slice(b"}\n");
                    }
                    let bytes = lines.len() as u64;
                    let packed = compression.compress(lines)?;
                    let path = dir.join(format!("shard-{shard:05}.{extension}"));
                    std::fs::File::create(path)?.write_all(&packed)?;
                    Ok(Made {
                        documents: last - first,
                        bytes,
                    })
                })
                .collect();
            let mut total = Made::default();
            for shard in made {
                let shard = shard?;
                total.documents += shard.documents;
                total.bytes += shard.bytes;
            }
            Ok(total)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_the_same_every_time_and_carry_their_site_template() {
        let a = page(7, 10, 123);
        let b = page(7, 10, 123);
        assert_eq!(a.text, b.text);
        assert_eq!(a.site, 3);
        let site = Site::new(7, 3);
        assert!(a.text.starts_with(&site.nav));
        assert!(a
            .text
            .ends_with(&format!("{}\n", site.footer.last().unwrap())));
        assert_ne!(page(8, 10, 123).text, a.text);
    }

    #[test]
    fn a_corpus_holds_chinese_english_and_cross_posts() {
        let dir = tempfile::tempdir().unwrap();
        let made = generate(dir.path(), 3_000_000, Layout::Jsonl, 1).unwrap();
        assert!(made.documents > 800);
        let text = std::fs::read_to_string(dir.path().join("shard-00000.jsonl")).unwrap();
        assert!(text.contains("发布时间") && text.contains("Published"));
        // Some article bodies stand on more than one site.
        let mut sites_of: std::collections::HashMap<String, std::collections::HashSet<String>> =
            Default::default();
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let host = gleaner::corpus::jsonl::site_of(record["url"].as_str().unwrap());
            let body = record["text"].as_str().unwrap();
            let heading = body.lines().nth(3).unwrap().to_string();
            sites_of.entry(heading).or_default().insert(host);
        }
        assert!(sites_of.values().filter(|s| s.len() > 1).count() > 20);
    }
}
