//! Unit tests of the RPC layer over a mocked runtime API (`sp_api::mock_impl_runtime_apis!`):
//! raw JSON requests check the JSON shapes and the errors; the generated client checks that
//! client and server agree.

use super::*;
use jsonrpsee::{server::Server, ws_client::WsClientBuilder, RpcModule};
use provenance_primitives::{
	views::{DisputeState, EdgeKind, LineageEdge, LineageNode},
	Derivation, DisputeKind, License, Status, Verdict,
};
use serde_json::{json, Value};
use sp_blockchain::{BlockStatus, Info};
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, Header as _},
	DispatchError, OpaqueExtrinsic, Perbill,
};

type Header = generic::Header<u32, BlakeTwo256>;
type Block = generic::Block<Header, OpaqueExtrinsic>;

const BEST: H256 = H256::repeat_byte(0xbb);
const OLD: H256 = H256::repeat_byte(0xaa);

/// A lineage node with `id`, `status`, root `id` repeated and an MIT licence.
fn node(id: u64, status: Status) -> LineageNode {
	LineageNode {
		id,
		status,
		root: H256::repeat_byte(id as u8),
		license: License::permissive(b"MIT"),
	}
}

fn claim(output_hash: H256, model_id: ModelId) -> InferenceView<AccountId> {
	InferenceView {
		model_id,
		input_hash: H256::repeat_byte(1),
		output_hash,
		params_hash: H256::repeat_byte(2),
		submitter: alice(),
		block: 7,
	}
}

fn alice() -> AccountId {
	AccountId::new([1u8; 32])
}

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

fn dispute_view(id: DisputeId) -> DisputeView<AccountId> {
	DisputeView {
		id,
		target: DisputeTarget::Dataset(1),
		kind: DisputeKind::Ownership,
		opener: alice(),
		evidence: H256::repeat_byte(3),
		uri: b"ipfs://evidence".to_vec(),
		bond: 10_000_000_000_000,
		opened_at: 5,
		response: None,
		state: DisputeState::Resolved(Verdict::TransferTo(alice())),
		closed_at: Some(9),
	}
}

/// The mocked runtime API, and the chain around it (two blocks: `OLD` and the best, `BEST`).
#[derive(Clone, Default)]
struct TestApi;

sp_api::mock_impl_runtime_apis! {
	impl ProvenanceRuntimeApi<Block, AccountId> for TestApi {
		#[advanced]
		fn dataset(&self, at: H256, id: DatasetId) -> Result<Option<DatasetView<AccountId>>, ApiError> {
			// Dataset 1 exists at the best block only: proves `at` is passed through.
			Ok((id == 1 && at == BEST).then(|| dataset_view(id)))
		}
		fn dataset_by_root(root: H256) -> Option<DatasetView<AccountId>> {
			(root == H256::repeat_byte(1)).then(|| dataset_view(1))
		}
		fn model(_: ModelId) -> Option<ModelView<AccountId>> {
			None
		}
		fn model_by_root(_: H256) -> Option<ModelView<AccountId>> {
			None
		}
		fn lineage(id: ModelId, depth: u32, nodes: u32) -> Option<Lineage> {
			assert_eq!(nodes, MAX_NODES);
			(id == 3).then(|| Lineage {
				root: 3,
				status: Status::Active,
				weights_root: H256::repeat_byte(3),
				license: License::permissive(b"MIT"),
				tainted_ancestry: true,
				models: vec![node(2, Status::Disputed)],
				datasets: vec![node(1, Status::Retracted)],
				edges: vec![
					LineageEdge { from: 3, to: Asset::Model(2), kind: EdgeKind::Derived(Derivation::FineTune) },
					LineageEdge { from: 3, to: Asset::Dataset(1), kind: EdgeKind::TrainedOn },
				],
				truncated: depth < 2,
			})
		}
		fn descendants(asset: Asset, _: u32, _: u32) -> Option<Descendants> {
			(asset == Asset::Dataset(1)).then(|| Descendants { models: vec![3, 4], truncated: false })
		}
		fn inference(output_hash: H256, model_id: ModelId) -> Option<InferenceView<AccountId>> {
			(model_id == 3).then(|| claim(output_hash, model_id))
		}
		fn inference_claims(output_hash: H256) -> Vec<InferenceView<AccountId>> {
			vec![claim(output_hash, 3), claim(output_hash, 4)]
		}
		#[advanced]
		fn batch(&self, _: H256, _: BatchId) -> Result<Option<BatchView<AccountId>>, ApiError> {
			Err(ApiError::Application("boom".into()))
		}
		fn verify_inclusion(_: BatchId, record: InferenceRecord, proof: InclusionProof) -> (bool, Option<BatchView<AccountId>>) {
			(record.model_id == 1 && proof.leaf_index == 0, None)
		}
		fn dispute(id: DisputeId) -> Option<DisputeView<AccountId>> {
			(id == 0).then(|| dispute_view(0))
		}
		fn disputes_of(target: DisputeTarget) -> Vec<DisputeView<AccountId>> {
			if target == DisputeTarget::Dataset(1) { vec![dispute_view(0)] } else { vec![] }
		}
	}

	impl RoyaltiesApi<Block, AccountId, Balance> for TestApi {
		fn quote(model_id: ModelId, amount: Balance) -> Result<Vec<(AccountId, Balance)>, DispatchError> {
			if model_id == 3 { Ok(vec![(alice(), amount)]) } else { Err(DispatchError::Other("UnknownModel")) }
		}
		fn quote_usage(model_id: ModelId, count: u64) -> Result<(Balance, Vec<(AccountId, Balance)>), DispatchError> {
			match model_id {
				3 => Ok((7, vec![(alice(), 7 * Balance::from(count))])),
				4 => Ok((0, vec![])),
				_ => Err(DispatchError::Other("UnknownModel")),
			}
		}
		fn claimable(_: AccountId) -> Balance {
			u128::MAX
		}
	}
}

impl ProvideRuntimeApi<Block> for TestApi {
	type Api = TestApi;
	fn runtime_api(&self) -> ApiRef<'_, Self::Api> {
		self.clone().into()
	}
}

impl HeaderBackend<Block> for TestApi {
	fn header(&self, hash: H256) -> sp_blockchain::Result<Option<Header>> {
		Ok(self.number(hash)?.map(|n| {
			Header::new(
				n,
				Default::default(),
				Default::default(),
				Default::default(),
				Default::default(),
			)
		}))
	}
	fn info(&self) -> Info<Block> {
		Info {
			best_hash: BEST,
			best_number: 2,
			genesis_hash: OLD,
			finalized_hash: BEST,
			finalized_number: 2,
			finalized_state: None,
			number_leaves: 1,
			block_gap: None,
		}
	}
	fn status(&self, hash: H256) -> sp_blockchain::Result<BlockStatus> {
		Ok(if self.number(hash)?.is_some() { BlockStatus::InChain } else { BlockStatus::Unknown })
	}
	fn number(&self, hash: H256) -> sp_blockchain::Result<Option<u32>> {
		Ok(if hash == OLD {
			Some(1)
		} else if hash == BEST {
			Some(2)
		} else {
			None
		})
	}
	fn hash(&self, number: u32) -> sp_blockchain::Result<Option<H256>> {
		Ok(match number {
			1 => Some(OLD),
			2 => Some(BEST),
			_ => None,
		})
	}
}

fn module() -> RpcModule<Provenance<TestApi, Block>> {
	Provenance::new(Arc::new(TestApi)).into_rpc()
}

/// Calls `method` with positional `params`; `Ok(result)` or `Err((code, message))`.
fn call(method: &str, params: Value) -> Result<Value, (i32, String)> {
	let request =
		json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
	// The graph walks are blocking methods: they need a tokio runtime to run on.
	let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
	let (response, _) =
		runtime.block_on(module().raw_json_request(&request, 1)).expect("valid request");
	let response: Value = serde_json::from_str(&response).expect("json response");
	match response.get("error") {
		Some(error) => Err((
			error["code"].as_i64().and_then(|c| i32::try_from(c).ok()).unwrap_or_default(),
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
				message.starts_with(field),
				"{method} {params}: `{message}` should start with `{field}`"
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
	assert_eq!(d["owner"], "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT");
	assert_eq!(d["contentRoot"], Value::String(hex(1)));
	assert_eq!(d["uri"], "ipfs://cid");
	assert_eq!(d["metadata"], "0xff00");
	assert_eq!(d["license"]["spdx"], "CC-BY-4.0");
	assert_eq!(d["contributors"][0]["share"]["perbill"], 1_000_000_000);
	assert_eq!(d["contributors"][0]["share"]["percent"], "100");
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
	for bad in [json!("0x123"), json!("0xzz"), json!(format!("0x{}", "ab".repeat(31))), json!(5)] {
		assert_invalid("provenance_getDatasetByRoot", json!([bad.clone()]), "content_root");
		assert_invalid("provenance_getModelByRoot", json!([bad.clone()]), "weights_root");
		assert_invalid("provenance_getInference", json!([bad.clone(), 3]), "output_hash");
		assert_invalid("provenance_inferenceClaims", json!([bad]), "output_hash");
	}
	assert_invalid("provenance_getInference", json!([hex(0xaa)]), "model_id");
	assert_invalid("provenance_getInference", json!([hex(0xaa), "3"]), "model_id");
}

#[test]
fn inference_claims_per_model() {
	let one = call("provenance_getInference", json!([hex(0xaa), 3])).unwrap();
	assert_eq!(one["modelId"], 3);
	assert_eq!(one["outputHash"], hex(0xaa));
	assert_eq!(call("provenance_getInference", json!([hex(0xaa), 9])).unwrap(), json!(null));
	let all = call("provenance_inferenceClaims", json!([hex(0xaa)])).unwrap();
	assert_eq!(all.as_array().map(Vec::len), Some(2));
	assert_eq!(all[1]["modelId"], 4);
}

#[test]
fn disputes_by_id_and_by_target() {
	let d = call("provenance_getDispute", json!([0])).unwrap();
	let alice = alice().to_string();
	assert_eq!(
		d,
		json!({
			"id": 0,
			"target": { "dataset": 1 },
			"kind": "ownership",
			"opener": alice,
			"evidence": format!("0x{}", "03".repeat(32)),
			"uri": "ipfs://evidence",
			"bond": "10000000000000",
			"openedAt": 5,
			"response": null,
			"state": { "resolved": { "transferTo": alice } },
			"closedAt": 9,
		})
	);
	assert_eq!(call("provenance_getDispute", json!([4])).unwrap(), Value::Null);
	assert_invalid("provenance_getDispute", json!(["x"]), "dispute_id");
	let of = call("provenance_disputesOf", json!([{ "dataset": 1 }])).unwrap();
	assert_eq!(of.as_array().map(Vec::len), Some(1));
	let none =
		json!([{ "inference": { "outputHash": format!("0x{}", "00".repeat(32)), "modelId": 2 } }]);
	assert_eq!(call("provenance_disputesOf", none).unwrap(), json!([]));
	assert_invalid("provenance_disputesOf", json!([{ "shelf": 1 }]), "target");
	assert_invalid("provenance_disputesOf", json!([]), "target");
}

#[test]
fn lineage_and_descendants() {
	let l = call("provenance_lineage", json!([3])).unwrap();
	let mit = json!({
		"spdx": "MIT",
		"commercialUse": true,
		"derivativesAllowed": true,
		"aiTrainingAllowed": true,
		"termsHash": null,
	});
	assert_eq!(
		l["models"],
		json!([{ "id": 2, "status": "disputed", "root": format!("0x{}", "02".repeat(32)), "license": mit }])
	);
	assert_eq!(
		l["datasets"],
		json!([{ "id": 1, "status": "retracted", "root": format!("0x{}", "01".repeat(32)), "license": mit }])
	);
	assert_eq!(l["weightsRoot"], json!(format!("0x{}", "03".repeat(32))));
	assert_eq!((l["status"].clone(), l["taintedAncestry"].clone()), (json!("active"), json!(true)));
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
		json!([0, record.clone(), { "siblings": [] }]),
		"proof",
	);
	let long = json!({ "leafIndex": 0, "siblings": vec![hex(4); MAX_PROOF_SIBLINGS + 1] });
	assert_invalid("provenance_verifyInclusion", json!([0, record, long]), "proof.siblings");
}

#[test]
fn royalties_methods() {
	let q = call("royalties_quote", json!([3, "340282366920938463463374607431768211455"])).unwrap();
	assert_eq!(q["credits"][0]["amount"], "340282366920938463463374607431768211455");
	let expected = provenance_primitives::quote_hash(&[(alice(), u128::MAX)]);
	assert_eq!(q["quoteHash"], json!(expected));
	let ten = call("royalties_quote", json!([3, 10])).unwrap();
	assert_eq!(ten["credits"][0]["amount"], "10");
	assert_ne!(ten["quoteHash"], q["quoteHash"]);
	assert_invalid("royalties_quote", json!([3, "-5"]), "amount");
	assert_invalid("royalties_quote", json!([3]), "amount");
	match call("royalties_quote", json!([4, "5"])) {
		Err((code, message)) => {
			assert_eq!(code, QUOTE_REFUSED);
			assert!(message.contains("model_id"));
		}
		other => panic!("expected refusal, got {other:?}"),
	}
	let usage = call("royalties_quoteUsage", json!([3, 1_000_000])).unwrap();
	assert_eq!(usage["price"], "7");
	assert_eq!(usage["count"], 1_000_000);
	assert_eq!(usage["amount"], "7000000");
	assert_eq!(usage["credits"][0]["amount"], "7000000");
	let expected = provenance_primitives::quote_hash(&[(alice(), 7_000_000u128)]);
	assert_eq!(usage["quoteHash"], json!(expected));
	let free = call("royalties_quoteUsage", json!([4, 5])).unwrap();
	assert_eq!((free["price"].clone(), free["amount"].clone()), (json!("0"), json!("0")));
	assert_eq!(free["credits"], json!([]));
	assert_invalid("royalties_quoteUsage", json!([3, -1]), "count");
	assert_invalid("royalties_quoteUsage", json!([3]), "count");
	match call("royalties_quoteUsage", json!([5, 1])) {
		Err((code, message)) => {
			assert_eq!(code, QUOTE_REFUSED);
			assert!(message.contains("model_id") && message.contains("usage"));
		}
		other => panic!("expected refusal, got {other:?}"),
	}
	let who = "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT";
	assert_eq!(call("royalties_claimable", json!([who])).unwrap(), json!(u128::MAX.to_string()));
	assert_invalid("royalties_claimable", json!(["5NotAnAddress"]), "account");
	assert_invalid("royalties_claimable", json!([]), "account");
}

#[test]
fn runtime_failures_are_errors_not_nulls() {
	match call("provenance_getBatch", json!([1])) {
		Err((code, message)) => {
			assert_eq!(code, RUNTIME_ERROR);
			assert!(message.contains("boom"), "{message}");
		}
		other => panic!("expected an error, got {other:?}"),
	}
}

/// The generated client against the server over a real WebSocket: typed answers, and the
/// server's error (naming the field) reaches the caller.
#[test]
fn the_generated_client_reads_what_the_server_writes() {
	let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
	runtime.block_on(async {
		let server = Server::builder().build("127.0.0.1:0").await.expect("server binds");
		let url = format!("ws://{}", server.local_addr().expect("bound address"));
		let handle = server.start(module());
		let client = WsClientBuilder::default().build(&url).await.expect("client connects");

		let dataset = client.get_dataset(Some(1.into()), None).await.expect("answer");
		assert_eq!(dataset, Some(dataset_view(1)));
		let old = client.get_dataset(Some(1.into()), Some(OLD.into())).await.expect("answer");
		assert_eq!(old, None);
		let lineage = client.lineage(Some(3.into()), Some(1.into()), None).await.expect("answer");
		assert_eq!(
			lineage.map(|l| (l.models, l.truncated)),
			Some((vec![node(2, Status::Disputed)], true))
		);
		let dispute = client.get_dispute(Some(0.into()), None).await.expect("answer");
		assert_eq!(dispute, Some(dispute_view(0)));
		let quote = client
			.quote(Some(3.into()), Some(Amount(u128::MAX).into()), None)
			.await
			.expect("answer");
		assert_eq!(quote.credits, vec![Credit { account: alice(), amount: u128::MAX }]);
		assert_eq!(quote.quote_hash, provenance_primitives::quote_hash(&[(alice(), u128::MAX)]));
		let claimable = client.claimable(Some(alice().into()), None).await.expect("answer");
		assert_eq!(claimable, Amount(u128::MAX));
		let refused = client.lineage(Some(3.into()), Some(1000.into()), None).await;
		assert!(format!("{refused:?}").contains("max_depth"), "{refused:?}");

		handle.stop().expect("server stops");
	});
}

/// Property: whatever JSON is sent as parameters, every method answers (never panics) and a
/// refusal of the parameters names the parameter (or nested field) it could not read.
#[test]
fn random_params_never_panic_and_always_name_the_field() {
	struct XorShift(u64);
	impl XorShift {
		fn next(&mut self) -> u64 {
			self.0 ^= self.0 << 13;
			self.0 ^= self.0 >> 7;
			self.0 ^= self.0 << 17;
			self.0
		}
	}
	fn value(rng: &mut XorShift, depth: u32) -> Value {
		match rng.next() % if depth > 2 { 7 } else { 9 } {
			0 => Value::Null,
			1 => json!(rng.next().is_multiple_of(2)),
			2 => json!(rng.next() % 1000),
			3 => json!(-((rng.next() % 1000) as i64)),
			4 => json!(1.5),
			5 => json!(hex((rng.next() % 256) as u8)),
			6 => json!(
				["0x", "x", "", "0x12", "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT"]
					[(rng.next() % 5) as usize]
			),
			7 => Value::Array((0..rng.next() % 3).map(|_| value(rng, depth + 1)).collect()),
			_ => {
				let keys = ["model", "dataset", "leafIndex", "siblings", "modelId", "inputHash"];
				let mut map = serde_json::Map::new();
				for _ in 0..rng.next() % 3 {
					map.insert(keys[(rng.next() % 6) as usize].into(), value(rng, depth + 1));
				}
				Value::Object(map)
			}
		}
	}
	let methods: [(&str, &[&str]); 15] = [
		("provenance_getDataset", &["id", "at"]),
		("provenance_getDatasetByRoot", &["content_root", "at"]),
		("provenance_getModel", &["id", "at"]),
		("provenance_getModelByRoot", &["weights_root", "at"]),
		("provenance_lineage", &["model_id", "max_depth", "at"]),
		("provenance_descendants", &["asset", "max_depth", "at"]),
		("provenance_getInference", &["output_hash", "model_id", "at"]),
		("provenance_inferenceClaims", &["output_hash", "at"]),
		("provenance_getBatch", &["batch_id", "at"]),
		("provenance_verifyInclusion", &["batch_id", "record", "proof", "at"]),
		("royalties_quote", &["model_id", "amount", "at"]),
		("royalties_quoteUsage", &["model_id", "count", "at"]),
		("royalties_claimable", &["account", "at"]),
		("provenance_getModel", &["id", "at"]),
		("provenance_getDataset", &["id", "at"]),
	];
	let mut rng = XorShift(0x0dd_ba11);
	let mut refused = 0;
	for _ in 0..400 {
		for (method, names) in methods {
			let count = (rng.next() % (names.len() as u64 + 1)) as usize;
			let params = Value::Array((0..count).map(|_| value(&mut rng, 0)).collect());
			match call(method, params.clone()) {
				Err((code, message)) if code == INVALID_PARAMS => {
					refused += 1;
					assert!(
						names.iter().any(|name| message.starts_with(name))
							|| message.contains("too many")
							|| message.contains("Invalid params"),
						"{method} {params}: `{message}` names no parameter"
					);
				}
				// Answers, runtime refusals and unknown blocks are all fine: no panic.
				_ => {}
			}
		}
	}
	assert!(refused > 1000, "the generator should mostly produce bad parameters ({refused})");
}
