//! Content roots of files and directories, exactly as SPEC "Hashing conventions" (v2) defines them.
//!
//! * One leaf per file: `relative_path` (UTF-8, `/`-separated, below the given root) and the
//!   SHA-256 of its bytes; the leaf and the root come from [`provenance_primitives::content`], the
//!   same code the runtime uses.
//! * A single file is a directory of one entry named by its file name.
//! * A symlink to a regular file counts as that file under the link's own path (a Hugging Face
//!   cache snapshot is a folder of such links into `blobs/`). A symlink to a directory and a
//!   dangling symlink are errors naming the path, so nothing is silently left out and no loop is
//!   possible. The root itself may be a symlink; it is resolved once.
//! * Bookkeeping is excluded ([`Exclusions`]): `.git`, `.hg`, `.svn` directories at any depth;
//!   directly under the root `.github/`, `.gitattributes`, `.gitignore` and `.cache/huggingface/`;
//!   files named `.DS_Store`. Users add globs (`--exclude`) or turn the defaults off.
//! * Sockets, FIFOs and devices are skipped and reported.
//! * A name that is not valid UTF-8 is refused with an error naming the path, because the leaf
//!   needs the path's UTF-8 bytes and any lossy conversion would silently change the root.
//! * An empty directory (no file left to hash) is an error.
//! * Files are streamed in fixed-size chunks (never loaded whole) through SHA-256 (the `sha2`
//!   crate, which uses the CPU's SHA extensions when present) in parallel on all cores, largest
//!   first, so one big file does not finish last on an otherwise idle machine.

use anyhow::{bail, Context, Result};
use provenance_primitives::content::{content_root, FileEntry};
use sha2::{Digest, Sha256};
use sp_core::H256;
use std::{
	fs::File,
	io::{self, Read},
	path::{Path, PathBuf},
	sync::atomic::{AtomicBool, AtomicUsize, Ordering},
};

/// Bytes read per `read` call while streaming a file.
pub const CHUNK: usize = 1 << 17;

/// The BLAKE2b-256 hasher state used for documents that are not content (licence terms, dispute
/// evidence): identical to `sp_core::hashing::blake2_256`.
pub fn hasher() -> blake2b_simd::State {
	blake2b_simd::Params::new().hash_length(32).to_state()
}

/// Directory names excluded at any depth (version-control metadata).
pub const EXCLUDED_DIRS_ANY_DEPTH: [&str; 3] = [".git", ".hg", ".svn"];
/// Paths excluded directly under the root: model-signing's default ignore list and the download
/// bookkeeping of `huggingface_hub --local-dir`. Directories end with `/`.
pub const EXCLUDED_AT_ROOT: [&str; 4] =
	[".github/", ".gitattributes", ".gitignore", ".cache/huggingface/"];
/// File names excluded at any depth.
pub const EXCLUDED_FILE_NAMES: [&str; 1] = [".DS_Store"];

/// Which entries below the root are left out of a content root.
#[derive(Clone, Debug)]
pub struct Exclusions {
	defaults: bool,
	globs: Vec<String>,
}

impl Default for Exclusions {
	fn default() -> Self {
		Self { defaults: true, globs: Vec::new() }
	}
}

impl Exclusions {
	/// The SPEC's default exclusions (unless `defaults` is false) plus the user's globs.
	///
	/// A glob without `/` matches the name of a file or directory at any depth (`*.tmp`,
	/// `checkpoints`); a glob with `/` matches the whole path below the root (`logs/**/*.txt`).
	/// `*` and `?` stay within one path segment, `**` crosses segments. An excluded directory
	/// excludes everything below it.
	pub fn new(defaults: bool, globs: &[String]) -> Result<Self> {
		for glob in globs {
			if glob.trim_matches('/').is_empty() {
				bail!("--exclude {glob:?}: an empty pattern would exclude everything");
			}
		}
		Ok(Self {
			defaults,
			globs: globs.iter().map(|g| g.trim_end_matches('/').to_owned()).collect(),
		})
	}

	/// Whether the defaults apply.
	pub fn defaults(&self) -> bool {
		self.defaults
	}

	/// The user's globs.
	pub fn globs(&self) -> &[String] {
		&self.globs
	}

	/// Whether the entry at `relative` (`/`-separated, below the root) is left out.
	pub fn excludes(&self, relative: &str, is_dir: bool) -> bool {
		let name = relative.rsplit('/').next().unwrap_or(relative);
		if self.defaults {
			if is_dir && EXCLUDED_DIRS_ANY_DEPTH.contains(&name) {
				return true;
			}
			if !is_dir && EXCLUDED_FILE_NAMES.contains(&name) {
				return true;
			}
			let at_root = EXCLUDED_AT_ROOT.iter().any(|p| match p.strip_suffix('/') {
				Some(dir) => is_dir && relative == dir,
				None => !is_dir && relative == *p,
			});
			if at_root {
				return true;
			}
		}
		self.globs.iter().any(|g| {
			if g.contains('/') {
				glob_match(g.as_bytes(), relative.as_bytes())
			} else {
				glob_match(g.as_bytes(), name.as_bytes())
			}
		})
	}
}

impl Exclusions {
	/// Whether a file at `relative` is left out, by itself or by a directory above it (for a
	/// flat list of paths, such as a signed manifest's, that was not walked).
	pub fn excludes_file_path(&self, relative: &str) -> bool {
		let mut at = 0;
		while let Some(i) = relative[at..].find('/') {
			let dir = &relative[..at + i];
			if self.excludes(dir, true) {
				return true;
			}
			at += i + 1;
		}
		self.excludes(relative, false)
	}
}

/// Shell-style matching: `*` any run of characters but `/`, `**` any run including `/`, `?` one
/// character but `/`; everything else literally.
pub fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
	match pattern.split_first() {
		None => text.is_empty(),
		Some((b'*', rest)) => {
			if let Some(after) = rest.strip_prefix(b"*") {
				// `**/` also matches zero directories.
				let after_slash = after.strip_prefix(b"/");
				if let Some(tail) = after_slash {
					if glob_match(tail, text) {
						return true;
					}
				}
				(0..=text.len()).any(|i| glob_match(after, &text[i..]))
			} else {
				let segment = text.iter().position(|&c| c == b'/').unwrap_or(text.len());
				(0..=segment).any(|i| glob_match(rest, &text[i..]))
			}
		}
		Some((b'?', rest)) => match text.split_first() {
			Some((c, tail)) if *c != b'/' => glob_match(rest, tail),
			_ => false,
		},
		Some((p, rest)) => match text.split_first() {
			Some((c, tail)) if c == p => glob_match(rest, tail),
			_ => false,
		},
	}
}

/// A file found below the root, not yet hashed.
#[derive(Clone, Debug)]
pub struct PendingFile {
	/// Where to read it (for a symlink: the link, which `open` follows).
	pub path: PathBuf,
	/// Its `/`-separated UTF-8 path below the root.
	pub relative_path: String,
	/// Its size when it was listed.
	pub size: u64,
}

/// A file and its digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashedFile {
	/// Its `/`-separated UTF-8 path below the root.
	pub relative_path: String,
	/// Its size in bytes.
	pub size: u64,
	/// SHA-256 of its bytes.
	pub sha256: [u8; 32],
}

impl HashedFile {
	/// The leaf entry of the content tree.
	pub fn entry(&self) -> FileEntry {
		FileEntry { relative_path: self.relative_path.clone().into_bytes(), sha256: self.sha256 }
	}
}

/// Why an entry below the root was left out of the content root without an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
	/// A socket, FIFO or device (or a symlink to one).
	NotRegular,
}

/// An entry left out of the content root, reported on stderr.
#[derive(Clone, Debug)]
pub struct Skipped {
	/// The entry.
	pub path: PathBuf,
	/// Why.
	pub reason: SkipReason,
}

impl std::fmt::Display for Skipped {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self.reason {
			SkipReason::NotRegular => {
				write!(f, "skipped {} (not a regular file)", self.path.display())
			}
		}
	}
}

/// The files below `root` and the entries left out.
#[derive(Clone, Debug, Default)]
pub struct Listing {
	/// Files (regular files and symlinks to them), in walk order.
	pub files: Vec<PendingFile>,
	/// Special entries skipped.
	pub skipped: Vec<Skipped>,
	/// Relative paths excluded by [`Exclusions`] (directories end with `/`, their contents are
	/// not listed).
	pub excluded: Vec<String>,
}

impl Listing {
	/// Sum of the listed files' sizes.
	pub fn total_bytes(&self) -> u64 {
		self.files.iter().map(|f| f.size).sum()
	}
}

/// The content root of a path and everything that went into it.
#[derive(Clone, Debug)]
pub struct ContentHash {
	/// The root.
	pub root: H256,
	/// One entry per file, sorted by path bytes.
	pub files: Vec<HashedFile>,
	/// Sum of the files' sizes.
	pub total_bytes: u64,
	/// Special entries skipped.
	pub skipped: Vec<Skipped>,
	/// Entries excluded (relative paths, directories end with `/`).
	pub excluded: Vec<String>,
}

fn utf8_name<'a>(path: &'a Path, part: &'a std::ffi::OsStr) -> Result<&'a str> {
	part.to_str().ok_or_else(|| {
		anyhow::anyhow!(
			"file name is not valid UTF-8: {} (content roots need UTF-8 paths; rename the file)",
			path.display()
		)
	})
}

fn relative_utf8(root: &Path, path: &Path) -> Result<String> {
	let relative = path
		.strip_prefix(root)
		.with_context(|| format!("{} is not below {}", path.display(), root.display()))?;
	let mut parts = Vec::new();
	for part in relative.components() {
		parts.push(utf8_name(path, part.as_os_str())?);
	}
	Ok(parts.join("/"))
}

/// Lists the files of `root` (a file or a directory) without reading them, leaving out what
/// `exclusions` names.
pub fn list(root: &Path, exclusions: &Exclusions) -> Result<Listing> {
	let meta = std::fs::metadata(root).with_context(|| match std::fs::symlink_metadata(root) {
		Ok(_) => format!("cannot follow {} (dangling or looping symlink?)", root.display()),
		Err(_) => format!("no such file or directory: {}", root.display()),
	})?;
	let mut listing = Listing::default();
	if meta.is_file() {
		let name =
			root.file_name().with_context(|| format!("{} has no file name", root.display()))?;
		let name = utf8_name(root, name)?;
		listing.files.push(PendingFile {
			path: root.to_path_buf(),
			relative_path: name.to_owned(),
			size: meta.len(),
		});
		return Ok(listing);
	}
	if !meta.is_dir() {
		bail!("{} is neither a regular file nor a directory", root.display());
	}
	let mut walker = walkdir::WalkDir::new(root)
		.follow_links(false)
		.follow_root_links(true)
		.min_depth(1)
		.into_iter();
	while let Some(entry) = walker.next() {
		let entry = entry.map_err(|e| {
			let path = e.path().map(|p| p.display().to_string()).unwrap_or_default();
			match e.io_error() {
				Some(io) => anyhow::anyhow!("cannot read directory entry {path}: {io}"),
				None => anyhow::anyhow!("cannot walk {path}: {e}"),
			}
		})?;
		// Names must be UTF-8, directories' too: checked before anything else, so the error
		// names the first bad entry even in an empty or excluded directory.
		let relative = relative_utf8(root, entry.path())?;
		let file_type = entry.file_type();
		if file_type.is_dir() {
			if exclusions.excludes(&relative, true) {
				listing.excluded.push(format!("{relative}/"));
				walker.skip_current_dir();
			}
			continue;
		}
		// A symlink is judged by what it points to, under its own path.
		let (is_file, size) = if file_type.is_symlink() {
			let target = std::fs::metadata(entry.path());
			match target {
				Ok(t) if t.is_dir() => {
					if exclusions.excludes(&relative, true) {
						listing.excluded.push(format!("{relative}/"));
						continue;
					}
					bail!(
						"{} is a symlink to a directory: not followed (hash that directory itself, or --exclude it)",
						entry.path().display()
					);
				}
				Ok(t) => (t.is_file(), t.len()),
				Err(e) => {
					if exclusions.excludes(&relative, false) {
						listing.excluded.push(relative);
						continue;
					}
					let points_to = std::fs::read_link(entry.path())
						.map(|p| p.display().to_string())
						.unwrap_or_else(|_| "?".into());
					bail!(
						"{} is a dangling symlink (points to {points_to}: {e}); restore its target or --exclude it",
						entry.path().display()
					);
				}
			}
		} else {
			let is_file = file_type.is_file();
			let size = if is_file {
				entry
					.metadata()
					.with_context(|| format!("cannot stat {}", entry.path().display()))?
					.len()
			} else {
				0
			};
			(is_file, size)
		};
		if exclusions.excludes(&relative, false) {
			listing.excluded.push(relative);
			continue;
		}
		if !is_file {
			listing
				.skipped
				.push(Skipped { path: entry.path().to_path_buf(), reason: SkipReason::NotRegular });
			continue;
		}
		listing.files.push(PendingFile {
			path: entry.path().to_path_buf(),
			relative_path: relative,
			size,
		});
	}
	Ok(listing)
}

/// Reads `file` to its end in `buffer`-sized chunks, handing each chunk to `chunk`. Returns the
/// number of bytes read.
fn stream(file: &File, buffer: &mut [u8], mut chunk: impl FnMut(&[u8])) -> io::Result<u64> {
	let mut reader = file;
	let mut total = 0u64;
	loop {
		let n = match reader.read(buffer) {
			Ok(0) => return Ok(total),
			Ok(n) => n,
			Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
			Err(e) => return Err(e),
		};
		chunk(&buffer[..n]);
		total += n as u64;
	}
}

/// Streams one file through SHA-256 using `buffer` for the chunks, calling `progress` with the
/// size of each chunk. Returns the digest and the number of bytes read.
pub fn sha256_file_with(
	path: &Path,
	buffer: &mut [u8],
	mut progress: impl FnMut(u64),
) -> io::Result<([u8; 32], u64)> {
	let file = File::open(path)?;
	let mut state = Sha256::new();
	let mut prefetch = Prefetch::new(&file);
	prefetch.ahead_of(&file, 0);
	let mut position = 0u64;
	let total = stream(&file, buffer, |bytes| {
		state.update(bytes);
		position += bytes.len() as u64;
		prefetch.ahead_of(&file, position);
		progress(bytes.len() as u64);
	})?;
	Ok((state.finalize().into(), total))
}

/// Keeps the kernel reading a file ahead of the hasher: reads are small (they stay in the CPU
/// cache while hashed), so without this a cold file is read one readahead window at a time and
/// the disk idles while the core hashes. Advice only: errors are ignored, and it does nothing
/// off Linux.
struct Prefetch {
	/// Bytes asked for so far.
	advised: u64,
}

impl Prefetch {
	/// How far ahead of the hasher the kernel is asked to read.
	const AHEAD: u64 = 64 << 20;
	/// How much is asked for at a time.
	const STEP: u64 = 16 << 20;

	fn new(file: &File) -> Self {
		#[cfg(target_os = "linux")]
		let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::Sequential);
		#[cfg(not(target_os = "linux"))]
		let _ = file;
		Self { advised: 0 }
	}

	fn ahead_of(&mut self, file: &File, position: u64) {
		while self.advised < position.saturating_add(Self::AHEAD) {
			#[cfg(target_os = "linux")]
			let _ = rustix::fs::fadvise(
				file,
				self.advised,
				std::num::NonZeroU64::new(Self::STEP),
				rustix::fs::Advice::WillNeed,
			);
			#[cfg(not(target_os = "linux"))]
			let _ = file;
			self.advised = self.advised.saturating_add(Self::STEP);
		}
	}
}

/// [`sha256_file_with`] with its own buffer.
pub fn sha256_file(path: &Path) -> io::Result<([u8; 32], u64)> {
	sha256_file_with(path, &mut vec![0u8; CHUNK], |_| {})
}

/// BLAKE2b-256 of a document (licence terms, dispute evidence), streamed.
pub fn blake2_256_file(path: &Path) -> io::Result<[u8; 32]> {
	let file = File::open(path)?;
	let mut state = hasher();
	stream(&file, &mut vec![0u8; CHUNK], |bytes| {
		state.update(bytes);
	})?;
	let mut out = [0u8; 32];
	out.copy_from_slice(state.finalize().as_bytes());
	Ok(out)
}

/// Number of hashing threads: every core (`PROVENANCE_THREADS` overrides it).
pub fn threads() -> usize {
	std::env::var("PROVENANCE_THREADS")
		.ok()
		.and_then(|v| v.parse().ok())
		.filter(|n: &usize| *n > 0)
		.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The content root of files already hashed (for example the digests of a signed manifest).
pub fn root_of(files: &[HashedFile]) -> Option<H256> {
	content_root(files.iter().map(HashedFile::entry).collect())
}

/// Hashes the listed files in parallel and computes the root. Files are handed to the worker
/// threads largest first, so the longest jobs start at once and the small ones fill the gaps.
/// `progress` is called from the worker threads with byte counts.
pub fn hash_listing(
	listing: Listing,
	root: &Path,
	progress: &(dyn Fn(u64) + Sync),
) -> Result<ContentHash> {
	if listing.files.is_empty() {
		if listing.skipped.is_empty() && listing.excluded.is_empty() {
			bail!("{} is an empty directory: nothing to hash", root.display());
		}
		bail!(
			"{} contains no file to hash ({} entries excluded, {} special entries skipped)",
			root.display(),
			listing.excluded.len(),
			listing.skipped.len()
		);
	}
	let mut pending = listing.files;
	pending.sort_by_key(|p| std::cmp::Reverse(p.size));
	let next = AtomicUsize::new(0);
	let failed = AtomicBool::new(false);
	let workers = threads().min(pending.len());
	let results: Vec<Result<Vec<HashedFile>>> = std::thread::scope(|scope| {
		let handles: Vec<_> = (0..workers)
			.map(|_| {
				scope.spawn(|| {
					let mut buffer = vec![0u8; CHUNK];
					let mut done = Vec::new();
					while !failed.load(Ordering::Relaxed) {
						let i = next.fetch_add(1, Ordering::Relaxed);
						let Some(file) = pending.get(i) else { break };
						match hash_one(file, &mut buffer, progress) {
							Ok(entry) => done.push(entry),
							Err(e) => {
								failed.store(true, Ordering::Relaxed);
								return Err(e);
							}
						}
					}
					Ok(done)
				})
			})
			.collect();
		handles
			.into_iter()
			.map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a hashing thread panicked"))))
			.collect()
	});
	let mut files = Vec::with_capacity(pending.len());
	for result in results {
		files.extend(result?);
	}
	if files.len() != pending.len() {
		bail!("hashing stopped early");
	}
	files.sort_by(|a, b| a.relative_path.as_bytes().cmp(b.relative_path.as_bytes()));
	let total_bytes = files.iter().map(|e| e.size).sum();
	let root_hash = root_of(&files).context("no file to hash")?;
	Ok(ContentHash {
		root: root_hash,
		files,
		total_bytes,
		skipped: listing.skipped,
		excluded: listing.excluded,
	})
}

fn hash_one(
	file: &PendingFile,
	buffer: &mut [u8],
	progress: &(dyn Fn(u64) + Sync),
) -> Result<HashedFile> {
	let (sha256, size) = sha256_file_with(&file.path, buffer, progress)
		.with_context(|| format!("cannot read {}", file.path.display()))?;
	if size != file.size {
		bail!(
			"{} changed while being hashed ({} bytes listed, {} read)",
			file.path.display(),
			file.size,
			size
		);
	}
	Ok(HashedFile { relative_path: file.relative_path.clone(), size, sha256 })
}

/// The content root of a Hugging Face hub cache snapshot (`…/snapshots/<revision>/`), with the
/// default exclusions. The cache names every LFS file's blob by its SHA-256 (`blobs/<64 hex>`),
/// so those digests are taken from the link targets' names and only the other files (small git
/// files, whose blobs are named by git's SHA-1) are read: a multi-gigabyte base model is
/// identified in milliseconds. A corrupted cache gives a root no model has, never another's.
pub fn hash_hub_snapshot(dir: &Path) -> Result<ContentHash> {
	let listing = list(dir, &Exclusions::default())?;
	let mut files = Vec::with_capacity(listing.files.len());
	let mut buffer = vec![0u8; CHUNK];
	for file in &listing.files {
		let named = std::fs::read_link(&file.path).ok().and_then(|target| {
			let name = target.file_name()?.to_str()?.to_owned();
			let bytes = hex::decode(&name).ok()?;
			(name.len() == 64).then_some(())?;
			<[u8; 32]>::try_from(bytes).ok()
		});
		let hashed = match named {
			Some(sha256) => {
				HashedFile { relative_path: file.relative_path.clone(), size: file.size, sha256 }
			}
			None => hash_one(file, &mut buffer, &|_| {})?,
		};
		files.push(hashed);
	}
	files.sort_by(|a, b| a.relative_path.as_bytes().cmp(b.relative_path.as_bytes()));
	let root = root_of(&files).with_context(|| format!("{} has no file to hash", dir.display()))?;
	let total_bytes = files.iter().map(|f| f.size).sum();
	Ok(ContentHash {
		root,
		files,
		total_bytes,
		skipped: listing.skipped,
		excluded: listing.excluded,
	})
}

/// Lists and hashes `root` with the default exclusions, without progress reporting.
pub fn hash_path(root: &Path) -> Result<ContentHash> {
	hash_listing(list(root, &Exclusions::default())?, root, &|_| {})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn globs_match_names_and_paths() {
		let g = |p: &str, t: &str| glob_match(p.as_bytes(), t.as_bytes());
		assert!(g("*.tmp", "a.tmp"));
		assert!(!g("*.tmp", "dir/a.tmp"), "* stays in one segment");
		assert!(g("logs/**/*.txt", "logs/a/b/c.txt"));
		assert!(g("logs/**/*.txt", "logs/c.txt"), "**/ matches zero directories");
		assert!(g("**", "any/thing"));
		assert!(g("ch?ckpoint", "checkpoint"));
		assert!(!g("ch?ckpoint", "ch/ckpoint"));
		assert!(!g("a", "ab"));
	}

	#[test]
	fn default_exclusions_follow_the_spec() {
		let x = Exclusions::default();
		for (path, dir) in [
			(".git", true),
			("sub/.git", true),
			("a/b/.hg", true),
			(".svn", true),
			(".github", true),
			(".gitattributes", false),
			(".gitignore", false),
			(".cache/huggingface", true),
			(".DS_Store", false),
			("deep/er/.DS_Store", false),
		] {
			assert!(x.excludes(path, dir), "{path} is excluded");
		}
		for (path, dir) in [
			("sub/.github", true),
			("sub/.gitattributes", false),
			("sub/.gitignore", false),
			(".cache", true),
			("sub/.cache/huggingface", true),
			(".git", false),
			("model.safetensors", false),
			("README.md", false),
		] {
			assert!(!x.excludes(path, dir), "{path} is kept");
		}
		let none = Exclusions::new(false, &[]).unwrap();
		assert!(!none.excludes(".git", true));
		assert!(x.excludes_file_path(".cache/huggingface/download/a.metadata"));
		assert!(x.excludes_file_path("sub/.git/HEAD"));
		assert!(!x.excludes_file_path("sub/.gitignore"));
		assert!(!x.excludes_file_path("model.safetensors"));
		let user = Exclusions::new(true, &["*.tmp".into(), "logs/".into()]).unwrap();
		assert!(user.excludes("a/b.tmp", false));
		assert!(user.excludes("x/logs", true));
		assert!(Exclusions::new(true, &["/".into()]).is_err());
	}
}
