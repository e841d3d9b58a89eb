//! Storage types of the inference pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::fungible, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::ModelId;
use scale_info::TypeInfo;
use sp_core::H256;

use crate::Config;

/// The balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A logged inference as stored, keyed by `(output_hash, model_id)`.
pub type InferenceEntryOf<T> =
	InferenceEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// An anchored batch as stored, keyed by its [`provenance_primitives::BatchId`].
pub type BatchOf<T> = Batch<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	BalanceOf<T>,
	BoundedVec<u8, <T as Config>::MaxUriLen>,
>;

/// One inference logged on its own: a model's claim to an output (`(output_hash, model_id)` is
/// the storage key).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct InferenceEntry<AccountId, BlockNumber, Balance> {
	/// The model that produced the output.
	pub model_id: ModelId,
	/// BLAKE2b-256 of the input.
	pub input_hash: H256,
	/// BLAKE2b-256 of the generation parameters.
	pub params_hash: H256,
	/// Who logged it (the model owner or one of its operators at the time).
	pub submitter: AccountId,
	/// Block in which it was logged.
	pub block: BlockNumber,
	/// Deposit held from `submitter` for this record (`HoldReason::InferenceDeposit`).
	pub deposit: Balance,
}

/// A Merkle root over many inference records of one model.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Batch<AccountId, BlockNumber, Balance, Uri> {
	/// The model all records of the batch belong to.
	pub model_id: ModelId,
	/// The anchored root: `merkle::anchored_root(count, tree_root)` of the `binary-merkle-tree`
	/// over the records' leaf hashes, in submission order.
	pub root: H256,
	/// Number of records (leaves); at least 1 and at most `u32::MAX`.
	pub count: u64,
	/// Who anchored it.
	pub submitter: AccountId,
	/// Block in which it was anchored.
	pub block: BlockNumber,
	/// Where the records (and proofs) can be fetched.
	pub uri: Uri,
	/// Deposit held from `submitter` for this batch (`HoldReason::BatchDeposit`).
	pub deposit: Balance,
}
