//! Inference records, batch roots and inclusion proofs.
//!
//! The tree is polkadot-sdk's `binary-merkle-tree` with `BlakeTwo256`: each leaf *value* is hashed
//! once more before pairing, an odd node is promoted (not duplicated), and a one-leaf tree's root is
//! the hash of its value. The leaf value of an inference is [`InferenceRecord::leaf_hash`], the
//! BLAKE2b-256 of the record's SCALE encoding.
//!
//! [`verify`] always starts from a full record and from the batch's stored `count`, so a proof can
//! never be replayed for another leaf, another batch, or a tree of another size.

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

/// Root of the tree over `leaves` (leaf values, in order). Empty input gives `H256::zero()`.
pub fn batch_root(leaves: &[H256]) -> H256 {
	binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves.iter().map(|leaf| leaf.as_bytes()))
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

/// Whether `record` is in the batch with `root` and `count` leaves, according to `proof`.
///
/// Returns `false` (never panics) for a proof of another leaf, a truncated or padded proof, a
/// proof against another root, an index past `count`, `count = 0`, or sizes beyond `u32::MAX`.
pub fn verify(root: &H256, count: u64, record: &InferenceRecord, proof: &InclusionProof) -> bool {
	verify_leaf(root, count, &record.leaf_hash(), proof)
}

/// [`verify`] for an arbitrary leaf value (used for content roots and by tests).
pub fn verify_leaf(root: &H256, count: u64, leaf: &H256, proof: &InclusionProof) -> bool {
	let (Ok(count), Ok(index)) = (u32::try_from(count), u32::try_from(proof.leaf_index)) else {
		return false;
	};
	if count == 0 || index >= count || proof.siblings.len() > max_proof_len(count) {
		return false;
	}
	binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
		root,
		proof.siblings.iter().copied(),
		count,
		index,
		binary_merkle_tree::Leaf::Value(leaf.as_bytes()),
	)
}

/// Longest possible proof in a tree of `count` leaves: `ceil(log2(count))`.
fn max_proof_len(count: u32) -> usize {
	count.saturating_sub(1).checked_ilog2().map_or(0, |log| (log as usize).saturating_add(1))
}

/// A whole tree kept in memory, for producing many proofs in `O(log n)` each (off-chain tools).
///
/// Produces exactly the roots and proofs of `binary-merkle-tree` (tested against it).
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

	/// The root (`H256::zero()` for an empty tree).
	pub fn root(&self) -> H256 {
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
		assert_eq!(batch_root(&leaves), H256(blake2_256(leaves[0].as_bytes())));
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
		assert_eq!(batch_root(&leaves), expected);
		assert_eq!(MerkleTree::new(&leaves).root(), expected);
	}

	#[test]
	fn merkle_tree_matches_crate_roots_and_proofs() {
		for n in 1..=70u64 {
			let (_, leaves) = leaves(n);
			let tree = MerkleTree::new(&leaves);
			assert_eq!(tree.root(), batch_root(&leaves), "root for n = {n}");
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
}
