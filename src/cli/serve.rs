//! `huddle serve`: build the site, serve it with live reload, rebuild on every change.

use std::net::IpAddr;

use huddle::serve::{ServeEvent, ServeSettings, ServerOptions};

use super::terminal::{fail, fail_with_count, print_diagnostics, print_warning, site_root};
use super::{Global, Outcome};

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on; anything but loopback shares drafts with the network
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Port to listen on
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in a browser
    #[arg(long)]
    open: bool,
    /// Include `private:` data (development plans and the like)
    #[arg(long)]
    private: bool,
    /// Check files every half second instead of using file-system events
    #[arg(long)]
    poll: bool,
    /// Accepted for symmetry with build: serve always shows drafts
    #[arg(long, short = 'D')]
    drafts: bool,
}

pub fn run(args: Args, global: &Global) -> Outcome {
    let server = ServerOptions {
        bind: args.bind,
        port: args.port,
        ..Default::default()
    };
    let settings = ServeSettings::preview(site_root(global)?, args.private, server, args.poll);
    if let Some(warning) = settings.exposure_warning() {
        print_warning(&warning);
    }
    let result = huddle::serve::run(settings, |event| match event {
        ServeEvent::Listening(url) => {
            println!("Serving at {url} (Ctrl-C to stop)");
            if args.open {
                open_browser(url);
            }
        }
        ServeEvent::Built {
            pages,
            elapsed,
            warnings,
        } => {
            print_diagnostics(&warnings);
            println!(
                "Built {pages} pages in {} ms; watching for changes",
                elapsed.as_millis()
            );
        }
        ServeEvent::Rebuilt {
            changed,
            removed,
            elapsed,
        } => println!(
            "Rebuilt in {} ms: {changed} file(s) changed, {removed} removed",
            elapsed.as_millis()
        ),
        ServeEvent::Cleared { pages } => {
            let plural = if pages == 1 { "" } else { "s" };
            println!("rebuilt: {pages} page{plural}, errors cleared");
        }
        ServeEvent::Failed {
            diagnostics,
            served,
        } => {
            print_diagnostics(diagnostics);
            let what = if served {
                "build failed; the last good site is still served"
            } else {
                "build failed; the site is served as an error page until it builds"
            };
            let _ = fail_with_count(diagnostics, what);
        }
    });
    result.or_else(|error| fail(&error))
}

/// Opens `url` in the desktop's browser, quietly doing nothing where there is none.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}
