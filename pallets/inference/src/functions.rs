//! The rules of logging and anchoring: what each call checks, holds and writes.

use crate::{
	BalanceOf, Batch, Batches, BatchesByModel, ClaimCount, Claims, Config, Error, Event,
	HoldReason, InferenceEntry, NextBatchId, Pallet, WeightInfo,
};
use frame_support::{
	dispatch::{DispatchErrorWithPostInfo, WithPostDispatchInfo},
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
	traits::{fungible::MutateHold, Get},
	weights::Weight,
	BoundedVec,
};
use provenance_primitives::{merkle::InferenceRecord, BatchId, ModelId, ModelInspect, UsageMeter};
use sp_core::H256;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Stores `record` as the claim of its model to its output hash, holds `LogDeposit` from
	/// `who` and charges it one use of the model. Returns the weight of the charge.
	///
	/// A call refused before the charge reports the weight of `log` alone (a metered call is
	/// not charged the bound of a distribution it never made); a refused charge reports
	/// nothing, so the declared weight stands.
	pub(crate) fn do_log(
		who: T::AccountId,
		record: InferenceRecord,
	) -> Result<Weight, DispatchErrorWithPostInfo> {
		let refused = |e: DispatchError| e.with_weight(T::WeightInfo::log());
		let (claims, deposit) = Self::prepare_log(&who, &record).map_err(refused)?;
		let charged = T::Metering::charge_usage(&who, record.model_id, 1)?;

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
		Ok(charged)
	}

	/// The checks of `log` and its deposit: returns the output's claim count before this claim
	/// and the deposit held.
	fn prepare_log(
		who: &T::AccountId,
		record: &InferenceRecord,
	) -> Result<(u32, BalanceOf<T>), DispatchError> {
		Self::ensure_can_submit(record.model_id, who)?;
		ensure!(
			!Claims::<T>::contains_key(record.output_hash, record.model_id),
			Error::<T>::AlreadyLogged
		);
		let claims = ClaimCount::<T>::get(record.output_hash);
		ensure!(claims < T::MaxClaimsPerOutput::get(), Error::<T>::TooManyClaims);
		let deposit = T::LogDeposit::get();
		Self::hold_deposit(HoldReason::InferenceDeposit, who, deposit)?;
		Ok((claims, deposit))
	}

	/// Stores a batch under the next id, holds `BatchDeposit` from `who` and charges it `count`
	/// uses of the model. Returns the batch id and the weight of the charge. Refusals report
	/// weights as [`Pallet::do_log`]'s do.
	pub(crate) fn do_anchor_batch(
		who: T::AccountId,
		model_id: ModelId,
		root: H256,
		count: u64,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> Result<(BatchId, Weight), DispatchErrorWithPostInfo> {
		let own = T::WeightInfo::anchor_batch(u32::try_from(uri.len()).unwrap_or(u32::MAX));
		let refused = |e: DispatchError| e.with_weight(own);
		let (batch_id, next_id, deposit) =
			Self::prepare_anchor(&who, model_id, count).map_err(refused)?;
		let charged = T::Metering::charge_usage(&who, model_id, count)?;

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
		Ok((batch_id, charged))
	}

	/// The checks of `anchor_batch` and its deposit: returns the batch's id, the next id and the
	/// deposit held.
	fn prepare_anchor(
		who: &T::AccountId,
		model_id: ModelId,
		count: u64,
	) -> Result<(BatchId, BatchId, BalanceOf<T>), DispatchError> {
		ensure!(count >= 1, Error::<T>::EmptyBatch);
		ensure!(count <= u64::from(u32::MAX), Error::<T>::BatchTooLarge);
		Self::ensure_can_submit(model_id, who)?;
		let batch_id = NextBatchId::<T>::get();
		let next_id = batch_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::BatchDeposit::get();
		Self::hold_deposit(HoldReason::BatchDeposit, who, deposit)?;
		Ok((batch_id, next_id, deposit))
	}

	/// The model exists, is active, and `who` is its owner or one of its operators.
	fn ensure_can_submit(model_id: ModelId, who: &T::AccountId) -> DispatchResult {
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.status.is_usable(), Error::<T>::Retracted);
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

/// Dispute verdicts (called by the Disputes pallet through the runtime). A record answered for
/// by its submitter; a `Retract` verdict removes it and its deposit goes to the opener.
impl<T: Config> Pallet<T> {
	/// Who submitted `model_id`'s claim to `output_hash`, if it exists.
	pub fn claim_submitter(output_hash: H256, model_id: ModelId) -> Option<T::AccountId> {
		Claims::<T>::get(output_hash, model_id).map(|entry| entry.submitter)
	}

	/// Who anchored batch `batch_id`, if it exists.
	pub fn batch_submitter(batch_id: BatchId) -> Option<T::AccountId> {
		Batches::<T>::get(batch_id).map(|batch| batch.submitter)
	}

	/// A `Retract` verdict on a claim: it is removed (the output may be claimed by the model
	/// again) and its deposit goes to `deposit_to`, free.
	pub fn remove_claim_by_verdict(
		output_hash: H256,
		model_id: ModelId,
		deposit_to: &T::AccountId,
	) -> DispatchResult {
		let entry = Claims::<T>::get(output_hash, model_id).ok_or(Error::<T>::NotFound)?;
		Self::forfeit(HoldReason::InferenceDeposit, &entry.submitter, deposit_to, entry.deposit)?;
		Claims::<T>::remove(output_hash, model_id);
		let left = ClaimCount::<T>::get(output_hash).saturating_sub(1);
		if left == 0 {
			ClaimCount::<T>::remove(output_hash);
		} else {
			ClaimCount::<T>::insert(output_hash, left);
		}
		Self::deposit_event(Event::ClaimRemoved {
			model_id,
			output_hash,
			deposit_to: deposit_to.clone(),
			deposit: entry.deposit,
		});
		Ok(())
	}

	/// A `Retract` verdict on a batch: it is removed and its deposit goes to `deposit_to`, free.
	pub fn remove_batch_by_verdict(batch_id: BatchId, deposit_to: &T::AccountId) -> DispatchResult {
		let batch = Batches::<T>::get(batch_id).ok_or(Error::<T>::NotFound)?;
		Self::forfeit(HoldReason::BatchDeposit, &batch.submitter, deposit_to, batch.deposit)?;
		Batches::<T>::remove(batch_id);
		BatchesByModel::<T>::remove(batch.model_id, batch_id);
		Self::deposit_event(Event::BatchRemoved {
			batch_id,
			deposit_to: deposit_to.clone(),
			deposit: batch.deposit,
		});
		Ok(())
	}

	/// Moves `amount` held from `from` for `reason` to `to`, free.
	fn forfeit(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		use frame_support::traits::tokens::{Fortitude, Precision, Restriction};
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Force,
		)
		.map(|_| ())
	}
}
