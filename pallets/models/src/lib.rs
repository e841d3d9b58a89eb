#![doc = include_str!("../README.md")]
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

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
// Always compiled: `try_state`, the unit tests and the runtime fuzzer (`runtime/tests/fuzz.rs`)
// check the invariants; unused in the runtime's wasm, where it is dropped as dead code.
mod try_state;
mod types;
pub mod weights;

pub use types::{BalanceOf, CommitmentOf, Model};
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect`s on values they build themselves, `as u8` casts of
// call and error indices, and constructors with one argument per call parameter; the code written
// here is the thin dispatchables (their weight expressions saturate lengths into `u32`) and the declarations.
// `Call` is as large as `register`'s arguments (a licence and bounded lists): FRAME boxes nothing.
#[allow(
	clippy::expect_used,
	clippy::cast_possible_truncation,
	clippy::too_many_arguments,
	clippy::large_enum_variant
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use provenance_primitives::{DatasetId, DatasetInspect, Derivation, License, ModelId};
	use sp_core::H256;
	use sp_runtime::traits::Zero;
	use sp_runtime::SaturatedConversion;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the models pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Where deposits are held from.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>
			+ Inspect<Self::AccountId>;

		/// The governance origin, which may retract any record (in Provenance Chain: a council
		/// motion of at least two thirds, or Root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The dataset registry, read to check the datasets a model was trained on.
		type Datasets: DatasetInspect<Self::AccountId>;

		/// Part of every model's deposit that does not depend on its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte a model occupies in storage (record, operators, index entries).
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest `uri` accepted, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// Longest `metadata` accepted, in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Most direct parents a model may name.
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// Most datasets a model may name.
		#[pallet::constant]
		type MaxDatasets: Get<u32>;

		/// Most operators a model may have.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// Longest retraction reason accepted, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// Told when a model changes hands (royalty settings return to their defaults).
		type OnOwnershipChanged: provenance_primitives::OnOwnershipChanged;

		/// Blocks a commitment stays revealable after the block it was made in (it matures in
		/// the next block).
		#[pallet::constant]
		type CommitmentLifetime: Get<BlockNumberFor<Self>>;

		/// Deposit held per pending commitment, released when it is revealed or cleared.
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;

		/// Deepest walk a lineage or descendants query makes, whatever depth it asks for.
		#[pallet::constant]
		type MaxQueryDepth: Get<u32>;

		/// Most models and datasets a lineage or descendants query lists, whatever it asks for.
		#[pallet::constant]
		type MaxQueryNodes: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates the datasets the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: provenance_primitives::DatasetBenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a registered model.
		#[codec(index = 0)]
		ModelDeposit,
		/// The deposit of a pending commitment.
		#[codec(index = 1)]
		CommitmentDeposit,
	}

	/// The id the next registered model receives.
	#[pallet::storage]
	pub type NextModelId<T> = StorageValue<_, ModelId, ValueQuery>;

	/// Every registered model (retracted ones included: records are never deleted).
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, Model<T>>;

	/// The model registered with a given weights root.
	#[pallet::storage]
	pub type ModelByRoot<T> = StorageMap<_, Blake2_128Concat, H256, ModelId>;

	/// Accounts the owner of a model allows to log inferences for it.
	#[pallet::storage]
	pub type Operators<T: Config> =
		StorageMap<_, Twox64Concat, ModelId, BoundedVec<T::AccountId, T::MaxOperators>, ValueQuery>;

	/// Reverse index of `Model::parents`: `(parent, child) -> how the child was derived`.
	#[pallet::storage]
	pub type Children<T> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, ModelId, Derivation>;

	/// Reverse index of `Model::datasets`: `(dataset, model) -> ()`.
	#[pallet::storage]
	pub type ModelsByDataset<T> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Twox64Concat, ModelId, ()>;

	/// Pending commitments to register a weights root, by commitment hash
	/// (`provenance_primitives::registration_commitment`).
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageMap<_, Blake2_128Concat, H256, CommitmentOf<T>, OptionQuery>;

	/// Open transfer offers: `model -> the account it is offered to`. At most one per model; a
	/// new offer replaces the old one. Removed on acceptance, cancellation or retraction.
	#[pallet::storage]
	pub type PendingTransfers<T: Config> =
		StorageMap<_, Twox64Concat, ModelId, T::AccountId, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A model was registered.
		ModelRegistered {
			/// Its new id.
			id: ModelId,
			/// The registering account, now its owner.
			owner: T::AccountId,
			/// Content root of its weights.
			weights_root: H256,
		},
		/// The `uri` and `metadata` of a model were replaced.
		MetadataUpdated {
			/// The model.
			id: ModelId,
		},
		/// `who` committed to registering a weights root it does not reveal yet.
		Committed {
			/// The committer.
			who: T::AccountId,
			/// `registration_commitment(weights_root, who, salt)`.
			commitment: H256,
		},
		/// A pending commitment was removed without being revealed; its deposit was released.
		CommitmentCleared {
			/// The commitment.
			commitment: H256,
		},
		/// A model registered after someone else's commitment to its weights root was displaced
		/// by that committer's reveal: the root now indexes `by`, the displaced record's deposit
		/// went to the committer and its operators were cleared.
		ModelDisplaced {
			/// The displaced model (kept as history, status `Displaced`).
			id: ModelId,
			/// The committer's new model, which now owns the weights root.
			by: ModelId,
			/// The deposit moved from the displaced model's owner to the committer.
			deposit: BalanceOf<T>,
		},
		/// The owner offered a model to `to` (replacing any earlier offer).
		TransferOffered {
			/// The model.
			id: ModelId,
			/// The owner.
			from: T::AccountId,
			/// The account that may accept it.
			to: T::AccountId,
		},
		/// The owner withdrew its open offer.
		TransferCancelled {
			/// The model.
			id: ModelId,
			/// The account it had been offered to.
			to: T::AccountId,
		},
		/// A model changed hands (an offer was accepted); its operators were cleared, its
		/// deposit moved and its royalty settings returned to their defaults.
		OwnershipTransferred {
			/// The model.
			id: ModelId,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A model was retracted and can no longer be used by new models.
		ModelRetracted {
			/// The model.
			id: ModelId,
			/// Why, in the retracting party's words.
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
		/// An account may now log inferences for a model.
		OperatorAdded {
			/// The model.
			id: ModelId,
			/// The new operator.
			operator: T::AccountId,
		},
		/// An account may no longer log inferences for a model.
		OperatorRemoved {
			/// The model.
			id: ModelId,
			/// The former operator.
			operator: T::AccountId,
		},
		/// A dispute verdict retracted the model: the deposit held for it went to the opener.
		DepositForfeited {
			/// The model.
			id: ModelId,
			/// The owner who held the deposit.
			from: T::AccountId,
			/// Who received it (free).
			to: T::AccountId,
			/// The amount.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model with this id.
		NotFound,
		/// Only the model's owner may do this.
		NotOwner,
		/// A model with this weights root is already registered.
		AlreadyRegistered,
		/// A named parent model does not exist.
		UnknownParent,
		/// A named dataset does not exist.
		UnknownDataset,
		/// The model, or a named parent or dataset, is retracted.
		Retracted,
		/// The same parent is named twice.
		DuplicateParent,
		/// The same dataset is named twice.
		DuplicateDataset,
		/// A parent's licence forbids derivatives and the caller does not own it.
		DerivativesNotPermitted,
		/// A dataset's (or a distilled parent's) licence forbids AI training and the caller does
		/// not own it.
		TrainingNotPermitted,
		/// The licence allows commercial use but an ancestor model or dataset forbids it.
		CommercialUseNotPermitted,
		/// The model already has `MaxOperators` operators.
		TooManyOperators,
		/// The account is already an operator of the model.
		AlreadyOperator,
		/// The account is not an operator of the model.
		NotOperator,
		/// The caller cannot afford the storage deposit.
		InsufficientDeposit,
		/// The new owner already owns the model.
		AlreadyOwner,
		/// The model has no open transfer offer.
		NoOffer,
		/// This commitment is pending already.
		AlreadyCommitted,
		/// No pending commitment of the caller matches `(weights_root, caller, salt)`.
		UnknownCommitment,
		/// The commitment was made in this block; it can be revealed from the next one.
		CommitmentNotMatured,
		/// The commitment is older than `CommitmentLifetime` blocks.
		CommitmentExpired,
		/// Only the committer may clear a commitment before it expires.
		CommitmentNotExpired,
		/// The model is offered to another account.
		NotOfferedToYou,
		/// Model ids are exhausted.
		Overflow,
		/// The model is under dispute: it cannot be transferred or retracted until every
		/// dispute about it is closed.
		UnderDispute,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxUriLen::get() > 0, "MaxUriLen must be positive");
			assert!(T::MaxParents::get() > 0, "MaxParents must be positive");
			assert!(T::MaxDatasets::get() > 0, "MaxDatasets must be positive");
			assert!(T::MaxOperators::get() > 0, "MaxOperators must be positive");
			assert!(T::MaxReasonLen::get() > 0, "MaxReasonLen must be positive");
			assert!(
				!sp_runtime::traits::Zero::is_zero(&T::CommitmentLifetime::get()),
				"CommitmentLifetime must be at least one block"
			);
			assert!(
				!T::DepositBase::get().is_zero() || !T::DepositPerByte::get().is_zero(),
				"a model's deposit must not be free"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a model, owned by the caller.
		///
		/// - Origin: signed; the caller becomes the owner and pays the deposit.
		/// - `weights_root`: content root of the weights (see the hashing conventions); unique.
		/// - `config_hash`: hash of the architecture and hyperparameters.
		/// - `uri`, `metadata`: where to fetch the weights, free-form metadata.
		/// - `license`: the model's licence terms.
		/// - `parents`: direct parent models and how this one was derived from each; each must exist
		///   and be active, appear once, allow derivatives (or be owned by the caller) and, for a
		///   distillation, allow AI training (or be owned by the caller).
		/// - `datasets`: training datasets; each must exist and be active, appear once, and allow
		///   AI training (or be owned by the caller).
		/// - A licence with `commercial_use` is refused when any ancestor (at any depth) or dataset
		///   forbids commercial use; this costs O(parents + datasets) thanks to the stored
		///   `non_commercial_lineage` flag.
		///
		/// - `salt`: `Some(salt)` reveals the caller's matured commitment
		///   `registration_commitment(weights_root, caller, salt)` (see `commit`). If someone else
		///   registered the root in a block after the commitment was made, that model is
		///   displaced: its status becomes `Displaced`, its operators are cleared, its deposit goes
		///   to the caller and the root indexes the caller's new model. `None` registers without a
		///   commitment (and can be displaced by an earlier committer).
		///
		/// Holds `DepositBase + DepositPerByte * stored bytes`.
		///
		/// Emits `ModelRegistered` (after `ModelDisplaced` when it displaces a model).
		///
		/// Errors: `AlreadyRegistered`, `DuplicateParent`, `DuplicateDataset`, `UnknownParent`,
		/// `UnknownDataset`, `Retracted`, `DerivativesNotPermitted`, `TrainingNotPermitted`,
		/// `CommercialUseNotPermitted`, `UnknownCommitment`, `CommitmentNotMatured`,
		/// `CommitmentExpired`, `InsufficientDeposit`, `Overflow`.
		///
		/// Weight: O(p + d + b), p parents, d datasets, b bytes of `uri` and `metadata`; charged
		/// for the worst case (a revealed commitment that displaces a model with the most
		/// operators, `register`) and refunded to `register_without_displacement` when nothing
		/// was displaced.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(
			parents.len().saturated_into::<u32>(),
			datasets.len().saturated_into::<u32>(),
			uri.len().saturated_into::<u32>().saturating_add(metadata.len().saturated_into::<u32>()),
		))]
		pub fn register(
			origin: OriginFor<T>,
			weights_root: H256,
			config_hash: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
			license: License,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			parents: BoundedVec<(ModelId, Derivation), T::MaxParents>,
			datasets: BoundedVec<DatasetId, T::MaxDatasets>,
			salt: Option<[u8; 32]>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let without_displacement = T::WeightInfo::register_without_displacement(
				parents.len().saturated_into::<u32>(),
				datasets.len().saturated_into::<u32>(),
				uri.len()
					.saturated_into::<u32>()
					.saturating_add(metadata.len().saturated_into::<u32>()),
			);
			let registered = Self::do_register(
				who,
				weights_root,
				config_hash,
				uri,
				license,
				metadata,
				parents,
				datasets,
				salt,
			)?;
			Ok((!registered.displaced).then_some(without_displacement).into())
		}

		/// Replaces the `uri` and `metadata` of a model (retracted ones included).
		///
		/// - Origin: signed by the owner.
		/// - The deposit is adjusted to the new size (held or released).
		///
		/// Emits `MetadataUpdated`.
		///
		/// Errors: `NotFound`, `NotOwner`, `InsufficientDeposit`.
		///
		/// Weight: O(b), b bytes of the new `uri` and `metadata`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata(
			uri.len().saturated_into::<u32>().saturating_add(metadata.len().saturated_into::<u32>()),
		))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			id: ModelId,
			uri: BoundedVec<u8, T::MaxUriLen>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(who, id, uri, metadata)
		}

		/// Commit to registering a weights root without revealing it, so that nobody watching
		/// the transaction pool can register it first (front-running).
		///
		/// - Origin: signed; the committer.
		/// - `commitment`: `registration_commitment(weights_root, caller, salt)`, i.e.
		///   `blake2_256(SCALE((weights_root, caller, salt)))` with a secret 32-byte `salt`.
		///
		/// Holds `CommitmentDeposit` until the commitment is revealed by `register(.., Some(salt))`
		/// (from the next block, for `CommitmentLifetime` blocks) or cleared.
		///
		/// Emits `Committed`. Errors: `AlreadyCommitted`, `InsufficientDeposit`. Weight: `O(1)`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, commitment)
		}

		/// Remove a pending commitment and release its deposit to the committer.
		///
		/// - Origin: signed; the committer at any time, anyone once the commitment expired.
		/// - `commitment`: the pending commitment.
		///
		/// Emits `CommitmentCleared`. Errors: `UnknownCommitment`, `CommitmentNotExpired`.
		/// Weight: `O(1)`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::clear_commitment())]
		pub fn clear_commitment(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_commitment(who, commitment)
		}

		/// Offer a model to another account, the first of the two steps of a transfer.
		///
		/// - Origin: signed, the owner of an active model.
		/// - `id`: the model; `to`: the account that may accept it (not the owner).
		///
		/// Nothing moves yet: the owner keeps the model, its operators and its deposit until
		/// `to` accepts. A new offer replaces the previous one; `cancel_transfer` withdraws it.
		///
		/// Emits `TransferOffered`. Errors: `NotFound`, `NotOwner`, `UnderDispute`, `Retracted`,
		/// `AlreadyOwner`.
		/// Weight: `O(1)`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::offer_transfer())]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			id: ModelId,
			to: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_transfer(who, id, to)
		}

		/// Accept a model offered to the caller, the second step of a transfer.
		///
		/// - Origin: signed, the account the model is offered to.
		/// - `id`: the model.
		///
		/// The model's operators are cleared (the previous owner chose them; one
		/// `OperatorRemoved` each) and the deposit, shrunk accordingly, moves on hold to the
		/// caller; the excess goes back to the previous owner. Royalty settings chosen by the
		/// previous owner (beneficiaries, upstream) return to their defaults.
		///
		/// Emits `OperatorRemoved` per cleared operator, then `OwnershipTransferred`.
		/// Errors: `NotFound`, `NoOffer`, `NotOfferedToYou`, `UnderDispute`, `Retracted`, or a
		/// token error if
		/// the caller's account cannot receive the held deposit.
		/// Weight: `O(o)`, `o` operators cleared (charged for `MaxOperators`).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::accept_transfer(T::MaxOperators::get()))]
		pub fn accept_transfer(origin: OriginFor<T>, id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_transfer(who, id)
		}

		/// Withdraw the open transfer offer of a model.
		///
		/// - Origin: signed, the owner.
		/// - `id`: the model.
		///
		/// Emits `TransferCancelled`. Errors: `NotFound`, `NotOwner`, `NoOffer`.
		/// Weight: `O(1)`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::cancel_transfer())]
		pub fn cancel_transfer(origin: OriginFor<T>, id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_transfer(who, id)
		}

		/// Retracts a model: it stays on record but can no longer be a parent of new models.
		///
		/// - Origin: signed by the owner, or `GovernanceOrigin` (a council motion, or Root).
		/// - `reason`: why, published in the event.
		/// - The deposit stays held: the record stays in storage.
		///
		/// Emits `ModelRetracted`.
		///
		/// Errors: `BadOrigin`, `NotFound`, `NotOwner`, `UnderDispute`, `Retracted` (already
		/// retracted).
		///
		/// Weight: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::retract())]
		pub fn retract(
			origin: OriginFor<T>,
			id: ModelId,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		) -> DispatchResult {
			let who = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_retract(who, id, reason)
		}

		/// Allows `who` to log inferences for a model.
		///
		/// - Origin: signed by the owner.
		/// - The model must be active. The deposit grows by the operator's bytes.
		///
		/// Emits `OperatorAdded`.
		///
		/// Errors: `NotFound`, `NotOwner`, `Retracted`, `AlreadyOperator`, `TooManyOperators`,
		/// `InsufficientDeposit`.
		///
		/// Weight: O(o), o operators of the model.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_operator(T::MaxOperators::get()))]
		pub fn add_operator(
			origin: OriginFor<T>,
			id: ModelId,
			who: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_add_operator(owner, id, who)
		}

		/// Withdraws `who`'s permission to log inferences for a model.
		///
		/// - Origin: signed by the owner.
		/// - The deposit shrinks by the operator's bytes.
		///
		/// Emits `OperatorRemoved`.
		///
		/// Errors: `NotFound`, `NotOwner`, `NotOperator`.
		///
		/// Weight: O(o), o operators of the model.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_operator(T::MaxOperators::get()))]
		pub fn remove_operator(
			origin: OriginFor<T>,
			id: ModelId,
			who: T::AccountId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_operator(owner, id, who)
		}
	}
}
