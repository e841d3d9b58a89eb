//! The JSON shapes of the responses: camelCase, hex hashes, SS58 accounts, decimal balances. Most
//! are built as `serde_json::Value` maps; the large ones (a lineage) are typed structs.

use crate::AccountId;
use provenance_primitives::{
	views::{BatchView, DatasetView, Descendants, EdgeKind, InferenceView, Lineage, ModelView},
	Asset, DatasetId, License, ModelId, Status,
};
use serde::Serialize;
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, H256};
use sp_runtime::Perbill;

/// SS58 with the generic Substrate prefix 42.
pub(crate) fn account(account: &AccountId) -> Value {
	Value::String(account.to_ss58check_with_version(42u16.into()))
}

pub(crate) fn hash(hash: &H256) -> Value {
	Value::String(format!("{hash:?}"))
}

fn bytes(bytes: &[u8]) -> Value {
	// UTF-8 fields (uri, spdx, metadata) are shown as text when they are text, else as 0x-hex.
	match core::str::from_utf8(bytes) {
		Ok(text) => Value::String(text.to_owned()),
		Err(_) => Value::String(format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes))),
	}
}

fn status(status: &Status) -> Value {
	Value::String(match status {
		Status::Active => "active".into(),
		Status::Retracted => "retracted".into(),
	})
}

/// A share as parts per billion (exact) and as a percentage string (readable).
fn share(share: &Perbill) -> Value {
	json!({ "perbill": share.deconstruct(), "percent": format!("{}", f64::from(share.deconstruct()) / 1e7) })
}

fn license(license: &License) -> Value {
	json!({
		"spdx": bytes(&license.spdx),
		"commercialUse": license.commercial_use,
		"derivativesAllowed": license.derivatives_allowed,
		"aiTrainingAllowed": license.ai_training_allowed,
		"termsHash": license.terms_hash.as_ref().map_or(Value::Null, hash),
	})
}

pub(crate) fn dataset(d: &DatasetView<AccountId>) -> Value {
	json!({
		"id": d.id,
		"owner": account(&d.owner),
		"contentRoot": hash(&d.content_root),
		"sizeBytes": d.size_bytes,
		"uri": bytes(&d.uri),
		"license": license(&d.license),
		"metadata": bytes(&d.metadata),
		"contributors": d.contributors.iter().map(|(who, s)| json!({ "account": account(who), "share": share(s) })).collect::<Vec<_>>(),
		"previousVersion": d.previous_version,
		"registeredAt": d.registered_at,
		"status": status(&d.status),
	})
}

pub(crate) fn model(m: &ModelView<AccountId>) -> Value {
	json!({
		"id": m.id,
		"owner": account(&m.owner),
		"weightsRoot": hash(&m.weights_root),
		"configHash": hash(&m.config_hash),
		"uri": bytes(&m.uri),
		"license": license(&m.license),
		"metadata": bytes(&m.metadata),
		"parents": m.parents.iter().map(|(id, kind)| json!({ "id": id, "derivation": kind.as_str() })).collect::<Vec<_>>(),
		"datasets": m.datasets,
		"operators": m.operators.iter().map(account).collect::<Vec<_>>(),
		"registeredAt": m.registered_at,
		"status": status(&m.status),
	})
}

pub(crate) fn inference(i: &InferenceView<AccountId>) -> Value {
	json!({
		"modelId": i.model_id,
		"inputHash": hash(&i.input_hash),
		"outputHash": hash(&i.output_hash),
		"paramsHash": hash(&i.params_hash),
		"submitter": account(&i.submitter),
		"block": i.block,
	})
}

pub(crate) fn batch(b: &BatchView<AccountId>) -> Value {
	json!({
		"id": b.id,
		"modelId": b.model_id,
		"root": hash(&b.root),
		"count": b.count,
		"submitter": account(&b.submitter),
		"block": b.block,
		"uri": bytes(&b.uri),
	})
}

/// The JSON of `provenance_lineage`, serialized straight from typed fields: a full-depth lineage
/// has thousands of edges, and building a `serde_json::Value` map per edge first cost about twice
/// the runtime walk itself. Fields are declared in alphabetical order so the output is byte for
/// byte what the `Value` maps (sorted keys) of the other methods give.
#[derive(Serialize, Clone)]
pub struct LineageJson {
	datasets: Vec<DatasetId>,
	edges: Vec<EdgeJson>,
	models: Vec<ModelId>,
	root: ModelId,
	truncated: bool,
}

/// One lineage edge: `{ "from": child, "kind": "fineTune" | … | "trainedOn", "to": asset }`.
#[derive(Serialize, Clone)]
pub struct EdgeJson {
	from: ModelId,
	kind: &'static str,
	to: AssetJson,
}

/// An asset: `{ "model": id }` or `{ "dataset": id }`.
#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub enum AssetJson {
	Model(ModelId),
	Dataset(DatasetId),
}

pub(crate) fn lineage(l: Lineage) -> LineageJson {
	LineageJson {
		datasets: l.datasets,
		edges: l
			.edges
			.into_iter()
			.map(|e| EdgeJson {
				from: e.from,
				kind: match e.kind {
					EdgeKind::Derived(d) => d.as_str(),
					EdgeKind::TrainedOn => "trainedOn",
				},
				to: match e.to {
					Asset::Model(id) => AssetJson::Model(id),
					Asset::Dataset(id) => AssetJson::Dataset(id),
				},
			})
			.collect(),
		models: l.models,
		root: l.root,
		truncated: l.truncated,
	}
}

pub(crate) fn descendants(d: &Descendants) -> Value {
	json!({ "models": d.models, "truncated": d.truncated })
}
