//! The minimum Rust version we claim (`rust-version` in Cargo.toml, and the README's set-up
//! line) is at least what every locked dependency says it needs. serde-saphyr 2.1 needs
//! 1.89 while we said 1.88: this is the check that would have caught it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

/// `1.89` or `1.89.0` as comparable numbers.
fn version(v: &str) -> (u32, u32, u32) {
    let mut parts = v.trim().split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_we_claim() {
    let ours = env!("CARGO_PKG_RUST_VERSION");
    assert!(!ours.is_empty(), "Cargo.toml must set rust-version");
    // Only this machine's platform: the packages a build here downloaded (so it runs
    // offline on a clean clone after the build).
    let rustc = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc -vV names the host");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    assert!(packages.len() > 50, "the dependencies are listed");
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(ours))
                .then(|| format!("{} {} needs {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "rust-version is {ours}, but {too_new:?}: raise rust-version and the README"
    );
}

#[test]
fn the_readme_states_the_same_minimum() {
    let readme = include_str!("../README.md");
    let ours = env!("CARGO_PKG_RUST_VERSION");
    let short = ours.strip_suffix(".0").unwrap_or(ours);
    assert!(
        readme.contains(&format!("Rust toolchain ({short} or newer)")),
        "the README's set-up line must say {short}"
    );
}
