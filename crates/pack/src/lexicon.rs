//! Word forms from lemmas: the pack writes "slip", `sell[sold]` and
//! "export control"; the matchers need "slips, slipped, slipping", "sells,
//! sold, selling" and "export controls".
//!
//! The rules are English spelling, not knowledge: a verb takes `-s`/`-es`/
//! `-ies`, `-ed` and `-ing`, doubling a final consonant after a single
//! vowel in one-syllable words ("slip" → "slipped", "plan" → "planning";
//! "open" → "opened"), dropping a silent `e` ("raise" → "raising"); a noun
//! takes the plural. What spelling cannot tell is written in the entry:
//! irregular forms in brackets after the word that inflects, past first,
//! then the participle when it differs (`rise[rose,risen]`, `sell[sold]`,
//! `cut[cut]`), and a doubled consonant for longer verbs (`propel[propelled]`).
//!
//! In a phrase, the first word of a verb phrase inflects ("take a stake" →
//! "takes a stake", "took a stake", "taken a stake", "taking a stake"), and
//! the last word of a noun phrase ("export control" → "export controls").

/// What a form is of its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VerbForm {
    /// "sell": the base, also the present tense but for the third person.
    Base,
    /// "sells".
    ThirdPerson,
    /// "sold" as a simple past.
    Past,
    /// "sold" as a participle ("was sold", "has sold").
    Participle,
    /// "selling".
    Gerund,
}

/// A verb entry read: the lemma and its forms, each with what it is. A
/// form that is both past and participle ("raised") is listed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms {
    pub lemma: String,
    pub forms: Vec<(String, VerbForm)>,
}

/// The forms of a verb entry: ``sell[sold]``, ``rise[rose,risen]``, or
/// a phrase whose first word inflects: `"take[took,taken] a stake"`.
/// Returns `None` for an entry whose brackets do not close.
pub fn verb_forms(entry: &str) -> Option<VerbForms> {
    let entry = entry.trim();
    let (head, irregular, rest) = split_head(entry)?;
    let lemma = format!("{head}{rest}");
    let (past, participle) = match irregular.as_deref() {
        Some(list) => {
            let mut parts = list.split(',').map(str::trim);
            let past = parts.next().filter(|p| !p.is_empty())?.to_string();
            let participle = parts.next().map_or_else(|| past.clone(), str::to_string);
            (past, participle)
        }
        None => {
            let past = regular_past(head);
            (past.clone(), past)
        }
    };
    let phrase = |word: &str| format!("{word}{rest}");
    let forms = vec![
        (phrase(head), VerbForm::Base),
        (phrase(&third_person(head)), VerbForm::ThirdPerson),
        (phrase(&past), VerbForm::Past),
        (phrase(&participle), VerbForm::Participle),
        (phrase(&gerund(head)), VerbForm::Gerund),
    ];
    Some(VerbForms { lemma, forms })
}

/// The singular and plural of a noun entry: the last word inflects
/// (`"export control"` → `["export control", "export controls"]`);
/// ``analysis[analyses]`` gives the plural in brackets.
pub fn noun_forms(entry: &str) -> Option<Vec<String>> {
    let entry = entry.trim();
    let (body, irregular) = match entry.strip_suffix(']') {
        Some(open) => {
            let (body, plural) = open.rsplit_once('[')?;
            (body, Some(plural.trim()))
        }
        None => (entry, None),
    };
    let (front, last) = match body.rsplit_once(' ') {
        Some((front, last)) => (format!("{front} "), last),
        None => (String::new(), body),
    };
    let plural = irregular.map_or_else(|| plural(last), str::to_string);
    let mut out = vec![body.to_string(), format!("{front}{plural}")];
    out.dedup();
    Some(out)
}

/// `("take", Some("took,taken"), " a stake")` for `"take[took,taken] a stake"`.
fn split_head(entry: &str) -> Option<(&str, Option<String>, &str)> {
    let word_end = entry.find([' ', '[']).unwrap_or(entry.len());
    let head = &entry[..word_end];
    let after = &entry[word_end..];
    match after.strip_prefix('[') {
        Some(inner) => {
            let close = inner.find(']')?;
            Some((head, Some(inner[..close].to_string()), &inner[close + 1..]))
        }
        None => Some((head, None, after)),
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// One vowel group ending in a single vowel and a single consonant (not
/// w, x or y): "slip", "plan", "ban", but not "curb", "open", "rain".
fn doubles_final(word: &str) -> bool {
    let b = word.as_bytes();
    let n = b.len();
    if n < 3 || !b.is_ascii() {
        return false;
    }
    let last = b[n - 1];
    if is_vowel(last) || matches!(last, b'w' | b'x' | b'y') || !last.is_ascii_lowercase() {
        return false;
    }
    if !is_vowel(b[n - 2]) || is_vowel(b[n - 3]) {
        return false;
    }
    // One vowel group only: "slip" yes, "target" no.
    let groups = b
        .windows(2)
        .filter(|w| is_vowel(w[1]) && !is_vowel(w[0]))
        .count()
        + usize::from(is_vowel(b[0]));
    groups == 1
}

fn third_person(verb: &str) -> String {
    plural(verb)
}

/// The plural of a noun, which is also the third person of a verb.
fn plural(word: &str) -> String {
    let b = word.as_bytes();
    if word.ends_with("s")
        || word.ends_with("x")
        || word.ends_with("z")
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        format!("{word}es")
    } else if b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

fn regular_past(verb: &str) -> String {
    let b = verb.as_bytes();
    if verb.ends_with('e') {
        format!("{verb}d")
    } else if b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2]) {
        format!("{}ied", &verb[..verb.len() - 1])
    } else if doubles_final(verb) {
        format!("{verb}{}ed", &verb[verb.len() - 1..])
    } else {
        format!("{verb}ed")
    }
}

fn gerund(verb: &str) -> String {
    if let Some(stem) = verb.strip_suffix("ie") {
        format!("{stem}ying")
    } else if verb.ends_with('e') && !verb.ends_with("ee") && verb.len() > 2 {
        format!("{}ing", &verb[..verb.len() - 1])
    } else if doubles_final(verb) {
        format!("{verb}{}ing", &verb[verb.len() - 1..])
    } else {
        format!("{verb}ing")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(entry: &str) -> Vec<String> {
        verb_forms(entry)
            .unwrap()
            .forms
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn regular_verbs_follow_english_spelling() {
        assert_eq!(
            forms("slip"),
            ["slip", "slips", "slipped", "slipped", "slipping"]
        );
        assert_eq!(
            forms("raise"),
            ["raise", "raises", "raised", "raised", "raising"]
        );
        assert_eq!(
            forms("tank"),
            ["tank", "tanks", "tanked", "tanked", "tanking"]
        );
        assert_eq!(
            forms("rally"),
            ["rally", "rallies", "rallied", "rallied", "rallying"]
        );
        assert_eq!(
            forms("open"),
            ["open", "opens", "opened", "opened", "opening"]
        );
        assert_eq!(
            forms("curb"),
            ["curb", "curbs", "curbed", "curbed", "curbing"]
        );
        assert_eq!(
            forms("crash"),
            ["crash", "crashes", "crashed", "crashed", "crashing"]
        );
        assert_eq!(
            forms("target"),
            ["target", "targets", "targeted", "targeted", "targeting"]
        );
        assert_eq!(
            forms("plan"),
            ["plan", "plans", "planned", "planned", "planning"]
        );
        assert_eq!(forms("tie"), ["tie", "ties", "tied", "tied", "tying"]);
        assert_eq!(
            forms("slow"),
            ["slow", "slows", "slowed", "slowed", "slowing"]
        );
        assert_eq!(
            forms("stay"),
            ["stay", "stays", "stayed", "stayed", "staying"]
        );
        assert_eq!(
            forms("agree"),
            ["agree", "agrees", "agreed", "agreed", "agreeing"]
        );
    }

    #[test]
    fn irregular_forms_and_phrases_come_from_the_entry() {
        assert_eq!(
            forms("sell[sold]"),
            ["sell", "sells", "sold", "sold", "selling"]
        );
        assert_eq!(
            forms("rise[rose,risen]"),
            ["rise", "rises", "rose", "risen", "rising"]
        );
        assert_eq!(forms("cut[cut]"), ["cut", "cuts", "cut", "cut", "cutting"]);
        assert_eq!(
            forms("take[took,taken] a stake"),
            [
                "take a stake",
                "takes a stake",
                "took a stake",
                "taken a stake",
                "taking a stake"
            ]
        );
        assert_eq!(verb_forms("take a stake").unwrap().lemma, "take a stake");
        assert_eq!(verb_forms("take[took a stake"), None);
    }

    #[test]
    fn nouns_inflect_their_last_word() {
        assert_eq!(
            noun_forms("export control").unwrap(),
            ["export control", "export controls"]
        );
        assert_eq!(noun_forms("tariff").unwrap(), ["tariff", "tariffs"]);
        assert_eq!(
            noun_forms("strategic reserve").unwrap(),
            ["strategic reserve", "strategic reserves"]
        );
        assert_eq!(noun_forms("duty").unwrap(), ["duty", "duties"]);
        assert_eq!(noun_forms("tax").unwrap(), ["tax", "taxes"]);
        assert_eq!(
            noun_forms("analysis[analyses]").unwrap(),
            ["analysis", "analyses"]
        );
    }
}
