//! `provenance hash`: the content root of a file or directory, optionally with each file's hash and
//! size (`--manifest`).

use super::{hash_with_progress, human_bytes, print_json, Output};
use anyhow::Result;
use serde_json::json;
use std::path::Path;

fn hex32(bytes: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// `provenance hash <path>`.
pub fn hash(path: &Path, manifest: bool, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let hashed = hash_with_progress(path, out)?;
	let elapsed = started.elapsed();
	if out.json {
		let mut doc = json!({
			"path": path.display().to_string(),
			"root": format!("{:?}", hashed.root),
			"fileCount": hashed.files.len(),
			"totalBytes": hashed.total_bytes,
			"skipped": hashed.skipped.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
		});
		if manifest {
			doc["files"] = hashed
				.files
				.iter()
				.map(|f| {
					json!({
						"path": String::from_utf8_lossy(&f.relative_path),
						"size": f.size,
						"hash": hex32(&f.file_hash),
					})
				})
				.collect();
		}
		print_json(&doc);
	} else {
		println!("{:?}  {}", hashed.root, path.display());
		if manifest {
			for f in &hashed.files {
				println!(
					"{}  {:>14}  {}",
					hex32(&f.file_hash),
					f.size,
					String::from_utf8_lossy(&f.relative_path)
				);
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
