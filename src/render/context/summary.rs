//! A page summary: what templates see of a page wherever it is listed.

use serde::Serialize;
use tera::Value;

use crate::content::{Kind, Role};
use crate::date::Date;
use crate::kinds::Taxonomy;
use crate::links::{encode, url};
use crate::page::Page;
use crate::site::Site;

use super::SharedLinks;

/// What templates see of one page wherever it is listed (None when unpublished).
pub fn summary(site: &Site, index: usize, links: &SharedLinks) -> Value {
    if !site.published[index] {
        return Value::none();
    }
    Value::from_serializable(&Summary::new(site, index, links))
}

/// The fields every summary has, then its kind's (THEMES.md, "A page summary").
#[derive(Serialize)]
pub(super) struct Summary<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    url: String,
    permalink: String,
    /// The source file, from the site root (`content/stories/x.md`).
    path: &'a str,
    summary: Option<&'a str>,
    draft: bool,
    weight: Option<i64>,
    date: Option<Date>,
    extra: &'a serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    private: Option<&'a serde_json::Value>,
    tags: Value,
    skills: Value,
    #[serde(flatten)]
    fields: KindFields<'a>,
}

/// Terms are `{name, slug, url}`, pages `{kind, id, title, url}`: shared links.
#[derive(Serialize)]
#[serde(untagged)]
enum KindFields<'a> {
    Playbook {
        updated: Option<Date>,
        review_every: Option<i64>,
        review_due: Option<Date>,
        overdue: bool,
        stage: Option<Value>,
        owner: Option<Value>,
    },
    Story {
        customer: Option<&'a str>,
        industry: Option<&'a str>,
        value: Option<&'a str>,
        competitor: Option<&'a str>,
        actions: &'a [String],
        results: &'a [String],
        reps: Value,
        teams: Value,
        outcome: Option<Value>,
        playbooks: Value,
    },
    Rep {
        name: &'a str,
        role: Option<&'a str>,
        region: Option<&'a str>,
        email: Option<&'a str>,
        photo: Option<String>,
        joined: Option<Date>,
        team: Option<Value>,
        manager: Option<Value>,
        strengths: Value,
        focus: Value,
    },
    /// Plain pages and intros.
    Page {},
}

impl<'a> Summary<'a> {
    fn new(site: &'a Site, index: usize, links: &SharedLinks) -> Summary<'a> {
        let page = &site.pages[index];
        let relations = &site.relations[index];
        let front_matter = &page.front_matter;
        let fields = match page.kind() {
            _ if page.file.role != Role::Page => KindFields::Page {},
            Kind::Playbook => KindFields::Playbook {
                updated: front_matter.updated,
                review_every: front_matter.review_every,
                review_due: site.review_due(page),
                overdue: site.is_overdue(page),
                stage: front_matter
                    .stage
                    .as_ref()
                    .map(|stage| links.term(site, Taxonomy::Stages, stage)),
                owner: relations.owner.map(|owner| links.page(owner)),
            },
            Kind::Story => KindFields::Story {
                customer: front_matter.customer.as_deref(),
                industry: front_matter.industry.as_deref(),
                value: front_matter.value.as_deref(),
                competitor: front_matter.competitor.as_deref(),
                actions: &front_matter.actions,
                results: &front_matter.results,
                reps: links.pages_list(&relations.reps),
                teams: links.story_teams(site, &relations.reps),
                outcome: front_matter
                    .outcome
                    .map(|outcome| links.term(site, Taxonomy::Outcomes, outcome.name())),
                playbooks: links.pages_list(&relations.playbooks),
            },
            Kind::Rep => KindFields::Rep {
                name: &page.title,
                role: front_matter.role.as_deref(),
                region: front_matter.region.as_deref(),
                email: front_matter.email.as_deref(),
                photo: front_matter
                    .photo
                    .as_deref()
                    .map(|photo| photo_href(page, photo)),
                joined: front_matter.joined,
                team: front_matter
                    .team
                    .as_ref()
                    .map(|team| links.term(site, Taxonomy::Teams, team)),
                manager: relations.manager.map(|manager| links.page(manager)),
                strengths: links.terms(site, Taxonomy::Skills, &front_matter.strengths),
                focus: links.terms(site, Taxonomy::Skills, &front_matter.focus),
            },
            Kind::Page => KindFields::Page {},
        };
        static EMPTY: serde_json::Value = serde_json::Value::Null;
        let url = url::href(&page.file.output_path, site.config.pretty_links);
        Summary {
            kind: page.kind().name(),
            id: page.id(),
            title: &page.title,
            permalink: format!("{}{}", site.config.base_url, url),
            url,
            path: &page.file.display,
            summary: page.summary.as_deref(),
            draft: page.is_draft(),
            weight: front_matter.weight,
            date: page.date(),
            extra: front_matter.extra.as_ref().unwrap_or(&EMPTY),
            private: front_matter.private.as_ref().filter(|_| site.private),
            tags: links.terms(site, Taxonomy::Tags, &front_matter.tags),
            skills: links.terms(site, Taxonomy::Skills, &front_matter.skills),
            fields,
        }
    }
}

/// A rep's photo: a path beside the profile (or from content/) as an href
/// from the site root; URLs pass through.
fn photo_href(page: &Page, photo: &str) -> String {
    if photo.contains("://") || photo.starts_with("data:") {
        return photo.to_string();
    }
    let folder = page
        .file
        .relative
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let joined = if let Some(rooted) = photo.strip_prefix('/') {
        rooted.to_string()
    } else if folder.is_empty() {
        photo.to_string()
    } else {
        format!("{folder}/{photo}")
    };
    // `/javascript:x` rooted at the site must not come out as a URL with a
    // scheme, for a theme that prints the photo without `{{ root }}`.
    if joined
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        return format!("./{}", encode(&joined));
    }
    encode(&joined).into_owned()
}
