//! The search index as the browser reads it: the manifest, the term files
//! (every word of the published pages with the records it is in) and the
//! record files (what a result shows). The tests read the built files back
//! the way `search.js` does — the longest key a word starts with names its
//! term file, postings are base-32 numbers — so a change of format on one
//! side fails here. Drafts and private data: no record, no word.
//!
//! The fixture `tests/fixtures/reader/` has three reps, two playbooks, four
//! stories, and a draft story and a private plan as canaries.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use huddle::config::BuildOptions;
use huddle::date::Date;
use huddle::driver::Session;
use huddle::output::Contents;
use huddle::render::search;
use serde_json::Value;

use common::{Site, assert_contains, assert_lacks};

const CANARIES: [&str; 3] = [
    "DRAFT-CANARY-STORY",
    "DRAFT-CANARY-BODY",
    "PRIVATE-CANARY-PLAN",
];

fn built() -> Site {
    let site = Site::fixture("reader");
    site.build();
    site
}

/// The message a search script pushes: `(window.huddleSearch …).push(MESSAGE);`.
fn pushed(script: &str) -> Value {
    let start = script.find(".push(").expect("a push call") + ".push(".len();
    let end = script.rfind(");").expect("the call's end");
    serde_json::from_str(&script[start..end]).expect("the pushed message is JSON")
}

/// The index as a browser sees it.
struct Index {
    manifest: Value,
    /// Term files by key: word → encoded postings.
    terms: BTreeMap<String, BTreeMap<String, String>>,
    /// Per record id: `[kind, title, url, summary, meta, text]`.
    records: Vec<Vec<String>>,
}

/// Reads the index through `read` (an output path → its text), checking
/// every file is the message the script expects.
fn read_index(read: impl Fn(&str) -> String) -> Index {
    let manifest = pushed(&read("search/index.js"));
    assert_eq!(manifest[0], "manifest");
    let manifest = manifest[1].clone();
    let keys: Vec<&str> = manifest["keys"]
        .as_str()
        .unwrap()
        .split(' ')
        .filter(|key| !key.is_empty())
        .collect();
    assert_eq!(keys.len(), manifest["kb"].as_array().unwrap().len());
    let mut terms = BTreeMap::new();
    for key in keys {
        let file = pushed(&read(&search::path(&search::File::Terms(key.into()))));
        assert_eq!(file[0], "terms");
        assert_eq!(file[1], key);
        let list = file[2].as_array().unwrap();
        assert!(!list.is_empty(), "the term file {key} is empty");
        let words: BTreeMap<String, String> = list
            .chunks(2)
            .map(|pair| {
                let word = pair[0].as_str().unwrap().to_string();
                assert!(word.starts_with(key), "{word} is filed under {key}");
                (word, pair[1].as_str().unwrap().to_string())
            })
            .collect();
        terms.insert(key.to_string(), words);
    }
    let count = manifest["records"].as_u64().unwrap() as usize;
    let per_file = manifest["perFile"].as_u64().unwrap() as usize;
    let mut records = Vec::new();
    for number in 0..count.div_ceil(per_file) {
        let file = pushed(&read(&search::path(&search::File::Records(number))));
        assert_eq!(file[0], "records");
        assert_eq!(file[1], number);
        for record in file[2].as_array().unwrap() {
            let fields = record.as_array().unwrap();
            records.push(
                fields
                    .iter()
                    .map(|field| field.as_str().unwrap().to_string())
                    .collect(),
            );
        }
    }
    assert_eq!(records.len(), count);
    Index {
        manifest,
        terms,
        records,
    }
}

fn site_index(site: &Site) -> Index {
    read_index(|path| site.read(path))
}

fn session_index(session: &Session) -> Index {
    read_index(|path| match &session.outputs()[path] {
        Contents::Bytes(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
        Contents::Copy(_) => panic!("{path} is generated"),
    })
}

/// Postings as `search.js` reads them: per record, a base-32 number
/// (least significant digit first; `wxyz…-_` say more digits follow)
/// holding `(id − previous id − 1) × 4 + field`, and after a title
/// match (field 3) the title's word count.
fn decode(encoded: &str) -> Vec<(usize, u8)> {
    const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
    const MORE: &str = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let mut digits = encoded.chars();
    let mut number = || -> Option<usize> {
        let (mut value, mut scale) = (0, 1);
        loop {
            let digit = digits.next()?;
            if let Some(at) = LAST.find(digit) {
                return Some(value + at * scale);
            }
            value += MORE.find(digit).expect("a postings digit") * scale;
            scale *= 32;
        }
    };
    let mut postings = Vec::new();
    let mut next = 0;
    while let Some(value) = number() {
        let id = next + value / 4;
        let field = (value % 4) as u8;
        if field == 3 {
            number().expect("a title's word count");
        }
        postings.push((id, field));
        next = id + 1;
    }
    postings
}

impl Index {
    fn keys(&self) -> Vec<&str> {
        self.terms.keys().map(String::as_str).collect()
    }

    /// The records a whole (folded) word is in, with its best field there:
    /// its term file is the one of the longest key it starts with.
    fn lookup(&self, word: &str) -> Vec<(usize, u8)> {
        let Some(key) = self
            .terms
            .keys()
            .filter(|key| word.starts_with(key.as_str()))
            .max_by_key(|key| key.len())
        else {
            return Vec::new();
        };
        self.terms[key]
            .get(word)
            .map_or_else(Vec::new, |p| decode(p))
    }

    fn titles(&self, word: &str) -> Vec<&str> {
        self.lookup(word)
            .into_iter()
            .map(|(id, _)| self.records[id][1].as_str())
            .collect()
    }

    /// Checks that every word of the index is in exactly the records whose
    /// fields have it, with the field it counts most in (for ASCII sites:
    /// lower case is the whole folding there).
    fn check_postings(&self) {
        let fields_of = |record: &Vec<String>| -> BTreeMap<String, u8> {
            let mut best = BTreeMap::new();
            for (field, text) in [
                (0, &record[5]),
                (1, &record[3]),
                (2, &record[4]),
                (3, &record[1]),
            ] {
                for word in text
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|word| !word.is_empty())
                {
                    let slot = best.entry(word.to_string()).or_insert(field);
                    *slot = (*slot).max(field);
                }
            }
            best
        };
        let mut expected: BTreeMap<String, Vec<(usize, u8)>> = BTreeMap::new();
        for (id, record) in self.records.iter().enumerate() {
            for (word, field) in fields_of(record) {
                expected.entry(word).or_default().push((id, field));
            }
        }
        let filed: BTreeSet<&String> = self.terms.values().flat_map(BTreeMap::keys).collect();
        assert_eq!(
            filed,
            expected.keys().collect::<BTreeSet<_>>(),
            "the words of the index"
        );
        for (word, postings) in &expected {
            assert_eq!(&self.lookup(word), postings, "the postings of {word}");
        }
    }
}

#[test]
fn the_search_index_holds_every_published_page_and_no_draft_or_private_data() {
    let site = built();
    let index = site_index(&site);
    let mut titles: Vec<&str> = index
        .records
        .iter()
        .map(|record| record[1].as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Acme won on discovery",
            "Ana Lead",
            "Bo Seller",
            "Cy Hunter",
            "Discovery call",
            "Globex lost on price",
            "Hooli pilot",
            "Initech renewal",
            "Pricing",
        ]
    );
    // Every record's URL is a page of the output.
    for record in &index.records {
        assert!(
            site.exists(&record[2]),
            "{} is not in the output",
            record[2]
        );
    }
    // No word of a draft or of private data: `canary` is only ever in them.
    assert!(index.titles("canary").is_empty());
    assert!(index.titles("secret").is_empty());
    site.check_output(&CANARIES);
}

#[test]
fn a_private_build_keeps_private_data_out_of_the_index_too() {
    let site = Site::fixture("reader");
    site.run(&["build", "--private", "--out", "public"])
        .success();
    assert_contains(
        &site.read("reps/bo-seller/index.html"),
        "PRIVATE-CANARY-PLAN",
    );
    for file in site.output_files() {
        if file.starts_with("search/") {
            assert_lacks(&site.read(&file), "PRIVATE-CANARY-PLAN");
        }
    }
    assert!(site_index(&site).titles("canary").is_empty());
}

#[test]
fn records_carry_what_results_show() {
    let site = built();
    let index = site_index(&site);
    let find = |title: &str| {
        index
            .records
            .iter()
            .find(|record| record[1] == title)
            .unwrap_or_else(|| panic!("no record titled {title}"))
    };
    // Title, kind and URL apart from the rest, so titles can rank first.
    let story = find("Acme won on discovery");
    assert_eq!(story[0], "story");
    assert_eq!(story[2], "stories/acme-won/index.html");
    // The fields a reader scans: outcome, rep, customer, industry, skills.
    assert_eq!(
        story[4],
        "won · Ana Lead · Acme Corp · Logistics · discovery"
    );
    assert_eq!(story[5], "Ana found the audit pain in the first call.");
    let playbook = find("Discovery call");
    assert_eq!(playbook[0], "playbook");
    // The stage and the skill of one name appear once.
    assert_eq!(playbook[4], "Discovery · Ana Lead");
    assert_contains(&playbook[5], "Ask about the cost of the problem.");
    let rep = find("Bo Seller");
    assert_eq!(rep[0], "rep");
    assert_eq!(rep[4], "Account Executive · Enterprise · closing");
}

#[test]
fn records_are_numbered_by_kind_then_title_and_the_manifest_says_which_kind_is_where() {
    let index = site_index(&built());
    let order: Vec<(&str, &str)> = index
        .records
        .iter()
        .map(|record| (record[0].as_str(), record[1].as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("playbook", "Discovery call"),
            ("playbook", "Pricing"),
            ("story", "Acme won on discovery"),
            ("story", "Globex lost on price"),
            ("story", "Hooli pilot"),
            ("story", "Initech renewal"),
            ("rep", "Ana Lead"),
            ("rep", "Bo Seller"),
            ("rep", "Cy Hunter"),
        ]
    );
    assert_eq!(
        index.manifest["kinds"],
        serde_json::json!([["playbook", 0, 2], ["story", 2, 6], ["rep", 6, 9]])
    );
}

#[test]
fn every_word_finds_the_records_that_have_it_in_its_best_field() {
    let index = site_index(&built());
    index.check_postings();
    // Title first: `discovery` is a title word of two records, a field of
    // one (the story's skill), text of none.
    let discovery = index.lookup("discovery");
    let titled: Vec<&str> = discovery
        .iter()
        .filter(|(_, field)| *field == 3)
        .map(|(id, _)| index.records[*id][1].as_str())
        .collect();
    assert_eq!(titled, ["Discovery call", "Acme won on discovery"]);
    assert_eq!(index.titles("audit"), ["Acme won on discovery"]);
    assert!(index.titles("audi").is_empty(), "words are whole");
}

#[test]
fn markup_in_titles_is_escaped_in_the_index() {
    let site = Site::with_files(&[
        ("content/reps/ana.md", "---\nname: Ana\n---\n"),
        (
            "content/stories/x.md",
            "---\ntitle: \"<b>Bold</b> & co\"\nrep: ana\ndate: 2026-01-01\n---\n",
        ),
    ]);
    site.build();
    let index = site_index(&site);
    assert!(
        index
            .records
            .iter()
            .any(|record| record[1] == "<b>Bold</b> & co")
    );
    let records = site.search_records();
    assert_lacks(&records, "<b>");
    assert_contains(&records, r"\u003cb\u003eBold\u003c/b\u003e \u0026 co");
    assert_eq!(index.titles("bold"), ["<b>Bold</b> & co"]);
}

#[test]
fn letters_fold_as_a_reader_types_them() {
    let site = Site::with_files(&[(
        "content/reps/ana.md",
        "---\nname: Åsa Østergård\nteam: Łódź\n---\nShe sells to Straße & Œuvre, Kühne and Þórshöfn.\n",
    )]);
    site.build();
    let index = site_index(&site);
    for word in [
        "asa",
        "ostergard",
        "lodz",
        "strasse",
        "oeuvre",
        "kuhne",
        "thorshofn",
    ] {
        assert_eq!(index.titles(word), ["Åsa Østergård"], "{word}");
    }
    // The script folds queries with the manifest's own table.
    assert_eq!(index.manifest["fold"]["ø"], "o");
    assert_eq!(index.manifest["fold"]["ß"], "ss");
    // What the result shows is as written.
    assert_contains(&site.search_records(), "Åsa Østergård");
}

#[test]
fn table_cells_stay_apart_in_what_results_show() {
    let site = Site::with_files(&[(
        "content/guides/prices.md",
        "---\ntitle: Prices\n---\nWhat we give:\n\n| Ask | Give |\n|---|---|\n| Lower price | Up to 10% |\n| Free pilot | Paid pilot |\n\nAfter the table.\n",
    )]);
    site.build();
    let index = site_index(&site);
    assert_eq!(
        index.records[0][5],
        "What we give: Ask · Give · Lower price · Up to 10% · Free pilot · Paid pilot After the table."
    );
    index.check_postings();
}

/// A site whose `s` words are too many for one term file: each of 400
/// stories has 45 words of its own starting with `s` and `sa`.
fn many_s_words() -> Site {
    let site = Site::with_files(&[("content/reps/ana.md", "---\nname: Ana\n---\n")]);
    for number in 0..400 {
        let words: Vec<String> = (0..45)
            .map(|word| format!("s{}x{}", ["a", "e", "o"][word % 3], (number + word) % 60))
            .collect();
        site.write(
            &format!("content/stories/story-{number}.md"),
            &format!(
                "---\ntitle: Story {number}\nrep: ana\ndate: 2026-01-01\n{}---\n\n{}\n",
                if number % 10 == 0 {
                    "draft: true\n"
                } else {
                    ""
                },
                words.join(" ")
            ),
        );
    }
    site
}

fn options(site: &Site) -> BuildOptions {
    let mut options = BuildOptions::new(&site.root);
    options.today = Date::parse(common::TODAY);
    options
}

#[test]
fn large_term_files_are_split_by_one_more_letter_and_a_word_loads_one_file() {
    let site = many_s_words();
    let session = Session::start(options(&site)).unwrap();
    let index = session_index(&session);
    // 360 stories and the rep; the 40 drafts nowhere.
    assert_eq!(index.records.len(), 361);
    let keys = index.keys();
    assert!(!keys.contains(&"s"), "{keys:?}");
    for key in ["sa", "se", "so"] {
        assert!(
            keys.iter().any(|other| other.starts_with(key)),
            "{key}: {keys:?}"
        );
    }
    // Each file is small, or holds a single word too big to split.
    for (key, words) in &index.terms {
        let size = search::path(&search::File::Terms(key.clone()));
        let bytes = match &session.outputs()[&size] {
            Contents::Bytes(bytes) => bytes.len(),
            Contents::Copy(_) => unreachable!(),
        };
        assert!(
            bytes <= search::SPLIT_BYTES + 100 || words.len() == 1,
            "{key}: {bytes} bytes"
        );
    }
    index.check_postings();
    assert!(!index.titles("sax7").is_empty());
}
