//! `inolab serve`: build, serve on localhost, rebuild on change.
//! (Minimal first version: build once and serve the output folder.)

use crate::pipeline::{self, BuildOptions};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
    pub open: bool,
}

pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    let out = pipeline::run(&BuildOptions {
        root: opts.root.clone(),
        base_url: Some(format!("http://{}:{}/", opts.bind, opts.port)),
        drafts: opts.drafts,
    });
    if out.has_errors() {
        return Err(crate::diagnostics::render(
            &out.diags,
            crate::diagnostics::Format::Human,
        ));
    }
    let dir = opts.root.join("public");
    pipeline::write(&out, &dir).map_err(|e| e.to_string())?;
    let server =
        tiny_http::Server::http((opts.bind.as_str(), opts.port)).map_err(|e| e.to_string())?;
    eprintln!("serving http://{}:{}/", opts.bind, opts.port);
    for req in server.incoming_requests() {
        let path = req
            .url()
            .split('?')
            .next()
            .unwrap_or("/")
            .trim_start_matches('/')
            .to_string();
        let mut p = dir.join(&path);
        if path.contains("..") {
            let _ = req.respond(tiny_http::Response::empty(400));
            continue;
        }
        if p.is_dir() {
            p = p.join("index.html");
        }
        match std::fs::read(&p) {
            Ok(b) => {
                let _ = req.respond(tiny_http::Response::from_data(b));
            }
            Err(_) => {
                let _ = req.respond(tiny_http::Response::empty(404));
            }
        }
    }
    Ok(())
}
