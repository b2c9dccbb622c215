//! A page summary: what templates see of a page wherever it is listed.

use serde::Serialize;
use tera::Value;

use crate::content::front_matter::GoalStatus;
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
        /// A battlecard's competitor, a term.
        competitor: Option<Value>,
    },
    Story {
        customer: Option<&'a str>,
        industry: Option<&'a str>,
        value: Option<&'a str>,
        /// A term of the `competitors` taxonomy.
        competitor: Option<Value>,
        actions: &'a [String],
        results: &'a [String],
        reasons: Value,
        lesson: Option<&'a str>,
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
        thumbnail: Option<ThumbnailView>,
        joined: Option<Date>,
        team: Option<Value>,
        manager: Option<Value>,
        strengths: Value,
        focus: Value,
    },
    Observation {
        #[serde(rename = "type")]
        observation_type: Option<&'static str>,
        rep: Option<Value>,
        observer: Option<Value>,
        goal: Option<&'a str>,
        watch: Option<Value>,
        self_assessment: Option<&'a str>,
        strengths: &'a [String],
        development_point: Option<&'a str>,
        ratings: Vec<RatingView>,
        follow_up: Option<Date>,
        follow_up_done: bool,
        /// A follow-up not done by its day.
        follow_up_overdue: bool,
    },
    Plan {
        rep: Option<Value>,
        manager: Option<Value>,
        period: Option<&'a str>,
        reviewed: Option<Date>,
        review_every: i64,
        review_due: Option<Date>,
        overdue: bool,
        independence: Option<&'a str>,
        manager_needs: Option<&'a str>,
        improve: Option<&'a str>,
        support: Option<&'a str>,
        career: Option<&'a str>,
        exposure: Option<&'a str>,
        goals: Vec<GoalView<'a>>,
        goals_at_risk: usize,
    },
    Meeting {
        team: Option<Value>,
        facilitator: Option<Value>,
        attendees: Value,
        agenda: Vec<AgendaView<'a>>,
        /// The agenda's minutes added up.
        total_minutes: i64,
        decisions: &'a [String],
    },
    Role {
        team: Option<Value>,
        level: Option<&'a str>,
        owner: Option<Value>,
        /// Required skills, must-haves first as written.
        requirements: Vec<RequirementView<'a>>,
    },
    /// Plain pages and intros.
    Page {},
}

/// One observed rating: the skill as a term, 1–5.
#[derive(Serialize)]
pub(super) struct RatingView {
    skill: Value,
    score: u8,
}

#[derive(Serialize)]
pub(super) struct GoalView<'a> {
    goal: &'a str,
    measure: Option<&'a str>,
    due: Option<Date>,
    status: &'static str,
    /// Due and neither done nor dropped.
    overdue: bool,
}

#[derive(Serialize)]
pub(super) struct AgendaView<'a> {
    item: &'a str,
    minutes: Option<i64>,
    /// Minutes from the meeting's start: its time box. None once an
    /// earlier item has no minutes.
    start: Option<i64>,
    #[serde(rename = "type")]
    item_type: &'static str,
    story: Option<Value>,
    playbook: Option<Value>,
    skill: Option<Value>,
    reps: Value,
}

#[derive(Serialize)]
pub(super) struct RequirementView<'a> {
    skill: Value,
    must: bool,
    how_tested: Option<&'a str>,
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
                competitor: competitor(site, links, front_matter),
            },
            Kind::Story => KindFields::Story {
                customer: front_matter.customer.as_deref(),
                industry: front_matter.industry.as_deref(),
                value: front_matter.value.as_deref(),
                competitor: competitor(site, links, front_matter),
                actions: &front_matter.actions,
                results: &front_matter.results,
                reasons: links.terms(site, Taxonomy::Reasons, &front_matter.reasons),
                lesson: front_matter.lesson.as_deref(),
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
                thumbnail: front_matter
                    .photo
                    .as_deref()
                    .and_then(|photo| thumbnail(site, page, photo)),
                joined: front_matter.joined,
                team: front_matter
                    .team
                    .as_ref()
                    .map(|team| links.term(site, Taxonomy::Teams, team)),
                manager: relations.manager.map(|manager| links.page(manager)),
                strengths: links.terms(site, Taxonomy::Skills, &front_matter.strengths),
                focus: links.terms(site, Taxonomy::Skills, &front_matter.focus),
            },
            Kind::Observation => observation_fields(site, index, links),
            Kind::Plan => plan_fields(site, index, links),
            Kind::Meeting => meeting_fields(site, index, links),
            Kind::Role => role_fields(site, index, links),
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

fn competitor(
    site: &Site,
    links: &SharedLinks,
    front_matter: &crate::content::FrontMatter,
) -> Option<Value> {
    let name = front_matter.competitor.as_ref()?;
    Some(links.term(site, Taxonomy::Competitors, name))
}

fn team(site: &Site, links: &SharedLinks, page: &Page) -> Option<Value> {
    let team = page.front_matter.team.as_ref()?;
    Some(links.term(site, Taxonomy::Teams, team))
}

fn observation_fields<'a>(site: &'a Site, index: usize, links: &SharedLinks) -> KindFields<'a> {
    let relations = &site.relations[index];
    let Some(observation) = site.pages[index].front_matter.observation.as_deref() else {
        return KindFields::Page {};
    };
    KindFields::Observation {
        observation_type: observation.kind.map(|kind| kind.name()),
        rep: relations.rep.map(|rep| links.page(rep)),
        observer: relations.observer.map(|observer| links.page(observer)),
        goal: observation.goal.as_deref(),
        watch: (observation.watch.as_ref()).map(|skill| links.term(site, Taxonomy::Skills, skill)),
        self_assessment: observation.self_assessment.as_deref(),
        strengths: &observation.strengths,
        development_point: observation.development_point.as_deref(),
        ratings: (observation.ratings.iter())
            .map(|rating| RatingView {
                skill: links.term(site, Taxonomy::Skills, &rating.skill),
                score: rating.score,
            })
            .collect(),
        follow_up: observation.follow_up,
        follow_up_done: observation.follow_up_done,
        follow_up_overdue: !observation.follow_up_done
            && observation.follow_up.is_some_and(|day| day < site.today),
    }
}

fn plan_fields<'a>(site: &'a Site, index: usize, links: &SharedLinks) -> KindFields<'a> {
    let relations = &site.relations[index];
    let Some(plan) = site.pages[index].front_matter.plan.as_deref() else {
        return KindFields::Page {};
    };
    let review_every = plan
        .review_every
        .unwrap_or(crate::content::front_matter::PLAN_REVIEW_DAYS);
    let review_due = plan.reviewed.map(|day| day.add_days(review_every));
    let goals: Vec<GoalView> = (plan.goals.iter())
        .map(|goal| GoalView {
            goal: &goal.goal,
            measure: goal.measure.as_deref(),
            due: goal.due,
            status: goal.status.name(),
            overdue: goal.due.is_some_and(|due| due < site.today)
                && !matches!(goal.status, GoalStatus::Done | GoalStatus::Dropped),
        })
        .collect();
    KindFields::Plan {
        rep: relations.rep.map(|rep| links.page(rep)),
        manager: relations.manager.map(|manager| links.page(manager)),
        period: plan.period.as_deref(),
        reviewed: plan.reviewed,
        review_every,
        review_due,
        overdue: review_due.is_some_and(|due| due < site.today),
        independence: plan.independence.as_deref(),
        manager_needs: plan.manager_needs.as_deref(),
        improve: plan.improve.as_deref(),
        support: plan.support.as_deref(),
        career: plan.career.as_deref(),
        exposure: plan.exposure.as_deref(),
        goals_at_risk: (plan.goals.iter())
            .filter(|goal| goal.status == GoalStatus::AtRisk)
            .count(),
        goals,
    }
}

fn meeting_fields<'a>(site: &'a Site, index: usize, links: &SharedLinks) -> KindFields<'a> {
    let page = &site.pages[index];
    let relations = &site.relations[index];
    let Some(meeting) = page.front_matter.meeting.as_deref() else {
        return KindFields::Page {};
    };
    // The agenda's references, resolved by id: relations hold them
    // deduplicated, in the order written.
    let find = |kind: Kind, id: Option<&crate::fields::Located<String>>| -> Option<Value> {
        let id = id?.value.trim().trim_end_matches(".md");
        let candidates = match kind {
            Kind::Story => &relations.stories,
            _ => &relations.playbooks,
        };
        (candidates.iter())
            .find(|&&other| site.pages[other].id() == id)
            .map(|&other| links.page(other))
    };
    let reps_of = |ids: &[crate::fields::Located<String>]| -> Vec<usize> {
        (ids.iter())
            .filter_map(|id| {
                let id = id.value.trim();
                relations
                    .reps
                    .iter()
                    .copied()
                    .find(|&rep| site.pages[rep].id() == id)
            })
            .collect()
    };
    let attendees = reps_of(&meeting.attendees);
    KindFields::Meeting {
        team: team(site, links, page),
        facilitator: relations
            .observer
            .map(|facilitator| links.page(facilitator)),
        attendees: links.pages_list(&attendees),
        agenda: (meeting.agenda.iter())
            .scan(Some(0), |start, item| {
                let starts = *start;
                *start = start
                    .zip(item.minutes)
                    .map(|(start, minutes)| start + minutes);
                Some((starts, item))
            })
            .map(|(start, item)| AgendaView {
                item: &item.item,
                minutes: item.minutes,
                start,
                item_type: item.kind.name(),
                story: find(Kind::Story, item.story.as_ref()),
                playbook: find(Kind::Playbook, item.playbook.as_ref()),
                skill: (item.skill.as_ref()).map(|skill| links.term(site, Taxonomy::Skills, skill)),
                reps: links.pages_list(&reps_of(&item.reps)),
            })
            .collect(),
        total_minutes: meeting.agenda.iter().filter_map(|item| item.minutes).sum(),
        decisions: &meeting.decisions,
    }
}

fn role_fields<'a>(site: &'a Site, index: usize, links: &SharedLinks) -> KindFields<'a> {
    let page = &site.pages[index];
    let Some(role) = page.front_matter.role_spec.as_deref() else {
        return KindFields::Page {};
    };
    KindFields::Role {
        team: team(site, links, page),
        level: role.level.as_deref(),
        owner: site.relations[index].owner.map(|owner| links.page(owner)),
        requirements: (role.skills.iter())
            .map(|required| RequirementView {
                skill: links.term(site, Taxonomy::Skills, &required.skill),
                must: required.must,
                how_tested: required.how_tested.as_deref(),
            })
            .collect(),
    }
}

/// A rep's photo: a path beside the profile (or from content/) as an href
/// from the site root; URLs pass through.
fn photo_href(page: &Page, photo: &str) -> String {
    let Some(joined) = crate::content::photos::photo_path(&page.file.relative, photo) else {
        return photo.to_string();
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

/// The photo resized to the size the theme shows, when one was made.
fn thumbnail(site: &Site, page: &Page, photo: &str) -> Option<ThumbnailView> {
    let path = crate::content::photos::photo_path(&page.file.relative, photo)?;
    let thumbnail = site.photos.get(&path)?;
    Some(ThumbnailView {
        url: url::href(
            &url::resized_photo(&path, thumbnail),
            site.config.pretty_links,
        ),
        width: thumbnail.width,
        height: thumbnail.height,
    })
}

/// A resized photo: its href from the site root and its size in pixels.
#[derive(Serialize)]
pub(super) struct ThumbnailView {
    url: String,
    width: u32,
    height: u32,
}
