//! End to end against a real dev node: hash and register a dataset (refused first for an account
//! without funds, leaving nothing behind), register a model trained on it, anchor a 10,000-record
//! batch, verify a proof through the node's RPC (and see a tampered one fail), print the lineage,
//! pay and claim royalties, open, show, answer and withdraw a dispute.
//!
//! The chain's rules are not re-checked by the CLI: every refusal along the way (a root registered
//! twice, shares, a previous version, unknown or duplicate parents and datasets, an unknown model,
//! a signer who may not anchor, a zero payment, nothing to claim, disputing one's own record,
//! withdrawing someone else's dispute) comes from the node's dry run,
//! names the pallet error (`Datasets::AlreadyRegistered (…)`) and submits nothing.
//!
//! Spawns `provenance-node --dev --tmp` on free ports and always kills it. Skips (printing why)
//! when the node binary is missing: `PROVENANCE_NODE`, else `provenance-node` beside the test's
//! own target directory. The whole test is bounded (`DEADLINE`).

mod common;

use common::*;
use std::{
	net::{TcpListener, TcpStream},
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

const DEADLINE: Duration = Duration::from_secs(420);

struct Node {
	child: Child,
	log: PathBuf,
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

fn node_binary() -> Option<PathBuf> {
	if let Ok(path) = std::env::var("PROVENANCE_NODE") {
		return Some(PathBuf::from(path)).filter(|p| p.is_file());
	}
	// <target>/release/deps/e2e-… → <target>/release/provenance-node
	let exe = std::env::current_exe().ok()?;
	let candidate = exe.parent()?.parent()?.join("provenance-node");
	candidate.is_file().then_some(candidate)
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_node(binary: &PathBuf, dir: &std::path::Path) -> (Node, String) {
	let rpc_port = free_port();
	let p2p_port = free_port();
	let log = dir.join("node.log");
	let log_file = std::fs::File::create(&log).unwrap();
	let child = Command::new(binary)
		.args(["--dev", "--tmp", "--no-prometheus", "--no-telemetry", "--rpc-port"])
		.arg(rpc_port.to_string())
		.arg("--port")
		.arg(p2p_port.to_string())
		.stdin(Stdio::null())
		.stdout(Stdio::null())
		.stderr(log_file)
		.spawn()
		.expect("spawn provenance-node");
	let node = Node { child, log };
	let started = Instant::now();
	while TcpStream::connect(("127.0.0.1", rpc_port)).is_err() {
		assert!(
			started.elapsed() < Duration::from_secs(90),
			"node RPC did not open within 90 s; log: {}",
			std::fs::read_to_string(&node.log).unwrap_or_default()
		);
		std::thread::sleep(Duration::from_millis(250));
	}
	(node, format!("ws://127.0.0.1:{rpc_port}"))
}

fn remaining(started: Instant) -> Duration {
	DEADLINE.checked_sub(started.elapsed()).expect("the end-to-end test ran past its deadline")
}

#[test]
fn end_to_end_against_a_dev_node() {
	let Some(binary) = node_binary() else {
		eprintln!(
			"skipping the end-to-end test: no provenance-node binary (build it with `cargo build --release -p provenance-node`, or set PROVENANCE_NODE)"
		);
		return;
	};
	let started = Instant::now();
	let dir = tempfile::tempdir().unwrap();
	let (node, rpc) = start_node(&binary, dir.path());
	let cli = |args: &[&str]| -> Run {
		let mut all: Vec<&str> = args.to_vec();
		all.extend(["--rpc", rpc.as_str()]);
		run_with_timeout(&all, remaining(started))
	};
	let dump = |what: &str, out: &Run| -> String {
		format!("{what}: {out:?}\nnode log tail: {}", {
			let log = std::fs::read_to_string(&node.log).unwrap_or_default();
			log.lines().rev().take(20).collect::<Vec<_>>().join("\n")
		})
	};
	// A command the chain's dry run refuses: status 1, the pallet error named, nothing submitted.
	let refused = |what: &str, out: &Run, error: &str| {
		assert_eq!(out.code, Some(1), "{}", dump(what, out));
		assert!(out.stderr.contains(error), "expected {error}: {}", dump(what, out));
		assert!(out.stderr.contains("nothing was submitted"), "{}", dump(what, out));
	};

	// A dataset directory.
	let data = dir.path().join("dataset");
	std::fs::create_dir_all(data.join("images")).unwrap();
	let mut rng = Rng(2024);
	std::fs::write(data.join("train.csv"), rng.bytes(50_000)).unwrap();
	std::fs::write(data.join("images/0.png"), rng.bytes(2_000_000)).unwrap();
	std::fs::write(data.join("README.md"), b"# test dataset\n").unwrap();
	let d = data.to_str().unwrap();
	let hashed = run(&["--json", "hash", d]);
	assert!(hashed.ok(), "{hashed:?}");
	let root = hashed.json()["root"].as_str().unwrap().to_owned();
	assert_eq!(root, hex0x(&reference_root(&data)));
	// `verify` before registration: not registered, exit status 3, the answer still printed.
	let unknown = cli(&["--json", "verify", d]);
	assert_eq!(unknown.code, Some(3), "{}", dump("verify unknown", &unknown));
	assert_eq!(unknown.json()["registered"], false, "{unknown:?}");
	assert_eq!(unknown.json()["root"], root.as_str());
	let unknown_text = cli(&["verify", d]);
	assert_eq!(unknown_text.code, Some(3));
	assert!(unknown_text.stdout.contains("not registered"), "{unknown_text:?}");

	// 1. An account without funds: refused before submission, nothing registered.
	let poor =
		cli(&["dataset", "register", d, "--license", "CC-BY-4.0", "--suri", "//NoFundsAtAll"]);
	assert_eq!(poor.code, Some(1), "{}", dump("poor", &poor));
	assert!(poor.stderr.contains("insufficient funds"), "{}", dump("poor", &poor));
	assert!(poor.stderr.contains("nothing was submitted"), "{}", dump("poor", &poor));

	// 2. Register it (works: the failed attempt left nothing behind).
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	let contributor_a = format!("{alice}:60");
	let contributor_b = format!("{bob}:40");
	let registered = cli(&[
		"--json",
		"dataset",
		"register",
		d,
		"--license",
		"CC-BY-4.0",
		"--uri",
		"ipfs://bafy-test",
		"--metadata",
		"e2e",
		"--contributor",
		&contributor_a,
		"--contributor",
		&contributor_b,
		"--suri",
		"//Alice",
	]);
	assert!(registered.ok(), "{}", dump("dataset register", &registered));
	let doc = registered.json();
	assert_eq!(doc["contentRoot"], root);
	let dataset_id = doc["datasetId"].as_u64().unwrap();
	let known = cli(&["--json", "verify", d]);
	assert_eq!(known.code, Some(0), "{}", dump("verify registered", &known));
	assert_eq!(known.json()["dataset"]["id"], dataset_id, "{known:?}");
	assert_eq!(known.json()["dataset"]["status"], "active", "{known:?}");
	assert!(known.json()["model"].is_null(), "{known:?}");

	// 3. Twice: refused by the dry run.
	let again = cli(&["dataset", "register", d, "--license", "MIT", "--suri", "//Bob"]);
	refused("again", &again, "AlreadyRegistered");
	// The chain's rules on contributors and previous versions, on a root not registered yet.
	let fresh = dir.path().join("fresh");
	std::fs::create_dir_all(&fresh).unwrap();
	std::fs::write(fresh.join("data.bin"), rng.bytes(1_000)).unwrap();
	let f = fresh.to_str().unwrap();
	let ninety = [format!("{alice}:50"), format!("{bob}:40")];
	let twice = [format!("{alice}:50"), format!("{alice}:50")];
	for (contributors, error) in [(ninety, "SharesNotWhole"), (twice, "DuplicateContributor")] {
		let out = cli(&[
			"dataset",
			"register",
			f,
			"--license",
			"MIT",
			"--contributor",
			&contributors[0],
			"--contributor",
			&contributors[1],
			"--suri",
			"//Bob",
		]);
		refused(error, &out, error);
	}
	let previous = dataset_id.to_string();
	let versions = [("999999", "UnknownPreviousVersion"), (previous.as_str(), "NotOwner")];
	for (version, error) in versions {
		let out = cli(&[
			"dataset",
			"register",
			f,
			"--license",
			"MIT",
			"--previous-version",
			version,
			"--suri",
			"//Bob",
		]);
		refused(error, &out, error);
	}

	// 4. A model trained on it.
	let weights = dir.path().join("weights");
	std::fs::create_dir_all(&weights).unwrap();
	std::fs::write(weights.join("model.safetensors"), rng.bytes(1_000_000)).unwrap();
	std::fs::write(weights.join("config.json"), b"{\"layers\": 2}").unwrap();
	let config = weights.join("config.json");
	let ds = dataset_id.to_string();
	let model = cli(&[
		"--json",
		"model",
		"register",
		weights.to_str().unwrap(),
		"--license",
		"Apache-2.0",
		"--config",
		config.to_str().unwrap(),
		"--dataset",
		&ds,
		"--suri",
		"//Alice",
	]);
	assert!(model.ok(), "{}", dump("model register", &model));
	let model_id = model.json()["modelId"].as_u64().unwrap();
	let w = weights.to_str().unwrap();
	let verified = cli(&["--json", "verify", w]);
	assert_eq!(verified.code, Some(0), "{}", dump("verify model", &verified));
	let v = verified.json();
	assert_eq!(v["model"]["id"], model_id, "{v}");
	let ancestor = &v["ancestors"]["datasets"][0];
	assert_eq!(v["ancestors"]["datasets"].as_array().map(Vec::len), Some(1), "{v}");
	assert_eq!(
		(&ancestor["id"], &ancestor["status"], &ancestor["license"]["spdx"]),
		(
			&serde_json::json!(dataset_id),
			&serde_json::json!("active"),
			&serde_json::json!("CC-BY-4.0")
		),
		"{v}"
	);
	assert_eq!(v["ancestors"]["taintedAncestry"], false, "{v}");
	// The chain's rules on a model's root and inputs, in the dry run (`d` is no model's root).
	let same = cli(&[
		"model",
		"register",
		weights.to_str().unwrap(),
		"--license",
		"Apache-2.0",
		"--config",
		config.to_str().unwrap(),
		"--suri",
		"//Alice",
	]);
	refused("same weights", &same, "AlreadyRegistered");
	let parent_a = format!("{model_id}:fine-tune");
	let parent_b = format!("{model_id}:merge");
	for (inputs, error) in [
		(vec!["--parent", "999999:fine-tune"], "UnknownParent"),
		(vec!["--dataset", "999999"], "UnknownDataset"),
		(vec!["--parent", parent_a.as_str(), "--parent", parent_b.as_str()], "DuplicateParent"),
		(vec!["--dataset", ds.as_str(), "--dataset", ds.as_str()], "DuplicateDataset"),
	] {
		let mut args = vec!["model", "register", d, "--license", "MIT", "--suri", "//Alice"];
		args.extend(["--config-hash", root.as_str()]);
		args.extend(inputs);
		let out = cli(args.as_slice());
		refused(error, &out, error);
	}

	// 5. Anchor 10,000 records.
	let records = dir.path().join("records.jsonl");
	std::fs::write(&records, records_jsonl(10_000, model_id, 31337)).unwrap();
	let m = model_id.to_string();
	// An unknown model is refused by the dry run; records of another model than --model before
	// anything is asked of the chain.
	let unknown = dir.path().join("unknown.jsonl");
	std::fs::write(&unknown, records_jsonl(3, 999_999, 7)).unwrap();
	let wrong = cli(&[
		"inference",
		"anchor",
		unknown.to_str().unwrap(),
		"--model",
		"999999",
		"--suri",
		"//Alice",
	]);
	refused("unknown model", &wrong, "UnknownModel");
	let other = dir.path().join("other.jsonl");
	std::fs::write(&other, records_jsonl(3, model_id + 1, 1)).unwrap();
	let wrong =
		cli(&["inference", "anchor", other.to_str().unwrap(), "--model", &m, "--suri", "//Alice"]);
	assert_eq!(wrong.code, Some(1));
	assert!(wrong.stderr.contains("line 1: modelId is"), "{wrong:?}");
	// Bob is neither owner nor operator of the model.
	let stranger =
		cli(&["inference", "anchor", records.to_str().unwrap(), "--model", &m, "--suri", "//Bob"]);
	refused("stranger", &stranger, "NotOperator");
	let anchored = cli(&[
		"--json",
		"inference",
		"anchor",
		records.to_str().unwrap(),
		"--model",
		&m,
		"--uri",
		"s3://bucket/records",
		"--suri",
		"//Alice",
	]);
	assert!(anchored.ok(), "{}", dump("anchor", &anchored));
	let a = anchored.json();
	assert_eq!(a["count"], 10_000);
	let batch_id = a["batchId"].as_u64().unwrap().to_string();
	let proofs = a["proofs"].as_str().unwrap().to_owned();

	// 6. Verify proofs through the node.
	let bundle = dir.path().join("proof.json");
	let proved =
		run(&["batch", "prove", &proofs, "--index", "7777", "--out", bundle.to_str().unwrap()]);
	assert!(proved.ok(), "{proved:?}");
	let b = bundle.to_str().unwrap();
	let verified = cli(&["--json", "batch", "verify", b, b, "--batch-id", &batch_id]);
	assert!(verified.ok(), "{}", dump("verify", &verified));
	assert_eq!(verified.json()["valid"], true);
	assert_eq!(verified.json()["batch"]["count"], 10_000);
	let mut tampered: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
	tampered["proof"]["leafIndex"] = serde_json::json!(7776);
	let t = tampered.to_string();
	let rejected = cli(&["batch", "verify", &t, &t, "--batch-id", &batch_id]);
	assert_eq!(rejected.code, Some(1), "{rejected:?}");
	assert!(rejected.stderr.contains("proof does NOT verify"), "{rejected:?}");
	let missing = cli(&["batch", "verify", b, b, "--batch-id", "424242"]);
	assert_eq!(missing.code, Some(1));
	assert!(missing.stderr.contains("batch 424242 does not exist"), "{missing:?}");

	// 7. Lineage.
	let tree = cli(&["lineage", &m]);
	assert!(tree.ok(), "{tree:?}");
	assert!(tree.stdout.starts_with(&format!("model {model_id} [Apache-2.0]")), "{tree:?}");
	assert!(
		tree.stdout.contains(&format!("trainedOn: dataset {dataset_id} [CC-BY-4.0]")),
		"{tree:?}"
	);
	assert!(tree.stdout.contains(&format!("model {model_id} [Apache-2.0]")), "{tree:?}");
	assert!(
		tree.stdout.lines().all(|l| l.ends_with("(active)") || l.starts_with("tainted")),
		"{tree:?}"
	);
	assert!(tree.stdout.contains("tainted ancestry: no"), "{tree:?}");
	let dot = cli(&["lineage", &m, "--format", "dot"]);
	assert!(dot.ok() && dot.stdout.starts_with("digraph lineage {"), "{dot:?}");
	assert!(
		dot.stdout.contains(&format!("m{model_id} -> d{dataset_id} [label=\"trainedOn\"]")),
		"{dot:?}"
	);
	let none = cli(&["lineage", "999999"]);
	assert_eq!(none.code, Some(1));
	assert!(none.stderr.contains("model 999999 does not exist"), "{none:?}");

	// 8. Royalties: Bob pays, Alice (the model's owner) claims. A zero amount and an unknown model
	//    are refused by the dry run.
	let zero = cli(&["royalties", "pay", "--model", &m, "--amount", "0", "--suri", "//Bob"]);
	refused("zero", &zero, "ZeroAmount");
	let nobody =
		cli(&["royalties", "pay", "--model", "999999", "--amount", "1PROV", "--suri", "//Bob"]);
	refused("unknown model", &nobody, "UnknownModel");
	let paid = cli(&["royalties", "pay", "--model", &m, "--amount", "2.5PROV", "--suri", "//Bob"]);
	assert!(paid.ok(), "{}", dump("pay", &paid));
	assert!(paid.stdout.contains("paid 2.5 PROV"), "{paid:?}");
	let claimed = cli(&["--json", "royalties", "claim", "--suri", "//Alice"]);
	assert!(claimed.ok(), "{}", dump("claim", &claimed));
	assert!(claimed.json()["claimed"].as_str().unwrap().parse::<u128>().unwrap() > 0);
	let nothing = cli(&["royalties", "claim", "--suri", "//Charlie"]);
	refused("nothing to claim", &nothing, "NothingToClaim");

	// 8b. Usage metering: Alice prices her model; `inference log` shows the charge and
	//     `--max-charge` refuses a higher one; a price raised after a quote is caught by
	//     `--max-charge` before anything is submitted.
	let free = cli(&["royalties", "price", "--model", &m]);
	assert!(free.ok() && free.stdout.contains("no price per inference"), "{free:?}");
	// 7 milli-PROV per inference: a price is zero or at least the minimum credit (the
	// existential deposit, 1 milli-PROV).
	let not_owner =
		cli(&["royalties", "price", "--model", &m, "--set", "7000000000", "--suri", "//Bob"]);
	refused("price by a stranger", &not_owner, "NotOwner");
	let below = cli(&["royalties", "price", "--model", &m, "--set", "7", "--suri", "//Alice"]);
	refused("price below the minimum credit", &below, "BelowMinimumCredit");
	let priced =
		cli(&["royalties", "price", "--model", &m, "--set", "7000000000", "--suri", "//Alice"]);
	assert!(priced.ok(), "{}", dump("set price", &priced));
	let shown = cli(&["--json", "royalties", "price", "--model", &m]);
	assert_eq!(shown.json()["price"], "7000000000", "{shown:?}");
	let quoted = cli(&["--json", "royalties", "quote", "--model", &m, "--count", "1000"]);
	assert!(quoted.ok(), "{}", dump("quote usage", &quoted));
	assert_eq!(quoted.json()["amount"], "7000000000000");
	assert_eq!(quoted.json()["credits"].as_array().map(Vec::len), Some(1));
	let quoted_charge = quoted.json()["amount"].as_str().unwrap().to_owned();
	let log = |max: &str, output: &str| {
		cli(&[
			"--json",
			"inference",
			"log",
			"--model",
			&m,
			"--input-hash",
			&format!("0x{}", "11".repeat(32)),
			"--output-hash",
			output,
			"--max-charge",
			max,
			"--suri",
			"//Alice",
		])
	};
	let output = format!("0x{}", "22".repeat(32));
	let too_dear = log("6999999999", &output);
	assert_eq!(too_dear.code, Some(1), "{too_dear:?}");
	assert!(too_dear.stderr.contains("above --max-charge"), "{too_dear:?}");
	let logged = log("7000000000", &output);
	assert!(logged.ok(), "{}", dump("log", &logged));
	assert_eq!(logged.json()["charged"], "7000000000");
	let raised =
		cli(&["royalties", "price", "--model", &m, "--set", "8000000000", "--suri", "//Alice"]);
	assert!(raised.ok(), "{}", dump("raise price", &raised));
	let thousand = dir.path().join("thousand.jsonl");
	std::fs::write(&thousand, records_jsonl(1_000, model_id, 5)).unwrap();
	let caught = cli(&[
		"inference",
		"anchor",
		thousand.to_str().unwrap(),
		"--model",
		&m,
		"--max-charge",
		&quoted_charge,
		"--suri",
		"//Alice",
	]);
	assert_eq!(caught.code, Some(1), "{caught:?}");
	assert!(caught.stderr.contains("above --max-charge"), "{caught:?}");
	let next = cli(&[
		"--json",
		"batch",
		"verify",
		b,
		b,
		"--batch-id",
		&(a["batchId"].as_u64().unwrap() + 1).to_string(),
	]);
	assert!(next.stderr.contains("does not exist"), "nothing was anchored: {next:?}");
	let off = cli(&["royalties", "price", "--model", &m, "--set", "0", "--suri", "//Alice"]);
	assert!(off.ok(), "{}", dump("price off", &off));

	// 9. Disputes: Bob challenges Alice's dataset (Alice cannot dispute her own), the lineage shows
	//    it disputed, Alice answers, only Bob may withdraw; an unknown dispute exits with status 3.
	let evidence = dir.path().join("evidence.txt");
	std::fs::write(&evidence, b"the original files, dated").unwrap();
	let e = evidence.to_str().unwrap();
	let mut open = vec!["dispute", "open", "--dataset", ds.as_str(), "--kind", "ownership"];
	open.extend(["--evidence-file", e, "--uri", "ipfs://bafy-claim"]);
	let mut as_alice = open.clone();
	as_alice.extend(["--suri", "//Alice"]);
	let own = cli(as_alice.as_slice());
	refused("own dataset", &own, "CannotDisputeOwn");
	let mut as_bob = vec!["--json"];
	as_bob.extend(open.iter().copied());
	as_bob.extend(["--suri", "//Bob"]);
	let opened = cli(as_bob.as_slice());
	assert!(opened.ok(), "{}", dump("dispute open", &opened));
	let o = opened.json();
	assert_eq!(o["target"]["dataset"], dataset_id, "{o}");
	assert_eq!(o["evidence"], hex0x(&b2(b"the original files, dated")), "{o}");
	let dispute_id = o["disputeId"].as_u64().unwrap().to_string();
	let shown = cli(&["--json", "dispute", "show", &dispute_id]);
	assert!(shown.ok(), "{}", dump("dispute show", &shown));
	let v = shown.json();
	assert_eq!(v["state"], "open", "{v}");
	assert_eq!(v["kind"], "ownership", "{v}");
	assert_eq!(v["opener"], bob, "{v}");
	assert_eq!(v["uri"], "ipfs://bafy-claim", "{v}");
	assert!(v["response"].is_null(), "{v}");
	let listed = cli(&["--json", "dispute", "list", "--dataset", &ds]);
	assert!(listed.ok(), "{}", dump("dispute list", &listed));
	assert_eq!(listed.json().as_array().map(Vec::len), Some(1), "{listed:?}");
	let tree = cli(&["lineage", &m]);
	let line = format!("trainedOn: dataset {dataset_id} [CC-BY-4.0]");
	assert!(
		tree.stdout.lines().any(|l| l.contains(&line) && l.ends_with("(disputed)")),
		"{tree:?}"
	);
	assert!(tree.stdout.contains("tainted ancestry: no"), "disputed is not tainted: {tree:?}");
	// `verify` while disputed: exit status 4 for the dataset; the model stands (exit 0) and
	// shows its disputed dataset.
	let disputed = cli(&["--json", "verify", d]);
	assert_eq!(disputed.code, Some(4), "{}", dump("verify disputed", &disputed));
	assert_eq!(disputed.json()["dataset"]["status"], "disputed", "{disputed:?}");
	let model_view = cli(&["--json", "verify", w]);
	assert_eq!(model_view.code, Some(0), "{model_view:?}");
	assert_eq!(
		model_view.json()["ancestors"]["datasets"][0]["status"],
		"disputed",
		"{model_view:?}"
	);
	let under_dispute = cli(&["dataset", "retract", &ds, "--reason", "x", "--suri", "//Alice"]);
	refused("retract under dispute", &under_dispute, "UnderDispute");
	let answer = format!("0x{}", "ee".repeat(32));
	let responded =
		cli(&["dispute", "respond", &dispute_id, "--evidence", &answer, "--suri", "//Alice"]);
	assert!(responded.ok(), "{}", dump("dispute respond", &responded));
	let stranger = cli(&["dispute", "withdraw", &dispute_id, "--suri", "//Charlie"]);
	refused("withdraw by a stranger", &stranger, "NotOpener");
	let withdrawn = cli(&["dispute", "withdraw", &dispute_id, "--suri", "//Bob"]);
	assert!(withdrawn.ok(), "{}", dump("dispute withdraw", &withdrawn));
	assert!(withdrawn.stdout.contains(&format!("dispute {dispute_id} withdrawn")), "{withdrawn:?}");
	let v = cli(&["--json", "dispute", "show", &dispute_id]).json();
	assert_eq!(v["state"], "withdrawn", "{v}");
	assert_eq!(v["response"]["evidence"], answer, "{v}");
	let missing = cli(&["--json", "dispute", "show", "999999"]);
	assert_eq!(missing.code, Some(3), "{missing:?}");
	assert_eq!(missing.stdout.trim(), "null", "{missing:?}");
	assert!(missing.stderr.contains("dispute 999999 does not exist"), "{missing:?}");

	// 10. Retraction: only the owner may; `verify` then exits 4, and a model trained on a
	//     retracted dataset shows a tainted ancestry.
	let by_bob = cli(&["model", "retract", &m, "--reason", "not mine", "--suri", "//Bob"]);
	refused("retract by a stranger", &by_bob, "NotOwner");
	let retracted = cli(&[
		"--json",
		"dataset",
		"retract",
		&ds,
		"--reason",
		"licence withdrawn",
		"--suri",
		"//Alice",
	]);
	assert!(retracted.ok(), "{}", dump("dataset retract", &retracted));
	let gone = cli(&["--json", "verify", d]);
	assert_eq!(gone.code, Some(4), "{}", dump("verify retracted", &gone));
	assert_eq!(gone.json()["dataset"]["status"], "retracted", "{gone:?}");
	let tainted = cli(&["--json", "verify", w]);
	assert_eq!(tainted.code, Some(0), "{tainted:?}");
	assert_eq!(tainted.json()["ancestors"]["taintedAncestry"], true, "{tainted:?}");
	let model_gone = cli(&["model", "retract", &m, "--reason", "superseded", "--suri", "//Alice"]);
	assert!(model_gone.ok(), "{}", dump("model retract", &model_gone));
	let gone = cli(&["verify", w]);
	assert_eq!(gone.code, Some(4), "{gone:?}");
	assert!(gone.stdout.contains(&format!("model {model_id}: retracted")), "{gone:?}");
	let twice = cli(&["model", "retract", &m, "--reason", "again", "--suri", "//Alice"]);
	refused("retract twice", &twice, "Retracted");
	// A retracted model's price is still shown (no quote is made for it); an unknown model is 3.
	let price = cli(&["--json", "royalties", "price", "--model", &m]);
	assert!(price.ok(), "{}", dump("price of a retracted model", &price));
	assert_eq!(price.json()["price"], "0", "{price:?}");
	let unknown = cli(&["royalties", "price", "--model", "999999"]);
	assert_eq!(unknown.code, Some(3), "{unknown:?}");
	// 11. A Hugging Face folder with a model card: its base model and datasets are resolved by
	//     content root through the hub cache, its licence through the table; an entry that maps
	//     to nothing is refused unless --allow-unmapped; --map names an id by hand.
	let hub = dir.path().join("hf-hub");
	let base_files = vec![
		("config.json", b"{\"model_type\": \"llama\"}".to_vec()),
		("model.safetensors", rng.bytes(300_000)),
		(".gitattributes", b"*.safetensors filter=lfs\n".to_vec()),
	];
	let base_snapshot = hf_cache_repo(
		&hub,
		"models--acme--base-7b",
		"1111111111111111111111111111111111111111",
		&base_files,
	);
	let data_snapshot = hf_cache_repo(
		&hub,
		"datasets--acme--corpus",
		"2222222222222222222222222222222222222222",
		&[
			("data/train-00000.parquet", rng.bytes(200_000)),
			("README.md", b"---\nlicense: cc-by-4.0\n---\n".to_vec()),
		],
	);
	// The dataset registers with its card's licence; the base model with an explicit one.
	let data_reg = cli(&[
		"--json",
		"dataset",
		"register",
		data_snapshot.to_str().unwrap(),
		"--suri",
		"//Alice",
	]);
	assert!(data_reg.ok(), "{}", dump("dataset from the cache", &data_reg));
	let corpus_id = data_reg.json()["datasetId"].as_u64().unwrap();
	let stored = cli(&["--json", "verify", data_snapshot.to_str().unwrap()]).json();
	assert_eq!(stored["dataset"]["license"]["spdx"], "CC-BY-4.0", "{stored}");
	let base_reg = cli(&[
		"--json",
		"model",
		"register",
		base_snapshot.to_str().unwrap(),
		"--license",
		"Apache-2.0",
		"--config-hash",
		root.as_str(),
		"--suri",
		"//Bob",
	]);
	assert!(base_reg.ok(), "{}", dump("base model from the cache", &base_reg));
	let base_id = base_reg.json()["modelId"].as_u64().unwrap();
	// The fine-tune, downloaded nowhere: a plain folder with a card.
	let tuned = dir.path().join("acme-chat-7b");
	std::fs::create_dir_all(&tuned).unwrap();
	std::fs::write(tuned.join("model.safetensors"), rng.bytes(300_000)).unwrap();
	std::fs::write(
		tuned.join("README.md"),
		"---\nlicense: cc-by-nc-4.0\nbase_model: acme/base-7b\nbase_model_relation: adapter\ndatasets:\n- acme/corpus\n- acme/not-registered\ntags: [chat]\n---\n# acme-chat-7b\n",
	)
	.unwrap();
	let t = tuned.to_str().unwrap();
	std::env::set_var("HF_HUB_CACHE", &hub);
	let unmapped =
		cli(&["model", "register", t, "--config-hash", root.as_str(), "--suri", "//Charlie"]);
	assert_eq!(unmapped.code, Some(1), "{}", dump("unmapped card entry", &unmapped));
	assert!(unmapped.stderr.contains("datasets acme/not-registered"), "{unmapped:?}");
	assert!(unmapped.stderr.contains("nothing was submitted"), "{unmapped:?}");
	assert!(
		unmapped.stderr.contains(&format!("base_model acme/base-7b → model {base_id} (adapter)")),
		"{unmapped:?}"
	);
	assert!(
		unmapped.stderr.contains("license cc-by-nc-4.0 → CC-BY-NC-4.0 (commercial use: no"),
		"{unmapped:?}"
	);
	let tuned_reg = cli(&[
		"--json",
		"model",
		"register",
		t,
		"--config-hash",
		root.as_str(),
		"--allow-unmapped",
		"--suri",
		"//Charlie",
	]);
	assert!(tuned_reg.ok(), "{}", dump("card model", &tuned_reg));
	let r = tuned_reg.json();
	assert_eq!(r["parents"], serde_json::json!([{ "id": base_id, "kind": "adapter" }]), "{r}");
	assert_eq!(r["datasets"], serde_json::json!([corpus_id]), "{r}");
	assert_eq!(r["license"], "CC-BY-NC-4.0", "{r}");
	let entries = r["card"]["entries"].as_array().unwrap();
	assert!(entries.iter().any(|e| e["name"] == "acme/not-registered" && e["id"].is_null()), "{r}");
	let tuned_view = cli(&["--json", "verify", t]).json();
	assert_eq!(tuned_view["model"]["license"]["commercialUse"], false, "{tuned_view}");
	let ancestors = tuned_view["ancestors"]["models"].as_array().cloned().unwrap_or_default();
	assert_eq!(
		ancestors.iter().map(|m| (m["id"].clone(), m["status"].clone())).collect::<Vec<_>>(),
		vec![(serde_json::json!(base_id), serde_json::json!("active"))],
		"{tuned_view}"
	);
	// --map: the same card with the unknown dataset mapped by hand to the corpus' id is refused by
	// the chain only for what the chain refuses (here: the weights are registered already).
	let mapped = cli(&[
		"model",
		"register",
		t,
		"--config-hash",
		root.as_str(),
		"--map",
		&format!("acme/not-registered={corpus_id}"),
		"--suri",
		"//Charlie",
	]);
	refused("mapped card, same weights", &mapped, "AlreadyRegistered");
	assert!(
		mapped
			.stderr
			.contains(&format!("datasets acme/not-registered → dataset {corpus_id} [--map]")),
		"{mapped:?}"
	);
	std::env::remove_var("HF_HUB_CACHE");
	// Its lineage as standard documents, each accepted by its format's official library.
	let tuned_id = r["modelId"].as_u64().unwrap().to_string();
	for format in ["spdx3", "cyclonedx", "prov"] {
		let file = dir.path().join(format!("export.{format}.json"));
		let exported = cli(&[
			"export",
			"model",
			&tuned_id,
			"--format",
			format,
			"--out",
			file.to_str().unwrap(),
		]);
		assert!(exported.ok(), "{}", dump("export", &exported));
		let (ok, text) = validate(format, &file, 2, 1);
		assert!(ok, "{format}: {text}");
	}
	let exported = cli(&["export", "dataset", &corpus_id.to_string(), "--format", "cyclonedx"]);
	assert!(exported.ok(), "{exported:?}");
	assert_eq!(exported.json()["components"][0]["bom-ref"], format!("dataset-{corpus_id}"));
	let missing = cli(&["export", "model", "999999", "--format", "prov"]);
	assert_eq!(missing.code, Some(3), "{missing:?}");

	// 12. The chain facts a receipt rests on, checked offline against the node's own answers: the
	//     dev chain spec's genesis is the node's genesis; the first justification the node stored
	//     is signed by the spec's GRANDPA authorities; a read proof at that block proves them.
	finality_facts(&binary, &rpc);

	// No node: status 1, not 3.
	let offline = run(&["verify", d, "--rpc", "ws://127.0.0.1:9"]);
	assert_eq!(offline.code, Some(1), "{offline:?}");
	assert!(offline.stderr.contains("cannot reach the node"), "{offline:?}");

	eprintln!("end-to-end test passed in {:.0} s", started.elapsed().as_secs_f64());
	drop(node);
}

/// Step 12 of the end-to-end test.
fn finality_facts(binary: &PathBuf, rpc: &str) {
	use provenance_cli::finality::{
		genesis_from_raw_spec, grandpa_authorities_key, read_proof, verify_justification,
	};
	use serde_json::{json, Value};

	let spec = Command::new(binary)
		.args(["export-chain-spec", "--chain", "dev", "--raw"])
		.output()
		.expect("the node exports its chain spec");
	let spec: Value = serde_json::from_slice(&spec.stdout).expect("a JSON chain spec");
	let genesis = genesis_from_raw_spec(&spec).expect("a raw chain spec");

	let runtime = tokio::runtime::Runtime::new().unwrap();
	runtime.block_on(async {
		let node = provenance_cli::chain::QueryClient::connect(rpc).await.unwrap();
		let hash0 = node.raw("chain_getBlockHash", vec![json!(0)]).await.unwrap();
		assert_eq!(
			hash0,
			json!(format!("{:?}", genesis.hash)),
			"the genesis computed from the spec"
		);

		// The first block with a stored GRANDPA justification (the first finalized one).
		let mut found = None;
		for n in 1..=20u32 {
			let hash = node.raw("chain_getBlockHash", vec![json!(n)]).await.unwrap();
			let block = node.raw("chain_getBlock", vec![hash.clone()]).await.unwrap();
			// `[[engine id, bytes]]`, the engine id and the bytes as arrays of numbers.
			let grandpa = block["justifications"].as_array().and_then(|all| {
				all.iter().find(|j| j[0] == json!([70, 82, 78, 75])).map(|j| j[1].clone())
			});
			if let Some(justification) = grandpa {
				found = Some((hash, block["block"]["header"].clone(), justification));
				break;
			}
		}
		let (hash, header, justification) = found.expect("a stored justification in blocks 1..=20");
		let header = provenance_cli::finality::header_from_json(&header).expect("a header");
		assert_eq!(json!(format!("{:?}", sp_runtime::traits::Header::hash(&header))), hash);
		let justification: Vec<u8> = serde_json::from_value(justification).unwrap();
		verify_justification(&header, &justification, 0, &genesis.authorities)
			.expect("signed by the genesis authorities");

		let key = format!("0x{}", hex::encode(grandpa_authorities_key()));
		let proof = node.raw("state_getReadProof", vec![json!([key]), hash]).await.unwrap();
		let nodes: Vec<Vec<u8>> = proof["proof"]
			.as_array()
			.unwrap()
			.iter()
			.map(|n| hex::decode(n.as_str().unwrap().trim_start_matches("0x")).unwrap())
			.collect();
		let values =
			read_proof(header.state_root, nodes, &[grandpa_authorities_key()]).expect("proven");
		let proven = values[0].clone().expect("the authorities are in the state");
		assert_eq!(proven, codec::Encode::encode(&genesis.authorities));
	});
}
