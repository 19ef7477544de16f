//! The `--state` file: an emulated org kept between runs, safe to share between processes.
//!
//! - **One writer at a time.** A run holds an exclusive lock on `FILE.lock` (a file beside the
//!   state that is never replaced) from before it reads the org until after it has saved it,
//!   so parallel runs queue instead of overwriting each other's changes.
//! - **All or nothing.** A save writes a temporary file in the same folder, syncs it, renames
//!   it over the state and syncs the folder: a crash at any point leaves the old org or the
//!   new one, never a truncated file.
//! - **Bounded reads.** Only a regular file of at most [`MAX_STATE_BYTES`] is read, so a
//!   device or a runaway file cannot hold the process.

use crate::emulator::Emulator;
use anyhow::{Context, Result, bail};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The largest state file read: an org of 100,000 users is about 120 MB.
pub const MAX_STATE_BYTES: u64 = 512 * 1024 * 1024;

/// A state file, locked for as long as this value lives.
pub struct StateFile {
    path: PathBuf,
    _lock: File,
    /// One save at a time within the process (`serve` answers requests in parallel): each takes
    /// its snapshot inside, so the last save written is the newest org.
    saving: Mutex<()>,
}

impl StateFile {
    /// Locks `path` for this process, waiting for another run that holds it.
    pub fn lock(path: &Path) -> Result<Self> {
        let lock_path = lock_path(path);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("opening the lock file {}", lock_path.display()))?;
        if lock.try_lock().is_err() {
            eprintln!(
                "waiting for another okta-block run that is using {}",
                path.display()
            );
            lock.lock()
                .with_context(|| format!("locking {}", lock_path.display()))?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            _lock: lock,
            saving: Mutex::new(()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The org in the file, or the demo org when there is no file yet.
    pub fn load(&self) -> Result<Emulator> {
        let path = &self.path;
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Emulator::demo()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        if !metadata.is_file() {
            bail!("{} is not a regular file", path.display());
        }
        let mut text = String::new();
        File::open(path)
            .and_then(|file| file.take(MAX_STATE_BYTES + 1).read_to_string(&mut text))
            .with_context(|| format!("reading {}", path.display()))?;
        if text.len() as u64 > MAX_STATE_BYTES {
            bail!(
                "{} is larger than {MAX_STATE_BYTES} bytes: not a state file",
                path.display()
            );
        }
        let state = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved org (not JSON)", path.display()))?;
        Emulator::from_json(state).with_context(|| format!("{} is not a saved org", path.display()))
    }

    /// Replaces the file with `org`, atomically and durably.
    pub fn save(&self, org: &Emulator) -> Result<()> {
        let _one_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let path = &self.path;
        let text = serde_json::to_vec_pretty(&org.to_json())?;
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = path.file_name().context("the state path names no file")?;
        let temp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let written = (|| {
            let mut file = File::create(&temp)?;
            file.write_all(&text)?;
            file.sync_all()?;
            std::fs::rename(&temp, path)?;
            // The rename itself is durable once the folder is synced.
            File::open(dir)?.sync_all()
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(e).with_context(|| format!("saving the org to {}", path.display()));
        }
        Ok(())
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}
