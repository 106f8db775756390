//! Latin letters without their diacritics, for matching names: the SEC
//! writes "ESTEE LAUDER", the news "Estée Lauder"; a pack may write
//! "Šefčovič" where a wire writes "Sefcovic".

/// The ASCII spelling of a Latin letter with a diacritic ("é" → "e", "ß"
/// → "ss"), or `None` when `c` has none (ASCII, other scripts, symbols).
pub fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĥ' | 'ħ' => "h",
        'Ĥ' | 'Ħ' => "H",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ĵ' => "j",
        'Ĵ' => "J",
        'ķ' => "k",
        'Ķ' => "K",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ŵ' => "w",
        'Ŵ' => "W",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// `text` with its Latin letters' diacritics removed, and for every byte of
/// the result the byte of `text` it came from (one extra entry for the
/// end); `None` when nothing folds, which is most text.
pub fn fold(text: &str) -> Option<(String, Vec<u32>)> {
    // Every letter that folds lies in U+00C0..U+017F, whose UTF-8 lead
    // bytes are 0xC3 to 0xC5: a byte scan rules most text out.
    if !text.bytes().any(|b| (0xC3..=0xC5).contains(&b))
        || !text.chars().any(|c| fold_char(c).is_some())
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = out.len();
        match fold_char(c) {
            Some(ascii) => out.push_str(ascii),
            None => out.push(c),
        }
        origin.extend(std::iter::repeat_n(at as u32, out.len() - before));
    }
    origin.push(text.len() as u32);
    Some((out, origin))
}

/// `name` without diacritics, when it has any.
pub fn folded_name(name: &str) -> Option<String> {
    fold(name).map(|(folded, _)| folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_letters_and_maps_them_back() {
        let text = "Estée Lauder and Šefčovič";
        let (folded, origin) = fold(text).expect("has diacritics");
        assert_eq!(folded, "Estee Lauder and Sefcovic");
        let at = folded.find("Lauder").unwrap();
        assert_eq!(&text[origin[at] as usize..], "Lauder and Šefčovič");
        assert_eq!(origin[folded.len()] as usize, text.len());
    }

    #[test]
    fn leaves_plain_text_and_other_scripts_alone() {
        assert!(fold("MP Materials").is_none());
        assert!(fold("三星电子").is_none());
        assert_eq!(folded_name("Straße").as_deref(), Some("Strasse"));
    }
}
