//! The stored dataset record and type aliases.

use crate::Config;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{DatasetId, License, Status};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The contributors of a dataset and their shares (summing to 100%).
pub type ContributorsOf<T> =
	BoundedVec<(<T as frame_system::Config>::AccountId, Perbill), <T as Config>::MaxContributors>;

/// A pending commitment, as stored in [`crate::Commitments`].
pub type CommitmentOf<T> = provenance_primitives::Commitment<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	BalanceOf<T>,
>;

/// A registered dataset, as stored in [`crate::Datasets`].
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Dataset<T: Config> {
	/// Current owner; the deposit is held from this account.
	pub owner: T::AccountId,
	/// Content root of the files (unique among datasets).
	pub content_root: H256,
	/// Total size of the content, in bytes.
	pub size_bytes: u64,
	/// Where the content can be fetched.
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	/// Licence terms.
	pub license: License,
	/// Free-form metadata.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// Contributors and their shares (non-empty, unique, summing to 100%).
	pub contributors: ContributorsOf<T>,
	/// The dataset this one is a new version of.
	pub previous_version: Option<DatasetId>,
	/// Block of registration.
	pub registered_at: BlockNumberFor<T>,
	/// Active, retracted, or displaced by an earlier committer.
	pub status: Status,
	/// Deposit currently held from `owner` for this record.
	pub deposit: BalanceOf<T>,
}
