//! `provenance model register`: hashes model weights and registers their root with the config
//! hash, license, parent models and training datasets. The chain's rules (a root registered once,
//! parents and datasets named once, existing and active, licences) are left to the dry run.

use super::{
	check_len, commit_first, event_id, hash_with_progress, human_bytes, print_json, Output, Signing,
};
use crate::{
	args::{self, LicenseArgs},
	chain::{self, Chain},
	content,
};
use anyhow::{bail, Context, Result};
use provenance_primitives::Derivation;
use serde_json::json;
use sp_core::H256;
use std::path::{Path, PathBuf};
use subxt::dynamic::Value;

/// Arguments of `model register`.
pub struct ModelRegister {
	/// Weights file or directory.
	pub path: PathBuf,
	/// License terms.
	pub license: LicenseArgs,
	/// Hash of architecture and hyperparameters.
	pub config_hash: H256,
	/// Where the weights can be fetched.
	pub uri: String,
	/// Free-form metadata.
	pub metadata: String,
	/// Parents (`ID:KIND`).
	pub parents: Vec<String>,
	/// Datasets trained on.
	pub datasets: Vec<u64>,
	/// Register without committing first.
	pub no_commit: bool,
}

/// The config hash of `--config FILE` (BLAKE2b-256 of its bytes) or `--config-hash`.
pub fn config_hash(config: Option<&Path>, hash: Option<&str>) -> Result<H256> {
	match (config, hash) {
		(Some(path), None) => {
			let (h, _) = content::hash_file(path)
				.with_context(|| format!("cannot read --config {}", path.display()))?;
			Ok(H256(h))
		}
		(None, Some(text)) => args::h256("--config-hash", text),
		(None, None) => {
			bail!("give the model's configuration: --config FILE (hashed) or --config-hash 0x…")
		}
		(Some(_), Some(_)) => bail!("give only one of --config and --config-hash"),
	}
}

/// `provenance model register`.
pub async fn model_register(a: ModelRegister, s: &Signing, out: &Output) -> Result<()> {
	a.license.check()?;
	let parents: Vec<(u64, Derivation)> =
		a.parents.iter().map(|p| args::parent(p)).collect::<Result<_>>()?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Models", "MaxUriLen", "--uri", a.uri.len()).await?;
	check_len(&chain, "Models", "MaxMetadataLen", "--metadata", a.metadata.len()).await?;
	check_len(&chain, "Models", "MaxParents", "the parent list", parents.len()).await?;
	check_len(&chain, "Models", "MaxDatasets", "the dataset list", a.datasets.len()).await?;

	let hashed = hash_with_progress(&a.path, out)?;
	let root = hashed.root;
	out.notice(format!(
		"weights root {root:?} ({} files, {})",
		hashed.files.len(),
		human_bytes(hashed.total_bytes)
	));

	let register = |salt: Option<[u8; 32]>| {
		chain::call(
			"Models",
			"register",
			vec![
				("weights_root", args::hash_value(&root)),
				("config_hash", args::hash_value(&a.config_hash)),
				("uri", Value::from_bytes(a.uri.as_bytes())),
				("license", a.license.value()),
				("metadata", Value::from_bytes(a.metadata.as_bytes())),
				(
					"parents",
					Value::unnamed_composite(parents.iter().map(|(id, kind)| {
						Value::unnamed_composite([
							Value::u128((*id).into()),
							Value::unnamed_variant(args::derivation_variant(*kind), []),
						])
					})),
				),
				(
					"datasets",
					Value::unnamed_composite(a.datasets.iter().map(|id| Value::u128((*id).into()))),
				),
				("salt", args::option(salt.map(Value::from_bytes))),
			],
		)
	};
	// Everything the chain would refuse is refused before the commitment is paid for.
	if !a.no_commit {
		chain.check(&register(None), &signer).await?;
	}
	let salt = commit_first(&chain, &signer, "Models", &root, a.no_commit, s.timeout, out).await?;
	let call = register(salt);
	out.notice("submitting Models.register and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Models", "ModelRegistered", "id")?;
	if out.json {
		print_json(&json!({
			"modelId": id,
			"weightsRoot": format!("{root:?}"),
			"configHash": format!("{:?}", a.config_hash),
			"owner": me.to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!("model {id} registered: weights root {root:?} (block {})", done.block_hash);
	}
	Ok(())
}
