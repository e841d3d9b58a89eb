//! `provenance hash`: the content root of a file or directory, optionally with each file's SHA-256
//! and size (`--manifest`; the digest column reads like `sha256sum` output).

use super::{hash_with_progress, human_bytes, print_json, Exit, Output};
use crate::{content::Exclusions, oms};
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

/// `provenance hash --from-oms BUNDLE [--public-key PEM] [PATH]`: the root from a model-signing
/// bundle's digests; its signature checked when a key is given; PATH compared file by file.
/// Exits 1 (after printing the answer) when PATH no longer matches.
pub fn hash_from_oms(
	bundle_path: &Path,
	public_key: Option<&Path>,
	folder: Option<&Path>,
	exclusions: &Exclusions,
	manifest: bool,
	out: &Output,
) -> anyhow::Result<()> {
	let bundle = oms::read(bundle_path)?;
	let signature = match public_key {
		Some(key) => {
			let pem = std::fs::read_to_string(key)
				.map_err(|e| anyhow::anyhow!("cannot read --public-key {}: {e}", key.display()))?;
			bundle.verify_signature(&pem)?;
			"verified"
		}
		None => "not checked (no --public-key)",
	};
	let compared = match folder {
		Some(path) => {
			let hashed = hash_with_progress(path, exclusions, out)?;
			Some((path, hashed.root, oms::compare(&bundle.files, &hashed.files)))
		}
		None => None,
	};
	if out.json {
		let mut doc = json!({
			"bundle": bundle_path.display().to_string(),
			"root": format!("{:?}", bundle.root),
			"fileCount": bundle.files.len(),
			"excluded": bundle.excluded,
			"ignorePaths": bundle.ignore_paths,
			"signature": signature,
		});
		if manifest {
			doc["files"] = bundle
				.files
				.iter()
				.map(|f| json!({ "path": f.relative_path, "sha256": hex::encode(f.sha256) }))
				.collect();
		}
		if let Some((path, root, c)) = &compared {
			doc["folder"] = json!({
				"path": path.display().to_string(),
				"root": format!("{root:?}"),
				"matches": c.matches(),
				"missing": c.missing,
				"extra": c.extra,
				"changed": c.changed,
			});
		}
		print_json(&doc);
	} else {
		println!("{:?}  {}", bundle.root, bundle_path.display());
		if manifest {
			for f in &bundle.files {
				println!("{}  {}", hex::encode(f.sha256), f.relative_path);
			}
		}
		println!("signature: {signature}");
		if let Some((path, _, c)) = &compared {
			if c.matches() {
				println!("{} matches the bundle", path.display());
			} else {
				println!("{} does NOT match the bundle:", path.display());
				for (what, list) in
					[("missing", &c.missing), ("extra", &c.extra), ("changed", &c.changed)]
				{
					for p in list.iter() {
						println!("  {what}: {p}");
					}
				}
			}
		}
	}
	match compared {
		Some((_, _, c)) if !c.matches() => Err(Exit(1).into()),
		_ => Ok(()),
	}
}
