//! Start-up, as a person meets it: from starting the process to the first frame on a
//! terminal (a pseudo-terminal here), with the embedded knowledge base; and
//! `qwen-tui search QUERY` as a whole process.
//!
//! `cargo bench --bench startup`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_qwen-tui");

/// Starts the explorer in a pseudo-terminal and returns how long the first complete
/// frame took to arrive (its last line, the key hints, is drawn last).
fn first_frame() -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("QWEN_TUI_DATA");
    // Measure the defaults, not the user's config file.
    cmd.env_remove("QWEN_TUI_CONFIG");
    cmd.env("XDG_CONFIG_HOME", no_config());
    cmd.env("QWEN_TUI_HISTORY", "off");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains("help") {
                let _ = tx.send(start.elapsed());
                break;
            }
        }
    });
    let took = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("no first frame");
    let _ = child.kill();
    let _ = child.wait();
    took
}

/// A config folder with no config file in it.
fn no_config() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config")
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("explorer, process start to first frame", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| first_frame()).sum())
    });
    g.bench_function("`qwen-tui search cloud rev`, whole process", |b| {
        b.iter(|| {
            let out = Command::new(BIN)
                .args(["search", "cloud", "rev"])
                .env_remove("QWEN_TUI_DATA")
                .env_remove("QWEN_TUI_CONFIG")
                .env("XDG_CONFIG_HOME", no_config())
                .output()
                .unwrap();
            assert!(out.status.success());
        })
    });
    g.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
