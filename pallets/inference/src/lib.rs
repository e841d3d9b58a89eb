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
pub mod migrations;
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
// here is the thin dispatchables (their weight expressions saturate lengths into `u32`) and the declarations.
#[allow(clippy::expect_used, clippy::cast_possible_truncation, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use provenance_primitives::{
		merkle::InferenceRecord, BatchId, ModelId, ModelInspect, UsageMeter,
	};
	use sp_core::H256;
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	///
	/// * 0: one record per output hash (`Inferences`), batches anchored with the bare tree root;
	/// * 1: one claim per `(output_hash, model_id)` (`Claims`, `ClaimCount`), batches anchored
	///   with the root that commits to the count ([`migrations::v1`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The model registry: existence, status, owner and operators of a model.
		type Models: ModelInspect<Self::AccountId>;

		/// Charges the use of a model (its price per inference, split through its lineage):
		/// the Royalties pallet, or `()` for free use.
		type Metering: UsageMeter<Self::AccountId>;

		/// Deposit held per logged inference. Records are permanent history, so it stays held.
		#[pallet::constant]
		type LogDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per anchored batch. Batches are permanent history, so it stays held.
		#[pallet::constant]
		type BatchDeposit: Get<BalanceOf<Self>>;

		/// Most models that may claim one output hash (each claim is a separate record).
		#[pallet::constant]
		type MaxClaimsPerOutput: Get<u32>;

		/// Longest batch URI accepted, in bytes.
		#[pallet::constant]
		type MaxUriLen: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;

		/// Creates models for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: provenance_primitives::ModelBenchmarkHelper<Self::AccountId>;

		/// Creates a metered model for the benchmarks of metered calls.
		#[cfg(feature = "runtime-benchmarks")]
		type UsageHelper: provenance_primitives::UsageBenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for one logged inference record.
		#[codec(index = 0)]
		InferenceDeposit,
		/// Deposit for one anchored batch.
		#[codec(index = 1)]
		BatchDeposit,
	}

	/// Inferences logged one by one: the claim "model `model_id` produced `output_hash`", keyed
	/// by `(output_hash, model_id)`, so one model's claim never blocks another model's.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		H256,
		Twox64Concat,
		ModelId,
		InferenceEntryOf<T>,
		OptionQuery,
	>;

	/// Number of claims per output hash, at most `MaxClaimsPerOutput`.
	#[pallet::storage]
	pub type ClaimCount<T: Config> = StorageMap<_, Blake2_128Concat, H256, u32, ValueQuery>;

	/// Anchored batches by id.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, BatchOf<T>, OptionQuery>;

	/// The id the next anchored batch gets.
	#[pallet::storage]
	pub type NextBatchId<T: Config> = StorageValue<_, BatchId, ValueQuery>;

	/// Index of batches per model, for listing: `(model_id, batch_id) -> ()`.
	#[pallet::storage]
	pub type BatchesByModel<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ModelId, Twox64Concat, BatchId, (), OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An inference was logged.
		InferenceLogged {
			/// The model that produced the output.
			model_id: ModelId,
			/// The output hash (with `model_id`, the record's key).
			output_hash: H256,
			/// Who logged it.
			submitter: T::AccountId,
		},
		/// A batch of inference records was anchored.
		BatchAnchored {
			/// The new batch's id.
			batch_id: BatchId,
			/// The model all records of the batch belong to.
			model_id: ModelId,
			/// The anchored root (commits to the tree root over the records' leaves and the count).
			root: H256,
			/// Number of records.
			count: u64,
			/// Who anchored it.
			submitter: T::AccountId,
		},
		/// A dispute verdict removed a model's claim to an output; its deposit went to the
		/// dispute's opener.
		ClaimRemoved {
			/// The model whose claim was removed.
			model_id: ModelId,
			/// The output it had claimed.
			output_hash: H256,
			/// Who received the claim's deposit.
			deposit_to: T::AccountId,
			/// The deposit.
			deposit: BalanceOf<T>,
		},
		/// A dispute verdict removed an anchored batch; its deposit went to the dispute's
		/// opener.
		BatchRemoved {
			/// The batch removed.
			batch_id: BatchId,
			/// Who received the batch's deposit.
			deposit_to: T::AccountId,
			/// The deposit.
			deposit: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No model with this id.
		UnknownModel,
		/// The model is retracted and accepts no new inferences.
		Retracted,
		/// The caller is neither the model's owner nor one of its operators.
		NotOperator,
		/// This model already claimed this output hash.
		AlreadyLogged,
		/// This output hash already has `MaxClaimsPerOutput` claims.
		TooManyClaims,
		/// A batch must hold at least one record.
		EmptyBatch,
		/// A batch may hold at most `u32::MAX` records (the Merkle tree's leaf index is a `u32`).
		BatchTooLarge,
		/// The caller cannot afford the deposit.
		InsufficientDeposit,
		/// Batch ids are exhausted.
		Overflow,
		/// No such claim or batch.
		NotFound,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxUriLen::get() > 0, "MaxUriLen must allow at least one byte");
			assert!(
				T::MaxClaimsPerOutput::get() > 0,
				"MaxClaimsPerOutput must allow at least one claim"
			);
			assert!(
				!T::LogDeposit::get().is_zero(),
				"LogDeposit must be non-zero: logging must cost something"
			);
			assert!(
				!T::BatchDeposit::get().is_zero(),
				"BatchDeposit must be non-zero: anchoring must cost something"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Log one inference of a model.
		///
		/// - Origin: signed, the model's owner or one of its operators.
		/// - `model_id`: the model that produced the output; must exist and be active.
		/// - `input_hash`, `output_hash`, `params_hash`: BLAKE2b-256 of the input, the output and
		///   the generation parameters. The record is the claim "this model produced this output",
		///   keyed by `(output_hash, model_id)`: other models may claim the same output (at most
		///   `MaxClaimsPerOutput` claims per output), the same model only once.
		///
		/// Holds `LogDeposit` from the caller (`HoldReason::InferenceDeposit`); records are
		/// permanent, so the deposit is never released. If the model has a price per inference
		/// (`Royalties.set_price`), the caller is charged one price, split through the model's
		/// lineage as `Royalties.pay` splits a payment; all or nothing with the record.
		///
		/// Emits (when metered) `Royalties.UsageCharged`, `Royalties.Credited` per account and
		/// `Royalties.Distributed`, then `InferenceLogged`. Errors: `UnknownModel`, `Retracted`,
		/// `NotOperator`, `AlreadyLogged`, `TooManyClaims`, `InsufficientDeposit`, and from the
		/// charge `Royalties.InsufficientBalance`.
		///
		/// Weight: `O(1)` unmetered. Metered: charged for the bound of a distribution
		/// (`MaxVisited` visits, `MaxBeneficiaries` shares each) and refunded to the one made;
		/// refused before the charge, refunded to `log` alone.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::log().saturating_add(T::Metering::charge_weight_bound(*model_id))
		)]
		pub fn log(
			origin: OriginFor<T>,
			model_id: ModelId,
			input_hash: H256,
			output_hash: H256,
			params_hash: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let charged = Self::do_log(
				who,
				InferenceRecord { model_id, input_hash, output_hash, params_hash },
			)?;
			Ok(Some(T::WeightInfo::log().saturating_add(charged)).into())
		}

		/// Anchor a batch of inference records of one model as one Merkle root.
		///
		/// - Origin: signed, the model's owner or one of its operators.
		/// - `model_id`: the model of every record in the batch; must exist and be active.
		/// - `root`: `provenance_primitives::merkle::batch_root` over the records' leaf hashes
		///   (`InferenceRecord::leaf_hash`), in submission order: the root that commits to the
		///   tree root and the count (`docs/HASHING.md`).
		/// - `count`: number of records, `1..=u32::MAX`. Proofs are always checked against it,
		///   and only a proof of exactly the path length of its index in `count` leaves verifies.
		/// - `uri`: where the records can be fetched (at most `MaxUriLen` bytes; may be empty).
		///
		/// Holds `BatchDeposit` from the caller (`HoldReason::BatchDeposit`); batches are
		/// permanent, so the deposit is never released. The batch gets the next sequential id.
		/// If the model has a price per inference, the caller is charged `count × price` as one
		/// payment split through the model's lineage (one distribution, whatever the count);
		/// all or nothing with the batch.
		///
		/// Emits (when metered) `Royalties.UsageCharged`, `Royalties.Credited` per account and
		/// `Royalties.Distributed`, then `BatchAnchored`. Errors: `EmptyBatch`, `BatchTooLarge`,
		/// `UnknownModel`, `Retracted`, `NotOperator`, `InsufficientDeposit`, `Overflow`, and
		/// from the charge `Royalties.InsufficientBalance` and `Royalties.Overflow`.
		///
		/// Weight: `O(u)` in the URI length `u` (storing it); independent of `count`. Metered:
		/// plus the bound of a distribution, refunded to the one made (to `anchor_batch` alone
		/// when refused before the charge).
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::anchor_batch(u32::try_from(uri.len()).unwrap_or(u32::MAX))
				.saturating_add(T::Metering::charge_weight_bound(*model_id))
		)]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			model_id: ModelId,
			root: H256,
			count: u64,
			uri: BoundedVec<u8, T::MaxUriLen>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let own = T::WeightInfo::anchor_batch(u32::try_from(uri.len()).unwrap_or(u32::MAX));
			let (_, charged) = Self::do_anchor_batch(who, model_id, root, count, uri)?;
			Ok(Some(own.saturating_add(charged)).into())
		}
	}
}
