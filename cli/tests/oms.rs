//! `provenance hash --from-oms` against bundles made by the real OpenSSF `model_signing` tool
//! (PyPI `model-signing`, in the venv `scripts/setup.sh` creates: `$PROVENANCE_VENV`).
//!
//! A folder is signed with a P-256 key; the root computed from the bundle alone equals the
//! folder's root; the signature verifies with the public key and not with another key nor after
//! the bundle is edited; a changed, added or removed file is reported and exits 1.

mod common;

use common::*;
use std::{
	fs,
	path::{Path, PathBuf},
	process::Command,
};

fn openssl(args: &[&str]) {
	let out = Command::new("openssl").args(args).output().expect("openssl runs");
	assert!(out.status.success(), "openssl {args:?}: {out:?}");
}

fn key_pair(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
	let private = dir.join(format!("{name}.pem"));
	let public = dir.join(format!("{name}.pub.pem"));
	openssl(&[
		"ecparam",
		"-name",
		"prime256v1",
		"-genkey",
		"-noout",
		"-out",
		private.to_str().unwrap(),
	]);
	openssl(&["ec", "-in", private.to_str().unwrap(), "-pubout", "-out", public.to_str().unwrap()]);
	(private, public)
}

fn sign(model: &Path, private: &Path, signature: &Path) {
	let out = Command::new(venv_bin("model_signing"))
		.args(["sign", "key", model.to_str().unwrap(), "--private_key", private.to_str().unwrap()])
		.args(["--signature", signature.to_str().unwrap()])
		.output()
		.expect("model_signing runs");
	assert!(out.status.success(), "model_signing sign: {out:?}");
}

#[test]
fn bundles_of_the_real_model_signing_tool() {
	let dir = tempfile::tempdir().unwrap();
	let model = dir.path().join("model");
	let mut rng = Rng(99);
	for (path, size) in
		[("model.safetensors", 300_000), ("config.json", 40), ("tokenizer/vocab.txt", 5_000)]
	{
		fs::create_dir_all(model.join(path).parent().unwrap()).unwrap();
		fs::write(model.join(path), rng.bytes(size)).unwrap();
	}
	fs::write(model.join(".gitattributes"), b"*.safetensors filter=lfs\n").unwrap();
	let (private, public) = key_pair(dir.path(), "signer");
	let (_, other_public) = key_pair(dir.path(), "other");
	let bundle = dir.path().join("model.sig");
	sign(&model, &private, &bundle);

	let folder_root = run(&["--json", "hash", model.to_str().unwrap()]);
	assert!(folder_root.ok(), "{folder_root:?}");
	let want = folder_root.json()["root"].clone();
	assert_eq!(want, hex0x(&reference_root(&model)));

	// The root from the bundle alone, the signature checked, the folder compared.
	let b = bundle.to_str().unwrap();
	let p = public.to_str().unwrap();
	let m = model.to_str().unwrap();
	let out = run(&["--json", "hash", "--from-oms", b, "--public-key", p, m]);
	assert!(out.ok(), "{out:?}");
	let doc = out.json();
	assert_eq!(doc["root"], want, "{doc}");
	assert_eq!(doc["signature"], "verified", "{doc}");
	assert_eq!(doc["fileCount"], 3, "{doc}");
	assert_eq!(doc["folder"]["matches"], true, "{doc}");
	assert_eq!(doc["folder"]["root"], want, "{doc}");
	// Without a key: the root, and a signature that was not checked.
	let out = run(&["--json", "hash", "--from-oms", b]);
	assert!(out.ok(), "{out:?}");
	assert_eq!(out.json()["root"], want);
	assert!(out.json()["signature"].as_str().unwrap().starts_with("not checked"));
	// Another key: refused.
	let out = run(&["hash", "--from-oms", b, "--public-key", other_public.to_str().unwrap()]);
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.contains("does not verify"), "{out:?}");
	// An edited bundle (one digest changed inside the signed payload): refused.
	let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&bundle).unwrap()).unwrap();
	use base64::{engine::general_purpose::STANDARD, Engine};
	let payload = STANDARD.decode(doc["dsseEnvelope"]["payload"].as_str().unwrap()).unwrap();
	let mut statement: serde_json::Value = serde_json::from_slice(&payload).unwrap();
	statement["predicate"]["resources"][0]["digest"] = serde_json::json!("00".repeat(32));
	doc["dsseEnvelope"]["payload"] =
		serde_json::json!(STANDARD.encode(serde_json::to_vec(&statement).unwrap()));
	let edited = dir.path().join("edited.sig");
	fs::write(&edited, serde_json::to_vec(&doc).unwrap()).unwrap();
	let out = run(&["hash", "--from-oms", edited.to_str().unwrap(), "--public-key", p]);
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.contains("does not verify"), "{out:?}");
	// Not a P-256 PEM key: a clear error.
	let out = run(&["hash", "--from-oms", b, "--public-key", b]);
	assert_eq!(out.code, Some(1), "{out:?}");
	assert!(out.stderr.contains("not a P-256 public key"), "{out:?}");

	// The folder changes: a changed file, an added file, a removed file are each reported.
	fs::write(model.join("config.json"), b"{\"changed\": true}").unwrap();
	fs::write(model.join("extra.bin"), b"new").unwrap();
	fs::remove_file(model.join("tokenizer/vocab.txt")).unwrap();
	let out = run(&["--json", "hash", "--from-oms", b, "--public-key", p, m]);
	assert_eq!(out.code, Some(1), "a mismatch exits 1: {out:?}");
	let doc = out.json();
	assert_eq!(doc["root"], want, "the bundle's root is still the signed one");
	assert_eq!(doc["folder"]["matches"], false);
	assert_eq!(doc["folder"]["changed"], serde_json::json!(["config.json"]));
	assert_eq!(doc["folder"]["extra"], serde_json::json!(["extra.bin"]));
	assert_eq!(doc["folder"]["missing"], serde_json::json!(["tokenizer/vocab.txt"]));
	let text = run(&["hash", "--from-oms", b, m]);
	assert_eq!(text.code, Some(1));
	assert!(
		text.stdout.contains("does NOT match") && text.stdout.contains("changed: config.json"),
		"{text:?}"
	);
}
