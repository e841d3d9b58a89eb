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

pub mod migrations;

pub use types::{BalanceOf, BeneficiariesOf, BeneficiaryList, Distribution};
pub use weights::WeightInfo;

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::royalties";

// FRAME's pallet macros expand to `expect`s on values they build themselves, `as u8` casts of
// call and error indices, and constructors with one argument per call parameter; the code written
// here is the thin dispatchables (their weight expressions saturate lengths into `u32`) and the declarations.
#[allow(clippy::expect_used, clippy::cast_possible_truncation, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			Consideration, Footprint,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use provenance_primitives::{Asset, DatasetInspect, ModelId, ModelInspect};
	use sp_runtime::SaturatedConversion;
	use sp_runtime::{
		traits::{Saturating, Zero},
		Perbill,
	};

	/// The storage version: 1 since beneficiary lists carry their deposit.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the royalties pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency payments are made in and royalties are paid out in.
		type Currency: Mutate<Self::AccountId>;

		/// Read access to the dataset registry (owners and contributors).
		type Datasets: DatasetInspect<Self::AccountId>;

		/// Read access to the model registry (owners, status, parents and datasets).
		type Models: ModelInspect<Self::AccountId>;

		/// The pallet's id; its account (`into_account_truncating`) holds every accrued royalty
		/// plus an existential deposit that keeps it alive.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most beneficiaries an asset may have. Should be at least the datasets pallet's maximum
		/// number of contributors: a dataset whose default contributor list is longer is treated
		/// as having no valid beneficiaries (see the README).
		#[pallet::constant]
		type MaxBeneficiaries: Get<u32>;

		/// Deepest level of the lineage a payment flows to (the paid model is level 0). An asset
		/// at this level keeps its whole share.
		#[pallet::constant]
		type MaxDepth: Get<u32>;

		/// Most asset visits one payment makes, the paid model included. An asset reached by
		/// several paths counts once per path.
		#[pallet::constant]
		type MaxVisited: Get<u32>;

		/// The deposit held from an asset's owner for a beneficiary list it sets, priced by the
		/// list's footprint (one item of its encoded size); released when the list is cleared or
		/// reset. The runtime uses upstream `fungible::HoldConsideration` under
		/// [`HoldReason::BeneficiaryList`] with a linear price per byte.
		type BeneficiaryDeposit: Consideration<Self::AccountId, Footprint>;

		/// The smallest amount credited to an account: smaller credits of a payment are added
		/// to its largest credit (see the README), and a payment or usage charge must be at
		/// least this much. Set it to at least the existential deposit, so that every accrued
		/// balance can be claimed into an account that does not exist yet and every `Accrued`
		/// entry is worth its storage.
		#[pallet::constant]
		type MinimumCredit: Get<BalanceOf<Self>>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;

		/// Creates datasets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type DatasetHelper: provenance_primitives::DatasetBenchmarkHelper<Self::AccountId>;

		/// Creates models for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type ModelHelper: provenance_primitives::ModelBenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a beneficiary list set by an asset's owner.
		BeneficiaryList,
	}

	/// Beneficiaries set explicitly for an asset, with the deposit held for them. Absent: the
	/// default (a dataset's contributors, a model's owner at 100%).
	#[pallet::storage]
	pub type Beneficiaries<T: Config> =
		StorageMap<_, Twox64Concat, Asset, BeneficiaryList<T>, OptionQuery>;

	/// The part of each payment reaching a model that flows on to its direct parents and
	/// datasets. Absent: zero (never stored as zero).
	#[pallet::storage]
	pub type Upstream<T: Config> = StorageMap<_, Twox64Concat, ModelId, Perbill, ValueQuery>;

	/// A model's price per inference, charged by `Inference.log` (once) and `Inference.anchor_batch`
	/// (`count` times) and split like a payment. Absent: usage is free (never stored as zero).
	/// One entry per model at most, paid for by the model's registration deposit.
	#[pallet::storage]
	pub type Prices<T: Config> = StorageMap<_, Twox64Concat, ModelId, BalanceOf<T>, OptionQuery>;

	/// Royalties credited to an account and not claimed yet (never stored as zero; every credit
	/// since storage version 1 is at least `MinimumCredit`).
	#[pallet::storage]
	pub type Accrued<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Sum of all [`Accrued`] balances. The pallet account always holds at least this much.
	#[pallet::storage]
	pub type TotalAccrued<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Genesis: endows the pallet account with the existential deposit so it never dies.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		/// Unused.
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let account = Pallet::<T>::account_id();
			let ed = T::Currency::minimum_balance();
			let balance = T::Currency::balance(&account);
			if balance < ed {
				if let Err(e) = T::Currency::mint_into(&account, ed.saturating_sub(balance)) {
					log::error!(target: LOG_TARGET, "could not endow the royalties account: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An asset's owner replaced its beneficiaries (and the deposit held for them).
		BeneficiariesSet {
			/// The asset.
			asset: Asset,
		},
		/// An asset's owner removed its beneficiary list (the default applies again) and the
		/// deposit held for it was released.
		BeneficiariesCleared {
			/// The asset.
			asset: Asset,
		},
		/// A model's owner changed the part of payments flowing on to its lineage.
		UpstreamSet {
			/// The model.
			model_id: ModelId,
			/// The new upstream part.
			upstream: Perbill,
		},
		/// A model's owner set its price per inference (zero: usage is free).
		PriceSet {
			/// The model.
			model_id: ModelId,
			/// The new price per inference.
			price: BalanceOf<T>,
		},
		/// The use of a model was charged (one logged inference, or a batch of `count`) and
		/// received into the pallet account; the `Credited` events that follow split it.
		UsageCharged {
			/// The model used.
			model_id: ModelId,
			/// Who was charged (the submitter of the inference or batch).
			payer: T::AccountId,
			/// How many inferences were charged for.
			count: u64,
			/// The charge: `count × price` (all of it is credited).
			amount: BalanceOf<T>,
		},
		/// A payment for a model was received into the pallet account.
		Paid {
			/// The model paid for.
			model_id: ModelId,
			/// Who paid.
			payer: T::AccountId,
			/// The amount paid (all of it is credited).
			amount: BalanceOf<T>,
		},
		/// Part of a payment was credited to an account (one event per account and payment,
		/// at most `MaxVisited × MaxBeneficiaries` per payment).
		Credited {
			/// The account credited.
			account: T::AccountId,
			/// The amount added to its accrued balance.
			amount: BalanceOf<T>,
		},
		/// A payment was fully distributed.
		Distributed {
			/// The model paid for.
			model_id: ModelId,
			/// How many distinct accounts were credited.
			recipients: u32,
		},
		/// An asset changed hands: its beneficiaries, upstream part and price returned to their
		/// defaults (the previous owner's choices no longer apply).
		SettingsReset {
			/// The asset.
			asset: Asset,
		},
		/// An account withdrew its accrued royalties.
		Claimed {
			/// The account.
			account: T::AccountId,
			/// The amount paid out.
			amount: BalanceOf<T>,
		},
		/// The royalties escrowed for a disputed asset were credited as the verdict said (each
		/// credit is also a `Credited` event).
		EscrowReleased {
			/// The asset whose disputes ended.
			asset: Asset,
			/// The amount released.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Beneficiary shares do not add up to exactly 100%.
		SharesNotWhole,
		/// The same account appears twice among the beneficiaries.
		DuplicateBeneficiary,
		/// The beneficiary list is empty.
		NoBeneficiaries,
		/// The asset has no beneficiary list set (it uses the default already).
		NoBeneficiaryList,
		/// The caller cannot afford the deposit for the beneficiary list.
		InsufficientDeposit,
		/// The payment, usage charge or price is below `MinimumCredit`.
		BelowMinimumCredit,
		/// The caller does not own the asset.
		NotOwner,
		/// No such dataset or model.
		UnknownAsset,
		/// No such model.
		UnknownModel,
		/// The model is retracted and cannot be paid for.
		Retracted,
		/// The amount is zero.
		ZeroAmount,
		/// The payer cannot afford the payment while staying alive.
		InsufficientBalance,
		/// The payment would not credit what the quote pinned by `expected` listed (a
		/// beneficiary list, upstream part or lineage changed since the quote).
		QuoteChanged,
		/// Nothing has accrued to the caller.
		NothingToClaim,
		/// An arithmetic overflow (cannot happen with a sane total issuance; `count × price` of
		/// a usage charge can overflow with an absurd price).
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBeneficiaries::get() >= 1, "MaxBeneficiaries must be at least 1");
			assert!(T::MaxDepth::get() >= 1, "MaxDepth must be at least 1");
			assert!(T::MaxVisited::get() >= 2, "MaxVisited must be at least 2");
			assert!(!T::MinimumCredit::get().is_zero(), "MinimumCredit must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replaces the beneficiaries of a dataset or a model.
		///
		/// - Origin: signed, the owner of the asset (the dataset's or the model's owner).
		/// - `asset`: the dataset or model.
		/// - `beneficiaries`: accounts and shares; at least one, no duplicate, shares summing to
		///   exactly 100%. At most `MaxBeneficiaries` (enforced by the type).
		///
		/// Holds a deposit for the list's storage (`BeneficiaryDeposit`, by its encoded size)
		/// from the caller; a list replacing one the caller paid for adjusts that deposit; when it
		/// replaces one someone else paid for (never the case after an ownership change, which
		/// resets the list), the caller's deposit is held, then theirs released to them.
		///
		/// Emits `BeneficiariesSet`. Errors: `UnknownAsset`, `NotOwner`, `NoBeneficiaries`,
		/// `DuplicateBeneficiary`, `SharesNotWhole`, `InsufficientDeposit`.
		/// Weight: `O(b²)` in the number `b` of beneficiaries (duplicate check), a hold, one
		/// write.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_beneficiaries(beneficiaries.len().saturated_into::<u32>()))]
		pub fn set_beneficiaries(
			origin: OriginFor<T>,
			asset: Asset,
			beneficiaries: BeneficiariesOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_beneficiaries(&who, asset, beneficiaries)
		}

		/// Removes the beneficiary list of a dataset or a model: payments reaching it are split
		/// among its default beneficiaries again (a dataset's contributors, a model's owner),
		/// and the deposit held for the list is released to whoever paid it.
		///
		/// - Origin: signed, the owner of the asset (any status: a retracted or displaced
		///   asset's owner recovers the deposit this way).
		/// - `asset`: the dataset or model.
		///
		/// Emits `BeneficiariesCleared`. Errors: `UnknownAsset`, `NotOwner`, `NoBeneficiaryList`.
		/// Weight: `O(1)`, a release, one write.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::clear_beneficiaries())]
		pub fn clear_beneficiaries(origin: OriginFor<T>, asset: Asset) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_beneficiaries(&who, asset)
		}

		/// Sets the part of each payment reaching a model that flows on to its direct parents
		/// and datasets (zero removes the entry: nothing flows on).
		///
		/// - Origin: signed, the owner of the model.
		/// - `model_id`: the model.
		/// - `upstream`: the part passed on.
		///
		/// Emits `UpstreamSet`. Errors: `UnknownModel`, `NotOwner`.
		/// Weight: `O(1)`, one write.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_upstream())]
		pub fn set_upstream(
			origin: OriginFor<T>,
			model_id: ModelId,
			upstream: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_upstream(&who, model_id, upstream)
		}

		/// Pays `amount` for the use of a model: moves it from the payer into the pallet account
		/// and credits it through the model's lineage (see the README for the exact rule;
		/// [`Pallet::quote`] returns exactly what is credited).
		///
		/// - Origin: signed, any account able to pay `amount` and stay alive.
		/// - `model_id`: an active model.
		/// - `amount`: at least `MinimumCredit` (the runtime's existential deposit).
		/// - `expected`: `Some(quote_hash)` from `royalties_quote` to pay only if the payment
		///   credits exactly what was quoted (`provenance_primitives::quote_hash`); `None` pays
		///   whatever the split is now.
		///
		/// Emits `Paid`, then one `Credited` per credited account, then `Distributed`.
		/// Errors: `ZeroAmount`, `BelowMinimumCredit`, `UnknownModel`, `Retracted`,
		/// `QuoteChanged`, `InsufficientBalance`, `Overflow`.
		/// Weight: `O(v + s)` for `v ≤ MaxVisited` visited assets and `s ≤ MaxVisited ×
		/// MaxBeneficiaries` beneficiary shares credited ([`Pallet::pay_weight`]); charged for
		/// the bound ([`Pallet::pay_weight_bound`]), refunded down to the visits and shares made.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::pay_weight_bound())]
		pub fn pay(
			origin: OriginFor<T>,
			model_id: ModelId,
			#[pallet::compact] amount: BalanceOf<T>,
			expected: Option<sp_core::H256>,
		) -> DispatchResultWithPostInfo {
			let payer = ensure_signed(origin)?;
			let (visited, credited) = Self::do_pay(&payer, model_id, amount, expected)?;
			Ok(Some(Self::pay_weight(visited, credited)).into())
		}

		/// Pays out everything accrued to the caller.
		///
		/// - Origin: signed, an account with a non-zero accrued balance. The amount must bring
		///   the caller's balance to at least the existential deposit.
		///
		/// Emits `Claimed`. Errors: `NothingToClaim`, or a token error when the caller's
		/// resulting balance would stay below the existential deposit.
		/// Weight: `O(1)`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(&who)
		}

		/// Sets a model's price per inference: from then on `Inference.log` charges its
		/// submitter one price and `Inference.anchor_batch` charges `count × price`, split
		/// through the lineage exactly as `pay` splits a payment (`royalties_quoteUsage`
		/// quotes it). Zero turns metering off and removes the entry.
		///
		/// - Origin: signed, the owner of the model.
		/// - `model_id`: the model (any status: a retracted model accepts no inferences anyway).
		/// - `price_per_inference`: planck per inference; zero, or at least `MinimumCredit`.
		///
		/// Emits `PriceSet`. Errors: `UnknownModel`, `NotOwner`, `BelowMinimumCredit`.
		/// Weight: `O(1)`, one write.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_price())]
		pub fn set_price(
			origin: OriginFor<T>,
			model_id: ModelId,
			#[pallet::compact] price_per_inference: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_price(&who, model_id, price_per_inference)
		}
	}
}
