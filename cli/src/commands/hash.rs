//! `provenance hash`: the content root of a file or directory, optionally with each file's SHA-256
//! and size (`--manifest`; the digest column reads like `sha256sum` output).

use super::{hash_with_progress, human_bytes, print_json, Output};
use crate::content::Exclusions;
use anyhow::Result;
use serde_json::json;
use std::path::Path;

/// `provenance hash <path>`.
pub fn hash(path: &Path, exclusions: &Exclusions, manifest: bool, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let hashed = hash_with_progress(path, exclusions, out)?;
	let elapsed = started.elapsed();
	if out.json {
		let mut doc = json!({
			"path": path.display().to_string(),
			"root": format!("{:?}", hashed.root),
			"fileCount": hashed.files.len(),
			"totalBytes": hashed.total_bytes,
			"skipped": hashed.skipped.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
			"excluded": hashed.excluded,
			"exclusions": { "defaults": exclusions.defaults(), "globs": exclusions.globs() },
		});
		if manifest {
			doc["files"] = hashed
				.files
				.iter()
				.map(|f| {
					json!({
						"path": f.relative_path,
						"size": f.size,
						"sha256": hex::encode(f.sha256),
					})
				})
				.collect();
		}
		print_json(&doc);
	} else {
		println!("{:?}  {}", hashed.root, path.display());
		if manifest {
			for f in &hashed.files {
				println!("{}  {:>14}  {}", hex::encode(f.sha256), f.size, f.relative_path);
			}
		}
		let secs = elapsed.as_secs_f64().max(1e-9);
		out.notice(format!(
			"{} files, {} ({} bytes) in {:.2} s, {}/s",
			hashed.files.len(),
			human_bytes(hashed.total_bytes),
			hashed.total_bytes,
			secs,
			human_bytes((hashed.total_bytes as f64 / secs) as u64)
		));
	}
	Ok(())
}
