//! `provenance inference log | anchor`: logs one inference, or builds a batch from a records file
//! and anchors its root on chain for one model. Both show the usage charge of a priced model
//! (`royalties_quoteUsage`) before submitting and refuse one above `--max-charge`. Whether the
//! model exists, is active and lets the signer submit (owner or operator) is left to the dry run.

use super::{check_len, event_id, print_json, Output, Signing};
use crate::{
	args, batch,
	chain::{self, Chain},
};
use anyhow::{anyhow, bail, Result};
use provenance_rpc::ProvenanceApiClient;
use serde_json::json;
use sp_core::H256;
use std::path::Path;
use subxt::dynamic::Value;

/// `provenance inference anchor <records.jsonl> --model ID`.
pub async fn inference_anchor(
	records_path: &Path,
	model_id: u64,
	uri: &str,
	proofs: Option<&Path>,
	max_charge: Option<&str>,
	s: &Signing,
	out: &Output,
) -> Result<()> {
	let max_charge = max_charge.map(chain::parse_amount).transpose()?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Inference", "MaxUriLen", "--uri", uri.len()).await?;

	let records = batch::read_records(records_path)?;
	if let Some((i, r)) = records.iter().enumerate().find(|(_, r)| r.model_id != model_id) {
		bail!(
			"records file {} line {}: modelId is {}, but the batch is anchored for model {model_id}",
			records_path.display(),
			i + 1,
			r.model_id
		);
	}
	let proofs_path =
		proofs.map(Path::to_path_buf).unwrap_or_else(|| batch::default_proofs_path(records_path));
	let summary = batch::build(&records, &proofs_path)?;
	out.notice(format!(
		"batch root {:?} over {} records; proofs in {}",
		summary.root,
		summary.count,
		proofs_path.display()
	));

	usage_charge(&chain, model_id, summary.count, max_charge, out).await?;
	let call = chain::call(
		"Inference",
		"anchor_batch",
		vec![
			("model_id", Value::u128(model_id.into())),
			("root", args::hash_value(&summary.root)),
			("count", Value::u128(summary.count.into())),
			("uri", Value::from_bytes(uri.as_bytes())),
		],
	);
	out.notice("submitting Inference.anchor_batch and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Inference", "BatchAnchored", "batch_id")?;
	if out.json {
		print_json(&json!({
			"batchId": id,
			"modelId": model_id,
			"root": format!("{:?}", summary.root),
			"count": summary.count,
			"proofs": proofs_path.display().to_string(),
			"charged": charged(&done).to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"batch {id} anchored: root {:?}, {} records, charged {} (block {})",
			summary.root,
			summary.count,
			chain::format_prov(charged(&done)),
			done.block_hash
		);
	}
	Ok(())
}

/// The hashes of one logged inference (`provenance inference log`).
pub struct LogArgs {
	/// The model that produced the output.
	pub model_id: u64,
	/// BLAKE2b-256 of the input.
	pub input_hash: H256,
	/// BLAKE2b-256 of the output.
	pub output_hash: H256,
	/// BLAKE2b-256 of the generation parameters.
	pub params_hash: H256,
	/// Refuse to submit if the usage charge is higher (planck or PROV with the unit).
	pub max_charge: Option<String>,
}

/// `provenance inference log --model ID --input-hash H --output-hash H [--params-hash H]`.
pub async fn inference_log(a: LogArgs, s: &Signing, out: &Output) -> Result<()> {
	let max_charge = a.max_charge.as_deref().map(chain::parse_amount).transpose()?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	usage_charge(&chain, a.model_id, 1, max_charge, out).await?;
	let call = chain::call(
		"Inference",
		"log",
		vec![
			("model_id", Value::u128(a.model_id.into())),
			("input_hash", args::hash_value(&a.input_hash)),
			("output_hash", args::hash_value(&a.output_hash)),
			("params_hash", args::hash_value(&a.params_hash)),
		],
	);
	out.notice("submitting Inference.log and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	done.event("Inference", "InferenceLogged")
		.ok_or_else(|| anyhow!("the block has no Inference.InferenceLogged event"))?;
	let amount = charged(&done);
	if out.json {
		print_json(&json!({
			"modelId": a.model_id,
			"outputHash": format!("{:?}", a.output_hash),
			"charged": amount.to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"inference of model {} logged: output {:?}, charged {} (block {})",
			a.model_id,
			a.output_hash,
			chain::format_prov(amount),
			done.block_hash
		);
	}
	Ok(())
}

/// Quotes the usage charge of `count` inferences of `model_id`, says what it is, and refuses a
/// charge above `max_charge`. A quote the node refuses (unknown or retracted model) is left to
/// the dry run, which names the error, unless `max_charge` asks for a check.
///
/// The quote is taken at the best block just before submitting; a price raised by the owner in
/// the few seconds between the quote and the block that includes the call is not caught here
/// (docs/ROYALTIES.md, "Known limits").
async fn usage_charge(
	chain: &Chain,
	model_id: u64,
	count: u64,
	max_charge: Option<u128>,
	out: &Output,
) -> Result<()> {
	let quote = chain
		.query(
			"royalties_quoteUsage",
			chain.queries().quote_usage(Some(model_id.into()), Some(count.into()), None),
		)
		.await;
	let quote = match quote {
		Ok(quote) => quote,
		Err(e) if max_charge.is_some() => {
			bail!("cannot check --max-charge: {e}")
		}
		Err(_) => return Ok(()),
	};
	if quote.amount == 0 {
		out.notice(format!("model {model_id} has no price per inference: no usage charge"));
	} else {
		out.notice(format!(
			"usage charge: {} ({count} × {}), split among {} accounts",
			chain::format_prov(quote.amount),
			chain::format_prov(quote.price),
			quote.credits.len()
		));
	}
	if let Some(max) = max_charge {
		if quote.amount > max {
			bail!(
				"the usage charge {} is above --max-charge {}: nothing submitted (the model's \
				 price is {} per inference)",
				chain::format_prov(quote.amount),
				chain::format_prov(max),
				chain::format_prov(quote.price)
			);
		}
	}
	Ok(())
}

/// What the block says was charged (`Royalties.UsageCharged`), else zero.
fn charged(done: &chain::Finalized) -> u128 {
	done.event("Royalties", "UsageCharged").and_then(|e| e.u128_field("amount")).unwrap_or(0)
}
