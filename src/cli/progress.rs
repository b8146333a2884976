//! Progress bars on a terminal (the only module that touches indicatif).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gleaner::pipeline::{Progress, Stage};

/// Progress bars for the passes, drawn on stderr when it is a terminal.
pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    docs_done: AtomicU64,
    enabled: bool,
}

impl Bars {
    pub fn new(enabled: bool) -> Self {
        Bars {
            bar: Mutex::new(None),
            docs_done: AtomicU64::new(0),
            enabled,
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: Stage, docs: u64, bytes: u64) {
        if !self.enabled {
            return;
        }
        let (label, bar) = match stage {
            Stage::Scan => ("pass 1/2 scan ", ProgressBar::new(bytes)),
            Stage::Clean => ("pass 2/2 clean", ProgressBar::new(bytes)),
            Stage::Index => ("index         ", ProgressBar::new_spinner()),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = if stage == Stage::Index {
            format!("{label} {{spinner}} {docs} documents")
        } else {
            format!(
                "{label} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{bytes_per_sec}} ETA {{eta}} · {{msg}} of {docs} docs"
            )
        };
        bar.set_style(
            ProgressStyle::with_template(&template)
                .expect("progress template is valid")
                .progress_chars("=> "),
        );
        if stage == Stage::Index {
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        bar.set_message("0");
        self.docs_done.store(0, Ordering::Relaxed);
        *self.bar.lock().expect("progress lock") = Some(bar);
    }

    fn advance(&self, docs: u64, bytes: u64) {
        if let Some(bar) = self.bar.lock().expect("progress lock").as_ref() {
            bar.inc(bytes);
            let done = self.docs_done.fetch_add(docs, Ordering::Relaxed) + docs;
            bar.set_message(done.to_string());
        }
    }

    fn finish(&self, _stage: Stage) {
        if let Some(bar) = self.bar.lock().expect("progress lock").take() {
            bar.finish_and_clear();
        }
    }
}
