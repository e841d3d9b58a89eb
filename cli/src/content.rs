//! Content roots of files and directories, exactly as SPEC "Hashing conventions" defines them.
//!
//! * One leaf per regular file: `relative_path` (UTF-8, `/`-separated, below the given root), its
//!   size and the BLAKE2b-256 of its bytes; the leaf and the root come from
//!   [`provenance_primitives::content`], the same code the runtime uses.
//! * A single file is a directory of one entry named by its file name.
//! * Files are streamed in fixed-size chunks (never loaded whole) and hashed in parallel on all
//!   cores, largest first, so one big file does not finish last on an otherwise idle machine.
//! * Symlinks below the root are not followed: they are skipped and reported (so symlink loops
//!   cannot happen). The root itself may be a symlink; it is resolved once.
//! * Other non-regular entries (sockets, FIFOs, devices) are skipped and reported too.
//! * A file name that is not valid UTF-8 is refused with an error naming the path, because the
//!   leaf needs the path's UTF-8 bytes and any lossy conversion would silently change the root.
//! * An empty directory (no regular file at all) is an error.

use anyhow::{bail, Context, Result};
use provenance_primitives::content::{content_root, FileEntry};
use sp_core::H256;
use std::{
	fs::File,
	io::{self, Read},
	path::{Path, PathBuf},
	sync::atomic::{AtomicBool, AtomicUsize, Ordering},
};

/// Bytes read per `read` call while streaming a file.
pub const CHUNK: usize = 1 << 20;

/// The BLAKE2b-256 hasher state used everywhere off-chain: identical to
/// `sp_core::hashing::blake2_256` (which also uses `blake2b_simd` with a 32-byte output).
pub fn hasher() -> blake2b_simd::State {
	blake2b_simd::Params::new().hash_length(32).to_state()
}

/// A regular file found below the root, not yet hashed.
#[derive(Clone, Debug)]
pub struct PendingFile {
	/// Where to read it.
	pub path: PathBuf,
	/// Its `/`-separated UTF-8 path below the root.
	pub relative_path: String,
	/// Its size when it was listed.
	pub size: u64,
}

/// Why an entry below the root was left out of the content root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
	/// A symbolic link (symlinks are never followed).
	Symlink,
	/// A socket, FIFO or device.
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
			SkipReason::Symlink => {
				write!(f, "skipped symlink {} (symlinks are not followed)", self.path.display())
			}
			SkipReason::NotRegular => {
				write!(f, "skipped {} (not a regular file)", self.path.display())
			}
		}
	}
}

/// The regular files below `root` and the entries skipped.
#[derive(Clone, Debug, Default)]
pub struct Listing {
	/// Regular files, in walk order.
	pub files: Vec<PendingFile>,
	/// Entries left out.
	pub skipped: Vec<Skipped>,
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
	pub files: Vec<FileEntry>,
	/// Sum of the files' sizes.
	pub total_bytes: u64,
	/// Entries left out (symlinks, special files).
	pub skipped: Vec<Skipped>,
}

fn utf8_name<'a>(path: &'a Path, part: &'a std::ffi::OsStr) -> Result<&'a str> {
	part.to_str().ok_or_else(|| {
		anyhow::anyhow!(
			"file name is not valid UTF-8: {} (content roots need UTF-8 paths; rename the file)",
			path.display()
		)
	})
}

/// Lists the regular files of `root` (a file or a directory) without reading them.
pub fn list(root: &Path) -> Result<Listing> {
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
	let walker =
		walkdir::WalkDir::new(root).follow_links(false).follow_root_links(true).min_depth(1);
	for entry in walker {
		let entry = entry.map_err(|e| {
			let path = e.path().map(|p| p.display().to_string()).unwrap_or_default();
			match e.io_error() {
				Some(io) => anyhow::anyhow!("cannot read directory entry {path}: {io}"),
				None => anyhow::anyhow!("cannot walk {path}: {e}"),
			}
		})?;
		let file_type = entry.file_type();
		if file_type.is_symlink() {
			listing
				.skipped
				.push(Skipped { path: entry.path().to_path_buf(), reason: SkipReason::Symlink });
			continue;
		}
		if file_type.is_dir() {
			// Directory names must be UTF-8 too; check them even when empty, so the error names
			// the directory rather than a file inside it.
			let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
			for part in relative.components() {
				utf8_name(entry.path(), part.as_os_str())?;
			}
			continue;
		}
		if !file_type.is_file() {
			listing
				.skipped
				.push(Skipped { path: entry.path().to_path_buf(), reason: SkipReason::NotRegular });
			continue;
		}
		let relative = entry.path().strip_prefix(root).with_context(|| {
			format!("{} is not below {}", entry.path().display(), root.display())
		})?;
		let mut parts = Vec::new();
		for part in relative.components() {
			parts.push(utf8_name(entry.path(), part.as_os_str())?);
		}
		let size = entry
			.metadata()
			.with_context(|| format!("cannot stat {}", entry.path().display()))?
			.len();
		listing.files.push(PendingFile {
			path: entry.path().to_path_buf(),
			relative_path: parts.join("/"),
			size,
		});
	}
	Ok(listing)
}

/// Streams one file through BLAKE2b-256 using `buffer` for the chunks, calling `progress` with
/// the size of each chunk. Returns the hash and the number of bytes read.
pub fn hash_file_with(
	path: &Path,
	buffer: &mut [u8],
	mut progress: impl FnMut(u64),
) -> io::Result<([u8; 32], u64)> {
	let mut file = File::open(path)?;
	let mut state = hasher();
	let mut total = 0u64;
	loop {
		let n = match file.read(buffer) {
			Ok(0) => break,
			Ok(n) => n,
			Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
			Err(e) => return Err(e),
		};
		state.update(&buffer[..n]);
		total += n as u64;
		progress(n as u64);
	}
	let mut out = [0u8; 32];
	out.copy_from_slice(state.finalize().as_bytes());
	Ok((out, total))
}

/// [`hash_file_with`] with its own buffer.
pub fn hash_file(path: &Path) -> io::Result<([u8; 32], u64)> {
	hash_file_with(path, &mut vec![0u8; CHUNK], |_| {})
}

/// Number of hashing threads: every core (`PROVENANCE_THREADS` overrides it).
pub fn threads() -> usize {
	std::env::var("PROVENANCE_THREADS")
		.ok()
		.and_then(|v| v.parse().ok())
		.filter(|n: &usize| *n > 0)
		.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
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
		if listing.skipped.is_empty() {
			bail!("{} is an empty directory: nothing to hash", root.display());
		}
		bail!(
			"{} contains no regular file ({} entries skipped: symlinks are not followed)",
			root.display(),
			listing.skipped.len()
		);
	}
	let mut pending = listing.files;
	pending.sort_by_key(|p| std::cmp::Reverse(p.size));
	let next = AtomicUsize::new(0);
	let failed = AtomicBool::new(false);
	let workers = threads().min(pending.len());
	let results: Vec<Result<Vec<(usize, FileEntry)>>> = std::thread::scope(|scope| {
		let handles: Vec<_> = (0..workers)
			.map(|_| {
				scope.spawn(|| {
					let mut buffer = vec![0u8; CHUNK];
					let mut done = Vec::new();
					while !failed.load(Ordering::Relaxed) {
						let i = next.fetch_add(1, Ordering::Relaxed);
						let Some(file) = pending.get(i) else { break };
						match hash_one(file, &mut buffer, progress) {
							Ok(entry) => done.push((i, entry)),
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
		files.extend(result?.into_iter().map(|(_, entry)| entry));
	}
	if files.len() != pending.len() {
		bail!("hashing stopped early");
	}
	files.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
	let total_bytes = files.iter().map(|e| e.size).sum();
	let root_hash = content_root(files.clone()).context("no file to hash")?;
	Ok(ContentHash { root: root_hash, files, total_bytes, skipped: listing.skipped })
}

fn hash_one(
	file: &PendingFile,
	buffer: &mut [u8],
	progress: &(dyn Fn(u64) + Sync),
) -> Result<FileEntry> {
	let (file_hash, size) = hash_file_with(&file.path, buffer, progress)
		.with_context(|| format!("cannot read {}", file.path.display()))?;
	if size != file.size {
		bail!(
			"{} changed while being hashed ({} bytes listed, {} read)",
			file.path.display(),
			file.size,
			size
		);
	}
	Ok(FileEntry { relative_path: file.relative_path.clone().into_bytes(), size, file_hash })
}

/// Lists and hashes `root` without progress reporting.
pub fn hash_path(root: &Path) -> Result<ContentHash> {
	hash_listing(list(root)?, root, &|_| {})
}
