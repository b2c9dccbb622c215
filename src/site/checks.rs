//! Cross-page checks that need every page parsed: two sources with one
//! output file, and links to headings that do not exist or to drafts.

use std::collections::HashMap;
use std::sync::Arc;

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::config::LinkPolicy;
use crate::content::Asset;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::links::LinkRecord;
use crate::page::{MAX_LINK_PROBLEMS, Page, link_problem, more_link_problems};

const NFC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfc();

/// Two files may not become one output file, nor two that differ only in
/// letter case or in Unicode normalisation (`é` written as one character or
/// as `e` and an accent): they would overwrite each other on macOS and
/// Windows hosts, and look like one URL anywhere.
pub(super) fn check_output_collisions(
    pages: &[Arc<Page>],
    assets: &[Asset],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
    let sources = pages
        .iter()
        .map(|page| (page.file.output_path.as_str(), page.file.display.as_str()))
        .chain(
            assets
                .iter()
                .map(|asset| (asset.relative.as_str(), asset.relative.as_str())),
        );
    for (output, source) in sources {
        let folded = NFC.normalize(&output.to_lowercase()).into_owned();
        match seen.get(&folded) {
            Some((other_output, other_source)) => {
                let message = if *other_output == output {
                    format!("{source} and {other_source} both become {output}")
                } else if other_output.to_lowercase() == output.to_lowercase() {
                    format!(
                        "{source} and {other_source} become {output} and {other_output}, which differ only in letter case"
                    )
                } else {
                    format!(
                        "{source} and {other_source} become {output} and {other_output}, which differ only in how their accents are encoded (Unicode normalisation)"
                    )
                };
                diagnostics.push(
                    Diagnostic::error(message)
                        .in_file(source)
                        .with_help("rename or remove one of them"),
                );
            }
            None => {
                seen.insert(folded, (output, source));
            }
        }
    }
}

/// Every recorded body link must lead to a published page and, with a
/// `#fragment`, to an anchor on it.
pub(super) fn check_links(
    pages: &[Arc<Page>],
    published: &[bool],
    policy: LinkPolicy,
) -> Vec<Vec<Diagnostic>> {
    (0..pages.len())
        .map(|index| check_page_links(pages, published, policy, index))
        .collect()
}

/// The link problems of one page: what it links to must be published and,
/// with a `#fragment`, carry that anchor.
pub(crate) fn check_page_links(
    pages: &[Arc<Page>],
    published: &[bool],
    policy: LinkPolicy,
    index: usize,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if !published[index] {
        return diagnostics;
    }
    let page = &pages[index];
    let own = page.own_fragments.iter().map(|link| (index, link));
    let others = page.links.iter().map(|link| (link.target, link));
    let mut more = 0;
    for (target, link) in own.chain(others) {
        if let Some((message, help)) = link_target_problem(pages, published, target, link) {
            if diagnostics.len() == MAX_LINK_PROBLEMS {
                more += 1;
                continue;
            }
            let mut diagnostic = link_problem(
                &page.file,
                policy,
                message,
                link.line,
                link.column,
                link.destination.chars().count(),
            );
            if help.is_some() {
                diagnostic.help = help;
            }
            diagnostic.target = Some(pages[target].file.display.clone());
            diagnostic.kind = Some(if published[target] {
                crate::diagnostic::Kind::MissingAnchor
            } else {
                crate::diagnostic::Kind::DraftLink
            });
            diagnostics.push(diagnostic);
        }
    }
    if more > 0 {
        diagnostics.push(more_link_problems(&page.file, policy, more));
    }
    diagnostics
}

fn link_target_problem(
    pages: &[Arc<Page>],
    published: &[bool],
    target: usize,
    link: &LinkRecord,
) -> Option<(String, Option<String>)> {
    let page = &pages[target];
    if !published[target] && page.kind().is_private() && !page.is_draft() {
        return Some((
            format!(
                "broken link: `{}` leads to {}, a private {} that a published build leaves out",
                link.destination,
                page.file.display,
                page.kind().name()
            ),
            Some("link to it only from other private pages; it shows in a --private build".into()),
        ));
    }
    if !published[target] {
        return Some((
            format!(
                "broken link: `{}` leads to {}, a draft",
                link.destination, page.file.display
            ),
            Some("publish that page, or build with --drafts".into()),
        ));
    }
    let fragment = link.fragment.as_deref()?;
    // A fragment that differs only in letter case resolves, as on GitHub,
    // and is written with the real id.
    if !matches!(
        crate::links::fragment_fix(fragment, &page.anchors),
        Some(None)
    ) {
        return None;
    }
    let suggestion = did_you_mean(fragment, page.anchors.iter().map(String::as_str))
        .map(|anchor| format!("did you mean `#{anchor}`?"));
    Some((
        format!(
            "broken link: `{}`: no heading `#{fragment}` in {}",
            link.destination, page.file.display
        ),
        suggestion.or_else(|| {
            Some(
                "heading ids follow GitHub's rule: lower case, punctuation dropped, spaces to -"
                    .into(),
            )
        }),
    ))
}

/// Every alias (`aliases:`, `redirect_from:`) must name an old path of
/// this site that no page or file of it has now, nor another alias.
pub(super) fn check_aliases(
    pages: &[Arc<Page>],
    published: &[bool],
    assets: &[Asset],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut taken: HashMap<String, String> = pages
        .iter()
        .map(|page| (page.file.output_path.clone(), page.file.display.clone()))
        .chain(
            assets
                .iter()
                .map(|asset| (asset.relative.clone(), asset.relative.clone())),
        )
        .collect();
    for (index, page) in pages.iter().enumerate() {
        if !published[index] {
            continue;
        }
        for alias in &page.front_matter.aliases {
            let problem = match crate::links::alias_output_path(&page.file.relative, &alias.value) {
                Err(problem) => format!("alias {problem}"),
                Ok(path) => match taken.get(&path) {
                    Some(owner) => {
                        format!("alias `{}` is the path of {owner} ({path})", alias.value)
                    }
                    None => {
                        taken.insert(path, page.file.display.clone());
                        continue;
                    }
                },
            };
            diagnostics.push(
                Diagnostic::error(problem)
                    .in_file(&page.file.display)
                    .at(
                        &page.file.text,
                        alias.line,
                        alias.column,
                        alias.value.chars().count(),
                    )
                    .with_help("remove the alias, or move the page that has that path"),
            );
        }
    }
}
