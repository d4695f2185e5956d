//! A quiet progress line for long builds on a terminal: nothing for the
//! first second, then a spinner with the elapsed time, erased at the end.
//! Never drawn when stderr is not a terminal (CI logs stay clean).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Progress {
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    pub fn start(on_terminal: bool) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let handle = on_terminal.then(|| {
            let done = done.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                let mut i = 0;
                let mut drawn = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if start.elapsed() >= Duration::from_secs(1) && !done.load(Ordering::Relaxed) {
                        eprint!(
                            "\r{} building… {:.1} s",
                            frames[i % frames.len()],
                            start.elapsed().as_secs_f64()
                        );
                        let _ = std::io::stderr().flush();
                        drawn = true;
                        i += 1;
                    }
                }
                if drawn {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress { done, handle }
    }

    pub fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
