//! Content roots of datasets and model weights (SPEC "Hashing conventions", hashing v2).
//!
//! One leaf per file: `blake2_256(SCALE((relative_path: Vec<u8>, sha256: [u8; 32])))` where
//! `relative_path` is the UTF-8 path below the root with `/` separators and `sha256` the SHA-256 of
//! the file's bytes: exactly the (name, digest) pair an OpenSSF model-signing manifest lists per
//! file, so a root can be computed from a signed manifest without reading the files. Leaves are
//! sorted by path bytes, and the root is the `binary-merkle-tree` root over them (see
//! [`crate::merkle`]). A single file is a directory of one entry named by its file name. Which
//! files a directory contributes (symlinks, excluded bookkeeping) is decided by the walkers (CLI,
//! JS client); this module only sees the resulting list.

use alloc::vec::Vec;
use codec::Encode;
use sp_core::H256;
use sp_crypto_hashing::blake2_256;

/// One file of a content tree.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FileEntry {
	/// Path below the root, `/`-separated UTF-8 bytes.
	pub relative_path: Vec<u8>,
	/// SHA-256 of the file's bytes.
	pub sha256: [u8; 32],
}

impl FileEntry {
	/// The leaf value of this file.
	pub fn leaf(&self) -> H256 {
		H256(blake2_256(&(&self.relative_path, self.sha256).encode()))
	}
}

/// Content root of a set of files (any order; sorted here). `None` for an empty set.
pub fn content_root(mut files: Vec<FileEntry>) -> Option<H256> {
	if files.is_empty() {
		return None;
	}
	files.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
	let leaves: Vec<H256> = files.iter().map(FileEntry::leaf).collect();
	Some(crate::merkle::tree_root(&leaves))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn root_is_order_independent_and_empty_is_none() {
		let a = FileEntry { relative_path: b"a.txt".to_vec(), sha256: [1; 32] };
		let b = FileEntry { relative_path: b"dir/b.bin".to_vec(), sha256: [2; 32] };
		assert_eq!(
			content_root(vec![a.clone(), b.clone()]),
			content_root(vec![b.clone(), a.clone()])
		);
		assert_eq!(content_root(vec![]), None);
		// One file: the root is the hash of its leaf value.
		assert_eq!(content_root(vec![a.clone()]), Some(H256(blake2_256(a.leaf().as_bytes()))));
		// The leaf is the hash of the SCALE tuple: compact length prefix + path + digest.
		let mut encoded = vec![5u8 << 2];
		encoded.extend_from_slice(b"a.txt");
		encoded.extend_from_slice(&[1; 32]);
		assert_eq!(a.leaf(), H256(blake2_256(&encoded)));
	}
}
