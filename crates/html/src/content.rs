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

    // The element holding the most prose directly (its own text and that
    // of its `<p>` children, links left out) is (nearly always) inside the
    // article: its ancestors are never dropped for their class names,
    // whatever a theme calls them (`article-header`, `box modal-enabled`,
    // `post has-comments`...).
    let mut protected = vec![false; n];
    let anchor = prose_anchor(doc);
    if let Some(anchor) = anchor {
        let mut c = anchor;
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
    if blocks.is_empty() {
        return Vec::new();
    }

    let hint_words = hint.map(HintText::new);
    let mut score = vec![0f64; n];
    for (i, b) in blocks.iter().enumerate() {
        let mut w = weight(doc, b, hint_words.as_ref());
        // A short text under a headline link is a teaser of another story
        // ("read next" lists, section fronts), not a paragraph.
        if w > 0.0 && i > 0 && b.chars < 300 {
            let prev = &blocks[i - 1];
            if link_density(prev) > 0.5 && prev.chars < 200 {
                w = -w * 0.5;
            }
        }
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
        // The article container holds the densest prose: only it and its
        // ancestors compete, so a lone paragraph never wins over its
        // article.
        if tag == Tag::Text || score[id] <= 0.0 || (anchor.is_some() && !protected[id]) {
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

/// The element with the most prose directly in it: text outside links,
/// counted for its nearest block ancestor, or for the parent of that
/// ancestor when it is a `<p>`-like element.
fn prose_anchor(doc: &Doc) -> Option<NodeId> {
    let n = doc.nodes.len();
    // Nearest block ancestor (or self) and "inside a link", top-down:
    // parents precede their children in `nodes`.
    let mut block = vec![Doc::ROOT; n];
    let mut in_link = vec![false; n];
    let mut in_boilerplate = vec![false; n];
    let mut direct = vec![0u32; n];
    for id in 1..n {
        let node = &doc.nodes[id];
        let parent = node.parent as usize;
        in_link[id] = in_link[parent] || node.tag == Tag::A;
        in_boilerplate[id] = in_boilerplate[parent]
            || (node.tag != Tag::Text
                && (hints::is_boilerplate_tag(node.tag)
                    || hints::is_boilerplate_role(doc, id as NodeId)
                    || hints::element_hint(doc, id as NodeId) < 0));
        block[id] = if node.tag.is_block() {
            id as NodeId
        } else {
            block[parent]
        };
        if node.tag == Tag::Text && !in_link[id] {
            let len = doc.text_of(id as NodeId).trim().len() as u32;
            let b = block[id];
            let target = if matches!(doc.tag(b), Tag::P | Tag::Blockquote | Tag::Pre) {
                doc.node(b).parent
            } else {
                b
            };
            if target != NONE {
                direct[target as usize] += len;
            }
        }
    }
    let best = |clean: bool| {
        direct
            .iter()
            .enumerate()
            .filter(|(id, &m)| {
                m > 0
                    && !(clean && in_boilerplate[*id])
                    && !matches!(
                        doc.nodes[*id].tag,
                        Tag::Root | Tag::Html | Tag::Body | Tag::Head | Tag::Title
                    )
            })
            .max_by_key(|(_, &m)| m)
            .map(|(id, &m)| (id as NodeId, m))
    };
    // Prefer prose outside anything that looks like boilerplate (a long
    // comment must not outweigh the article), unless that leaves only
    // scraps: then the theme's class names are misleading.
    match (best(true), best(false)) {
        (Some((clean, m)), Some((_, m_any))) if m * 2 >= m_any => Some(clean),
        (_, any) => any.map(|(id, _)| id),
    }
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
    // The headline is the title, not part of the body text.
    if doc.tag(b.owner) == Tag::H(1) {
        return false;
    }
    let ld = link_density(b);
    if ld > 0.5 && !matches!(doc.tag(b.owner), Tag::H(_)) {
        return false;
    }
    // Markup that leaked through as text (e.g. a `<noscript>` pixel).
    if b.text.starts_with('<') && b.text.ends_with('>') {
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
