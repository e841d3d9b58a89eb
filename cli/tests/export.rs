//! `provenance export` documents checked by each format's official library (`tests/exports/
//! validate.py` in the venv `scripts/setup.sh` creates): SPDX 3.0.1 (`spdx-python-model`),
//! CycloneDX 1.6 (`cyclonedx-python-lib`'s strict validator), W3C PROV-JSON (`prov`). Rendered
//! here from a lineage with every kind of edge and odd values (no node); the end-to-end test
//! exports real records from a dev node and validates them too.

mod common;

use common::validate;
use provenance_cli::export::{self, Graph};
use provenance_primitives::{
	views::{DatasetView, ModelView},
	Asset, Derivation, License, Status,
};
use provenance_rpc::AccountId;
use sp_core::H256;
use sp_runtime::Perbill;

fn account(n: u8) -> AccountId {
	AccountId::from([n; 32])
}

fn graph() -> Graph {
	let license = |spdx: &[u8], commercial: bool| License {
		commercial_use: commercial,
		terms_hash: Some(H256::repeat_byte(9)),
		..License::permissive(spdx)
	};
	let dataset = |id: u64, previous: Option<u64>, uri: &[u8], status: Status| DatasetView {
		id,
		owner: account(id as u8),
		content_root: H256::repeat_byte(id as u8),
		size_bytes: 10_000 * id,
		uri: uri.to_vec(),
		license: license(b"CC-BY-NC-4.0", false),
		metadata: "données \"quoted\" <b>".as_bytes().to_vec(),
		contributors: vec![
			(account(1), Perbill::from_parts(333_333_334)),
			(account(2), Perbill::from_parts(666_666_666)),
		],
		previous_version: previous,
		registered_at: 3 + id as u32,
		status,
	};
	let model =
		|id: u64, parents: Vec<(u64, Derivation)>, datasets: Vec<u64>, spdx: &[u8]| ModelView {
			id,
			owner: account(10 + id as u8),
			weights_root: H256::repeat_byte(0x40 + id as u8),
			config_hash: H256::repeat_byte(7),
			uri: if id.is_multiple_of(2) {
				b"hf://acme/base".to_vec()
			} else {
				b"not a url at all".to_vec()
			},
			license: license(spdx, false),
			metadata: Vec::new(),
			parents,
			datasets,
			operators: vec![account(99)],
			registered_at: 20 + id as u32,
			status: if id == 4 { Status::Disputed } else { Status::Active },
		};
	Graph {
		genesis: H256::repeat_byte(0xaa),
		chain: "Development".into(),
		at: (H256::repeat_byte(0xbb), 1234),
		created: export::rfc3339(1_796_000_000),
		subject: Asset::Model(7),
		models: [
			(4, model(4, vec![], vec![1], b"Apache-2.0")),
			(5, model(5, vec![], vec![2], b"LicenseRef-Llama-3-Community")),
			(6, model(6, vec![(4, Derivation::FineTune)], vec![], b"MIT")),
			(
				7,
				model(
					7,
					vec![(6, Derivation::Merge), (5, Derivation::Merge)],
					vec![2],
					b"CC-BY-NC-4.0",
				),
			),
		]
		.into_iter()
		.collect(),
		datasets: [
			(
				1,
				dataset(
					1,
					None,
					b"ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
					Status::Active,
				),
			),
			(2, dataset(2, Some(1), b"", Status::Retracted)),
		]
		.into_iter()
		.collect(),
		truncated: true,
	}
}

#[test]
fn documents_pass_their_official_validators() {
	let dir = tempfile::tempdir().unwrap();
	let g = graph();
	for (format, doc) in [
		("spdx3", export::spdx3(&g)),
		("cyclonedx", export::cyclonedx(&g)),
		("prov", export::prov(&g)),
	] {
		let file = dir.path().join(format!("{format}.json"));
		std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
		let (ok, text) = validate(format, &file, 4, 2);
		assert!(ok, "{format}: {text}\n{}", serde_json::to_string_pretty(&doc).unwrap());
		eprintln!("{}", text.trim());
	}
}

#[test]
fn the_validators_refuse_broken_documents() {
	// A validator that accepts anything proves nothing: break each document in a way its format
	// forbids and see it refused.
	let dir = tempfile::tempdir().unwrap();
	let g = graph();
	let mut spdx = export::spdx3(&g);
	for item in spdx["@graph"].as_array_mut().unwrap() {
		if item["type"] == "CreationInfo" {
			item.as_object_mut().unwrap().remove("createdBy");
		}
	}
	let mut bom = export::cyclonedx(&g);
	bom["components"][0]["type"] = serde_json::json!("neural-network");
	let mut prov = export::prov(&g);
	prov["wasDerivedFrom"] =
		serde_json::json!({ "_:x": { "prov:generatedEntity": "undeclared:x" } });
	for (format, doc) in [("spdx3", spdx), ("cyclonedx", bom), ("prov", prov)] {
		let file = dir.path().join(format!("{format}.json"));
		std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
		let (ok, text) = validate(format, &file, 4, 2);
		assert!(!ok, "{format} accepted a broken document: {text}");
		assert!(text.contains("REFUSED"), "{text}");
	}
}
