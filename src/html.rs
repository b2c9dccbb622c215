//! What HTML and URLs from authors may carry: the raw-HTML policy a site
//! chooses and the URL schemes never let through. Vocabulary shared by the
//! config (which reads the choice) and Markdown rendering (which applies it).

/// How raw HTML in Markdown is treated (config `markdown.raw_html`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RawHtml {
    /// Kept, then cleaned by an allow-list: handbooks lean on `<details>`,
    /// tables and images, but a wiki must not run a contributor's script.
    #[default]
    Sanitize,
    /// Passed through as written, for sites whose every author is trusted.
    Allow,
    /// Shown literally, as text.
    Deny,
}

/// Schemes that run code or smuggle content when clicked. Browsers ignore
/// leading spaces and control characters and tabs or newlines anywhere.
pub fn has_unsafe_scheme(url: &str) -> bool {
    let mut scheme = [0u8; 10];
    let significant = url
        .trim_start_matches(|c: char| c <= ' ')
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'));
    for (length, byte) in significant.enumerate() {
        if byte == b':' {
            return matches!(&scheme[..length], b"javascript" | b"vbscript" | b"data");
        }
        if length == scheme.len() {
            return false;
        }
        scheme[length] = byte.to_ascii_lowercase();
    }
    false
}
