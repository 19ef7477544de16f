//! Builds the guest component before the host compiles, so `cargo test` needs no manual step.
//!
//! The guest is built by a nested cargo with its own target directory under `OUT_DIR`: sharing
//! the outer build's directory would make the nested cargo wait on the lock the outer one holds.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/shrink.rs"]
mod shrink;

const TARGET: &str = "wasm32-wasip2";

fn main() {
    let guest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    for watched in ["src", "wit", "Cargo.toml", "Cargo.lock"] {
        println!(
            "cargo:rerun-if-changed={}",
            guest_dir.join(watched).display()
        );
    }
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target_dir = out_dir.join("guest-target");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());

    ensure_target_installed(&guest_dir);

    // `cargo rustc --crate-type cdylib`, not `cargo build`: the package is also an `rlib` (for
    // the fuzz target), and cargo skips LTO for a library built as both (issue 6).
    let status = nested(&cargo, &guest_dir)
        .args([
            "rustc",
            "--profile",
            "component",
            "--locked",
            "-p",
            "okta-block",
            "--lib",
            "--crate-type",
            "cdylib",
            "--target",
            TARGET,
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .expect("failed to run cargo for the guest component");
    assert!(status.success(), "building the guest component failed");

    let component = target_dir
        .join(TARGET)
        .join("component")
        .join("okta_block.wasm");
    assert!(
        component.exists(),
        "no component at {}",
        component.display()
    );
    // The size pass after linking: wasm-opt on the core module, custom sections dropped.
    let linked = std::fs::read(&component).expect("read the guest component");
    let shrunk = shrink::shrink(&linked, &out_dir);
    let component = out_dir.join("okta_block.wasm");
    std::fs::write(&component, shrunk).expect("write the component");
    println!(
        "cargo:rustc-env=OKTA_BLOCK_COMPONENT={}",
        component.display()
    );
}

/// A cargo command that does not inherit the outer build's target settings.
fn nested(cargo: &str, dir: &Path) -> Command {
    let mut command = Command::new(cargo);
    command.current_dir(dir);
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
    ] {
        command.env_remove(var);
    }
    command
}

/// rust-toolchain.toml installs the target with a fresh toolchain; a toolchain that was already
/// installed without it gets it here, once.
fn ensure_target_installed(dir: &Path) {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .current_dir(dir)
        .output();
    let Ok(sysroot) = sysroot else { return };
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(TARGET)
        .exists()
    {
        return;
    }
    let _ = Command::new("rustup")
        .args(["target", "add", TARGET])
        .current_dir(dir)
        .status();
}
