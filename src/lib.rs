//! huddle turns a folder of Markdown playbooks, success stories and rep
//! profiles into a static website a sales team browses as its wiki.

/// Markdown bodies to HTML, heading ids, link targets and plain text.
pub mod markdown;
