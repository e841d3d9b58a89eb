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
pub mod types;
pub mod weights;

pub use types::{BalanceOf, CommitmentOf, Dataset};
pub use weights::WeightInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::datasets";

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
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use provenance_primitives::{DatasetId, License, MAX_SPDX_LEN};
	use sp_core::H256;
	use sp_runtime::traits::Zero;
	use sp_runtime::Perbill;
	use sp_runtime::SaturatedConversion;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency from which storage deposits are held.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The governance origin, which may retract any record (in Provenance Chain: a council
		/// motion of at least two thirds, or Root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held for every dataset, whatever its size. Also covers the two index entries
		/// (`DatasetByRoot`, `DatasetsByOwner`) written with the record.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte of the SCALE-encoded dataset record.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest accepted `uri`, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// Longest accepted `metadata`, in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Most contributors a dataset may have.
		#[pallet::constant]
		type MaxContributors: Get<u32>;

		/// Longest accepted retraction reason, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// Told when a dataset changes hands (royalty settings return to their defaults).
		type OnOwnershipChanged: provenance_primitives::OnOwnershipChanged;

		/// Blocks a commitment stays revealable after the block it was made in (it matures in
		/// the next block).
		#[pallet::constant]
		type CommitmentLifetime: Get<BlockNumberFor<Self>>;

		/// Deposit held per pending commitment, released when it is revealed or cleared.
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a registered dataset.
		#[codec(index = 0)]
		DatasetDeposit,
		/// The deposit of a pending commitment.
		#[codec(index = 1)]
		CommitmentDeposit,
	}

	/// The id the next registered dataset gets. Greater than every id in use.
	#[pallet::storage]
	pub type NextDatasetId<T> = StorageValue<_, DatasetId, ValueQuery>;

	/// Every registered dataset (active or retracted), by id.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Twox64Concat, DatasetId, Dataset<T>, OptionQuery>;

	/// Index from a content root to the dataset that registered it first.
	#[pallet::storage]
	pub type DatasetByRoot<T> = StorageMap<_, Blake2_128Concat, H256, DatasetId, OptionQuery>;

	/// Index of the datasets of an owner, for listing: `(owner, id) -> ()`.
	#[pallet::storage]
	pub type DatasetsByOwner<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		DatasetId,
		(),
		OptionQuery,
	>;

	/// Pending commitments to register a content root, by commitment hash
	/// (`provenance_primitives::registration_commitment`).
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageMap<_, Blake2_128Concat, H256, CommitmentOf<T>, OptionQuery>;

	/// Open transfer offers: `dataset -> the account it is offered to`. At most one per dataset;
	/// a new offer replaces the old one. Removed on acceptance, cancellation or retraction.
	#[pallet::storage]
	pub type PendingTransfers<T: Config> =
		StorageMap<_, Twox64Concat, DatasetId, T::AccountId, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dataset was registered.
		DatasetRegistered {
			/// The new dataset's id.
			id: DatasetId,
			/// Its owner (the caller), from whom the deposit is held.
			owner: T::AccountId,
			/// Its content root.
			content_root: H256,
		},
		/// The `uri` and `metadata` of a dataset were replaced.
		MetadataUpdated {
			/// The dataset.
			id: DatasetId,
		},
		/// The contributors of a dataset were replaced.
		ContributorsSet {
			/// The dataset.
			id: DatasetId,
		},
		/// `who` committed to registering a content root it does not reveal yet.
		Committed {
			/// The committer.
			who: T::AccountId,
			/// `registration_commitment(content_root, who, salt)`.
			commitment: H256,
		},
		/// A pending commitment was removed without being revealed; its deposit was released.
		CommitmentCleared {
			/// The commitment.
			commitment: H256,
		},
		/// A dataset registered after someone else's commitment to its root was displaced by that
		/// committer's reveal: the root now indexes `by`, and the displaced record's deposit went
		/// to the committer.
		DatasetDisplaced {
			/// The displaced dataset (kept as history, status `Displaced`).
			id: DatasetId,
			/// The committer's new dataset, which now owns the content root.
			by: DatasetId,
			/// The deposit moved from the displaced record's owner to the committer.
			deposit: BalanceOf<T>,
		},
		/// The owner offered a dataset to `to` (replacing any earlier offer).
		TransferOffered {
			/// The dataset.
			id: DatasetId,
			/// The owner.
			from: T::AccountId,
			/// The account that may accept it.
			to: T::AccountId,
		},
		/// The owner withdrew its open offer.
		TransferCancelled {
			/// The dataset.
			id: DatasetId,
			/// The account it had been offered to.
			to: T::AccountId,
		},
		/// A dataset changed hands (an offer was accepted); its deposit moved from `from` to `to`
		/// and its royalty settings returned to their defaults.
		OwnershipTransferred {
			/// The dataset.
			id: DatasetId,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A dataset was retracted by its owner, by governance or by a dispute verdict. It stays as
		/// history.
		DatasetRetracted {
			/// The dataset.
			id: DatasetId,
			/// Why it was retracted.
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
		/// The deposit held for a dataset changed because its record changed size.
		DepositUpdated {
			/// The dataset.
			id: DatasetId,
			/// The owner the deposit is held from.
			owner: T::AccountId,
			/// The deposit held before.
			old_deposit: BalanceOf<T>,
			/// The deposit held now.
			new_deposit: BalanceOf<T>,
		},
		/// A dispute verdict retracted the dataset: the deposit held for it went to the opener.
		DepositForfeited {
			/// The dataset.
			id: DatasetId,
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
		/// No dataset has this id.
		NotFound,
		/// The caller does not own the dataset.
		NotOwner,
		/// A dataset with this content root is already registered.
		AlreadyRegistered,
		/// The `previous_version` dataset does not exist.
		UnknownPreviousVersion,
		/// Contributor shares do not add up to exactly 100%.
		SharesNotWhole,
		/// The same account appears twice among the contributors.
		DuplicateContributor,
		/// The contributor list is empty.
		NoContributors,
		/// The dataset is retracted and can no longer be changed.
		Retracted,
		/// The account cannot afford the storage deposit.
		InsufficientDeposit,
		/// The new owner is the current owner.
		AlreadyOwner,
		/// The dataset has no open transfer offer.
		NoOffer,
		/// This commitment is pending already.
		AlreadyCommitted,
		/// No pending commitment of the caller matches `(content_root, caller, salt)`.
		UnknownCommitment,
		/// The commitment was made in this block; it can be revealed from the next one.
		CommitmentNotMatured,
		/// The commitment is older than `CommitmentLifetime` blocks.
		CommitmentExpired,
		/// Only the committer may clear a commitment before it expires.
		CommitmentNotExpired,
		/// The dataset is offered to another account.
		NotOfferedToYou,
		/// The dataset is under dispute: it cannot be transferred or retracted until every
		/// dispute about it is closed.
		UnderDispute,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Longest accepted SPDX licence expression, in bytes (fixed by the primitives).
		#[pallet::constant_name(MaxSpdxLen)]
		fn max_spdx_len() -> u32 {
			MAX_SPDX_LEN
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxContributors::get() >= 1, "MaxContributors must be at least 1");
			assert!(T::MaxUriLen::get() > 0, "MaxUriLen must be positive");
			assert!(T::MaxMetadataLen::get() > 0, "MaxMetadataLen must be positive");
			assert!(T::MaxReasonLen::get() > 0, "MaxReasonLen must be positive");
			assert!(
				!T::CommitmentLifetime::get().is_zero(),
				"CommitmentLifetime must be at least one block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a dataset owned by the caller.
		///
		/// - Origin: signed; the caller becomes the owner and pays the deposit
		///   `DepositBase + DepositPerByte * encoded_size(record)`, held under
		///   `HoldReason::DatasetDeposit`.
		/// - `content_root`: content root of the files (see `provenance_primitives::content`);
		///   unique across all datasets, retracted ones included.
		/// - `size_bytes`: total size of the content.
		/// - `uri`, `metadata`: where to fetch it and free-form metadata.
		/// - `license`: licence terms.
		/// - `contributors`: royalty shares, non-empty, no duplicate, summing to exactly 100%.
		/// - `previous_version`: an existing dataset of the caller this one supersedes (it may be
		///   retracted).
		/// - `salt`: `Some(salt)` reveals the caller's matured commitment
		///   `registration_commitment(content_root, caller, salt)` (see `commit`). If someone
		///   else registered the root in a block after the commitment was made, that record is
		///   displaced: its status becomes `Displaced`, its deposit goes to the caller and the
		///   root indexes the caller's new record. `None` registers without a commitment (and can
		///   be displaced by an earlier committer).
		///
		/// Emits `DatasetRegistered` (after `DatasetDisplaced` when it displaces a record).
		/// Errors: `NoContributors`, `DuplicateContributor`, `SharesNotWhole`,
		/// `AlreadyRegistered`, `UnknownPreviousVersion`, `NotOwner`, `UnknownCommitment`,
		/// `CommitmentNotMatured`, `CommitmentExpired`, `InsufficientDeposit`.
		/// Weight: `O(u + m + c²)` in the lengths of uri, metadata and contributors; charged for
		/// the worst case (a revealed commitment that displaces a record, `register`) and
		/// refunded to `register_without_displacement` when nothing was displaced.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(
			uri.len().saturated_into::<u32>(),
			metadata.len().saturated_into::<u32>(),
			contributors.len().saturated_into::<u32>(),
		))]
		pub fn register(
			origin: OriginFor<T>,
			content_root: H256,
			size_bytes: u64,
			uri: BoundedVec<u8, T::MaxUriLen>,
			license: License,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			contributors: BoundedVec<(T::AccountId, Perbill), T::MaxContributors>,
			previous_version: Option<DatasetId>,
			salt: Option<[u8; 32]>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let without_displacement = T::WeightInfo::register_without_displacement(
				uri.len().saturated_into::<u32>(),
				metadata.len().saturated_into::<u32>(),
				contributors.len().saturated_into::<u32>(),
			);
			let registered = Self::do_register(
				who,
				content_root,
				size_bytes,
				uri,
				license,
				metadata,
				contributors,
				previous_version,
				salt,
			)?;
			Ok((!registered.displaced).then_some(without_displacement).into())
		}

		/// Replace the `uri` and `metadata` of a dataset.
		///
		/// - Origin: signed, the owner. The deposit is recomputed; the difference is held from
		///   or released to the owner.
		/// - `id`: the dataset; `uri`, `metadata`: the new values.
		///
		/// Emits `DepositUpdated` (when the deposit changes), then `MetadataUpdated`.
		/// Errors: `NotFound`, `NotOwner`, `Retracted`, `InsufficientDeposit`.
		/// Weight: `O(u + m)`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_metadata(uri.len().saturated_into::<u32>(), metadata.len().saturated_into::<u32>()))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			id: DatasetId,
			uri: BoundedVec<u8, T::MaxUriLen>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(who, id, uri, metadata)
		}

		/// Replace the contributors (royalty shares) of a dataset.
		///
		/// - Origin: signed, the owner. The deposit is recomputed; the difference is held from
		///   or released to the owner.
		/// - `id`: the dataset; `contributors`: non-empty, no duplicate, summing to exactly 100%.
		///
		/// Emits `DepositUpdated` (when the deposit changes), then `ContributorsSet`.
		/// Errors: `NotFound`, `NotOwner`, `Retracted`, `NoContributors`,
		/// `DuplicateContributor`, `SharesNotWhole`, `InsufficientDeposit`.
		/// Weight: `O(c²)`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_contributors(contributors.len().saturated_into::<u32>()))]
		pub fn set_contributors(
			origin: OriginFor<T>,
			id: DatasetId,
			contributors: BoundedVec<(T::AccountId, Perbill), T::MaxContributors>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_contributors(who, id, contributors)
		}

		/// Commit to registering a content root without revealing it, so that nobody watching
		/// the transaction pool can register it first (front-running).
		///
		/// - Origin: signed; the committer.
		/// - `commitment`: `registration_commitment(content_root, caller, salt)`, i.e.
		///   `blake2_256(SCALE((content_root, caller, salt)))` with a secret 32-byte `salt`.
		///
		/// Holds `CommitmentDeposit` until the commitment is revealed by `register(.., Some(salt))`
		/// (from the next block, for `CommitmentLifetime` blocks) or cleared.
		///
		/// Emits `Committed`. Errors: `AlreadyCommitted`, `InsufficientDeposit`. Weight: `O(1)`.
		#[pallet::call_index(8)]
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
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::clear_commitment())]
		pub fn clear_commitment(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_commitment(who, commitment)
		}

		/// Offer a dataset to another account, the first of the two steps of a transfer.
		///
		/// - Origin: signed, the owner of an active dataset.
		/// - `id`: the dataset; `to`: the account that may accept it (not the owner).
		///
		/// Nothing moves yet: the owner keeps the dataset and its deposit until `to` accepts. A
		/// new offer replaces the previous one; `cancel_transfer` withdraws it.
		///
		/// Emits `TransferOffered`. Errors: `NotFound`, `NotOwner`, `UnderDispute`, `Retracted`,
		/// `AlreadyOwner`.
		/// Weight: `O(1)`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::offer_transfer())]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			id: DatasetId,
			to: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_transfer(who, id, to)
		}

		/// Accept a dataset offered to the caller, the second step of a transfer.
		///
		/// - Origin: signed, the account the dataset is offered to.
		/// - `id`: the dataset.
		///
		/// The dataset and its storage deposit (still on hold) move from the owner to the
		/// caller; the caller's free balance is not touched. Royalty settings chosen by the
		/// previous owner (beneficiaries) return to their defaults (the contributors).
		///
		/// Emits `OwnershipTransferred`. Errors: `NotFound`, `NoOffer`, `NotOfferedToYou`,
		/// `UnderDispute`, `Retracted`. Weight: `O(1)`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::accept_transfer())]
		pub fn accept_transfer(origin: OriginFor<T>, id: DatasetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_transfer(who, id)
		}

		/// Withdraw the open transfer offer of a dataset.
		///
		/// - Origin: signed, the owner.
		/// - `id`: the dataset.
		///
		/// Emits `TransferCancelled`. Errors: `NotFound`, `NotOwner`, `NoOffer`.
		/// Weight: `O(1)`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::cancel_transfer())]
		pub fn cancel_transfer(origin: OriginFor<T>, id: DatasetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_transfer(who, id)
		}

		/// Retract a dataset: it stays as history, its deposit stays held from the owner, it
		/// can no longer be changed or named as training input of a new model. An open
		/// transfer offer is withdrawn.
		///
		/// - Origin: signed, the owner; or `GovernanceOrigin` (a council motion, or Root).
		/// - `id`: the dataset; `reason`: why.
		///
		/// Emits `DatasetRetracted`.
		/// Errors: `BadOrigin`, `NotFound`, `NotOwner`, `UnderDispute`, `Retracted` (already
		/// retracted).
		/// Weight: `O(r)` in the length of the reason.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retract(reason.len().saturated_into::<u32>()))]
		pub fn retract(
			origin: OriginFor<T>,
			id: DatasetId,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		) -> DispatchResult {
			let who = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_retract(who, id, reason)
		}
	}
}
