//! A flat, forgiving document tree built from html5gum's token stream.
//!
//! html5gum tokenizes as browsers do (entities, comments, raw-text states for
//! script/style/title) but builds no tree. Full HTML5 tree construction is
//! not needed to find an article's paragraphs, so this builder does the
//! cheap part of it: void elements, the implied end tags that matter for
//! text (`p`, `li`, table cells, `option`), and end tags that only close an
//! element that is actually open. Nodes live in one `Vec` and link to each
//! other by index, so every later walk can be iterative: no recursion, no
//! stack overflow on pathological nesting.

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// Nesting deeper than this is flattened: further elements become children
/// of the deepest open one. Real pages stay far below it; the cap bounds the
/// open-element stack and the cost of matching end tags.
pub const MAX_DEPTH: usize = 512;

/// How far up the open-element stack an end tag looks for its start tag.
/// Stray end tags are common; scanning a deep stack for each would cost
/// O(depth) per tag.
const END_TAG_SEARCH: usize = 64;

pub type NodeId = u32;
pub const NONE: NodeId = u32::MAX;

/// The element names the extractor treats specially; everything else is
/// `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Text,
    Root,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Form,
    Button,
    Select,
    Option,
    Textarea,
    Input,
    Label,
    Nav,
    Aside,
    Footer,
    Header,
    Main,
    Article,
    Section,
    Div,
    P,
    Br,
    Hr,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Caption,
    Tr,
    Td,
    Th,
    Figure,
    Figcaption,
    Img,
    A,
    Time,
    Address,
    Details,
    Summary,
    Dialog,
    Menu,
    Object,
    Embed,
    Video,
    Audio,
    Canvas,
    Picture,
    Void,
    Other,
}

impl Tag {
    fn from_name(name: &[u8]) -> Tag {
        match name {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"noscript" => Tag::Noscript,
            b"template" => Tag::Template,
            b"svg" => Tag::Svg,
            b"math" => Tag::Math,
            b"iframe" => Tag::Iframe,
            b"form" => Tag::Form,
            b"button" => Tag::Button,
            b"select" => Tag::Select,
            b"option" => Tag::Option,
            b"textarea" => Tag::Textarea,
            b"input" => Tag::Input,
            b"label" => Tag::Label,
            b"nav" => Tag::Nav,
            b"aside" => Tag::Aside,
            b"footer" => Tag::Footer,
            b"header" => Tag::Header,
            b"main" => Tag::Main,
            b"article" => Tag::Article,
            b"section" => Tag::Section,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"h1" => Tag::H(1),
            b"h2" => Tag::H(2),
            b"h3" => Tag::H(3),
            b"h4" => Tag::H(4),
            b"h5" => Tag::H(5),
            b"h6" => Tag::H(6),
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"table" => Tag::Table,
            b"caption" => Tag::Caption,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"img" => Tag::Img,
            b"a" => Tag::A,
            b"time" => Tag::Time,
            b"address" => Tag::Address,
            b"details" => Tag::Details,
            b"summary" => Tag::Summary,
            b"dialog" => Tag::Dialog,
            b"menu" => Tag::Menu,
            b"object" => Tag::Object,
            b"embed" => Tag::Embed,
            b"video" => Tag::Video,
            b"audio" => Tag::Audio,
            b"canvas" => Tag::Canvas,
            b"picture" => Tag::Picture,
            b"area" | b"base" | b"col" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" => {
                Tag::Void
            }
            _ => Tag::Other,
        }
    }

    /// Elements that never have children.
    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta
                | Tag::Link
                | Tag::Br
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Embed
                | Tag::Void
        )
    }

    /// Elements whose start closes an open `<p>` (the HTML parsing rule,
    /// abridged).
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::H(_)
                | Tag::Ul
                | Tag::Ol
                | Tag::Dl
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Table
                | Tag::Section
                | Tag::Article
                | Tag::Aside
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Main
                | Tag::Figure
                | Tag::Form
                | Tag::Hr
                | Tag::Address
                | Tag::Details
                | Tag::Menu
        )
    }

    /// Block-level elements: their text is a paragraph of its own.
    pub fn is_block(self) -> bool {
        self.closes_p()
            || matches!(
                self,
                Tag::Root
                    | Tag::Html
                    | Tag::Body
                    | Tag::Li
                    | Tag::Dt
                    | Tag::Dd
                    | Tag::Tr
                    | Tag::Td
                    | Tag::Th
                    | Tag::Caption
                    | Tag::Figcaption
                    | Tag::Summary
                    | Tag::Dialog
                    | Tag::Noscript
                    | Tag::Option
                    | Tag::Title
            )
    }
}

/// The attributes the extractor reads; all others are dropped while
/// tokenizing so the tree stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    Id,
    Class,
    Itemprop,
    Itemtype,
    Rel,
    Name,
    Property,
    Content,
    Href,
    Datetime,
    Type,
    Role,
    Hidden,
    AriaHidden,
    Style,
    Lang,
}

impl Attr {
    fn from_name(name: &[u8]) -> Option<Attr> {
        Some(match name {
            b"id" => Attr::Id,
            b"class" => Attr::Class,
            b"itemprop" => Attr::Itemprop,
            b"itemtype" => Attr::Itemtype,
            b"rel" => Attr::Rel,
            b"name" => Attr::Name,
            b"property" => Attr::Property,
            b"content" => Attr::Content,
            b"href" => Attr::Href,
            b"datetime" => Attr::Datetime,
            b"type" => Attr::Type,
            b"role" => Attr::Role,
            b"hidden" => Attr::Hidden,
            b"aria-hidden" => Attr::AriaHidden,
            b"style" => Attr::Style,
            b"lang" => Attr::Lang,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub tag: Tag,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next: NodeId,
    /// Text nodes: byte range in [`Doc::text`]. Elements: range in
    /// [`Doc::attrs`].
    pub start: u32,
    pub end: u32,
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Doc {
    pub nodes: Vec<Node>,
    /// All text content, each text node a slice of it (entities decoded,
    /// whitespace as written).
    pub text: String,
    pub attrs: Vec<(Attr, String)>,
}

impl Doc {
    pub const ROOT: NodeId = 0;

    pub fn parse(html: &str) -> Doc {
        let mut builder = Builder::new(html.len());
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
            builder.event(event);
            None::<Infallible>
        });
        // Switches into raw-text states after <script>, <style>, <title>,
        // <textarea> and the like, so their content is one string and not
        // markup.
        emitter.naively_switch_states(true);
        // Reading from a &str cannot fail.
        let _ = Tokenizer::new_with_emitter(html, emitter).finish();
        builder.doc
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn tag(&self, id: NodeId) -> Tag {
        self.nodes[id as usize].tag
    }

    /// The text of a text node.
    pub fn text_of(&self, id: NodeId) -> &str {
        let n = &self.nodes[id as usize];
        if n.tag == Tag::Text {
            &self.text[n.start as usize..n.end as usize]
        } else {
            ""
        }
    }

    pub fn attr(&self, id: NodeId, attr: Attr) -> Option<&str> {
        let n = &self.nodes[id as usize];
        if n.tag == Tag::Text {
            return None;
        }
        self.attrs[n.start as usize..n.end as usize]
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, v)| v.as_str())
    }

    #[cfg(test)]
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            doc: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// Every node below `id` in document order, `id` itself excluded.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            doc: self,
            root: id,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// The node after `id` in document order that is not inside `id`,
    /// staying within `root`.
    pub fn skip_subtree(&self, id: NodeId, root: NodeId) -> NodeId {
        let mut cur = id;
        while cur != root && cur != NONE {
            let n = &self.nodes[cur as usize];
            if n.next != NONE {
                return n.next;
            }
            cur = n.parent;
        }
        NONE
    }

    /// All text below `id`, concatenated as written.
    pub fn raw_text(&self, id: NodeId) -> String {
        let mut s = String::new();
        for d in self.descendants(id) {
            s.push_str(self.text_of(d));
        }
        s
    }
}

#[cfg(test)]
#[derive(Debug)]
pub struct Children<'a> {
    doc: &'a Doc,
    next: NodeId,
}

#[cfg(test)]
impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.doc.nodes[id as usize].next;
        Some(id)
    }
}

#[derive(Debug)]
pub struct Descendants<'a> {
    doc: &'a Doc,
    root: NodeId,
    next: NodeId,
}

impl Descendants<'_> {
    /// Do not descend into the node last returned.
    pub fn skip_children(&mut self, last: NodeId) {
        self.next = self.doc.skip_subtree(last, self.root);
    }
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let n = &self.doc.nodes[id as usize];
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            self.doc.skip_subtree(id, self.root)
        };
        Some(id)
    }
}

struct Builder {
    doc: Doc,
    /// Open elements, innermost last; `ROOT` at the bottom.
    open: Vec<NodeId>,
    /// The start tag being read.
    tag: Tag,
    attr: Option<Attr>,
    attrs: Vec<(Attr, String)>,
    /// Text nodes are not kept inside these (their content is script or
    /// style code), except JSON-LD scripts.
    skip_text_depth: usize,
}

impl Builder {
    fn new(html_len: usize) -> Builder {
        let mut doc = Doc {
            nodes: Vec::with_capacity(html_len / 40),
            text: String::with_capacity(html_len / 4),
            attrs: Vec::new(),
        };
        doc.nodes.push(Node {
            tag: Tag::Root,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            start: 0,
            end: 0,
        });
        Builder {
            doc,
            open: vec![Doc::ROOT],
            tag: Tag::Other,
            attr: None,
            attrs: Vec::new(),
            skip_text_depth: 0,
        }
    }

    fn event(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = Tag::from_name(name);
                self.attr = None;
                self.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                self.attr = Attr::from_name(name);
                if let Some(a) = self.attr {
                    // html5gum drops duplicate attributes before they get
                    // here only in its default emitter; keep the first.
                    if self.attrs.iter().any(|(x, _)| *x == a) {
                        self.attr = None;
                    } else {
                        self.attrs.push((a, String::new()));
                    }
                }
            }
            CallbackEvent::AttributeValue { value } if self.attr.is_some() => {
                if let Some(last) = self.attrs.last_mut() {
                    last.1.push_str(&String::from_utf8_lossy(value));
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => self.start_tag(self_closing),
            CallbackEvent::EndTag { name } => self.end_tag(Tag::from_name(name)),
            CallbackEvent::String { value } => self.string(value),
            _ => {}
        }
    }

    fn top(&self) -> NodeId {
        *self.open.last().unwrap_or(&Doc::ROOT)
    }

    fn append(&mut self, tag: Tag, start: u32, end: u32) -> NodeId {
        let parent = self.top();
        let id = self.doc.nodes.len() as NodeId;
        self.doc.nodes.push(Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            start,
            end,
        });
        let p = &mut self.doc.nodes[parent as usize];
        let prev = p.last_child;
        p.last_child = id;
        if prev == NONE {
            p.first_child = id;
        } else {
            self.doc.nodes[prev as usize].next = id;
        }
        id
    }

    /// Pops open elements down to and including the innermost `tag`, if it
    /// is open within `END_TAG_SEARCH` levels and not behind a `stop` tag.
    fn close(&mut self, tag: Tag, stop: &[Tag]) -> bool {
        let n = self.open.len();
        for i in (1..n).rev().take(END_TAG_SEARCH) {
            let t = self.doc.nodes[self.open[i] as usize].tag;
            if t == tag {
                for &id in &self.open[i..] {
                    if is_text_skipping(self.doc.nodes[id as usize].tag) {
                        self.skip_text_depth = self.skip_text_depth.saturating_sub(1);
                    }
                }
                self.open.truncate(i);
                return true;
            }
            if stop.contains(&t) {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, self_closing: bool) {
        let tag = self.tag;
        // Implied end tags.
        if tag.closes_p() {
            self.close(
                Tag::P,
                &[
                    Tag::Div,
                    Tag::Td,
                    Tag::Th,
                    Tag::Li,
                    Tag::Article,
                    Tag::Section,
                ],
            );
        }
        match tag {
            Tag::Li => {
                self.close(Tag::Li, &[Tag::Ul, Tag::Ol, Tag::Menu]);
            }
            Tag::Dt | Tag::Dd => {
                let _ = self.close(Tag::Dd, &[Tag::Dl]) || self.close(Tag::Dt, &[Tag::Dl]);
            }
            Tag::Td | Tag::Th => {
                let _ = self.close(Tag::Td, &[Tag::Tr, Tag::Table])
                    || self.close(Tag::Th, &[Tag::Tr, Tag::Table]);
            }
            Tag::Tr => {
                self.close(Tag::Tr, &[Tag::Table]);
            }
            Tag::Option => {
                self.close(Tag::Option, &[Tag::Select]);
            }
            _ => {}
        }
        let start = self.doc.attrs.len() as u32;
        self.doc.attrs.append(&mut self.attrs);
        let end = self.doc.attrs.len() as u32;
        let id = self.append(tag, start, end);
        // Self-closing syntax only means something on void and foreign
        // elements; `<div/>` still opens a div in HTML, but treating it as
        // empty is the safer reading of tag soup.
        if tag.is_void() || self_closing {
            return;
        }
        if self.open.len() < MAX_DEPTH {
            self.open.push(id);
            if is_text_skipping(tag) {
                self.skip_text_depth += 1;
            }
        }
    }

    fn end_tag(&mut self, tag: Tag) {
        // `</br>` is read as `<br>` by browsers. Unknown elements all map to
        // `Other`: closing the innermost `Other` for any unknown end tag
        // keeps custom elements (e.g. `<amp-img>`) balanced well enough.
        if tag == Tag::Br {
            self.append(Tag::Br, 0, 0);
        } else {
            self.close(tag, &[]);
        }
    }

    fn string(&mut self, value: &[u8]) {
        let top = self.top();
        let top_tag = self.doc.nodes[top as usize].tag;
        if self.skip_text_depth > 0 && !self.keeps_script_text(top, top_tag) {
            return;
        }
        let s = String::from_utf8_lossy(value);
        // Merge with a preceding text node so each run is one node.
        let last = self.doc.nodes[top as usize].last_child;
        if last != NONE
            && self.doc.nodes[last as usize].tag == Tag::Text
            && self.doc.nodes[last as usize].end as usize == self.doc.text.len()
        {
            self.doc.text.push_str(&s);
            self.doc.nodes[last as usize].end = self.doc.text.len() as u32;
            return;
        }
        let start = self.doc.text.len() as u32;
        self.doc.text.push_str(&s);
        let end = self.doc.text.len() as u32;
        self.append(Tag::Text, start, end);
    }

    /// JSON-LD is kept: it is the best metadata source a page has.
    fn keeps_script_text(&self, top: NodeId, top_tag: Tag) -> bool {
        top_tag == Tag::Script
            && self.skip_text_depth == 1
            && self.doc.attrs[self.doc.nodes[top as usize].start as usize
                ..self.doc.nodes[top as usize].end as usize]
                .iter()
                .any(|(a, v)| *a == Attr::Type && v.eq_ignore_ascii_case("application/ld+json"))
    }
}

/// Elements whose text content is code or markup, not prose.
fn is_text_skipping(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Textarea
            | Tag::Iframe
            | Tag::Noscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_tree_with_implied_end_tags() {
        let doc = Doc::parse("<body><p>one<p>two &amp; three<ul><li>a<li>b</ul></body>");
        let body = doc.children(Doc::ROOT).next().unwrap();
        assert_eq!(doc.tag(body), Tag::Body);
        let kids: Vec<Tag> = doc.children(body).map(|c| doc.tag(c)).collect();
        assert_eq!(kids, vec![Tag::P, Tag::P, Tag::Ul]);
        assert_eq!(doc.raw_text(body), "onetwo & threeab");
    }

    #[test]
    fn script_and_style_text_dropped_but_json_ld_kept() {
        let doc = Doc::parse(
            "<script>var a = '<p>x</p>';</script><style>p{}</style>\
             <script type=\"application/ld+json\">{\"a\":1}</script><p>hi</p>",
        );
        assert_eq!(doc.raw_text(Doc::ROOT), "{\"a\":1}hi");
    }

    #[test]
    fn stray_end_tags_ignored() {
        let doc = Doc::parse("<div><p>a</span></b></p>b</div>");
        assert_eq!(doc.raw_text(Doc::ROOT), "ab");
    }
}
