//! `provenance verify PATH`: is this file or folder a registered dataset or model, and what is its
//! standing? The path is hashed (hashing v2, the same exclusions as `hash`) while the connection
//! to the node is opened, then the root is looked up in both registries and, for a model, its
//! whole ancestry with every ancestor's status.
//!
//! Exit status (SPEC "Command-line tool"): 0 registered and active, 3 not registered, 4 disputed,
//! retracted or displaced, 1 any error. An active model with a retracted or displaced ancestor
//! exits 0 (the record itself stands) and says so (`taintedAncestry`).

use super::{print_json, Exit, Output};
use crate::{args::status_name, chain::QueryClient, content};
use anyhow::{Context, Result};
use provenance_primitives::{
	views::{DatasetView, Lineage, ModelView},
	Status,
};
use provenance_rpc::{AccountId, ProvenanceApiClient};
use serde_json::json;
use std::{path::Path, time::Instant};

/// Exit status of a path that is not registered.
pub const NOT_REGISTERED_EXIT: u8 = 3;
/// Exit status of a registration that is disputed, retracted or displaced.
pub const NOT_IN_GOOD_STANDING_EXIT: u8 = 4;

/// `provenance verify PATH`. Returns normally only for exit status 0; the other outcomes are an
/// [`Exit`] after the answer was printed.
pub async fn verify(
	path: &Path,
	exclusions: &content::Exclusions,
	rpc: &str,
	out: &Output,
) -> Result<()> {
	let started = Instant::now();
	// Connect while hashing: the node's answer then costs only the look-ups' round trips.
	let connecting = tokio::spawn({
		let rpc = rpc.to_owned();
		async move { QueryClient::connect(&rpc).await }
	});
	let hashed = {
		let (path, exclusions, out) = (path.to_path_buf(), exclusions.clone(), out.clone());
		tokio::task::spawn_blocking(move || super::hash_with_progress(&path, &exclusions, &out))
			.await
			.context("the hashing task failed")??
	};
	let hashed_at = started.elapsed();
	let chain = connecting.await.context("the connecting task failed")??;
	let root = hashed.root;
	let (dataset, model) = futures::future::try_join(
		chain.query(
			"provenance_getDatasetByRoot",
			chain.queries().get_dataset_by_root(Some(root.into()), None),
		),
		chain.query(
			"provenance_getModelByRoot",
			chain.queries().get_model_by_root(Some(root.into()), None),
		),
	)
	.await?;
	let dataset: Option<DatasetView<AccountId>> = dataset;
	let model: Option<ModelView<AccountId>> = model;
	let lineage: Option<Lineage> = match &model {
		Some(m) => {
			chain
				.query("provenance_lineage", chain.queries().lineage(Some(m.id.into()), None, None))
				.await?
		}
		None => None,
	};
	let answered_at = started.elapsed();

	let mut statuses = Vec::new();
	statuses.extend(dataset.as_ref().map(|d| d.status));
	statuses.extend(model.as_ref().map(|m| m.status));
	let code = if statuses.is_empty() {
		NOT_REGISTERED_EXIT
	} else if statuses.iter().all(|s| *s == Status::Active) {
		0
	} else {
		NOT_IN_GOOD_STANDING_EXIT
	};

	if out.json {
		let mut doc = json!({
			"path": path.display().to_string(),
			"root": format!("{root:?}"),
			"fileCount": hashed.files.len(),
			"totalBytes": hashed.total_bytes,
			"excluded": hashed.excluded,
			"registered": !statuses.is_empty(),
			"dataset": dataset,
			"model": model,
			"exitCode": code,
			"timings": {
				"hashingMs": hashed_at.as_millis() as u64,
				"lookupMs": (answered_at - hashed_at).as_millis() as u64,
			},
		});
		if let Some(l) = &lineage {
			doc["ancestors"] = json!({
				"models": l.models,
				"datasets": l.datasets,
				"edges": l.edges,
				"taintedAncestry": l.tainted_ancestry,
				"truncated": l.truncated,
			});
		}
		print_json(&doc);
	} else {
		println!("{root:?}  {}", path.display());
		if statuses.is_empty() {
			println!("not registered: no dataset or model has this root on {rpc}");
		}
		if let Some(d) = &dataset {
			println!(
				"dataset {}: {} (owner {}, registered at block {})",
				d.id,
				status_name(d.status),
				d.owner,
				d.registered_at
			);
		}
		if let Some(m) = &model {
			println!(
				"model {}: {} (owner {}, registered at block {})",
				m.id,
				status_name(m.status),
				m.owner,
				m.registered_at
			);
		}
		if let Some(l) = &lineage {
			let line = |kind: &str, nodes: &[provenance_primitives::views::LineageNode]| {
				for n in nodes {
					println!("  ancestor {kind} {}: {}", n.id, status_name(n.status));
				}
			};
			line("model", &l.models);
			line("dataset", &l.datasets);
			if l.tainted_ancestry {
				println!("  tainted ancestry: an ancestor is retracted or displaced");
			}
			if l.truncated {
				println!("  (ancestry truncated at the node's walk limits)");
			}
		}
		out.notice(format!(
			"hashed {} files in {} ms, answered {} ms later",
			hashed.files.len(),
			hashed_at.as_millis(),
			(answered_at - hashed_at).as_millis()
		));
	}
	if code == 0 {
		Ok(())
	} else {
		Err(Exit(code).into())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_status_has_a_name() {
		let names: Vec<_> =
			[Status::Active, Status::Disputed, Status::Retracted, Status::Displaced]
				.into_iter()
				.map(status_name)
				.collect();
		assert_eq!(names, ["active", "disputed", "retracted", "displaced"]);
	}
}
