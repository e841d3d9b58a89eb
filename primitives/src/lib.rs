//! # Provenance primitives
//!
//! Types, hashing and Merkle helpers shared by the runtime, the node's RPC server and off-chain
//! tools. Everything here is `no_std` and panic-free, so the runtime and the tools compute exactly
//! the same hashes.
//!
//! * [`License`], [`Status`], [`Derivation`], [`Asset`]: the vocabulary of the registries.
//! * [`DatasetInspect`] and [`ModelInspect`]: how one pallet reads another pallet's records without
//!   depending on its storage layout.
//! * [`merkle`]: the inference-record leaf, batch roots, inclusion proofs and their verification.
//! * [`content`]: the content-root leaf of a file inside a dataset or a set of model weights.
//! * [`views`]: the shapes returned by the runtime API (and turned into JSON by the RPC server).

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code never panics: denied outside tests (clippy, in CI).
#![cfg_attr(
	not(test),
	deny(
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::panic,
		clippy::indexing_slicing,
		clippy::arithmetic_side_effects,
		clippy::cast_possible_truncation
	)
)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

pub mod content;
#[cfg(feature = "std")]
pub mod json;
pub mod merkle;
pub mod views;

/// Sequential identifier of a registered dataset.
pub type DatasetId = u64;
/// Sequential identifier of a registered model.
pub type ModelId = u64;
/// Sequential identifier of an anchored inference batch.
pub type BatchId = u64;
/// Block number type of Provenance Chain.
pub type BlockNumber = u32;

/// Longest SPDX licence expression accepted, in bytes.
pub const MAX_SPDX_LEN: u32 = 64;

/// License terms attached to a dataset or a model.
///
/// `ai_training_allowed` follows the C2PA/CAWG training-and-mining vocabulary: a dataset (or a model,
/// for distillation) that forbids it cannot be named as training input by anyone but its owner.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct License {
	/// SPDX licence expression, e.g. `CC-BY-4.0` or `Apache-2.0`.
	#[cfg_attr(feature = "std", serde(with = "json::text_or_hex"))]
	pub spdx: BoundedVec<u8, ConstU32<MAX_SPDX_LEN>>,
	/// Whether commercial use is allowed.
	pub commercial_use: bool,
	/// Whether derivative works (fine-tunes, merges, ...) are allowed.
	pub derivatives_allowed: bool,
	/// Whether the asset may be used as AI training input.
	pub ai_training_allowed: bool,
	/// Hash of the full licence text, if any.
	pub terms_hash: Option<H256>,
}

impl License {
	/// A permissive licence (everything allowed), used by tests and benchmarks.
	pub fn permissive(spdx: &[u8]) -> Self {
		Self {
			spdx: BoundedVec::truncate_from(spdx.to_vec()),
			commercial_use: true,
			derivatives_allowed: true,
			ai_training_allowed: true,
			terms_hash: None,
		}
	}
}

/// Life-cycle status of a dataset or model.
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
#[cfg_attr(feature = "std", serde(rename_all = "lowercase"))]
pub enum Status {
	/// Usable by new models and payments.
	#[default]
	Active,
	/// Withdrawn by its owner or by governance; kept for history, unusable by new models.
	Retracted,
	/// Registered after someone else committed to the same root, and taken over by that
	/// committer's reveal; kept for history, unusable by new models.
	Displaced,
	/// Challenged by at least one open dispute (`Disputes.open`). It keeps working (new models
	/// may use it, payments reach it) but its royalties are escrowed and it cannot be transferred
	/// or retracted until every dispute about it is closed.
	Disputed,
}

impl Status {
	/// Whether the asset can be used (named by new models, logged against, paid): active or
	/// disputed.
	pub fn is_usable(&self) -> bool {
		matches!(self, Status::Active | Status::Disputed)
	}
}

/// A pending commitment to register a root (Datasets and Models `commit`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Commitment<AccountId, BlockNumber, Balance> {
	/// Who committed; only this account can reveal it.
	pub who: AccountId,
	/// Block in which it was made. It matures in the next block and expires
	/// `CommitmentLifetime` blocks later.
	pub made_at: BlockNumber,
	/// Deposit held from `who` until the commitment is revealed or cleared.
	pub deposit: Balance,
}

/// What a registration (Datasets and Models `register`) did: the new record's id, and whether it
/// displaced a front-runner's record (which decides the weight refund).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Registered<Id> {
	/// The id of the new record.
	pub id: Id,
	/// A record registered by someone else after the caller's commitment was displaced.
	pub displaced: bool,
}

/// The commitment to registering `root` by `who` with `salt`:
/// `blake2_256(SCALE((root, who, salt)))`, what `commit` takes and `register(.., Some(salt))`
/// reveals.
pub fn registration_commitment<AccountId: Encode>(
	root: &H256,
	who: &AccountId,
	salt: &[u8; 32],
) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(root, who, salt).encode()))
}

/// How a model was derived from one of its parents.
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
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Derivation {
	/// Supervised or RL fine-tuning of the parent's weights.
	FineTune,
	/// Trained to imitate the parent's outputs.
	Distillation,
	/// Weights merged from several parents.
	Merge,
	/// A quantized copy of the parent.
	Quantization,
	/// An adapter (e.g. LoRA) on top of the parent.
	Adapter,
	/// Further pre-training of the parent on new data.
	ContinuedPretraining,
	/// Any other derivation.
	Other,
}

impl Derivation {
	/// The camelCase name used in JSON.
	pub fn as_str(&self) -> &'static str {
		match self {
			Derivation::FineTune => "fineTune",
			Derivation::Distillation => "distillation",
			Derivation::Merge => "merge",
			Derivation::Quantization => "quantization",
			Derivation::Adapter => "adapter",
			Derivation::ContinuedPretraining => "continuedPretraining",
			Derivation::Other => "other",
		}
	}
}

/// Something that can be paid for and credited: a dataset or a model.
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
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
// serde's derive casts variant indices (`as u8`) in code it generates for newtype variants.
#[cfg_attr(feature = "std", allow(clippy::cast_possible_truncation))]
pub enum Asset {
	/// A registered dataset.
	Dataset(DatasetId),
	/// A registered model.
	Model(ModelId),
}

/// Sequential identifier of a dispute.
pub type DisputeId = u64;

/// What a dispute challenges.
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
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "std", allow(clippy::cast_possible_truncation))]
pub enum DisputeTarget {
	/// A registered dataset (its ownership, licence, content, ...).
	Dataset(DatasetId),
	/// A registered model (its ownership, lineage, licence, ...).
	Model(ModelId),
	/// One model's claim to an output (`Inference.log`).
	#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
	Inference {
		/// The output claimed.
		output_hash: H256,
		/// The model claiming it.
		model_id: ModelId,
	},
	/// An anchored batch of inference records.
	Batch(BatchId),
}

impl DisputeTarget {
	/// The dataset or model this target is, if it is one.
	pub fn asset(&self) -> Option<Asset> {
		match self {
			DisputeTarget::Dataset(id) => Some(Asset::Dataset(*id)),
			DisputeTarget::Model(id) => Some(Asset::Model(*id)),
			DisputeTarget::Inference { .. } | DisputeTarget::Batch(_) => None,
		}
	}
}

/// What kind of wrong a dispute alleges.
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
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DisputeKind {
	/// The record was registered by someone who does not own the content (squatting).
	Ownership,
	/// The licence terms are false, or the asset breaks an upstream licence.
	License,
	/// The declared lineage (parents, datasets) is false.
	Lineage,
	/// The content does not match its root, or is unlawful.
	Content,
	/// Anything else (see the evidence).
	Other,
}

/// The decision that ends a dispute (`Disputes.resolve`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "std", allow(clippy::cast_possible_truncation))]
pub enum Verdict<AccountId> {
	/// The challenge fails: the bond goes to the target's owner, escrowed royalties to the
	/// target's beneficiaries.
	Dismissed,
	/// The target is retracted (an inference claim or batch is removed): the owner's deposit
	/// goes to the opener, the bond returns, escrowed royalties go to the opener.
	Retract,
	/// The target (a dataset or model) now belongs to this account, with its root index and
	/// deposit; the bond returns; escrowed royalties go to the new owner.
	TransferTo(AccountId),
}

/// Where a dispute stands.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
// serde's derive casts variant indices (`as u8`) in code it generates for newtype variants.
#[cfg_attr(feature = "std", allow(clippy::cast_possible_truncation))]
pub enum DisputeState<AccountId> {
	/// Waiting for a verdict; the target is `Disputed`.
	Open,
	/// Withdrawn by its opener before a verdict; the bond was returned.
	Withdrawn,
	/// Decided by governance.
	Resolved(Verdict<AccountId>),
}

/// Where the royalties escrowed for a disputed asset go when its last open dispute ends.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum EscrowRelease<AccountId> {
	/// To the asset's beneficiaries, split by their shares (as a payment would be).
	Beneficiaries,
	/// All of it to one account.
	To(AccountId),
}

/// How the disputes pallet reads and changes the records it judges, whatever registry holds
/// them. Implemented by the runtime over the Datasets, Models and Inference pallets.
pub trait DisputeRegistry<AccountId> {
	/// The account answerable for `target` (a dataset's or model's owner, an inference claim's
	/// or batch's submitter) and its status (inference claims and batches are `Active`), or
	/// `None` if it does not exist.
	fn answerable(target: &DisputeTarget) -> Option<(AccountId, Status)>;
	/// Mark a dataset or model `Disputed` (`true`, from `Active`) or `Active` again (`false`,
	/// from `Disputed`); anything else is left alone.
	fn set_disputed(target: &DisputeTarget, disputed: bool) -> sp_runtime::DispatchResult;
	/// Carry out a `Retract` verdict: retract the dataset or model (remove the inference claim
	/// or batch); the deposit it holds goes to `deposit_to`, free.
	fn retract(target: &DisputeTarget, deposit_to: &AccountId) -> sp_runtime::DispatchResult;
	/// Carry out a `TransferTo(to)` verdict on a dataset or model: `to` becomes its owner and
	/// the holder of its deposit; its root keeps indexing it. Fails for other targets.
	fn transfer(target: &DisputeTarget, to: &AccountId) -> sp_runtime::DispatchResult;
}

/// How the disputes pallet releases the royalties escrowed while an asset was disputed.
/// Implemented by the Royalties pallet.
pub trait RoyaltyEscrow<AccountId, Balance> {
	/// Credit everything escrowed for `asset` as `release` says; returns the amount released.
	fn release_escrow(
		asset: Asset,
		release: EscrowRelease<AccountId>,
	) -> Result<Balance, sp_runtime::DispatchError>;
}

/// Sets up the costliest escrow release for the disputes benchmarks: `asset` gets the most
/// beneficiaries allowed and a non-zero escrow. Implemented by the Royalties pallet under its
/// `runtime-benchmarks` feature.
pub trait EscrowBenchmarkHelper<AccountId> {
	/// Give `asset` the most beneficiaries and some royalties in escrow.
	fn worst_case_escrow(asset: Asset);
}

impl<AccountId> EscrowBenchmarkHelper<AccountId> for () {
	fn worst_case_escrow(_asset: Asset) {}
}

impl<AccountId, Balance: Default> RoyaltyEscrow<AccountId, Balance> for () {
	fn release_escrow(
		_asset: Asset,
		_release: EscrowRelease<AccountId>,
	) -> Result<Balance, sp_runtime::DispatchError> {
		Ok(Balance::default())
	}
}

/// How the inference pallet charges for the use of a model: `count` inferences at the model's
/// price per inference, split through its lineage exactly as a royalty payment is. Implemented by
/// the Royalties pallet (`()` charges nothing).
pub trait UsageMeter<AccountId> {
	/// Charges `payer` for `count` inferences of `model_id` (nothing when the model has no
	/// price) and credits the charge through the lineage; returns the weight of the work done.
	/// On error nothing may be recorded by the caller (the whole call fails).
	fn charge_usage(
		payer: &AccountId,
		model_id: ModelId,
		count: u64,
	) -> Result<frame_support::weights::Weight, sp_runtime::DispatchError>;
	/// The most weight [`UsageMeter::charge_usage`] can take for `model_id` now: zero when the
	/// model has no price (one storage read, which the caller's benchmark covers), otherwise
	/// the bound of a whole distribution.
	fn charge_weight_bound(model_id: ModelId) -> frame_support::weights::Weight;
}

impl<AccountId> UsageMeter<AccountId> for () {
	fn charge_usage(
		_payer: &AccountId,
		_model_id: ModelId,
		_count: u64,
	) -> Result<frame_support::weights::Weight, sp_runtime::DispatchError> {
		Ok(frame_support::weights::Weight::zero())
	}
	fn charge_weight_bound(_model_id: ModelId) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// Sets up a metered model for the benchmarks of the inference pallet. Implemented by the
/// Royalties pallet under its `runtime-benchmarks` feature.
pub trait UsageBenchmarkHelper<AccountId> {
	/// Builds a three-level lineage (a base model; a fine-tune of it trained on a dataset with
	/// three contributors; a quantization of the fine-tune owned by `owner`), with half of each
	/// payment flowing upstream at every level and a price per inference on the quantization high
	/// enough that one inference's charge reaches every asset,
	/// and returns the quantization's id.
	fn metered_lineage(owner: AccountId) -> ModelId;
}

/// What other pallets need to know about a dataset.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DatasetSummary<AccountId> {
	/// Current owner.
	pub owner: AccountId,
	/// Content root.
	pub content_root: H256,
	/// Active or retracted.
	pub status: Status,
	/// License terms.
	pub license: License,
}

/// What other pallets need to know about a model.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ModelSummary<AccountId> {
	/// Current owner.
	pub owner: AccountId,
	/// Active or retracted.
	pub status: Status,
	/// License terms.
	pub license: License,
	/// True when some ancestor model or dataset (at any depth, the model itself included) forbids
	/// commercial use.
	pub non_commercial_lineage: bool,
}

/// Read access to the dataset registry, independent of its storage layout.
pub trait DatasetInspect<AccountId> {
	/// Owner, status and licence of a dataset, or `None` if it does not exist.
	fn dataset_summary(id: DatasetId) -> Option<DatasetSummary<AccountId>>;
	/// The contributors of a dataset and their shares (empty if it does not exist).
	fn dataset_contributors(id: DatasetId) -> Vec<(AccountId, Perbill)>;
}

/// Read access to the model registry, independent of its storage layout.
pub trait ModelInspect<AccountId> {
	/// Owner, status, licence and lineage flag of a model, or `None` if it does not exist.
	fn model_summary(id: ModelId) -> Option<ModelSummary<AccountId>>;
	/// Whether `who` is the owner of `id` or one of its operators.
	fn is_owner_or_operator(id: ModelId, who: &AccountId) -> bool;
	/// Direct parents of a model and how it was derived from each (empty if it does not exist).
	fn model_parents(id: ModelId) -> Vec<(ModelId, Derivation)>;
	/// Datasets a model was trained on (empty if it does not exist).
	fn model_datasets(id: ModelId) -> Vec<DatasetId>;
	/// Summary, parents and datasets of a model in one read, or `None` if it does not exist (a
	/// royalty walk needs all three at every model it visits). The default asks the three
	/// methods above; a registry storing them in one record should answer from one read.
	fn model_links(id: ModelId) -> Option<ModelLinks<AccountId>> {
		Self::model_summary(id).map(|summary| ModelLinks {
			summary,
			parents: Self::model_parents(id),
			datasets: Self::model_datasets(id),
		})
	}
}

/// A model's summary and its direct lineage ([`ModelInspect::model_links`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModelLinks<AccountId> {
	/// Owner, status, licence and lineage flag.
	pub summary: ModelSummary<AccountId>,
	/// Direct parents and how the model was derived from each, in stored order.
	pub parents: Vec<(ModelId, Derivation)>,
	/// Datasets the model was trained on, in stored order.
	pub datasets: Vec<DatasetId>,
}

/// The hash that pins a royalty quote: `blake2_256(SCALE(credits))` of the `(account, amount)`
/// pairs exactly as `royalties_quote` lists them (in order). `Royalties.pay(.., expected)` fails
/// with `QuoteChanged` unless the payment would credit a list with this hash.
pub fn quote_hash<AccountId: codec::Encode, Balance: codec::Encode>(
	credits: &[(AccountId, Balance)],
) -> sp_core::H256 {
	sp_core::H256(sp_crypto_hashing::blake2_256(&credits.encode()))
}

/// Told when a dataset or model changes hands (an accepted transfer), so that settings chosen
/// by the previous owner (royalty beneficiaries and upstream) return to their defaults.
pub trait OnOwnershipChanged {
	/// `asset` now belongs to another account.
	fn ownership_changed(asset: Asset);

	/// For benchmarks only: gives `asset` (an existing record) the settings whose reset costs
	/// the most, so that the benchmarks of the calls that change an owner measure the worst case.
	/// Nothing by default; the royalties pallet implements it under `runtime-benchmarks`.
	fn set_up_worst_case(_asset: Asset) {}
}

impl OnOwnershipChanged for () {
	fn ownership_changed(_asset: Asset) {}
}

/// Creates datasets for the benchmarks of pallets that depend on the dataset registry.
/// Implemented by `pallet-datasets` under its `runtime-benchmarks` feature.
pub trait DatasetBenchmarkHelper<AccountId> {
	/// Registers an active dataset owned by `owner`, with `contributors` (or the owner alone when
	/// empty) and the given licence; `seed` makes its content root unique.
	fn create_dataset(
		owner: AccountId,
		license: License,
		contributors: Vec<(AccountId, Perbill)>,
		seed: u32,
	) -> DatasetId;
}

/// Creates models for the benchmarks of pallets that depend on the model registry.
/// Implemented by `pallet-models` under its `runtime-benchmarks` feature.
pub trait ModelBenchmarkHelper<AccountId> {
	/// Registers an active, permissively licensed model owned by `owner` with the given parents and
	/// datasets (which must exist); `seed` makes its weights root unique.
	fn create_model(
		owner: AccountId,
		parents: Vec<(ModelId, Derivation)>,
		datasets: Vec<DatasetId>,
		seed: u32,
	) -> ModelId;
}

/// Checks a list of `(account, share)` pairs: non-empty, no duplicate account, shares summing to
/// exactly 100%. Shared by the datasets' contributors and the royalties' beneficiaries.
pub fn check_shares<AccountId: PartialEq>(
	shares: &[(AccountId, Perbill)],
) -> Result<(), SharesError> {
	if shares.is_empty() {
		return Err(SharesError::Empty);
	}
	let mut total: u64 = 0;
	for (i, (who, share)) in shares.iter().enumerate() {
		if shares.iter().skip(i.saturating_add(1)).any(|(other, _)| other == who) {
			return Err(SharesError::Duplicate);
		}
		total = total.saturating_add(u64::from(share.deconstruct()));
	}
	if total != u64::from(Perbill::one().deconstruct()) {
		return Err(SharesError::NotWhole);
	}
	Ok(())
}

/// Why a list of shares was refused by [`check_shares`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SharesError {
	/// No entry at all.
	Empty,
	/// The same account twice.
	Duplicate,
	/// Shares do not add up to exactly 100%.
	NotWhole,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn shares_must_be_whole_unique_and_non_empty() {
		let half = Perbill::from_percent(50);
		assert_eq!(check_shares::<u64>(&[]), Err(SharesError::Empty));
		assert_eq!(check_shares(&[(1u64, half), (1, half)]), Err(SharesError::Duplicate));
		assert_eq!(
			check_shares(&[(1u64, half), (2, Perbill::from_parts(499_999_999))]),
			Err(SharesError::NotWhole)
		);
		assert_eq!(
			check_shares(&[(1u64, half), (2, Perbill::from_parts(500_000_001))]),
			Err(SharesError::NotWhole)
		);
		assert_eq!(check_shares(&[(1u64, half), (2, half)]), Ok(()));
		assert_eq!(check_shares(&[(1u64, Perbill::one())]), Ok(()));
	}
}
