//! OpenSSF model signing (`model_signing`, v1 bundles): the content root of a signed model from
//! the bundle alone, the bundle's signature, and whether a folder still matches it.
//!
//! A bundle is a Sigstore bundle (`application/vnd.dev.sigstore.bundle.v0.3+json`) whose DSSE
//! envelope carries an in-toto statement with predicate type
//! `https://model_signing/signature/v1.0`. With the `files` serialization, the predicate's
//! `resources` list every file's path and SHA-256: exactly a content root's leaves (SPEC
//! "Hashing conventions"), so the root needs no file read. Resources that this chain's default
//! exclusions leave out (`.cache/huggingface/`, `.DS_Store`, … which model-signing does not ignore)
//! are left out here too, so the root equals the folder's.
//!
//! Key signing (`model_signing sign key`) signs the DSSE pre-authentication encoding
//! (`DSSEv1 <len> <type> <len> <payload>`) with ECDSA; P-256 with SHA-256 is checked here.
//! Certificate and Sigstore (keyless) bundles are read, but their signature is not checked by this
//! command: use `model_signing verify` for those.

use crate::content::{self, Exclusions, HashedFile};
use anyhow::{anyhow, bail, ensure, Context, Result};
use base64::{engine::general_purpose::STANDARD, Engine};
use p256::{
	ecdsa::{signature::Verifier, Signature, VerifyingKey},
	pkcs8::DecodePublicKey,
};
use serde_json::Value as Json;
use sp_core::H256;
use std::path::Path;

/// The predicate type of model-signing v1 statements.
pub const PREDICATE_TYPE: &str = "https://model_signing/signature/v1.0";
/// The DSSE payload type of in-toto statements.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// What a bundle says about a model.
#[derive(Clone, Debug)]
pub struct Bundle {
	/// Every resource kept (sorted by path), with its SHA-256 (sizes are unknown: 0).
	pub files: Vec<HashedFile>,
	/// Resources left out by the default exclusions.
	pub excluded: Vec<String>,
	/// The content root of `files`.
	pub root: H256,
	/// The paths model-signing ignored when signing.
	pub ignore_paths: Vec<String>,
	/// The DSSE payload and its signatures (base64-decoded DER).
	payload: Vec<u8>,
	signatures: Vec<Vec<u8>>,
}

fn field<'a>(doc: &'a Json, path: &[&str]) -> Result<&'a Json> {
	let mut at = doc;
	for key in path {
		at = at.get(key).ok_or_else(|| anyhow!("the bundle has no `{}`", path.join(".")))?;
	}
	Ok(at)
}

fn text<'a>(doc: &'a Json, path: &[&str]) -> Result<&'a str> {
	field(doc, path)?.as_str().ok_or_else(|| anyhow!("`{}` is not a string", path.join(".")))
}

/// The DSSE pre-authentication encoding that is signed.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
	let mut out =
		format!("DSSEv1 {} {} {} ", payload_type.len(), payload_type, payload.len()).into_bytes();
	out.extend_from_slice(payload);
	out
}

/// Reads a model-signing bundle (JSON).
pub fn read(path: &Path) -> Result<Bundle> {
	let raw = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	parse(&raw).with_context(|| format!("{} is not a model-signing v1 bundle", path.display()))
}

/// Parses a model-signing bundle.
pub fn parse(raw: &[u8]) -> Result<Bundle> {
	let doc: Json = serde_json::from_slice(raw).context("not JSON")?;
	let media = text(&doc, &["mediaType"])?;
	ensure!(
		media.starts_with("application/vnd.dev.sigstore.bundle"),
		"media type {media:?} is not a Sigstore bundle"
	);
	let payload_type = text(&doc, &["dsseEnvelope", "payloadType"])?;
	ensure!(payload_type == PAYLOAD_TYPE, "payload type {payload_type:?} is not {PAYLOAD_TYPE}");
	let payload = STANDARD
		.decode(text(&doc, &["dsseEnvelope", "payload"])?)
		.context("the payload is not base64")?;
	let signatures = field(&doc, &["dsseEnvelope", "signatures"])?
		.as_array()
		.ok_or_else(|| anyhow!("`dsseEnvelope.signatures` is not a list"))?
		.iter()
		.map(|s| {
			let sig = s
				.get("sig")
				.and_then(Json::as_str)
				.ok_or_else(|| anyhow!("a signature has no `sig`"))?;
			STANDARD.decode(sig).context("a signature is not base64")
		})
		.collect::<Result<Vec<_>>>()?;
	let statement: Json = serde_json::from_slice(&payload).context("the payload is not JSON")?;
	let predicate_type = text(&statement, &["predicateType"])?;
	ensure!(
		predicate_type == PREDICATE_TYPE,
		"predicate type {predicate_type:?} is not model-signing v1 ({PREDICATE_TYPE})"
	);
	let method = text(&statement, &["predicate", "serialization", "method"])?;
	ensure!(
		method == "files",
		"serialization method {method:?}: only `files` bundles list one SHA-256 per file (sign without sharding)"
	);
	let hash_type = text(&statement, &["predicate", "serialization", "hash_type"])?;
	ensure!(
		hash_type == "sha256",
		"hash type {hash_type:?}: only sha256 digests make a content root"
	);
	let ignore_paths = field(&statement, &["predicate", "serialization", "ignore_paths"])
		.ok()
		.and_then(Json::as_array)
		.map(|a| a.iter().filter_map(|p| p.as_str().map(str::to_owned)).collect())
		.unwrap_or_default();
	let resources = field(&statement, &["predicate", "resources"])?
		.as_array()
		.ok_or_else(|| anyhow!("`predicate.resources` is not a list"))?;
	let defaults = Exclusions::default();
	let (mut files, mut excluded) = (Vec::new(), Vec::new());
	for r in resources {
		let name = text(r, &["name"])?;
		let algorithm = text(r, &["algorithm"])?;
		ensure!(algorithm == "sha256", "resource {name:?} is hashed with {algorithm}, not sha256");
		let digest = text(r, &["digest"])?;
		let sha256: [u8; 32] = hex::decode(digest)
			.ok()
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| anyhow!("resource {name:?} has digest {digest:?}, not 64 hex digits"))?;
		if defaults.excludes_file_path(name) {
			excluded.push(name.to_owned());
			continue;
		}
		files.push(HashedFile { relative_path: name.to_owned(), size: 0, sha256 });
	}
	files.sort_by(|a, b| a.relative_path.as_bytes().cmp(b.relative_path.as_bytes()));
	if let Some(w) = files.windows(2).find(|w| w[0].relative_path == w[1].relative_path) {
		bail!("resource {:?} is listed twice", w[0].relative_path);
	}
	let root = content::root_of(&files).ok_or_else(|| anyhow!("the bundle lists no file"))?;
	Ok(Bundle { files, excluded, root, ignore_paths, payload, signatures })
}

impl Bundle {
	/// Checks the envelope's signature with a PEM public key (P-256, as `model_signing sign key`
	/// makes with an EC key): some signature must verify over the DSSE pre-authentication
	/// encoding.
	pub fn verify_signature(&self, public_key_pem: &str) -> Result<()> {
		let key = VerifyingKey::from_public_key_pem(public_key_pem.trim())
			.map_err(|e| anyhow!("not a P-256 public key in PEM (SubjectPublicKeyInfo): {e}"))?;
		ensure!(!self.signatures.is_empty(), "the bundle carries no signature");
		let message = pae(PAYLOAD_TYPE, &self.payload);
		for der in &self.signatures {
			if let Ok(sig) = Signature::from_der(der) {
				if key.verify(&message, &sig).is_ok() {
					return Ok(());
				}
			}
		}
		bail!("the bundle's signature does not verify with this public key (the bundle was changed, or signed with another key)")
	}
}

/// How a folder compares with a bundle, file by file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
	/// In the bundle, not in the folder.
	pub missing: Vec<String>,
	/// In the folder, not in the bundle.
	pub extra: Vec<String>,
	/// In both, with different SHA-256.
	pub changed: Vec<String>,
}

impl Comparison {
	/// Whether the folder matches the bundle exactly.
	pub fn matches(&self) -> bool {
		self.missing.is_empty() && self.extra.is_empty() && self.changed.is_empty()
	}
}

/// Compares the bundle's files with a hashed folder's.
pub fn compare(bundle: &[HashedFile], folder: &[HashedFile]) -> Comparison {
	use std::collections::BTreeMap;
	let signed: BTreeMap<&str, [u8; 32]> =
		bundle.iter().map(|f| (f.relative_path.as_str(), f.sha256)).collect();
	let found: BTreeMap<&str, [u8; 32]> =
		folder.iter().map(|f| (f.relative_path.as_str(), f.sha256)).collect();
	let mut c = Comparison::default();
	for (path, digest) in &signed {
		match found.get(path) {
			None => c.missing.push((*path).to_owned()),
			Some(d) if d != digest => c.changed.push((*path).to_owned()),
			Some(_) => {}
		}
	}
	c.extra = found.keys().filter(|p| !signed.contains_key(*p)).map(|p| (*p).to_owned()).collect();
	c
}

#[cfg(test)]
mod tests {
	use super::*;

	fn bundle_json(resources: Json, method: &str) -> Vec<u8> {
		let statement = serde_json::json!({
			"_type": "https://in-toto.io/Statement/v1",
			"subject": [{ "name": "model", "digest": { "sha256": "00" } }],
			"predicateType": PREDICATE_TYPE,
			"predicate": {
				"serialization": { "method": method, "hash_type": "sha256", "ignore_paths": [".git"], "allow_symlinks": false },
				"resources": resources,
			},
		});
		serde_json::to_vec(&serde_json::json!({
			"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
			"verificationMaterial": { "publicKey": { "hint": "x" } },
			"dsseEnvelope": {
				"payload": STANDARD.encode(serde_json::to_vec(&statement).unwrap()),
				"payloadType": PAYLOAD_TYPE,
				"signatures": [{ "sig": STANDARD.encode(b"not a signature"), "keyid": "" }],
			},
		}))
		.unwrap()
	}

	#[test]
	fn resources_become_leaves_and_excluded_ones_are_dropped() {
		let d = "ab".repeat(32);
		let raw = bundle_json(
			serde_json::json!([
				{ "name": "b.bin", "algorithm": "sha256", "digest": d },
				{ "name": "a.txt", "algorithm": "sha256", "digest": d },
				{ "name": ".cache/huggingface/download/a.txt.metadata", "algorithm": "sha256", "digest": d },
			]),
			"files",
		);
		let b = parse(&raw).unwrap();
		let names: Vec<_> = b.files.iter().map(|f| f.relative_path.as_str()).collect();
		assert_eq!(names, ["a.txt", "b.bin"]);
		assert_eq!(b.excluded, [".cache/huggingface/download/a.txt.metadata"]);
		assert_eq!(b.root, content::root_of(&b.files).unwrap());
		assert_eq!(b.ignore_paths, [".git"]);
	}

	#[test]
	fn bad_bundles_are_refused_with_reasons() {
		let d = "ab".repeat(32);
		let one = |r: Json| serde_json::json!([r]);
		let cases = [
			(
				bundle_json(
					one(serde_json::json!({ "name": "a", "algorithm": "sha256", "digest": d })),
					"shards",
				),
				"only `files`",
			),
			(
				bundle_json(
					one(serde_json::json!({ "name": "a", "algorithm": "blake2b", "digest": d })),
					"files",
				),
				"not sha256",
			),
			(
				bundle_json(
					one(serde_json::json!({ "name": "a", "algorithm": "sha256", "digest": "12" })),
					"files",
				),
				"64 hex",
			),
			(bundle_json(serde_json::json!([]), "files"), "lists no file"),
			(b"{}".to_vec(), "mediaType"),
			(b"not json".to_vec(), "not JSON"),
		];
		for (raw, why) in cases {
			let e = format!("{:#}", parse(&raw).unwrap_err());
			assert!(e.contains(why), "{why}: {e}");
		}
		let twice = bundle_json(
			serde_json::json!([
				{ "name": "a", "algorithm": "sha256", "digest": d },
				{ "name": "a", "algorithm": "sha256", "digest": d },
			]),
			"files",
		);
		assert!(format!("{:#}", parse(&twice).unwrap_err()).contains("twice"));
	}

	#[test]
	fn pae_is_the_dsse_encoding() {
		assert_eq!(pae("t", b"abc"), b"DSSEv1 1 t 3 abc");
	}

	#[test]
	fn comparison_lists_missing_extra_and_changed() {
		let f = |p: &str, d: u8| HashedFile { relative_path: p.into(), size: 0, sha256: [d; 32] };
		let c = compare(&[f("a", 1), f("b", 2), f("c", 3)], &[f("a", 1), f("b", 9), f("d", 4)]);
		assert_eq!(c.missing, ["c"]);
		assert_eq!(c.changed, ["b"]);
		assert_eq!(c.extra, ["d"]);
		assert!(!c.matches());
		assert!(compare(&[f("a", 1)], &[f("a", 1)]).matches());
	}
}
