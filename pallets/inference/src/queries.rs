//! Read access for the runtime API: logged inferences, anchored batches and inclusion proofs.

use crate::{BatchOf, Batches, Config, Inferences, Pallet};
use provenance_primitives::{
	merkle::{self, InclusionProof, InferenceRecord},
	views::{BatchView, InferenceView},
	BatchId,
};
use sp_core::H256;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The inference logged with `output_hash`, if any.
	pub fn inference_view(output_hash: H256) -> Option<InferenceView<T::AccountId>> {
		Inferences::<T>::get(output_hash).map(|entry| InferenceView {
			model_id: entry.model_id,
			input_hash: entry.input_hash,
			output_hash,
			params_hash: entry.params_hash,
			submitter: entry.submitter,
			block: entry.block.saturated_into(),
		})
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
