//! Receipts of a hand-made chain: a raw spec, authority sets handing over, a state with every
//! kind of record, signed justifications. Every subject verifies; every tamper class fails with
//! its class; the shared test vectors (`docs/receipt-vectors.json`, which the JS
//! client's tests run too) are the ones this code generates.

use super::{fixture::*, *};

type GrandpaJustificationOf = sp_consensus_grandpa::GrandpaJustification<Header>;
use serde_json::{json, Value};
use sp_consensus_grandpa::{ConsensusLog, ScheduledChange, GRANDPA_ENGINE_ID};
use sp_runtime::{generic::DigestItem, Digest};

/// The receipts of the shared vectors: name, subject, hand-offs.
const VECTORS: [(&str, usize); 5] =
	[("dataset", 0), ("model", 0), ("modelWithLineage", 2), ("inference", 0), ("batchRecord", 1)];

#[test]
fn every_kind_of_record_verifies_and_says_what_it_proved() {
	for (name, hand_offs) in VECTORS {
		let chain = chain(hand_offs);
		let receipt = receipt(&chain, subject(name));
		let verified = verify(&receipt, &chain.spec).unwrap_or_else(|f| panic!("{name}: {f}"));
		assert_eq!(verified.set_id, hand_offs as u64);
		assert_eq!(verified.timestamp_ms, NOW_MS);
		assert!(verified.statement.contains("2026-11-30T"), "{}", verified.statement);
		// The file's text round-trips.
		let text = serde_json::to_string_pretty(&receipt).expect("serializable");
		assert_eq!(parse(&text).expect("parses"), receipt);
	}
	let chain = chain(2);
	let lineage = verify(&receipt(&chain, subject("modelWithLineage")), &chain.spec).unwrap();
	let ids = |kind: &str| -> Vec<u64> {
		lineage.proven[kind].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()).collect()
	};
	assert_eq!((ids("models"), ids("datasets")), (vec![5, 7], vec![12, 13]));
	assert_eq!(lineage.proven["datasets"][1]["metadata"], "0xfffe");
	assert_eq!(lineage.proven["models"][1]["operators"][0], json!(account(4)));
}

#[test]
fn another_chains_spec_is_the_wrong_chain() {
	let chain = chain(0);
	let receipt = receipt(&chain, subject("dataset"));
	let mut other = chain.spec.clone();
	other["genesis"]["raw"]["top"]["0x0102"] = json!("0x03");
	assert_eq!(verify(&receipt, &other).unwrap_err().class(), "wrongChain");
	// The same keys and records on a chain whose state names another genesis.
	let mut lying = receipt.clone();
	lying.genesis_hash = H256::repeat_byte(9);
	assert_eq!(verify(&lying, &chain.spec).unwrap_err().class(), "wrongChain");
	// A spec that is not raw.
	let plain = json!({ "genesis": { "runtimeGenesis": {} } });
	assert_eq!(verify(&receipt, &plain).unwrap_err().class(), "chainSpec");
}

#[test]
fn fewer_than_two_thirds_plus_one_signatures_fail() {
	let chain = chain(1);
	let mut receipt = receipt(&chain, subject("dataset"));
	let anchor = Header::decode(&mut receipt.finality.header.0.as_slice()).unwrap();
	receipt.finality.justification = Blob(signed(&anchor, &set(1)[..2], 1));
	assert_eq!(
		verify(&receipt, &chain.spec),
		Err(Failure::Threshold { signed: 2, needed: 3, total: 4 })
	);
	// Signed by the right number of keys, but of the previous set.
	receipt.finality.justification = Blob(signed(&anchor, &set(0)[..3], 1));
	assert_eq!(verify(&receipt, &chain.spec).unwrap_err().class(), "signature");
	// The right keys, signing for another set id (a replay from another set).
	receipt.finality.justification = Blob(signed(&anchor, &set(1)[..3], 0));
	assert_eq!(verify(&receipt, &chain.spec).unwrap_err().class(), "signature");
}

#[test]
fn a_missing_forged_or_reordered_hand_off_fails() {
	let chain = chain(3);
	let good = receipt(&chain, subject("dataset"));
	let mut missing = good.clone();
	missing.finality.hand_offs.remove(1);
	assert_eq!(verify(&missing, &chain.spec).unwrap_err().class(), "signature");
	// Out of order: the second set's justification is checked against the first set's keys.
	let mut reordered = good.clone();
	reordered.finality.hand_offs.swap(0, 1);
	assert_eq!(verify(&reordered, &chain.spec).unwrap_err().class(), "signature");
	// A header that hands over to the attacker's keys, with the real justification.
	let mut forged = good.clone();
	let mut header = Header::decode(&mut forged.finality.hand_offs[0].header.0.as_slice()).unwrap();
	let attacker = ConsensusLog::<u32>::ScheduledChange(ScheduledChange {
		next_authorities: list(&set(99)),
		delay: 0,
	});
	header.digest =
		Digest { logs: vec![DigestItem::Consensus(GRANDPA_ENGINE_ID, attacker.encode())] };
	forged.finality.hand_offs[0].header = Blob(header.encode());
	assert_eq!(verify(&forged, &chain.spec).unwrap_err().class(), "justification");
	// A block without a change presented as a hand-off.
	let mut plain = good.clone();
	let header = Header::new(10, H256::zero(), H256::zero(), H256::zero(), Digest::default());
	plain.finality.hand_offs[0] =
		HandOff { header: Blob(header.encode()), justification: Blob(signed(&header, &set(0), 0)) };
	assert_eq!(verify(&plain, &chain.spec).unwrap_err().class(), "handOff");
}

#[test]
fn an_unknown_version_or_field_is_refused() {
	let chain = chain(0);
	let receipt = receipt(&chain, subject("dataset"));
	let mut doc = serde_json::to_value(&receipt).unwrap();
	doc["version"] = json!(2);
	assert_eq!(parse(&doc.to_string()).unwrap_err().class(), "format");
	let mut doc = serde_json::to_value(&receipt).unwrap();
	doc["finality"]["note"] = json!("trust me");
	assert_eq!(parse(&doc.to_string()).unwrap_err().class(), "format");
}

/// One change to a receipt, as the shared vectors write it.
fn apply(receipt: &Value, case: &Value) -> Value {
	let mut doc = receipt.clone();
	let path: Vec<Value> = case["path"].as_array().expect("a path").clone();
	let mut target = &mut doc;
	for step in &path {
		target = match step {
			Value::String(key) => &mut target[key.as_str()],
			Value::Number(index) => &mut target[index.as_u64().unwrap() as usize],
			_ => panic!("bad step"),
		};
	}
	if let Some(flip) = case.get("flip") {
		let mut bytes = STANDARD.decode(target.as_str().expect("a blob")).expect("base64");
		let byte = flip["byte"].as_u64().unwrap() as usize;
		bytes[byte] ^= 1 << flip["bit"].as_u64().unwrap();
		*target = json!(STANDARD.encode(bytes));
	} else if let Some(value) = case.get("set") {
		*target = value.clone();
	} else if let Some(index) = case.get("remove") {
		target.as_array_mut().expect("an array").remove(index.as_u64().unwrap() as usize);
	} else if let Some(index) = case.get("duplicate") {
		let array = target.as_array_mut().expect("an array");
		let copy = array[index.as_u64().unwrap() as usize].clone();
		array.push(copy);
	} else {
		panic!("unknown change {case}");
	}
	doc
}

fn check(doc: &Value, spec: &Value) -> Result<Verified, Failure> {
	verify(&parse(&doc.to_string())?, spec)
}

/// Every JSON leaf of `doc` with its path (blobs are not leaves here: they are flipped).
fn leaves(doc: &Value, path: Vec<Value>, out: &mut Vec<(Vec<Value>, Value)>) {
	match doc {
		Value::Object(map) => {
			for (key, value) in map {
				let mut next = path.clone();
				next.push(json!(key));
				leaves(value, next, out);
			}
		}
		Value::Array(items) => {
			for (i, value) in items.iter().enumerate() {
				let mut next = path.clone();
				next.push(json!(i));
				leaves(value, next, out);
			}
		}
		leaf => out.push((path, leaf.clone())),
	}
}

/// Another value of the same JSON type.
fn changed(value: &Value) -> Value {
	match value {
		Value::Bool(b) => json!(!b),
		Value::Number(n) => json!(n.as_u64().map_or(1, |n| n ^ 1)),
		Value::String(s) if s.starts_with("0x") && s.len() > 2 => {
			let last = if s.ends_with('0') { '1' } else { '0' };
			json!(format!("{}{last}", &s[..s.len() - 1]))
		}
		Value::String(s) => json!(format!("{s}x")),
		Value::Null => json!(0),
		_ => unreachable!("leaves only"),
	}
}

fn is_blob(path: &[Value]) -> bool {
	let names: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
	names.first() == Some(&"stateProof")
		|| (names.first() == Some(&"finality")
			&& matches!(names.last(), Some(&"header" | &"justification")))
}

/// The tamper cases of a receipt: bit flips in its blobs (every `step`-th byte), a changed value
/// of every other leaf, hand-offs and proof nodes removed and duplicated.
fn tamper_cases(name: &str, doc: &Value, step: usize) -> Vec<Value> {
	let mut all = Vec::new();
	leaves(doc, vec![], &mut all);
	let mut cases = Vec::new();
	for (path, value) in all {
		if is_blob(&path) {
			let len = STANDARD.decode(value.as_str().unwrap()).unwrap().len();
			for byte in (0..len).step_by(step) {
				cases.push(
					json!({ "receipt": name, "path": path, "flip": { "byte": byte, "bit": byte % 8 } }),
				);
			}
		} else {
			cases.push(json!({ "receipt": name, "path": path, "set": changed(&value) }));
		}
	}
	cases.push(json!({ "receipt": name, "path": ["stateProof"], "remove": 0 }));
	cases.push(json!({ "receipt": name, "path": ["stateProof"], "duplicate": 0 }));
	if !doc["finality"]["handOffs"].as_array().unwrap().is_empty() {
		cases.push(json!({ "receipt": name, "path": ["finality", "handOffs"], "remove": 0 }));
		cases.push(json!({ "receipt": name, "path": ["finality", "handOffs"], "duplicate": 0 }));
	}
	cases
}

#[test]
fn any_tampered_byte_or_field_fails() {
	let mut passed = Vec::new();
	let mut tried = 0;
	let mut classes = BTreeMap::<&str, usize>::new();
	for (name, hand_offs) in VECTORS {
		let chain = chain(hand_offs);
		let doc = serde_json::to_value(receipt(&chain, subject(name))).unwrap();
		for case in tamper_cases(name, &doc, 1) {
			tried += 1;
			match check(&apply(&doc, &case), &chain.spec) {
				Ok(_) => passed.push(case),
				Err(failure) => *classes.entry(failure.class()).or_default() += 1,
			}
		}
	}
	assert!(passed.is_empty(), "{} of {tried} tampered receipts verify: {passed:?}", passed.len());
	// Every class a receipt's own bytes can cause is reached (chainSpec comes from the spec).
	for class in [
		"justification",
		"signature",
		"threshold",
		"handOff",
		"stateProof",
		"ancestry",
		"wrongChain",
		"format",
		"record",
		"merkle",
	] {
		if class == "ancestry" || class == "threshold" {
			continue; // reached by the justification tests (a flip cannot drop a signer)
		}
		assert!(classes.contains_key(class), "no tamper fails with {class}: {classes:?}");
	}
	eprintln!("{tried} tampered receipts, all refused: {classes:?}");
}

/// The shared vectors: the spec, the receipts, and tamper cases with the class each must fail
/// with. `UPDATE_RECEIPT_VECTORS=1 cargo test …` rewrites the file.
fn vectors() -> Value {
	let mut receipts = serde_json::Map::new();
	let mut cases = Vec::new();
	let mut specs = serde_json::Map::new();
	for (name, hand_offs) in VECTORS {
		let chain = chain(hand_offs);
		let doc = serde_json::to_value(receipt(&chain, subject(name))).unwrap();
		let verified = verify(&parse(&doc.to_string()).unwrap(), &chain.spec).unwrap();
		for mut case in tamper_cases(name, &doc, 29) {
			let failure = check(&apply(&doc, &case), &chain.spec).expect_err("refused");
			case["class"] = json!(failure.class());
			cases.push(case);
		}
		specs.insert(hand_offs.to_string(), chain.spec.clone());
		receipts.insert(
			name.into(),
			json!({ "handOffs": hand_offs, "receipt": doc, "statement": verified.statement }),
		);
	}
	json!({
		"about": "Receipts of a hand-made chain (cli/src/receipt/tests.rs): each verifies against \
				  specs[handOffs]; each tamper case must fail with its class.",
		"specs": specs,
		"receipts": receipts,
		"tampered": cases,
		"textCases": text_cases(),
	})
}

/// Changes to a receipt's text that its JSON value cannot show (duplicate keys, number forms,
/// hash forms, unknown fields, odd keys), each with the class both verifiers must give. The
/// vectors hold the whole changed text.
fn text_cases() -> Vec<Value> {
	let text = |name: &str, hand_offs: usize| {
		serde_json::to_string_pretty(&receipt(&chain(hand_offs), subject(name))).unwrap()
	};
	let dataset = text("dataset", 0);
	let batch = text("batchRecord", 1);
	let changes: Vec<(&str, String, &str, &str)> = vec![
		("a key twice", dataset.clone(), "\"id\": 12", "\"id\": 12,\n    \"id\": 12"),
		("a fraction", dataset.clone(), "\"version\": 1", "\"version\": 1.0"),
		(
			"an exponent in proven",
			dataset.clone(),
			"\"timestamp\": 1796000000000",
			"\"timestamp\": 1.796e12",
		),
		(
			"a negative number in proven",
			dataset.clone(),
			"\"authoritySetId\": 0",
			"\"authoritySetId\": -1",
		),
		("a hash without 0x", dataset.clone(), "\"genesisHash\": \"0x", "\"genesisHash\": \""),
		(
			"a kind from Object.prototype",
			dataset.clone(),
			"\"kind\": \"dataset\"",
			"\"kind\": \"toString\"",
		),
		(
			"a __proto__ key in proven",
			dataset.clone(),
			"\"block\": {",
			"\"block\": {\n      \"__proto__\": {},",
		),
		(
			"an unknown field in the record",
			batch.clone(),
			"\"record\": {",
			"\"record\": {\n      \"note\": \"x\",",
		),
		(
			"an unknown field in the proof",
			batch.clone(),
			"\"proof\": {",
			"\"proof\": {\n      \"note\": \"x\",",
		),
		(
			"a sibling with spaces",
			batch,
			"\"siblings\": [\n        \"0x",
			"\"siblings\": [\n        \" 0x",
		),
	];
	changes
		.into_iter()
		.map(|(what, text, from, to)| {
			assert!(text.contains(from), "{what}: {from} not in the receipt");
			let changed = text.replacen(from, to, 1);
			let hand_offs = if changed.contains("batchRecord") { 1 } else { 0 };
			let failure =
				parse(&changed).and_then(|r| verify(&r, &chain(hand_offs).spec)).expect_err(what);
			json!({ "what": what, "handOffs": hand_offs, "text": changed, "class": failure.class() })
		})
		.collect()
}

#[test]
fn text_changes_fail_with_the_expected_class() {
	let classes: Vec<(String, String)> = text_cases()
		.iter()
		.map(|c| (c["what"].as_str().unwrap().into(), c["class"].as_str().unwrap().into()))
		.collect();
	for (what, class) in &classes {
		let expected = if what.contains("__proto__") { "record" } else { "format" };
		assert_eq!(class, expected, "{what}");
	}
}

#[test]
fn a_repeated_precommit_or_stray_ancestry_is_refused() {
	let chain = chain(0);
	let mut receipt = receipt(&chain, subject("dataset"));
	let mut justification =
		GrandpaJustificationOf::decode(&mut receipt.finality.justification.0.as_slice()).unwrap();
	let first = justification.commit.precommits[0].clone();
	justification.commit.precommits.push(first);
	receipt.finality.justification = Blob(justification.encode());
	assert!(matches!(
		verify(&receipt, &chain.spec),
		Err(Failure::JustificationEncoding(why)) if why.contains("repeats precommit 0")
	));
}

#[test]
fn the_development_keys_are_the_dev_accounts_keys() {
	use sp_core::Pair;
	for (name, key) in
		["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"].iter().zip(DEVELOPMENT_KEYS)
	{
		let pair = sp_core::ed25519::Pair::from_string(&format!("//{name}"), None).unwrap();
		assert_eq!(pair.public().0, key, "{name}");
	}
}

#[test]
fn a_chain_of_development_keys_is_flagged() {
	let chain = chain(0);
	let verified = verify(&receipt(&chain, subject("dataset")), &chain.spec).unwrap();
	assert!(verified.development_keys, "set 0 is //Alice … //Dave");
	assert!(!development_keys(&list(&set(1))));
	// Two public keys of four are not enough to finalize.
	let mixed: Vec<_> = set(0).into_iter().take(2).chain(set(1).into_iter().take(2)).collect();
	assert!(!development_keys(&list(&mixed)));
}

#[test]
fn the_shared_vectors_are_current() {
	let path =
		std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/receipt-vectors.json");
	let text = serde_json::to_string_pretty(&vectors()).unwrap() + "\n";
	if std::env::var_os("UPDATE_RECEIPT_VECTORS").is_some() {
		std::fs::create_dir_all(path.parent().unwrap()).unwrap();
		std::fs::write(&path, &text).unwrap();
	}
	let committed = std::fs::read_to_string(&path).unwrap_or_default();
	assert!(
		committed == text,
		"{} is out of date: run UPDATE_RECEIPT_VECTORS=1 cargo test -p provenance-cli receipt",
		path.display()
	);
}

#[test]
fn utc_dates() {
	assert_eq!(utc(0), "1970-01-01T00:00:00.000Z");
	assert_eq!(utc(951_782_400_123), "2000-02-29T00:00:00.123Z");
	assert_eq!(utc(NOW_MS), "2026-11-30T00:53:20.000Z");
}
