//! huddle turns a folder of Markdown playbooks, success stories and rep
//! profiles into a static website a sales team browses as its wiki.
