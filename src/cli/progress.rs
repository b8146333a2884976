//! Progress bars on a terminal (the only module that touches indicatif).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gleaner::pipeline::{Progress, Stage};

/// Progress bars for the passes, drawn on stderr when it is a terminal, and
/// the time each stage took, kept whether drawn or not.
pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    docs_done: AtomicU64,
    enabled: bool,
    stages: Mutex<Vec<(Stage, Instant, Option<Duration>)>>,
}

impl Bars {
    pub fn new(enabled: bool) -> Self {
        Bars {
            bar: Mutex::new(None),
            docs_done: AtomicU64::new(0),
            enabled,
            stages: Mutex::new(Vec::new()),
        }
    }

    /// How long each finished stage took, in the order they ran.
    pub fn timings(&self) -> Vec<(Stage, Duration)> {
        let stages = self.stages.lock().expect("stage timing lock");
        stages
            .iter()
            .filter_map(|&(stage, _, took)| Some((stage, took?)))
            .collect()
    }
}

impl Progress for Bars {
    fn start(&self, stage: Stage, docs: u64, bytes: u64) {
        self.stages
            .lock()
            .expect("stage timing lock")
            .push((stage, Instant::now(), None));
        if !self.enabled {
            return;
        }
        let (label, bar) = match stage {
            Stage::Walk => ("walk          ", ProgressBar::new_spinner()),
            Stage::Scan => ("pass 1/2 scan ", ProgressBar::new(bytes)),
            Stage::Clean => ("pass 2/2 clean", ProgressBar::new(bytes)),
            Stage::Index => ("index         ", ProgressBar::new_spinner()),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = if stage == Stage::Walk {
            format!("{label} {{spinner}} listing files")
        } else if stage == Stage::Index {
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
        if matches!(stage, Stage::Walk | Stage::Index) {
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

    fn notice(&self, message: &str) {
        match self.bar.lock().expect("progress lock").as_ref() {
            Some(bar) => bar.suspend(|| eprintln!("warning: {message}")),
            None => eprintln!("warning: {message}"),
        }
    }

    fn finish(&self, stage: Stage) {
        let mut stages = self.stages.lock().expect("stage timing lock");
        if let Some(entry) = stages.iter_mut().rev().find(|(s, _, _)| *s == stage) {
            entry.2 = Some(entry.1.elapsed());
        }
        drop(stages);
        if let Some(bar) = self.bar.lock().expect("progress lock").take() {
            bar.finish_and_clear();
        }
    }
}
