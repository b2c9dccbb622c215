//! The dev server's request-path handling: whatever the path, the snapshot
//! key it decodes to is relative and has no `.`, `..` or empty segment, no
//! backslash and no NUL, so no request can name a file outside the site.
#![no_main]

use huddle::serve::server::request_key;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Some(key) = request_key(raw) else {
        return;
    };
    assert!(!key.starts_with('/'), "{raw:?} → {key:?}");
    assert!(!key.contains(['\\', '\0']), "{raw:?} → {key:?}");
    if key.is_empty() {
        return;
    }
    let segments: Vec<&str> = key.split('/').collect();
    let (last, folders) = segments.split_last().expect("one segment at least");
    assert!(
        folders
            .iter()
            .all(|segment| !matches!(*segment, "" | "." | "..")),
        "{raw:?} → {key:?}"
    );
    assert!(!matches!(*last, "." | ".."), "{raw:?} → {key:?}");
});
