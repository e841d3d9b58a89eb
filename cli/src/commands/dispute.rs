//! `provenance dispute open | respond | withdraw | show | list`: challenging a dataset, a model, an
//! inference claim or a batch (the opener's bond is held until the dispute ends), the owner's
//! answer, the opener's withdrawal, and looking disputes up. Who may open, answer or withdraw, the
//! target's existence and status, one open dispute per opener and target, and the bond are the
//! chain's rules, left to the dry run. Disputes are decided by governance (`Disputes.resolve`, a
//! council motion or Root; see docs/OPERATIONS.md), not by this command.

use super::{check_len, constant_u128, event_id, print_json, NotFound, Output, Signing};
use crate::{
	args,
	chain::{self, Chain},
	content,
};
use anyhow::{anyhow, bail, Context, Result};
use provenance_primitives::{
	views::DisputeView, DisputeKind, DisputeState, DisputeTarget, Verdict,
};
use provenance_rpc::{AccountId, ProvenanceApiClient};
use serde_json::{json, Value as Json};
use sp_core::H256;
use std::path::Path;
use subxt::dynamic::Value;

/// Arguments of `dispute open`.
pub struct DisputeOpen {
	/// What is challenged.
	pub target: DisputeTarget,
	/// What wrong is alleged.
	pub kind: DisputeKind,
	/// Hash of the evidence document.
	pub evidence: H256,
	/// Where the evidence can be read.
	pub uri: String,
}

/// The evidence hash of `--evidence-file FILE` (BLAKE2b-256 of its bytes) or `--evidence 0x…`.
pub fn evidence_hash(hash: Option<&str>, file: Option<&Path>) -> Result<H256> {
	match (hash, file) {
		(Some(text), None) => args::h256("--evidence", text),
		(None, Some(path)) => {
			let h = content::blake2_256_file(path)
				.with_context(|| format!("cannot read --evidence-file {}", path.display()))?;
			Ok(H256(h))
		}
		(None, None) => {
			bail!("give the evidence: --evidence-file FILE (hashed) or --evidence 0x…")
		}
		(Some(_), Some(_)) => bail!("give only one of --evidence and --evidence-file"),
	}
}

/// The name of a dispute kind, as in JSON.
fn kind_name(kind: DisputeKind) -> &'static str {
	match kind {
		DisputeKind::Ownership => "ownership",
		DisputeKind::License => "license",
		DisputeKind::Lineage => "lineage",
		DisputeKind::Content => "content",
		DisputeKind::Other => "other",
	}
}

/// `dataset 4`, `model 2`, `batch 3`, `model 1's claim to output 0x…`.
fn target_text(target: &DisputeTarget) -> String {
	match target {
		DisputeTarget::Dataset(id) => format!("dataset {id}"),
		DisputeTarget::Model(id) => format!("model {id}"),
		DisputeTarget::Batch(id) => format!("batch {id}"),
		DisputeTarget::Inference { output_hash, model_id } => {
			format!("model {model_id}'s claim to output {output_hash:?}")
		}
	}
}

fn state_text(state: &DisputeState<AccountId>) -> String {
	match state {
		DisputeState::Open => "open".into(),
		DisputeState::Withdrawn => "withdrawn".into(),
		DisputeState::Resolved(Verdict::Dismissed) => "resolved: dismissed".into(),
		DisputeState::Resolved(Verdict::Retract) => "resolved: retracted".into(),
		DisputeState::Resolved(Verdict::TransferTo(to)) => {
			format!("resolved: transferred to {to}")
		}
	}
}

/// As in JSON: text when UTF-8, else 0x-hex.
fn uri_text(uri: &[u8]) -> String {
	match std::str::from_utf8(uri) {
		Ok(text) => text.to_owned(),
		Err(_) => format!("0x{}", hex::encode(uri)),
	}
}

fn print_dispute(d: &DisputeView<AccountId>) {
	println!(
		"dispute {}: {} of {} ({})",
		d.id,
		kind_name(d.kind),
		target_text(&d.target),
		state_text(&d.state)
	);
	println!("  opener:   {} (bond {})", d.opener, chain::format_prov(d.bond));
	println!("  evidence: {:?} {}", d.evidence, uri_text(&d.uri));
	println!("  opened:   block {}", d.opened_at);
	match &d.response {
		Some(r) => {
			println!("  response: {:?} {} (block {})", r.evidence, uri_text(&r.uri), r.block)
		}
		None => println!("  response: none"),
	}
	if let Some(block) = d.closed_at {
		println!("  closed:   block {block}");
	}
}

/// The amount of the first `Royalties.EscrowReleased` event, if any.
fn escrow_released(done: &chain::Finalized) -> Option<u128> {
	done.event("Royalties", "EscrowReleased").and_then(|e| e.u128_field("amount"))
}

/// `provenance dispute open`.
pub async fn dispute_open(a: DisputeOpen, s: &Signing, out: &Output) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Disputes", "MaxUriLen", "--uri", a.uri.len()).await?;

	let call = chain::call(
		"Disputes",
		"open",
		vec![
			("target", args::dispute_target_value(&a.target)),
			("kind", Value::unnamed_variant(args::dispute_kind_variant(a.kind), [])),
			("evidence", args::hash_value(&a.evidence)),
			("uri", Value::from_bytes(a.uri.as_bytes())),
		],
	);
	match constant_u128(&chain, "Disputes", "DisputeBond").await {
		Some(bond) => out.notice(format!(
			"submitting Disputes.open ({} dispute about {}; a bond of {} is held until it ends) and waiting for finality…",
			kind_name(a.kind),
			target_text(&a.target),
			chain::format_prov(bond)
		)),
		None => out.notice("submitting Disputes.open and waiting for finality…"),
	}
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Disputes", "DisputeOpened", "id")?;
	let bond = done.event("Disputes", "DisputeOpened").and_then(|e| e.u128_field("bond"));
	if out.json {
		let target = serde_json::to_value(a.target)?;
		print_json(&json!({
			"disputeId": id,
			"target": target,
			"kind": kind_name(a.kind),
			"evidence": format!("{:?}", a.evidence),
			"uri": a.uri,
			"opener": me.to_string(),
			"bond": bond.map(|b| b.to_string()),
			"block": done.block_hash,
		}));
	} else {
		let bond = bond.map(chain::format_prov).unwrap_or_else(|| "?".into());
		println!(
			"dispute {id} opened: {} of {} (bond {bond} held; block {})",
			kind_name(a.kind),
			target_text(&a.target),
			done.block_hash
		);
	}
	Ok(())
}

/// `provenance dispute respond <id>`: the target owner's answer (a later one replaces it).
pub async fn dispute_respond(
	id: u64,
	evidence: H256,
	uri: &str,
	s: &Signing,
	out: &Output,
) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Disputes", "MaxUriLen", "--uri", uri.len()).await?;

	let call = chain::call(
		"Disputes",
		"respond",
		vec![
			("id", Value::u128(id.into())),
			("evidence", args::hash_value(&evidence)),
			("uri", Value::from_bytes(uri.as_bytes())),
		],
	);
	out.notice("submitting Disputes.respond and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	if done.event("Disputes", "DisputeResponded").is_none() {
		bail!(
			"finalized in block {}, but no Disputes.DisputeResponded event was found",
			done.block_hash
		);
	}
	if out.json {
		print_json(&json!({
			"disputeId": id,
			"owner": me.to_string(),
			"evidence": format!("{evidence:?}"),
			"uri": uri,
			"block": done.block_hash,
		}));
	} else {
		println!("dispute {id} answered with evidence {evidence:?} (block {})", done.block_hash);
	}
	Ok(())
}

/// `provenance dispute withdraw <id>`: the opener takes it back; the bond is released.
pub async fn dispute_withdraw(id: u64, s: &Signing, out: &Output) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	let call = chain::call("Disputes", "withdraw", vec![("id", Value::u128(id.into()))]);
	out.notice("submitting Disputes.withdraw and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let event = done.event("Disputes", "DisputeWithdrawn").ok_or_else(|| {
		anyhow!(
			"finalized in block {}, but no Disputes.DisputeWithdrawn event was found",
			done.block_hash
		)
	})?;
	let bond = event.u128_field("bond");
	let released = escrow_released(&done);
	if out.json {
		print_json(&json!({
			"disputeId": id,
			"opener": me.to_string(),
			"bond": bond.map(|b| b.to_string()),
			"escrowReleased": released.map(|r| r.to_string()),
			"block": done.block_hash,
		}));
	} else {
		let bond = bond.map(chain::format_prov).unwrap_or_else(|| "?".into());
		println!(
			"dispute {id} withdrawn: bond {bond} released to {me} (block {})",
			done.block_hash
		);
		if let Some(amount) = released {
			println!(
				"  royalties escrowed during the dispute released to the beneficiaries: {}",
				chain::format_prov(amount)
			);
		}
	}
	Ok(())
}

/// `provenance dispute show <id>`: the dispute as `provenance_getDispute` answers it; a
/// [`NotFound`] error (exit status 3) when there is none (`--json` prints `null` first).
pub async fn dispute_show(rpc: &str, id: u64, out: &Output) -> Result<()> {
	let chain = Chain::connect(rpc).await?;
	let Some(dispute) = chain
		.query("provenance_getDispute", chain.queries().get_dispute(Some(id.into()), None))
		.await?
	else {
		if out.json {
			print_json(&Json::Null);
		}
		return Err(NotFound(format!("dispute {id} does not exist on the chain at {rpc}")).into());
	};
	if out.json {
		print_json(&serde_json::to_value(&dispute)?);
	} else {
		print_dispute(&dispute);
	}
	Ok(())
}

/// `provenance dispute list --dataset ID | …`: every dispute about a target, open or closed, by id
/// (`provenance_disputesOf`, which lists a bounded number).
pub async fn dispute_list(rpc: &str, target: DisputeTarget, out: &Output) -> Result<()> {
	let chain = Chain::connect(rpc).await?;
	let disputes = chain
		.query("provenance_disputesOf", chain.queries().disputes_of(Some(target.into()), None))
		.await?;
	if out.json {
		print_json(&serde_json::to_value(&disputes)?);
	} else if disputes.is_empty() {
		println!("no disputes about {}", target_text(&target));
	} else {
		for (i, dispute) in disputes.iter().enumerate() {
			if i > 0 {
				println!();
			}
			print_dispute(dispute);
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn evidence_is_a_hash_or_the_blake2_256_of_a_file() {
		let hash = format!("0x{}", "cd".repeat(32));
		assert_eq!(evidence_hash(Some(&hash), None).unwrap(), H256([0xcd; 32]));
		let dir = tempfile::tempdir().unwrap();
		let file = dir.path().join("evidence.pdf");
		std::fs::write(&file, b"signed statement of authorship").unwrap();
		assert_eq!(
			evidence_hash(None, Some(&file)).unwrap(),
			H256(sp_crypto_hashing::blake2_256(b"signed statement of authorship"))
		);
		let refused = [
			(evidence_hash(None, None), "give the evidence"),
			(evidence_hash(Some(&hash), Some(&file)), "only one of"),
			(evidence_hash(Some("0x1234"), None), "64 hex digits"),
			(evidence_hash(None, Some(&dir.path().join("missing"))), "cannot read --evidence-file"),
		];
		for (result, message) in refused {
			let err = format!("{:#}", result.unwrap_err());
			assert!(err.contains(message), "{err}");
		}
	}

	#[test]
	fn disputes_read_as_text() {
		let alice: AccountId = AccountId::new([1; 32]);
		assert_eq!(target_text(&DisputeTarget::Dataset(4)), "dataset 4");
		assert!(target_text(&DisputeTarget::Inference { output_hash: H256::zero(), model_id: 2 })
			.starts_with("model 2's claim to output 0x0000"));
		assert_eq!(state_text(&DisputeState::Open), "open");
		assert_eq!(state_text(&DisputeState::Resolved(Verdict::Dismissed)), "resolved: dismissed");
		assert_eq!(
			state_text(&DisputeState::Resolved(Verdict::TransferTo(alice.clone()))),
			format!("resolved: transferred to {alice}")
		);
		assert_eq!(uri_text(b"ipfs://bafy"), "ipfs://bafy");
		assert_eq!(uri_text(&[0xff, 0x00]), "0xff00");
		assert_eq!(kind_name(DisputeKind::License), "license");
	}
}
