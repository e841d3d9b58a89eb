//! `provenance inference anchor`: builds a batch from a records file and anchors its root on
//! chain for one model. Whether the model exists, is active and lets the signer anchor (owner or
//! operator) is left to the dry run.

use super::{check_len, event_id, print_json, Output, Signing};
use crate::{
	args, batch,
	chain::{self, Chain},
};
use anyhow::{bail, Result};
use serde_json::json;
use std::path::Path;
use subxt::dynamic::Value;

/// `provenance inference anchor <records.jsonl> --model ID`.
pub async fn inference_anchor(
	records_path: &Path,
	model_id: u64,
	uri: &str,
	proofs: Option<&Path>,
	s: &Signing,
	out: &Output,
) -> Result<()> {
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
			"block": done.block_hash,
		}));
	} else {
		println!(
			"batch {id} anchored: root {:?}, {} records (block {})",
			summary.root, summary.count, done.block_hash
		);
	}
	Ok(())
}
