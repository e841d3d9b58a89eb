//! `provenance receipt …`: a portable receipt of a record, built from a node's answers; and
//! `provenance verify-receipt FILE --chain-spec SPEC`: its offline check (crate::receipt,
//! docs/RECEIPTS.md).
//!
//! The anchor is the next block the node's GRANDPA voters finalize (`grandpa_subscribeJustifications`
//! hands out its justification), or with `--at` a block whose justification the node stored. The
//! hand-offs come from `grandpa_proveFinality`, which answers for a block of an ended authority
//! set with the justification of the block that ended it. The storage proof is
//! `state_getReadProof` of exactly the keys the verifier reads.

use super::{print_json, Output};
use crate::{
	chain::QueryClient,
	finality::{grandpa_set_id_key, header_from_json, scheduled_change, Header},
	receipt::{self, Blob, Finality, HandOff, Receipt, Subject, RECEIPT_VERSION},
};
use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, DecodeAll, Encode};
use jsonrpsee::core::client::SubscriptionClientT;
use provenance_primitives::BatchId;
use provenance_rpc::ProvenanceApiClient;
use serde_json::{json, Value as Json};
use sp_core::H256;
use sp_runtime::traits::Header as _;
use std::{collections::BTreeSet, path::Path, time::Duration};

/// How long `receipt` waits for the node to finalize a block that holds the record.
const ANCHOR_WAIT: Duration = Duration::from_secs(90);

/// `grandpa_proveFinality`'s answer (sc-consensus-grandpa's `FinalityProof`).
#[derive(Decode)]
struct FinalityProof {
	block: H256,
	justification: Vec<u8>,
	#[allow(dead_code)]
	unknown_headers: Vec<Header>,
}

/// What `receipt batch-record` reads: the batch and the record's files.
pub struct BatchRecordArgs<'a> {
	/// The anchored batch.
	pub batch_id: BatchId,
	/// The record: a file, inline JSON or `-` (a `batch prove` output works too).
	pub record: &'a str,
	/// Its inclusion proof: a file, inline JSON or `-` (a `batch prove` output works too).
	pub proof: &'a str,
}

/// The subject of a batch-record receipt, from its files.
pub fn batch_record_subject(args: BatchRecordArgs<'_>) -> Result<Subject> {
	let record =
		crate::batch::record_from_json(&crate::batch::read_json_arg("record", args.record)?)?;
	let proof = crate::batch::proof_from_json(&crate::batch::read_json_arg("proof", args.proof)?)?;
	Ok(Subject::BatchRecord { batch_id: args.batch_id, record, proof })
}

/// `provenance receipt …`: builds the receipt and writes it to `out_path`.
pub async fn receipt(
	subject: Subject,
	at: Option<&str>,
	out_path: &Path,
	rpc: &str,
	out: &Output,
) -> Result<()> {
	let started = std::time::Instant::now();
	let node = QueryClient::connect(rpc).await?;
	let genesis: H256 = parse_hash(&node.raw("chain_getBlockHash", vec![json!(0)]).await?)?;
	let built = match at {
		Some(at) => {
			let hash: H256 =
				at.parse().map_err(|e| anyhow!("--at {at}: not a block hash: {e:?}"))?;
			let (header, justification) = stored_justification(&node, hash).await?;
			build(&node, &subject, genesis, header, justification).await?
		}
		None => build_at_next_justification(&node, &subject, genesis).await?,
	};
	let (receipt, verified) = built;
	let text = serde_json::to_string_pretty(&receipt)? + "\n";
	std::fs::write(out_path, &text)
		.with_context(|| format!("cannot write {}", out_path.display()))?;
	if out.json {
		print_json(&json!({
			"file": out_path.display().to_string(),
			"bytes": text.len(),
			"block": verified.proven["block"],
			"handOffs": receipt.finality.hand_offs.len(),
			"proofNodes": receipt.state_proof.len(),
		}));
	} else {
		println!("{}", verified.statement);
		println!(
			"receipt: {} ({} bytes, {} authority-set hand-offs, {} proof nodes)",
			out_path.display(),
			text.len(),
			receipt.finality.hand_offs.len(),
			receipt.state_proof.len()
		);
		out.notice(format!("built in {:.1} s", started.elapsed().as_secs_f64()));
	}
	Ok(())
}

/// Waits for the node's next justifications until one finalizes a block whose state holds the
/// record (a record registered a moment ago is in the state a few seconds later).
async fn build_at_next_justification(
	node: &QueryClient,
	subject: &Subject,
	genesis: H256,
) -> Result<(Receipt, receipt::Verified)> {
	let mut justifications = node
		.query(
			"grandpa_subscribeJustifications",
			node.queries().subscribe::<String, _>(
				"grandpa_subscribeJustifications",
				jsonrpsee::rpc_params![],
				"grandpa_unsubscribeJustifications",
			),
		)
		.await?;
	let deadline = tokio::time::Instant::now() + ANCHOR_WAIT;
	let mut last_failure = None;
	loop {
		let next =
			tokio::time::timeout_at(deadline, justifications.next()).await.map_err(|_| {
				match &last_failure {
					Some(failure) => anyhow!(
						"no finalized block within {} s proves it: {failure}",
						ANCHOR_WAIT.as_secs()
					),
					None => anyhow!(
						"the node finalized no block within {} s (is GRANDPA running?)",
						ANCHOR_WAIT.as_secs()
					),
				}
			})?;
		let encoded = next
			.ok_or_else(|| anyhow!("the node closed the justification subscription"))?
			.map_err(|e| anyhow!("grandpa_subscribeJustifications: {e}"))?;
		let justification = hex_bytes(&encoded)?;
		let target = sp_consensus_grandpa::GrandpaJustification::<Header>::decode_all(
			&mut justification.as_slice(),
		)
		.map_err(|e| anyhow!("the node sent a justification that does not decode: {e}"))?
		.commit
		.target_hash;
		let header = header_at(node, target).await?;
		match build(node, subject, genesis, header, justification).await {
			Ok(built) => return Ok(built),
			// The record is not in this block's state (yet): wait for the next one.
			Err(e)
				if matches!(
					e.downcast_ref::<crate::finality::Failure>(),
					Some(crate::finality::Failure::Absent(_))
				) =>
			{
				last_failure = Some(e);
			}
			Err(e) => return Err(e),
		}
	}
}

/// The header of `hash` and the GRANDPA justification the node stored for it.
async fn stored_justification(node: &QueryClient, hash: H256) -> Result<(Header, Vec<u8>)> {
	let block = node.raw("chain_getBlock", vec![json!(hash)]).await?;
	if block.is_null() {
		bail!("the node has no block {hash:?}");
	}
	let header = header_from_json(&block["block"]["header"]).map_err(|e| anyhow!(e))?;
	// `[[engine id, bytes]]`, both as arrays of numbers.
	let stored = block["justifications"].as_array().and_then(|all| {
		all.iter().find(|j| j[0] == json!(sp_consensus_grandpa::GRANDPA_ENGINE_ID)).cloned()
	});
	if let Some(entry) = stored {
		let bytes: Vec<u8> = serde_json::from_value(entry[1].clone())
			.map_err(|e| anyhow!("the stored justification is not bytes: {e}"))?;
		return Ok((header, bytes));
	}
	bail!(
		"the node stored no GRANDPA justification for block #{} {hash:?} (nodes keep one per \
		 authority-set change and per justification period): leave out --at to anchor at the \
		 next finalized block",
		header.number()
	)
}

/// The receipt at the anchor `header`, finalized by `justification`.
async fn build(
	node: &QueryClient,
	subject: &Subject,
	genesis: H256,
	header: Header,
	justification: Vec<u8>,
) -> Result<(Receipt, receipt::Verified)> {
	let anchor = header.hash();
	let set_id = anchor_set_id(node, &header).await?;
	let hand_offs = hand_offs(node, set_id, *header.number()).await?;
	let (models, datasets) = lineage(node, subject, anchor).await?;
	let keys = receipt::keys(subject, &models, &datasets);
	let keys_json: Vec<Json> =
		keys.iter().map(|k| json!(format!("0x{}", hex::encode(k)))).collect();
	let proof = node.raw("state_getReadProof", vec![json!(keys_json), json!(anchor)]).await?;
	let nodes = proof["proof"]
		.as_array()
		.ok_or_else(|| anyhow!("state_getReadProof answered without proof nodes"))?
		.iter()
		.map(|n| n.as_str().map(hex_bytes).unwrap_or_else(|| bail!("a proof node is not hex")))
		.collect::<Result<Vec<_>>>()?;
	let mut receipt = Receipt {
		version: RECEIPT_VERSION,
		genesis_hash: genesis,
		subject: subject.clone(),
		finality: Finality {
			hand_offs,
			header: Blob(header.encode()),
			justification: Blob(justification),
		},
		state_proof: nodes.into_iter().map(Blob).collect(),
		proven: Json::Null,
	};
	let verified = receipt::read_state(&receipt, &header, set_id, genesis)?;
	receipt.proven = verified.proven.clone();
	Ok((receipt, verified))
}

/// The id of the authority set that finalized `header`: `Grandpa::CurrentSetId` in its state,
/// less one when the block itself enacts a change (its justification is the outgoing set's).
async fn anchor_set_id(node: &QueryClient, header: &Header) -> Result<u64> {
	let key = format!("0x{}", hex::encode(grandpa_set_id_key()));
	let value = node.raw("state_getStorage", vec![json!(key), json!(header.hash())]).await?;
	let current = match value.as_str() {
		Some(text) => u64::decode_all(&mut hex_bytes(text)?.as_slice())
			.map_err(|e| anyhow!("Grandpa::CurrentSetId does not decode: {e}"))?,
		None => 0,
	};
	let enacts_change = scheduled_change(header).map_err(|f| anyhow!("{f}"))?.is_some();
	Ok(if enacts_change { current.saturating_sub(1) } else { current })
}

/// The first `count` authority-set hand-offs, each before block `before`.
async fn hand_offs(node: &QueryClient, count: u64, before: u32) -> Result<Vec<HandOff>> {
	let mut hand_offs = Vec::new();
	let mut from = 1u32;
	while (hand_offs.len() as u64) < count {
		let answer =
			node.raw("grandpa_proveFinality", vec![json!(from)]).await.with_context(|| {
				format!(
					"the node cannot prove the end of the authority set of block #{from} (a node \
				 that warp-synced lacks the history of authority-set changes: ask an archive \
				 node)"
				)
			})?;
		let text =
			answer.as_str().ok_or_else(|| {
				anyhow!("grandpa_proveFinality({from}) answered no proof: the node lacks the justification")
			})?;
		let proof = FinalityProof::decode_all(&mut hex_bytes(text)?.as_slice())
			.map_err(|e| anyhow!("grandpa_proveFinality({from}) does not decode: {e}"))?;
		let header = header_at(node, proof.block).await?;
		let number = *header.number();
		let enacts = scheduled_change(&header).map_err(|f| anyhow!("{f}"))?.is_some();
		if !enacts || number >= before {
			bail!(
				"the node knows {} authority-set changes before block #{before}, the chain made \
				 {count} (a node that warp-synced lacks that history: ask an archive node)",
				hand_offs.len()
			);
		}
		hand_offs.push(HandOff {
			header: Blob(header.encode()),
			justification: Blob(proof.justification),
		});
		from = number.saturating_add(1);
	}
	Ok(hand_offs)
}

/// For a model receipt with lineage: the ancestor models (and the model) and the datasets, as
/// the node's lineage walk at the anchor finds them (a receipt proves all of them).
async fn lineage(
	node: &QueryClient,
	subject: &Subject,
	anchor: H256,
) -> Result<(BTreeSet<u64>, BTreeSet<u64>)> {
	let Subject::Model { id, with_lineage: true } = subject else {
		return Ok(Default::default());
	};
	let lineage = node
		.query(
			"provenance_lineage",
			node.queries().lineage(Some((*id).into()), None, Some(anchor.into())),
		)
		.await?
		.ok_or_else(|| {
			crate::finality::Failure::Record(format!(
				"model {id} is not in the state at {anchor:?}"
			))
		})?;
	if lineage.truncated {
		bail!("model {id}'s lineage is larger than the node's lineage walk: no receipt can prove it whole");
	}
	let records = 1 + lineage.models.len() + lineage.datasets.len();
	if records > receipt::MAX_LINEAGE_RECORDS {
		bail!(
			"model {id}'s lineage has {records} records, more than a receipt proves ({}): make a \
			 receipt of the model alone, or of its ancestors one by one",
			receipt::MAX_LINEAGE_RECORDS
		);
	}
	let models = std::iter::once(*id).chain(lineage.models.iter().map(|m| m.id)).collect();
	let datasets = lineage.datasets.iter().map(|d| d.id).collect();
	Ok((models, datasets))
}

async fn header_at(node: &QueryClient, hash: H256) -> Result<Header> {
	let header = node.raw("chain_getHeader", vec![json!(hash)]).await?;
	if header.is_null() {
		bail!("the node has no header {hash:?}");
	}
	header_from_json(&header).map_err(|e| anyhow!("header {hash:?}: {e}"))
}

fn parse_hash(value: &Json) -> Result<H256> {
	value
		.as_str()
		.and_then(|text| text.parse().ok())
		.ok_or_else(|| anyhow!("the node answered {value} where a block hash was expected"))
}

fn hex_bytes(text: &str) -> Result<Vec<u8>> {
	hex::decode(text.trim_start_matches("0x")).map_err(|e| anyhow!("not hex: {e}"))
}

/// `provenance verify-receipt FILE --chain-spec SPEC`: exit status 0 when it verifies, 2 when
/// it does not (the message names what failed), 1 when a file cannot be read.
pub fn verify_receipt(file: &Path, chain_spec: &Path, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let text =
		std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
	let spec_text = std::fs::read_to_string(chain_spec)
		.with_context(|| format!("cannot read {}", chain_spec.display()))?;
	let spec: Json = serde_json::from_str(&spec_text)
		.with_context(|| format!("{} is not a JSON chain spec", chain_spec.display()))?;
	let result = receipt::parse(&text).and_then(|r| receipt::verify(&r, &spec));
	let elapsed = started.elapsed();
	match result {
		Ok(verified) => {
			if out.json {
				print_json(&json!({
					"valid": true,
					"statement": verified.statement,
					"proven": verified.proven,
					"developmentKeys": verified.development_keys,
					"verifiedInMs": elapsed.as_secs_f64() * 1e3,
				}));
			} else {
				println!("valid receipt: {}", verified.statement);
				out.notice(format!("verified offline in {:.1} ms", elapsed.as_secs_f64() * 1e3));
			}
			if verified.development_keys {
				eprintln!(
					"warning: this chain's first GRANDPA authority set is the public development \
					 keys (//Alice …): anyone can sign for it, so its receipts prove nothing outside \
					 a test chain"
				);
			}
			Ok(())
		}
		Err(failure) => {
			if out.json {
				print_json(&json!({
					"valid": false,
					"failure": { "class": failure.class(), "message": failure.to_string() },
				}));
			} else {
				eprintln!("receipt does NOT verify: {failure}");
			}
			Err(super::Exit(INVALID_RECEIPT_EXIT).into())
		}
	}
}

/// Exit status of `verify-receipt` for a receipt that does not verify.
pub const INVALID_RECEIPT_EXIT: u8 = 2;
