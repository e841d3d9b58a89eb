//! The batch test vectors of `docs/HASHING.md` (`docs/hashing-vectors.json`): computed here with
//! the runtime's own code and compared with the checked-in file, which the JS client and the
//! end-to-end tests (through the node's RPC) check too. `UPDATE_VECTORS=1` rewrites the file.

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
		"version": 2,
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
