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

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's pallet macros expand to `expect`s on values they build themselves, `as u8` casts of
// call and error indices, and constructors with one argument per call parameter; the code written
// here is the thin dispatchables (their weight expressions saturate lengths into `u32`) and the
// declarations.
#[allow(clippy::expect_used, clippy::cast_possible_truncation, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use provenance_primitives::{
		DisputeId, DisputeKind, DisputeRegistry, DisputeTarget, RoyaltyEscrow,
	};
	use sp_core::H256;
	use sp_runtime::traits::Zero;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the disputes pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency bonds are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The records disputes are about: who answers for them, their status, and how verdicts
		/// change them.
		type Registry: DisputeRegistry<Self::AccountId>;

		/// Releases the royalties escrowed while a dataset or model was disputed.
		type Escrow: RoyaltyEscrow<Self::AccountId, BalanceOf<Self>>;

		/// Who decides disputes: the governance origin (a two-thirds council motion, or Root).
		type ResolveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The bond held from whoever opens a dispute.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Longest evidence URI accepted, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// Most disputes open at once against one target (one per opener).
		#[pallet::constant]
		type MaxOpenPerTarget: Get<u32>;

		/// Most disputes `disputes_of` lists for one target.
		#[pallet::constant]
		type MaxListed: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;

		/// Creates datasets to dispute in the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: provenance_primitives::DatasetBenchmarkHelper<Self::AccountId>;

		/// Sets up the costliest escrow release in the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type EscrowHelper: provenance_primitives::EscrowBenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of an open dispute, held from its opener.
		#[codec(index = 0)]
		DisputeBond,
	}

	/// Every dispute ever opened, by id; closed ones stay as history.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, Dispute<T>, OptionQuery>;

	/// The id the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The open dispute of each `(target, opener)`: at most one.
	#[pallet::storage]
	pub type OpenDisputes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DisputeTarget,
		Blake2_128Concat,
		T::AccountId,
		DisputeId,
		OptionQuery,
	>;

	/// Number of open disputes per target (never stored as zero), at most `MaxOpenPerTarget`.
	#[pallet::storage]
	pub type OpenCount<T: Config> = StorageMap<_, Blake2_128Concat, DisputeTarget, u32, ValueQuery>;

	/// Every dispute of a target, open or closed: `(target, id) -> ()`.
	#[pallet::storage]
	pub type DisputesByTarget<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DisputeTarget,
		Twox64Concat,
		DisputeId,
		(),
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dispute was opened and its bond held.
		DisputeOpened {
			/// The new dispute's id.
			id: DisputeId,
			/// What is challenged.
			target: DisputeTarget,
			/// What wrong is alleged.
			kind: DisputeKind,
			/// Who opened it.
			opener: T::AccountId,
			/// The bond held from the opener.
			bond: BalanceOf<T>,
		},
		/// The target's owner answered a dispute.
		DisputeResponded {
			/// The dispute.
			id: DisputeId,
			/// The owner who answered.
			owner: T::AccountId,
		},
		/// The opener withdrew a dispute; the bond was released.
		DisputeWithdrawn {
			/// The dispute.
			id: DisputeId,
			/// Who opened (and withdrew) it.
			opener: T::AccountId,
			/// The bond released.
			bond: BalanceOf<T>,
		},
		/// Governance decided a dispute.
		DisputeResolved {
			/// The dispute.
			id: DisputeId,
			/// The decision.
			verdict: VerdictOf<T>,
			/// Who received the bond: the target's owner (`Dismissed`) or the opener.
			bond_to: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The target (dataset, model, inference claim or batch) does not exist.
		UnknownTarget,
		/// The target is retracted or displaced: there is nothing left to dispute.
		TargetNotActive,
		/// The target's owner cannot dispute its own record.
		CannotDisputeOwn,
		/// The caller already has an open dispute against this target.
		AlreadyOpen,
		/// The target already has `MaxOpenPerTarget` open disputes.
		TooManyDisputes,
		/// The caller cannot afford the bond.
		InsufficientBond,
		/// No dispute with this id.
		UnknownDispute,
		/// The dispute was already withdrawn or resolved.
		NotOpen,
		/// Only the target's current owner can respond.
		NotTargetOwner,
		/// Only the opener can withdraw a dispute.
		NotOpener,
		/// The verdict cannot apply to this target: `TransferTo` of an inference claim or batch,
		/// a transfer to the current owner, or a `Retract` of a target no longer active.
		VerdictNotApplicable,
		/// Dispute ids are exhausted.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxUriLen::get() > 0, "MaxUriLen must allow at least one byte");
			assert!(T::MaxOpenPerTarget::get() > 0, "MaxOpenPerTarget must allow a dispute");
			assert!(T::MaxListed::get() > 0, "MaxListed must list at least one dispute");
			assert!(
				!T::DisputeBond::get().is_zero(),
				"DisputeBond must be non-zero: a dispute must cost its opener something"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Challenge a dataset, a model, an inference claim or a batch.
		///
		/// - Origin: signed, anyone but the target's owner (for an inference claim or a batch,
		///   its submitter).
		/// - `target`: what is challenged; it must exist and be active or already disputed.
		/// - `kind`: what wrong is alleged (`Ownership`, `License`, `Lineage`, `Content`, `Other`).
		/// - `evidence`: hash of the evidence document; `uri`: where it can be read (at most
		///   `MaxUriLen` bytes).
		///
		/// Holds `DisputeBond` from the caller (`HoldReason::DisputeBond`). A dataset or model
		/// becomes `Disputed` while at least one dispute about it is open: it keeps working, but
		/// the royalties credited to it are escrowed and it cannot be transferred or retracted.
		/// One open dispute per target and opener, at most `MaxOpenPerTarget` per target.
		///
		/// Emits `DisputeOpened`. Errors: `UnknownTarget`, `TargetNotActive`, `CannotDisputeOwn`,
		/// `AlreadyOpen`, `TooManyDisputes`, `InsufficientBond`, `Overflow`.
		///
		/// Weight: `O(u)` in the URI length `u`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open(u32::try_from(uri.len()).unwrap_or(u32::MAX)))]
		pub fn open(
			origin: OriginFor<T>,
			target: DisputeTarget,
			kind: DisputeKind,
			evidence: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open(who, target, kind, evidence, uri).map(|_| ())
		}

		/// Answer a dispute with counter-evidence; a later answer replaces an earlier one.
		///
		/// - Origin: signed, the target's current owner (for an inference claim or a batch, its
		///   submitter).
		/// - `id`: an open dispute.
		/// - `evidence`, `uri`: hash of the answer and where it can be read.
		///
		/// Emits `DisputeResponded`. Errors: `UnknownDispute`, `NotOpen`, `UnknownTarget`,
		/// `NotTargetOwner`.
		///
		/// Weight: `O(u)` in the URI length `u`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::respond(u32::try_from(uri.len()).unwrap_or(u32::MAX)))]
		pub fn respond(
			origin: OriginFor<T>,
			id: DisputeId,
			evidence: H256,
			uri: BoundedVec<u8, T::MaxUriLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_respond(who, id, evidence, uri)
		}

		/// Withdraw one's own dispute before it is decided; the bond is released.
		///
		/// - Origin: signed, the opener.
		/// - `id`: an open dispute.
		///
		/// When it was the target's last open dispute the target is active again and the
		/// royalties escrowed for it go to its beneficiaries (`Royalties.EscrowReleased`).
		///
		/// Emits `DisputeWithdrawn`. Errors: `UnknownDispute`, `NotOpen`, `NotOpener`.
		///
		/// Weight: constant (the escrow split is bounded by `MaxBeneficiaries`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, id: DisputeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, id)
		}

		/// Decide a dispute.
		///
		/// - Origin: `ResolveOrigin` (a council motion of at least two thirds, or Root).
		/// - `id`: an open dispute.
		/// - `verdict`:
		///   * `Dismissed`: the bond goes to the target's owner; royalties escrowed for it go to
		///     its beneficiaries once no dispute about it is open;
		///   * `Retract`: the target is retracted (an inference claim or batch is removed), the
		///     deposit its owner held for it goes to the opener, the bond is released, royalties
		///     escrowed for it go to the opener;
		///   * `TransferTo(account)`: a dataset or model now belongs to `account`, with its root
		///     index and its (still held) deposit; its royalty settings return to their defaults;
		///     the bond is released; royalties escrowed for it go to `account`.
		///
		/// Emits `DisputeResolved` (and the registries' and royalties' own events). Errors:
		/// `BadOrigin`, `UnknownDispute`, `NotOpen`, `UnknownTarget`, `VerdictNotApplicable`.
		///
		/// Weight: the heaviest of the three verdicts (constant).
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::resolve_weight())]
		pub fn resolve(
			origin: OriginFor<T>,
			id: DisputeId,
			verdict: VerdictOf<T>,
		) -> DispatchResult {
			T::ResolveOrigin::ensure_origin(origin)?;
			Self::do_resolve(id, verdict)
		}
	}
}
