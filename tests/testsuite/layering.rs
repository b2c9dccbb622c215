//! The layering rule of ARCHITECTURE.md, checked: a module of `src/` may
//! name (`use crate::…`, `crate::…::f()`, `huddle::…` in the binary) only
//! modules of its own layer or below. The layers are written once, here,
//! and ARCHITECTURE.md's "Layers" block must list the same.

use std::collections::BTreeMap;
use std::path::Path;

/// Lowest first. A module may import from its own layer and those above it
/// in this list, never from one further down.
const LAYERS: &[&[&str]] = &[
    &["date", "diagnostic", "kinds", "html", "yaml"],
    &["fields"],
    &["config"],
    &["content"],
    &["markdown"],
    &["links"],
    &["page"],
    &["site"],
    &["theme"],
    &["output"],
    &["render"],
    &["verify"],
    &["driver", "review"],
    &["watch"],
    &["live"],
    &["serve"],
    &["scaffold"],
    &["main", "cli", "bin", "lib"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The crate modules a file's code names, comments left out.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut named = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["crate::", "huddle::"] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().last();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    named.push((number + 1, name));
                }
            }
        }
    }
    named
}

/// Every import of a module further down the layers, as `file:line: a → b`.
fn violations(module: &str, file: &str, text: &str) -> Vec<String> {
    let Some(own) = layer_of(module) else {
        return vec![format!(
            "{file}: module `{module}` is in no layer of tests/layering.rs (add it, and to ARCHITECTURE.md)"
        )];
    };
    named_modules(text)
        .into_iter()
        .filter_map(|(line, name)| {
            let theirs = layer_of(&name)?;
            (theirs > own)
                .then(|| format!("{file}:{line}: `{module}` imports `{name}`, a higher layer"))
        })
        .collect()
}

fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "found only {} files under src/",
        files.len()
    );
    let mut problems = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&src).expect("under src/");
        let first = relative
            .components()
            .next()
            .and_then(|part| part.as_os_str().to_str())
            .expect("a UTF-8 file name");
        let module = first.strip_suffix(".rs").unwrap_or(first);
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        problems.extend(violations(
            module,
            &format!("src/{}", relative.display()),
            &text,
        ));
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_import_and_ignores_comments() {
    let text =
        "use crate::site::Site;\n// use crate::render::x;\nlet s = crate::date::Date::today();\n";
    assert_eq!(
        violations("content", "src/content/x.rs", text),
        vec!["src/content/x.rs:1: `content` imports `site`, a higher layer".to_string()]
    );
    assert!(violations("render", "src/render/x.rs", text).is_empty());
    assert_eq!(violations("nowhere", "src/nowhere.rs", "").len(), 1);
}

#[test]
fn architecture_md_lists_the_same_layers() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md is readable");
    let block = text
        .split("```text layers")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```text layers block");
    let written: Vec<Vec<String>> = block
        .lines()
        .map(|line| {
            line.split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|layer| !layer.is_empty())
        .collect();
    let expected: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|layer| layer.iter().map(|name| name.to_string()).collect())
        .collect();
    assert_eq!(
        written, expected,
        "ARCHITECTURE.md's layers differ from tests/layering.rs"
    );
    // And every module of the code is named in ARCHITECTURE.md's table.
    let mut modules: BTreeMap<String, ()> = BTreeMap::new();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).expect("src/")
    {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if let Some(module) = name.strip_suffix(".rs") {
            modules.insert(format!("{module}.rs`"), ());
        } else if path.join("mod.rs").exists() {
            modules.insert(format!("{name}/`"), ());
        }
    }
    let missing: Vec<&String> = modules
        .keys()
        .filter(|name| !text.contains(name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name {missing:?}"
    );
}
