//! Turning legal company names into the names news uses.

/// Words that end legal names and that news often drops.
const LEGAL_SUFFIXES: &[&str] = &[
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "co",
    "company",
    "plc",
    "llc",
    "lp",
    "l.p.",
    "n.v.",
    "nv",
    "s.a.",
    "sa",
    "ag",
    "se",
    "ab",
    "asa",
    "a/s",
    "oyj",
    "spa",
    "s.p.a.",
    "holdings",
    "holding",
    "group",
    "trust",
    "the",
    "pty",
    "bhd",
    "berhad",
    "tbk",
    "k.k.",
    "co.,",
    "class",
    "a",
    "b",
    "common",
    "stock",
    "shares",
    "ordinary",
    "ads",
    "adr",
    "&",
];

/// Whether `word` (any case, trailing punctuation allowed) is a legal suffix.
pub fn is_legal_suffix(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.']);
    LEGAL_SUFFIXES
        .iter()
        .any(|s| s.trim_end_matches([',', '.']).eq_ignore_ascii_case(word))
}

/// The core of a legal name: without a trailing "/DE"-style state tag,
/// without legal suffixes, and with SEC capitals turned into title case
/// ("NIOCORP DEVELOPMENTS LTD" → "Niocorp Developments").
pub fn core_name(legal: &str) -> String {
    let legal = legal.split(" /").next().unwrap_or(legal);
    let legal = legal.split(" - ").next().unwrap_or(legal);
    // "QUALCOMM INC/DE", "SLB LIMITED/NV": a state or country tag glued on.
    let legal = match legal.rsplit_once('/') {
        Some((head, tag)) if tag.len() <= 3 && tag.chars().all(|c| c.is_ascii_alphabetic()) => head,
        _ => legal,
    };
    let mut words: Vec<&str> = legal.split_whitespace().collect();
    // "NOVO NORDISK A S": a Danish "A/S" written with a space.
    if words.len() > 2 && words[words.len() - 2..] == ["A", "S"] {
        words.truncate(words.len() - 2);
    }
    while words.len() > 1 && words.last().is_some_and(|w| is_legal_suffix(w)) {
        words.pop();
    }
    let joined = words.join(" ");
    let joined = joined.trim_end_matches([',', '.']).to_string();
    if joined.chars().any(char::is_lowercase) {
        joined
    } else {
        title_case(&joined)
    }
}

/// Words that end names as legal forms and nothing else ("Co., Ltd.",
/// "S.p.A.", "Q.P.S.C."): unlike [`core_name`], a name keeps "Group",
/// "Holdings" and "Trust", which often tell two companies apart
/// ("SoftBank Group", "SoftBank Corp.").
const LEGAL_FORMS: &[&str] = &[
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "co",
    "company",
    "plc",
    "llc",
    "lp",
    "nv",
    "sa",
    "ag",
    "se",
    "ab",
    "asa",
    "a/s",
    "oyj",
    "spa",
    "s.p.a",
    "bhd",
    "berhad",
    "tbk",
    "pt",
    "pcl",
    "k.k",
    "q.p.s.c",
    "q.s.c",
    "s.a.b. de c.v",
    "sab de cv",
    "s.a.b",
    "de",
    "c.v",
    "ltda",
    "gmbh",
    "kgaa",
    "bv",
    "oy",
    "as",
    "&",
    "pjsc",
    "jsc",
    "saog",
    "psc",
];

/// A global listing's name without its legal form: "Samsung Electronics
/// Co., Ltd." → "Samsung Electronics", "Investment Holding Group -
/// Q.P.S.C." → "Investment Holding Group".
pub fn without_legal_form(name: &str) -> String {
    let name = name.split(" - ").next().unwrap_or(name);
    let name = name.split(" (").next().unwrap_or(name);
    // "Daikin Industries,Ltd.": a legal form glued after a comma.
    let spaced = name.replace(',', ", ");
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    while words.len() > 1 {
        let last = words[words.len() - 1]
            .trim_matches(|c: char| c == ',' || c == '.')
            .to_ascii_lowercase();
        if LEGAL_FORMS.contains(&last.as_str()) || last.is_empty() {
            words.pop();
        } else {
            break;
        }
    }
    display_case(words.join(" ").trim_end_matches([',', '.']))
}

/// A name as news writes it: SEC capitals in title case, others as given.
pub fn display_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        name.to_string()
    } else {
        title_case(name)
    }
}

fn title_case(upper: &str) -> String {
    upper
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_state_tags_suffixes_and_capitals() {
        assert_eq!(core_name("MP Materials Corp. / DE"), "MP Materials");
        assert_eq!(
            core_name("NIOCORP DEVELOPMENTS LTD"),
            "Niocorp Developments"
        );
        assert_eq!(core_name("JPMORGAN CHASE & CO"), "Jpmorgan Chase");
        assert_eq!(core_name("Apple Inc."), "Apple");
        assert_eq!(core_name("Critical Metals Corp."), "Critical Metals");
        assert_eq!(core_name("Alphabet Inc. - Class A"), "Alphabet");
    }
}
