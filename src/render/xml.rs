//! XML text escaping, shared by the feeds and the inline SVG charts.

/// Escapes text for XML (feeds, sitemaps, inline SVG), text and attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_for_xml() {
        assert_eq!(escape("R&D <b> \"x\""), "R&amp;D &lt;b&gt; &quot;x&quot;");
        assert_eq!(escape("a\u{7}b\n"), "ab\n");
    }
}
