//! # Provenance JSON-RPC
//!
//! The `provenance_*` and `royalties_*` JSON-RPC methods of Provenance Chain: a thin typed layer
//! over the runtime APIs of `provenance-runtime-api`.
//!
//! * Every method takes an optional last parameter `at` (a block hash; default: the best block).
//! * Hashes are `0x`-hex, accounts SS58 strings (prefix 42), balances decimal strings, ids numbers,
//!   object fields camelCase; an absent record is `null`.
//! * Every parameter is parsed here, so a bad one gives a JSON-RPC error (`-32602`) whose message
//!   names the field — never a panic and never a silent `null`.
//!
//! The server is generic over a [`QueryBackend`]; [`ClientBackend`] implements it on a real client
//! through the runtime API, and the unit tests implement it in memory.

pub mod json;
mod params;

use codec::{Decode, Encode};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use provenance_primitives::{
	merkle::{InclusionProof, InferenceRecord},
	views::{BatchView, DatasetView, Descendants, InferenceView, Lineage, ModelView},
	Asset, BatchId, DatasetId, ModelId,
};
use serde_json::Value;
use sp_api::{ApiRef, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, AccountId32, DispatchError};
use std::{marker::PhantomData, sync::Arc};

pub use params::{MAX_DEPTH_LIMIT, MAX_NODES};

/// Account id of Provenance Chain.
pub type AccountId = AccountId32;
/// Balance of Provenance Chain.
pub type Balance = u128;

/// JSON-RPC error code for bad parameters.
pub const INVALID_PARAMS: i32 = -32602;
/// JSON-RPC error code for a failed runtime call.
pub const RUNTIME_ERROR: i32 = -32000;
/// JSON-RPC error code for a `pay`/`quote` the runtime refuses (unknown or retracted model, ...).
pub const QUOTE_REFUSED: i32 = -32001;

/// What the RPC server needs from the chain, at a given block.
pub trait QueryBackend: Send + Sync + 'static {
	/// The best block's hash.
	fn best_hash(&self) -> H256;
	/// Whether the node knows a block with this hash.
	fn block_exists(&self, at: H256) -> bool;
	/// See `ProvenanceApi::dataset`.
	fn dataset(&self, at: H256, id: DatasetId) -> Result<Option<DatasetView<AccountId>>, String>;
	/// See `ProvenanceApi::dataset_by_root`.
	fn dataset_by_root(
		&self,
		at: H256,
		root: H256,
	) -> Result<Option<DatasetView<AccountId>>, String>;
	/// See `ProvenanceApi::model`.
	fn model(&self, at: H256, id: ModelId) -> Result<Option<ModelView<AccountId>>, String>;
	/// See `ProvenanceApi::model_by_root`.
	fn model_by_root(&self, at: H256, root: H256) -> Result<Option<ModelView<AccountId>>, String>;
	/// See `ProvenanceApi::lineage`.
	fn lineage(
		&self,
		at: H256,
		id: ModelId,
		max_depth: u32,
		max_nodes: u32,
	) -> Result<Option<Lineage>, String>;
	/// See `ProvenanceApi::descendants`.
	fn descendants(
		&self,
		at: H256,
		asset: Asset,
		max_depth: u32,
		max_nodes: u32,
	) -> Result<Option<Descendants>, String>;
	/// See `ProvenanceApi::inference`.
	fn inference(&self, at: H256, output: H256)
		-> Result<Option<InferenceView<AccountId>>, String>;
	/// See `ProvenanceApi::batch`.
	fn batch(&self, at: H256, id: BatchId) -> Result<Option<BatchView<AccountId>>, String>;
	/// See `ProvenanceApi::verify_inclusion`.
	fn verify_inclusion(
		&self,
		at: H256,
		batch_id: BatchId,
		record: InferenceRecord,
		proof: InclusionProof,
	) -> Result<(bool, Option<BatchView<AccountId>>), String>;
	/// See `RoyaltiesApi::quote`.
	fn quote(
		&self,
		at: H256,
		model_id: ModelId,
		amount: Balance,
	) -> Result<Result<Vec<(AccountId, Balance)>, DispatchError>, String>;
	/// See `RoyaltiesApi::claimable`.
	fn claimable(&self, at: H256, account: AccountId) -> Result<Balance, String>;
}

/// The JSON-RPC methods. Every parameter is a raw JSON value, parsed by the server so that errors
/// can name the field.
#[rpc(server)]
pub trait ProvenanceApi {
	/// A dataset by id, or `null`.
	#[method(name = "provenance_getDataset")]
	fn get_dataset(&self, id: Option<Value>, at: Option<Value>) -> RpcResult<Value>;

	/// A dataset by content root, or `null`.
	#[method(name = "provenance_getDatasetByRoot")]
	fn get_dataset_by_root(
		&self,
		content_root: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value>;

	/// A model by id, or `null`.
	#[method(name = "provenance_getModel")]
	fn get_model(&self, id: Option<Value>, at: Option<Value>) -> RpcResult<Value>;

	/// A model by weights root, or `null`.
	#[method(name = "provenance_getModelByRoot")]
	fn get_model_by_root(&self, weights_root: Option<Value>, at: Option<Value>)
		-> RpcResult<Value>;

	/// Every ancestor model and dataset of a model, up to `max_depth`.
	#[method(name = "provenance_lineage")]
	fn lineage(
		&self,
		model_id: Option<Value>,
		max_depth: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Option<json::LineageJson>>;

	/// Every model derived from `{ "model": id }` or `{ "dataset": id }`, up to `max_depth`.
	#[method(name = "provenance_descendants")]
	fn descendants(
		&self,
		asset: Option<Value>,
		max_depth: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value>;

	/// An inference record by output hash, or `null`.
	#[method(name = "provenance_getInference")]
	fn get_inference(&self, output_hash: Option<Value>, at: Option<Value>) -> RpcResult<Value>;

	/// An anchored batch by id, or `null`.
	#[method(name = "provenance_getBatch")]
	fn get_batch(&self, batch_id: Option<Value>, at: Option<Value>) -> RpcResult<Value>;

	/// `{ valid, batch }`: whether `record` is in the batch according to `proof`.
	#[method(name = "provenance_verifyInclusion")]
	fn verify_inclusion(
		&self,
		batch_id: Option<Value>,
		record: Option<Value>,
		proof: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value>;

	/// `[{ account, amount }]`: exactly what `Royalties.pay(model_id, amount)` would credit.
	#[method(name = "royalties_quote")]
	fn quote(
		&self,
		model_id: Option<Value>,
		amount: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value>;

	/// What an account can claim, as a decimal string.
	#[method(name = "royalties_claimable")]
	fn claimable(&self, account: Option<Value>, at: Option<Value>) -> RpcResult<Value>;
}

/// The RPC server over a [`QueryBackend`].
pub struct ProvenanceRpc<B> {
	backend: Arc<B>,
}

impl<B: QueryBackend> ProvenanceRpc<B> {
	/// A server answering from `backend`.
	pub fn new(backend: Arc<B>) -> Self {
		Self { backend }
	}

	fn at(&self, at: Option<Value>) -> RpcResult<H256> {
		match params::optional_hash("at", at)? {
			None => Ok(self.backend.best_hash()),
			Some(hash) if self.backend.block_exists(hash) => Ok(hash),
			Some(hash) => Err(params::invalid(format!("at: unknown block hash {hash:?}"))),
		}
	}
}

fn runtime_error(error: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_ERROR, format!("runtime call failed: {error}"), None::<()>)
}

impl<B: QueryBackend> ProvenanceApiServer for ProvenanceRpc<B> {
	fn get_dataset(&self, id: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let id = params::required_u64("id", id)?;
		let at = self.at(at)?;
		let view = self.backend.dataset(at, id).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::dataset(&v)))
	}

	fn get_dataset_by_root(&self, root: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let root = params::required_hash("content_root", root)?;
		let at = self.at(at)?;
		let view = self.backend.dataset_by_root(at, root).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::dataset(&v)))
	}

	fn get_model(&self, id: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let id = params::required_u64("id", id)?;
		let at = self.at(at)?;
		let view = self.backend.model(at, id).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::model(&v)))
	}

	fn get_model_by_root(&self, root: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let root = params::required_hash("weights_root", root)?;
		let at = self.at(at)?;
		let view = self.backend.model_by_root(at, root).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::model(&v)))
	}

	fn lineage(
		&self,
		model_id: Option<Value>,
		max_depth: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Option<json::LineageJson>> {
		let id = params::required_u64("model_id", model_id)?;
		let depth = params::max_depth(max_depth)?;
		let at = self.at(at)?;
		let lineage = self.backend.lineage(at, id, depth, MAX_NODES).map_err(runtime_error)?;
		Ok(lineage.map(json::lineage))
	}

	fn descendants(
		&self,
		asset: Option<Value>,
		max_depth: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value> {
		let asset = params::required_asset("asset", asset)?;
		let depth = params::max_depth(max_depth)?;
		let at = self.at(at)?;
		let found = self.backend.descendants(at, asset, depth, MAX_NODES).map_err(runtime_error)?;
		Ok(found.map_or(Value::Null, |d| json::descendants(&d)))
	}

	fn get_inference(&self, output_hash: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let output = params::required_hash("output_hash", output_hash)?;
		let at = self.at(at)?;
		let view = self.backend.inference(at, output).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::inference(&v)))
	}

	fn get_batch(&self, batch_id: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let id = params::required_u64("batch_id", batch_id)?;
		let at = self.at(at)?;
		let view = self.backend.batch(at, id).map_err(runtime_error)?;
		Ok(view.map_or(Value::Null, |v| json::batch(&v)))
	}

	fn verify_inclusion(
		&self,
		batch_id: Option<Value>,
		record: Option<Value>,
		proof: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value> {
		let batch_id = params::required_u64("batch_id", batch_id)?;
		let record = params::required_record("record", record)?;
		let proof = params::required_proof("proof", proof)?;
		let at = self.at(at)?;
		let (valid, batch) =
			self.backend.verify_inclusion(at, batch_id, record, proof).map_err(runtime_error)?;
		Ok(serde_json::json!({
			"valid": valid,
			"batch": batch.map_or(Value::Null, |b| json::batch(&b)),
		}))
	}

	fn quote(
		&self,
		model_id: Option<Value>,
		amount: Option<Value>,
		at: Option<Value>,
	) -> RpcResult<Value> {
		let model_id = params::required_u64("model_id", model_id)?;
		let amount = params::required_balance("amount", amount)?;
		let at = self.at(at)?;
		match self.backend.quote(at, model_id, amount).map_err(runtime_error)? {
			Ok(credits) => Ok(Value::Array(
				credits
					.iter()
					.map(|(account, amount)| {
						serde_json::json!({ "account": json::account(account), "amount": amount.to_string() })
					})
					.collect(),
			)),
			Err(error) => Err(ErrorObjectOwned::owned(
				QUOTE_REFUSED,
				format!("model_id: the runtime refuses this payment: {error:?}"),
				None::<()>,
			)),
		}
	}

	fn claimable(&self, account: Option<Value>, at: Option<Value>) -> RpcResult<Value> {
		let account = params::required_account("account", account)?;
		let at = self.at(at)?;
		let amount = self.backend.claimable(at, account).map_err(runtime_error)?;
		Ok(Value::String(amount.to_string()))
	}
}

/// The runtime API methods the RPC asks through [`NativeCall`], by the names the runtime exports
/// them under (`<Api>_<method>`). A name the runtime does not know would make every such query
/// fall back to wasm without a sound; the node's tests check each of [`runtime_methods::ALL`]
/// against the runtime.
pub mod runtime_methods {
	/// `ProvenanceApi_dataset`.
	pub const DATASET: &str = "ProvenanceApi_dataset";
	/// `ProvenanceApi_dataset_by_root`.
	pub const DATASET_BY_ROOT: &str = "ProvenanceApi_dataset_by_root";
	/// `ProvenanceApi_model`.
	pub const MODEL: &str = "ProvenanceApi_model";
	/// `ProvenanceApi_model_by_root`.
	pub const MODEL_BY_ROOT: &str = "ProvenanceApi_model_by_root";
	/// `ProvenanceApi_lineage`.
	pub const LINEAGE: &str = "ProvenanceApi_lineage";
	/// `ProvenanceApi_descendants`.
	pub const DESCENDANTS: &str = "ProvenanceApi_descendants";
	/// `ProvenanceApi_inference`.
	pub const INFERENCE: &str = "ProvenanceApi_inference";
	/// `ProvenanceApi_batch`.
	pub const BATCH: &str = "ProvenanceApi_batch";
	/// `ProvenanceApi_verify_inclusion`.
	pub const VERIFY_INCLUSION: &str = "ProvenanceApi_verify_inclusion";
	/// `RoyaltiesApi_quote`.
	pub const ROYALTIES_QUOTE: &str = "RoyaltiesApi_quote";
	/// `RoyaltiesApi_claimable`.
	pub const ROYALTIES_CLAIMABLE: &str = "RoyaltiesApi_claimable";
	/// Every method above.
	pub const ALL: [&str; 11] = [
		DATASET,
		DATASET_BY_ROOT,
		MODEL,
		MODEL_BY_ROOT,
		LINEAGE,
		DESCENDANTS,
		INFERENCE,
		BATCH,
		VERIFY_INCLUSION,
		ROYALTIES_QUOTE,
		ROYALTIES_CLAIMABLE,
	];
}

/// Runs a runtime API method natively instead of in the wasm executor: called with the block,
/// the method's name as the runtime knows it (`"ProvenanceApi_model"`) and its SCALE-encoded
/// arguments, it returns the SCALE-encoded result, or `None` when it cannot answer for that
/// block (the node then asks the wasm runtime). The node answers natively only when the block's
/// runtime code is exactly the runtime compiled into it, so both give the same answer; the
/// saving is the per-call instantiation of the wasm runtime, most of the cost of a small query.
pub type NativeCall = Arc<dyn Fn(H256, &str, &[u8]) -> Option<Vec<u8>> + Send + Sync>;

/// [`QueryBackend`] on a real client, through the runtime API (natively when a [`NativeCall`]
/// is given and can answer, else in wasm).
pub struct ClientBackend<C, Block> {
	client: Arc<C>,
	native: Option<NativeCall>,
	_block: PhantomData<Block>,
}

impl<C, Block> ClientBackend<C, Block> {
	/// Queries answered by `client`'s wasm runtime.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, native: None, _block: PhantomData }
	}

	/// Queries answered by `native` when it can, else by `client`'s wasm runtime.
	pub fn with_native(client: Arc<C>, native: NativeCall) -> Self {
		Self { client, native: Some(native), _block: PhantomData }
	}
}

impl<C, Block> ClientBackend<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
{
	/// The answer of runtime API `method` at `at`: natively when this node can (see
	/// [`NativeCall`]), else through the wasm runtime with `wasm`. `method` is the runtime API's
	/// export name (`<Api>_<method>`) and `args` its SCALE-encoded arguments, as `wasm` passes them.
	fn native_or<R: Decode>(
		&self,
		at: H256,
		method: &str,
		args: impl Encode,
		wasm: impl FnOnce(ApiRef<'_, C::Api>) -> Result<R, sp_api::ApiError>,
	) -> Result<R, String> {
		let native = self.native.as_ref().and_then(|native| native(at, method, &args.encode()));
		match native {
			Some(encoded) => R::decode(&mut &encoded[..])
				.map_err(|e| format!("{method}: undecodable native result: {e}")),
			None => wasm(self.client.runtime_api()).map_err(api_error),
		}
	}
}

fn api_error(error: sp_api::ApiError) -> String {
	error.to_string()
}

impl<C, Block> QueryBackend for ClientBackend<C, Block>
where
	Block: BlockT<Hash = H256>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: provenance_runtime_api::ProvenanceApi<Block, AccountId>
		+ provenance_runtime_api::RoyaltiesApi<Block, AccountId, Balance>,
{
	fn best_hash(&self) -> H256 {
		self.client.info().best_hash
	}

	fn block_exists(&self, at: H256) -> bool {
		matches!(self.client.header(at), Ok(Some(_)))
	}

	fn dataset(&self, at: H256, id: DatasetId) -> Result<Option<DatasetView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::DATASET, id, |api| api.dataset(at, id))
	}

	fn dataset_by_root(
		&self,
		at: H256,
		root: H256,
	) -> Result<Option<DatasetView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::DATASET_BY_ROOT, root, |api| {
			api.dataset_by_root(at, root)
		})
	}

	fn model(&self, at: H256, id: ModelId) -> Result<Option<ModelView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::MODEL, id, |api| api.model(at, id))
	}

	fn model_by_root(&self, at: H256, root: H256) -> Result<Option<ModelView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::MODEL_BY_ROOT, root, |api| api.model_by_root(at, root))
	}

	fn lineage(
		&self,
		at: H256,
		id: ModelId,
		max_depth: u32,
		max_nodes: u32,
	) -> Result<Option<Lineage>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::LINEAGE, (id, max_depth, max_nodes), |api| {
			api.lineage(at, id, max_depth, max_nodes)
		})
	}

	fn descendants(
		&self,
		at: H256,
		asset: Asset,
		max_depth: u32,
		max_nodes: u32,
	) -> Result<Option<Descendants>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::DESCENDANTS, (asset, max_depth, max_nodes), |api| {
			api.descendants(at, asset, max_depth, max_nodes)
		})
	}

	fn inference(
		&self,
		at: H256,
		output: H256,
	) -> Result<Option<InferenceView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::INFERENCE, output, |api| api.inference(at, output))
	}

	fn batch(&self, at: H256, id: BatchId) -> Result<Option<BatchView<AccountId>>, String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::BATCH, id, |api| api.batch(at, id))
	}

	fn verify_inclusion(
		&self,
		at: H256,
		batch_id: BatchId,
		record: InferenceRecord,
		proof: InclusionProof,
	) -> Result<(bool, Option<BatchView<AccountId>>), String> {
		use provenance_runtime_api::ProvenanceApi;
		self.native_or(at, runtime_methods::VERIFY_INCLUSION, (batch_id, &record, &proof), |api| {
			api.verify_inclusion(at, batch_id, record.clone(), proof.clone())
		})
	}

	fn quote(
		&self,
		at: H256,
		model_id: ModelId,
		amount: Balance,
	) -> Result<Result<Vec<(AccountId, Balance)>, DispatchError>, String> {
		use provenance_runtime_api::RoyaltiesApi;
		self.native_or(at, runtime_methods::ROYALTIES_QUOTE, (model_id, amount), |api| {
			api.quote(at, model_id, amount)
		})
	}

	fn claimable(&self, at: H256, account: AccountId) -> Result<Balance, String> {
		use provenance_runtime_api::RoyaltiesApi;
		self.native_or(at, runtime_methods::ROYALTIES_CLAIMABLE, &account, |api| {
			api.claimable(at, account.clone())
		})
	}
}

/// Convenience: the RPC module on a real client, answering natively through `native` when
/// given (see [`NativeCall`]), else through the wasm runtime.
pub fn rpc_module<C, Block>(
	client: Arc<C>,
	native: Option<NativeCall>,
) -> jsonrpsee::RpcModule<ProvenanceRpc<ClientBackend<C, Block>>>
where
	Block: BlockT<Hash = H256>,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: provenance_runtime_api::ProvenanceApi<Block, AccountId>
		+ provenance_runtime_api::RoyaltiesApi<Block, AccountId, Balance>,
{
	let backend = match native {
		Some(native) => ClientBackend::with_native(client, native),
		None => ClientBackend::new(client),
	};
	ProvenanceRpc::new(Arc::new(backend)).into_rpc()
}

#[cfg(test)]
mod tests;
