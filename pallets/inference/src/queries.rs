//! Read access for the runtime API: logged inferences, anchored batches and inclusion proofs.

use crate::{BatchOf, Batches, Claims, Config, InferenceEntryOf, Pallet};
use alloc::vec::Vec;
use frame_support::traits::Get;
use provenance_primitives::{
	merkle::{self, InclusionProof, InferenceRecord},
	views::{BatchView, InferenceView},
	BatchId, ModelId,
};
use sp_core::H256;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The claim of `model_id` to `output_hash`, if it logged one.
	pub fn inference_view(
		output_hash: H256,
		model_id: ModelId,
	) -> Option<InferenceView<T::AccountId>> {
		Claims::<T>::get(output_hash, model_id)
			.map(|entry| Self::to_inference_view(output_hash, entry))
	}

	/// Every model's claim to `output_hash`, by model id; at most `MaxClaimsPerOutput`.
	pub fn inference_claims(output_hash: H256) -> Vec<InferenceView<T::AccountId>> {
		let max = usize::try_from(T::MaxClaimsPerOutput::get()).unwrap_or(usize::MAX);
		let mut claims: Vec<_> = Claims::<T>::iter_prefix_values(output_hash)
			.take(max)
			.map(|entry| Self::to_inference_view(output_hash, entry))
			.collect();
		claims.sort_by_key(|claim| claim.model_id);
		claims
	}

	fn to_inference_view(
		output_hash: H256,
		entry: InferenceEntryOf<T>,
	) -> InferenceView<T::AccountId> {
		InferenceView {
			model_id: entry.model_id,
			input_hash: entry.input_hash,
			output_hash,
			params_hash: entry.params_hash,
			submitter: entry.submitter,
			block: entry.block.saturated_into(),
		}
	}

	/// The batch anchored under `id`, if any.
	pub fn batch_view(id: BatchId) -> Option<BatchView<T::AccountId>> {
		Batches::<T>::get(id).map(|batch| Self::to_batch_view(id, batch))
	}

	/// Whether `record` is in batch `batch_id` according to `proof`, and the batch itself.
	///
	/// `false` when the batch is unknown (then also `None`), when the record belongs to another
	/// model than the batch, or when the proof does not lead from the record's leaf to the batch's
	/// **stored** root for a tree of the batch's **stored** count. Never panics.
	pub fn verify_inclusion(
		batch_id: BatchId,
		record: &InferenceRecord,
		proof: &InclusionProof,
	) -> (bool, Option<BatchView<T::AccountId>>) {
		let Some(batch) = Batches::<T>::get(batch_id) else {
			return (false, None);
		};
		let valid = record.model_id == batch.model_id
			&& merkle::verify(&batch.root, batch.count, record, proof);
		(valid, Some(Self::to_batch_view(batch_id, batch)))
	}

	fn to_batch_view(id: BatchId, batch: BatchOf<T>) -> BatchView<T::AccountId> {
		BatchView {
			id,
			model_id: batch.model_id,
			root: batch.root,
			count: batch.count,
			submitter: batch.submitter,
			block: batch.block.saturated_into(),
			uri: batch.uri.into_inner(),
		}
	}
}
