//! Saved web pages: the article's main text and metadata, without the page's furniture.
//!
//! The main text is the `<article>` that holds the page's densest paragraph text, or, for a
//! page without one, the block whose paragraphs carry the most text (readability-style: each
//! paragraph scores its parent in full and its grandparent by half), widened to the ancestors
//! that add little beside it. Inside it, furniture is dropped by tag (`nav`, `aside`,
//! `figure`…), by ARIA role, by class or id (share bars, cookie banners, "read also" boxes,
//! comments, bylines, tags, ads) and by link density (a block that is mostly links is a menu or
//! a list of related articles).
//!
//! The stored text is the headline, a blank line, then each paragraph, list item (`• `) and
//! intertitle on its own line, blocks separated by blank lines, entities decoded and white
//! space collapsed, so later stages see the same layout as in a text file.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::{Meta, lang};
use crate::model::DatePoint;

/// A page as extracted.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Page {
    /// Metadata found in the page.
    pub meta: Meta,
    /// The stored text.
    pub text: String,
}

/// Fewest non-link characters a block needs to count as a paragraph when scoring.
const MIN_PARAGRAPH_CHARS: usize = 25;
/// A parent that holds at most this much more paragraph text than the best block, and few
/// links, is part of the same article (its lede, its intertitles): the main text widens to it.
const WIDEN_RATIO: f64 = 2.0;
/// Most link density a parent may have for the main text to widen to it.
const WIDEN_MAX_LINK_DENSITY: f64 = 0.3;
/// A block whose text is links at least this much is navigation or a list of links.
const MAX_LINK_DENSITY: f64 = 0.5;

/// Tags whose whole subtree is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "iframe",
    "svg",
    "math",
    "figure",
    "figcaption",
    "picture",
    "img",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
    "map",
    "dialog",
    "menu",
    "head",
    "title",
    "meta",
    "link",
];

/// ARIA roles of page furniture.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "alert",
];

/// Whole class or id words (split on spaces, `-` and `_`) that mark furniture. Short words are
/// matched whole so `ad` does not catch `lead` nor `pub` catch `publication`.
const SKIP_CLASS_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "pub",
    "meta",
    "byline",
    "author",
    "authors",
    "tag",
    "tags",
    "nav",
    "menu",
    "rail",
    "kicker",
    "credit",
    "credits",
    "caption",
    "footer",
    "masthead",
    "ticker",
    "topbar",
    "sidebar",
    "widget",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "ariane",
    "newsletter",
    "promo",
    "sponsor",
    "sponsored",
    "banner",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "related",
    "subscribe",
    "subscription",
    "paywall",
    "popup",
    "modal",
    "overlay",
    "toolbar",
    "login",
    "signup",
];

/// Substrings of a class or id that mark furniture even inside a longer word.
const SKIP_CLASS_PARTS: &[&str] = &[
    "share",
    "social",
    "cookie",
    "consent",
    "gdpr",
    "related",
    "comment",
    "newsletter",
    "promo",
    "advert",
    "sponsor",
    "breadcrumb",
    "byline",
    "widget",
    "sidebar",
    "subscribe",
    "lire-aussi",
    "lire_aussi",
    "a-lire",
    "read-also",
    "also-read",
    "read-more",
    "most-read",
    "more-stories",
    "recommend",
    "outbrain",
    "taboola",
    "skip-link",
    "copy-link",
    "reading-time",
];

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "caption",
];

/// Meta tags that give the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
];

/// True when `text` opens like an HTML document.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Extracts the main text and metadata of a page.
pub(crate) fn extract(source: &str) -> Page {
    let doc = Html::parse_document(source);
    let stats = measure(doc.tree.root());
    let root = main_root(doc.tree.root(), &stats);
    let head = HeadMeta::collect(doc.tree.root());

    // The headline: the article's own <h1>, else what the page's metadata says, else a
    // page-wide <h1> (which may be the site's logo, hence last but one), else <title>.
    let title_node = first_h1(root, &stats, false).or_else(|| first_h1(root, &stats, true));
    let text_of = |n: NodeRef<'_, Node>| Some(collapse(&node_text(n))).filter(|t| !t.is_empty());
    let title = title_node
        .and_then(text_of)
        .or_else(|| head.get("og:title").map(collapse))
        .or_else(|| head.ld.headline.as_deref().map(collapse))
        .or_else(|| first_h1(doc.tree.root(), &stats, false).and_then(text_of))
        .or_else(|| {
            head.title
                .as_deref()
                .map(|t| strip_site_name(&collapse(t), head.get("og:site_name")))
        })
        .filter(|t| !t.is_empty());

    let mut blocks = Blocks::default();
    emit(root, &stats, title_node.map(|n| n.id()), &mut blocks);
    let mut body = blocks.done;
    if let (Some(t), Some(first)) = (&title, body.first()) {
        if first == t {
            body.remove(0);
        }
    }
    let text = match &title {
        Some(t) if !body.is_empty() => format!("{t}\n\n{}", body.join("\n\n")),
        // A headline with no body is no article: leave the text empty so ingest says so.
        Some(_) | None => body.join("\n\n"),
    };

    let outlet = head
        .get("og:site_name")
        .or(head.get("application-name"))
        .map(collapse)
        .filter(|s| !s.is_empty())
        .or_else(|| head.ld.publisher.clone())
        .or_else(|| site_from_title(head.title.as_deref(), title.as_deref()));
    let meta = Meta {
        url: head
            .canonical
            .clone()
            .or_else(|| head.get("og:url").map(str::to_string))
            .or_else(|| head.ld.url.clone()),
        title,
        published: published(root, &head),
        language: head
            .lang
            .as_deref()
            .and_then(lang::normalise_code)
            .or_else(|| head.get("og:locale").and_then(lang::normalise_code))
            .or_else(|| head.ld.language.as_deref().and_then(lang::normalise_code))
            .or_else(|| head.get("content-language").and_then(lang::normalise_code)),
        outlet,
    };
    Page { meta, text }
}

/// What the first pass learns of each element outside furniture.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    /// Non-link characters (not counting white space) in the subtree.
    text: usize,
    /// Characters inside links in the subtree.
    link: usize,
    /// Characters of the subtree's paragraphs (blocks with enough text of their own).
    paragraphs: usize,
    /// Readability score: paragraph text of the children, plus half the grandchildren's.
    score: f64,
    /// True when the element is furniture (its subtree is not counted).
    furniture: bool,
}

impl Stats {
    fn link_density(&self) -> f64 {
        let all = self.text + self.link;
        if all == 0 {
            0.0
        } else {
            self.link as f64 / all as f64
        }
    }
}

/// One pass over the tree: text, link text and paragraph text per element, and the scores.
fn measure(root: NodeRef<'_, Node>) -> HashMap<NodeId, Stats> {
    struct Frame {
        id: NodeId,
        block: bool,
        link: bool,
        own: usize,
        stats: Stats,
    }
    let mut out: HashMap<NodeId, Stats> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip: Option<NodeId> = None;
    let mut links = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                let Node::Element(el) = node.value() else {
                    if let Node::Text(t) = node.value() {
                        let n = t.chars().filter(|c| !c.is_whitespace()).count();
                        if let Some(top) = stack.last_mut() {
                            if links > 0 {
                                top.stats.link += n;
                            } else {
                                top.stats.text += n;
                            }
                        }
                        if links == 0 {
                            if let Some(block) = stack.iter_mut().rev().find(|f| f.block) {
                                block.own += n;
                            }
                        }
                    }
                    continue;
                };
                if is_furniture(el) {
                    skip = Some(node.id());
                    out.insert(
                        node.id(),
                        Stats {
                            furniture: true,
                            ..Stats::default()
                        },
                    );
                    continue;
                }
                let link = el.name() == "a";
                if link {
                    links += 1;
                }
                stack.push(Frame {
                    id: node.id(),
                    block: BLOCK_TAGS.contains(&el.name()),
                    link,
                    own: 0,
                    stats: Stats::default(),
                });
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if !matches!(node.value(), Node::Element(_)) {
                    continue;
                }
                let Some(mut frame) = stack.pop() else {
                    continue;
                };
                if frame.link {
                    links = links.saturating_sub(1);
                }
                if frame.block && frame.own >= MIN_PARAGRAPH_CHARS {
                    frame.stats.paragraphs += frame.own;
                    let mut blocks = stack.iter_mut().rev().filter(|f| f.block);
                    if let Some(parent) = blocks.next() {
                        parent.stats.score += frame.own as f64;
                        if let Some(grand) = blocks.next() {
                            grand.stats.score += frame.own as f64 / 2.0;
                        }
                    }
                }
                // Scores were added to this frame by its descendants; keep them.
                if let Some(parent) = stack.last_mut() {
                    parent.stats.text += frame.stats.text;
                    parent.stats.link += frame.stats.link;
                    parent.stats.paragraphs += frame.stats.paragraphs;
                }
                out.insert(frame.id, frame.stats);
            }
        }
    }
    out
}

/// The element that holds the article: the `<article>` around the best-scoring block, or that
/// block widened to ancestors that add little paragraph text; the body when nothing scores.
fn main_root<'a>(doc: NodeRef<'a, Node>, stats: &HashMap<NodeId, Stats>) -> NodeRef<'a, Node> {
    let mut best: Option<(NodeRef<'a, Node>, f64)> = None;
    for node in doc.descendants() {
        if let Some(s) = stats.get(&node.id()) {
            if s.score > 0.0 && best.is_none_or(|(_, b)| s.score > b) {
                best = Some((node, s.score));
            }
        }
    }
    let Some((top, _)) = best else {
        return doc
            .descendants()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
            .unwrap_or(doc);
    };
    let article = std::iter::once(top)
        .chain(top.ancestors())
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "article"));
    if let Some(a) = article {
        return a;
    }
    let mut root = top;
    while let Some(parent) = root.parent() {
        let stop = match parent.value() {
            Node::Element(e) => matches!(e.name(), "body" | "html"),
            _ => true,
        };
        let (Some(p), Some(r)) = (stats.get(&parent.id()), stats.get(&root.id())) else {
            break;
        };
        if stop
            || p.paragraphs as f64 > r.paragraphs as f64 * WIDEN_RATIO
            || p.link_density() > WIDEN_MAX_LINK_DENSITY
        {
            break;
        }
        root = parent;
    }
    root
}

/// True when an element and its subtree are page furniture, not article text.
fn is_furniture(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| SKIP_ROLES.iter().any(|s| r.eq_ignore_ascii_case(s)))
    {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    let names = format!(
        "{} {}",
        el.attr("class").unwrap_or(""),
        el.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    if names.trim().is_empty() {
        return false;
    }
    let word_hit = names
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| SKIP_CLASS_WORDS.contains(&w));
    word_hit || SKIP_CLASS_PARTS.iter().any(|p| names.contains(p))
}

/// The first `<h1>` under `root` outside furniture; when `anywhere`, any first `<h1>` (an
/// article's headline often sits in its header, next to the byline).
fn first_h1<'a>(
    root: NodeRef<'a, Node>,
    stats: &HashMap<NodeId, Stats>,
    anywhere: bool,
) -> Option<NodeRef<'a, Node>> {
    root.descendants().find(|n| {
        matches!(n.value(), Node::Element(e) if e.name() == "h1")
            && (anywhere || stats.get(&n.id()).is_some_and(|s| !s.furniture))
    })
}

/// True when `node` lies inside an `<article>`.
fn within_article(node: NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .any(|a| matches!(a.value(), Node::Element(e) if e.name() == "article"))
}

/// The text of a subtree, raw.
fn node_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
        }
    }
    out
}

/// White-space runs collapsed to one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Headline | Site` without its site name, when the tail is the page's site name.
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    if let Some(site) = site {
        for sep in [" | ", " - ", " – ", " — ", " :: "] {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                if tail.trim().eq_ignore_ascii_case(site.trim()) {
                    return head.trim().to_string();
                }
            }
        }
    }
    title.to_string()
}

/// Marks a line break (`<br>`, a line of `<pre>`) in the block being read.
const LINE_MARK: char = '\u{1E}';
/// Marks the end of a table cell in the block being read.
const CELL_MARK: char = '\u{1F}';

/// The site name a `<title>` gives after the headline (`Headline | Site`), when the part
/// before the separator is the headline itself.
fn site_from_title(page_title: Option<&str>, headline: Option<&str>) -> Option<String> {
    let (page_title, headline) = (collapse(page_title?), headline?);
    let rest = page_title.strip_prefix(headline)?.trim_start();
    let site = [" |", "|", "-", "–", "—", "::"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep.trim()))?
        .trim();
    (!site.is_empty() && site.split_whitespace().count() <= 6).then(|| site.to_string())
}

/// The lines of the main text being built, block by block.
#[derive(Default)]
struct Blocks {
    /// Finished blocks.
    done: Vec<String>,
    /// Text of the block being read.
    current: String,
    /// A prefix for the next non-empty block (`• ` for a list item).
    prefix: Option<&'static str>,
    /// Inside `<pre>`: keep its line breaks.
    pre: usize,
    /// Inside this many `<a>`.
    links: usize,
    /// Characters of the block being read (white space not counted), and how many of them
    /// are link text.
    chars: usize,
    link_chars: usize,
}

impl Blocks {
    fn push_text(&mut self, t: &str) {
        let n = t.chars().filter(|c| !c.is_whitespace()).count();
        self.chars += n;
        if self.links > 0 {
            self.link_chars += n;
        }
        for c in t.chars() {
            match c {
                '\n' if self.pre > 0 => self.current.push(LINE_MARK),
                LINE_MARK | CELL_MARK => self.current.push(' '),
                c => self.current.push(c),
            }
        }
    }

    /// Ends the block being read: each line (from `<br>`) collapsed, empty ones dropped; a
    /// block that is mostly link text ("Read also: …", a category link) is dropped whole.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.current);
        let (chars, link_chars) = (
            std::mem::take(&mut self.chars),
            std::mem::take(&mut self.link_chars),
        );
        if chars > 0 && link_chars as f64 >= chars as f64 * MAX_LINK_DENSITY {
            return;
        }
        let lines: Vec<String> = raw
            .split(LINE_MARK)
            .map(clean_line)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        let mut block = lines.join("\n");
        if let Some(p) = self.prefix.take() {
            block.insert_str(0, p);
        }
        self.done.push(block);
    }
}

/// One line: white space collapsed, table cells kept apart by one tab, trimmed.
fn clean_line(raw: &str) -> String {
    raw.split(CELL_MARK)
        .map(collapse)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("\t")
}

/// Second pass: the text of `root` as blocks, furniture, link lists and the title left out.
fn emit(
    root: NodeRef<'_, Node>,
    stats: &HashMap<NodeId, Stats>,
    title: Option<NodeId>,
    out: &mut Blocks,
) {
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.push_text(t),
                    Node::Element(el) => {
                        let name = el.name();
                        let s = stats.get(&node.id());
                        let link_list = node != root
                            && matches!(
                                name,
                                "div" | "ul" | "ol" | "p" | "section" | "li" | "dl" | "table"
                            )
                            && s.is_some_and(|s| {
                                s.link > 0 && s.link_density() >= MAX_LINK_DENSITY
                            });
                        // A <header> outside any <article> is the site's masthead.
                        let masthead = name == "header" && !within_article(node);
                        if s.is_none_or(|s| s.furniture)
                            || link_list
                            || masthead
                            || Some(node.id()) == title
                        {
                            skip = Some(node.id());
                            if BLOCK_TAGS.contains(&name) {
                                out.flush();
                            }
                            continue;
                        }
                        match name {
                            "br" => out.current.push(LINE_MARK),
                            "a" => out.links += 1,
                            // A cell continues its row; only the first one may start a block.
                            "td" | "th" if !out.current.trim().is_empty() => {
                                out.current.push(CELL_MARK)
                            }
                            "td" | "th" => {}
                            "li" => {
                                out.flush();
                                out.prefix = Some("• ");
                            }
                            "pre" => {
                                out.flush();
                                out.pre += 1;
                            }
                            _ if BLOCK_TAGS.contains(&name) => out.flush(),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    match name {
                        "td" | "th" => {}
                        "a" => out.links = out.links.saturating_sub(1),
                        "li" => {
                            out.flush();
                            out.prefix = None;
                        }
                        "pre" => {
                            out.flush();
                            out.pre = out.pre.saturating_sub(1);
                        }
                        _ if BLOCK_TAGS.contains(&name) => out.flush(),
                        _ => {}
                    }
                }
            }
        }
    }
    out.flush();
}

/// What the page's `<head>` (and `<html>`) says.
#[derive(Default)]
struct HeadMeta {
    lang: Option<String>,
    title: Option<String>,
    canonical: Option<String>,
    /// `meta` content by lower-case `property`, `name`, `itemprop` or `http-equiv`; first wins.
    meta: HashMap<String, String>,
    /// What the page's JSON-LD (schema.org) says of its article.
    ld: LinkedData,
}

/// The schema.org fields of a page's article, from its `application/ld+json` scripts.
#[derive(Default)]
struct LinkedData {
    published: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

impl LinkedData {
    /// Reads one JSON-LD script; a script that does not parse is passed over.
    fn read(&mut self, script: &str) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(script) {
            self.visit(&v, 0);
        }
    }

    /// Takes the fields of the first object typed as an article, looking into arrays and
    /// `@graph` (not deeper than a few levels: JSON-LD nests little).
    fn visit(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 4 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(obj) => {
                if let Some(graph) = obj.get("@graph") {
                    self.visit(graph, depth + 1);
                }
                let is_article = match obj.get("@type") {
                    Some(Value::String(t)) => t.ends_with("Article") || t == "BlogPosting",
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| t.ends_with("Article"))),
                    _ => false,
                };
                if !is_article {
                    return;
                }
                let text = |key: &str| {
                    obj.get(key)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                };
                self.published = self.published.take().or_else(|| text("datePublished"));
                self.headline = self.headline.take().or_else(|| text("headline"));
                self.language = self.language.take().or_else(|| text("inLanguage"));
                self.url = self.url.take().or_else(|| text("url"));
                let publisher = obj
                    .get("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str);
                self.publisher = self
                    .publisher
                    .take()
                    .or_else(|| publisher.map(collapse).filter(|s| !s.is_empty()));
            }
            _ => {}
        }
    }
}

impl HeadMeta {
    fn collect(doc: NodeRef<'_, Node>) -> HeadMeta {
        let mut head = HeadMeta::default();
        for node in doc.descendants() {
            let Node::Element(el) = node.value() else {
                continue;
            };
            match el.name() {
                "html" if head.lang.is_none() => head.lang = el.attr("lang").map(str::to_string),
                "title" if head.title.is_none() => head.title = Some(node_text(node)),
                "script"
                    if el
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    head.ld.read(&node_text(node));
                }
                "link" if head.canonical.is_none() => {
                    let canonical = el.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        head.canonical = el
                            .attr("href")
                            .map(|h| h.trim().to_string())
                            .filter(|h| !h.is_empty());
                    }
                }
                "meta" => {
                    let key = el
                        .attr("property")
                        .or(el.attr("name"))
                        .or(el.attr("itemprop"))
                        .or(el.attr("http-equiv"));
                    if let (Some(k), Some(v)) = (key, el.attr("content")) {
                        let v = v.trim();
                        if !v.is_empty() {
                            head.meta
                                .entry(k.trim().to_ascii_lowercase())
                                .or_insert_with(|| v.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        head
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.meta.get(key).map(String::as_str)
    }
}

/// The publication date: a `<time>` of the article marked as published, then the meta tags,
/// then the article's first `<time>` that is not an update.
fn published(root: NodeRef<'_, Node>, head: &HeadMeta) -> Option<DatePoint> {
    let times: Vec<(&str, String)> = root
        .descendants()
        .filter_map(|n| match n.value() {
            Node::Element(e) if e.name() == "time" => {
                let marks = format!(
                    "{} {} {}",
                    e.attr("class").unwrap_or(""),
                    e.attr("itemprop").unwrap_or(""),
                    e.attr("pubdate").map(|_| "published").unwrap_or("")
                )
                .to_ascii_lowercase();
                e.attr("datetime").map(|d| (d, marks))
            }
            _ => None,
        })
        .collect();
    let parse = |s: &str| s.trim().parse::<DatePoint>().ok();
    times
        .iter()
        .filter(|(_, m)| m.contains("publish"))
        .find_map(|(d, _)| parse(d))
        .or_else(|| head.ld.published.as_deref().and_then(parse))
        .or_else(|| DATE_META.iter().find_map(|k| head.get(k).and_then(parse)))
        .or_else(|| {
            times
                .iter()
                .filter(|(_, m)| !m.contains("update") && !m.contains("modif"))
                .find_map(|(d, _)| parse(d))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="fr-FR"><head>
<title>Le conseil adopte la réforme | Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:url" content="https://quotidien.example/a">
<meta property="article:published_time" content="2024-02-03T10:00:00Z">
<script>var x = "script text";</script>
</head><body>
<div class="cookie-banner"><p>Nous utilisons des cookies pour mesurer l'audience du site.</p></div>
<header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav></header>
<main>
<article>
  <h1>Le conseil adopte la réforme</h1>
  <div class="entry-meta">Par <span class="author">Jeanne Dupont</span> <time class="published" datetime="2024-02-02T18:00:00Z">2 février</time></div>
  <div class="share-bar">Partager : <a href="#">Facebook</a></div>
  <figure><img src="x.jpg"><figcaption>Les membres du conseil réunis en séance. © Le Quotidien</figcaption></figure>
  <p class="chapo">Le conseil a adopté jeudi, après de longs débats, la réforme du code électoral.</p>
  <p>Le texte, présenté par le gouvernement, fixe un nouveau calendrier pour les élections locales &amp; régionales.</p>
  <h2>Un vote serré</h2>
  <p>La réforme a été adoptée par 41 voix contre 38, selon le président de séance.<br>Les débats reprendront lundi.</p>
  <aside class="read-also">Lire aussi : <a href="/b">Autre article</a></aside>
  <div class="ad-slot"><span>Publicité</span></div>
  <ul><li>premier point du texte</li><li>second point du texte</li></ul>
  <table><tr><td>Pour</td><td>41</td></tr><tr><td>Contre</td><td>38</td></tr></table>
  <div class="tags">Mots-clés : <a href="/t/a">Conseil</a> <a href="/t/b">Réforme</a></div>
  <ul class="x"><li><a href="/c">Un lien vers un autre article du site</a></li></ul>
</article>
<section class="comments"><p>Un commentaire de lecteur assez long pour compter ici.</p></section>
</main>
<footer><p>© 2024 Le Quotidien. Tous droits réservés.</p></footer>
</body></html>"##;

    #[test]
    fn keeps_the_article_and_drops_furniture() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "Le conseil adopte la réforme\n\n\
             Le conseil a adopté jeudi, après de longs débats, la réforme du code électoral.\n\n\
             Le texte, présenté par le gouvernement, fixe un nouveau calendrier pour les élections locales & régionales.\n\n\
             Un vote serré\n\n\
             La réforme a été adoptée par 41 voix contre 38, selon le président de séance.\nLes débats reprendront lundi.\n\n\
             • premier point du texte\n\n\
             • second point du texte\n\n\
             Pour\t41\n\n\
             Contre\t38"
        );
    }

    #[test]
    fn reads_the_metadata() {
        let m = extract(PAGE).meta;
        assert_eq!(m.title.as_deref(), Some("Le conseil adopte la réforme"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert_eq!(m.outlet.as_deref(), Some("Le Quotidien"));
        assert_eq!(m.url.as_deref(), Some("https://quotidien.example/a"));
        // The article's own <time> marked as published wins over the meta tag.
        assert_eq!(m.published.unwrap().to_string(), "2024-02-02");
    }

    #[test]
    fn without_article_the_densest_block_wins() {
        let html = r#"<html><head><title>Troops arrive - The Post</title><meta property="og:site_name" content="The Post"><meta name="date" content="2023-05-06"></head><body>
<div id="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></div>
<div class="content">
  <div class="lede"><p>Troops arrived in the capital on Saturday, the defence ministry said.</p></div>
  <div class="body">
    <p>The soldiers landed at the main airport in the early morning, officials told reporters.</p>
    <p>They will train local forces for six months, according to the ministry statement.</p>
  </div>
</div>
<div class="most-popular"><p><a href="/x">Another story with a long headline about markets</a></p></div>
</body></html>"#;
        let page = extract(html);
        assert_eq!(page.meta.title.as_deref(), Some("Troops arrive"));
        assert_eq!(page.meta.published.unwrap().to_string(), "2023-05-06");
        assert_eq!(page.meta.language, None);
        assert_eq!(
            page.text,
            "Troops arrive\n\nTroops arrived in the capital on Saturday, the defence ministry said.\n\n\
             The soldiers landed at the main airport in the early morning, officials told reporters.\n\n\
             They will train local forces for six months, according to the ministry statement."
        );
    }

    #[test]
    fn json_ld_and_the_title_tag_fill_missing_metadata() {
        let html = r#"<html><head><title>Army retakes the town – Daily Sahel</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","datePublished":"2022-10-01T20:45:00+00:00","inLanguage":"en-GB","publisher":{"@type":"Organization","name":"Daily Sahel"}}]}</script>
<script type="application/ld+json">{ not json </script>
</head><body><article><h1>Army retakes the town</h1><header><span class="cat-links"><a href="/c">Security</a></span></header>
<p>The army said on Saturday it had retaken the town after two days of fighting.</p>
<p>Lire aussi : <a href="/z">A much longer headline of another story on the site</a></p></article></body></html>"#;
        let page = extract(html);
        assert_eq!(page.meta.published.unwrap().to_string(), "2022-10-01");
        assert_eq!(page.meta.language.as_deref(), Some("en"));
        assert_eq!(page.meta.outlet.as_deref(), Some("Daily Sahel"));
        assert_eq!(
            page.text,
            "Army retakes the town\n\nThe army said on Saturday it had retaken the town after two days of fighting."
        );
        assert_eq!(
            site_from_title(
                Some("Army retakes the town – Daily Sahel"),
                Some("Army retakes the town")
            )
            .as_deref(),
            Some("Daily Sahel")
        );
        assert_eq!(
            site_from_title(Some("Other words"), Some("Army retakes the town")),
            None
        );
    }

    #[test]
    fn text_in_divs_with_line_breaks_is_kept_line_by_line() {
        let html = "<html><body><div id=\"nav\" class=\"menu\"><a href=\"/\">Home</a></div>\
            <div class=\"story\">The council met on Monday in the capital.<br><br>It approved the budget after a long debate, members said.<br>Voting ends on Friday.</div>\
            <footer>Contact us</footer></body></html>";
        let page = extract(html);
        assert_eq!(
            page.text,
            "The council met on Monday in the capital.\nIt approved the budget after a long debate, members said.\nVoting ends on Friday."
        );
    }

    #[test]
    fn a_page_without_text_gives_no_text() {
        let page = extract("<html><body><nav><a href='/'>Home</a></nav></body></html>");
        assert_eq!(page.text, "");
        let page = extract("<html><body><h1>Only a headline</h1></body></html>");
        assert_eq!(page.text, "");
    }

    #[test]
    fn recognises_html_by_its_start() {
        assert!(looks_like_html("  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<HTML lang=en>"));
        assert!(!looks_like_html("Le <b>texte</b>"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "<html><body>{}<p>Deep text that is long enough to count here.</p>{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let page = extract(&html);
        assert!(page.text.contains("Deep text"));
    }
}
