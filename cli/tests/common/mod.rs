//! Helpers shared by the integration tests: an independent implementation of the SPEC's hashing
//! conventions (the `blake2` crate and hand-written SCALE, no code from the CLI or the primitives),
//! and a runner for the `provenance` binary.

#![allow(dead_code)]

use blake2::{digest::consts::U32, Blake2b, Digest};
use std::{
	path::{Path, PathBuf},
	process::{Command, Output, Stdio},
	time::{Duration, Instant},
};

/// BLAKE2b with a 32-byte output.
pub fn b2(data: &[u8]) -> [u8; 32] {
	Blake2b::<U32>::digest(data).into()
}

/// SCALE compact encoding of a length.
pub fn compact(n: u64) -> Vec<u8> {
	if n < 1 << 6 {
		vec![(n as u8) << 2]
	} else if n < 1 << 14 {
		(((n as u16) << 2) | 1).to_le_bytes().to_vec()
	} else if n < 1 << 30 {
		(((n as u32) << 2) | 2).to_le_bytes().to_vec()
	} else {
		let bytes = n.to_le_bytes();
		let len = 8 - n.leading_zeros() as usize / 8;
		let mut out = vec![(((len - 4) as u8) << 2) | 3];
		out.extend_from_slice(&bytes[..len]);
		out
	}
}

/// `blake2_256(SCALE((path: Vec<u8>, sha256: [u8; 32])))`.
pub fn content_leaf(path: &str, sha256: &[u8; 32]) -> [u8; 32] {
	let mut encoded = compact(path.len() as u64);
	encoded.extend_from_slice(path.as_bytes());
	encoded.extend_from_slice(sha256);
	b2(&encoded)
}

/// SHA-256 of a file by coreutils' `sha256sum` (independent of the CLI's `sha2` crate).
pub fn sha256sum(path: &Path) -> [u8; 32] {
	let out = Command::new("sha256sum").arg(path).output().expect("sha256sum runs");
	assert!(out.status.success(), "sha256sum {}: {out:?}", path.display());
	let text = String::from_utf8(out.stdout).unwrap();
	let hex_digest = text.split_whitespace().next().unwrap();
	hex::decode(hex_digest).unwrap().try_into().unwrap()
}

/// The binary-merkle-tree root over leaf values: every value hashed once more, pairs hashed,
/// an odd node promoted.
pub fn merkle_root(values: &[[u8; 32]]) -> [u8; 32] {
	let mut layer: Vec<[u8; 32]> = values.iter().map(|v| b2(v)).collect();
	while layer.len() > 1 {
		layer = layer
			.chunks(2)
			.map(|pair| match pair {
				[l, r] => b2(&[l.as_slice(), r.as_slice()].concat()),
				[single] => *single,
				_ => unreachable!(),
			})
			.collect();
	}
	layer[0]
}

/// The root a batch is anchored with: `blake2_256(SCALE((count: u64, tree_root: [u8; 32])))`,
/// i.e. BLAKE2b-256 of the count as 8 little-endian bytes followed by the 32-byte [`merkle_root`].
/// (Content roots are plain [`merkle_root`]s; only inference batches are anchored this way.)
pub fn anchored_root(count: u64, tree_root: &[u8; 32]) -> [u8; 32] {
	let mut preimage = count.to_le_bytes().to_vec();
	preimage.extend_from_slice(tree_root);
	b2(&preimage)
}

/// Lays out `files` as `huggingface_hub` caches a repository: `blobs/<sha256>` and
/// `snapshots/<revision>/<path>` as relative symlinks into `blobs/`, `refs/main` naming the
/// revision. `repo` is `models--org--name` or `datasets--org--name`. Returns the snapshot folder.
#[cfg(unix)]
pub fn hf_cache_repo(
	cache: &Path,
	repo: &str,
	revision: &str,
	files: &[(&str, Vec<u8>)],
) -> PathBuf {
	let repo = cache.join(repo);
	let snapshot = repo.join("snapshots").join(revision);
	for (path, data) in files {
		std::fs::create_dir_all(repo.join("blobs")).unwrap();
		let scratch = repo.join("blobs/.incoming");
		std::fs::write(&scratch, data).unwrap();
		let blob_name = hex::encode(sha256sum(&scratch));
		std::fs::rename(&scratch, repo.join("blobs").join(&blob_name)).unwrap();
		let link = snapshot.join(path);
		std::fs::create_dir_all(link.parent().unwrap()).unwrap();
		let depth = path.matches('/').count() + 2;
		std::os::unix::fs::symlink(format!("{}blobs/{blob_name}", "../".repeat(depth)), &link)
			.unwrap();
	}
	std::fs::create_dir_all(repo.join("refs")).unwrap();
	std::fs::write(repo.join("refs/main"), revision).unwrap();
	snapshot
}

/// One file of an independently computed content tree.
#[derive(Debug, Clone)]
pub struct RefFile {
	pub path: String,
	pub size: u64,
	pub sha256: [u8; 32],
}

/// SPEC's default exclusions, written out independently of the CLI.
fn excluded_by_default(rel: &str, is_dir: bool) -> bool {
	let name = rel.rsplit('/').next().unwrap();
	if is_dir {
		[".git", ".hg", ".svn"].contains(&name) || [".github", ".cache/huggingface"].contains(&rel)
	} else {
		[".gitattributes", ".gitignore"].contains(&rel) || name == ".DS_Store"
	}
}

/// Files below `root` (symlinks to files followed, default exclusions applied), `/`-joined
/// relative paths, sorted by bytes.
pub fn reference_files(root: &Path) -> Vec<RefFile> {
	fn walk(dir: &Path, prefix: &str, out: &mut Vec<RefFile>) {
		for entry in std::fs::read_dir(dir).unwrap() {
			let entry = entry.unwrap();
			let meta = std::fs::metadata(entry.path()).unwrap(); // follows symlinks
			let name = entry.file_name().into_string().unwrap();
			let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
			if excluded_by_default(&rel, meta.is_dir()) {
				continue;
			}
			if meta.is_dir() {
				assert!(!entry.file_type().unwrap().is_symlink(), "no directory symlinks here");
				walk(&entry.path(), &rel, out);
			} else if meta.is_file() {
				out.push(RefFile { path: rel, size: meta.len(), sha256: sha256sum(&entry.path()) });
			}
		}
	}
	let mut out = Vec::new();
	if root.is_file() {
		let name = root.file_name().unwrap().to_str().unwrap().to_owned();
		let size = std::fs::metadata(root).unwrap().len();
		out.push(RefFile { path: name, size, sha256: sha256sum(root) });
	} else {
		walk(root, "", &mut out);
	}
	out.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
	out
}

/// The content root of `root`, computed independently.
pub fn reference_root(root: &Path) -> [u8; 32] {
	let leaves: Vec<[u8; 32]> =
		reference_files(root).iter().map(|f| content_leaf(&f.path, &f.sha256)).collect();
	merkle_root(&leaves)
}

pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The `provenance` binary built for these tests.
pub fn bin() -> PathBuf {
	PathBuf::from(env!("CARGO_BIN_EXE_provenance"))
}

/// Result of one run of the binary.
#[derive(Debug)]
pub struct Run {
	pub code: Option<i32>,
	pub stdout: String,
	pub stderr: String,
}

impl Run {
	pub fn ok(&self) -> bool {
		self.code == Some(0)
	}
	pub fn json(&self) -> serde_json::Value {
		serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
			panic!("stdout is not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr)
		})
	}
}

/// Runs the binary with a time limit (killed past it), stdin closed.
pub fn run_with_timeout(args: &[&str], limit: Duration) -> Run {
	let mut child = Command::new(bin())
		.args(args)
		.stdin(Stdio::null())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("spawn provenance");
	let started = Instant::now();
	loop {
		if child.try_wait().expect("wait").is_some() {
			break;
		}
		if started.elapsed() > limit {
			let _ = child.kill();
			let out = child.wait_with_output().unwrap();
			panic!(
				"provenance {args:?} ran longer than {limit:?}\nstdout: {}\nstderr: {}",
				String::from_utf8_lossy(&out.stdout),
				String::from_utf8_lossy(&out.stderr)
			);
		}
		std::thread::sleep(Duration::from_millis(20));
	}
	let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
	Run {
		code: status.code(),
		stdout: String::from_utf8_lossy(&stdout).into_owned(),
		stderr: String::from_utf8_lossy(&stderr).into_owned(),
	}
}

/// Runs the binary with a 120 s limit.
pub fn run(args: &[&str]) -> Run {
	run_with_timeout(args, Duration::from_secs(120))
}

/// A deterministic pseudo-random generator (xorshift64*).
pub struct Rng(pub u64);
impl Rng {
	pub fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	pub fn bytes(&mut self, n: usize) -> Vec<u8> {
		let mut out = Vec::with_capacity(n + 8);
		while out.len() < n {
			out.extend_from_slice(&self.next().to_le_bytes());
		}
		out.truncate(n);
		out
	}
	pub fn hash(&mut self) -> String {
		hex0x(&self.bytes(32))
	}
}

/// A JSON Lines records file of `n` records for `model_id`.
pub fn records_jsonl(n: usize, model_id: u64, seed: u64) -> String {
	let mut rng = Rng(seed | 1);
	let mut s = String::with_capacity(n * 240);
	for _ in 0..n {
		s.push_str(&format!(
			"{{\"modelId\":{model_id},\"inputHash\":\"{}\",\"outputHash\":\"{}\",\"paramsHash\":\"{}\"}}\n",
			rng.hash(),
			rng.hash(),
			rng.hash()
		));
	}
	s
}

/// The venv's Python (`$PROVENANCE_VENV`, made by `scripts/setup.sh`).
pub fn python() -> PathBuf {
	venv_bin("python")
}

/// A tool of the venv `scripts/setup.sh` creates (`$PROVENANCE_VENV`, default
/// `~/.cache/provenance-chain/venv`).
pub fn venv_bin(tool: &str) -> PathBuf {
	let venv = std::env::var("PROVENANCE_VENV").unwrap_or_else(|_| {
		format!("{}/.cache/provenance-chain/venv", std::env::var("HOME").unwrap())
	});
	let path = Path::new(&venv).join("bin").join(tool);
	assert!(
		path.is_file(),
		"{} is missing: run scripts/setup.sh (it installs the Python test tools)",
		path.display()
	);
	path
}

/// Runs `tests/exports/validate.py FORMAT FILE` (the formats' official libraries); returns
/// (accepted, its output).
pub fn validate(format: &str, file: &Path, models: usize, datasets: usize) -> (bool, String) {
	let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/exports/validate.py");
	let out = Command::new(python())
		.arg(script)
		.args([format, file.to_str().unwrap()])
		.args(["--expect-models", &models.to_string(), "--expect-datasets", &datasets.to_string()])
		.output()
		.expect("python runs");
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	(out.status.success(), text)
}
