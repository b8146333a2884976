//! A run killed with SIGKILL at any point and started again ends as an
//! uninterrupted run does, and takes what it finished from its state.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

fn gleaner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
}

fn succeed(command: &mut Command) -> Output {
    let output = command.output().expect("gleaner runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every file under `dir` (the state directory aside), by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::tree_skipping(dir, |name| name == ".gleaner-state")
}

fn clean(input: &Path, out: &Path) -> Command {
    let mut command = gleaner();
    command
        .args(["clean", "-j", "2"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Bytes of the state's index files: what pass 1 has finished.
fn state_written(report: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(report.join(".gleaner-state")) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("index-"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Kill `child` once `ready` holds, if it is still running then.
fn kill_when(mut child: Child, ready: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ready() && Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    killed
}

#[test]
fn a_killed_run_started_again_ends_as_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let bench = dir.path().join("bench");
    for (size, layout) in [("3M", "text"), ("1M", "jsonl-zst"), ("1M", "jsonl")] {
        let mut make = gleaner();
        make.args([
            "bench",
            "--generate-only",
            "--size",
            size,
            "--layout",
            layout,
        ])
        .arg("--dir")
        .arg(&bench);
        succeed(&mut make);
    }
    let input = dir.path().join("input");
    for entry in std::fs::read_dir(&bench).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            std::fs::create_dir_all(&input).unwrap();
            std::fs::rename(&path, input.join(name)).unwrap();
        }
    }

    let reference = dir.path().join("reference");
    succeed(&mut clean(&input, &reference));
    let expected = (tree(&reference), tree(&dir.path().join("reference.report")));
    assert!(!dir.path().join("reference.report/.gleaner-state").exists());

    let mut resumed_any = false;
    type Ready = Box<dyn Fn(&Path, &Path) -> bool>;
    let points: Vec<(&str, Ready)> = vec![
        (
            "early in pass 1",
            Box::new(|_, report| state_written(report) > 0),
        ),
        (
            "late in pass 1",
            Box::new(|_, report| state_written(report) > 200_000),
        ),
        (
            "in pass 2",
            Box::new(|out, _| out.join("corpus-text-3145728-seed1").exists()),
        ),
    ];
    for (at, ready) in points {
        let out = dir.path().join("out");
        let report = dir.path().join("out.report");
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&report);
        let child = clean(&input, &out).spawn().unwrap();
        let killed = kill_when(child, || ready(&out, &report));
        let rerun = succeed(&mut clean(&input, &out));
        let said = String::from_utf8_lossy(&rerun.stderr).to_string();
        eprintln!(
            "killed {at}: {killed}; {}",
            said.lines()
                .find(|l| l.starts_with("resumed"))
                .unwrap_or("-")
        );
        if killed && said.contains("resumed:") {
            resumed_any = true;
        }
        assert_eq!(tree(&out), expected.0, "killed {at}");
        assert_eq!(tree(&report), expected.1, "killed {at}");
        assert!(!report.join(".gleaner-state").exists(), "killed {at}");
    }
    assert!(
        resumed_any,
        "no run took anything from a killed run's state"
    );
}

#[test]
fn a_kept_state_lets_a_run_with_other_thresholds_skip_pass_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for i in 0..6 {
        let page = format!("首页 | 新闻 | 关于我们\n第{i}篇文章的正文在这里,内容各不相同,编号{i}。\nCopyright 2024 Example\n");
        std::fs::create_dir_all(input.join("site")).unwrap();
        std::fs::write(input.join(format!("site/{i}.txt")), page).unwrap();
    }
    let out = dir.path().join("out");
    let mut first = clean(&input, &out);
    first.arg("--keep-state");
    let said = String::from_utf8_lossy(&succeed(&mut first).stderr).to_string();
    assert!(!said.contains("resumed:"));
    assert!(dir.path().join("out.report/.gleaner-state").exists());
    let mut second = clean(&input, &out);
    second.args(["--bp-min-docs", "4"]);
    let said = String::from_utf8_lossy(&succeed(&mut second).stderr).to_string();
    assert!(said.contains("resumed: 6 documents"), "{said}");
    assert!(!dir.path().join("out.report/.gleaner-state").exists());
    // Other pass-1 settings do not take the state.
    let mut third = clean(&input, &out);
    third.args(["--keep-state", "--normalize", "nfc"]);
    succeed(&mut third);
    let mut fourth = clean(&input, &out);
    fourth.args(["--normalize", "nfkc"]);
    let said = String::from_utf8_lossy(&succeed(&mut fourth).stderr).to_string();
    assert!(!said.contains("resumed:"), "{said}");
}
