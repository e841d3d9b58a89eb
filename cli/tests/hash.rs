//! `provenance hash`: known vectors, an independent computation of the SPEC's content root, and
//! every bad input that does not need a node.

mod common;

use common::*;
use provenance_cli::content;
use std::{fs, path::Path};

fn write(path: &Path, data: &[u8]) {
	if let Some(parent) = path.parent() {
		fs::create_dir_all(parent).unwrap();
	}
	fs::write(path, data).unwrap();
}

/// A directory with nested folders, an empty file, a file larger than the read chunk, names
/// that sort differently as bytes and as text, and non-ASCII UTF-8.
fn mixed_tree(dir: &Path) {
	let mut rng = Rng(7);
	write(&dir.join("a.txt"), b"a");
	write(&dir.join("B.txt"), b"upper case sorts first by bytes");
	write(&dir.join("empty.bin"), b"");
	write(&dir.join("sub/deeper/x.bin"), &rng.bytes(3 * content::CHUNK + 17));
	write(&dir.join("sub/y.json"), b"{\"k\": 1}\n");
	write(&dir.join("sub-dir/z"), &rng.bytes(4096));
	write(&dir.join("données/é.txt"), "unicode".as_bytes());
	write(&dir.join(".hidden"), b"hidden files count");
}

#[test]
fn blake2b_256_known_vectors() {
	let h = |data: &[u8]| {
		let mut s = content::hasher();
		s.update(data);
		hex::encode(s.finalize().as_bytes())
	};
	assert_eq!(h(b""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	assert_eq!(h(b"abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	// The streaming hasher equals the runtime's one-shot function and the independent crate.
	let data = Rng(1).bytes(5 * content::CHUNK / 2);
	assert_eq!(h(&data), hex::encode(sp_crypto_hashing::blake2_256(&data)));
	assert_eq!(h(&data), hex::encode(b2(&data)));
}

#[test]
fn content_root_known_vectors() {
	// Fixed inputs whose roots are part of the public interface: any change here is a breaking
	// change of every registered dataset.
	let dir = tempfile::tempdir().unwrap();
	write(&dir.path().join("hello.txt"), b"hello world\n");
	let file_root = content::hash_path(&dir.path().join("hello.txt")).unwrap().root;
	assert_eq!(hex0x(&reference_root(&dir.path().join("hello.txt"))), format!("{file_root:?}"));
	assert_eq!(format!("{file_root:?}"), KNOWN_SINGLE_FILE);

	write(&dir.path().join("data/train.csv"), b"x,y\n1,2\n");
	write(&dir.path().join("data/README"), b"readme");
	write(&dir.path().join("data/img/0.png"), &[0u8; 100]);
	let dir_root = content::hash_path(&dir.path().join("data")).unwrap().root;
	assert_eq!(hex0x(&reference_root(&dir.path().join("data"))), format!("{dir_root:?}"));
	assert_eq!(format!("{dir_root:?}"), KNOWN_DIRECTORY);
}

// Computed a third way, with Python's hashlib.blake2b(digest_size=32) and hand-written SCALE.
const KNOWN_SINGLE_FILE: &str =
	"0x41114d7955be9e8b4bed3ca65ba5fb8abf7bbaae560fd880a36e4fd64f42cc81";
const KNOWN_DIRECTORY: &str = "0xa566a8d2036d0232d9fc16370bd5ac8e46599c8cb75a0c506b7333980007c06b";

#[test]
fn cli_matches_independent_computation() {
	let dir = tempfile::tempdir().unwrap();
	mixed_tree(dir.path());
	let reference = reference_files(dir.path());
	let run = run(&["hash", "--json", "--manifest", dir.path().to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	let doc = run.json();
	assert_eq!(doc["root"], hex0x(&reference_root(dir.path())));
	assert_eq!(doc["fileCount"], reference.len());
	assert_eq!(doc["totalBytes"], reference.iter().map(|f| f.size).sum::<u64>());
	let files = doc["files"].as_array().unwrap();
	assert_eq!(files.len(), reference.len());
	for (got, want) in files.iter().zip(&reference) {
		assert_eq!(got["path"], want.path);
		assert_eq!(got["size"], want.size);
		assert_eq!(got["hash"], hex0x(&want.hash));
	}
	// The library gives the same root, with any number of threads.
	let lib = content::hash_path(dir.path()).unwrap();
	assert_eq!(format!("{:?}", lib.root), doc["root"]);
	// Text output: the root and the path; nothing on stderr but the summary.
	let text = run_plain(&["hash", "--quiet", dir.path().to_str().unwrap()]);
	assert!(text.stdout.starts_with(doc["root"].as_str().unwrap()), "{text:?}");
	assert!(text.stderr.is_empty(), "quiet and not a terminal: {text:?}");
}

fn run_plain(args: &[&str]) -> Run {
	run(args)
}

#[test]
fn single_file_is_a_directory_of_one_entry_named_by_its_file_name() {
	let dir = tempfile::tempdir().unwrap();
	let data = Rng(3).bytes(10_000);
	write(&dir.path().join("weights.safetensors"), &data);
	let want = merkle_root(&[content_leaf("weights.safetensors", 10_000, &b2(&data))]);
	let run = run(&["hash", "--json", dir.path().join("weights.safetensors").to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(run.json()["root"], hex0x(&want));
	// And equals the root of a directory holding just that file.
	let run_dir = common::run(&["hash", "--json", dir.path().to_str().unwrap()]);
	assert_eq!(run_dir.json()["root"], hex0x(&want));
}

#[test]
fn many_files_hash_in_parallel_to_the_same_root() {
	let dir = tempfile::tempdir().unwrap();
	let mut rng = Rng(11);
	for i in 0..300 {
		let size = (rng.next() % 20_000) as usize;
		write(&dir.path().join(format!("d{}/f{i}", i % 7)), &rng.bytes(size));
	}
	let want = hex0x(&reference_root(dir.path()));
	for threads in ["1", "2", "5"] {
		let out = std::process::Command::new(bin())
			.args(["hash", "--json", dir.path().to_str().unwrap()])
			.env("PROVENANCE_THREADS", threads)
			.output()
			.unwrap();
		assert!(out.status.success());
		let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
		assert_eq!(doc["root"], want, "{threads} threads");
	}
}

#[test]
fn missing_path_is_an_error() {
	let run = run(&["hash", "/nonexistent/provenance-test-path"]);
	assert_eq!(run.code, Some(1));
	assert!(
		run.stderr.contains("no such file or directory: /nonexistent/provenance-test-path"),
		"{run:?}"
	);
	assert!(run.stdout.is_empty());
}

#[test]
fn empty_directory_is_an_error() {
	let dir = tempfile::tempdir().unwrap();
	fs::create_dir(dir.path().join("empty")).unwrap();
	let run = run(&["hash", dir.path().join("empty").to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("empty directory"), "{run:?}");
	// Nested empty directories are still empty.
	fs::create_dir_all(dir.path().join("nested/a/b")).unwrap();
	let run = common::run(&["hash", dir.path().join("nested").to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("empty directory"), "{run:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_skipped_and_reported_and_loops_are_harmless() {
	use std::os::unix::fs::symlink;
	let dir = tempfile::tempdir().unwrap();
	let root = dir.path().join("data");
	write(&root.join("real.txt"), b"real");
	write(&root.join("sub/other.txt"), b"other");
	let without_links = reference_root(&root);
	symlink(root.join("real.txt"), root.join("link.txt")).unwrap();
	symlink(&root, root.join("sub/loop")).unwrap(); // a directory loop
	symlink(root.join("missing"), root.join("dangling")).unwrap();
	let run = run(&["hash", "--json", root.to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(run.json()["root"], hex0x(&without_links), "symlinks must not change the root");
	assert_eq!(run.json()["fileCount"], 2);
	for name in ["link.txt", "sub/loop", "dangling"] {
		assert!(
			run.stderr.contains(&format!("skipped symlink {}", root.join(name).display())),
			"{name}: {run:?}"
		);
	}
	// A directory of nothing but symlinks has nothing to hash.
	let only_links = dir.path().join("links");
	fs::create_dir(&only_links).unwrap();
	symlink(root.join("real.txt"), only_links.join("l")).unwrap();
	let run = common::run(&["hash", only_links.to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("contains no regular file"), "{run:?}");
	// A symlink given as the root is followed once (like `ls -H`), a dangling one is an error.
	let run = common::run(&["hash", "--json", root.join("link.txt").to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	let run = common::run(&["hash", root.join("dangling").to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("dangling or looping symlink"), "{run:?}");
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_refused_naming_the_path() {
	use std::{ffi::OsStr, os::unix::ffi::OsStrExt};
	let dir = tempfile::tempdir().unwrap();
	write(&dir.path().join("ok.txt"), b"ok");
	let bad = dir.path().join(OsStr::from_bytes(b"bad-\xff-name.txt"));
	fs::write(&bad, b"x").unwrap();
	let run = run(&["hash", dir.path().to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("not valid UTF-8"), "{run:?}");
	assert!(run.stderr.contains("bad-\u{FFFD}-name.txt"), "the error names the path: {run:?}");
	// Also in a directory name.
	let dir2 = tempfile::tempdir().unwrap();
	let bad_dir = dir2.path().join(OsStr::from_bytes(b"dir-\xfe"));
	fs::create_dir(&bad_dir).unwrap();
	fs::write(bad_dir.join("f"), b"x").unwrap();
	let run = common::run(&["hash", dir2.path().to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("not valid UTF-8"), "{run:?}");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_naming_it() {
	use std::os::unix::fs::PermissionsExt;
	let dir = tempfile::tempdir().unwrap();
	write(&dir.path().join("ok.txt"), b"ok");
	let secret = dir.path().join("secret.bin");
	write(&secret, b"no access");
	fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
	if fs::read(&secret).is_ok() {
		eprintln!("skipping the unreadable-file check: running as a user who can read mode-000 files (root)");
		return;
	}
	let run = run(&["hash", dir.path().to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains(&format!("cannot read {}", secret.display())), "{run:?}");
}

#[cfg(unix)]
#[test]
fn special_files_are_skipped() {
	let dir = tempfile::tempdir().unwrap();
	write(&dir.path().join("ok.txt"), b"ok");
	let fifo = dir.path().join("pipe");
	let status = std::process::Command::new("mkfifo").arg(&fifo).status();
	if !matches!(status, Ok(s) if s.success()) {
		eprintln!("skipping: mkfifo unavailable");
		return;
	}
	let run = run(&["hash", "--json", dir.path().to_str().unwrap()]);
	assert!(run.ok(), "a FIFO must not block hashing: {run:?}");
	assert_eq!(run.json()["fileCount"], 1);
	assert!(run.stderr.contains("not a regular file"), "{run:?}");
}
