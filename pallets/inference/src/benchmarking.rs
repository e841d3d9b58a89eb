//! Benchmarks of the inference pallet.

// Benchmarks set up worst cases and may panic on a broken setup; they are not in the runtime
// that validators run.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::panic,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::cast_possible_truncation
)]

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use provenance_primitives::{ModelBenchmarkHelper, ModelId, UsageBenchmarkHelper};
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// Enough for any metered charge of the benchmarks: 10^24 units.
fn plenty_for_metering<T: Config>(who: &T::AccountId) {
	let trillion = BalanceOf::<T>::from(1_000_000u32).saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(who, trillion.saturating_mul(trillion));
}

/// A funded caller owning a fresh active model.
fn funded_model_owner<T: Config>() -> (T::AccountId, ModelId) {
	let caller: T::AccountId = whitelisted_caller();
	let plenty = T::Currency::minimum_balance()
		.saturating_add(T::LogDeposit::get())
		.saturating_add(T::BatchDeposit::get())
		.saturating_mul(1_000_000u32.into());
	// Funds for the model registry's own deposit, then for ours.
	T::Currency::set_balance(&caller, plenty);
	let model_id = T::BenchmarkHelper::create_model(caller.clone(), vec![], vec![], 0);
	T::Currency::set_balance(&caller, plenty);
	(caller, model_id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn log() {
		let (caller, model_id) = funded_model_owner::<T>();
		let output_hash = H256::repeat_byte(0x0b);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			model_id,
			H256::repeat_byte(0x0a),
			output_hash,
			H256::repeat_byte(0x0c),
		);

		assert!(Claims::<T>::contains_key(output_hash, model_id));
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::InferenceDeposit.into(), &caller),
			T::LogDeposit::get()
		);
	}

	#[benchmark]
	fn anchor_batch(u: Linear<0, { T::MaxUriLen::get() }>) {
		let (caller, model_id) = funded_model_owner::<T>();
		let uri: BoundedVec<u8, T::MaxUriLen> =
			BoundedVec::try_from(vec![b'u'; u as usize]).expect("u <= MaxUriLen; qed");
		let batch_id = NextBatchId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			model_id,
			H256::repeat_byte(0x0d),
			u64::from(u32::MAX),
			uri,
		);

		assert!(Batches::<T>::contains_key(batch_id));
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::BatchDeposit.into(), &caller),
			T::BatchDeposit::get()
		);
	}

	/// `log` of a metered model (priced at 50 minimum credits, so the charge reaches every asset) over a three-level lineage (base ← fine-tune on a
	/// dataset of three contributors ← quantization; half of each payment flows upstream):
	/// the figure compared with `log` in docs/PERFORMANCE.md. The runtime charges a metered
	/// `log` as `log` plus the royalties pallet's weight of the distribution made.
	#[benchmark]
	fn log_metered() {
		let (caller, _) = funded_model_owner::<T>();
		let model_id = T::UsageHelper::metered_lineage(caller.clone());
		plenty_for_metering::<T>(&caller);
		let output_hash = H256::repeat_byte(0x0b);

		#[extrinsic_call]
		log(
			RawOrigin::Signed(caller.clone()),
			model_id,
			H256::repeat_byte(0x0a),
			output_hash,
			H256::repeat_byte(0x0c),
		);

		assert!(Claims::<T>::contains_key(output_hash, model_id));
	}

	/// `anchor_batch` of a million records of the metered model of `log_metered`, with the
	/// longest URI: one distribution of `1,000,000 × price`.
	#[benchmark]
	fn anchor_batch_metered() {
		let (caller, _) = funded_model_owner::<T>();
		let model_id = T::UsageHelper::metered_lineage(caller.clone());
		plenty_for_metering::<T>(&caller);
		let uri: BoundedVec<u8, T::MaxUriLen> =
			BoundedVec::try_from(vec![b'u'; T::MaxUriLen::get() as usize])
				.expect("MaxUriLen bytes fit; qed");
		let batch_id = NextBatchId::<T>::get();

		#[extrinsic_call]
		anchor_batch(
			RawOrigin::Signed(caller.clone()),
			model_id,
			H256::repeat_byte(0x0d),
			1_000_000,
			uri,
		);

		assert!(Batches::<T>::contains_key(batch_id));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
