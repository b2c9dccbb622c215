//! `huddle serve`: the dev server that answers from the rendered site in
//! memory and reloads open tabs when it changes.

pub mod server;

pub use server::{Body, LiveSite, RunningServer, ServeError, ServerOptions, Snapshot, start};

mod run;

pub use run::{ServeEvent, ServeFailure, ServeSettings, run, snapshot};
