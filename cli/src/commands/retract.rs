//! `provenance dataset retract` and `provenance model retract`: the owner withdraws a record
//! (`Datasets.retract` / `Models.retract`). The record stays for history with status `retracted`;
//! new models can no longer use it, and `verify` on its files exits with status 4.

use super::{check_len, print_json, Output, Signing};
use crate::{
	args,
	chain::{self, Chain},
};
use anyhow::{anyhow, Result};
use serde_json::json;
use subxt::dynamic::Value;

/// Which registry a retraction is for.
#[derive(Clone, Copy, Debug)]
pub enum Registry {
	/// `Datasets`.
	Dataset,
	/// `Models`.
	Model,
}

impl Registry {
	fn pallet(self) -> &'static str {
		match self {
			Registry::Dataset => "Datasets",
			Registry::Model => "Models",
		}
	}
	fn event(self) -> &'static str {
		match self {
			Registry::Dataset => "DatasetRetracted",
			Registry::Model => "ModelRetracted",
		}
	}
	fn noun(self) -> &'static str {
		match self {
			Registry::Dataset => "dataset",
			Registry::Model => "model",
		}
	}
}

/// `provenance (dataset|model) retract ID --reason TEXT`.
pub async fn retract(
	registry: Registry,
	id: u64,
	reason: &str,
	s: &Signing,
	out: &Output,
) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	let pallet = registry.pallet();
	check_len(&chain, pallet, "MaxReasonLen", "--reason", reason.len()).await?;
	let call = chain::call(
		pallet,
		"retract",
		vec![("id", Value::u128(id.into())), ("reason", Value::from_bytes(reason.as_bytes()))],
	);
	out.notice(format!("submitting {pallet}.retract and waiting for finality…"));
	let done = chain.submit(&call, &signer, s.timeout).await?;
	done.event(pallet, registry.event()).ok_or_else(|| {
		anyhow!(
			"finalized in block {}, but no {pallet}.{} event was found",
			done.block_hash,
			registry.event()
		)
	})?;
	if out.json {
		print_json(
			&json!({ "id": id, "retracted": registry.noun(), "reason": reason, "block": done.block_hash }),
		);
	} else {
		println!("{} {id} retracted (block {})", registry.noun(), done.block_hash);
	}
	Ok(())
}
