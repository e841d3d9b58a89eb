//! What the runtime API returns. Plain `Vec`s instead of bounded vectors, so the node-side RPC
//! server and clients need not know the runtime's bounds. With `std`, the same types are the
//! JSON-RPC answers (their JSON shape: [`crate::json`]).

pub use crate::DisputeState;
use crate::{
	Asset, BatchId, BlockNumber, DatasetId, Derivation, DisputeId, DisputeKind, DisputeTarget,
	License, ModelId, Status,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// A registered dataset.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DatasetView<AccountId> {
	/// Sequential id.
	pub id: DatasetId,
	/// Current owner.
	pub owner: AccountId,
	/// Content root (see [`crate::content`]).
	pub content_root: H256,
	/// Total size of the content in bytes.
	pub size_bytes: u64,
	/// Where the content can be fetched (IPFS CID, https URL, ...).
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub uri: Vec<u8>,
	/// License terms.
	pub license: License,
	/// Free-form metadata.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub metadata: Vec<u8>,
	/// Contributors and their shares (sum 100%).
	#[cfg_attr(feature = "std", serde(with = "crate::json::shares"))]
	pub contributors: Vec<(AccountId, Perbill)>,
	/// The dataset this one is a new version of.
	pub previous_version: Option<DatasetId>,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Active or retracted.
	pub status: Status,
}

/// A registered model.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ModelView<AccountId> {
	/// Sequential id.
	pub id: ModelId,
	/// Current owner.
	pub owner: AccountId,
	/// Content root of the weights.
	pub weights_root: H256,
	/// Hash of architecture and hyperparameters.
	pub config_hash: H256,
	/// Where the weights can be fetched.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub uri: Vec<u8>,
	/// License terms.
	pub license: License,
	/// Free-form metadata.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub metadata: Vec<u8>,
	/// Direct parents and how the model was derived from each.
	#[cfg_attr(feature = "std", serde(with = "crate::json::parents"))]
	pub parents: Vec<(ModelId, Derivation)>,
	/// Datasets the model was trained on.
	pub datasets: Vec<DatasetId>,
	/// Accounts allowed to log inferences for the model.
	pub operators: Vec<AccountId>,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Active or retracted.
	pub status: Status,
}

/// A logged inference.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct InferenceView<AccountId> {
	/// The model that produced the output.
	pub model_id: ModelId,
	/// Hash of the input.
	pub input_hash: H256,
	/// Hash of the output (the record's key).
	pub output_hash: H256,
	/// Hash of the generation parameters.
	pub params_hash: H256,
	/// Who logged it.
	pub submitter: AccountId,
	/// Block in which it was logged.
	pub block: BlockNumber,
}

/// An anchored batch of inference records.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct BatchView<AccountId> {
	/// Sequential id.
	pub id: BatchId,
	/// The model all records of the batch belong to.
	pub model_id: ModelId,
	/// Merkle root over the records' leaves, in submission order.
	pub root: H256,
	/// Number of records.
	pub count: u64,
	/// Who anchored it.
	pub submitter: AccountId,
	/// Block in which it was anchored.
	pub block: BlockNumber,
	/// Where the records can be fetched.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub uri: Vec<u8>,
}

/// What an edge of the lineage graph means. In JSON one flat string: the derivation's name
/// (`"fineTune"`, …) or `"trainedOn"`.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(untagged))]
// serde's derive casts variant indices (`as u8`) in code it generates for newtype variants.
#[cfg_attr(feature = "std", allow(clippy::cast_possible_truncation))]
pub enum EdgeKind {
	/// The child model was derived from the parent model.
	Derived(Derivation),
	/// The model was trained on the dataset.
	#[cfg_attr(feature = "std", serde(with = "trained_on"))]
	TrainedOn,
}

/// One edge of the lineage graph, from a model to one of its parents or datasets.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LineageEdge {
	/// The derived model.
	pub from: ModelId,
	/// The parent model or the dataset.
	pub to: Asset,
	/// How `from` relates to `to`.
	pub kind: EdgeKind,
}

/// A model or dataset reached by a lineage walk: what a client needs to show it without
/// another query.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LineageNode {
	/// The model's or dataset's id.
	pub id: u64,
	/// Its status now: `active`, `disputed`, `retracted` or `displaced`.
	pub status: Status,
	/// A model's weights root, a dataset's content root.
	pub root: H256,
	/// Its licence terms.
	pub license: License,
}

/// The ancestry of a model.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Lineage {
	/// The model asked about.
	pub root: ModelId,
	/// The root model's own status.
	pub status: Status,
	/// The root model's weights root.
	pub weights_root: H256,
	/// The root model's licence terms.
	pub license: License,
	/// True when some ancestor model or dataset (within the runtime's walk bounds, whatever
	/// `max_depth` was asked) is retracted or displaced.
	pub tainted_ancestry: bool,
	/// Every ancestor model reached (the root excluded), in breadth-first order.
	pub models: Vec<LineageNode>,
	/// Every dataset reached, in breadth-first order.
	pub datasets: Vec<LineageNode>,
	/// Every edge between the nodes above.
	pub edges: Vec<LineageEdge>,
	/// True when `max_depth` or the node limit cut the walk short.
	pub truncated: bool,
}

/// The models derived from an asset.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Descendants {
	/// Every model derived from the asset, directly or transitively, in breadth-first order.
	pub models: Vec<ModelId>,
	/// True when `max_depth` or the node limit cut the walk short.
	pub truncated: bool,
}

/// `EdgeKind::TrainedOn` as the string `"trainedOn"`.
#[cfg(feature = "std")]
mod trained_on {
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str("trainedOn")
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
		match alloc::string::String::deserialize(d)?.as_str() {
			"trainedOn" => Ok(()),
			other => Err(D::Error::custom(alloc::format!("unknown edge kind {other:?}"))),
		}
	}
}

/// The answer of an inclusion check: whether the record is in the batch, and the batch.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct InclusionCheck<AccountId> {
	/// True when the proof leads from the record to the batch's stored root at the batch's count.
	pub valid: bool,
	/// The batch, or `None` if it does not exist.
	pub batch: Option<BatchView<AccountId>>,
}

/// What a payment would credit, as `royalties_quote` answers it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Quote<AccountId> {
	/// Every credited account and its amount, in the order `pay` credits them.
	pub credits: Vec<Credit<AccountId>>,
	/// [`crate::quote_hash`] of the credits: pass it as `pay`'s `expected` to pay only this.
	pub quote_hash: H256,
}

/// What `count` inferences of a model are charged and how the charge is credited, as
/// `royalties_quoteUsage` answers it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct UsageQuote<AccountId> {
	/// The model's price per inference (zero: usage is free), in planck.
	#[cfg_attr(feature = "std", serde(with = "crate::json::amount"))]
	pub price: u128,
	/// The number of inferences quoted.
	pub count: u64,
	/// The charge, `count × price`, in planck: what `Inference.log` (count 1) or
	/// `Inference.anchor_batch` takes from the submitter.
	#[cfg_attr(feature = "std", serde(with = "crate::json::amount"))]
	pub amount: u128,
	/// Every credited account and its amount, in the order the charge credits them (empty
	/// when usage is free).
	pub credits: Vec<Credit<AccountId>>,
	/// [`crate::quote_hash`] of the credits.
	pub quote_hash: H256,
}

/// One account's part of a payment, as `royalties_quote` answers it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Credit<AccountId> {
	/// Who is credited.
	pub account: AccountId,
	/// How much, in planck (a decimal string in JSON).
	#[cfg_attr(feature = "std", serde(with = "crate::json::amount"))]
	pub amount: u128,
}

/// The target owner's answer to a dispute.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DisputeResponseView {
	/// Hash of the owner's evidence.
	pub evidence: H256,
	/// Where the owner's evidence can be read.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub uri: Vec<u8>,
	/// Block of the (latest) response.
	pub block: BlockNumber,
}

/// A dispute, as `provenance_getDispute` answers it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DisputeView<AccountId> {
	/// Sequential id.
	pub id: DisputeId,
	/// What is challenged.
	pub target: DisputeTarget,
	/// What wrong is alleged.
	pub kind: DisputeKind,
	/// Who opened it (and posted the bond).
	pub opener: AccountId,
	/// Hash of the opener's evidence.
	pub evidence: H256,
	/// Where the opener's evidence can be read.
	#[cfg_attr(feature = "std", serde(with = "crate::json::text_or_hex"))]
	pub uri: Vec<u8>,
	/// The bond held from the opener, in planck (a decimal string in JSON).
	#[cfg_attr(feature = "std", serde(with = "crate::json::amount"))]
	pub bond: u128,
	/// Block in which it was opened.
	pub opened_at: BlockNumber,
	/// The owner's answer, if any.
	pub response: Option<DisputeResponseView>,
	/// Open, withdrawn or resolved (with the verdict).
	pub state: DisputeState<AccountId>,
	/// Block in which it was withdrawn or resolved.
	pub closed_at: Option<BlockNumber>,
}
