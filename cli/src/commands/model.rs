//! `provenance model register`: hashes model weights and registers their root with the config
//! hash, license, parent models and training datasets. The chain's rules (a root registered once,
//! parents and datasets named once, existing and active, licences) are left to the dry run.
//!
//! When the folder has a Hugging Face card (`README.md` front matter), its `license`,
//! `base_model`, `base_model_relation` and `datasets` are read, mapped (licence table; names
//! resolved to ids by content root through the local hub cache, or `--map NAME=ID`), shown, and
//! added to what the command line gives; an entry that cannot be mapped is refused unless
//! `--allow-unmapped` (see [`crate::card`]).

use super::{
	check_len, commit_first, event_id, hash_with_progress, human_bytes, print_json, Output, Signing,
};
use crate::{
	args::{self, LicenseRequest},
	card::{self, RepoKind},
	chain::{self, Chain},
	content,
};
use anyhow::{bail, Context, Result};
use provenance_primitives::Derivation;
use provenance_rpc::ProvenanceApiClient;
use serde_json::json;
use sp_core::H256;
use std::path::{Path, PathBuf};
use subxt::dynamic::Value;

/// Arguments of `model register`.
pub struct ModelRegister {
	/// Weights file or directory.
	pub path: PathBuf,
	/// What to leave out of the content root.
	pub exclusions: crate::content::Exclusions,
	/// The licence asked for (`--license`, else the model card's).
	pub license: LicenseRequest,
	/// How to use the folder's model card.
	pub card: CardOptions,
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

/// How `model register` uses a Hugging Face model card.
#[derive(Clone, Debug, Default)]
pub struct CardOptions {
	/// Ignore the card.
	pub no_card: bool,
	/// `--map NAME=ID`: card names mapped by hand.
	pub maps: Vec<(String, u64)>,
	/// Register without the card entries that cannot be mapped.
	pub allow_unmapped: bool,
}

/// One card entry and what it maps to.
#[derive(Clone, Debug)]
struct Mapped {
	field: &'static str,
	name: String,
	id: Option<u64>,
	how: String,
}

/// Resolves a card name to a registered id: `--map` first, else every cached snapshot of the
/// name (the `refs/main` one first) by content root.
async fn resolve(
	chain: &Chain,
	kind: RepoKind,
	name: &str,
	maps: &[(String, u64)],
	cache: Option<&Path>,
) -> Result<(Option<u64>, String)> {
	if let Some((_, id)) = maps.iter().find(|(n, _)| n == name) {
		return Ok((Some(*id), "--map".into()));
	}
	let Some(cache) = cache else {
		return Ok((None, "no Hugging Face cache to look in (set HF_HUB_CACHE)".into()));
	};
	let snapshots = card::snapshots(cache, kind, name);
	if snapshots.is_empty() {
		return Ok((None, format!("not in the Hugging Face cache {}", cache.display())));
	}
	let mut tried = Vec::new();
	for snapshot in &snapshots {
		let revision =
			snapshot.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
		let root = match content::hash_hub_snapshot(snapshot) {
			Ok(hashed) => hashed.root,
			Err(e) => {
				tried.push(format!("snapshot {revision}: {e:#}"));
				continue;
			}
		};
		let id = match kind {
			RepoKind::Model => chain
				.query(
					"provenance_getModelByRoot",
					chain.queries().get_model_by_root(Some(root.into()), None),
				)
				.await?
				.map(|m| m.id),
			RepoKind::Dataset => chain
				.query(
					"provenance_getDatasetByRoot",
					chain.queries().get_dataset_by_root(Some(root.into()), None),
				)
				.await?
				.map(|d| d.id),
		};
		match id {
			Some(id) => {
				return Ok((Some(id), format!("cached snapshot {revision}, root {root:?}")))
			}
			None => tried.push(format!("snapshot {revision} (root {root:?}) is not registered")),
		}
	}
	Ok((None, tried.join("; ")))
}

/// The config hash of `--config FILE` (BLAKE2b-256 of its bytes) or `--config-hash`.
pub fn config_hash(config: Option<&Path>, hash: Option<&str>) -> Result<H256> {
	match (config, hash) {
		(Some(path), None) => {
			let h = content::blake2_256_file(path)
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
	let card = if a.card.no_card { None } else { card::read(&a.path)? };
	let card_license = card.as_ref().and_then(|c| c.license.as_deref());
	let license = a.license.resolve(card_license, card_license.and_then(card::map_license))?;
	let mut parents: Vec<(u64, Derivation)> =
		a.parents.iter().map(|p| args::parent(p)).collect::<Result<_>>()?;
	let mut datasets = a.datasets.clone();
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;

	// The card: map every entry, show the mapping, refuse what is not mapped.
	let mut mapped = Vec::new();
	if let Some(card) = &card {
		let cache = card::hub_cache();
		let relation =
			card::derivation(card.base_model_relation.as_deref(), card.base_models.len())?;
		for name in &card.base_models {
			let (id, how) =
				resolve(&chain, RepoKind::Model, name, &a.card.maps, cache.as_deref()).await?;
			if let Some(id) = id {
				if !parents.iter().any(|(p, _)| *p == id) {
					parents.push((id, relation));
				}
			}
			mapped.push(Mapped { field: "base_model", name: name.clone(), id, how });
		}
		for name in &card.datasets {
			let (id, how) =
				resolve(&chain, RepoKind::Dataset, name, &a.card.maps, cache.as_deref()).await?;
			if let Some(id) = id {
				if !datasets.contains(&id) {
					datasets.push(id);
				}
			}
			mapped.push(Mapped { field: "datasets", name: name.clone(), id, how });
		}
		if let Some(l) = card_license {
			let to = if a.license.spdx.is_some() {
				format!("overridden by --license: {}", super::describe_license(&license))
			} else {
				super::describe_license(&license)
			};
			out.notice(format!("model card: license {l} → {to}"));
		}
		for m in &mapped {
			let to = match (m.id, m.field) {
				(Some(id), "base_model") => {
					format!("model {id} ({})", args::derivation_name(relation))
				}
				(Some(id), _) => format!("dataset {id}"),
				(None, _) => "UNMAPPED".into(),
			};
			out.notice(format!("model card: {} {} → {to} [{}]", m.field, m.name, m.how));
		}
		let unmapped: Vec<_> = mapped.iter().filter(|m| m.id.is_none()).collect();
		if !unmapped.is_empty() && !a.card.allow_unmapped {
			bail!(
				"the model card names {} that could not be mapped to a registered record: {} \
				 (register them first and keep their snapshot in the Hugging Face cache, map them with \
				 --map NAME=ID, or pass --allow-unmapped to register without them); nothing was submitted",
				if unmapped.len() == 1 { "an entry" } else { "entries" },
				unmapped
					.iter()
					.map(|m| format!("{} {}", m.field, m.name))
					.collect::<Vec<_>>()
					.join(", ")
			);
		}
	}
	check_len(&chain, "Models", "MaxUriLen", "--uri", a.uri.len()).await?;
	check_len(&chain, "Models", "MaxMetadataLen", "--metadata", a.metadata.len()).await?;
	check_len(&chain, "Models", "MaxParents", "the parent list", parents.len()).await?;
	check_len(&chain, "Models", "MaxDatasets", "the dataset list", datasets.len()).await?;

	let hashed = hash_with_progress(&a.path, &a.exclusions, out)?;
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
				("license", license.value()),
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
					Value::unnamed_composite(datasets.iter().map(|id| Value::u128((*id).into()))),
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
			"license": license.spdx,
			"parents": parents.iter().map(|(id, kind)| json!({ "id": id, "kind": args::derivation_name(*kind) })).collect::<Vec<_>>(),
			"datasets": datasets,
			"card": card.as_ref().map(|_| json!({
				"license": card_license,
				"entries": mapped.iter().map(|m| json!({ "field": m.field, "name": m.name, "id": m.id, "how": m.how })).collect::<Vec<_>>(),
			})),
			"block": done.block_hash,
		}));
	} else {
		println!("model {id} registered: weights root {root:?} (block {})", done.block_hash);
	}
	Ok(())
}
