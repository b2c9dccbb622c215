#!/usr/bin/env python3
"""Deterministic corpus generator for huddle performance baselines.

Produces the SAME logical content (a sales-team playbook site) in several
site-generator layouts, so build times can be compared like for like:

    python3 benches/gen_corpus.py --format huddle --pages 1000 --out c-huddle
    python3 gen_corpus.py --format hugo   --pages 1000 --out c-hugo
    python3 gen_corpus.py --format zola   --pages 1000 --out c-zola
    python3 gen_corpus.py --format mdbook --pages 1000 --out c-mdbook

Pages are split ~20% playbooks, ~70% stories, ~10% rep profiles.  Every
page body is ~1.5-3 KB of Markdown (headings, paragraphs, bullet, numbered
and task lists, emphasis, some tables, blockquotes) with cross links:
stories link to their rep and 1-2 playbooks, playbooks link to their owner
and related playbooks, reps link to their manager and owned playbooks.

Only the link syntax and the front-matter layout differ between formats:
  huddle  relative links to the .md file      [Jane Doe](../reps/jane-doe.md)
  hugo    relref shortcode (or --hugo-links plain: /reps/jane-doe/)
  zola    internal links                      [Jane Doe](@/reps/jane-doe.md)
  mdbook  relative links to the .md file (no front matter; SUMMARY.md)

Standard library only; output is a pure function of (--pages, --seed).
"""

import argparse
import datetime
import json
import os
import random
import shutil
import sys

# ---------------------------------------------------------------- vocabulary

FIRST = """Ava Liam Noah Emma Olivia Mia Lucas Amara Diego Priya Chen Yuki Sofia
Mateo Zara Omar Leila Hannah Ethan Grace Ravi Anika Jonas Elena Tariq Maya
Felix Nora Samuel Aisha Kenji Lena Marco Ines Tobias Freya Hugo Clara Arjun
Beatriz Daniel Fatima Gabriel Helena Isaac Julia Kofi Lucia Malik Nadia""".split()

LAST = """Nguyen Smith Garcia Okafor Patel Kim Johansson Rossi Muller Silva
Chen Tanaka Novak Dubois Haddad Kowalski Andersen Moreau Costa Fischer
Ibrahim Larsen Mensah Petrov Ramirez Schmidt Sato Varga Walsh Yilmaz Zhou
Bauer Campbell Duarte Eriksen Fontaine Gupta Horvat Ivanova Jensen""".split()

ROLES = ["Account Executive", "Senior Account Executive", "Enterprise AE",
         "Sales Development Rep", "Solutions Engineer", "Sales Manager",
         "Customer Success Manager", "Regional Director"]
TEAMS = ["Enterprise", "Mid-Market", "SMB", "Strategic Accounts",
         "Partnerships", "Public Sector", "Renewals"]
REGIONS = ["EMEA North", "EMEA South", "DACH", "UK & Ireland", "US East",
           "US West", "US Central", "LATAM", "APAC", "ANZ", "Nordics"]
STAGES = ["Prospecting", "Discovery", "Qualification", "Demo", "Proposal",
          "Negotiation", "Closing", "Onboarding", "Expansion", "Renewal"]
OUTCOMES = ["won", "won", "won", "lost", "open"]

TAGS = """enterprise mid-market smb fintech healthcare retail manufacturing
logistics saas public-sector education insurance telecom energy media
cold-outreach referral inbound outbound renewal upsell cross-sell
competitive-displacement multi-threading champion procurement security-review
legal pricing discount pilot poc executive-sponsor rfp expansion churn-risk
land-and-expand partner-led quarter-end late-stage""".split()
assert len(TAGS) == 40, len(TAGS)

SKILLS = """discovery objection-handling negotiation storytelling demo-delivery
forecasting prospecting qualification closing active-listening
value-selling stakeholder-mapping follow-up presentation business-acumen""".split()
assert len(SKILLS) == 15, len(SKILLS)

CO_A = """Acme Globex Initech Umbrella Stark Wayne Wonka Tyrell Cyberdyne Soylent
Hooli Vandelay Pied Aperture Massive Gringotts Oscorp Nakatomi Virtucon
Monarch Blue Northwind Contoso Fabrikam Litware Tailspin Adatum Proseware
Lucerne Wingtip Alpine Coho Margie Trey Humongous Fourth Woodgrove
Bellows Quantum Silverline Brightpath Ironwood Evergreen Harbor Keystone""".split()
CO_B = """Industries Logistics Bank Health Foods Energy Systems Retail Insurance
Telecom Analytics Robotics Media Labs Capital Freight Pharma Motors
Networks Software Airlines Hotels Foods Mining Partners""".split()

PB_VERB = ["Running", "Winning", "Mastering", "Navigating", "Structuring",
           "Accelerating", "Rescuing", "Qualifying", "Opening", "Closing",
           "Expanding", "Defending"]
PB_NOUN = ["the Discovery Call", "a Security Review", "Procurement",
           "the Executive Briefing", "a Competitive Bake-off", "the Pilot",
           "a Multi-threaded Deal", "the Renewal Conversation", "Pricing Pushback",
           "a Stalled Opportunity", "the First Meeting", "a Proof of Concept",
           "Quarter-end Deals", "Champion Building", "the Business Case",
           "an RFP Response", "Legal Redlines", "the Mutual Action Plan"]
PB_FOR = ["in Fintech", "with Healthcare Buyers", "in Retail", "for SMB",
          "in the Public Sector", "for Enterprise Accounts", "with CFOs",
          "with Technical Buyers", "in DACH", "in APAC", "for Mid-Market",
          "with New Logos", "with Existing Customers", "Under Time Pressure"]
ST_HOOK = ["How we turned around", "Winning", "Lessons from losing",
           "Expanding", "Landing", "Rescuing the renewal at",
           "A six-month cycle with", "Multi-threading into",
           "Displacing the incumbent at", "Piloting with"]

OPENERS = ["The buyer", "Our champion", "The economic buyer", "Procurement",
           "The security team", "The CFO", "The VP of Operations",
           "Their IT lead", "The evaluation committee", "The incumbent vendor",
           "Our solutions engineer", "The regional director", "Legal"]
VERBS = ["pushed back on", "asked detailed questions about", "was excited by",
         "needed more time to review", "compared us against",
         "requested a revised version of", "signed off on", "escalated",
         "raised concerns about", "wanted references for", "reframed",
         "brought new stakeholders into"]
OBJECTS = ["the pricing model", "the implementation timeline",
           "the data residency terms", "our integration roadmap",
           "the mutual action plan", "the pilot success criteria",
           "the business case", "the security questionnaire",
           "the renewal terms", "the multi-year discount",
           "the onboarding plan", "the ROI model", "the contract redlines"]
TAILS = ["before the end of the quarter", "during the second workshop",
         "after the executive briefing", "within two weeks",
         "once the champion re-engaged", "in the final negotiation",
         "after a reference call", "despite budget pressure",
         "ahead of the board meeting", "when we shared the customer story"]
ADVICE = ["Confirm the decision process in writing before the demo",
          "Map every stakeholder and their personal win",
          "Quantify the cost of doing nothing early",
          "Agree on success criteria before starting any pilot",
          "Send a recap within 24 hours of every meeting",
          "Bring a peer reference to the executive conversation",
          "Never discount without getting something in return",
          "Test your champion by asking for access to power",
          "Keep the mutual action plan as a shared document",
          "Prepare for the security review from day one",
          "Tie every feature to a business outcome",
          "Multi-thread before you need to",
          "Rehearse the demo with the solutions engineer",
          "Ask what would make this a no-brainer",
          "Summarise next steps and owners at the end of every call",
          "Use silence after stating the price"]
OBJECTIONS = [("It's too expensive", "Anchor on the cost of the status quo and the ROI model."),
              ("We already use a competitor", "Ask what they would change and show the migration path."),
              ("Now is not a good time", "Tie the timeline to a business event they care about."),
              ("We need to build it in-house", "Compare total cost of ownership over three years."),
              ("Security will never approve this", "Offer the security pack and an early review call."),
              ("Send me some information", "Agree on one question the material should answer."),
              ("I need to talk to my boss", "Offer to prepare the internal pitch together."),
              ("Your product is missing a feature", "Check how often the feature matters and share the roadmap.")]


def slugify(text):
    out = []
    prev_dash = False
    for ch in text.lower():
        if ch.isalnum() and ch.isascii():
            out.append(ch)
            prev_dash = False
        elif not prev_dash:
            out.append("-")
            prev_dash = True
    return "".join(out).strip("-")


class Slugger:
    def __init__(self):
        self.seen = {}

    def __call__(self, text):
        base = slugify(text)
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else "%s-%d" % (base, n)


# ---------------------------------------------------------------- model

def sentence(rng):
    s = "%s %s %s %s." % (rng.choice(OPENERS), rng.choice(VERBS),
                          rng.choice(OBJECTS), rng.choice(TAILS))
    r = rng.random()
    if r < 0.15:
        words = s.split(" ")
        i = rng.randrange(1, len(words) - 1)
        words[i] = "**%s**" % words[i]
        s = " ".join(words)
    elif r < 0.25:
        words = s.split(" ")
        i = rng.randrange(1, len(words) - 1)
        words[i] = "*%s*" % words[i]
        s = " ".join(words)
    return s


def paragraph(rng, lo=2, hi=4):
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def date_str(rng, start=datetime.date(2023, 1, 1), days=1095):
    return (start + datetime.timedelta(days=rng.randrange(days))).isoformat()


def build_model(n_pages, seed):
    rng = random.Random(seed)
    n_reps = max(1, round(n_pages * 0.10))
    n_playbooks = max(1, round(n_pages * 0.20))
    n_stories = max(0, n_pages - n_reps - n_playbooks)
    slug = Slugger()

    reps = []
    for i in range(n_reps):
        name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        reps.append({
            "kind": "reps", "slug": slug("reps/" + name)[5:], "name": name,
            "title": name,
            "role": rng.choice(ROLES), "team": rng.choice(TEAMS),
            "region": rng.choice(REGIONS),
            "strengths": rng.sample(SKILLS, rng.randint(2, 4)),
            "focus": rng.sample(TAGS, rng.randint(2, 3)),
            "tags": [], "skills": [],
        })
    n_managers = max(1, n_reps // 8)
    for i, r in enumerate(reps):
        r["manager"] = reps[rng.randrange(n_managers)]["slug"] if i >= n_managers else reps[0]["slug"]
        r["skills"] = list(r["strengths"])
        r["tags"] = list(r["focus"])

    playbooks = []
    for i in range(n_playbooks):
        title = "%s %s %s" % (rng.choice(PB_VERB), rng.choice(PB_NOUN), rng.choice(PB_FOR))
        playbooks.append({
            "kind": "playbooks", "slug": slug("playbooks/" + title)[10:],
            "title": title, "owner": rng.choice(reps)["slug"],
            "stage": rng.choice(STAGES),
            "tags": rng.sample(TAGS, rng.randint(2, 5)),
            "skills": rng.sample(SKILLS, rng.randint(1, 3)),
            "summary": sentence(rng).replace("*", ""),
            "updated": date_str(rng),
        })

    stories = []
    for i in range(n_stories):
        customer = "%s %s" % (rng.choice(CO_A), rng.choice(CO_B))
        hook = rng.choice(ST_HOOK)
        title = "%s %s" % (hook, customer)
        pbs = rng.sample(range(n_playbooks), min(n_playbooks, rng.randint(1, 2)))
        stories.append({
            "kind": "stories", "slug": slug("stories/" + title)[8:],
            "title": title, "rep": rng.choice(reps)["slug"],
            "date": date_str(rng), "outcome": rng.choice(OUTCOMES),
            "customer": customer,
            "value": rng.randrange(5, 900) * 1000,
            "playbooks": [playbooks[j]["slug"] for j in pbs],
            "tags": rng.sample(TAGS, rng.randint(2, 5)),
            "skills": rng.sample(SKILLS, rng.randint(1, 3)),
            "summary": sentence(rng).replace("*", ""),
        })

    by_slug = {}
    for p in reps + playbooks + stories:
        by_slug[(p["kind"], p["slug"])] = p
    owned = {}
    for p in playbooks:
        owned.setdefault(p["owner"], []).append(p["slug"])

    # bodies are generated as token lists; links are ("link", kind, slug, text)
    for r in reps:
        r["body"] = rep_body(rng, r, owned.get(r["slug"], []), by_slug)
    for p in playbooks:
        related = rng.sample(range(n_playbooks), min(n_playbooks, 2))
        p["body"] = playbook_body(rng, p, [playbooks[j] for j in related], by_slug)
    for s in stories:
        s["body"] = story_body(rng, s, by_slug)
    return reps, playbooks, stories


def L(kind, slug, text):
    return ("link", kind, slug, text)


def rep_body(rng, r, owned, by_slug):
    mgr = by_slug[("reps", r["manager"])]
    b = ["## About\n\n", "%s is a %s on the %s team, covering %s. Reports to "
         % (r["name"], r["role"], r["team"], r["region"]),
         L("reps", mgr["slug"], mgr["name"]), ". ", paragraph(rng, 2, 3), "\n\n",
         "## Strengths\n\n"]
    for s in r["strengths"]:
        b.append("- **%s**: %s\n" % (s.replace("-", " ").title(), sentence(rng)))
    b.append("\n## Current focus\n\n")
    for f in r["focus"]:
        b.append("- [%s] Build pipeline in *%s* accounts\n" % (rng.choice(" x"), f))
    b.append("- [ ] %s\n\n" % rng.choice(ADVICE))
    b.append("## Working style\n\n%s\n\n" % paragraph(rng, 3, 5))
    b.append("> %s\n\n" % rng.choice(ADVICE))
    if owned:
        b.append("## Playbooks owned\n\n")
        for s in owned[:5]:
            b += ["- ", L("playbooks", s, by_slug[("playbooks", s)]["title"]), "\n"]
        b.append("\n")
    b.append("## Recent notes\n\n%s\n" % paragraph(rng, 2, 4))
    return b


def playbook_body(rng, p, related, by_slug):
    owner = by_slug[("reps", p["owner"])]
    b = ["## Overview\n\n", paragraph(rng, 2, 4), " Maintained by ",
         L("reps", owner["slug"], owner["name"]), ".\n\n",
         "## When to use\n\n"]
    for _ in range(rng.randint(3, 4)):
        b.append("- %s\n" % sentence(rng))
    b.append("\n## Steps\n\n")
    for i, adv in enumerate(rng.sample(ADVICE, rng.randint(4, 6)), 1):
        b.append("%d. **%s.** %s\n" % (i, adv, sentence(rng)))
    b.append("\n## Talk track\n\n> %s\n\n%s\n\n" % (sentence(rng).replace("*", ""), paragraph(rng, 2, 3)))
    if rng.random() < 0.5:
        b.append("## Objection handling\n\n| Objection | Response |\n| --- | --- |\n")
        for o, a in rng.sample(OBJECTIONS, 3):
            b.append("| %s | %s |\n" % (o, a))
        b.append("\n")
    b.append("## Checklist\n\n")
    for adv in rng.sample(ADVICE, 3):
        b.append("- [ ] %s\n" % adv)
    b.append("\n## Related\n\n")
    for q in related:
        if q is not p:
            b += ["- ", L("playbooks", q["slug"], q["title"]), "\n"]
    return b


def story_body(rng, s, by_slug):
    rep = by_slug[("reps", s["rep"])]
    pbs = [by_slug[("playbooks", x)] for x in s["playbooks"]]
    b = ["## Situation\n\n", paragraph(rng, 2, 4), " ",
         L("reps", rep["slug"], rep["name"]), " led the deal with %s and used the " % s["customer"],
         L("playbooks", pbs[0]["slug"], pbs[0]["title"]), " playbook",
         ]
    if len(pbs) > 1:
        b += [" together with ", L("playbooks", pbs[1]["slug"], pbs[1]["title"])]
    b.append(".\n\n## What we did\n\n")
    for i in range(rng.randint(3, 5)):
        b.append("%d. %s\n" % (i + 1, sentence(rng)))
    b.append("\n## Result\n\n")
    verb = {"won": "closed", "lost": "lost", "open": "is still working"}[s["outcome"]]
    b.append("The team %s the opportunity worth **$%s**. %s\n\n"
             % (verb, format(s["value"], ","), paragraph(rng, 1, 3)))
    if rng.random() < 0.3:
        b.append("| Stage | Date | Notes |\n| --- | --- | --- |\n")
        for st in rng.sample(STAGES, 3):
            b.append("| %s | %s | %s |\n" % (st, date_str(rng), rng.choice(OBJECTS)))
        b.append("\n")
    b.append("## Lessons\n\n")
    for adv in rng.sample(ADVICE, rng.randint(2, 4)):
        b.append("- %s\n" % adv)
    b.append("\n## Next steps\n\n")
    for adv in rng.sample(ADVICE, 2):
        b.append("- [%s] %s\n" % (rng.choice(" x"), adv))
    return b


# ---------------------------------------------------------------- emitters

def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s)


def yaml_list(key, items, indent=""):
    if not items:
        return "%s%s: []\n" % (indent, key)
    return "%s%s:\n" % (indent, key) + "".join("%s  - %s\n" % (indent, q(x)) for x in items)


def render_body(tokens, linkfmt):
    out = []
    for t in tokens:
        if isinstance(t, tuple):
            _, kind, slug, text = t
            out.append("[%s](%s)" % (text, linkfmt(kind, slug)))
        else:
            out.append(t)
    return "".join(out)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def fm_huddle(p):
    k = p["kind"]
    if k == "reps":
        s = ("name: %s\nrole: %s\nteam: %s\nregion: %s\nmanager: %s\n"
             % (q(p["name"]), q(p["role"]), q(p["team"]), q(p["region"]), q(p["manager"])))
        s += yaml_list("strengths", p["strengths"]) + yaml_list("focus", p["focus"])
    elif k == "stories":
        s = ("title: %s\nrep: %s\ndate: %s\noutcome: %s\ncustomer: %s\nvalue: %d\n"
             % (q(p["title"]), q(p["rep"]), p["date"], p["outcome"], q(p["customer"]), p["value"]))
        s += yaml_list("playbooks", p["playbooks"]) + yaml_list("tags", p["tags"])
        s += yaml_list("skills", p["skills"]) + "summary: %s\n" % q(p["summary"])
    else:
        s = ("title: %s\nowner: %s\nstage: %s\n" % (q(p["title"]), q(p["owner"]), q(p["stage"])))
        s += yaml_list("tags", p["tags"]) + yaml_list("skills", p["skills"])
        s += "summary: %s\nupdated: %s\n" % (q(p["summary"]), p["updated"])
    return s


def fm_hugo(p):
    # Hugo: custom fields at top level (.Params); tags/skills are taxonomies.
    k = p["kind"]
    s = "title: %s\n" % q(p["title"])
    if k == "reps":
        s += ("role: %s\nteam: %s\nregion: %s\nmanager: %s\n"
              % (q(p["role"]), q(p["team"]), q(p["region"]), q(p["manager"])))
        s += yaml_list("strengths", p["strengths"]) + yaml_list("focus", p["focus"])
    elif k == "stories":
        s += ("date: %s\nrep: %s\noutcome: %s\ncustomer: %s\nvalue: %d\n"
              % (p["date"], q(p["rep"]), p["outcome"], q(p["customer"]), p["value"]))
        s += yaml_list("playbooks", p["playbooks"]) + "summary: %s\n" % q(p["summary"])
    else:
        s += ("lastmod: %s\nowner: %s\nstage: %s\nsummary: %s\n"
              % (p["updated"], q(p["owner"]), q(p["stage"]), q(p["summary"])))
    s += yaml_list("tags", p["tags"]) + yaml_list("skills", p["skills"])
    return s


def fm_zola(p):
    # Zola: only known keys at top level; custom fields under extra:,
    # taxonomies under taxonomies:.
    k = p["kind"]
    s = "title: %s\n" % q(p["title"])
    extra = {}
    if k == "reps":
        extra = {"role": p["role"], "team": p["team"], "region": p["region"],
                 "manager": p["manager"], "strengths": p["strengths"], "focus": p["focus"]}
    elif k == "stories":
        s += "date: %s\n" % p["date"]
        extra = {"rep": p["rep"], "outcome": p["outcome"], "customer": p["customer"],
                 "value": p["value"], "playbooks": p["playbooks"], "summary": p["summary"]}
    else:
        s += "updated: %s\n" % p["updated"]
        extra = {"owner": p["owner"], "stage": p["stage"], "summary": p["summary"]}
    s += "taxonomies:\n" + yaml_list("tags", p["tags"], "  ") + yaml_list("skills", p["skills"], "  ")
    s += "extra:\n"
    for key, v in extra.items():
        if isinstance(v, list):
            s += yaml_list(key, v, "  ")
        elif isinstance(v, int):
            s += "  %s: %d\n" % (key, v)
        else:
            s += "  %s: %s\n" % (key, q(v))
    return s


SECTIONS = [("playbooks", "Playbooks"), ("stories", "Stories"), ("reps", "Reps")]
SITE_TITLE = "Acme Sales Playbooks"
BASE_URL = "https://playbooks.example.com/"


def emit_pages(out, pages_by_section, fm, linkfmt, delim="---"):
    for sec, pages in pages_by_section:
        d = os.path.join(out, "content", sec)
        os.makedirs(d, exist_ok=True)
        for p in pages:
            write(os.path.join(d, p["slug"] + ".md"),
                  "%s\n%s%s\n\n%s" % (delim, fm(p), delim, render_body(p["body"], linkfmt)))


def emit_huddle(out, model):
    reps, playbooks, stories = model
    write(os.path.join(out, "huddle.yaml"),
          "title: %s\nbase_url: %s\n" % (q(SITE_TITLE), q(BASE_URL)))
    emit_pages(out, [("reps", reps), ("playbooks", playbooks), ("stories", stories)],
               fm_huddle, lambda k, s: "../%s/%s.md" % (k, s))


def emit_hugo(out, model, links):
    reps, playbooks, stories = model
    write(os.path.join(out, "hugo.yaml"), HUGO_CONFIG)
    if links == "plain":
        linkfmt = lambda k, s: "/%s/%s/" % (k, s)
    else:
        linkfmt = lambda k, s: '{{< relref "/%s/%s.md" >}}' % (k, s)
    emit_pages(out, [("reps", reps), ("playbooks", playbooks), ("stories", stories)],
               fm_hugo, linkfmt)
    write(os.path.join(out, "content", "_index.md"), "---\ntitle: %s\n---\n" % q(SITE_TITLE))
    for sec, title in SECTIONS:
        write(os.path.join(out, "content", sec, "_index.md"), "---\ntitle: %s\n---\n" % q(title))
    for rel, text in HUGO_LAYOUTS.items():
        path = os.path.join(out, "layouts", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write(path, text)


def emit_zola(out, model):
    reps, playbooks, stories = model
    write(os.path.join(out, "config.toml"), ZOLA_CONFIG)
    emit_pages(out, [("reps", reps), ("playbooks", playbooks), ("stories", stories)],
               fm_zola, lambda k, s: "@/%s/%s.md" % (k, s))
    write(os.path.join(out, "content", "_index.md"), "+++\ntitle = %s\n+++\n" % q(SITE_TITLE))
    sort = {"stories": "date", "playbooks": "title", "reps": "title"}
    for sec, title in SECTIONS:
        write(os.path.join(out, "content", sec, "_index.md"),
              "+++\ntitle = %s\nsort_by = %s\n+++\n" % (q(title), q(sort[sec])))
    for rel, text in ZOLA_TEMPLATES.items():
        path = os.path.join(out, "templates", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write(path, text)


def emit_mdbook(out, model):
    """mdBook has no front matter: the metadata becomes a short list."""
    reps, playbooks, stories = model
    src = os.path.join(out, "src")
    write(os.path.join(out, "book.toml"), MDBOOK_CONFIG)
    summary = ["# Summary\n\n[Introduction](README.md)\n\n"]
    os.makedirs(src, exist_ok=True)
    write(os.path.join(src, "README.md"), "# %s\n" % SITE_TITLE)
    for sec, pages in [("playbooks", playbooks), ("stories", stories), ("reps", reps)]:
        d = os.path.join(src, sec)
        os.makedirs(d, exist_ok=True)
        title = dict(SECTIONS)[sec]
        write(os.path.join(d, "README.md"), "# %s\n" % title)
        summary.append("- [%s](%s/README.md)\n" % (title, sec))
        for p in pages:
            meta = "".join("- %s: %s\n" % (k, p[k]) for k in
                           ("date", "updated", "rep", "owner", "outcome", "customer", "value")
                           if k in p)
            meta += "- tags: %s\n- skills: %s\n" % (", ".join(p["tags"]), ", ".join(p["skills"]))
            write(os.path.join(d, p["slug"] + ".md"), "# %s\n\n%s\n%s" % (
                p["title"], meta, render_body(p["body"], lambda k, s: "../%s/%s.md" % (k, s))))
            summary.append("  - [%s](%s/%s.md)\n" % (p["title"].replace("[", "").replace("]", ""), sec, p["slug"]))
    write(os.path.join(src, "SUMMARY.md"), "".join(summary))


# ---------------------------------------------------------------- peer site skeletons
# The templates of the two peers output the same things: page title, date,
# metadata, body, tag/skill links; section pages list every page (title,
# date, summary); taxonomy pages list terms with counts; term pages list
# their pages; the home page lists sections and the 20 newest stories.

HUGO_CONFIG = """baseURL: "%s"
title: "%s"
languageCode: en
disableKinds: [RSS, sitemap, robotsTXT, "404"]
taxonomies:
  tag: tags
  skill: skills
markup:
  highlight:
    codeFences: false
""" % (BASE_URL, SITE_TITLE)

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a>{{ with .Section }} / <a href="{{ printf "/%s/" . | relURL }}">{{ . }}</a>{{ end }}</nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p class="date">{{ .Date.Format "2006-01-02" }}</p>{{ end }}
{{ if eq .Section "playbooks" }}<p class="updated">Updated {{ .Lastmod.Format "2006-01-02" }}</p>{{ end }}
<dl>{{ range $k := slice "rep" "owner" "outcome" "customer" "value" "stage" "role" "team" "region" "manager" }}{{ with index $.Params $k }}<dt>{{ $k }}</dt><dd>{{ . }}</dd>{{ end }}{{ end }}</dl>
{{ .Content }}
<p class="tags">Tags: {{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p class="skills">Skills: {{ range .GetTerms "skills" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if ne .Section "stories" }}{{ $pages = .Pages.ByTitle }}{{ end }}
<ul>{{ range $pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} {{ .Date.Format "2006-01-02" }}{{ end }} {{ .Params.summary }}</li>{{ end }}
</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}
</ul>
<h2>Latest stories</h2>
<ul>{{ range first 20 (where site.RegularPages "Section" "stories").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}
</ul>{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
""",
}

ZOLA_CONFIG = """base_url = "%s"
title = "%s"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [
    { name = "tags" },
    { name = "skills" },
]

[markdown]
smart_punctuation = false
""" % (BASE_URL.rstrip("/"), SITE_TITLE)

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %} | {{ config.title }}</title></head>
<body>
<nav><a href="/">{{ config.title }}</a>{% block crumb %}{% endblock %}</nav>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block crumb %}{% set sec = page.components | first %} / <a href="/{{ sec }}/">{{ sec }}</a>{% endblock %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<p class="date">{{ page.date }}</p>{% endif %}
{% if page.updated %}<p class="updated">Updated {{ page.updated }}</p>{% endif %}
<dl>{% for k in ["rep", "owner", "outcome", "customer", "value", "stage", "role", "team", "region", "manager"] %}{% if page.extra[k] %}<dt>{{ k }}</dt><dd>{{ page.extra[k] }}</dd>{% endif %}{% endfor %}</dl>
{{ page.content | safe }}
<p class="tags">Tags: {% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<a href="{{ get_taxonomy_url(kind="tags", name=t) | safe }}">{{ t }}</a> {% endfor %}{% endif %}</p>
<p class="skills">Skills: {% if page.taxonomies.skills %}{% for t in page.taxonomies.skills %}<a href="{{ get_taxonomy_url(kind="skills", name=t) | safe }}">{{ t }}</a> {% endfor %}{% endif %}</p>
</article>{% endblock %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block crumb %} / <a href="{{ section.path | safe }}">{{ section.components | first }}</a>{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>
<ul>{% for p in section.pages %}
<li><a href="{{ p.path | safe }}">{{ p.title }}</a>{% if p.date %} {{ p.date }}{% endif %} {{ p.extra.summary | default(value="") }}</li>{% endfor %}
</ul>{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block main %}<h1>{{ config.title }}</h1>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s) %}
<li><a href="{{ sub.path | safe }}">{{ sub.title }}</a> ({{ sub.pages | length }})</li>{% endfor %}
</ul>
<h2>Latest stories</h2>
{% set stories = get_section(path="stories/_index.md") %}
<ul>{% for p in stories.pages | slice(end=20) %}
<li><a href="{{ p.path | safe }}">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}
</ul>{% endblock %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block title %}{{ taxonomy.name }}{% endblock %}
{% block crumb %} / <a href="/{{ taxonomy.name }}/">{{ taxonomy.name }}</a>{% endblock %}
{% block main %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}
<li><a href="{{ term.path | safe }}">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}
</ul>{% endblock %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock %}
{% block crumb %} / <a href="/{{ taxonomy.name }}/">{{ taxonomy.name }}</a>{% endblock %}
{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}
<li><a href="{{ p.path | safe }}">{{ p.title }}</a></li>{% endfor %}
</ul>{% endblock %}
""",
}

MDBOOK_CONFIG = """[book]
title = "%s"
authors = ["Sales Enablement"]
language = "en"
src = "src"

[output.html]
no-section-label = true

[output.html.search]
enable = false

[output.html.print]
enable = false
""" % SITE_TITLE


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", required=True, choices=["huddle", "hugo", "zola", "mdbook"])
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--hugo-links", choices=["relref", "plain"], default="relref",
                    help="how internal links are written for hugo (default: relref shortcode)")
    ap.add_argument("--force", action="store_true", help="delete --out first if it exists")
    a = ap.parse_args(argv)
    if a.pages < 3:
        ap.error("--pages must be at least 3")
    if os.path.exists(a.out):
        if not a.force and os.listdir(a.out):
            ap.error("%s exists and is not empty (use --force)" % a.out)
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    model = build_model(a.pages, a.seed)
    if a.format == "huddle":
        emit_huddle(a.out, model)
    elif a.format == "hugo":
        emit_hugo(a.out, model, a.hugo_links)
    elif a.format == "zola":
        emit_zola(a.out, model)
    else:
        emit_mdbook(a.out, model)
    r, p, s = model
    print("%s: %d reps, %d playbooks, %d stories -> %s" % (a.format, len(r), len(p), len(s), a.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
