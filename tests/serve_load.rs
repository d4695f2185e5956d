//! `inolab serve` under hostile load: idle and half-sent connections,
//! beyond the connection limit, neither stop a normal request from being
//! answered nor hold threads, and are closed after the request timeout.
//! (Behaviour only; the figures are in BENCHMARKS.md, "Serve under load".)

mod serve_support;
use serve_support::*;

use inolab::serve::{Server, Settings};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn start_limited(root: &std::path::Path, max_connections: usize, timeout: Duration) -> Server {
    Server::start_with(
        &options(root),
        Settings {
            watch: false,
            verbose: false,
            max_connections,
            request_timeout: timeout,
            ..Settings::default()
        },
    )
    .expect("server starts")
}

/// The threads of this process (Linux), to show they do not follow the
/// number of connections.
fn threads() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Reads what the server sends until it closes the connection.
fn until_closed(t: &mut TcpStream) -> Result<String, std::io::Error> {
    t.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut got = Vec::new();
    match t.read_to_end(&mut got) {
        Ok(_) => Ok(String::from_utf8_lossy(&got).into_owned()),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
            ) =>
        {
            Ok(String::from_utf8_lossy(&got).into_owned())
        }
        Err(e) => Err(e),
    }
}

#[test]
fn idle_and_half_sent_connections_beyond_the_limit_do_not_block_a_request() {
    let site = fixture();
    let s = start_limited(site.path(), 64, Duration::from_secs(2));
    let port = s.port();
    let before = threads();
    // 300 connections, five times the limit: half never send a byte, half
    // stop in the middle of their request head (slowloris).
    let mut idle = Vec::new();
    for i in 0..300 {
        let mut t = TcpStream::connect(("127.0.0.1", port)).unwrap();
        if i % 2 == 1 {
            t.write_all(b"GET /sprinti/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .unwrap();
        }
        idle.push(t);
    }
    // A normal request is answered meanwhile.
    let r = get(port, "/sprinti/").expect("answered");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("</html>"));
    if let (Some(b), Some(a)) = (before, threads()) {
        // Other tests of this binary may start threads meanwhile; 300
        // connections on a thread each would be far more.
        assert!(a < b + 40, "threads: {b} before, {a} with 300 connections");
    }
    // Every idle connection is closed: the oldest to make room for newer
    // ones, the rest after the request timeout; the half-sent ones that
    // were still waiting then get 408.
    let mut timed_out = 0;
    for (i, t) in idle.iter_mut().enumerate() {
        let text = until_closed(t).expect("the server closes the connection");
        if i % 2 == 0 {
            assert!(text.is_empty(), "{text}");
        } else if !text.is_empty() {
            assert!(text.starts_with("HTTP/1.1 408 "), "{text}");
            timed_out += 1;
        }
    }
    assert!(timed_out > 0, "no half-sent request was answered 408");
    // And the server still answers.
    assert_eq!(get(port, "/").unwrap().status, 200);
    s.stop();
}

#[test]
fn a_trickled_request_head_is_cut_at_the_deadline() {
    let site = fixture();
    let s = start_limited(site.path(), 512, Duration::from_secs(1));
    let mut t = TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    // One byte at a time, each well within the timeout: the deadline is for
    // the whole head, so the connection still ends.
    let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut cut = false;
    for b in head {
        if t.write_all(&[*b]).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = until_closed(&mut t).expect("closed");
    assert!(
        cut || text.starts_with("HTTP/1.1 408 "),
        "the trickle was never cut: {text:?}"
    );
    s.stop();
}

#[test]
fn an_idle_kept_alive_connection_is_closed_after_the_timeout() {
    let site = fixture();
    let s = start_limited(site.path(), 512, Duration::from_secs(1));
    let mut t = TcpStream::connect(("127.0.0.1", s.port())).unwrap();
    t.write_all(b"GET /__inolab/reload.js HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let text = until_closed(&mut t).expect("closed");
    // The answer, then nothing: closed without a 408.
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("Keep-Alive: timeout=1\r\n"), "{text}");
    assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "{text}");
    s.stop();
}
