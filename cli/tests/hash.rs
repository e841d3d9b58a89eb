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
fn sha256_known_vectors_and_streaming() {
	let dir = tempfile::tempdir().unwrap();
	write(&dir.path().join("abc"), b"abc");
	let (digest, size) = content::sha256_file(&dir.path().join("abc")).unwrap();
	assert_eq!(
		hex::encode(digest),
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	);
	assert_eq!(size, 3);
	// A file of several read chunks: the streamed digest equals coreutils' sha256sum.
	let big = dir.path().join("big");
	write(&big, &Rng(5).bytes(3 * content::CHUNK + 1234));
	assert_eq!(content::sha256_file(&big).unwrap().0, sha256sum(&big));
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

// Computed a third way, with Python's hashlib (sha256, blake2b(digest_size=32)) and hand-written
// SCALE (hashing v2).
const KNOWN_SINGLE_FILE: &str =
	"0x73a620d81840d011fb4a0c8c27be62fa57feaa37b0937d7996d6ba3fa2a8e15f";
const KNOWN_DIRECTORY: &str = "0x0d6407b3c8c34c4edc05952104b87d53a173565d1fc23c202b944d6a50b8ce67";

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
		assert_eq!(got["sha256"], hex::encode(want.sha256));
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
	let want = merkle_root(&[content_leaf(
		"weights.safetensors",
		&sha256sum(&dir.path().join("weights.safetensors")),
	)]);
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
fn file_symlinks_are_followed_and_directory_or_dangling_links_are_errors() {
	use std::os::unix::fs::symlink;
	let dir = tempfile::tempdir().unwrap();
	let root = dir.path().join("data");
	write(&root.join("real.txt"), b"real");
	write(&root.join("sub/other.txt"), b"other");
	// A copy of real.txt under the link's name gives the same root as the link.
	let copy = dir.path().join("copy");
	write(&copy.join("real.txt"), b"real");
	write(&copy.join("sub/other.txt"), b"other");
	write(&copy.join("link.txt"), b"real");
	symlink(root.join("real.txt"), root.join("link.txt")).unwrap();
	let run = run(&["hash", "--json", root.to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(
		run.json()["root"],
		hex0x(&reference_root(&copy)),
		"a file symlink counts as its file"
	);
	assert_eq!(run.json()["fileCount"], 3);
	// A relative link, as in a Hugging Face cache snapshot.
	symlink("../real.txt", root.join("sub/rel.txt")).unwrap();
	write(&copy.join("sub/rel.txt"), b"real");
	let run = common::run(&["hash", "--json", root.to_str().unwrap()]);
	assert_eq!(run.json()["root"], hex0x(&reference_root(&copy)));
	// A directory symlink (here a loop) is an error naming it, unless excluded.
	symlink(&root, root.join("sub/loop")).unwrap();
	let run = common::run(&["hash", root.to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(
		run.stderr
			.contains(&format!("{} is a symlink to a directory", root.join("sub/loop").display())),
		"{run:?}"
	);
	let run = common::run(&["hash", "--json", "--exclude", "loop", root.to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(run.json()["root"], hex0x(&reference_root(&copy)));
	fs::remove_file(root.join("sub/loop")).unwrap();
	// A dangling symlink is an error naming it and its target.
	symlink(root.join("missing"), root.join("dangling")).unwrap();
	let run = common::run(&["hash", root.to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(
		run.stderr.contains(&format!("{} is a dangling symlink", root.join("dangling").display())),
		"{run:?}"
	);
	assert!(run.stderr.contains("missing"), "{run:?}");
	// A symlink given as the root is followed once (like `ls -H`), a dangling one is an error.
	let run = common::run(&["hash", "--json", root.join("link.txt").to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(run.json()["files"], serde_json::Value::Null);
	let run = common::run(&["hash", root.join("dangling").to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("dangling or looping symlink"), "{run:?}");
}

/// One model revision, laid out the three ways people download it, must give one root.
#[cfg(unix)]
#[test]
fn hugging_face_cache_local_dir_and_git_checkout_give_one_root() {
	let files: Vec<(&str, Vec<u8>)> = vec![
		("config.json", b"{\"architectures\": [\"LlamaForCausalLM\"]}\n".to_vec()),
		("model-00001-of-00002.safetensors", Rng(21).bytes(2 * content::CHUNK + 5)),
		("model-00002-of-00002.safetensors", Rng(22).bytes(content::CHUNK / 3)),
		("tokenizer/tokenizer.json", b"{\"version\": \"1.0\"}".to_vec()),
		("README.md", b"---\nlicense: apache-2.0\n---\n# A model\n".to_vec()),
	];
	let gitattributes = b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n".to_vec();
	let dir = tempfile::tempdir().unwrap();

	// 1. huggingface_hub cache: snapshots/<rev>/ holds relative symlinks into blobs/<sha256>.
	let mut all = files.clone();
	all.push((".gitattributes", gitattributes.clone()));
	let snapshot = hf_cache_repo(
		&dir.path().join("hub"),
		"models--org--model",
		"0123456789abcdef0123456789abcdef01234567",
		&all,
	);

	// 2. `huggingface-cli download --local-dir`: real files plus .cache/huggingface/ bookkeeping.
	let local = dir.path().join("local");
	for (path, data) in &all {
		write(&local.join(path), data);
	}
	write(&local.join(".cache/huggingface/.gitignore"), b"*");
	write(
		&local.join(".cache/huggingface/download/config.json.metadata"),
		b"0123\netag\n1700000000.0\n",
	);
	write(&local.join(".cache/huggingface/download/model-00001-of-00002.safetensors.lock"), b"");

	// 3. git clone with LFS files checked out: .git/ and .gitattributes at the root.
	let clone = dir.path().join("clone");
	for (path, data) in &all {
		write(&clone.join(path), data);
	}
	write(&clone.join(".git/HEAD"), b"ref: refs/heads/main\n");
	write(&clone.join(".git/lfs/objects/ab/cd/abcd"), &Rng(21).bytes(1000));
	write(&clone.join(".gitignore"), b"*.pyc\n");
	write(&clone.join("tokenizer/.DS_Store"), b"finder");

	let root_of = |p: &Path| {
		let run = run(&["hash", "--json", p.to_str().unwrap()]);
		assert!(run.ok(), "{}: {run:?}", p.display());
		(run.json()["root"].as_str().unwrap().to_owned(), run.json()["fileCount"].clone())
	};
	let plain = dir.path().join("plain");
	for (path, data) in &files {
		write(&plain.join(path), data);
	}
	let want = hex0x(&reference_root(&plain));
	for layout in [&snapshot, &local, &clone] {
		assert_eq!(
			root_of(layout),
			(want.clone(), serde_json::json!(files.len())),
			"{}",
			layout.display()
		);
	}
	// The library agrees, and turning the exclusions off changes the root (so they matter).
	assert_eq!(format!("{:?}", content::hash_path(&snapshot).unwrap().root), want);
	// The cache shortcut (LFS blobs named by their SHA-256, not read) gives the same root.
	assert_eq!(format!("{:?}", content::hash_hub_snapshot(&snapshot).unwrap().root), want);
	let run = run(&["hash", "--json", "--no-default-excludes", clone.to_str().unwrap()]);
	assert!(run.ok(), "{run:?}");
	assert_ne!(run.json()["root"], want);
	assert_eq!(run.json()["fileCount"], files.len() + 5);
}

#[test]
fn user_exclusions_leave_out_what_they_match() {
	let dir = tempfile::tempdir().unwrap();
	let root = dir.path().join("data");
	write(&root.join("keep.txt"), b"keep");
	write(&root.join("a/b/keep.bin"), b"bin");
	let want = hex0x(&reference_root(&root));
	write(&root.join("scratch.tmp"), b"tmp");
	write(&root.join("a/b/c.tmp"), b"tmp");
	write(&root.join("logs/2026/run.txt"), b"log");
	write(&root.join("a/logs.txt"), b"not a directory named logs");
	let run = run(&[
		"hash",
		"--json",
		"--exclude",
		"*.tmp",
		"--exclude",
		"logs/**",
		"--exclude",
		"a/logs.txt",
		root.to_str().unwrap(),
	]);
	assert!(run.ok(), "{run:?}");
	assert_eq!(run.json()["root"], want);
	assert_eq!(
		run.json()["exclusions"]["globs"],
		serde_json::json!(["*.tmp", "logs/**", "a/logs.txt"])
	);
	let excluded = run.json()["excluded"].clone();
	for e in ["scratch.tmp", "a/b/c.tmp", "a/logs.txt"] {
		assert!(excluded.as_array().unwrap().iter().any(|x| x == e), "{e} in {excluded}");
	}
	// A pattern that excludes everything leaves nothing to hash: an error, not an empty root.
	let run = common::run(&["hash", "--exclude", "*", root.to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("contains no file to hash"), "{run:?}");
	let run = common::run(&["hash", "--exclude", "/", root.to_str().unwrap()]);
	assert_eq!(run.code, Some(1));
	assert!(run.stderr.contains("empty pattern"), "{run:?}");
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

/// The content vectors of `docs/hashing-vectors.json` (written by the runtime's own code): each
/// tree written to disk hashes to its root, and the CLI's exclusions match the SPEC's table.
#[test]
fn content_vectors_of_the_docs() {
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
	let path = Path::new(&manifest_dir).join("../docs/hashing-vectors.json");
	let vectors: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
	let content = &vectors["content"];
	for tree in content["trees"].as_array().unwrap() {
		let dir = tempfile::tempdir().unwrap();
		for f in tree["files"].as_array().unwrap() {
			write(
				&dir.path().join(f["path"].as_str().unwrap()),
				f["text"].as_str().unwrap().as_bytes(),
			);
		}
		let run = run(&["hash", "--json", dir.path().to_str().unwrap()]);
		assert!(run.ok(), "{run:?}");
		assert_eq!(run.json()["root"], tree["root"]);
	}
	let defaults = content::Exclusions::default();
	for case in content["defaultExclusions"].as_array().unwrap() {
		let (p, dir) = (case["path"].as_str().unwrap(), case["dir"].as_bool().unwrap());
		assert_eq!(defaults.excludes(p, dir), case["excluded"].as_bool().unwrap(), "{case}");
	}
}
