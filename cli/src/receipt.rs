//! Portable receipts: a JSON file that proves a record was in the finalized state of Provenance
//! Chain, checked offline from the chain spec alone (docs/RECEIPTS.md specifies the format and
//! the steps; the JS client implements the same checks).
//!
//! A receipt holds the finalized header of an *anchor* block and its GRANDPA justification, the
//! authority-set *hand-offs* since genesis (each the header that enacted a change and the
//! justification of the outgoing set), a storage proof of the record's keys against the anchor's
//! state root, and for a batch record its Merkle inclusion proof. [`verify`] recomputes every
//! storage key from the subject (it never trusts a key from the file), and compares the
//! human-readable copy (`proven`) with what it decoded itself, so a change to any value fails.
//!
//! This module does no I/O; `provenance receipt …` (commands::receipt) builds receipts from a
//! node, `provenance verify-receipt` checks them.

use crate::finality::{
	genesis_from_raw_spec, scheduled_change, storage_value_key, verify_justification, Failure,
	Header, ProvenState,
};
use base64::{engine::general_purpose::STANDARD, Engine as _};
use codec::{Decode, DecodeAll, Encode};
use provenance_primitives::{
	merkle::{self, InclusionProof, InferenceRecord},
	views::{BatchView, DatasetView, InferenceView, ModelView},
	BatchId, DatasetId, Derivation, License, ModelId, Status,
};
use serde::{Deserialize, Serialize};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::{traits::Header as _, Perbill};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The receipt format this code writes and reads.
pub const RECEIPT_VERSION: u32 = 1;

/// Most records one lineage receipt proves (ancestor models and datasets together).
pub const MAX_LINEAGE_RECORDS: usize = 1024;

/// Most authority-set hand-offs a receipt may carry.
pub const MAX_HAND_OFFS: usize = 100_000;

/// A receipt, as its JSON file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Receipt {
	/// Format version, [`RECEIPT_VERSION`].
	pub version: u32,
	/// The chain's genesis hash (the chain spec must give the same).
	#[serde(with = "strict::hash")]
	pub genesis_hash: H256,
	/// What the receipt proves.
	pub subject: Subject,
	/// The anchor block, its justification and the hand-offs that lead to its authority set.
	pub finality: Finality,
	/// Trie nodes (base64) proving the subject's storage keys against the anchor's state root.
	pub state_proof: Vec<Blob>,
	/// What the proof proves, for humans; the verifier recomputes it and requires equality.
	pub proven: serde_json::Value,
}

/// The record a receipt is about.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(
	tag = "kind",
	rename_all = "camelCase",
	rename_all_fields = "camelCase",
	deny_unknown_fields
)]
pub enum Subject {
	/// A registered dataset.
	Dataset {
		/// Its id.
		id: DatasetId,
	},
	/// A registered model, and with `with_lineage` every ancestor model and every dataset any of
	/// them was trained on.
	Model {
		/// Its id.
		id: ModelId,
		/// Whether the whole lineage is proven.
		with_lineage: bool,
	},
	/// A model's claim to an output, logged one by one.
	Inference {
		/// BLAKE2b-256 of the output.
		#[serde(with = "strict::hash")]
		output_hash: H256,
		/// The model that claims it.
		model_id: ModelId,
	},
	/// One record of an anchored batch.
	BatchRecord {
		/// The anchored batch.
		batch_id: BatchId,
		/// The record.
		#[serde(with = "strict::record")]
		record: InferenceRecord,
		/// Its inclusion proof in the batch.
		#[serde(with = "strict::proof")]
		proof: InclusionProof,
	},
}

/// Finality of the anchor block.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finality {
	/// Every authority-set change from genesis to the anchor, oldest first.
	pub hand_offs: Vec<HandOff>,
	/// SCALE of the anchor block's header.
	pub header: Blob,
	/// SCALE of the GRANDPA justification that finalizes the anchor block.
	pub justification: Blob,
}

/// One authority-set change: the block that enacted it, finalized by the outgoing set.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HandOff {
	/// SCALE of the header whose GRANDPA `ScheduledChange` log names the next set.
	pub header: Blob,
	/// SCALE of the outgoing set's justification of that header.
	pub justification: Blob,
}

/// Bytes, written as standard base64 in JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob(pub Vec<u8>);

impl Serialize for Blob {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&STANDARD.encode(&self.0))
	}
}

impl<'de> Deserialize<'de> for Blob {
	fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
		let text = String::deserialize(d)?;
		STANDARD.decode(text.as_bytes()).map(Blob).map_err(serde::de::Error::custom)
	}
}

/// What a receipt proved.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
	/// The anchor block's number.
	pub block_number: u32,
	/// The anchor block's hash.
	pub block_hash: H256,
	/// `Timestamp::Now` at the anchor block, in milliseconds since the Unix epoch.
	pub timestamp_ms: u64,
	/// The GRANDPA authority set that finalized the anchor block.
	pub set_id: u64,
	/// The proven records, in the JSON shape of the node's RPC answers (`proven`).
	pub proven: serde_json::Value,
	/// One sentence per proven fact, for humans.
	pub statement: String,
	/// The chain's first GRANDPA set is (more than two thirds) the public development keys
	/// `//Alice` … `//Ferdie`: anyone can sign for it, so its receipts prove nothing outside a
	/// test chain. (Set by [`prove`]; `false` from [`read_state`].)
	pub development_keys: bool,
}

/// The ed25519 public keys of the development accounts `//Alice` … `//Ferdie` (what
/// `provenance-node key inspect --scheme ed25519 //Alice` prints; a test derives them again).
pub const DEVELOPMENT_KEYS: [[u8; 32]; 6] = [
	hex_literal(b"88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"),
	hex_literal(b"d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69"),
	hex_literal(b"439660b36c6c03afafca027b910b4fecf99801834c62a5e6006f27d978de234f"),
	hex_literal(b"5e639b43e0052c47447dac87d6fd2b6ec50bdd4d0f614e4299c665249bbd09d9"),
	hex_literal(b"1dfe3e22cc0d45c70779c1095f7489a8ef3cf52d62fbd8c2fa38c9f1723502b5"),
	hex_literal(b"568cb4a574c6d178feb39c27dfc8b3f789e5f5423e19c71633c748b9acf086b5"),
];

/// 32 bytes from 64 hex digits, at compile time.
const fn hex_literal(digits: &[u8; 64]) -> [u8; 32] {
	const fn nibble(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("not a lowercase hex digit"),
		}
	}
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = nibble(digits[2 * i]) << 4 | nibble(digits[2 * i + 1]);
		i += 1;
	}
	out
}

/// Whether the public development keys hold enough of `authorities`' weight to finalize.
pub fn development_keys(authorities: &sp_consensus_grandpa::AuthorityList) -> bool {
	let total = authorities.iter().fold(0u64, |sum, (_, w)| sum.saturating_add(*w));
	let signed = authorities
		.iter()
		.filter(|(id, _)| {
			DEVELOPMENT_KEYS.iter().any(|key| AsRef::<[u8]>::as_ref(id) == key.as_slice())
		})
		.fold(0u64, |sum, (_, w)| sum.saturating_add(*w));
	total > 0 && signed >= total - (total - 1) / 3
}

/// Parses a receipt file's text.
pub fn parse(text: &str) -> Result<Receipt, Failure> {
	let receipt: Receipt =
		serde_json::from_str(text).map_err(|e| Failure::Format(format!("not a receipt: {e}")))?;
	if receipt.version != RECEIPT_VERSION {
		return Err(Failure::Format(format!(
			"version {} is not supported (this verifier reads version {RECEIPT_VERSION})",
			receipt.version
		)));
	}
	integers_only(&receipt.proven, "proven")?;
	Ok(receipt)
}

/// Refuses a number in `value` that is not a non-negative integer (`proven` holds ids, block
/// numbers, sizes and shares only), as the JS verifier's reader does.
fn integers_only(value: &serde_json::Value, path: &str) -> Result<(), Failure> {
	use serde_json::Value;
	match value {
		Value::Number(n) if n.as_u64().is_none() => Err(Failure::Format(format!(
			"not a receipt: {path} is {n}, not a non-negative integer"
		))),
		Value::Array(items) => items
			.iter()
			.enumerate()
			.try_for_each(|(i, item)| integers_only(item, &format!("{path}[{i}]"))),
		Value::Object(map) => {
			map.iter().try_for_each(|(key, item)| integers_only(item, &format!("{path}.{key}")))
		}
		_ => Ok(()),
	}
}

/// Strict JSON forms of the subject's fields, the same as the JS verifier's: hashes are `0x` and
/// 64 hex digits; a record and a proof have exactly their fields.
mod strict {
	use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};
	use sp_core::H256;

	/// `0x` + 64 hex digits, nothing else.
	pub mod hash {
		use super::*;

		pub fn serialize<S: Serializer>(hash: &H256, s: S) -> Result<S::Ok, S::Error> {
			hash.serialize(s)
		}

		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<H256, D::Error> {
			let text = String::deserialize(d)?;
			parse(&text)
				.ok_or_else(|| D::Error::custom(format!("{text:?} is not 0x and 64 hex digits")))
		}

		pub(super) fn parse(text: &str) -> Option<H256> {
			let digits = text.strip_prefix("0x")?;
			if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
				return None;
			}
			let bytes = hex::decode(digits).ok()?;
			Some(H256::from_slice(&bytes))
		}
	}

	#[derive(Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	struct Record {
		model_id: u64,
		#[serde(with = "hash")]
		input_hash: H256,
		#[serde(with = "hash")]
		output_hash: H256,
		#[serde(with = "hash")]
		params_hash: H256,
	}

	/// An inference record with exactly its four fields.
	pub mod record {
		use super::*;
		use provenance_primitives::merkle::InferenceRecord;

		pub fn serialize<S: Serializer>(record: &InferenceRecord, s: S) -> Result<S::Ok, S::Error> {
			record.serialize(s)
		}

		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<InferenceRecord, D::Error> {
			let r = Record::deserialize(d)?;
			Ok(InferenceRecord {
				model_id: r.model_id,
				input_hash: r.input_hash,
				output_hash: r.output_hash,
				params_hash: r.params_hash,
			})
		}
	}

	#[derive(Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	struct Proof {
		leaf_index: u64,
		siblings: Vec<String>,
	}

	/// An inclusion proof with exactly its two fields.
	pub mod proof {
		use super::*;
		use provenance_primitives::merkle::InclusionProof;

		pub fn serialize<S: Serializer>(proof: &InclusionProof, s: S) -> Result<S::Ok, S::Error> {
			proof.serialize(s)
		}

		pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<InclusionProof, D::Error> {
			let p = Proof::deserialize(d)?;
			let siblings = p
				.siblings
				.iter()
				.map(|text| {
					hash::parse(text).ok_or_else(|| {
						D::Error::custom(format!("{text:?} is not 0x and 64 hex digits"))
					})
				})
				.collect::<Result<_, _>>()?;
			Ok(InclusionProof { leaf_index: p.leaf_index, siblings })
		}
	}
}

/// Verifies `receipt` against a raw chain spec, offline: the genesis hash and first authority set
/// from the spec; each hand-off's justification by the set before it and the set it names; the
/// anchor's justification by the last set; the storage proof against the anchor's state root
/// (with `System::BlockHash(0)` equal to the spec's genesis hash); the records' decoding; the
/// batch record's Merkle proof; and `proven` equal to what was decoded.
pub fn verify(receipt: &Receipt, spec: &serde_json::Value) -> Result<Verified, Failure> {
	let verified = prove(receipt, spec)?;
	if let Some(path) = first_difference(&receipt.proven, &verified.proven, String::new()) {
		return Err(Failure::Record(format!(
			"the receipt's copy (proven) differs from what the proof proves at {path}"
		)));
	}
	Ok(verified)
}

/// [`verify`] without the last step: what the receipt's proofs prove, whatever its `proven` says.
/// Receipt producers fill `proven` with it.
pub fn prove(receipt: &Receipt, spec: &serde_json::Value) -> Result<Verified, Failure> {
	if receipt.version != RECEIPT_VERSION {
		return Err(Failure::Format(format!("version {} is not supported", receipt.version)));
	}
	let genesis = genesis_from_raw_spec(spec)?;
	if receipt.genesis_hash != genesis.hash {
		return Err(Failure::WrongChain(format!(
			"the receipt is for the chain with genesis {:?}, the chain spec's genesis is {:?}",
			receipt.genesis_hash, genesis.hash
		)));
	}
	let development = development_keys(&genesis.authorities);
	let (anchor, set_id) = finalized_anchor(&receipt.finality, genesis.authorities)?;
	let mut verified = read_state(receipt, &anchor, set_id, genesis.hash)?;
	verified.development_keys = development;
	Ok(verified)
}

/// The state part of [`prove`]: the records and facts the storage proof proves against the
/// anchor's state root, on the chain with genesis `genesis` whose set `set_id` finalized the
/// anchor (neither is checked here: producers, which took both from a node, call this to fill
/// `proven`).
pub fn read_state(
	receipt: &Receipt,
	anchor: &Header,
	set_id: u64,
	genesis: H256,
) -> Result<Verified, Failure> {
	let nodes = receipt.state_proof.iter().map(|blob| blob.0.clone()).collect();
	let mut state = ProvenState::new(anchor.state_root, nodes)?;
	match state.read(&block_hash_key(0))? {
		Some(value) if value == genesis.encode() => {}
		Some(value) => {
			return Err(Failure::WrongChain(format!(
				"the anchor block's state says genesis 0x{}, the chain spec's is {genesis:?}",
				hex::encode(value),
			)))
		}
		None => return Err(Failure::Record("System::BlockHash(0) is absent".into())),
	}
	let timestamp_ms = match state.read(&storage_value_key(b"Timestamp", b"Now"))? {
		Some(value) => decode::<u64>(&value, "Timestamp::Now")?,
		None => return Err(Failure::Record("Timestamp::Now is absent".into())),
	};
	let records = read_records(&receipt.subject, &mut state)?;
	state.finish()?;

	let block_hash = anchor.hash();
	let number = *anchor.number();
	let statement = records.statement(number, block_hash, timestamp_ms, set_id);
	let proven = serde_json::json!({
		"block": {
			"number": number,
			"hash": block_hash,
			"timestamp": timestamp_ms,
			"authoritySetId": set_id,
		},
		"datasets": records.datasets,
		"models": records.models,
		"inference": records.inference,
		"batch": records.batch,
	});
	Ok(Verified {
		block_number: number,
		block_hash,
		timestamp_ms,
		set_id,
		proven,
		statement,
		development_keys: false,
	})
}

/// The anchor header and the id of the set that finalized it, after walking the hand-offs from
/// the genesis authorities.
fn finalized_anchor(
	finality: &Finality,
	mut authorities: sp_consensus_grandpa::AuthorityList,
) -> Result<(Header, u64), Failure> {
	if finality.hand_offs.len() > MAX_HAND_OFFS {
		return Err(Failure::Format(format!("more than {MAX_HAND_OFFS} hand-offs")));
	}
	let mut set_id = 0u64;
	let mut last: Option<u32> = None;
	for (index, hand_off) in finality.hand_offs.iter().enumerate() {
		let header = decode_header(&hand_off.header, &format!("hand-off {index}: header"))?;
		let number = *header.number();
		if last.is_some_and(|previous| number <= previous) {
			return Err(Failure::HandOff(format!(
				"hand-off {index} (block #{number}) is not after the previous one"
			)));
		}
		verify_justification(&header, &hand_off.justification.0, set_id, &authorities)
			.map_err(|failure| in_hand_off(index, set_id, failure))?;
		authorities = scheduled_change(&header)?.ok_or_else(|| {
			Failure::HandOff(format!(
				"hand-off {index} (block #{number}) names no next authority set"
			))
		})?;
		set_id = set_id
			.checked_add(1)
			.ok_or_else(|| Failure::HandOff("too many authority sets".into()))?;
		last = Some(number);
	}
	let anchor = decode_header(&finality.header, "anchor header")?;
	if last.is_some_and(|previous| *anchor.number() <= previous) {
		return Err(Failure::HandOff(format!(
			"the anchor block #{} is not after the last hand-off",
			anchor.number()
		)));
	}
	verify_justification(&anchor, &finality.justification.0, set_id, &authorities)?;
	Ok((anchor, set_id))
}

/// Prefixes a hand-off's position to a failure's words, keeping its class.
fn in_hand_off(index: usize, set_id: u64, failure: Failure) -> Failure {
	let at = format!("hand-off {index} (authority set {set_id})");
	match failure {
		Failure::JustificationEncoding(why) => {
			Failure::JustificationEncoding(format!("{at}: {why}"))
		}
		Failure::Ancestry(why) => Failure::Ancestry(format!("{at}: {why}")),
		Failure::AuthoritySet(why) => Failure::AuthoritySet(format!("{at}: {why}")),
		other => other,
	}
}

fn decode_header(blob: &Blob, what: &str) -> Result<Header, Failure> {
	Header::decode_all(&mut blob.0.as_slice())
		.map_err(|e| Failure::Format(format!("{what} does not decode: {e}")))
}

fn decode<T: Decode>(bytes: &[u8], what: &str) -> Result<T, Failure> {
	T::decode_all(&mut &bytes[..])
		.map_err(|e| Failure::Record(format!("{what} does not decode: {e}")))
}

/// Every storage key a receipt for `subject` proves, given the lineage the node reports (model
/// ids and dataset ids; ignored unless `subject` is a model with lineage). Producers ask the
/// node for a read proof of exactly these.
pub fn keys(
	subject: &Subject,
	models: &BTreeSet<ModelId>,
	datasets: &BTreeSet<DatasetId>,
) -> Vec<Vec<u8>> {
	let mut keys = vec![block_hash_key(0), storage_value_key(b"Timestamp", b"Now")];
	match subject {
		Subject::Dataset { id } => keys.push(dataset_key(*id)),
		Subject::Model { id, with_lineage } => {
			keys.push(model_key(*id));
			keys.push(operators_key(*id));
			if *with_lineage {
				for model in models.iter().filter(|m| *m != id) {
					keys.push(model_key(*model));
					keys.push(operators_key(*model));
				}
				keys.extend(datasets.iter().map(|d| dataset_key(*d)));
			}
		}
		Subject::Inference { output_hash, model_id } => {
			keys.push(claim_key(output_hash, *model_id))
		}
		Subject::BatchRecord { batch_id, .. } => keys.push(batch_key(*batch_id)),
	}
	keys
}

/// The records a receipt proves, decoded, in the node's RPC shapes.
#[derive(Default)]
struct Records {
	datasets: Vec<DatasetView<AccountId32>>,
	models: Vec<ModelView<AccountId32>>,
	inference: Option<InferenceView<AccountId32>>,
	batch: Option<BatchView<AccountId32>>,
	leaf_index: Option<u64>,
}

impl Records {
	fn statement(&self, number: u32, hash: H256, timestamp_ms: u64, set_id: u64) -> String {
		let mut lines = Vec::new();
		for model in &self.models {
			lines.push(format!(
				"model {} owned by {} with weights root {:?} ({})",
				model.id,
				model.owner,
				model.weights_root,
				crate::args::status_name(model.status)
			));
		}
		for dataset in &self.datasets {
			lines.push(format!(
				"dataset {} owned by {} with root {:?} ({})",
				dataset.id,
				dataset.owner,
				dataset.content_root,
				crate::args::status_name(dataset.status)
			));
		}
		if let Some(inference) = &self.inference {
			lines.push(format!(
				"output {:?} claimed by model {} (input {:?}, logged by {} at block #{})",
				inference.output_hash,
				inference.model_id,
				inference.input_hash,
				inference.submitter,
				inference.block
			));
		}
		if let (Some(batch), Some(index)) = (&self.batch, self.leaf_index) {
			lines.push(format!(
				"record {index} of batch {} (model {}, root {:?}, {} records, anchored by {} at \
				 block #{})",
				batch.id, batch.model_id, batch.root, batch.count, batch.submitter, batch.block
			));
		}
		format!(
			"{}\nwas in the finalized state of block #{number} {hash:?} at {} (authority set \
			 {set_id})",
			lines.join(";\n"),
			utc(timestamp_ms)
		)
	}
}

fn read_records(subject: &Subject, state: &mut ProvenState) -> Result<Records, Failure> {
	let mut records = Records::default();
	match subject {
		Subject::Dataset { id } => records.datasets.push(read_dataset(state, *id, None)?),
		Subject::Model { id, with_lineage: false } => {
			records.models.push(read_model(state, *id, None)?);
		}
		Subject::Model { id, with_lineage: true } => read_lineage(state, *id, &mut records)?,
		Subject::Inference { output_hash, model_id } => {
			let key = claim_key(output_hash, *model_id);
			let value = state.read(&key)?.ok_or_else(|| {
				Failure::Absent(format!(
					"no claim of model {model_id} to output {output_hash:?} in the state"
				))
			})?;
			let entry: StoredClaim = decode(&value, "the claim")?;
			if entry.model_id != *model_id {
				return Err(Failure::Record(format!(
					"the claim stored under model {model_id} names model {}",
					entry.model_id
				)));
			}
			records.inference = Some(InferenceView {
				model_id: entry.model_id,
				input_hash: entry.input_hash,
				output_hash: *output_hash,
				params_hash: entry.params_hash,
				submitter: entry.submitter,
				block: entry.block,
			});
		}
		Subject::BatchRecord { batch_id, record, proof } => {
			let value = state
				.read(&batch_key(*batch_id))?
				.ok_or_else(|| Failure::Absent(format!("no batch {batch_id} in the state")))?;
			let batch: StoredBatch = decode(&value, "the batch")?;
			if record.model_id != batch.model_id {
				return Err(Failure::Merkle(format!(
					"the record is of model {}, batch {batch_id} of model {}",
					record.model_id, batch.model_id
				)));
			}
			if !merkle::verify(&batch.root, batch.count, record, proof) {
				return Err(Failure::Merkle(format!(
					"the record at leaf index {} does not lead to batch {batch_id}'s root {:?} \
					 ({} records)",
					proof.leaf_index, batch.root, batch.count
				)));
			}
			records.leaf_index = Some(proof.leaf_index);
			records.batch = Some(BatchView {
				id: *batch_id,
				model_id: batch.model_id,
				root: batch.root,
				count: batch.count,
				submitter: batch.submitter,
				block: batch.block,
				uri: batch.uri,
			});
		}
	}
	Ok(records)
}

/// The model and, breadth-first, every ancestor model and every dataset any of them names;
/// models and datasets sorted by id in the result.
fn read_lineage(
	state: &mut ProvenState,
	root: ModelId,
	records: &mut Records,
) -> Result<(), Failure> {
	let mut models = BTreeMap::new();
	let mut datasets = BTreeMap::new();
	let mut queue = VecDeque::from([(root, None)]);
	while let Some((id, named_by)) = queue.pop_front() {
		if models.contains_key(&id) {
			continue;
		}
		if models.len().saturating_add(datasets.len()) >= MAX_LINEAGE_RECORDS {
			return Err(Failure::Record(format!(
				"the lineage has more than {MAX_LINEAGE_RECORDS} records"
			)));
		}
		let model = read_model(state, id, named_by)?;
		for (parent, _) in &model.parents {
			queue.push_back((*parent, Some(id)));
		}
		for dataset in &model.datasets {
			if !datasets.contains_key(dataset) {
				datasets.insert(*dataset, read_dataset(state, *dataset, Some(id))?);
			}
		}
		models.insert(id, model);
	}
	records.models = models.into_values().collect();
	records.datasets = datasets.into_values().collect();
	Ok(())
}

fn read_dataset(
	state: &mut ProvenState,
	id: DatasetId,
	named_by: Option<ModelId>,
) -> Result<DatasetView<AccountId32>, Failure> {
	let value = state.read(&dataset_key(id))?.ok_or_else(|| {
		Failure::Absent(match named_by {
			Some(model) => format!("dataset {id}, named by model {model}, is not in the state"),
			None => format!("dataset {id} is not in the state"),
		})
	})?;
	let stored: StoredDataset = decode(&value, &format!("dataset {id}"))?;
	Ok(DatasetView {
		id,
		owner: stored.owner,
		content_root: stored.content_root,
		size_bytes: stored.size_bytes,
		uri: stored.uri,
		license: stored.license,
		metadata: stored.metadata,
		contributors: stored.contributors,
		previous_version: stored.previous_version,
		registered_at: stored.registered_at,
		status: stored.status,
	})
}

fn read_model(
	state: &mut ProvenState,
	id: ModelId,
	named_by: Option<ModelId>,
) -> Result<ModelView<AccountId32>, Failure> {
	let value = state.read(&model_key(id))?.ok_or_else(|| {
		Failure::Absent(match named_by {
			Some(child) => format!("model {id}, a parent of model {child}, is not in the state"),
			None => format!("model {id} is not in the state"),
		})
	})?;
	let stored: StoredModel = decode(&value, &format!("model {id}"))?;
	let operators = match state.read(&operators_key(id))? {
		Some(value) => decode(&value, &format!("the operators of model {id}"))?,
		None => Vec::new(),
	};
	Ok(ModelView {
		id,
		owner: stored.owner,
		weights_root: stored.weights_root,
		config_hash: stored.config_hash,
		uri: stored.uri,
		license: stored.license,
		metadata: stored.metadata,
		parents: stored.parents,
		datasets: stored.datasets,
		operators,
		registered_at: stored.registered_at,
		status: stored.status,
	})
}

/// `Datasets::Datasets` as stored (pallets/datasets/src/types.rs).
#[derive(Encode, Decode)]
struct StoredDataset {
	owner: AccountId32,
	content_root: H256,
	size_bytes: u64,
	uri: Vec<u8>,
	license: License,
	metadata: Vec<u8>,
	contributors: Vec<(AccountId32, Perbill)>,
	previous_version: Option<DatasetId>,
	registered_at: u32,
	status: Status,
	#[allow(dead_code)]
	deposit: u128,
}

/// `Models::Models` as stored (pallets/models/src/types.rs).
#[derive(Encode, Decode)]
struct StoredModel {
	owner: AccountId32,
	weights_root: H256,
	config_hash: H256,
	uri: Vec<u8>,
	license: License,
	metadata: Vec<u8>,
	parents: Vec<(ModelId, Derivation)>,
	datasets: Vec<DatasetId>,
	registered_at: u32,
	status: Status,
	#[allow(dead_code)]
	non_commercial_lineage: bool,
	#[allow(dead_code)]
	deposit: u128,
}

/// `Inference::Claims` as stored (pallets/inference/src/types.rs, `InferenceEntry`).
#[derive(Encode, Decode)]
struct StoredClaim {
	model_id: ModelId,
	input_hash: H256,
	params_hash: H256,
	submitter: AccountId32,
	block: u32,
	#[allow(dead_code)]
	deposit: u128,
}

/// `Inference::Batches` as stored (pallets/inference/src/types.rs, `Batch`).
#[derive(Encode, Decode)]
struct StoredBatch {
	model_id: ModelId,
	root: H256,
	count: u64,
	submitter: AccountId32,
	block: u32,
	uri: Vec<u8>,
	#[allow(dead_code)]
	deposit: u128,
}

fn twox64_concat(key: &[u8]) -> Vec<u8> {
	[sp_crypto_hashing::twox_64(key).as_slice(), key].concat()
}

fn blake2_128_concat(key: &[u8]) -> Vec<u8> {
	[sp_crypto_hashing::blake2_128(key).as_slice(), key].concat()
}

/// `System::BlockHash(number)`; block 0's entry is never pruned and holds the genesis hash.
pub fn block_hash_key(number: u32) -> Vec<u8> {
	[storage_value_key(b"System", b"BlockHash"), twox64_concat(&number.encode())].concat()
}

/// `Datasets::Datasets(id)`.
pub fn dataset_key(id: DatasetId) -> Vec<u8> {
	[storage_value_key(b"Datasets", b"Datasets"), twox64_concat(&id.encode())].concat()
}

/// `Models::Models(id)`.
pub fn model_key(id: ModelId) -> Vec<u8> {
	[storage_value_key(b"Models", b"Models"), twox64_concat(&id.encode())].concat()
}

/// `Models::Operators(id)`.
pub fn operators_key(id: ModelId) -> Vec<u8> {
	[storage_value_key(b"Models", b"Operators"), twox64_concat(&id.encode())].concat()
}

/// `Inference::Claims(output_hash, model_id)`.
pub fn claim_key(output_hash: &H256, model_id: ModelId) -> Vec<u8> {
	[
		storage_value_key(b"Inference", b"Claims"),
		blake2_128_concat(output_hash.as_bytes()),
		twox64_concat(&model_id.encode()),
	]
	.concat()
}

/// `Inference::Batches(id)`.
pub fn batch_key(id: BatchId) -> Vec<u8> {
	[storage_value_key(b"Inference", b"Batches"), twox64_concat(&id.encode())].concat()
}

/// The first JSON path where `given` and `computed` differ, `None` when equal.
fn first_difference(
	given: &serde_json::Value,
	computed: &serde_json::Value,
	path: String,
) -> Option<String> {
	use serde_json::Value;
	match (given, computed) {
		(Value::Object(a), Value::Object(b)) => {
			let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
			keys.into_iter().find_map(|key| match (a.get(key), b.get(key)) {
				(Some(x), Some(y)) => first_difference(x, y, format!("{path}.{key}")),
				_ => Some(format!("{path}.{key}")),
			})
		}
		(Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
			.iter()
			.zip(b)
			.enumerate()
			.find_map(|(i, (x, y))| first_difference(x, y, format!("{path}[{i}]"))),
		_ if given == computed => None,
		_ => Some(if path.is_empty() { "the top level".into() } else { format!("proven{path}") }),
	}
}

/// `2026-11-30T08:00:00.000Z` from milliseconds since the Unix epoch (proleptic Gregorian).
pub fn utc(ms: u64) -> String {
	let seconds = crate::export::rfc3339(ms / 1000);
	format!("{}.{:03}Z", seconds.trim_end_matches('Z'), ms % 1000)
}

pub mod fixture;
#[cfg(test)]
mod tests;
