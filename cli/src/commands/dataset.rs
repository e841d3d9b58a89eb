//! `provenance dataset register`: hashes a dataset file or directory and registers its content
//! root with its license, contributors and previous version. The chain's rules (a root registered
//! once, shares, the previous version's existence and owner) are left to the dry run.

use super::{
	check_len, commit_first, event_id, hash_with_progress, human_bytes, print_json, Output, Signing,
};
use crate::{
	args::{self, LicenseRequest},
	card,
	chain::{self, Chain},
};
use anyhow::Result;
use serde_json::json;
use std::path::PathBuf;
use subxt::{dynamic::Value, utils::AccountId32};

/// Arguments of `dataset register`.
pub struct DatasetRegister {
	/// File or directory.
	pub path: PathBuf,
	/// What to leave out of the content root.
	pub exclusions: crate::content::Exclusions,
	/// The licence asked for (`--license`, else the dataset card's).
	pub license: LicenseRequest,
	/// Ignore the folder's `README.md` card.
	pub no_card: bool,
	/// Where the data can be fetched.
	pub uri: String,
	/// Free-form metadata.
	pub metadata: String,
	/// `ADDRESS:SHARE` entries (default: the signer, 100%).
	pub contributors: Vec<String>,
	/// Previous version.
	pub previous_version: Option<u64>,
	/// Register without committing first.
	pub no_commit: bool,
}

/// `provenance dataset register`.
pub async fn dataset_register(a: DatasetRegister, s: &Signing, out: &Output) -> Result<()> {
	let card = if a.no_card { None } else { card::read(&a.path)? };
	let card_license = card.as_ref().and_then(|c| c.license.as_deref());
	let license = a.license.resolve(card_license, card_license.and_then(card::map_license))?;
	if a.license.spdx.is_none() {
		out.notice(format!(
			"licence from the dataset card: {} → {}",
			card_license.unwrap_or_default(),
			super::describe_license(&license)
		));
	}
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let contributors: Vec<(AccountId32, u32)> = if a.contributors.is_empty() {
		vec![(me, 1_000_000_000)]
	} else {
		a.contributors.iter().map(|c| args::contributor(c)).collect::<Result<_>>()?
	};
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Datasets", "MaxUriLen", "--uri", a.uri.len()).await?;
	check_len(&chain, "Datasets", "MaxMetadataLen", "--metadata", a.metadata.len()).await?;
	check_len(&chain, "Datasets", "MaxContributors", "the contributor list", contributors.len())
		.await?;

	let hashed = hash_with_progress(&a.path, &a.exclusions, out)?;
	let root = hashed.root;
	out.notice(format!(
		"content root {root:?} ({} files, {})",
		hashed.files.len(),
		human_bytes(hashed.total_bytes)
	));

	let register = |salt: Option<[u8; 32]>| {
		chain::call(
			"Datasets",
			"register",
			vec![
				("content_root", args::hash_value(&root)),
				("size_bytes", Value::u128(hashed.total_bytes.into())),
				("uri", Value::from_bytes(a.uri.as_bytes())),
				("license", license.value()),
				("metadata", Value::from_bytes(a.metadata.as_bytes())),
				(
					"contributors",
					Value::unnamed_composite(contributors.iter().map(|(who, parts)| {
						Value::unnamed_composite([
							args::account_value(who),
							Value::u128((*parts).into()),
						])
					})),
				),
				(
					"previous_version",
					args::option(a.previous_version.map(|v| Value::u128(v.into()))),
				),
				("salt", args::option(salt.map(Value::from_bytes))),
			],
		)
	};
	// Everything the chain would refuse is refused before the commitment is paid for.
	if !a.no_commit {
		chain.check(&register(None), &signer).await?;
	}
	let salt =
		commit_first(&chain, &signer, "Datasets", &root, a.no_commit, s.timeout, out).await?;
	let call = register(salt);
	out.notice("submitting Datasets.register and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Datasets", "DatasetRegistered", "id")?;
	if out.json {
		print_json(&json!({
			"datasetId": id,
			"contentRoot": format!("{root:?}"),
			"sizeBytes": hashed.total_bytes,
			"fileCount": hashed.files.len(),
			"owner": me.to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"dataset {id} registered: content root {root:?}, {} files, {} bytes (block {})",
			hashed.files.len(),
			hashed.total_bytes,
			done.block_hash
		);
	}
	Ok(())
}
