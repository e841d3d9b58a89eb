//! # Provenance JSON-RPC
//!
//! The `provenance_*` and `royalties_*` JSON-RPC methods of Provenance Chain, declared once in
//! [`ProvenanceApiServer`] / [`ProvenanceApiClient`] (one `#[rpc(client, server)]` trait): the
//! node serves it through [`Provenance`], a thin layer over the runtime APIs of
//! `provenance-runtime-api`; the CLI and the tests call it through the generated client.
//!
//! * Every method takes an optional last parameter `at` (a block hash; default: the best block).
//! * Answers are the runtime API's own view types (`provenance_primitives::views`), whose serde
//!   shape is the JSON: camelCase fields, `0x`-hex hashes, SS58 accounts, decimal-string
//!   balances, numeric ids; an absent record is `null`.
//! * Every parameter is a [`Param`], so a bad one gives a JSON-RPC error (`-32602`) whose message
//!   names the field — never a panic and never a silent `null`.
//! * The graph walks (`provenance_lineage`, `provenance_descendants`) run as blocking tasks; their
//!   depth and size are bounded by the runtime itself (`Models::MaxQueryDepth`/`MaxQueryNodes`).

mod param;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use provenance_primitives::{
	json::Amount,
	merkle::{InclusionProof, InferenceRecord},
	views::{
		BatchView, Credit, DatasetView, Descendants, DisputeView, InclusionCheck, InferenceView,
		Lineage, ModelView, Quote, UsageQuote,
	},
	Asset, BatchId, DatasetId, DisputeId, DisputeTarget, ModelId,
};
use provenance_runtime_api::{ProvenanceApi as ProvenanceRuntimeApi, RoyaltiesApi};
use sp_api::{ApiError, ApiRef, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, AccountId32};
use std::{marker::PhantomData, sync::Arc};

pub use param::{invalid, Param, INVALID_PARAMS};

/// Account id of Provenance Chain.
pub type AccountId = AccountId32;
/// Balance of Provenance Chain.
pub type Balance = u128;

/// JSON-RPC error code for a failed runtime call.
pub const RUNTIME_ERROR: i32 = -32000;
/// JSON-RPC error code for a `pay`/`quote` the runtime refuses (unknown or retracted model, ...).
pub const QUOTE_REFUSED: i32 = -32001;
/// Largest `max_depth` a lineage or descendants query may ask for (also the default). The runtime
/// clamps every walk to its own bounds whatever it is asked.
pub const MAX_DEPTH_LIMIT: u32 = 256;
/// Most nodes one lineage or descendants query asks the runtime to visit (the runtime clamps it
/// to its own bound).
pub const MAX_NODES: u32 = 10_000;
/// Longest inclusion proof accepted: a tree of 2^64 leaves.
pub const MAX_PROOF_SIBLINGS: usize = 64;

/// The JSON-RPC methods: one declaration for the server and the generated client.
#[rpc(client, server)]
pub trait ProvenanceApi {
	/// A dataset by id, or `null`.
	#[method(name = "provenance_getDataset")]
	fn get_dataset(
		&self,
		id: Option<Param<DatasetId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DatasetView<AccountId>>>;

	/// A dataset by content root, or `null`.
	#[method(name = "provenance_getDatasetByRoot")]
	fn get_dataset_by_root(
		&self,
		content_root: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DatasetView<AccountId>>>;

	/// A model by id, or `null`.
	#[method(name = "provenance_getModel")]
	fn get_model(
		&self,
		id: Option<Param<ModelId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<ModelView<AccountId>>>;

	/// A model by weights root, or `null`.
	#[method(name = "provenance_getModelByRoot")]
	fn get_model_by_root(
		&self,
		weights_root: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<ModelView<AccountId>>>;

	/// Every ancestor model and dataset of a model, up to `max_depth` (default and limit
	/// [`MAX_DEPTH_LIMIT`]), or `null` for an unknown model.
	#[method(name = "provenance_lineage", blocking)]
	fn lineage(
		&self,
		model_id: Option<Param<ModelId>>,
		max_depth: Option<Param<u32>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<Lineage>>;

	/// Every model derived from `{ "model": id }` or `{ "dataset": id }`, up to `max_depth`, or
	/// `null` for an unknown asset.
	#[method(name = "provenance_descendants", blocking)]
	fn descendants(
		&self,
		asset: Option<Param<Asset>>,
		max_depth: Option<Param<u32>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<Descendants>>;

	/// The claim of model `model_id` to `output_hash` (an inference record), or `null`.
	#[method(name = "provenance_getInference")]
	fn get_inference(
		&self,
		output_hash: Option<Param<H256>>,
		model_id: Option<Param<ModelId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<InferenceView<AccountId>>>;

	/// `[record, ..]`: every model's claim to `output_hash`, by model id (`[]` when none).
	#[method(name = "provenance_inferenceClaims")]
	fn inference_claims(
		&self,
		output_hash: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Vec<InferenceView<AccountId>>>;

	/// An anchored batch by id, or `null`.
	#[method(name = "provenance_getBatch")]
	fn get_batch(
		&self,
		batch_id: Option<Param<BatchId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<BatchView<AccountId>>>;

	/// `{ valid, batch }`: whether `record` is in the batch according to `proof`.
	#[method(name = "provenance_verifyInclusion")]
	fn verify_inclusion(
		&self,
		batch_id: Option<Param<BatchId>>,
		record: Option<Param<InferenceRecord>>,
		proof: Option<Param<InclusionProof>>,
		at: Option<Param<H256>>,
	) -> RpcResult<InclusionCheck<AccountId>>;

	/// A dispute by id (open, withdrawn or resolved), or `null`.
	#[method(name = "provenance_getDispute")]
	fn get_dispute(
		&self,
		dispute_id: Option<Param<DisputeId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DisputeView<AccountId>>>;

	/// The disputes of a target (`{"dataset": id}`, `{"model": id}`, `{"inference":
	/// {"outputHash", "modelId"}}` or `{"batch": id}`), open or closed, by id; at most the
	/// runtime's `Disputes::MaxListed`.
	#[method(name = "provenance_disputesOf")]
	fn disputes_of(
		&self,
		target: Option<Param<DisputeTarget>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Vec<DisputeView<AccountId>>>;

	/// `[{ account, amount }]`: exactly what `Royalties.pay(model_id, amount)` would credit.
	#[method(name = "royalties_quote")]
	fn quote(
		&self,
		model_id: Option<Param<ModelId>>,
		amount: Option<Param<Amount>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Quote<AccountId>>;

	/// `{ price, count, amount, credits, quoteHash }`: the model's price per inference and
	/// exactly what `count` inferences of it (`Inference.log` for 1, `Inference.anchor_batch`
	/// of `count` records) would charge and credit.
	#[method(name = "royalties_quoteUsage")]
	fn quote_usage(
		&self,
		model_id: Option<Param<ModelId>>,
		count: Option<Param<u64>>,
		at: Option<Param<H256>>,
	) -> RpcResult<UsageQuote<AccountId>>;

	/// What an account can claim, as a decimal string.
	#[method(name = "royalties_claimable")]
	fn claimable(
		&self,
		account: Option<Param<AccountId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Amount>;
}

/// The server: answers every method through the runtime API of `client` at the requested block.
pub struct Provenance<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Provenance<C, Block> {
	/// A server answering from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block> Provenance<C, Block>
where
	Block: BlockT<Hash = H256>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
{
	/// Runs `call` on the runtime API at block `at` (default: the best block).
	fn query<R>(
		&self,
		at: Option<Param<H256>>,
		call: impl FnOnce(ApiRef<'_, C::Api>, H256) -> Result<R, ApiError>,
	) -> RpcResult<R> {
		let at = match Param::optional(at, "at")? {
			None => self.client.info().best_hash,
			Some(hash) if matches!(self.client.header(hash), Ok(Some(_))) => hash,
			Some(hash) => return Err(invalid(format!("at: unknown block hash {hash:?}"))),
		};
		call(self.client.runtime_api(), at).map_err(|error| {
			ErrorObjectOwned::owned(
				RUNTIME_ERROR,
				format!("runtime call failed: {error}"),
				None::<()>,
			)
		})
	}
}

/// `max_depth`: absent means [`MAX_DEPTH_LIMIT`]; more than that is an error.
fn max_depth(param: Option<Param<u32>>) -> RpcResult<u32> {
	match Param::optional(param, "max_depth")? {
		None => Ok(MAX_DEPTH_LIMIT),
		Some(depth) if depth <= MAX_DEPTH_LIMIT => Ok(depth),
		Some(depth) => {
			Err(invalid(format!("max_depth: {depth} is over the limit of {MAX_DEPTH_LIMIT}")))
		}
	}
}

impl<C, Block> ProvenanceApiServer for Provenance<C, Block>
where
	Block: BlockT<Hash = H256>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ProvenanceRuntimeApi<Block, AccountId> + RoyaltiesApi<Block, AccountId, Balance>,
{
	fn get_dataset(
		&self,
		id: Option<Param<DatasetId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DatasetView<AccountId>>> {
		let id = Param::required(id, "id")?;
		self.query(at, |api, at| api.dataset(at, id))
	}

	fn get_dataset_by_root(
		&self,
		content_root: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DatasetView<AccountId>>> {
		let root = Param::required(content_root, "content_root")?;
		self.query(at, |api, at| api.dataset_by_root(at, root))
	}

	fn get_model(
		&self,
		id: Option<Param<ModelId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<ModelView<AccountId>>> {
		let id = Param::required(id, "id")?;
		self.query(at, |api, at| api.model(at, id))
	}

	fn get_model_by_root(
		&self,
		weights_root: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<ModelView<AccountId>>> {
		let root = Param::required(weights_root, "weights_root")?;
		self.query(at, |api, at| api.model_by_root(at, root))
	}

	fn lineage(
		&self,
		model_id: Option<Param<ModelId>>,
		max_depth: Option<Param<u32>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<Lineage>> {
		let id = Param::required(model_id, "model_id")?;
		let depth = self::max_depth(max_depth)?;
		self.query(at, |api, at| api.lineage(at, id, depth, MAX_NODES))
	}

	fn descendants(
		&self,
		asset: Option<Param<Asset>>,
		max_depth: Option<Param<u32>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<Descendants>> {
		let asset = Param::required(asset, "asset")?;
		let depth = self::max_depth(max_depth)?;
		self.query(at, |api, at| api.descendants(at, asset, depth, MAX_NODES))
	}

	fn get_inference(
		&self,
		output_hash: Option<Param<H256>>,
		model_id: Option<Param<ModelId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<InferenceView<AccountId>>> {
		let output = Param::required(output_hash, "output_hash")?;
		let model_id = Param::required(model_id, "model_id")?;
		self.query(at, |api, at| api.inference(at, output, model_id))
	}

	fn inference_claims(
		&self,
		output_hash: Option<Param<H256>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Vec<InferenceView<AccountId>>> {
		let output = Param::required(output_hash, "output_hash")?;
		self.query(at, |api, at| api.inference_claims(at, output))
	}

	fn get_batch(
		&self,
		batch_id: Option<Param<BatchId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<BatchView<AccountId>>> {
		let id = Param::required(batch_id, "batch_id")?;
		self.query(at, |api, at| api.batch(at, id))
	}

	fn verify_inclusion(
		&self,
		batch_id: Option<Param<BatchId>>,
		record: Option<Param<InferenceRecord>>,
		proof: Option<Param<InclusionProof>>,
		at: Option<Param<H256>>,
	) -> RpcResult<InclusionCheck<AccountId>> {
		let batch_id = Param::required(batch_id, "batch_id")?;
		let record = Param::required(record, "record")?;
		let proof = Param::required(proof, "proof")?;
		if proof.siblings.len() > MAX_PROOF_SIBLINGS {
			return Err(invalid(format!(
				"proof.siblings: {} entries, at most {MAX_PROOF_SIBLINGS} allowed",
				proof.siblings.len()
			)));
		}
		let (valid, batch) =
			self.query(at, |api, at| api.verify_inclusion(at, batch_id, record, proof))?;
		Ok(InclusionCheck { valid, batch })
	}

	fn get_dispute(
		&self,
		dispute_id: Option<Param<DisputeId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Option<DisputeView<AccountId>>> {
		let id = Param::required(dispute_id, "dispute_id")?;
		self.query(at, |api, at| api.dispute(at, id))
	}

	fn disputes_of(
		&self,
		target: Option<Param<DisputeTarget>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Vec<DisputeView<AccountId>>> {
		let target = Param::required(target, "target")?;
		self.query(at, |api, at| api.disputes_of(at, target))
	}

	fn quote(
		&self,
		model_id: Option<Param<ModelId>>,
		amount: Option<Param<Amount>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Quote<AccountId>> {
		let model_id = Param::required(model_id, "model_id")?;
		let Amount(amount) = Param::required(amount, "amount")?;
		match self.query(at, |api, at| api.quote(at, model_id, amount))? {
			Ok(credits) => Ok(Quote {
				quote_hash: provenance_primitives::quote_hash(&credits),
				credits: credit_list(credits),
			}),
			Err(error) => Err(quote_refused("model_id or amount", "payment", error)),
		}
	}

	fn quote_usage(
		&self,
		model_id: Option<Param<ModelId>>,
		count: Option<Param<u64>>,
		at: Option<Param<H256>>,
	) -> RpcResult<UsageQuote<AccountId>> {
		let model_id = Param::required(model_id, "model_id")?;
		let count = Param::required(count, "count")?;
		match self.query(at, |api, at| api.quote_usage(at, model_id, count))? {
			Ok((price, credits)) => Ok(UsageQuote {
				price,
				count,
				amount: credits.iter().map(|(_, amount)| amount).sum(),
				quote_hash: provenance_primitives::quote_hash(&credits),
				credits: credit_list(credits),
			}),
			Err(error) => Err(quote_refused("model_id or count", "usage", error)),
		}
	}

	fn claimable(
		&self,
		account: Option<Param<AccountId>>,
		at: Option<Param<H256>>,
	) -> RpcResult<Amount> {
		let account = Param::required(account, "account")?;
		self.query(at, |api, at| api.claimable(at, account)).map(Amount)
	}
}

/// A runtime quote as the JSON list of credits.
fn credit_list(credits: Vec<(AccountId, Balance)>) -> Vec<Credit<AccountId>> {
	credits.into_iter().map(|(account, amount)| Credit { account, amount }).collect()
}

/// The error of a quote the runtime refuses (unknown or retracted model, zero or below the
/// minimum credit, overflow), naming
/// the parameters that can cause it.
fn quote_refused(fields: &str, what: &str, error: sp_runtime::DispatchError) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		QUOTE_REFUSED,
		format!("{fields}: the runtime refuses this {what}: {error:?}"),
		None::<()>,
	)
}

#[cfg(test)]
mod tests;
