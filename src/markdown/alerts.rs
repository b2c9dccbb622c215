//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`): the parser gives the block quote its class
//! (`markdown-alert-note`); this adds the title line GitHub shows, so a
//! callout reads as one without the theme's CSS too.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event};

/// The title paragraph written first inside an alert's block quote.
pub(super) fn title<'a>(kind: BlockQuoteKind) -> Event<'a> {
    let name = match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    };
    Event::Html(CowStr::from(format!(
        "<p class=\"markdown-alert-title\">{name}</p>\n"
    )))
}
