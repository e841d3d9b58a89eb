//! # Provenance runtime APIs
//!
//! Every provenance query of Provenance Chain as a runtime API, so that `state_call` and
//! polkadot.js `api.call.provenanceApi.*` / `api.call.royaltiesApi.*` work without the custom RPC
//! server, and so that the RPC server (`provenance-rpc`) is a thin typed layer over them.

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

use alloc::vec::Vec;
use codec::Codec;
use provenance_primitives::{
	merkle::{InclusionProof, InferenceRecord},
	views::{BatchView, DatasetView, Descendants, DisputeView, InferenceView, Lineage, ModelView},
	Asset, BatchId, DatasetId, DisputeId, DisputeTarget, ModelId,
};
use sp_core::H256;
use sp_runtime::DispatchError;

sp_api::decl_runtime_apis! {
	/// Provenance queries: datasets, models, lineage, inferences and batch inclusion proofs.
	///
	/// Version 2: inferences are claims per `(output_hash, model_id)` (`inference` takes the
	/// model, `inference_claims` lists every model's claim).
	/// Version 3: disputes (`dispute`, `disputes_of`); lineage nodes carry their status and the
	/// lineage its root's status and `tainted_ancestry`.
	#[api_version(3)]
	pub trait ProvenanceApi<AccountId> where AccountId: Codec {
		/// The dataset with this id.
		fn dataset(id: DatasetId) -> Option<DatasetView<AccountId>>;
		/// The dataset registered with this content root.
		fn dataset_by_root(content_root: H256) -> Option<DatasetView<AccountId>>;
		/// The model with this id.
		fn model(id: ModelId) -> Option<ModelView<AccountId>>;
		/// The model registered with this weights root.
		fn model_by_root(weights_root: H256) -> Option<ModelView<AccountId>>;
		/// Every ancestor model and dataset of `model_id`, up to `max_depth` levels and
		/// `max_nodes` nodes; `None` when the model does not exist.
		fn lineage(model_id: ModelId, max_depth: u32, max_nodes: u32) -> Option<Lineage>;
		/// Every model derived from `asset`, up to `max_depth` levels and `max_nodes` models;
		/// `None` when the asset does not exist.
		fn descendants(asset: Asset, max_depth: u32, max_nodes: u32) -> Option<Descendants>;
		/// The claim of `model_id` to `output_hash`, if it logged one.
		fn inference(output_hash: H256, model_id: ModelId) -> Option<InferenceView<AccountId>>;
		/// Every model's claim to `output_hash` (at most `MaxClaimsPerOutput`), by model id.
		fn inference_claims(output_hash: H256) -> Vec<InferenceView<AccountId>>;
		/// The anchored batch with this id.
		fn batch(batch_id: BatchId) -> Option<BatchView<AccountId>>;
		/// Whether `record` is in batch `batch_id` according to `proof` (checked against the
		/// batch's stored root and count), and the batch itself.
		fn verify_inclusion(
			batch_id: BatchId,
			record: InferenceRecord,
			proof: InclusionProof,
		) -> (bool, Option<BatchView<AccountId>>);
		/// The dispute with this id (open or closed).
		fn dispute(id: DisputeId) -> Option<DisputeView<AccountId>>;
		/// The disputes of `target`, open or closed, by id (at most the runtime's `MaxListed`).
		fn disputes_of(target: DisputeTarget) -> Vec<DisputeView<AccountId>>;
	}

	/// Royalty queries.
	///
	/// Version 2: usage metering (`quote_usage`).
	#[api_version(2)]
	pub trait RoyaltiesApi<AccountId, Balance> where AccountId: Codec, Balance: Codec {
		/// Exactly what `Royalties.pay(model_id, amount)` would credit, per account.
		fn quote(model_id: ModelId, amount: Balance) -> Result<Vec<(AccountId, Balance)>, DispatchError>;
		/// The model's price per inference and exactly what `count` inferences of it (one
		/// `Inference.log` for 1, an `Inference.anchor_batch` of `count` records) would credit,
		/// per account: the distribution of `count × price` (empty when usage is free).
		fn quote_usage(model_id: ModelId, count: u64) -> Result<(Balance, Vec<(AccountId, Balance)>), DispatchError>;
		/// What `account` can claim now.
		fn claimable(account: AccountId) -> Balance;
	}
}
