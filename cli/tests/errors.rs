//! Bad input to the chain commands that is caught before any node is needed (or when the node is
//! unreachable): one clear message, exit status 1, and the secret URI never echoed. Only syntax
//! and argument bounds are checked here; the chain's rules (shares adding up to 100%, duplicates,
//! a zero amount, …) are the dry run's, tested against a real node in `e2e.rs`.

mod common;

use common::*;
use std::time::Duration;

const DEAD: &str = "ws://127.0.0.1:1";

fn dataset_dir() -> tempfile::TempDir {
	let dir = tempfile::tempdir().unwrap();
	std::fs::write(dir.path().join("f.txt"), b"data").unwrap();
	dir
}

fn one_message(out: &Run) {
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.starts_with("error: "), "{out:?}");
	assert_eq!(out.stderr.trim_end().lines().count(), 1, "one message: {out:?}");
}

#[test]
fn unreachable_node_is_one_clear_message() {
	let dir = dataset_dir();
	let d = dir.path().to_str().unwrap();
	for args in [
		vec!["dataset", "register", d, "--license", "MIT", "--suri", "//Alice", "--rpc", DEAD],
		vec!["lineage", "1", "--rpc", DEAD],
		vec!["dispute", "show", "1", "--rpc", DEAD],
		vec!["dispute", "list", "--dataset", "1", "--rpc", DEAD],
		vec!["dispute", "withdraw", "1", "--suri", "//Alice", "--rpc", DEAD],
		vec!["royalties", "claim", "--suri", "//Alice", "--rpc", DEAD],
		vec![
			"royalties",
			"pay",
			"--model",
			"1",
			"--amount",
			"1PROV",
			"--suri",
			"//Alice",
			"--rpc",
			DEAD,
		],
	] {
		let out = run_with_timeout(&args, Duration::from_secs(60));
		one_message(&out);
		assert!(
			out.stderr.contains("cannot reach the node at ws://127.0.0.1:1"),
			"{args:?}: {out:?}"
		);
	}
	// A URL that is not a websocket URL at all.
	let out = run_with_timeout(&["lineage", "1", "--rpc", "not a url"], Duration::from_secs(60));
	one_message(&out);
	assert!(out.stderr.contains("cannot reach the node"), "{out:?}");
}

#[test]
fn the_secret_uri_is_never_echoed() {
	let dir = dataset_dir();
	let d = dir.path().to_str().unwrap();
	let secret = "correct horse battery staple zebra";
	let out = run(&["dataset", "register", d, "--license", "MIT", "--suri", secret, "--rpc", DEAD]);
	one_message(&out);
	assert!(out.stderr.contains("secret URI from --suri"), "{out:?}");
	for word in secret.split(' ') {
		assert!(
			!out.stderr.contains(word) && !out.stdout.contains(word),
			"echoed {word:?}: {out:?}"
		);
	}
	// From a file and from the environment, the source is named, not the secret.
	let file = dir.path().join("key");
	std::fs::write(&file, format!("{secret}\n")).unwrap();
	let out = run(&[
		"dataset",
		"register",
		d,
		"--license",
		"MIT",
		"--suri-file",
		file.to_str().unwrap(),
		"--rpc",
		DEAD,
	]);
	one_message(&out);
	assert!(out.stderr.contains("--suri-file") && !out.stderr.contains("zebra"), "{out:?}");
	let env_out = std::process::Command::new(bin())
		.args(["royalties", "claim", "--rpc", DEAD])
		.env("PROVENANCE_SURI", secret)
		.output()
		.unwrap();
	let stderr = String::from_utf8_lossy(&env_out.stderr);
	assert_eq!(env_out.status.code(), Some(1));
	assert!(stderr.contains("PROVENANCE_SURI") && !stderr.contains("zebra"), "{stderr}");
	// No secret at all.
	let out = std::process::Command::new(bin())
		.args(["royalties", "claim", "--rpc", DEAD])
		.env_remove("PROVENANCE_SURI")
		.output()
		.unwrap();
	assert_eq!(out.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&out.stderr).contains("give a secret URI"));
	// --help shows no secret either.
	let help = std::process::Command::new(bin())
		.args(["royalties", "claim", "--help"])
		.env("PROVENANCE_SURI", secret)
		.output()
		.unwrap();
	assert!(!String::from_utf8_lossy(&help.stdout).contains("zebra"));
}

#[test]
fn contributor_syntax_is_checked_before_connecting() {
	let dir = dataset_dir();
	let d = dir.path().to_str().unwrap();
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	let cases = [
		(vec![format!("{alice}:150")], "at most 100%"),
		(vec![format!("{alice}")], "expected ADDRESS:SHARE"),
		(vec![format!("notanaddress:100")], "not a valid SS58 address"),
		(vec![format!("{alice}:33.33333333")], "at most 7 decimals"),
	];
	for (contributors, message) in cases {
		let mut args =
			vec!["dataset", "register", d, "--license", "MIT", "--suri", "//Alice", "--rpc", DEAD];
		for c in &contributors {
			args.extend(["--contributor", c.as_str()]);
		}
		let out = run(&args);
		one_message(&out);
		assert!(out.stderr.contains(message), "{contributors:?}: {out:?}");
		assert!(!out.stderr.contains("cannot reach"), "checked before connecting: {out:?}");
	}
	// Well-formed lists go on to the node, whether or not they add up to 100% without duplicates:
	// that is the chain's rule, checked by its dry run (e2e.rs).
	let thirds = vec![
		format!("{alice}:33.3333333"),
		format!("{bob}:33.3333333"),
		format!("5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y:33.3333334"),
	];
	let ninety = vec![format!("{alice}:50"), format!("{bob}:40")];
	let twice = vec![format!("{alice}:50"), format!("{alice}:50")];
	for contributors in [thirds, ninety, twice] {
		let mut args =
			vec!["dataset", "register", d, "--license", "MIT", "--suri", "//Alice", "--rpc", DEAD];
		for c in &contributors {
			args.extend(["--contributor", c.as_str()]);
		}
		let out = run(&args);
		one_message(&out);
		assert!(out.stderr.contains("cannot reach"), "{contributors:?}: {out:?}");
	}
}

#[test]
fn model_arguments_are_checked_before_connecting() {
	let dir = dataset_dir();
	let d = dir.path().to_str().unwrap();
	let h = format!("0x{}", "11".repeat(32));
	let cases: Vec<(Vec<&str>, &str)> = vec![
		(vec!["--parent", "1:telepathy", "--config-hash", &h], "unknown derivation"),
		(vec!["--parent", "x:fine-tune", "--config-hash", &h], "not a model id"),
		(vec![], "--config FILE"),
		(vec!["--config-hash", "0x1234"], "64 hex digits"),
		(vec!["--config", "/nonexistent/config.json"], "cannot read --config"),
	];
	for (extra, message) in cases {
		let mut args =
			vec!["model", "register", d, "--license", "MIT", "--suri", "//Alice", "--rpc", DEAD];
		args.extend(extra.iter().copied());
		let out = run(&args);
		one_message(&out);
		assert!(out.stderr.contains(message), "{extra:?}: {out:?}");
	}
	// A parent or dataset named twice is the chain's rule (`DuplicateParent`, `DuplicateDataset`,
	// checked by the dry run in e2e.rs): the command goes on to the node.
	for extra in [
		vec!["--parent", "1:fine-tune", "--parent", "1:merge"],
		vec!["--dataset", "1", "--dataset", "1", "--parent", "2:merge"],
	] {
		let mut args =
			vec!["model", "register", d, "--license", "MIT", "--suri", "//Alice", "--rpc", DEAD];
		args.extend(extra.iter().copied());
		args.extend(["--config-hash", h.as_str()]);
		let out = run(&args);
		one_message(&out);
		assert!(out.stderr.contains("cannot reach"), "{extra:?}: {out:?}");
	}
}

#[test]
fn amounts_and_licenses_are_checked() {
	for (amount, message) in [
		("abc", "invalid amount"),
		("1.0000000000001PROV", "12 decimals"),
		// A zero amount is the chain's to refuse (`Royalties::ZeroAmount`, e2e.rs).
		("0", "cannot reach"),
	] {
		let out = run(&[
			"royalties",
			"pay",
			"--model",
			"1",
			"--amount",
			amount,
			"--suri",
			"//Alice",
			"--rpc",
			DEAD,
		]);
		one_message(&out);
		assert!(out.stderr.contains(message), "{amount}: {out:?}");
	}
	let dir = dataset_dir();
	let long = "X".repeat(65);
	let out = run(&[
		"dataset",
		"register",
		dir.path().to_str().unwrap(),
		"--license",
		&long,
		"--suri",
		"//Alice",
		"--rpc",
		DEAD,
	]);
	one_message(&out);
	assert!(out.stderr.contains("at most 64"), "{out:?}");
}

#[test]
fn dispute_arguments_are_checked_before_connecting() {
	let h = format!("0x{}", "11".repeat(32));
	let cases: Vec<(Vec<&str>, &str)> = vec![
		(vec!["--dataset", "1", "--kind", "theft", "--evidence", &h], "unknown dispute kind"),
		(vec!["--dataset", "1", "--kind", "other", "--evidence", "0x1234"], "64 hex digits"),
		(
			vec!["--dataset", "1", "--kind", "other", "--evidence-file", "/nonexistent/e.pdf"],
			"cannot read --evidence-file",
		),
		(
			vec!["--inference", "0x12", "--model-id", "1", "--kind", "other", "--evidence", &h],
			"64 hex digits",
		),
	];
	for (extra, message) in cases {
		let mut args = vec!["dispute", "open", "--suri", "//Alice", "--rpc", DEAD];
		args.extend(extra.iter().copied());
		let out = run(&args);
		one_message(&out);
		assert!(out.stderr.contains(message), "{extra:?}: {out:?}");
		assert!(!out.stderr.contains("cannot reach"), "checked before connecting: {out:?}");
	}
	// Well-formed: on to the node (the kind's spelling is forgiving).
	let out = run(&[
		"dispute",
		"open",
		"--model",
		"1",
		"--kind",
		"Licence",
		"--evidence",
		&h,
		"--suri",
		"//Alice",
		"--rpc",
		DEAD,
	]);
	one_message(&out);
	assert!(out.stderr.contains("cannot reach"), "{out:?}");
}

#[test]
fn usage_errors_exit_with_status_2() {
	let out = run(&["batch", "verify", "{}", "{}"]);
	assert_eq!(out.code, Some(2), "{out:?}");
	let out = run(&["batch", "verify", "{}", "{}", "--root", "0x00"]);
	assert_eq!(out.code, Some(2), "--root needs --count: {out:?}");
	let out = run(&["hash"]);
	assert_eq!(out.code, Some(2), "{out:?}");
	// A dispute names exactly one target (`--inference` with `--model-id`) and one evidence.
	let h = format!("0x{}", "11".repeat(32));
	for extra in [
		vec!["--evidence", h.as_str()],
		vec!["--dataset", "1", "--model", "2", "--evidence", h.as_str()],
		vec!["--inference", h.as_str(), "--evidence", h.as_str()],
		vec!["--dataset", "1"],
		vec!["--dataset", "1", "--evidence", h.as_str(), "--evidence-file", "e.pdf"],
	] {
		let mut args =
			vec!["dispute", "open", "--kind", "other", "--suri", "//Alice", "--rpc", DEAD];
		args.extend(extra.iter().copied());
		let out = run(&args);
		assert_eq!(out.code, Some(2), "{extra:?}: {out:?}");
	}
	let out = run(&["dispute", "show"]);
	assert_eq!(out.code, Some(2), "{out:?}");
	// `--model-id` without `--inference`: refused before connecting, with the reason.
	let out = run(&[
		"dispute",
		"open",
		"--kind",
		"other",
		"--suri",
		"//Alice",
		"--rpc",
		DEAD,
		"--dataset",
		"1",
		"--model-id",
		"2",
		"--evidence",
		h.as_str(),
	]);
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.contains("--model-id goes with --inference only"), "{out:?}");
}
