//! Finding the article among the page's paragraphs.
//!
//! 1. Boilerplate subtrees (navigation, asides, hidden elements, classes
//!    like `share`, `related`, `comments`, `cookie`...) are left out, unless
//!    one of them holds most of the page's text: a wrapper named
//!    `post has-comments` must not take the article with it.
//! 2. Every remaining paragraph gets a weight: its length when it reads like
//!    prose, negative when it is mostly links or a short fragment.
//! 3. Weights add up the tree; the element with the highest total is the
//!    article container (a maximum-weight subtree: wrappers lose by taking
//!    in link lists, inner elements lose by missing paragraphs).
//! 4. Its paragraphs, less link-heavy ones, are the text.

use crate::dom::{Attr, Doc, NodeId, Tag, NONE};
use crate::hints;
use crate::text::{self, Block, Visit};

/// The main text of the page as paragraphs. `hint` is the JSON-LD
/// `articleBody` when the page has one.
pub fn main_blocks(doc: &Doc, hint: Option<&str>) -> Vec<String> {
    let n = doc.nodes.len();
    let body = doc
        .descendants(Doc::ROOT)
        .find(|&id| doc.tag(id) == Tag::Body)
        .unwrap_or(Doc::ROOT);

    // Raw text length under each node. Children always come after their
    // parent in `nodes`, so one reverse pass sums a subtree.
    let mut mass = vec![0u32; n];
    for id in (1..n).rev() {
        let node = &doc.nodes[id];
        if node.tag == Tag::Text {
            mass[id] += node.end - node.start;
        }
        if node.parent != NONE {
            let m = mass[id];
            mass[node.parent as usize] += m;
        }
    }
    let page_mass = mass[body as usize].max(1);

    // The element holding the most paragraph text directly is (nearly
    // always) inside the article: its ancestors are never dropped for their
    // class names, whatever a theme calls them (`article-header`,
    // `box modal-enabled`...).
    let mut direct_p = vec![0u32; n];
    for (id, node) in doc.nodes.iter().enumerate() {
        if node.tag == Tag::P && node.parent != NONE {
            direct_p[node.parent as usize] += mass[id];
        }
    }
    let mut protected = vec![false; n];
    if let Some((anchor, _)) = direct_p
        .iter()
        .enumerate()
        .filter(|(_, &m)| m > 0)
        .max_by_key(|(_, &m)| m)
    {
        let mut c = anchor as NodeId;
        while c != NONE {
            protected[c as usize] = true;
            c = doc.node(c).parent;
        }
    }

    let blocks = text::blocks(doc, body, |id| {
        let tag = doc.tag(id);
        let big = protected[id as usize] || mass[id as usize] as f64 > 0.4 * page_mass as f64;
        if hints::is_hidden(doc, id) && !big {
            return Visit::Skip;
        }
        if hints::is_boilerplate_tag(tag) && !(big && tag_can_wrap(tag)) {
            return Visit::Skip;
        }
        if !big && (hints::is_boilerplate_role(doc, id) || hints::element_hint(doc, id) < 0) {
            return Visit::Skip;
        }
        Visit::Enter
    });
    if let Ok(needle) = std::env::var("MZ_DEBUG") {
        eprintln!("body={body} mass={page_mass} blocks={}", blocks.len());
        for id in 0..n {
            if doc.text_of(id as u32).contains(needle.as_str()) {
                let mut c = id as u32;
                while c != NONE {
                    eprintln!(
                        "  {c} {:?} {:?} {:?}",
                        doc.tag(c),
                        doc.attr(c, Attr::Class),
                        doc.attr(c, Attr::Id)
                    );
                    c = doc.node(c).parent;
                }
                break;
            }
        }
    }
    if blocks.is_empty() {
        return Vec::new();
    }

    let hint_words = hint.map(HintText::new);
    let mut score = vec![0f64; n];
    for b in &blocks {
        let w = weight(doc, b, hint_words.as_ref());
        if b.owner != NONE {
            score[b.owner as usize] += w;
        }
    }
    // Class hints and the article markup nudge the choice between nested
    // containers of similar weight.
    for id in (1..n).rev() {
        let s = score[id];
        if s != 0.0 {
            let parent = doc.nodes[id].parent;
            if parent != NONE {
                score[parent as usize] += s;
            }
        }
    }
    let mut best = body;
    let mut best_score = f64::MIN;
    for id in 0..n {
        let tag = doc.nodes[id].tag;
        if tag == Tag::Text || score[id] <= 0.0 {
            continue;
        }
        let mut s = score[id];
        if doc.attr(id as NodeId, Attr::Itemprop) == Some("articleBody") {
            s *= 1.2;
        }
        if s > best_score {
            best_score = s;
            best = id as NodeId;
        }
    }

    // Subtree of `best`: the index range up to its last descendant.
    let end = last_descendant(doc, best);
    blocks
        .into_iter()
        .filter(|b| b.owner != NONE && b.owner >= best && b.owner <= end)
        .filter(|b| keep(doc, b, hint_words.as_ref()))
        .map(|b| b.text)
        .collect()
}

/// Wrapper tags that may hold the whole article on some sites (a `<header>`
/// or `<aside>` never does, a `<form>` around an ASP.NET page does).
fn tag_can_wrap(tag: Tag) -> bool {
    !matches!(
        tag,
        Tag::Head | Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Title
    )
}

fn last_descendant(doc: &Doc, id: NodeId) -> NodeId {
    let mut cur = id;
    loop {
        let last = doc.node(cur).last_child;
        if last == NONE {
            return cur;
        }
        cur = last;
    }
}

fn link_density(b: &Block) -> f64 {
    b.link_chars as f64 / b.chars.max(1) as f64
}

/// How much a paragraph speaks for its container being the article.
fn weight(doc: &Doc, b: &Block, hint: Option<&HintText>) -> f64 {
    let ld = link_density(b);
    let chars = b.chars as f64;
    if let Some(h) = hint {
        if h.covers(&b.text) {
            return chars * 2.0;
        }
    }
    if ld > 0.5 {
        return -chars;
    }
    let tag = doc.tag(b.owner);
    if matches!(tag, Tag::H(_)) {
        return 0.0;
    }
    if b.chars < 30 {
        return -chars * 0.5;
    }
    let mut w = chars * (1.0 - ld);
    if matches!(tag, Tag::Li | Tag::Td | Tag::Th | Tag::Dd | Tag::Dt) {
        w *= 0.5;
    }
    // Sentences have punctuation; menus and tickers do not.
    if !b.text.contains(['.', ',', '!', '?', '。', '、', '،']) {
        w *= 0.3;
    }
    w
}

/// Whether a paragraph inside the article container is kept.
fn keep(doc: &Doc, b: &Block, hint: Option<&HintText>) -> bool {
    if let Some(h) = hint {
        if h.covers(&b.text) {
            return true;
        }
    }
    let ld = link_density(b);
    if ld > 0.5 && !matches!(doc.tag(b.owner), Tag::H(_)) {
        return false;
    }
    !is_boilerplate_line(&b.text)
}

/// Short lines that are page furniture wherever they appear.
fn is_boilerplate_line(s: &str) -> bool {
    if s.len() > 60 {
        return false;
    }
    let l = s.trim().trim_end_matches([':', '.']).to_lowercase();
    matches!(
        l.as_str(),
        "advertisement"
            | "advertisements"
            | "ad"
            | "sponsored"
            | "share"
            | "share this"
            | "share this article"
            | "share this story"
            | "tweet"
            | "email"
            | "print"
            | "comments"
            | "read more"
            | "related"
            | "related articles"
            | "related stories"
            | "continue reading"
            | "click here"
            | "subscribe"
            | "follow us"
            | "loading"
            | "loading..."
            | "story continues below"
            | "continue reading below"
            | "article continues below"
    ) || l.starts_with("advertisement")
}

/// The JSON-LD article body, as word runs, to recognise its paragraphs.
#[derive(Debug)]
struct HintText {
    words: String,
}

impl HintText {
    fn new(s: &str) -> HintText {
        HintText { words: words(s) }
    }

    /// The paragraph's opening words appear in the hint.
    fn covers(&self, para: &str) -> bool {
        let w = words(para);
        if w.len() < 40 {
            return false;
        }
        let mut cut = 80.min(w.len());
        while !w.is_char_boundary(cut) {
            cut -= 1;
        }
        self.words.contains(&w[..cut])
    }
}

/// Lowercased words joined by single spaces: punctuation, markup and
/// whitespace differences between JSON-LD and HTML drop out.
fn words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}
