//! What a keyboard and a screen reader need of the blocks that can be wider
//! than a phone: a table or code block scrolls sideways inside a region that
//! takes focus (so the arrow keys scroll it) and has a name (so a screen
//! reader says what it is: `Table: Pricing`). And a task list's checkbox,
//! which has no label of its own, is named by its state.

use std::collections::HashMap;

use super::raw_html::escape_attribute;

/// The names given so far on one page, so that each region's is unique
/// (two landmarks of one name cannot be told apart).
#[derive(Default)]
pub(super) struct Regions {
    used: HashMap<String, usize>,
}

impl Regions {
    /// `Table: Pricing` for a table under the heading "Pricing", then
    /// `Table 2: Pricing`; `Code`, `Code 2` under no heading.
    pub(super) fn label(&mut self, what: &str, section: Option<&str>) -> String {
        let plain = match section {
            Some(section) => format!("{what}: {section}"),
            None => what.to_string(),
        };
        let count = self.used.entry(plain.clone()).or_insert(0);
        *count += 1;
        match (*count, section) {
            (1, _) => plain,
            (n, Some(section)) => format!("{what} {n}: {section}"),
            (n, None) => format!("{what} {n}"),
        }
    }
}

/// The wrapper a table scrolls in (`</div>` closes it).
pub(super) fn table_start(label: &str) -> String {
    let mut html = String::from("<div class=\"table-scroll\" role=\"region\" aria-label=\"");
    escape_attribute(&mut html, label);
    html.push_str("\" tabindex=\"0\">\n");
    html
}

pub(super) const TABLE_END: &str = "</div>\n";

/// `<pre>` as a region, and `<code>` with the language as pulldown-cmark
/// writes it (`info`'s first word).
pub(super) fn code_start(label: &str, info: Option<&str>) -> String {
    let mut html = String::from("<pre role=\"region\" aria-label=\"");
    escape_attribute(&mut html, label);
    html.push_str("\" tabindex=\"0\"><code");
    if let Some(language) = info
        .and_then(|info| info.split(' ').next())
        .filter(|language| !language.is_empty())
    {
        html.push_str(" class=\"language-");
        escape_attribute(&mut html, language);
        html.push('"');
    }
    html.push('>');
    html
}

pub(super) const CODE_END: &str = "</code></pre>\n";

/// A task's checkbox, named by its state: read as "done, checkbox,
/// checked", then the task's text.
pub(super) fn task_marker(checked: bool) -> &'static str {
    if checked {
        "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"/>\n"
    } else {
        "<input type=\"checkbox\" disabled=\"\" aria-label=\"to do\"/>\n"
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{LinkAction, Options, RawHtml, render};

    fn html(body: &str, raw_html: RawHtml) -> String {
        render(body, 1, &Options { raw_html }, &mut |_| LinkAction::Keep).html
    }

    const BODY: &str = "| a | b |\n|---|---|\n| 1 | 2 |\n\n```yaml\nkey: value\n```\n\n## Pricing & terms\n\n| c |\n|---|\n| 3 |\n\n| d |\n|---|\n| 4 |\n\n    indented\n\n- [x] Send the recap\n- [ ] Book the demo\n";

    #[test]
    fn tables_and_code_scroll_in_named_focusable_regions_in_every_mode() {
        for mode in [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Deny] {
            // Raw HTML on the page sends it all through the sanitizer.
            for body in [BODY.to_string(), format!("<b>bold</b>\n\n{BODY}")] {
                let out = html(&body, mode);
                for expected in [
                    r#"<div class="table-scroll" role="region" aria-label="Table" tabindex="0">"#,
                    r#"<pre role="region" aria-label="Code" tabindex="0"><code class="language-yaml">key: value"#,
                    r#"<div class="table-scroll" role="region" aria-label="Table: Pricing &amp; terms" tabindex="0">"#,
                    r#"<div class="table-scroll" role="region" aria-label="Table 2: Pricing &amp; terms" tabindex="0">"#,
                    r#"<pre role="region" aria-label="Code: Pricing &amp; terms" tabindex="0"><code>indented"#,
                    "</table>\n</div>",
                    r#"aria-label="done""#,
                    r#"aria-label="to do""#,
                ] {
                    assert!(out.contains(expected), "{mode:?}: no {expected} in {out}");
                }
                assert_eq!(out.matches("<div").count(), out.matches("</div>").count());
            }
        }
    }

    #[test]
    fn a_task_checkbox_is_named_by_its_state_and_its_text_stays_text() {
        let rendered = render(
            "- [x] Send the recap\n- [ ] Book the demo\n",
            1,
            &Options::default(),
            &mut |_| LinkAction::Keep,
        );
        assert!(
            rendered.html.contains(
                r#"<li><input type="checkbox" disabled="" checked="" aria-label="done"/>"#
            ),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.text, "Send the recap Book the demo");
    }
}
