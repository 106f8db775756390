//! What an element's tag, role, class and id say about it: boilerplate
//! (navigation, ads, share bars, comments, "read next" lists...) or not.

use crate::dom::{Attr, Doc, NodeId, Tag};

/// Words in a class or id that mark boilerplate. Matched against whole
/// words (class tokens split on `-`, `_` and case changes) so that
/// `header` does not hit `ad` and `shadow` does not hit `had`.
const NEGATIVE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "adsbygoogle",
    "dfp",
    "gpt",
    "banner",
    "sponsor",
    "sponsored",
    "promo",
    "promoted",
    "promotion",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendations",
    "recirc",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "sidebar",
    "rail",
    "widget",
    "widgets",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "masthead",
    "header",
    "toolbar",
    "ticker",
    "trending",
    "popular",
    "outbrain",
    "taboola",
    "popup",
    "modal",
    "overlay",
    "comment",
    "comments",
    "disqus",
    "byline",
    "author",
    "authors",
    "caption",
    "credit",
    "credits",
    "tags",
    "tag",
    "topics",
    "keywords",
    "meta",
    "date",
    "dateline",
    "timestamp",
    "published",
    "print",
    "skip",
    "pagination",
    "pager",
    "prev",
    "previous",
    "toc",
    "rating",
    "tools",
    "utility",
    "bio",
    "follow",
    "readmore",
    "login",
    "account",
    "search",
    "copyright",
    "sronly",
    "sr",
    "offscreen",
    "invisible",
    "paywall",
    "donate",
    "feedback",
    "reactions",
];

/// Words that mark the article itself.
const POSITIVE_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "prose",
];

/// Does this class/id string name boilerplate, the article, or neither?
pub fn class_hint(s: &str) -> i32 {
    let mut neg = false;
    let mut pos = false;
    for_each_word(s, |w| {
        if NEGATIVE_WORDS.contains(&w) {
            neg = true;
        } else if POSITIVE_WORDS.contains(&w) {
            pos = true;
        }
    });
    match (neg, pos) {
        (true, _) => -1,
        (false, true) => 1,
        _ => 0,
    }
}

/// Splits on non-alphanumerics and lower-to-upper case changes, and feeds
/// each word, lowercased, to `f`.
fn for_each_word(s: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                f(&word);
                word.clear();
            }
            prev_lower = false;
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// Tags whose whole subtree is never article text.
pub fn is_boilerplate_tag(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Head
            | Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Button
            | Tag::Select
            | Tag::Option
            | Tag::Textarea
            | Tag::Input
            | Tag::Label
            | Tag::Nav
            | Tag::Aside
            | Tag::Footer
            | Tag::Header
            | Tag::Dialog
            | Tag::Menu
            | Tag::Object
            | Tag::Embed
            | Tag::Video
            | Tag::Audio
            | Tag::Canvas
            | Tag::Figure
            | Tag::Figcaption
            | Tag::Picture
            | Tag::Title
    )
}

/// Elements a browser would not show.
pub fn is_hidden(doc: &Doc, id: NodeId) -> bool {
    if doc.attr(id, Attr::Hidden).is_some() {
        return true;
    }
    if doc.attr(id, Attr::AriaHidden) == Some("true") {
        return true;
    }
    if let Some(style) = doc.attr(id, Attr::Style) {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// ARIA landmark roles that are not the article.
pub fn is_boilerplate_role(doc: &Doc, id: NodeId) -> bool {
    matches!(
        doc.attr(id, Attr::Role),
        Some(
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "menu"
                | "menubar"
                | "dialog"
                | "alertdialog"
                | "search"
                | "form"
                | "toolbar"
        )
    )
}

/// The class/id hint of an element: -1 boilerplate, 1 article, 0 neither.
pub fn element_hint(doc: &Doc, id: NodeId) -> i32 {
    let mut h = 0;
    for a in [Attr::Class, Attr::Id] {
        if let Some(v) = doc.attr(id, a) {
            match class_hint(v) {
                -1 => return -1,
                1 => h = 1,
                _ => {}
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_not_substrings() {
        assert_eq!(class_hint("site-header"), -1);
        assert_eq!(class_hint("shadow-box"), 0);
        assert_eq!(class_hint("adContainer"), -1);
        assert_eq!(class_hint("article-body"), 1);
        assert_eq!(class_hint("article-comments"), -1);
        assert_eq!(class_hint("headline"), 0);
    }
}
