//! The stored dispute record and type aliases.

use crate::Config;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{DisputeKind, DisputeState, DisputeTarget, Verdict};
use scale_info::TypeInfo;
use sp_core::H256;

/// The balance type of the currency bonds are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A verdict naming this runtime's accounts.
pub type VerdictOf<T> = Verdict<<T as frame_system::Config>::AccountId>;

/// Evidence: the hash of a document and where it can be read.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Response<T: Config> {
	/// Hash of the owner's evidence.
	pub evidence: H256,
	/// Where it can be read.
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	/// Block of the (latest) response.
	pub block: BlockNumberFor<T>,
}

/// A dispute, as stored in [`crate::Disputes`]. Closed disputes stay as history.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Dispute<T: Config> {
	/// What is challenged.
	pub target: DisputeTarget,
	/// What wrong is alleged.
	pub kind: DisputeKind,
	/// Who opened it; the bond is held from this account while it is open.
	pub opener: T::AccountId,
	/// Hash of the opener's evidence.
	pub evidence: H256,
	/// Where the opener's evidence can be read.
	pub uri: BoundedVec<u8, T::MaxUriLen>,
	/// The bond held (or, once closed, that was held) from the opener.
	pub bond: BalanceOf<T>,
	/// Block in which it was opened.
	pub opened_at: BlockNumberFor<T>,
	/// The target owner's latest answer.
	pub response: Option<Response<T>>,
	/// Open, withdrawn, or resolved with a verdict.
	pub state: DisputeState<T::AccountId>,
	/// Block in which it was withdrawn or resolved.
	pub closed_at: Option<BlockNumberFor<T>>,
}
