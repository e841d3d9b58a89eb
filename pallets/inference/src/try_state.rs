//! Storage invariants, checked by `try_state` and after every unit test.

use crate::{
	BalanceOf, Batches, BatchesByModel, ClaimCount, Claims, Config, HoldReason, NextBatchId, Pallet,
};
use alloc::collections::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use provenance_primitives::ModelInspect;
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks:
	/// * every record and every batch names a model that exists; a record's model is its key's;
	/// * `ClaimCount` counts exactly the claims per output hash, none above `MaxClaimsPerOutput`;
	/// * every batch id is below `NextBatchId`, every batch count is in `1..=u32::MAX`;
	/// * `BatchesByModel` indexes exactly the stored batches under their model;
	/// * per submitter, the deposits recorded on its records equal what it has on hold for
	///   `InferenceDeposit`, and likewise for batches and `BatchDeposit`.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		// submitter -> (deposits of its records, deposits of its batches)
		let mut deposits: BTreeMap<T::AccountId, (BalanceOf<T>, BalanceOf<T>)> = BTreeMap::new();

		let mut claims: BTreeMap<sp_core::H256, u32> = BTreeMap::new();
		for (output_hash, model_id, entry) in Claims::<T>::iter() {
			ensure!(entry.model_id == model_id, "a claim is stored under another model's key");
			ensure!(
				T::Models::model_summary(entry.model_id).is_some(),
				"an inference record names an unknown model"
			);
			let count = claims.entry(output_hash).or_default();
			*count = count.saturating_add(1);
			let sums = deposits.entry(entry.submitter).or_default();
			sums.0 = sums.0.saturating_add(entry.deposit);
		}

		let mut counted: usize = 0;
		for (output_hash, count) in ClaimCount::<T>::iter() {
			ensure!(claims.get(&output_hash) == Some(&count), "ClaimCount differs from the claims");
			ensure!(count <= T::MaxClaimsPerOutput::get(), "more claims than MaxClaimsPerOutput");
			counted = counted.saturating_add(1);
		}
		ensure!(counted == claims.len(), "an output hash with claims has no ClaimCount");

		let next_id = NextBatchId::<T>::get();
		let mut batch_count: u64 = 0;
		for (id, batch) in Batches::<T>::iter() {
			ensure!(id < next_id, "a batch id is not below NextBatchId");
			ensure!(batch.count >= 1, "a batch has a count of zero");
			ensure!(batch.count <= u64::from(u32::MAX), "a batch has a count above u32::MAX");
			ensure!(
				T::Models::model_summary(batch.model_id).is_some(),
				"a batch names an unknown model"
			);
			ensure!(
				BatchesByModel::<T>::contains_key(batch.model_id, id),
				"a batch is missing from BatchesByModel"
			);
			batch_count = batch_count.saturating_add(1);
			let sums = deposits.entry(batch.submitter).or_default();
			sums.1 = sums.1.saturating_add(batch.deposit);
		}

		let mut index_count: u64 = 0;
		for (model_id, id, ()) in BatchesByModel::<T>::iter() {
			ensure!(
				Batches::<T>::get(id).is_some_and(|batch| batch.model_id == model_id),
				"BatchesByModel points to a missing batch or the wrong model"
			);
			index_count = index_count.saturating_add(1);
		}
		ensure!(index_count == batch_count, "BatchesByModel and Batches differ in size");

		for (who, (logs, batches)) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::InferenceDeposit.into(), &who) == logs,
				"held inference deposits differ from the records' deposits"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BatchDeposit.into(), &who) == batches,
				"held batch deposits differ from the batches' deposits"
			);
		}
		Ok(())
	}
}
