//! `provenance batch`: records parsing (with line numbers), the proofs file, proof round trips,
//! wrong proofs, and the offline-reachable failure of `--batch-id` against a dead endpoint.

mod common;

use common::*;
use provenance_cli::batch::{self, ProofsFile};
use provenance_primitives::merkle::{batch_root, verify, InclusionProof, MerkleTree};
use std::fs;

#[test]
fn proofs_file_round_trips_for_every_leaf_of_many_sizes() {
	let dir = tempfile::tempdir().unwrap();
	for n in [1usize, 2, 3, 4, 5, 7, 8, 9, 31, 33, 100, 257] {
		let path = dir.path().join(format!("r{n}.jsonl"));
		fs::write(&path, records_jsonl(n, 9, n as u64)).unwrap();
		let records = batch::read_records(&path).unwrap();
		assert_eq!(records.len(), n);
		let leaves: Vec<_> = records.iter().map(|r| r.leaf_hash()).collect();
		let proofs = dir.path().join(format!("r{n}.proofs"));
		let summary = batch::build(&records, &proofs).unwrap();
		assert_eq!(summary.root, batch_root(&leaves), "root for n = {n}");
		assert_eq!(summary.count, n as u64);
		let tree = MerkleTree::new(&leaves);
		let mut file = ProofsFile::open(&proofs).unwrap();
		for i in 0..n as u64 {
			let bundle = file.at(i).unwrap();
			assert_eq!(bundle.record, records[i as usize]);
			assert_eq!(Some(bundle.proof.clone()), tree.proof(i), "proof {i} of {n}");
			assert!(verify(&summary.root, n as u64, &bundle.record, &bundle.proof));
			let by_output = file.find_output(&records[i as usize].output_hash).unwrap();
			assert_eq!(by_output, bundle);
		}
		assert!(file.at(n as u64).is_err());
	}
}

#[test]
fn leaves_match_an_independent_scale_encoding() {
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("r.jsonl");
	fs::write(&path, records_jsonl(5, 42, 5)).unwrap();
	let records = batch::read_records(&path).unwrap();
	let text = fs::read_to_string(&path).unwrap();
	let mut values = Vec::new();
	for (line, record) in text.lines().zip(&records) {
		let v: serde_json::Value = serde_json::from_str(line).unwrap();
		// SCALE(InferenceRecord) = u64 LE + three 32-byte hashes.
		let mut encoded = v["modelId"].as_u64().unwrap().to_le_bytes().to_vec();
		for key in ["inputHash", "outputHash", "paramsHash"] {
			encoded.extend(hex::decode(&v[key].as_str().unwrap()[2..]).unwrap());
		}
		assert_eq!(record.leaf_hash().0, b2(&encoded));
		values.push(b2(&encoded));
	}
	// The anchored root commits to the count: blake2_256(count u64 LE ++ tree root).
	assert_eq!(
		batch_root(&records.iter().map(|r| r.leaf_hash()).collect::<Vec<_>>()).0,
		anchored_root(values.len() as u64, &merkle_root(&values))
	);
}

#[test]
fn cli_build_prove_verify_round_trip_and_wrong_proofs_fail() {
	let dir = tempfile::tempdir().unwrap();
	let records = dir.path().join("records.jsonl");
	fs::write(&records, records_jsonl(1000, 3, 77)).unwrap();
	let built = run(&["--json", "batch", "build", records.to_str().unwrap()]);
	assert!(built.ok(), "{built:?}");
	let doc = built.json();
	let root = doc["root"].as_str().unwrap().to_owned();
	assert_eq!(doc["count"], 1000);
	let proofs = doc["proofs"].as_str().unwrap().to_owned();
	assert_eq!(proofs, format!("{}.proofs", records.display()));

	for index in ["0", "1", "511", "998", "999"] {
		let bundle_path = dir.path().join(format!("proof{index}.json"));
		let proved = run(&[
			"batch",
			"prove",
			&proofs,
			"--index",
			index,
			"--out",
			bundle_path.to_str().unwrap(),
		]);
		assert!(proved.ok(), "{proved:?}");
		let b = bundle_path.to_str().unwrap();
		let ok = run(&["batch", "verify", b, b, "--root", &root, "--count", "1000"]);
		assert!(ok.ok(), "{ok:?}");
		assert!(ok.stdout.contains("valid"), "{ok:?}");
	}

	// By output hash, printed on stdout; record and proof given as separate inline JSON.
	let line_17: serde_json::Value =
		serde_json::from_str(fs::read_to_string(&records).unwrap().lines().nth(17).unwrap())
			.unwrap();
	let proved =
		run(&["batch", "prove", &proofs, "--output-hash", line_17["outputHash"].as_str().unwrap()]);
	assert!(proved.ok(), "{proved:?}");
	let bundle = proved.json();
	assert_eq!(bundle["proof"]["leafIndex"], 17);
	assert_eq!(bundle["record"], line_17);
	let record_arg = bundle["record"].to_string();
	let proof_arg = bundle["proof"].to_string();
	assert!(
		run(&["batch", "verify", &record_arg, &proof_arg, "--root", &root, "--count", "1000"]).ok()
	);

	// Wrong proofs: another record, a flipped sibling, a wrong index, a wrong count, a wrong root.
	let mut other = bundle["record"].clone();
	other["outputHash"] = serde_json::json!(Rng(5).hash());
	let mut flipped = bundle["proof"].clone();
	let s0 = flipped["siblings"][0].as_str().unwrap().to_owned();
	flipped["siblings"][0] =
		serde_json::json!(format!("0x{}{}", if &s0[2..3] == "0" { "1" } else { "0" }, &s0[3..]));
	let mut moved = bundle["proof"].clone();
	moved["leafIndex"] = serde_json::json!(18);
	let zero_root = format!("0x{}", "00".repeat(32));
	let cases: Vec<(String, String, String, &str)> = vec![
		(other.to_string(), proof_arg.clone(), root.clone(), "1000"),
		(record_arg.clone(), flipped.to_string(), root.clone(), "1000"),
		(record_arg.clone(), moved.to_string(), root.clone(), "1000"),
		(record_arg.clone(), proof_arg.clone(), root.clone(), "17"),
		(record_arg.clone(), proof_arg.clone(), zero_root, "1000"),
	];
	for (record, proof, root, count) in cases {
		let bad = run(&["batch", "verify", &record, &proof, "--root", &root, "--count", count]);
		assert_eq!(bad.code, Some(1), "{bad:?}");
		assert!(bad.stderr.contains("proof does NOT verify"), "{bad:?}");
	}

	// Other counts: the CLI gives the shared verifier's verdict, which refuses every count but
	// the batch's (the anchored root commits to the count), even one that leaves this leaf's path
	// unchanged, e.g. 999 for leaf 17 of 1000.
	let record = batch::record_from_json(&bundle).unwrap();
	let proof = batch::proof_from_json(&bundle).unwrap();
	let root_h = provenance_cli::args::h256("root", &root).unwrap();
	let mut rejected = 0;
	for count in [18u64, 19, 20, 24, 32, 33, 500, 999, 1001, 2000] {
		let want = verify(&root_h, count, &record, &proof);
		let out = run(&[
			"batch",
			"verify",
			&record_arg,
			&proof_arg,
			"--root",
			&root,
			"--count",
			&count.to_string(),
		]);
		assert_eq!(out.ok(), want, "count {count}: {out:?}");
		rejected += usize::from(!want);
	}
	assert_eq!(rejected, 10, "every wrong count must be rejected");

	// --json reports the verdict as well as the exit status.
	let bad = run(&[
		"--json",
		"batch",
		"verify",
		&record_arg,
		&proof_arg,
		"--root",
		&root,
		"--count",
		"17",
	]);
	assert_eq!(bad.code, Some(1));
	assert_eq!(bad.json()["valid"], false);

	// Index past the end, unknown output hash.
	let past = run(&["batch", "prove", &proofs, "--index", "1000"]);
	assert_eq!(past.code, Some(1));
	assert!(past.stderr.contains("out of range"), "{past:?}");
	let unknown = run(&["batch", "prove", &proofs, "--output-hash", &Rng(99).hash()]);
	assert_eq!(unknown.code, Some(1));
	assert!(unknown.stderr.contains("no record with output hash"), "{unknown:?}");
}

#[test]
fn malformed_jsonl_reports_the_line_number() {
	let dir = tempfile::tempdir().unwrap();
	let good = records_jsonl(4, 1, 1);
	let lines: Vec<&str> = good.lines().collect();
	let cases = [
		(
			format!("{}\n{}\n{{not json\n{}\n", lines[0], lines[1], lines[2]),
			"line 3",
			"invalid JSON",
		),
		(format!("{}\n\n{}\n", lines[0], lines[1]), "line 2", "empty line"),
		(
			format!("{}\n{}\n", lines[0], lines[1].replace("outputHash", "outHash")),
			"line 2",
			"outputHash",
		),
		(
			format!(
				"{}\n{}\n",
				lines[0],
				lines[1].replace("\"inputHash\":\"0x", "\"inputHash\":\"0xzz")
			),
			"line 2",
			"inputHash",
		),
		(
			format!("{}\n{}", lines[0], lines[1].replace("\"modelId\":1", "\"modelId\":-1")),
			"line 2",
			"invalid JSON",
		),
		(String::new(), "no records", "no records"),
	];
	for (i, (content, line, what)) in cases.iter().enumerate() {
		let path = dir.path().join(format!("bad{i}.jsonl"));
		fs::write(&path, content).unwrap();
		let out = run(&["batch", "build", path.to_str().unwrap()]);
		assert_eq!(out.code, Some(1), "case {i}: {out:?}");
		assert!(out.stderr.contains(line) && out.stderr.contains(what), "case {i}: {out:?}");
		assert!(
			!dir.path().join(format!("bad{i}.jsonl.proofs")).exists(),
			"case {i}: no proofs file on error"
		);
	}
	// A final line without newline and CRLF line ends are fine.
	let path = dir.path().join("crlf.jsonl");
	fs::write(&path, format!("{}\r\n{}", lines[0], lines[1])).unwrap();
	let out = run(&["--json", "batch", "build", path.to_str().unwrap()]);
	assert!(out.ok(), "{out:?}");
	assert_eq!(out.json()["count"], 2);
	// A missing records file.
	let out = run(&["batch", "build", dir.path().join("nope.jsonl").to_str().unwrap()]);
	assert_eq!(out.code, Some(1));
	assert!(out.stderr.contains("cannot open records file"), "{out:?}");
}

#[test]
fn corrupt_proofs_files_are_refused() {
	let dir = tempfile::tempdir().unwrap();
	let records = dir.path().join("r.jsonl");
	fs::write(&records, records_jsonl(50, 1, 2)).unwrap();
	assert!(run(&["batch", "build", records.to_str().unwrap()]).ok());
	let proofs = dir.path().join("r.jsonl.proofs");
	let mut bytes = fs::read(&proofs).unwrap();
	// Truncated.
	let truncated = dir.path().join("truncated.proofs");
	fs::write(&truncated, &bytes[..bytes.len() - 1]).unwrap();
	let out = run(&["batch", "prove", truncated.to_str().unwrap(), "--index", "0"]);
	assert!(out.stderr.contains("truncated or corrupt"), "{out:?}");
	// A flipped bit in an entry: the proof no longer verifies against the header's root.
	let entry = batch::RECORD_LEN + 1 + 32 * batch::depth(50) as usize;
	bytes[batch::HEADER_LEN + 49 * entry + 20] ^= 1; // inside entry 49's input hash
	let flipped = dir.path().join("flipped.proofs");
	fs::write(&flipped, &bytes).unwrap();
	let out = run(&["batch", "prove", flipped.to_str().unwrap(), "--index", "49"]);
	assert_eq!(out.code, Some(1));
	assert!(out.stderr.contains("corrupt"), "{out:?}");
	// Not a proofs file at all.
	let out = run(&["batch", "prove", records.to_str().unwrap(), "--index", "0"]);
	assert!(out.stderr.contains("not a proofs file"), "{out:?}");
}

#[test]
fn verify_against_an_unreachable_node_fails_clearly() {
	let proof = serde_json::to_string(&InclusionProof { leaf_index: 0, siblings: vec![] }).unwrap();
	let record = records_jsonl(1, 1, 1);
	let out = run_with_timeout(
		&["batch", "verify", record.trim(), &proof, "--batch-id", "0", "--rpc", "ws://127.0.0.1:1"],
		std::time::Duration::from_secs(60),
	);
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.contains("cannot reach the node at ws://127.0.0.1:1"), "{out:?}");
	assert_eq!(out.stderr.lines().count(), 1, "one clear message: {out:?}");
}
