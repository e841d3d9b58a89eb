//! Unit tests of the RPC layer over an in-memory [`QueryBackend`].

use super::*;
use jsonrpsee::RpcModule;
use provenance_primitives::{
	views::{EdgeKind, LineageEdge},
	Derivation, License, Status,
};
use serde_json::json;
use sp_core::crypto::Ss58Codec;
use sp_runtime::Perbill;

const BEST: H256 = H256::repeat_byte(0xbb);
const OLD: H256 = H256::repeat_byte(0xaa);

fn alice() -> AccountId {
	AccountId::new([1u8; 32])
}

struct Memory;

fn dataset_view(id: DatasetId) -> DatasetView<AccountId> {
	DatasetView {
		id,
		owner: alice(),
		content_root: H256::repeat_byte(id as u8),
		size_bytes: 1024,
		uri: b"ipfs://cid".to_vec(),
		license: License::permissive(b"CC-BY-4.0"),
		metadata: vec![0xff, 0x00],
		contributors: vec![(alice(), Perbill::one())],
		previous_version: None,
		registered_at: 7,
		status: Status::Active,
	}
}

impl QueryBackend for Memory {
	fn best_hash(&self) -> H256 {
		BEST
	}
	fn block_exists(&self, at: H256) -> bool {
		at == BEST || at == OLD
	}
	fn dataset(&self, at: H256, id: DatasetId) -> Result<Option<DatasetView<AccountId>>, String> {
		// Dataset 1 exists at the best block only: proves `at` is passed through.
		Ok((id == 1 && at == BEST).then(|| dataset_view(id)))
	}
	fn dataset_by_root(
		&self,
		_: H256,
		root: H256,
	) -> Result<Option<DatasetView<AccountId>>, String> {
		Ok((root == H256::repeat_byte(1)).then(|| dataset_view(1)))
	}
	fn model(&self, _: H256, _: ModelId) -> Result<Option<ModelView<AccountId>>, String> {
		Ok(None)
	}
	fn model_by_root(&self, _: H256, _: H256) -> Result<Option<ModelView<AccountId>>, String> {
		Ok(None)
	}
	fn lineage(
		&self,
		_: H256,
		id: ModelId,
		depth: u32,
		nodes: u32,
	) -> Result<Option<Lineage>, String> {
		assert_eq!(nodes, MAX_NODES);
		Ok((id == 3).then(|| Lineage {
			root: 3,
			models: vec![2],
			datasets: vec![1],
			edges: vec![
				LineageEdge {
					from: 3,
					to: Asset::Model(2),
					kind: EdgeKind::Derived(Derivation::FineTune),
				},
				LineageEdge { from: 3, to: Asset::Dataset(1), kind: EdgeKind::TrainedOn },
			],
			truncated: depth < 2,
		}))
	}
	fn descendants(
		&self,
		_: H256,
		asset: Asset,
		_: u32,
		_: u32,
	) -> Result<Option<Descendants>, String> {
		Ok((asset == Asset::Dataset(1))
			.then(|| Descendants { models: vec![3, 4], truncated: false }))
	}
	fn inference(&self, _: H256, _: H256) -> Result<Option<InferenceView<AccountId>>, String> {
		Ok(None)
	}
	fn batch(&self, _: H256, _: BatchId) -> Result<Option<BatchView<AccountId>>, String> {
		Err("boom".into())
	}
	fn verify_inclusion(
		&self,
		_: H256,
		_: BatchId,
		record: InferenceRecord,
		proof: InclusionProof,
	) -> Result<(bool, Option<BatchView<AccountId>>), String> {
		Ok((record.model_id == 1 && proof.leaf_index == 0, None))
	}
	fn quote(
		&self,
		_: H256,
		model_id: ModelId,
		amount: Balance,
	) -> Result<Result<Vec<(AccountId, Balance)>, DispatchError>, String> {
		Ok(if model_id == 3 {
			Ok(vec![(alice(), amount)])
		} else {
			Err(DispatchError::Other("UnknownModel"))
		})
	}
	fn claimable(&self, _: H256, _: AccountId) -> Result<Balance, String> {
		Ok(u128::MAX)
	}
}

fn module() -> RpcModule<ProvenanceRpc<Memory>> {
	ProvenanceRpc::new(Arc::new(Memory)).into_rpc()
}

/// Calls `method` with positional `params`; `Ok(result)` or `Err((code, message))`.
fn call(method: &str, params: Value) -> Result<Value, (i32, String)> {
	let request =
		json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
	let (response, _) =
		futures::executor::block_on(module().raw_json_request(&request, 1)).expect("valid request");
	let response: Value = serde_json::from_str(&response).expect("json response");
	match response.get("error") {
		Some(error) => Err((
			error["code"].as_i64().unwrap_or_default() as i32,
			error["message"].as_str().unwrap_or_default().to_owned(),
		)),
		None => Ok(response["result"].clone()),
	}
}

fn assert_invalid(method: &str, params: Value, field: &str) {
	match call(method, params.clone()) {
		Err((code, message)) => {
			assert_eq!(code, INVALID_PARAMS, "{method} {params}: {message}");
			assert!(
				message.contains(field),
				"{method} {params}: `{message}` should name `{field}`"
			);
		}
		Ok(result) => panic!("{method} {params} should fail, got {result}"),
	}
}

fn hex(byte: u8) -> String {
	format!("{:?}", H256::repeat_byte(byte))
}

#[test]
fn get_dataset_shapes_and_nulls() {
	let d = call("provenance_getDataset", json!([1])).unwrap();
	assert_eq!(d["id"], 1);
	assert_eq!(d["owner"], Value::String(alice().to_ss58check_with_version(42u16.into())));
	assert_eq!(d["contentRoot"], Value::String(hex(1)));
	assert_eq!(d["uri"], "ipfs://cid");
	assert_eq!(d["metadata"], "0xff00");
	assert_eq!(d["license"]["spdx"], "CC-BY-4.0");
	assert_eq!(d["contributors"][0]["share"]["perbill"], 1_000_000_000);
	assert_eq!(d["status"], "active");
	assert_eq!(call("provenance_getDataset", json!([2])).unwrap(), Value::Null);
	// `at` is honoured: dataset 1 is absent at the old block.
	assert_eq!(call("provenance_getDataset", json!([1, hex(0xaa)])).unwrap(), Value::Null);
	assert_eq!(call("provenance_getDatasetByRoot", json!([hex(1)])).unwrap()["id"], 1);
}

#[test]
fn bad_ids_hashes_and_at_name_the_field() {
	assert_invalid("provenance_getDataset", json!([]), "id");
	assert_invalid("provenance_getDataset", json!([-1]), "id");
	assert_invalid("provenance_getDataset", json!(["7"]), "id");
	assert_invalid("provenance_getDataset", json!([1.5]), "id");
	assert_invalid("provenance_getModel", json!(["x"]), "id");
	assert_invalid("provenance_getBatch", json!([null]), "batch_id");
	assert_invalid("provenance_getDataset", json!([1, hex(0xcc)]), "at");
	assert_invalid("provenance_getDataset", json!([1, "0x12"]), "at");
	for bad in [
		json!("0x123"),
		json!("0xzz"),
		json!(format!("0x{}", "ab".repeat(31))),
		json!("ab".repeat(32)),
		json!(5),
	] {
		assert_invalid("provenance_getDatasetByRoot", json!([bad.clone()]), "content_root");
		assert_invalid("provenance_getModelByRoot", json!([bad.clone()]), "weights_root");
		assert_invalid("provenance_getInference", json!([bad]), "output_hash");
	}
}

#[test]
fn lineage_and_descendants() {
	let l = call("provenance_lineage", json!([3])).unwrap();
	assert_eq!(l["models"], json!([2]));
	assert_eq!(l["datasets"], json!([1]));
	assert_eq!(l["edges"][0], json!({ "from": 3, "to": { "model": 2 }, "kind": "fineTune" }));
	assert_eq!(l["edges"][1]["kind"], "trainedOn");
	assert_eq!(l["truncated"], false);
	assert_eq!(call("provenance_lineage", json!([3, 1])).unwrap()["truncated"], true);
	assert_eq!(call("provenance_lineage", json!([9])).unwrap(), Value::Null);
	assert_invalid("provenance_lineage", json!([3, MAX_DEPTH_LIMIT + 1]), "max_depth");
	assert_invalid("provenance_lineage", json!([3, -2]), "max_depth");
	let d = call("provenance_descendants", json!([{ "dataset": 1 }])).unwrap();
	assert_eq!(d, json!({ "models": [3, 4], "truncated": false }));
	assert_invalid("provenance_descendants", json!([{ "model": 1, "dataset": 1 }]), "asset");
	assert_invalid("provenance_descendants", json!([{ "dataset": "1" }]), "asset.dataset");
	assert_invalid("provenance_descendants", json!([7]), "asset");
}

#[test]
fn verify_inclusion_parses_record_and_proof() {
	let record =
		json!({ "modelId": 1, "inputHash": hex(1), "outputHash": hex(2), "paramsHash": hex(3) });
	let proof = json!({ "leafIndex": 0, "siblings": [hex(4)] });
	let ok = call("provenance_verifyInclusion", json!([0, record.clone(), proof.clone()])).unwrap();
	assert_eq!(ok, json!({ "valid": true, "batch": null }));
	let mut bad_record = record.clone();
	bad_record["outputHash"] = json!("0x01");
	assert_invalid(
		"provenance_verifyInclusion",
		json!([0, bad_record, proof.clone()]),
		"record.outputHash",
	);
	assert_invalid(
		"provenance_verifyInclusion",
		json!([0, record.clone(), { "leafIndex": 0, "siblings": ["0x1"] }]),
		"proof.siblings[0]",
	);
	assert_invalid("provenance_verifyInclusion", json!([0, record.clone()]), "proof");
	assert_invalid(
		"provenance_verifyInclusion",
		json!([0, record, { "siblings": [] }]),
		"proof.leafIndex",
	);
}

#[test]
fn royalties_methods() {
	let q = call("royalties_quote", json!([3, "340282366920938463463374607431768211455"])).unwrap();
	assert_eq!(q[0]["amount"], "340282366920938463463374607431768211455");
	assert_eq!(call("royalties_quote", json!([3, 10])).unwrap()[0]["amount"], "10");
	assert_invalid("royalties_quote", json!([3, "-5"]), "amount");
	assert_invalid("royalties_quote", json!([3]), "amount");
	match call("royalties_quote", json!([4, "5"])) {
		Err((code, message)) => {
			assert_eq!(code, QUOTE_REFUSED);
			assert!(message.contains("model_id"));
		}
		other => panic!("expected refusal, got {other:?}"),
	}
	let who = alice().to_ss58check_with_version(42u16.into());
	assert_eq!(call("royalties_claimable", json!([who])).unwrap(), json!(u128::MAX.to_string()));
	assert_invalid("royalties_claimable", json!(["5NotAnAddress"]), "account");
	assert_invalid("royalties_claimable", json!([]), "account");
}

#[test]
fn runtime_failures_are_errors_not_nulls() {
	match call("provenance_getBatch", json!([1])) {
		Err((code, message)) => {
			assert_eq!(code, RUNTIME_ERROR);
			assert!(message.contains("boom"));
		}
		other => panic!("expected an error, got {other:?}"),
	}
}
