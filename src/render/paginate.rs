//! Pagination: the long lists cut into pages of a fixed size
//! (`pagination:` in huddle.yaml), so that no page grows with the wiki. A
//! kind's index and each term's page are numbered pages
//! (`stories/index.html`, `stories/page/2/index.html`, …) that link each
//! other with previous, next and page numbers.
//!
//! What a page holds is a pure function of the site model ([`IndexOrder`],
//! [`slice`]), so the incremental path (`driver::affected`) compares it
//! before and after an edit and renders again only the pages whose entries
//! moved.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;

use crate::kinds::{Kind, Taxonomy};
use crate::page::Page;
use crate::site::{Site, Term, slugify};

/// How many pages a list of `len` entries takes: one at least, so an
/// empty list still has its (empty) first page.
pub(crate) fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// The entries of page `page` (from 0); empty past the end.
pub(crate) fn slice(items: &[usize], page: usize, size: usize) -> &[usize] {
    let start = page.saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    &items[start..end]
}

/// How many pages a term's page takes: its lists are cut alike, page N
/// showing the Nth share of each, so the longest one decides.
pub(crate) fn term_page_count(term: &Term, size: usize) -> usize {
    let longest = term.lists().iter().map(|list| list.len()).max();
    page_count(longest.unwrap_or(0), size)
}

/// One group of a kind's index: a term (a stage, a team) and its pages.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct IndexGroup {
    /// As first written; `Other` or `No team` for the pages without one.
    pub name: String,
    /// The term's slug; empty for the pages without one.
    pub slug: String,
    /// None for the pages without a term.
    pub taxonomy: Option<Taxonomy>,
    pub members: Vec<usize>,
}

/// A kind's index in the order it shows its pages: one flat list, or
/// groups by a taxonomy (playbooks by stage, reps by team), cut into pages
/// across the groups.
#[derive(Debug)]
pub(crate) struct IndexOrder {
    /// The groups in order; a flat index has one, named by nothing.
    pub groups: Vec<IndexGroup>,
    pub grouped: bool,
    /// Pages in all groups.
    pub len: usize,
}

/// One group's share of one page of an index.
#[derive(Debug)]
pub(crate) struct GroupPart<'a> {
    pub group: &'a IndexGroup,
    pub members: &'a [usize],
    /// Whether the group began on an earlier page.
    pub continued: bool,
}

impl PartialEq for GroupPart<'_> {
    /// The same heading over the same pages (not the group's whole list).
    fn eq(&self, other: &Self) -> bool {
        self.group.name == other.group.name
            && self.group.slug == other.group.slug
            && self.members == other.members
            && self.continued == other.continued
    }
}

impl IndexOrder {
    /// The order of a kind's index: which kinds group their index, and by
    /// what, is said here once.
    pub fn of(site: &Site, kind: Kind) -> IndexOrder {
        let pages = site.listed(kind);
        match kind {
            Kind::Playbook => grouped(site, pages, Taxonomy::Stages, |page| {
                page.front_matter.stage.clone()
            }),
            Kind::Rep => grouped(site, pages, Taxonomy::Teams, |page| {
                page.front_matter.team.clone()
            }),
            Kind::Story
            | Kind::Meeting
            | Kind::Role
            | Kind::Observation
            | Kind::Plan
            | Kind::Page => IndexOrder {
                groups: vec![IndexGroup {
                    name: String::new(),
                    slug: String::new(),
                    taxonomy: None,
                    members: pages.to_vec(),
                }],
                grouped: false,
                len: pages.len(),
            },
        }
    }

    pub fn page_count(&self, size: usize) -> usize {
        page_count(self.len, size)
    }

    /// What page `page` (from 0) shows, group by group.
    pub fn page(&self, page: usize, size: usize) -> Vec<GroupPart<'_>> {
        let start = page.saturating_mul(size);
        let end = start.saturating_add(size);
        let mut parts = Vec::new();
        let mut offset = 0;
        for group in &self.groups {
            let (from, to) = (offset, offset + group.members.len());
            offset = to;
            if to <= start || from >= end {
                continue;
            }
            let first = start.max(from) - from;
            let last = end.min(to) - from;
            parts.push(GroupPart {
                group,
                members: &group.members[first..last],
                continued: first > 0,
            });
        }
        parts
    }
}

/// Sales stages in the order a deal moves; other stages follow alphabetically.
const STAGE_ORDER: [&str; 12] = [
    "prospecting",
    "discovery",
    "qualification",
    "demo",
    "proposal",
    "negotiation",
    "closing",
    "onboarding",
    "expansion",
    "renewal",
    "management",
    "hiring",
];

/// Pages grouped by a term (playbooks by stage, reps by team), with the
/// pages that have none last.
fn grouped(
    site: &Site,
    pages: &[usize],
    taxonomy: Taxonomy,
    key: impl Fn(&Page) -> Option<String>,
) -> IndexOrder {
    let mut grouped: Vec<(String, Vec<usize>)> = Vec::new();
    // Group position by slug: a search through the groups for every page
    // made a team per rep quadratic (4,000 reps: two seconds).
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut without = Vec::new();
    for &index in pages {
        match key(&site.pages[index]) {
            Some(name) => match positions.entry(slugify(&name)) {
                Entry::Occupied(entry) => grouped[*entry.get()].1.push(index),
                Entry::Vacant(entry) => {
                    entry.insert(grouped.len());
                    grouped.push((name, vec![index]));
                }
            },
            None => without.push(index),
        }
    }
    grouped.sort_by_key(|(name, _)| {
        let slug = slugify(name);
        let position = STAGE_ORDER
            .iter()
            .position(|stage| *stage == slug)
            .unwrap_or(STAGE_ORDER.len());
        (position, name.to_lowercase())
    });
    let mut groups: Vec<IndexGroup> = grouped
        .into_iter()
        .map(|(name, mut members)| {
            // A team lists its managers first.
            if taxonomy == Taxonomy::Teams {
                members.sort_by_key(|&member| site.relations[member].reports.is_empty());
            }
            IndexGroup {
                slug: slugify(&name),
                name: name.trim().to_string(),
                taxonomy: Some(taxonomy),
                members,
            }
        })
        .collect();
    if !without.is_empty() {
        let name = if taxonomy == Taxonomy::Teams {
            "No team"
        } else {
            "Other"
        };
        groups.push(IndexGroup {
            name: name.to_string(),
            slug: String::new(),
            taxonomy: None,
            members: without,
        });
    }
    IndexOrder {
        grouped: true,
        len: pages.len(),
        groups,
    }
}

/// `pagination` on a paginated page (THEMES.md, "Pagination").
#[derive(Serialize, Debug)]
pub(crate) struct PaginationView {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has.
    count: usize,
    size: usize,
    /// Entries on the pages before this one.
    offset: usize,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
    /// The numbers to link: the first, the last and those around this one.
    pages: Vec<PageNumber>,
}

#[derive(Serialize, Debug)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    /// Whether numbers were left out before this one (an ellipsis).
    gap_before: bool,
}

/// Page numbers shown on each side of the current one.
const AROUND: usize = 2;

impl PaginationView {
    /// Page `page` (from 0) of `count`, with `url` the href of a page by
    /// number (from 1).
    pub fn new(
        page: usize,
        count: usize,
        size: usize,
        url: impl Fn(usize) -> String,
    ) -> PaginationView {
        let number = page + 1;
        let shown = |candidate: usize| {
            candidate == 1 || candidate == count || candidate.abs_diff(number) <= AROUND
        };
        let mut pages = Vec::new();
        let mut previous_shown = 0;
        for candidate in 1..=count {
            if !shown(candidate) {
                continue;
            }
            pages.push(PageNumber {
                number: candidate,
                url: url(candidate),
                current: candidate == number,
                gap_before: candidate > previous_shown + 1,
            });
            previous_shown = candidate;
        }
        PaginationView {
            number,
            count,
            size,
            offset: page * size,
            first: url(1),
            last: url(count),
            previous: (number > 1).then(|| url(number - 1)),
            next: (number < count).then(|| url(number + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_slices_pages() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        let items: Vec<usize> = (0..7).collect();
        assert_eq!(slice(&items, 0, 3), [0, 1, 2]);
        assert_eq!(slice(&items, 2, 3), [6]);
        assert!(slice(&items, 3, 3).is_empty());
    }

    fn group(name: &str, members: std::ops::Range<usize>) -> IndexGroup {
        IndexGroup {
            name: name.into(),
            slug: name.to_lowercase(),
            taxonomy: Some(Taxonomy::Stages),
            members: members.collect(),
        }
    }

    #[test]
    fn a_page_cuts_across_groups_and_marks_the_continued_one() {
        let order = IndexOrder {
            groups: vec![group("A", 0..3), group("B", 3..8)],
            grouped: true,
            len: 8,
        };
        assert_eq!(order.page_count(4), 2);
        let first = order.page(0, 4);
        assert_eq!(first.len(), 2);
        assert_eq!(
            (first[0].members, first[0].continued),
            (&[0, 1, 2][..], false)
        );
        assert_eq!((first[1].members, first[1].continued), (&[3][..], false));
        let second = order.page(1, 4);
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].group.name, "B");
        assert_eq!(
            (second[0].members, second[0].continued),
            (&[4, 5, 6, 7][..], true)
        );
        assert!(order.page(2, 4).is_empty());
    }

    #[test]
    fn page_numbers_show_the_ends_and_the_neighbourhood() {
        let url = |number: usize| format!("p{number}");
        let view = PaginationView::new(9, 20, 50, url);
        let numbers: Vec<(usize, bool)> = view
            .pages
            .iter()
            .map(|page| (page.number, page.gap_before))
            .collect();
        assert_eq!(
            numbers,
            [
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (20, true)
            ]
        );
        assert!(view.pages[3].current);
        assert_eq!(view.previous.as_deref(), Some("p9"));
        assert_eq!(view.next.as_deref(), Some("p11"));
        assert_eq!(view.offset, 450);
        let only = PaginationView::new(0, 1, 50, url);
        assert_eq!((only.previous, only.next), (None, None));
        assert_eq!(only.pages.len(), 1);
    }
}
