//! `provenance batch build | prove | verify`: a records file's batch root and proofs file, one
//! record's proof, and checking a proof against a root and count or an anchored batch.

use super::{print_json, Output};
use crate::{
	args,
	batch::{self, ProofsFile},
	chain::Chain,
};
use anyhow::{bail, ensure, Context, Result};
use provenance_primitives::{merkle::verify, views::BatchView};
use provenance_rpc::{AccountId, ProvenanceApiClient};
use serde_json::json;
use sp_core::H256;
use std::path::Path;

/// `provenance batch build <records.jsonl>`.
pub fn batch_build(records_path: &Path, proofs: Option<&Path>, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let records = batch::read_records(records_path)?;
	let parsed = started.elapsed();
	let proofs_path =
		proofs.map(Path::to_path_buf).unwrap_or_else(|| batch::default_proofs_path(records_path));
	let (summary, timings) = batch::build_timed(&records, &proofs_path)?;
	let elapsed = started.elapsed();
	if out.json {
		print_json(&json!({
			"root": format!("{:?}", summary.root),
			"count": summary.count,
			"depth": summary.depth,
			"proofs": proofs_path.display().to_string(),
		}));
	} else {
		println!("root:   {:?}", summary.root);
		println!("count:  {}", summary.count);
		println!("proofs: {}", proofs_path.display());
		out.notice(format!(
			"built in {:.2} s (records read {:.2} s, leaves {:.2} s, tree {:.2} s, proofs written {:.2} s)",
			elapsed.as_secs_f64(),
			parsed.as_secs_f64(),
			timings.leaves.as_secs_f64(),
			timings.tree.as_secs_f64(),
			timings.proofs.as_secs_f64()
		));
	}
	Ok(())
}

/// `provenance batch prove <proofs> --index N | --output-hash H`.
pub fn batch_prove(
	proofs: &Path,
	index: Option<u64>,
	output_hash: Option<&str>,
	write_to: Option<&Path>,
) -> Result<()> {
	let mut file = ProofsFile::open(proofs)?;
	let bundle = match (index, output_hash) {
		(Some(i), None) => file.at(i)?,
		(None, Some(h)) => file.find_output(&args::h256("--output-hash", h)?)?,
		_ => bail!("give exactly one of --index or --output-hash"),
	};
	let text = serde_json::to_string_pretty(&bundle)?;
	match write_to {
		Some(path) => std::fs::write(path, text + "\n")
			.with_context(|| format!("cannot write {}", path.display()))?,
		None => println!("{text}"),
	}
	Ok(())
}

/// Where `batch verify` takes the root and count from.
pub enum VerifyAgainst {
	/// Given on the command line.
	Root { root: String, count: u64 },
	/// An anchored batch, through `provenance_verifyInclusion`.
	Batch { batch_id: u64, rpc: String },
}

/// What a proof was checked against.
enum Target {
	/// A root and count from the command line.
	Root { root: H256, count: u64 },
	/// An anchored batch, as the node answered it.
	Batch(BatchView<AccountId>),
}

impl Target {
	/// The fields `--json` adds to the answer: `root` and `count`, or the `batch`.
	fn json(&self) -> Result<serde_json::Map<String, serde_json::Value>> {
		let mut fields = serde_json::Map::new();
		match self {
			Target::Root { root, count } => {
				fields.insert("root".into(), json!(format!("{root:?}")));
				fields.insert("count".into(), json!(count));
			}
			Target::Batch(batch) => {
				fields.insert("batch".into(), serde_json::to_value(batch)?);
			}
		}
		Ok(fields)
	}

	fn describe(&self) -> String {
		match self {
			Target::Root { root, count } => {
				format!("the batch with root {root:?} and {count} records")
			}
			Target::Batch(batch) => {
				format!("batch {} (root {:?}, {} records)", batch.id, batch.root, batch.count)
			}
		}
	}
}

/// `provenance batch verify <record> <proof> …`.
pub async fn batch_verify(
	record_arg: &str,
	proof_arg: &str,
	against: VerifyAgainst,
	out: &Output,
) -> Result<()> {
	let record = batch::record_from_json(&batch::read_json_arg("record", record_arg)?)?;
	let proof = batch::proof_from_json(&batch::read_json_arg("proof", proof_arg)?)?;
	let leaf_index = proof.leaf_index;
	let (valid, target) = match against {
		VerifyAgainst::Root { root, count } => {
			let root = args::h256("--root", &root)?;
			ensure!(count > 0, "--count must be at least 1");
			(verify(&root, count, &record, &proof), Target::Root { root, count })
		}
		VerifyAgainst::Batch { batch_id, rpc } => {
			let chain = Chain::connect(&rpc).await?;
			let answer = chain
				.query(
					"provenance_verifyInclusion",
					chain.queries().verify_inclusion(
						Some(batch_id.into()),
						Some(record.into()),
						Some(proof.into()),
						None,
					),
				)
				.await?;
			let Some(batch) = answer.batch else {
				bail!("batch {batch_id} does not exist on the chain at {rpc}");
			};
			(answer.valid, Target::Batch(batch))
		}
	};
	if out.json {
		let mut doc = serde_json::Map::new();
		doc.insert("valid".into(), json!(valid));
		doc.insert("leafIndex".into(), json!(leaf_index));
		doc.extend(target.json()?);
		print_json(&serde_json::Value::Object(doc));
	}
	if !valid {
		bail!(
			"proof does NOT verify: record {:?} at leaf index {} is not proven to be in {}",
			record.output_hash,
			leaf_index,
			target.describe()
		);
	}
	if !out.json {
		println!("valid: record at leaf index {leaf_index} is in {}", target.describe());
	}
	Ok(())
}
