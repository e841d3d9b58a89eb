//! Parsing of command-line values: secret URIs, accounts, shares, derivations, dispute kinds and
//! targets, hashes, and the SCALE values of call arguments.

use anyhow::{anyhow, bail, Context, Result};
use provenance_primitives::{Derivation, DisputeKind, DisputeTarget};
use sp_core::H256;
use std::{path::Path, str::FromStr};
use subxt::{dynamic::Value, utils::AccountId32};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// Environment variable holding the secret URI when neither `--suri` nor `--suri-file` is given.
pub const SURI_ENV: &str = "PROVENANCE_SURI";

/// Where the secret URI came from (named in errors; the secret itself never is).
fn load_suri(suri: Option<&str>, suri_file: Option<&Path>) -> Result<(String, String)> {
	if let Some(path) = suri_file {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read the secret URI file {}", path.display()))?;
		return Ok((text.trim().to_owned(), format!("--suri-file {}", path.display())));
	}
	if let Some(s) = suri {
		return Ok((s.to_owned(), "--suri".into()));
	}
	if let Ok(s) = std::env::var(SURI_ENV) {
		return Ok((s.trim().to_owned(), SURI_ENV.into()));
	}
	bail!("this command signs a transaction: give a secret URI with --suri, --suri-file or ${SURI_ENV}")
}

/// The sr25519 key pair of a secret URI (`//Alice`, a mnemonic with derivations, a 0x seed).
/// Errors name where the URI came from, never the URI.
pub fn signer(suri: Option<&str>, suri_file: Option<&Path>) -> Result<Keypair> {
	let (secret, source) = load_suri(suri, suri_file)?;
	if secret.is_empty() {
		bail!("the secret URI from {source} is empty");
	}
	let uri = SecretUri::from_str(&secret)
		.map_err(|_| anyhow!("the secret URI from {source} is not valid (expected e.g. //Alice, a mnemonic or a 0x seed)"))?;
	Keypair::from_uri(&uri)
		.map_err(|_| anyhow!("the secret URI from {source} does not give an sr25519 key"))
}

/// An SS58 address.
pub fn account(text: &str) -> Result<AccountId32> {
	AccountId32::from_str(text.trim())
		.map_err(|e| anyhow!("{text:?} is not a valid SS58 address ({e})"))
}

/// Parts per billion of a percentage such as `50`, `50%` or `33.3333333%` (at most 7 decimals,
/// so that it is exact).
pub fn percent_to_perbill(text: &str) -> Result<u32> {
	let t = text.trim().trim_end_matches('%').trim();
	let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
	let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
	if !digits(whole) || !(frac.is_empty() || digits(frac)) {
		bail!("invalid share {text:?}: expected a percentage such as 50 or 33.3333333%");
	}
	if frac.len() > 7 {
		bail!("invalid share {text:?}: at most 7 decimals (shares are exact parts per billion)");
	}
	let whole: u64 = whole.parse().map_err(|_| anyhow!("invalid share {text:?}"))?;
	let frac_parts: u64 =
		if frac.is_empty() { 0 } else { frac.parse::<u64>()? * 10u64.pow(7 - frac.len() as u32) };
	let parts = whole
		.checked_mul(10_000_000)
		.and_then(|w| w.checked_add(frac_parts))
		.ok_or_else(|| anyhow!("invalid share {text:?}"))?;
	if parts == 0 || parts > 1_000_000_000 {
		bail!("invalid share {text:?}: must be more than 0% and at most 100%");
	}
	Ok(parts as u32)
}

/// `ADDRESS:SHARE`, e.g. `5GrwvaEF…:50%`.
pub fn contributor(text: &str) -> Result<(AccountId32, u32)> {
	let (addr, share) = text.rsplit_once(':').ok_or_else(|| {
		anyhow!("invalid contributor {text:?}: expected ADDRESS:SHARE, e.g. 5Grw…:50%")
	})?;
	Ok((
		account(addr).with_context(|| format!("contributor {text:?}"))?,
		percent_to_perbill(share)?,
	))
}

/// A derivation kind, case- and separator-insensitive: `fine-tune`, `FineTune`, `fine_tune`, …
pub fn derivation(text: &str) -> Result<Derivation> {
	let key: String =
		text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
	Ok(match key.as_str() {
		"finetune" => Derivation::FineTune,
		"distillation" | "distill" => Derivation::Distillation,
		"merge" => Derivation::Merge,
		"quantization" | "quantisation" | "quantize" => Derivation::Quantization,
		"adapter" | "lora" => Derivation::Adapter,
		"continuedpretraining" => Derivation::ContinuedPretraining,
		"other" => Derivation::Other,
		_ => bail!(
			"unknown derivation {text:?}: one of fine-tune, distillation, merge, quantization, adapter, continued-pretraining, other"
		),
	})
}

/// Name of a derivation variant in the runtime metadata.
pub fn derivation_variant(d: Derivation) -> &'static str {
	match d {
		Derivation::FineTune => "FineTune",
		Derivation::Distillation => "Distillation",
		Derivation::Merge => "Merge",
		Derivation::Quantization => "Quantization",
		Derivation::Adapter => "Adapter",
		Derivation::ContinuedPretraining => "ContinuedPretraining",
		Derivation::Other => "Other",
	}
}

/// A status as the JSON answers spell it (`active`, `disputed`, `retracted`, `displaced`).
pub fn status_name(status: provenance_primitives::Status) -> &'static str {
	use provenance_primitives::Status;
	match status {
		Status::Active => "active",
		Status::Retracted => "retracted",
		Status::Displaced => "displaced",
		Status::Disputed => "disputed",
	}
}

/// The command-line name of a derivation (`fine-tune`, …), as [`derivation`] reads it.
pub fn derivation_name(d: Derivation) -> &'static str {
	match d {
		Derivation::FineTune => "fine-tune",
		Derivation::Distillation => "distillation",
		Derivation::Merge => "merge",
		Derivation::Quantization => "quantization",
		Derivation::Adapter => "adapter",
		Derivation::ContinuedPretraining => "continued-pretraining",
		Derivation::Other => "other",
	}
}

/// `ID:KIND`, e.g. `3:fine-tune`.
pub fn parent(text: &str) -> Result<(u64, Derivation)> {
	let (id, kind) = text
		.split_once(':')
		.ok_or_else(|| anyhow!("invalid parent {text:?}: expected ID:KIND, e.g. 3:fine-tune"))?;
	let id = id
		.trim()
		.parse::<u64>()
		.map_err(|_| anyhow!("invalid parent {text:?}: {id:?} is not a model id"))?;
	Ok((id, derivation(kind)?))
}

/// A dispute kind, case-insensitive: `ownership`, `license` (or `licence`), `lineage`,
/// `content`, `other`.
pub fn dispute_kind(text: &str) -> Result<DisputeKind> {
	Ok(match text.trim().to_ascii_lowercase().as_str() {
		"ownership" => DisputeKind::Ownership,
		"license" | "licence" => DisputeKind::License,
		"lineage" => DisputeKind::Lineage,
		"content" => DisputeKind::Content,
		"other" => DisputeKind::Other,
		_ => bail!(
			"unknown dispute kind {text:?}: one of ownership, license, lineage, content, other"
		),
	})
}

/// Name of a dispute kind variant in the runtime metadata.
pub fn dispute_kind_variant(kind: DisputeKind) -> &'static str {
	match kind {
		DisputeKind::Ownership => "Ownership",
		DisputeKind::License => "License",
		DisputeKind::Lineage => "Lineage",
		DisputeKind::Content => "Content",
		DisputeKind::Other => "Other",
	}
}

/// What a dispute is about, from `--dataset ID`, `--model ID`, `--batch ID` or
/// `--inference OUTPUT_HASH --model-id ID`: exactly one of them.
pub fn dispute_target(
	dataset: Option<u64>,
	model: Option<u64>,
	batch: Option<u64>,
	inference: Option<&str>,
	model_id: Option<u64>,
) -> Result<DisputeTarget> {
	match (dataset, model, batch, inference, model_id) {
		(Some(id), None, None, None, None) => Ok(DisputeTarget::Dataset(id)),
		(None, Some(id), None, None, None) => Ok(DisputeTarget::Model(id)),
		(None, None, Some(id), None, None) => Ok(DisputeTarget::Batch(id)),
		(None, None, None, Some(hash), Some(model_id)) => {
			Ok(DisputeTarget::Inference { output_hash: h256("--inference", hash)?, model_id })
		}
		(None, None, None, Some(_), None) => {
			bail!("--inference needs --model-id ID: the model whose claim to the output is disputed")
		}
		(None, None, None, None, None) => bail!(
			"name what the dispute is about: --dataset ID, --model ID, --batch ID or --inference OUTPUT_HASH --model-id ID"
		),
		(_, _, _, None, Some(_)) => bail!("--model-id goes with --inference only"),
		_ => bail!("name one target only: --dataset, --model, --batch or --inference"),
	}
}

/// The `DisputeTarget` value of a call.
pub fn dispute_target_value(target: &DisputeTarget) -> Value {
	match target {
		DisputeTarget::Dataset(id) => {
			Value::unnamed_variant("Dataset", [Value::u128((*id).into())])
		}
		DisputeTarget::Model(id) => Value::unnamed_variant("Model", [Value::u128((*id).into())]),
		DisputeTarget::Batch(id) => Value::unnamed_variant("Batch", [Value::u128((*id).into())]),
		DisputeTarget::Inference { output_hash, model_id } => Value::named_variant(
			"Inference",
			[
				("output_hash", hash_value(output_hash)),
				("model_id", Value::u128((*model_id).into())),
			],
		),
	}
}

/// A `0x` + 64 hex digit hash.
pub fn h256(field: &str, text: &str) -> Result<H256> {
	crate::batch::parse_h256(field, text.trim()).map_err(anyhow::Error::msg)
}

/// License terms as given on the command line.
#[derive(Clone, Debug)]
pub struct LicenseArgs {
	/// SPDX expression.
	pub spdx: String,
	/// Commercial use allowed.
	pub commercial_use: bool,
	/// Derivatives allowed.
	pub derivatives_allowed: bool,
	/// AI training allowed.
	pub ai_training_allowed: bool,
	/// Hash of the full terms.
	pub terms_hash: Option<H256>,
}

impl LicenseArgs {
	/// Checks the bounds the runtime enforces.
	pub fn check(&self) -> Result<()> {
		if self.spdx.trim().is_empty() {
			bail!("--license must name an SPDX licence expression, e.g. CC-BY-4.0");
		}
		if self.spdx.len() > provenance_primitives::MAX_SPDX_LEN as usize {
			bail!(
				"--license is {} bytes long, at most {} allowed",
				self.spdx.len(),
				provenance_primitives::MAX_SPDX_LEN
			);
		}
		Ok(())
	}

	/// The `License` value of a call.
	pub fn value(&self) -> Value {
		Value::named_composite([
			("spdx", Value::from_bytes(self.spdx.as_bytes())),
			("commercial_use", Value::bool(self.commercial_use)),
			("derivatives_allowed", Value::bool(self.derivatives_allowed)),
			("ai_training_allowed", Value::bool(self.ai_training_allowed)),
			("terms_hash", option(self.terms_hash.map(|h| hash_value(&h)))),
		])
	}
}

/// The licence a register command was asked for: an explicit `--license` with its flags, or the
/// one a Hugging Face card names (the flags then only restrict it further).
#[derive(Clone, Debug, Default)]
pub struct LicenseRequest {
	/// `--license`.
	pub spdx: Option<String>,
	/// `--no-commercial-use`.
	pub no_commercial_use: bool,
	/// `--no-derivatives`.
	pub no_derivatives: bool,
	/// `--no-ai-training`.
	pub no_ai_training: bool,
	/// `--terms-hash` / `--terms-file`.
	pub terms_hash: Option<H256>,
}

impl LicenseRequest {
	/// The licence to register: `--license` if given, else the card's (`card_license` is the
	/// card's id, `mapping` what it maps to).
	pub fn resolve(
		&self,
		card_license: Option<&str>,
		mapping: Option<&crate::card::LicenseMapping>,
	) -> Result<LicenseArgs> {
		let (spdx, commercial_use, derivatives_allowed, ai_training_allowed) =
			match (&self.spdx, card_license, mapping) {
				(Some(spdx), _, _) => (spdx.clone(), true, true, true),
				(None, Some(_), Some(m)) => {
					(m.spdx.to_owned(), m.commercial_use, m.derivatives_allowed, m.ai_training_allowed)
				}
				(None, Some(card), None) => bail!(
					"the card's licence {card:?} is not one the CLI maps (docs/MODEL-CARDS.md lists them): give --license SPDX and its flags"
				),
				(None, None, _) => bail!(
					"give --license SPDX (the folder has no model card naming a licence)"
				),
			};
		let license = LicenseArgs {
			spdx,
			commercial_use: commercial_use && !self.no_commercial_use,
			derivatives_allowed: derivatives_allowed && !self.no_derivatives,
			ai_training_allowed: ai_training_allowed && !self.no_ai_training,
			terms_hash: self.terms_hash,
		};
		license.check()?;
		Ok(license)
	}
}

/// An `Option` value.
pub fn option(v: Option<Value>) -> Value {
	match v {
		Some(v) => Value::unnamed_variant("Some", [v]),
		None => Value::unnamed_variant("None", []),
	}
}

/// An `H256` value.
pub fn hash_value(h: &H256) -> Value {
	Value::from_bytes(h.as_bytes())
}

/// An `AccountId32` value.
pub fn account_value(a: &AccountId32) -> Value {
	Value::from_bytes(a.0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentages_are_exact_parts_per_billion() {
		assert_eq!(percent_to_perbill("100").unwrap(), 1_000_000_000);
		assert_eq!(percent_to_perbill("50%").unwrap(), 500_000_000);
		assert_eq!(percent_to_perbill("33.3333333").unwrap(), 333_333_333);
		assert_eq!(percent_to_perbill("0.0000001").unwrap(), 1);
		assert_eq!(percent_to_perbill(" 12.5 % ").unwrap(), 125_000_000);
		for bad in ["", "0", "100.0000001", "-5", "1e2", ".5", "abc", "33.33333333"] {
			assert!(percent_to_perbill(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn derivations_are_forgiving_about_spelling() {
		assert_eq!(derivation("fine-tune").unwrap(), Derivation::FineTune);
		assert_eq!(derivation("FineTune").unwrap(), Derivation::FineTune);
		assert_eq!(derivation("continued_pretraining").unwrap(), Derivation::ContinuedPretraining);
		assert_eq!(derivation("LoRA").unwrap(), Derivation::Adapter);
		assert!(derivation("telepathy").is_err());
		assert_eq!(parent("3:merge").unwrap(), (3, Derivation::Merge));
		assert!(parent("3").is_err());
	}

	/// Only the parsing: whether the shares add up to 100% without duplicates is the chain's rule
	/// (`Datasets::SharesNotWhole`, `DuplicateContributor`, `NoContributors`, in the dry run).
	#[test]
	fn contributors_parse_as_address_and_share() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
		let a = contributor(&format!("{alice}:60")).unwrap();
		let b = contributor(&format!("{bob}:40%")).unwrap();
		assert_eq!(a.0.to_string(), alice);
		assert_eq!(a.1, 600_000_000);
		assert_eq!(b.0.to_string(), bob);
		assert_eq!(b.1, 400_000_000);
		assert!(contributor(alice).is_err());
		assert!(contributor("notanaddress:100").is_err());
		assert!(contributor(&format!("{alice}:150")).is_err());
	}

	#[test]
	fn dispute_kinds_and_targets_parse() {
		assert_eq!(dispute_kind("ownership").unwrap(), DisputeKind::Ownership);
		assert_eq!(dispute_kind(" License ").unwrap(), DisputeKind::License);
		assert_eq!(dispute_kind("licence").unwrap(), DisputeKind::License);
		assert_eq!(dispute_kind("LINEAGE").unwrap(), DisputeKind::Lineage);
		assert_eq!(dispute_kind("content").unwrap(), DisputeKind::Content);
		assert_eq!(dispute_kind("other").unwrap(), DisputeKind::Other);
		assert!(dispute_kind("theft").is_err());
		assert_eq!(dispute_kind_variant(DisputeKind::License), "License");

		let hash = format!("0x{}", "ab".repeat(32));
		let h = Some(hash.as_str());
		assert_eq!(
			dispute_target(Some(4), None, None, None, None).unwrap(),
			DisputeTarget::Dataset(4)
		);
		assert_eq!(
			dispute_target(None, Some(2), None, None, None).unwrap(),
			DisputeTarget::Model(2)
		);
		assert_eq!(
			dispute_target(None, None, Some(3), None, None).unwrap(),
			DisputeTarget::Batch(3)
		);
		assert_eq!(
			dispute_target(None, None, None, h, Some(7)).unwrap(),
			DisputeTarget::Inference { output_hash: H256([0xab; 32]), model_id: 7 }
		);
		let refused = [
			(dispute_target(None, None, None, None, None), "name what the dispute is about"),
			(dispute_target(Some(1), Some(2), None, None, None), "one target only"),
			(dispute_target(Some(1), None, None, h, Some(2)), "one target only"),
			(dispute_target(None, None, None, h, None), "needs --model-id"),
			(dispute_target(Some(1), None, None, None, Some(2)), "with --inference only"),
			(dispute_target(None, None, None, Some("0x12"), Some(1)), "64 hex digits"),
		];
		for (result, message) in refused {
			let err = result.unwrap_err().to_string();
			assert!(err.contains(message), "{err}");
		}
	}

	#[test]
	fn dispute_targets_are_the_runtime_variants() {
		use subxt::ext::scale_value::{Composite, ValueDef};
		let variant = |target: DisputeTarget| match dispute_target_value(&target).value {
			ValueDef::Variant(v) => {
				let fields: Vec<String> = match v.values {
					Composite::Named(fields) => fields.into_iter().map(|(name, _)| name).collect(),
					Composite::Unnamed(values) => values.iter().map(|_| "_".to_owned()).collect(),
				};
				(v.name, fields)
			}
			other => panic!("not a variant: {other:?}"),
		};
		assert_eq!(
			variant(DisputeTarget::Dataset(1)),
			("Dataset".to_owned(), vec!["_".to_owned()])
		);
		assert_eq!(variant(DisputeTarget::Model(1)).0, "Model");
		assert_eq!(variant(DisputeTarget::Batch(1)).0, "Batch");
		assert_eq!(
			variant(DisputeTarget::Inference { output_hash: H256::zero(), model_id: 1 }),
			("Inference".to_owned(), vec!["output_hash".to_owned(), "model_id".to_owned()])
		);
	}

	#[test]
	fn dev_secret_uris_give_the_well_known_accounts() {
		let alice = signer(Some("//Alice"), None).unwrap();
		assert_eq!(
			alice.public_key().to_account_id().to_string(),
			"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
		);
		let err = signer(Some("not a valid secret uri with words"), None).unwrap_err().to_string();
		assert!(!err.contains("words"), "{err}");
	}
}
