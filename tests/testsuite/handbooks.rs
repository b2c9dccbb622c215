//! Fixture handbooks, one per tool a team migrates from (issue #12): each
//! builds with the real CLI and is checked on what a reader gets — links
//! pointing at the right output file and fragment, callouts, redirects —
//! with no warnings and no broken link in the output.

use crate::common::{Site, assert_contains};

const CONFIG: &str = "title: Handbook\nbase_url: https://wiki.example.com/\nlinks: warn\n";

/// Builds `site`, asserts it printed no warning and its output is clean.
fn build_clean(site: &Site) {
    let run = site.run(&["build"]).success();
    assert!(
        !run.stderr().contains("warning"),
        "expected no warnings:\n{}",
        run.stderr()
    );
    site.check_output(&[]);
}

#[test]
fn github_handbook_readme_folders_alerts_and_case_insensitive_anchors() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/about.md",
            "---\ntitle: About us\n---\n\n## Who is eligible\n\n\
             See [the team](team/), [people](team/people.md#Who-Is-Here) and \
             [root link](/team/people/).\n\n> [!WARNING]\n> Be kind.\n",
        ),
        ("content/team/README.md", "# The team\n\nHello.\n"),
        (
            "content/team/people.md",
            "# People\n\n## Who is here\n\n[back](../about.md#Who-is-eligible)\n",
        ),
        ("content/team/Notes.MD", "# Notes\n\n[people](people.md)\n"),
    ]);
    build_clean(&site);
    let about = site.read("about/index.html");
    assert_contains(&about, r#"<a href="../team/index.html">the team</a>"#);
    assert_contains(&about, r#"href="../team/people/index.html#who-is-here""#);
    assert_contains(
        &about,
        r#"<a href="../team/people/index.html">root link</a>"#,
    );
    assert_contains(&about, r#"class="markdown-alert-warning""#);
    assert_contains(&site.read("team/index.html"), "The team");
    let people = site.read("team/people/index.html");
    assert_contains(&people, r#"href="../../about/index.html#who-is-eligible""#);
    assert_contains(&site.read("team/Notes/index.html"), "Notes");
}

#[test]
fn hugo_handbook_index_toml_refs_and_details() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/handbook/_index.md",
            "+++\ntitle = \"Handbook\"\ndescription = \"All we know\"\nweight = 1\n+++\n\n\
             Read [about]({{< ref \"about\" >}}) and \
             [benefits]({{< relref \"handbook/about.md#Benefits\" >}}).\n\n\
             {{% details \"More\" %}}\nHidden text.\n{{% /details %}}\n",
        ),
        (
            "content/handbook/about.md",
            "+++\ntitle = \"About\"\nlastmod = 2026-01-02\n+++\n\n\
             ## Benefits\n\nGood ones.\n",
        ),
    ]);
    build_clean(&site);
    let index = site.read("handbook/index.html");
    assert_contains(&site.search_records(), "All we know");
    assert_contains(
        &index,
        r#"<a href="../handbook/about/index.html">about</a>"#,
    );
    assert_contains(&index, r#"href="../handbook/about/index.html#benefits""#);
    assert_contains(&index, "<details>");
    assert_contains(&index, "<summary>More</summary>");
    assert_contains(&index, "Hidden text.");
}

#[test]
fn jekyll_handbook_markdown_extension_published_false_and_last_modified_at() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/guide.markdown",
            "---\ntitle: Guide\nlast_modified_at: 2026-03-04\n\
             nav_order: 2\n---\n\nSee [hidden](draft.md) and [the FAQ](faq.md).\n",
        ),
        ("content/faq.md", "---\ntitle: FAQ\n---\n\nAsk.\n"),
        (
            "content/draft.md",
            "---\ntitle: Secret plan\npublished: false\n---\n\nSecret-canary.\n",
        ),
    ]);
    let run = site.run(&["build"]).success();
    site.check_output(&["Secret-canary"]);
    let guide = site.read("guide/index.html");
    assert_contains(&guide, r#"<a href="../faq/index.html">the FAQ</a>"#);
    assert_contains(&guide, "2026-03-04");
    assert!(!site.exists("draft/index.html"));
    // The link to the unpublished page is unlinked, with one warning.
    assert_contains(&run.stderr(), "warning");
}

#[test]
fn mkdocs_handbook_description_and_nav_order() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/docs/index.md",
            "---\ntitle: Docs\n---\n\n[setup](setup.md#install) [usage](usage.mdx)\n",
        ),
        (
            "content/docs/setup.md",
            "---\ntitle: Setup\ndescription: How to set it up\nnav_order: 2\n---\n\n## Install\n\nGo.\n",
        ),
        (
            "content/docs/usage.mdx",
            "---\ntitle: Usage\nsidebar_position: 1\n---\n\nUse it.\n",
        ),
    ]);
    build_clean(&site);
    let docs = site.read("docs/index.html");
    assert_contains(&docs, r#"href="../docs/setup/index.html#install""#);
    assert_contains(&docs, r#"href="../docs/usage/index.html""#);
    // `description` becomes the summary, which readers see in search results
    // (a plain page's template does not print its summary).
    assert_contains(&site.search_records(), "How to set it up");
}

#[test]
fn obsidian_vault_wikilinks_by_file_name_and_title() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/Home.md",
            "# Home\n\n[[Pricing]], [[Pricing#Discount Rules]], [[Pricing|our prices]] \
             and [[Onboarding Guide]].\n",
        ),
        (
            "content/notes/Pricing.md",
            "# Pricing\n\n## Discount rules\n\nTen percent.\n",
        ),
        (
            "content/notes/onboarding.md",
            "---\ntitle: Onboarding Guide\n---\n\nWelcome.\n",
        ),
    ]);
    build_clean(&site);
    let home = site.read("Home/index.html");
    assert_contains(&home, r#"href="../notes/Pricing/index.html""#);
    assert_contains(
        &home,
        r#"href="../notes/Pricing/index.html#discount-rules""#,
    );
    assert_contains(&home, ">our prices</a>");
    assert_contains(&home, r#"href="../notes/onboarding/index.html""#);
}

#[test]
fn notion_export_percent_encoded_names_with_id_suffixes() {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        (
            "content/Sales Handbook 0123456789abcdef0123456789abcdef.md",
            "# Sales Handbook\n\nSee [Pricing Rules](Sales%20Handbook/Pricing%20Rules%20fedcba9876543210fedcba9876543210.md).\n",
        ),
        (
            "content/Sales Handbook/Pricing Rules fedcba9876543210fedcba9876543210.md",
            "# Pricing Rules\n\nTen percent.\n",
        ),
    ]);
    build_clean(&site);
    let files = site.output_files();
    let target = files
        .iter()
        .find(|file| file.contains("Pricing") && file.ends_with("index.html"))
        .unwrap_or_else(|| panic!("no pricing page in {files:?}"));
    let source = files
        .iter()
        .find(|file| {
            file.contains("Handbook") && !file.contains("Pricing") && file.ends_with("index.html")
        })
        .unwrap_or_else(|| panic!("no handbook page in {files:?}"));
    let html = site.read(source);
    assert_contains(&html, ">Pricing Rules</a>");
    let depth = source.matches('/').count();
    let href = format!("{}{}", "../".repeat(depth), target.replace(' ', "%20"));
    assert_contains(&html, &format!("href=\"{href}\""));
}

/// Builds a page with `key` listing the old path `/old/about/`, and checks
/// the redirect page written there.
fn check_redirect(front_matter: &str) {
    let site = Site::with_files(&[
        ("huddle.yaml", CONFIG),
        ("content/handbook/about.md", front_matter),
    ]);
    build_clean(&site);
    let redirect = site.read("old/about/index.html");
    assert_contains(&redirect, r#"http-equiv="refresh""#);
    assert_contains(&redirect, r#"rel="canonical""#);
    assert_contains(&redirect, "handbook/about/");
}

#[test]
fn hugo_aliases_write_a_redirect_page() {
    check_redirect("+++\ntitle = \"About\"\naliases = [\"/old/about/\"]\n+++\n\nHi.\n");
}

#[test]
fn jekyll_redirect_from_writes_a_redirect_page() {
    check_redirect("---\ntitle: About\nredirect_from:\n  - /old/about/\n---\n\nHi.\n");
}
