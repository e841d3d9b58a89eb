//! The content and batch test vectors of `docs/HASHING.md` (`docs/hashing-vectors.json`): computed here with
//! the runtime's own code and compared with the checked-in file, which the JS client and the
//! end-to-end tests (through the node's RPC) check too. `UPDATE_VECTORS=1` rewrites the file.

use provenance_primitives::content::{content_root, FileEntry};
use provenance_primitives::merkle::{
	anchored_root, path_len, tree_root, verify, InclusionProof, InferenceRecord, MerkleTree,
};
use serde_json::{json, Value};
use sp_core::H256;
use sp_crypto_hashing::blake2_256;

const SIZES: [u64; 6] = [1, 2, 3, 5, 8, 13];

fn record(batch: u64, i: u64) -> InferenceRecord {
	let hash = |tag: &str| H256(blake2_256(format!("{tag}/{batch}/{i}").as_bytes()));
	InferenceRecord {
		model_id: batch,
		input_hash: hash("input"),
		output_hash: hash("output"),
		params_hash: hash("params"),
	}
}

/// Content trees: each file's text, its SHA-256, its leaf and the root (hashing v2).
fn content_vectors() -> Value {
	use sha2::Digest;
	let trees: [&[(&str, &str)]; 4] = [
		&[("hello.txt", "hello world\n")],
		&[("train.csv", "x,y\n1,2\n"), ("README", "readme"), ("img/0.png", "")],
		// Sorted by bytes: upper case before lower case, `-` before `/`, multi-byte UTF-8 last.
		&[
			("b.txt", "b"),
			("B.txt", "B"),
			("sub-dir/z", "z"),
			("sub/y", "y"),
			("données/é.txt", "é"),
		],
		&[
			("config.json", "{}"),
			("model-00001-of-00002.safetensors", "one"),
			("model-00002-of-00002.safetensors", "two"),
			("tokenizer/tokenizer.json", "{\"v\": 1}"),
			("tokenizer/special_tokens_map.json", "{}"),
			("generation_config.json", "{}"),
			("README.md", "---\nlicense: mit\n---\n"),
		],
	];
	let trees: Vec<Value> = trees
		.iter()
		.map(|files| {
			let entries: Vec<FileEntry> = files
				.iter()
				.map(|(path, text)| FileEntry {
					relative_path: path.as_bytes().to_vec(),
					sha256: sha2::Sha256::digest(text.as_bytes()).into(),
				})
				.collect();
			json!({
				"files": files.iter().zip(&entries).map(|((path, text), e)| json!({
					"path": path,
					"text": text,
					"sha256": hex::encode(e.sha256),
					"leaf": e.leaf(),
				})).collect::<Vec<_>>(),
				"root": content_root(entries).unwrap(),
			})
		})
		.collect();
	// SPEC's default exclusions: (path below the root, is a directory, excluded).
	let exclusions: Vec<Value> = [
		(".git", true, true),
		("sub/deeper/.git", true, true),
		(".hg", true, true),
		("a/.svn", true, true),
		(".github", true, true),
		("sub/.github", true, false),
		(".gitattributes", false, true),
		("sub/.gitattributes", false, false),
		(".gitignore", false, true),
		("sub/.gitignore", false, false),
		(".cache/huggingface", true, true),
		(".cache", true, false),
		("sub/.cache/huggingface", true, false),
		(".DS_Store", false, true),
		("a/b/.DS_Store", false, true),
		(".git", false, false),
		("README.md", false, false),
		("model.safetensors", false, false),
		(".hidden", false, false),
	]
	.iter()
	.map(|(path, dir, excluded)| json!({ "path": path, "dir": dir, "excluded": excluded }))
	.collect();
	json!({
		"rule": "leaf = blake2_256(SCALE((path: Vec<u8>, sha256: [u8; 32]))); root = binary-merkle-tree root (BlakeTwo256) over the leaves sorted by path bytes",
		"trees": trees,
		"defaultExclusions": exclusions,
	})
}

fn vectors() -> Value {
	let mut batches = Vec::new();
	let mut refused = Vec::new();
	for (b, &n) in SIZES.iter().enumerate() {
		let records: Vec<_> = (0..n).map(|i| record(b as u64, i)).collect();
		let leaves: Vec<H256> = records.iter().map(InferenceRecord::leaf_hash).collect();
		let tree = MerkleTree::new(&leaves);
		let proofs: Vec<InclusionProof> = (0..n).map(|i| tree.proof(i).unwrap()).collect();
		for (i, proof) in proofs.iter().enumerate() {
			assert!(verify(&tree.root(), n, &records[i], proof));
			assert_eq!(path_len(i as u32, n as u32), Some(proof.siblings.len()));
		}
		assert_eq!(tree.tree_root(), tree_root(&leaves));
		assert_eq!(tree.root(), anchored_root(n, &tree.tree_root()));
		batches.push(json!({
			"count": n,
			"records": records,
			"leaves": leaves,
			"treeRoot": tree.tree_root(),
			"root": tree.root(),
			"proofs": proofs,
		}));
		if n == 5 {
			let moved = InclusionProof { leaf_index: 3, ..proofs[4].clone() };
			assert!(!verify(&tree.root(), n, &records[4], &moved));
			refused.push(json!({
				"why": "record 4's proof presented as index 3 (the crate's verifier accepts it)",
				"batch": b, "count": n, "record": records[4], "proof": moved,
			}));
			let mut padded = proofs[4].clone();
			padded.siblings.push(H256::zero());
			refused.push(json!({
				"why": "a padded proof (one sibling too many for index 4 of 5)",
				"batch": b, "count": n, "record": records[4], "proof": padded,
			}));
			assert!(!verify(&tree.root(), 4, &records[0], &proofs[0]));
			refused.push(json!({
				"why": "a wrong count (4 instead of 5)",
				"batch": b, "count": 4, "record": records[0], "proof": proofs[0],
			}));
		}
		if n == 3 {
			let moved = InclusionProof { leaf_index: 1, ..proofs[2].clone() };
			assert!(!verify(&tree.root(), 2, &records[2], &moved));
			refused.push(json!({
				"why": "the last of 3 leaves presented as leaf 1 of 2 (same tree root; the anchored root commits to 3)",
				"batch": b, "count": 2, "record": records[2], "proof": moved,
			}));
		}
	}
	json!({
		"version": 3,
		"content": content_vectors(),
		"rule": "root = blake2_256(SCALE((count: u64, treeRoot))); treeRoot = binary-merkle-tree root (BlakeTwo256) over leaves = blake2_256(SCALE(record)); a proof verifies only with exactly pathLen(leafIndex, count) siblings",
		"batches": batches,
		"refused": refused,
	})
}

#[test]
fn batch_vectors_match_the_checked_in_file() {
	// The manifest directory at run time, not at compile time: the shared target directory lets a
	// clone elsewhere (CI's) reuse this test binary, and a path baked in at compile time would
	// read the other clone's file.
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets it");
	let path = std::path::Path::new(&manifest_dir).join("../docs/hashing-vectors.json");
	let computed = serde_json::to_string_pretty(&vectors()).unwrap() + "\n";
	if std::env::var_os("UPDATE_VECTORS").is_some() {
		std::fs::write(&path, &computed).unwrap();
	}
	let stored = std::fs::read_to_string(&path)
		.expect("docs/hashing-vectors.json (UPDATE_VECTORS=1 writes it)");
	assert_eq!(
		stored, computed,
		"docs/hashing-vectors.json differs from what the runtime's code computes"
	);
}
