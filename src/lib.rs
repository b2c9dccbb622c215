//! huddle turns a folder of Markdown — playbooks, peer success stories and
//! rep profiles — into a static website a sales team browses as its wiki.
//!
//! The build is one straight pipeline whose stages are the modules below,
//! in order; data flows one way. See ARCHITECTURE.md for what lives where.

// Shared vocabulary.
pub mod date; // calendar days: review dates, quarters
pub mod diagnostic; // problems with file:line:col, printed like a compiler
pub mod kinds; // the kinds of page and the taxonomies, as data
pub mod html; // the raw-HTML policy and unsafe URL schemes

// Stages, in pipeline order.
pub mod config; // huddle.yaml and the options of one build
mod yaml; // the one module that uses serde_yaml
pub mod fields; // typed reading of YAML mappings, with positions
pub mod content; // load: find and read content/, place each file
pub mod markdown; // Markdown → HTML, heading ids, links via a closure
pub mod links; // resolve and rewrite links between pages
pub mod page; // parse: front matter + Markdown for one page
pub mod site; // link: relations, taxonomies, cross-page checks
pub mod theme; // templates and static files, embedded default
pub mod render; // site model → every output file, in memory
pub mod verify; // the rendered site's links, checked before it is written
pub mod output; // write a new output generation and swap it in
pub mod driver; // the orchestrator: load → parse → link → render → write, kept as a session
pub mod watch; // file events, debounced into rebuild batches
pub mod live; // the rebuild loop behind serve and build --watch
pub mod serve; // the dev server: HTTP, live reload, rebuild on change

// Commands besides build.
pub mod scaffold; // `huddle init` and `huddle new`
pub mod review; // `huddle check --stale`
