//! Turning a subtree into paragraphs of plain text.
//!
//! The walk is iterative (explicit parent links, no recursion). Every
//! block-level element starts a new paragraph; inline elements and text
//! runs join the current one with HTML's whitespace collapsing. `<br>`
//! becomes a line break inside a paragraph.

use crate::dom::{Doc, NodeId, Tag, NONE};

/// One paragraph of text and where it came from.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// The innermost block-level element holding the text.
    pub owner: NodeId,
    /// Characters of the text that sit inside links.
    pub link_chars: usize,
    pub chars: usize,
}

/// What the walk should do with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Read it and its children.
    Enter,
    /// Leave it and everything in it out.
    Skip,
}

/// Paragraphs below `root`, leaving out the subtrees `visit` skips.
pub fn blocks(doc: &Doc, root: NodeId, mut visit: impl FnMut(NodeId) -> Visit) -> Vec<Block> {
    let mut w = Writer {
        blocks: Vec::new(),
        cur: String::new(),
        space: false,
        link_chars: 0,
        chars: 0,
        owners: vec![root],
        link_depth: 0,
        pre_depth: 0,
    };
    let mut id = doc.node(root).first_child;
    while id != NONE {
        let node = doc.node(id);
        let mut descend = false;
        match node.tag {
            Tag::Text => w.text(doc.text_of(id)),
            Tag::Br => w.line_break(),
            Tag::Img | Tag::Input | Tag::Meta | Tag::Link | Tag::Void | Tag::Hr => {
                if node.tag == Tag::Hr {
                    w.flush();
                }
            }
            tag => {
                if visit(id) == Visit::Enter {
                    w.enter(tag, id);
                    descend = node.first_child != NONE;
                    if !descend {
                        w.exit(tag);
                    }
                }
            }
        }
        if descend {
            id = node.first_child;
            continue;
        }
        // Climb until a next sibling, closing the elements left behind.
        let mut cur = id;
        loop {
            let n = doc.node(cur);
            if n.next != NONE {
                id = n.next;
                break;
            }
            let parent = n.parent;
            if parent == root || parent == NONE {
                id = NONE;
                break;
            }
            w.exit(doc.tag(parent));
            cur = parent;
        }
    }
    w.flush();
    w.blocks
}

struct Writer {
    blocks: Vec<Block>,
    cur: String,
    /// Whitespace was seen since the last character written.
    space: bool,
    link_chars: usize,
    chars: usize,
    owners: Vec<NodeId>,
    link_depth: usize,
    pre_depth: usize,
}

impl Writer {
    fn enter(&mut self, tag: Tag, id: NodeId) {
        if tag.is_block() {
            self.flush();
            self.owners.push(id);
        }
        match tag {
            Tag::A => self.link_depth += 1,
            Tag::Pre => self.pre_depth += 1,
            // Table cells in a row read as one line, separated by spaces.
            _ => {}
        }
    }

    fn exit(&mut self, tag: Tag) {
        if tag.is_block() {
            self.flush();
            if self.owners.len() > 1 {
                self.owners.pop();
            }
        }
        match tag {
            Tag::A => self.link_depth = self.link_depth.saturating_sub(1),
            Tag::Pre => self.pre_depth = self.pre_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.pre_depth > 0 {
            for c in s.chars() {
                self.put(c);
            }
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                self.space = true;
            } else {
                if self.space && !self.cur.is_empty() && !self.cur.ends_with('\n') {
                    // The gap before a link is not part of the link.
                    self.cur.push(' ');
                    self.chars += 1;
                }
                self.space = false;
                self.put(if c == '\u{a0}' { ' ' } else { c });
            }
        }
    }

    fn put(&mut self, c: char) {
        self.cur.push(c);
        self.chars += 1;
        if self.link_depth > 0 {
            self.link_chars += 1;
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.cur.trim_end_matches(' ').len();
        self.cur.truncate(trimmed);
        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
            self.cur.push('\n');
        }
        self.space = false;
    }

    fn flush(&mut self) {
        self.space = false;
        let text = self.cur.trim();
        if !text.is_empty() {
            self.blocks.push(Block {
                text: text.to_string(),
                owner: *self.owners.last().unwrap_or(&NONE),
                link_chars: self.link_chars,
                chars: self.chars,
            });
        }
        self.cur.clear();
        self.link_chars = 0;
        self.chars = 0;
    }
}

/// Paragraphs joined with blank lines.
pub fn join(blocks: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::new();
    for b in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(b.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(html: &str) -> Vec<String> {
        let doc = Doc::parse(html);
        blocks(&doc, Doc::ROOT, |_| Visit::Enter)
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn blocks_split_and_whitespace_collapses() {
        assert_eq!(
            all("<h1> Title </h1><p>One\n  <b>two</b>  three<br>four</p><ul><li>x</li><li>y</li></ul>"),
            vec!["Title", "One two three\nfour", "x", "y"]
        );
    }

    #[test]
    fn link_chars_counted() {
        let doc = Doc::parse("<p>abc <a href=x>defg</a></p>");
        let b = blocks(&doc, Doc::ROOT, |_| Visit::Enter);
        assert_eq!(b[0].link_chars, 4);
        assert_eq!(b[0].chars, 8);
    }
}
