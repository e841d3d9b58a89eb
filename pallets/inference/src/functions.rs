//! The rules of logging and anchoring: what each call checks, holds and writes.

use crate::{
	BalanceOf, Batch, Batches, BatchesByModel, ClaimCount, Claims, Config, Error, Event,
	HoldReason, InferenceEntry, NextBatchId, Pallet,
};
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
	traits::{fungible::MutateHold, Get},
	BoundedVec,
};
use provenance_primitives::{merkle::InferenceRecord, BatchId, ModelId, ModelInspect, Status};
use sp_core::H256;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Stores `record` as the claim of its model to its output hash and holds `LogDeposit`
	/// from `who`.
	pub(crate) fn do_log(who: T::AccountId, record: InferenceRecord) -> DispatchResult {
		Self::ensure_can_submit(record.model_id, &who)?;
		ensure!(
			!Claims::<T>::contains_key(record.output_hash, record.model_id),
			Error::<T>::AlreadyLogged
		);
		let claims = ClaimCount::<T>::get(record.output_hash);
		ensure!(claims < T::MaxClaimsPerOutput::get(), Error::<T>::TooManyClaims);

		let deposit = T::LogDeposit::get();
		Self::hold_deposit(HoldReason::InferenceDeposit, &who, deposit)?;

		ClaimCount::<T>::insert(record.output_hash, claims.saturating_add(1));
		Claims::<T>::insert(
			record.output_hash,
			record.model_id,
			InferenceEntry {
				model_id: record.model_id,
				input_hash: record.input_hash,
				params_hash: record.params_hash,
				submitter: who.clone(),
				block: frame_system::Pallet::<T>::block_number(),
				deposit,
			},
		);
		Self::deposit_event(Event::InferenceLogged {
			model_id: record.model_id,
			output_hash: record.output_hash,
			submitter: who,
		});
		Ok(())
	}

	/// Stores a batch under the next id and holds `BatchDeposit` from `who`.
	pub(crate) fn do_anchor_batch(
		who: T::AccountId,
		model_id: ModelId,
		root: H256,
		count: u64,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> Result<BatchId, DispatchError> {
		ensure!(count >= 1, Error::<T>::EmptyBatch);
		ensure!(count <= u64::from(u32::MAX), Error::<T>::BatchTooLarge);
		Self::ensure_can_submit(model_id, &who)?;

		let batch_id = NextBatchId::<T>::get();
		let next_id = batch_id.checked_add(1).ok_or(Error::<T>::Overflow)?;

		let deposit = T::BatchDeposit::get();
		Self::hold_deposit(HoldReason::BatchDeposit, &who, deposit)?;

		Batches::<T>::insert(
			batch_id,
			Batch {
				model_id,
				root,
				count,
				submitter: who.clone(),
				block: frame_system::Pallet::<T>::block_number(),
				uri,
				deposit,
			},
		);
		BatchesByModel::<T>::insert(model_id, batch_id, ());
		NextBatchId::<T>::put(next_id);

		Self::deposit_event(Event::BatchAnchored {
			batch_id,
			model_id,
			root,
			count,
			submitter: who,
		});
		Ok(batch_id)
	}

	/// The model exists, is active, and `who` is its owner or one of its operators.
	fn ensure_can_submit(model_id: ModelId, who: &T::AccountId) -> DispatchResult {
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.status == Status::Active, Error::<T>::Retracted);
		ensure!(T::Models::is_owner_or_operator(model_id, who), Error::<T>::NotOperator);
		Ok(())
	}

	/// Holds `amount` from `who` for `reason`; any failure is reported as `InsufficientDeposit`.
	fn hold_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;
		Ok(())
	}
}
