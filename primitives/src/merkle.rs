//! Inference records, batch roots and inclusion proofs.
//!
//! The tree is polkadot-sdk's `binary-merkle-tree` with `BlakeTwo256`: each leaf *value* is hashed
//! once more before pairing, an odd node is promoted (not duplicated), and a one-leaf tree's root is
//! the hash of its value. The leaf value of an inference is [`InferenceRecord::leaf_hash`], the
//! BLAKE2b-256 of the record's SCALE encoding.
//!
//! **A proof binds its position** (`docs/HASHING.md`): the tree's root alone does not fix the number
//! of leaves (the last leaf of a 3-leaf tree also verifies as leaf 1 of a 2-leaf tree under the
//! same root), and the crate's verifier accepts a proof whose length does not match its index (in a
//! 5-leaf tree, leaf 4's proof also verifies as leaf 3). So:
//! * the root a batch is anchored with is [`anchored_root`]`(count, tree_root)`:
//!   `blake2_256(SCALE((count: u64, tree_root: H256)))`, which commits to the count;
//! * [`verify`] accepts a proof only if it has exactly [`path_len`]`(index, count)` siblings, the
//!   path length of that position in a tree of that size, and only against the anchored root of
//!   the batch's **stored** count, never a count supplied with the proof.
//!
//! Together: for a given anchored root, a record verifies at exactly one `(index, count)`: the
//! one the tree was built with (exhaustively tested for every tree of up to 256 leaves).

use crate::ModelId;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_crypto_hashing::blake2_256;
use sp_runtime::traits::{BlakeTwo256, Hash as _};

/// One inference: which model turned which input (with which parameters) into which output.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct InferenceRecord {
	/// The model that produced the output.
	pub model_id: ModelId,
	/// BLAKE2b-256 of the input (prompt, image, ...).
	pub input_hash: H256,
	/// BLAKE2b-256 of the output.
	pub output_hash: H256,
	/// BLAKE2b-256 of the generation parameters (temperature, seed, ...).
	pub params_hash: H256,
}

impl InferenceRecord {
	/// Length of the SCALE encoding: a `u64` and three 32-byte hashes (fixed, equal to
	/// `max_encoded_len`).
	pub const ENCODED_LEN: usize = 8 + 32 * 3;

	/// The record's leaf value: `blake2_256(SCALE(record))`. The encoding is written to a buffer
	/// on the stack, so hashing a million records does not make a million allocations.
	pub fn leaf_hash(&self) -> H256 {
		let mut buffer = StackOutput { bytes: [0u8; Self::ENCODED_LEN], len: 0 };
		self.encode_to(&mut buffer);
		H256(blake2_256(buffer.written()))
	}
}

/// A fixed-size [`codec::Output`] for [`InferenceRecord::leaf_hash`]. Writes past the end are
/// dropped, which cannot happen for a record (its encoding is exactly `ENCODED_LEN` bytes;
/// a test checks this against `max_encoded_len`).
struct StackOutput {
	bytes: [u8; InferenceRecord::ENCODED_LEN],
	len: usize,
}

impl StackOutput {
	fn written(&self) -> &[u8] {
		self.bytes.get(..self.len).unwrap_or(&self.bytes)
	}
}

impl codec::Output for StackOutput {
	fn write(&mut self, data: &[u8]) {
		let end = self.len.saturating_add(data.len());
		if let Some(target) = self.bytes.get_mut(self.len..end) {
			target.copy_from_slice(data);
			self.len = end;
		}
	}
}

/// Proof that one leaf is in a batch: the sibling hashes from the leaf up, and the leaf's index.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct InclusionProof {
	/// 0-based position of the leaf in submission order.
	pub leaf_index: u64,
	/// Sibling hashes, lowest level first (promoted levels contribute none).
	pub siblings: Vec<H256>,
}

/// Root of the `binary-merkle-tree` over `leaves` (leaf values, in order), without the count.
/// Empty input gives `H256::zero()`. Batches are anchored with [`batch_root`], not this.
pub fn tree_root(leaves: &[H256]) -> H256 {
	binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves.iter().map(|leaf| leaf.as_bytes()))
}

/// The root a batch is anchored with: `blake2_256(SCALE((count: u64, tree_root: H256)))`. Its
/// 40-byte preimage can be neither a leaf value (hashed from 32 bytes) nor an inner node (64 bytes).
pub fn anchored_root(count: u64, tree_root: &H256) -> H256 {
	let mut preimage = [0u8; 40];
	let (count_bytes, root_bytes) = preimage.split_at_mut(8);
	count_bytes.copy_from_slice(&count.to_le_bytes());
	root_bytes.copy_from_slice(tree_root.as_bytes());
	H256(blake2_256(&preimage))
}

/// The anchored root of a batch of `leaves` (leaf values, in order): [`anchored_root`] of the
/// leaf count and the [`tree_root`]. Empty input gives `H256::zero()` (no batch is empty).
pub fn batch_root(leaves: &[H256]) -> H256 {
	if leaves.is_empty() {
		return H256::zero();
	}
	anchored_root(leaves.len() as u64, &tree_root(leaves))
}

/// Proof for the leaf at `index`, or `None` when `index` is past the end. `O(n)`: builds the
/// tree once; use [`MerkleTree`] to produce many proofs.
pub fn prove(leaves: &[H256], index: u64) -> Option<InclusionProof> {
	let index_u32 = u32::try_from(index).ok()?;
	if index >= leaves.len() as u64 || leaves.len() > u32::MAX as usize {
		return None;
	}
	let proof = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(
		leaves.iter().map(|leaf| leaf.as_bytes()),
		index_u32,
	);
	Some(InclusionProof { leaf_index: index, siblings: proof.proof })
}

/// Whether `record` is in the batch anchored with `root` and `count` leaves, according to `proof`.
///
/// Returns `false` (never panics) for a proof of another leaf or another position, a proof whose
/// length is not exactly [`path_len`] of its index and `count`, a proof against another root or
/// for another count, an index past `count`, `count = 0`, or sizes beyond `u32::MAX`.
pub fn verify(root: &H256, count: u64, record: &InferenceRecord, proof: &InclusionProof) -> bool {
	verify_leaf(root, count, &record.leaf_hash(), proof)
}

/// [`verify`] for an arbitrary leaf value (used by tools and tests).
pub fn verify_leaf(root: &H256, count: u64, leaf: &H256, proof: &InclusionProof) -> bool {
	let (Ok(count_u32), Ok(index)) = (u32::try_from(count), u32::try_from(proof.leaf_index)) else {
		return false;
	};
	if path_len(index, count_u32) != Some(proof.siblings.len()) {
		return false;
	}
	let Some(tree_root) = root_from_proof(index, count_u32, leaf, &proof.siblings) else {
		return false;
	};
	anchored_root(count, &tree_root) == *root
}

/// The number of siblings on the path from leaf `index` to the root of a tree of `count` leaves:
/// one per level, except the levels where the node is the last of an odd row and is promoted.
/// `None` when `index >= count`.
pub fn path_len(index: u32, count: u32) -> Option<usize> {
	if index >= count {
		return None;
	}
	let (mut position, mut width, mut len) = (index, count, 0usize);
	while width > 1 {
		let promoted = position % 2 == 0 && position.saturating_add(1) == width;
		if !promoted {
			len = len.saturating_add(1);
		}
		position /= 2;
		width = width.div_ceil(2);
	}
	Some(len)
}

/// The tree root that `siblings` lead to from `leaf` at `index` of `count` (the crate's
/// verification order). `None` when the index is out of range.
fn root_from_proof(index: u32, count: u32, leaf: &H256, siblings: &[H256]) -> Option<H256> {
	if index >= count {
		return None;
	}
	let mut node = BlakeTwo256::hash(leaf.as_bytes());
	let (mut position, mut width) = (index, count);
	let mut pair = [0u8; 64];
	for sibling in siblings {
		// Promoted levels have no sibling; skip them.
		while position % 2 == 0 && position.saturating_add(1) == width && width > 1 {
			position /= 2;
			width = width.div_ceil(2);
		}
		let (left, right) = pair.split_at_mut(32);
		if position % 2 == 1 {
			left.copy_from_slice(sibling.as_bytes());
			right.copy_from_slice(node.as_bytes());
		} else {
			left.copy_from_slice(node.as_bytes());
			right.copy_from_slice(sibling.as_bytes());
		}
		node = BlakeTwo256::hash(&pair);
		position /= 2;
		width = width.div_ceil(2);
	}
	Some(node)
}

/// A whole tree kept in memory, for producing many proofs in `O(log n)` each (off-chain tools).
///
/// Produces exactly the tree roots and proofs of `binary-merkle-tree` (tested against it).
#[derive(Clone, Debug)]
pub struct MerkleTree {
	/// `layers[0]` are the hashed leaves, the last layer holds the root.
	layers: Vec<Vec<H256>>,
}

impl MerkleTree {
	/// Builds the tree over leaf values.
	pub fn new(leaves: &[H256]) -> Self {
		let mut layers = Vec::new();
		let mut current: Vec<H256> =
			leaves.iter().map(|leaf| BlakeTwo256::hash(leaf.as_bytes())).collect();
		let mut pair = [0u8; 64];
		while current.len() > 1 {
			let mut next = Vec::with_capacity(current.len().div_ceil(2));
			for chunk in current.chunks(2) {
				match chunk {
					[left, right] => {
						pair[..32].copy_from_slice(left.as_bytes());
						pair[32..].copy_from_slice(right.as_bytes());
						next.push(BlakeTwo256::hash(&pair));
					}
					[single] => next.push(*single),
					_ => {}
				}
			}
			layers.push(current);
			current = next;
		}
		layers.push(current);
		Self { layers }
	}

	/// Number of leaves.
	pub fn len(&self) -> u64 {
		self.layers.first().map_or(0, |layer| layer.len() as u64)
	}

	/// Whether the tree has no leaf.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// The anchored root, [`batch_root`] of the leaves (`H256::zero()` for an empty tree).
	pub fn root(&self) -> H256 {
		if self.is_empty() {
			return H256::zero();
		}
		anchored_root(self.len(), &self.tree_root())
	}

	/// The `binary-merkle-tree` root, without the count (`H256::zero()` for an empty tree).
	pub fn tree_root(&self) -> H256 {
		match self.layers.last().map(|layer| layer.as_slice()) {
			Some([root]) => *root,
			_ => H256::zero(),
		}
	}

	/// Proof for the leaf at `index`, or `None` past the end.
	pub fn proof(&self, index: u64) -> Option<InclusionProof> {
		if index >= self.len() {
			return None;
		}
		let mut position = usize::try_from(index).ok()?;
		let depth = self.layers.len().saturating_sub(1);
		let mut siblings = Vec::with_capacity(depth);
		for layer in self.layers.iter().take(depth) {
			let sibling =
				if position % 2 == 1 { position.checked_sub(1) } else { position.checked_add(1) };
			if let Some(hash) = sibling.and_then(|s| layer.get(s)) {
				siblings.push(*hash);
			}
			position /= 2;
		}
		Some(InclusionProof { leaf_index: index, siblings })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Small deterministic generator so property tests are reproducible.
	struct XorShift(u64);
	impl XorShift {
		fn next(&mut self) -> u64 {
			self.0 ^= self.0 << 13;
			self.0 ^= self.0 >> 7;
			self.0 ^= self.0 << 17;
			self.0
		}
	}

	fn record(i: u64) -> InferenceRecord {
		InferenceRecord {
			model_id: i % 7,
			input_hash: H256::repeat_byte((i % 251) as u8),
			output_hash: H256::from_low_u64_be(i),
			params_hash: H256::from_low_u64_le(i.wrapping_mul(31)),
		}
	}

	fn leaves(n: u64) -> (Vec<InferenceRecord>, Vec<H256>) {
		let records: Vec<_> = (0..n).map(record).collect();
		let leaves = records.iter().map(|r| r.leaf_hash()).collect();
		(records, leaves)
	}

	#[test]
	fn leaf_hash_is_blake2_of_scale_encoding() {
		let r = record(5);
		assert_eq!(InferenceRecord::max_encoded_len(), InferenceRecord::ENCODED_LEN);
		assert_eq!(r.encode().len(), InferenceRecord::ENCODED_LEN);
		assert_eq!(r.leaf_hash(), H256(blake2_256(&r.encode())));
		let mut bytes = 5u64.to_le_bytes().to_vec();
		bytes.extend_from_slice(r.input_hash.as_bytes());
		bytes.extend_from_slice(r.output_hash.as_bytes());
		bytes.extend_from_slice(r.params_hash.as_bytes());
		assert_eq!(r.leaf_hash(), H256(blake2_256(&bytes)));
	}

	#[test]
	fn one_leaf_root_is_hash_of_its_value() {
		let (records, leaves) = leaves(1);
		assert_eq!(tree_root(&leaves), H256(blake2_256(leaves[0].as_bytes())));
		assert_eq!(batch_root(&leaves), anchored_root(1, &tree_root(&leaves)));
		let proof = prove(&leaves, 0).unwrap();
		assert!(proof.siblings.is_empty());
		assert!(verify(&batch_root(&leaves), 1, &records[0], &proof));
	}

	#[test]
	fn odd_node_is_promoted_not_duplicated() {
		let (_, leaves) = leaves(3);
		let h = |x: &[u8]| H256(blake2_256(x));
		let l: Vec<H256> = leaves.iter().map(|x| h(x.as_bytes())).collect();
		let h01 = h(&[l[0].as_bytes(), l[1].as_bytes()].concat());
		let expected = h(&[h01.as_bytes(), l[2].as_bytes()].concat());
		assert_eq!(tree_root(&leaves), expected);
		assert_eq!(MerkleTree::new(&leaves).tree_root(), expected);
	}

	#[test]
	fn merkle_tree_matches_crate_roots_and_proofs() {
		for n in 1..=70u64 {
			let (_, leaves) = leaves(n);
			let tree = MerkleTree::new(&leaves);
			assert_eq!(tree.tree_root(), tree_root(&leaves), "tree root for n = {n}");
			assert_eq!(tree.root(), batch_root(&leaves), "anchored root for n = {n}");
			for i in 0..n {
				assert_eq!(tree.proof(i), prove(&leaves, i), "proof {i} of {n}");
			}
		}
	}

	#[test]
	fn random_batches_every_proof_verifies_and_every_tamper_fails() {
		let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
		for _ in 0..12 {
			let n = rng.next() % 10_000 + 1;
			let (records, leaves) = leaves(n);
			let tree = MerkleTree::new(&leaves);
			let root = tree.root();
			let other_root =
				MerkleTree::new(&leaves[..leaves.len().saturating_sub(1).max(1)]).root();
			for _ in 0..200 {
				let i = rng.next() % n;
				let record = &records[i as usize];
				let proof = tree.proof(i).unwrap();
				assert!(verify(&root, n, record, &proof));
				// Another record with this proof.
				let other = &records[((i + 1) % n) as usize];
				if n > 1 {
					assert!(!verify(&root, n, other, &proof));
				}
				// Truncated proof.
				if !proof.siblings.is_empty() {
					let mut truncated = proof.clone();
					truncated.siblings.pop();
					assert!(!verify(&root, n, record, &truncated));
					// Flipped sibling.
					let mut flipped = proof.clone();
					flipped.siblings[0].0[0] ^= 1;
					assert!(!verify(&root, n, record, &flipped));
				}
				// Padded proof.
				let mut padded = proof.clone();
				padded.siblings.push(H256::zero());
				assert!(!verify(&root, n, record, &padded));
				// Another batch.
				if other_root != root {
					assert!(!verify(&other_root, n - 1, record, &proof));
				}
				// Index past the count, and a wrong count.
				let past = InclusionProof { leaf_index: n, siblings: proof.siblings.clone() };
				assert!(!verify(&root, n, record, &past));
				assert!(!verify(&root, 0, record, &proof));
				assert!(!verify(&root, u64::MAX, record, &proof));
			}
		}
	}

	#[test]
	fn anchored_root_is_blake2_of_scale_count_and_tree_root() {
		let tree = H256::repeat_byte(7);
		assert_eq!(anchored_root(5, &tree), H256(blake2_256(&(5u64, tree).encode())));
		assert_ne!(anchored_root(5, &tree), anchored_root(4, &tree));
	}

	#[test]
	fn path_len_counts_levels_without_promotion() {
		assert_eq!(path_len(0, 1), Some(0));
		assert_eq!(path_len(1, 1), None);
		// 5 leaves: 0..=3 sit in a full subtree of 4 and pair with the promoted leaf 4 at the top.
		assert_eq!(path_len(3, 5), Some(3));
		assert_eq!(path_len(4, 5), Some(1));
		for n in 1..=300u32 {
			let (_, leaves) = leaves(u64::from(n));
			for i in 0..n {
				let proof = prove(&leaves, u64::from(i)).unwrap();
				assert_eq!(path_len(i, n), Some(proof.siblings.len()), "leaf {i} of {n}");
			}
		}
	}

	/// The two ambiguities of the crate's verifier that the anchored root and the exact path
	/// length close (SPEC: "a proof binds its position").
	#[test]
	fn the_crates_ambiguities_do_not_verify_here() {
		// In a 5-record batch, record 4's proof also passes the crate's check as index 3 ...
		let (records, leaves) = leaves(5);
		let tree = MerkleTree::new(&leaves);
		let proof = tree.proof(4).unwrap();
		assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&tree.tree_root(),
			proof.siblings.iter().copied(),
			5,
			3,
			binary_merkle_tree::Leaf::Value(leaves[4].as_bytes()),
		));
		// ... but not here.
		assert!(verify(&tree.root(), 5, &records[4], &proof));
		let as_three = InclusionProof { leaf_index: 3, ..proof };
		assert!(!verify(&tree.root(), 5, &records[4], &as_three));

		// The last leaf of a 3-leaf tree passes the crate's check as leaf 1 of 2, same tree root ...
		let (records, leaves) = self::leaves(3);
		let tree = MerkleTree::new(&leaves);
		let proof = tree.proof(2).unwrap();
		assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&tree.tree_root(),
			proof.siblings.iter().copied(),
			2,
			1,
			binary_merkle_tree::Leaf::Value(leaves[2].as_bytes()),
		));
		// ... but the anchored root commits to the count 3.
		let as_one_of_two = InclusionProof { leaf_index: 1, ..proof };
		assert!(!verify(&tree.root(), 2, &records[2], &as_one_of_two));
	}

	/// SPEC: for every tree of up to 256 leaves, every leaf's proof verifies at its own index and
	/// count only: at every other index of that count and at its index under every other count up
	/// to 256 it is refused.
	#[test]
	fn exhaustive_every_proof_verifies_only_at_its_index_and_count() {
		for n in 1..=256u32 {
			let (_, leaves) = leaves(u64::from(n));
			let tree = MerkleTree::new(&leaves);
			let root = tree.root();
			for i in 0..n {
				let leaf = &leaves[i as usize];
				let proof = tree.proof(u64::from(i)).unwrap();
				assert!(verify_leaf(&root, u64::from(n), leaf, &proof), "leaf {i} of {n}");
				for index in (0..n).filter(|&index| index != i) {
					let moved = InclusionProof { leaf_index: u64::from(index), ..proof.clone() };
					assert!(
						!verify_leaf(&root, u64::from(n), leaf, &moved),
						"{i} as {index} of {n}"
					);
				}
				for count in (1..=256u32).filter(|&count| count != n) {
					assert!(
						!verify_leaf(&root, u64::from(count), leaf, &proof),
						"{i} of {n} as of {count}"
					);
				}
			}
		}
	}

	/// Every `(index, count)` pair for trees of up to 64 leaves: a proof is accepted at exactly
	/// one pair, the one it was built for.
	#[test]
	fn exhaustive_small_trees_accept_exactly_one_index_and_count() {
		const MAX: u32 = 64;
		for n in 1..=MAX {
			let (_, leaves) = leaves(u64::from(n));
			let tree = MerkleTree::new(&leaves);
			let root = tree.root();
			for i in 0..n {
				let leaf = &leaves[i as usize];
				let proof = tree.proof(u64::from(i)).unwrap();
				let mut accepted = Vec::new();
				for count in 1..=MAX {
					for index in 0..count {
						let candidate =
							InclusionProof { leaf_index: u64::from(index), ..proof.clone() };
						if verify_leaf(&root, u64::from(count), leaf, &candidate) {
							accepted.push((index, count));
						}
					}
				}
				assert_eq!(accepted, vec![(i, n)], "leaf {i} of {n}");
			}
		}
	}
}
