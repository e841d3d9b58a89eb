//! `provenance export (model|dataset) ID --format spdx3|cyclonedx|prov`: reads the record and its
//! lineage at the finalized head (one block for every query, so the document is consistent) and
//! prints a standard document ([`crate::export`]).

use super::{print_json, NotFound, Output};
use crate::{
	chain::QueryClient,
	export::{self, Graph},
};
use anyhow::{anyhow, Context, Result};
use provenance_primitives::Asset;
use provenance_rpc::ProvenanceApiClient;
use serde_json::{json, Value as Json};
use sp_core::H256;
use std::{collections::BTreeMap, path::Path, str::FromStr};

/// The document formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
	/// SPDX 3.0.1 JSON-LD, AI and Dataset profiles.
	Spdx3,
	/// CycloneDX 1.6 JSON (ML-BOM).
	Cyclonedx,
	/// W3C PROV-JSON.
	Prov,
}

/// Longest chain of previous versions a dataset export follows.
const MAX_PREVIOUS_VERSIONS: usize = 64;

fn hash_of(value: &Json, what: &str) -> Result<H256> {
	value
		.as_str()
		.and_then(|s| H256::from_str(s).ok())
		.ok_or_else(|| anyhow!("{what}: expected a block hash, got {value}"))
}

/// Reads everything the document needs at one block.
async fn read_graph(chain: &QueryClient, subject: Asset) -> Result<Graph> {
	let at =
		hash_of(&chain.raw("chain_getFinalizedHead", vec![]).await?, "chain_getFinalizedHead")?;
	let header = chain.raw("chain_getHeader", vec![json!(format!("{at:?}"))]).await?;
	let number = header["number"]
		.as_str()
		.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| anyhow!("chain_getHeader: no block number in {header}"))?;
	let genesis =
		hash_of(&chain.raw("chain_getBlockHash", vec![json!(0)]).await?, "chain_getBlockHash")?;
	let name = chain.raw("system_chain", vec![]).await?.as_str().unwrap_or_default().to_owned();
	let q = chain.queries();
	let at_param = || Some(at.into());
	let mut models = BTreeMap::new();
	let mut datasets = BTreeMap::new();
	let mut truncated = false;
	match subject {
		Asset::Model(id) => {
			let lineage = chain
				.query("provenance_lineage", q.lineage(Some(id.into()), None, at_param()))
				.await?
				.ok_or_else(|| NotFound(format!("model {id} does not exist")))?;
			truncated = lineage.truncated;
			let ids: Vec<u64> =
				std::iter::once(id).chain(lineage.models.iter().map(|m| m.id)).collect();
			for m in ids {
				let view = chain
					.query("provenance_getModel", q.get_model(Some(m.into()), at_param()))
					.await?
					.with_context(|| format!("model {m} vanished while reading"))?;
				models.insert(m, view);
			}
			for d in lineage.datasets.iter().map(|d| d.id) {
				let view = chain
					.query("provenance_getDataset", q.get_dataset(Some(d.into()), at_param()))
					.await?
					.with_context(|| format!("dataset {d} vanished while reading"))?;
				datasets.insert(d, view);
			}
		}
		Asset::Dataset(id) => {
			let mut next = Some(id);
			while let Some(d) = next {
				if datasets.contains_key(&d) {
					break;
				}
				if datasets.len() == MAX_PREVIOUS_VERSIONS {
					truncated = true;
					break;
				}
				let view = chain
					.query("provenance_getDataset", q.get_dataset(Some(d.into()), at_param()))
					.await?;
				let Some(view) = view else {
					if d == id {
						return Err(NotFound(format!("dataset {id} does not exist")).into());
					}
					break;
				};
				next = view.previous_version;
				datasets.insert(d, view);
			}
		}
	}
	Ok(Graph {
		genesis,
		chain: name,
		at: (at, number),
		created: export::now_rfc3339(),
		subject,
		models,
		datasets,
		truncated,
	})
}

/// `provenance export`.
pub async fn export(
	subject: Asset,
	format: ExportFormat,
	out_file: Option<&Path>,
	rpc: &str,
	out: &Output,
) -> Result<()> {
	let chain = QueryClient::connect(rpc).await?;
	let graph = read_graph(&chain, subject).await?;
	let doc = match format {
		ExportFormat::Spdx3 => export::spdx3(&graph),
		ExportFormat::Cyclonedx => export::cyclonedx(&graph),
		ExportFormat::Prov => export::prov(&graph),
	};
	match out_file {
		Some(path) => {
			let text = serde_json::to_string_pretty(&doc)? + "\n";
			std::fs::write(path, text)
				.with_context(|| format!("cannot write {}", path.display()))?;
			out.notice(format!(
				"{} models and {} datasets at block #{} written to {}",
				graph.models.len(),
				graph.datasets.len(),
				graph.at.1,
				path.display()
			));
		}
		None => print_json(&doc),
	}
	Ok(())
}
