//! The stored shape of a model.

use crate::Config;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible::Inspect, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{DatasetId, Derivation, License, ModelId, Status};
use scale_info::TypeInfo;
use sp_core::H256;

/// The balance type of the configured currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A pending commitment, as stored in [`crate::Commitments`].
pub type CommitmentOf<T> = provenance_primitives::Commitment<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	BalanceOf<T>,
>;

/// A registered model.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Model<T: Config> {
	/// Current owner; pays the deposit.
	pub owner: T::AccountId,
	/// Content root of the weights (unique across models).
	pub weights_root: H256,
	/// Hash of architecture and hyperparameters.
	pub config_hash: H256,
	/// Where the weights can be fetched.
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	/// License terms (immutable).
	pub license: License,
	/// Free-form metadata.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// Direct parents and how the model was derived from each (immutable, no duplicates).
	pub parents: BoundedVec<(ModelId, Derivation), T::MaxParents>,
	/// Datasets the model was trained on (immutable, no duplicates).
	pub datasets: BoundedVec<DatasetId, T::MaxDatasets>,
	/// Block of registration.
	pub registered_at: BlockNumberFor<T>,
	/// Active or retracted.
	pub status: Status,
	/// True when the model's own licence, any dataset it was trained on, or any ancestor at any
	/// depth forbids commercial use. Derived at registration from the direct parents' flags, so
	/// the transitive licence check costs O(direct parents + datasets).
	pub non_commercial_lineage: bool,
	/// Amount held from the owner for this model (`HoldReason::ModelDeposit`).
	pub deposit: BalanceOf<T>,
}
