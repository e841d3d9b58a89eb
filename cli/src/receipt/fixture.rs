//! Synthetic chains for receipt tests, the shared vectors (docs/receipt-vectors.json) and the
//! verification benchmark (bench/merkle/benches/receipt.rs): a raw chain spec, authority sets
//! that hand over by GRANDPA `ScheduledChange` logs, an anchor state holding every kind of
//! record, and justifications signed with known ed25519 keys. Nothing here talks to a node.

use super::*;
use crate::finality::grandpa_authorities_key;
use serde_json::{json, Value};
use sp_consensus_grandpa::{
	AuthorityId, AuthorityList, AuthoritySignature, ConsensusLog, GrandpaJustification,
	ScheduledChange, GRANDPA_ENGINE_ID,
};
use sp_core::{ed25519, Pair};
use sp_runtime::{generic::DigestItem, traits::BlakeTwo256, Digest};
use sp_trie::{LayoutV1, TrieConfiguration};

/// The GRANDPA round every fixture justification is signed in.
pub const ROUND: u64 = 1;
/// `Timestamp::Now` in the anchor state.
pub const NOW_MS: u64 = 1_796_000_000_000;

/// The four ed25519 keys of authority set `k` (set 0: the dev keys of Alice, Bob, Charlie, Dave).
pub fn set(k: usize) -> Vec<ed25519::Pair> {
	let seeds: Vec<String> = if k == 0 {
		["Alice", "Bob", "Charlie", "Dave"].iter().map(|n| format!("//{n}")).collect()
	} else {
		(0..4).map(|i| format!("//set{k}//{i}")).collect()
	};
	seeds.iter().map(|s| ed25519::Pair::from_string(s, None).expect("a seed")).collect()
}

/// An authority list of weight-1 members.
pub fn list(pairs: &[ed25519::Pair]) -> AuthorityList {
	pairs.iter().map(|p| (AuthorityId::from(p.public()), 1)).collect()
}

/// SCALE of a justification of `target` by `signers`, in set `set_id`.
pub fn signed(target: &Header, signers: &[ed25519::Pair], set_id: u64) -> Vec<u8> {
	let precommit =
		finality_grandpa::Precommit { target_hash: target.hash(), target_number: *target.number() };
	let message = finality_grandpa::Message::Precommit(precommit.clone());
	let payload = sp_consensus_grandpa::localized_payload(ROUND, set_id, &message);
	let precommits = signers
		.iter()
		.map(|p| finality_grandpa::SignedPrecommit {
			precommit: precommit.clone(),
			signature: AuthoritySignature::from(p.sign(&payload)),
			id: AuthorityId::from(p.public()),
		})
		.collect();
	GrandpaJustification::<Header> {
		round: ROUND,
		commit: finality_grandpa::Commit {
			target_hash: target.hash(),
			target_number: *target.number(),
			precommits,
		},
		votes_ancestries: vec![],
	}
	.encode()
}

/// An account id of 32 equal bytes.
pub fn account(byte: u8) -> AccountId32 {
	AccountId32::new([byte; 32])
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// A chain with authority-set changes: its raw spec and the hand-offs.
pub struct Chain {
	/// The raw chain spec.
	pub spec: Value,
	/// Its genesis hash.
	pub genesis: H256,
	/// The hand-offs, oldest first.
	pub hand_offs: Vec<HandOff>,
}

/// A chain with `hand_offs` authority-set changes and a tiny `:code`.
pub fn chain(hand_offs: usize) -> Chain {
	chain_with_code(hand_offs, 0)
}

/// A chain with `hand_offs` authority-set changes whose genesis holds a `:code` of `code_len`
/// pseudo-random bytes (the real runtime's is about 620 KB), so that computing the genesis hash
/// from the spec costs what it costs for the real chain.
pub fn chain_with_code(hand_offs: usize, code_len: usize) -> Chain {
	let mut top = BTreeMap::new();
	top.insert(grandpa_authorities_key(), list(&set(0)).encode());
	let code = if code_len == 0 {
		b"not a runtime".to_vec()
	} else {
		let mut block = [7u8; 32];
		let mut code = Vec::with_capacity(code_len + 32);
		while code.len() < code_len {
			block = sp_crypto_hashing::blake2_256(&block);
			code.extend_from_slice(&block);
		}
		code.truncate(code_len);
		code
	};
	top.insert(b":code".to_vec(), code);
	let spec = json!({
		"name": "Receipt test vectors",
		"id": "receipt_vectors",
		"genesis": { "raw": {
			"top": top.iter().map(|(k, v)| (hex(k), json!(hex(v)))).collect::<serde_json::Map<_, _>>(),
			"childrenDefault": {},
		}},
	});
	let genesis = genesis_from_raw_spec(&spec).expect("a raw spec").hash;
	let hand_offs = (1..=hand_offs)
		.map(|k| {
			let change = ConsensusLog::<u32>::ScheduledChange(ScheduledChange {
				next_authorities: list(&set(k)),
				delay: 0,
			});
			let digest =
				Digest { logs: vec![DigestItem::Consensus(GRANDPA_ENGINE_ID, change.encode())] };
			let number = u32::try_from(k * 10).expect("small");
			let header = Header::new(
				number,
				H256::repeat_byte(1),
				H256::repeat_byte(2),
				H256::from_low_u64_be(k as u64),
				digest,
			);
			let justification = signed(&header, &set(k - 1), k as u64 - 1);
			HandOff { header: Blob(header.encode()), justification: Blob(justification) }
		})
		.collect();
	Chain { spec, genesis, hand_offs }
}

fn license(spdx: &[u8]) -> License {
	License::permissive(spdx)
}

/// The three records of batch 3 (model 7).
pub fn records() -> Vec<InferenceRecord> {
	(0..3u8)
		.map(|i| InferenceRecord {
			model_id: 7,
			input_hash: H256::repeat_byte(0x10 + i),
			output_hash: H256::repeat_byte(0x20 + i),
			params_hash: H256::repeat_byte(0x30),
		})
		.collect()
}

/// The anchor block's state: records of every kind, and filler.
fn state(genesis: H256) -> BTreeMap<Vec<u8>, Vec<u8>> {
	let mut state = BTreeMap::new();
	state.insert(block_hash_key(0), genesis.encode());
	state.insert(storage_value_key(b"Timestamp", b"Now"), NOW_MS.encode());
	let dataset = |id: u64, previous: Option<u64>, metadata: Vec<u8>, status| StoredDataset {
		owner: account(1),
		content_root: H256::from_low_u64_be(0xd000 + id),
		size_bytes: 1_234_567 * id,
		uri: format!("ipfs://dataset-{id}").into_bytes(),
		license: license(b"CC-BY-4.0"),
		metadata,
		contributors: vec![
			(account(1), Perbill::from_parts(600_000_000)),
			(account(2), Perbill::from_parts(399_999_999)),
			(account(3), Perbill::from_parts(1)),
		],
		previous_version: previous,
		registered_at: 3,
		status,
		deposit: 1_000_000_000_000,
	};
	state.insert(
		dataset_key(12),
		// Metadata starting with a UTF-8 byte-order mark: text, kept as U+FEFF by both verifiers.
		dataset(12, None, "\u{feff}{\"rows\":10}".as_bytes().to_vec(), Status::Active).encode(),
	);
	state.insert(
		dataset_key(13),
		dataset(13, Some(12), vec![0xff, 0xfe], Status::Retracted).encode(),
	);
	let model = |id: u64, parents: Vec<(u64, Derivation)>, datasets: Vec<u64>| StoredModel {
		owner: account(2),
		weights_root: H256::from_low_u64_be(0xe000 + id),
		config_hash: H256::repeat_byte(0xcc),
		uri: format!("hf://org/model-{id}").into_bytes(),
		license: license(b"Apache-2.0"),
		metadata: vec![],
		parents,
		datasets,
		registered_at: 5 + id as u32,
		status: Status::Active,
		non_commercial_lineage: false,
		deposit: 2_000_000_000_000,
	};
	state.insert(model_key(5), model(5, vec![], vec![12]).encode());
	state.insert(model_key(7), model(7, vec![(5, Derivation::FineTune)], vec![12, 13]).encode());
	state.insert(operators_key(7), vec![account(4)].encode());
	let claim = StoredClaim {
		model_id: 7,
		input_hash: H256::repeat_byte(0x11),
		params_hash: H256::repeat_byte(0x33),
		submitter: account(4),
		block: 21,
		deposit: 10_000_000_000,
	};
	state.insert(claim_key(&H256::repeat_byte(0xab), 7), claim.encode());
	let leaves: Vec<H256> = records().iter().map(InferenceRecord::leaf_hash).collect();
	let batch = StoredBatch {
		model_id: 7,
		root: merkle::batch_root(&leaves),
		count: 3,
		submitter: account(2),
		block: 22,
		uri: b"https://example.org/batch-3.jsonl".to_vec(),
		deposit: 10_000_000_000,
	};
	state.insert(batch_key(3), batch.encode());
	// Filler: other accounts' balances and enough entries for a few trie levels.
	for i in 0u32..300 {
		let key = [storage_value_key(b"System", b"Account"), blake2_128_concat(&i.encode())];
		state.insert(key.concat(), vec![i as u8; 80]);
	}
	state
}

/// A subject by name: `dataset` (12), `model` (7), `modelWithLineage` (7: models 5 and 7,
/// datasets 12 and 13), `inference` (output 0xabab…, model 7), `batchRecord` (record 1 of batch 3).
pub fn subject(name: &str) -> Subject {
	match name {
		"dataset" => Subject::Dataset { id: 12 },
		"model" => Subject::Model { id: 7, with_lineage: false },
		"modelWithLineage" => Subject::Model { id: 7, with_lineage: true },
		"inference" => Subject::Inference { output_hash: H256::repeat_byte(0xab), model_id: 7 },
		"batchRecord" => {
			let leaves: Vec<H256> = records().iter().map(InferenceRecord::leaf_hash).collect();
			Subject::BatchRecord {
				batch_id: 3,
				record: records()[1],
				proof: merkle::prove(&leaves, 1).expect("in range"),
			}
		}
		other => panic!("no subject {other}"),
	}
}

/// A receipt for `subject` at a block after every hand-off of `chain`, signed by 3 of the 4
/// authorities of the last set.
pub fn receipt(chain: &Chain, subject: Subject) -> Receipt {
	let entries = state(chain.genesis);
	let root = LayoutV1::<BlakeTwo256>::trie_root(entries.clone());
	let number = u32::try_from(chain.hand_offs.len() * 10 + 5).expect("small");
	let anchor =
		Header::new(number, H256::repeat_byte(3), root, H256::repeat_byte(4), Digest::default());
	let last_set = set(chain.hand_offs.len());
	let justification = signed(&anchor, &last_set[..3], chain.hand_offs.len() as u64);
	let keys = keys(&subject, &BTreeSet::from([5, 7]), &BTreeSet::from([12, 13]));
	let backend = sp_state_machine::InMemoryBackend::<BlakeTwo256>::from((
		vec![(None, entries.into_iter().map(|(k, v)| (k, Some(v))).collect())],
		sp_core::storage::StateVersion::V1,
	));
	let proof = sp_state_machine::prove_read(backend, &keys).expect("provable");
	let mut receipt = Receipt {
		version: RECEIPT_VERSION,
		genesis_hash: chain.genesis,
		subject,
		finality: Finality {
			hand_offs: chain.hand_offs.clone(),
			header: Blob(anchor.encode()),
			justification: Blob(justification),
		},
		state_proof: proof.into_iter_nodes().map(Blob).collect(),
		proven: Value::Null,
	};
	receipt.proven = prove(&receipt, &chain.spec).expect("a sound receipt").proven;
	receipt
}
