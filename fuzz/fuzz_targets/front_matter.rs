//! The front-matter splitter and parser (fences, YAML, typed fields per
//! kind) and `huddle.yaml`'s reader, on any text: no panic, the body starts
//! on a character boundary inside the file, and every problem names the file
//! and prints.
#![no_main]

use huddle::config::Config;
use huddle::content::{SourceFile, parse_front_matter};
use libfuzzer_sys::fuzz_target;

/// The first byte picks where the file sits, which decides its kind.
const PLACES: [&str; 6] = [
    "stories/big-win.md",
    "reps/ana-lee.md",
    "playbooks/discovery.md",
    "about/team.md",
    "index.md",
    "stories/index.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let relative = PLACES[usize::from(selector) % PLACES.len()];
    let file = SourceFile::new(relative, relative.into(), text, false);
    let (_, body, diagnostics) = parse_front_matter(&file);
    assert!(body.offset <= file.text.len());
    assert!(file.text.is_char_boundary(body.offset));
    assert!(body.line >= 1);
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.file.as_deref(), Some(file.display.as_str()));
        let _ = diagnostic.to_string();
    }
    if let Err(problems) = Config::parse(&file.text) {
        for problem in problems {
            let _ = problem.to_string();
        }
    }
});
