//! Offline checks of the chain facts a portable receipt rests on, from the chain spec alone:
//!
//! * [`genesis_from_raw_spec`]: the genesis block hash and the first GRANDPA authority set,
//!   computed from a raw chain spec's storage (no node);
//! * [`verify_justification`]: a GRANDPA justification finalizes a header, signed by more than
//!   two thirds of an authority set's weight;
//! * [`scheduled_change`]: the next authority set a header hands over to;
//! * [`read_proof`]: storage values proven against a header's state root (a `state_getReadProof`
//!   answer), with upstream trie code.
//!
//! Every failure is a [`Failure`] that says what failed. These are the building blocks of
//! receipts ([`crate::receipt`]).

use codec::{Decode, DecodeAll, Encode};
use sp_consensus_grandpa::{
	AuthorityId, AuthorityList, ConsensusLog, GrandpaJustification, GRANDPA_ENGINE_ID,
};
use sp_core::H256;
use sp_runtime::{
	generic::{DigestItem, Header as GenericHeader},
	traits::{BlakeTwo256, Header as _},
};
use sp_trie::{LayoutV1, StorageProof, TrieConfiguration};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A Provenance Chain block header (block numbers are `u32`).
pub type Header = GenericHeader<u32, BlakeTwo256>;

/// The storage key of `Grandpa::Authorities`: `twox128("Grandpa") ++ twox128("Authorities")`.
pub fn grandpa_authorities_key() -> Vec<u8> {
	storage_value_key(b"Grandpa", b"Authorities")
}

/// The storage key of `Grandpa::CurrentSetId`.
pub fn grandpa_set_id_key() -> Vec<u8> {
	storage_value_key(b"Grandpa", b"CurrentSetId")
}

/// The storage key of a FRAME storage value: `twox128(pallet) ++ twox128(item)`.
pub fn storage_value_key(pallet: &[u8], item: &[u8]) -> Vec<u8> {
	[sp_crypto_hashing::twox_128(pallet), sp_crypto_hashing::twox_128(item)].concat()
}

/// What failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
	/// The chain spec is not a raw chain spec, or holds something that does not decode.
	ChainSpec(String),
	/// The justification does not decode.
	JustificationEncoding(String),
	/// The justification finalizes another block than the header it came with.
	WrongTarget {
		/// The header's hash and number.
		header: (H256, u32),
		/// The justification's target.
		target: (H256, u32),
	},
	/// A precommit was signed by a key that is not in the authority set.
	UnknownSigner {
		/// The precommit's index in the justification.
		index: usize,
	},
	/// A precommit's signature is not valid for this round and authority set.
	Signature {
		/// The precommit's index in the justification.
		index: usize,
	},
	/// Too little of the authority set's weight signed for the target.
	Threshold {
		/// The weight of the distinct authorities whose precommits support the target.
		signed: u64,
		/// The weight needed: more than two thirds of the total.
		needed: u64,
		/// The total weight of the set.
		total: u64,
	},
	/// The authority set is empty or its weights overflow.
	AuthoritySet(String),
	/// A header that should hand the authority set over carries no usable change.
	HandOff(String),
	/// The storage proof does not prove a key against the state root.
	StateProof(String),
	/// A precommit votes for a block the justification's ancestry does not link to the target,
	/// or the ancestry holds headers no precommit needs.
	Ancestry(String),
	/// The receipt is for another chain than the chain spec's.
	WrongChain(String),
	/// The receipt is not a receipt of a supported version, or a field does not parse.
	Format(String),
	/// The proven record does not decode, or differs from the receipt's copy.
	Record(String),
	/// The proof shows the record is absent from the state (class `record` too).
	Absent(String),
	/// The batch record's Merkle inclusion proof does not lead to the anchored root.
	Merkle(String),
}

impl std::fmt::Display for Failure {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Failure::ChainSpec(why) => write!(f, "chain spec: {why}"),
			Failure::JustificationEncoding(why) => write!(f, "justification: {why}"),
			Failure::WrongTarget { header, target } => write!(
				f,
				"justification: it finalizes block #{} {:?}, not the header #{} {:?}",
				target.1, target.0, header.1, header.0
			),
			Failure::UnknownSigner { index } => write!(
				f,
				"signature: precommit {index} is signed by a key outside the authority set"
			),
			Failure::Signature { index } => write!(
				f,
				"signature: precommit {index} does not verify for this round and authority set"
			),
			Failure::Threshold { signed, needed, total } => write!(
				f,
				"threshold: authorities of weight {signed} of {total} signed, {needed} are needed"
			),
			Failure::AuthoritySet(why) => write!(f, "unknown authority set: {why}"),
			Failure::HandOff(why) => write!(f, "authority-set hand-off: {why}"),
			Failure::StateProof(why) => write!(f, "state proof: {why}"),
			Failure::Ancestry(why) => write!(f, "justification ancestry: {why}"),
			Failure::WrongChain(why) => write!(f, "wrong chain: {why}"),
			Failure::Format(why) => write!(f, "receipt format: {why}"),
			Failure::Record(why) | Failure::Absent(why) => write!(f, "record: {why}"),
			Failure::Merkle(why) => write!(f, "merkle proof: {why}"),
		}
	}
}

impl Failure {
	/// The class of the failure, one word, the same in the JS client (`failure.class`):
	/// `chainSpec`, `justification`, `signature`, `threshold`, `authoritySet`, `handOff`,
	/// `stateProof`, `ancestry`, `wrongChain`, `format`, `record`, `merkle`.
	pub fn class(&self) -> &'static str {
		match self {
			Failure::ChainSpec(_) => "chainSpec",
			Failure::JustificationEncoding(_) | Failure::WrongTarget { .. } => "justification",
			Failure::UnknownSigner { .. } | Failure::Signature { .. } => "signature",
			Failure::Threshold { .. } => "threshold",
			Failure::AuthoritySet(_) => "authoritySet",
			Failure::HandOff(_) => "handOff",
			Failure::StateProof(_) => "stateProof",
			Failure::Ancestry(_) => "ancestry",
			Failure::WrongChain(_) => "wrongChain",
			Failure::Format(_) => "format",
			Failure::Record(_) | Failure::Absent(_) => "record",
			Failure::Merkle(_) => "merkle",
		}
	}
}

impl std::error::Error for Failure {}

/// What a raw chain spec says about the chain's first block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Genesis {
	/// The genesis block's hash: the chain's identity.
	pub hash: H256,
	/// The genesis state root.
	pub state_root: H256,
	/// The GRANDPA authority set of set id 0.
	pub authorities: AuthorityList,
}

/// The genesis block of a raw chain spec (`provenance-node build-spec --raw`, or
/// `export-chain-spec --raw`): its state root over `genesis.raw.top` (and the default child
/// tries), the header `#0` with that root, an empty extrinsics root and no digest, and the
/// GRANDPA authorities it stores. The runtime uses state version 1 (`system_version: 1`).
pub fn genesis_from_raw_spec(spec: &serde_json::Value) -> Result<Genesis, Failure> {
	let raw = spec
		.pointer("/genesis/raw")
		.ok_or_else(|| Failure::ChainSpec("no genesis.raw: give a raw chain spec".into()))?;
	let mut top = hex_map(raw.get("top"), "genesis.raw.top")?;
	if let Some(children) = raw.get("childrenDefault").and_then(|c| c.as_object()) {
		for (key, child) in children {
			let child_key = hex_bytes(key, "genesis.raw.childrenDefault key")?;
			let entries = hex_map(Some(child), "genesis.raw.childrenDefault")?;
			if entries.is_empty() {
				continue;
			}
			let root = LayoutV1::<BlakeTwo256>::trie_root(entries);
			top.insert([b":child_storage:default:".as_slice(), &child_key].concat(), root.encode());
		}
	}
	let authorities = match top.get(&grandpa_authorities_key()) {
		Some(value) => AuthorityList::decode_all(&mut value.as_slice()).map_err(|e| {
			Failure::ChainSpec(format!("Grandpa::Authorities does not decode: {e}"))
		})?,
		None => return Err(Failure::ChainSpec("no Grandpa::Authorities in the genesis".into())),
	};
	let state_root = LayoutV1::<BlakeTwo256>::trie_root(top);
	let extrinsics_root = LayoutV1::<BlakeTwo256>::trie_root(Vec::<(Vec<u8>, Vec<u8>)>::new());
	let header = Header::new(0, extrinsics_root, state_root, H256::zero(), Default::default());
	Ok(Genesis { hash: header.hash(), state_root, authorities })
}

/// Checks that `justification` (SCALE of a GRANDPA justification, as `chain_getBlock` or
/// `grandpa_subscribeJustifications` hands it out) finalizes `header`, signed in authority set
/// `set_id` by authorities of more than two thirds of the set's weight: `total − ⌊(total−1)/3⌋`
/// (3 of 4, 4 of 5, 5 of 7). A precommit supports the header if it votes for it or for a
/// descendant reachable through the justification's ancestry headers. Every precommit must be
/// signed by a member of the set with a valid signature; each authority counts once. Returns the
/// GRANDPA round.
pub fn verify_justification(
	header: &Header,
	justification: &[u8],
	set_id: u64,
	authorities: &AuthorityList,
) -> Result<u64, Failure> {
	let justification = GrandpaJustification::<Header>::decode_all(&mut &justification[..])
		.map_err(|e| Failure::JustificationEncoding(e.to_string()))?;
	let commit = &justification.commit;
	let wanted = (header.hash(), *header.number());
	if (commit.target_hash, commit.target_number) != wanted {
		return Err(Failure::WrongTarget {
			header: wanted,
			target: (commit.target_hash, commit.target_number),
		});
	}
	let weights: HashMap<&AuthorityId, u64> =
		authorities.iter().map(|(id, weight)| (id, *weight)).collect();
	let total = authorities
		.iter()
		.try_fold(0u64, |sum, (_, weight)| sum.checked_add(*weight))
		.ok_or_else(|| Failure::AuthoritySet("the weights overflow".into()))?;
	if total == 0 {
		return Err(Failure::AuthoritySet("the set is empty".into()));
	}
	let needed = total - (total - 1) / 3;
	let ancestry: HashMap<H256, &Header> =
		justification.votes_ancestries.iter().map(|h| (h.hash(), h)).collect();

	let mut supporters = BTreeSet::new();
	let mut visited = BTreeSet::new();
	let mut seen = HashMap::new();
	let mut signed = 0u64;
	for (index, precommit) in commit.precommits.iter().enumerate() {
		if let Some(first) = seen.insert(precommit.encode(), index) {
			return Err(Failure::JustificationEncoding(format!(
				"precommit {index} repeats precommit {first}"
			)));
		}
		let weight = *weights.get(&precommit.id).ok_or(Failure::UnknownSigner { index })?;
		let message = finality_grandpa::Message::Precommit(precommit.precommit.clone());
		let valid = sp_consensus_grandpa::check_message_signature(
			&message,
			&precommit.id,
			&precommit.signature,
			justification.round,
			set_id,
		);
		if !valid.is_valid() {
			return Err(Failure::Signature { index });
		}
		if !descends(precommit.precommit.target_hash, wanted.0, &ancestry, &mut visited) {
			return Err(Failure::Ancestry(format!(
				"precommit {index} votes for block #{} {:?}, which the ancestry does not link to \
				 the target",
				precommit.precommit.target_number, precommit.precommit.target_hash
			)));
		}
		if supporters.insert(precommit.id.clone()) {
			signed = signed.saturating_add(weight);
		}
	}
	if let Some(unused) = ancestry.keys().find(|hash| !visited.contains(*hash)) {
		return Err(Failure::Ancestry(format!(
			"header {unused:?} is in the ancestry but no precommit needs it"
		)));
	}
	if signed < needed {
		return Err(Failure::Threshold { signed, needed, total });
	}
	Ok(justification.round)
}

/// Whether `block` is `ancestor` or descends from it through the parent links of `ancestry`;
/// the ancestry headers walked are added to `visited`.
fn descends(
	mut block: H256,
	ancestor: H256,
	ancestry: &HashMap<H256, &Header>,
	visited: &mut BTreeSet<H256>,
) -> bool {
	// Every step consumes one ancestry header, so the walk ends. A header already walked lies on
	// a path that reached the target.
	for _ in 0..=ancestry.len() {
		if block == ancestor || visited.contains(&block) {
			return true;
		}
		match ancestry.get(&block) {
			Some(header) => {
				visited.insert(block);
				block = *header.parent_hash();
			}
			None => return false,
		}
	}
	false
}

/// The authority set `header` hands over to: its GRANDPA `ScheduledChange` log, which on this
/// chain has a delay of zero (the change is enacted in the block that signals it; the block's
/// justification is signed by the outgoing set). A forced change cannot be checked from the
/// outgoing set's signatures and is refused; `None` when the header signals no change.
pub fn scheduled_change(header: &Header) -> Result<Option<AuthorityList>, Failure> {
	for item in header.digest().logs() {
		let DigestItem::Consensus(engine, data) = item else { continue };
		if *engine != GRANDPA_ENGINE_ID {
			continue;
		}
		match ConsensusLog::<u32>::decode(&mut data.as_slice()) {
			Ok(ConsensusLog::ScheduledChange(change)) if change.delay == 0 => {
				return Ok(Some(change.next_authorities))
			}
			Ok(ConsensusLog::ScheduledChange(change)) => {
				return Err(Failure::HandOff(format!(
					"block #{} schedules a change with a delay of {} blocks (this chain enacts \
					 changes at once)",
					header.number(),
					change.delay
				)))
			}
			Ok(ConsensusLog::ForcedChange(..)) => {
				return Err(Failure::HandOff(format!(
					"block #{} forces an authority-set change, which the outgoing set did not sign",
					header.number()
				)))
			}
			_ => continue,
		}
	}
	Ok(None)
}

/// The values of `keys` in the state with root `state_root`, proven by `nodes` (the trie nodes
/// of a `state_getReadProof` answer). A key absent from the state is proven as `None`; a key the
/// nodes do not cover, a node that does not hash into the root, a node given twice or a node no
/// key needs is a [`Failure::StateProof`] (a proof is exactly the nodes its keys visit).
pub fn read_proof(
	state_root: H256,
	nodes: Vec<Vec<u8>>,
	keys: &[Vec<u8>],
) -> Result<Vec<Option<Vec<u8>>>, Failure> {
	let mut state = ProvenState::new(state_root, nodes)?;
	let values = keys.iter().map(|key| state.read(key)).collect::<Result<Vec<_>, _>>()?;
	state.finish()?;
	Ok(values)
}

/// Storage reads against a state root, from proof nodes that must be exactly the nodes the
/// reads visit (checked by [`ProvenState::finish`]).
pub struct ProvenState {
	root: H256,
	db: sp_trie::MemoryDB<BlakeTwo256>,
	recorder: sp_trie::recorder::Recorder<BlakeTwo256>,
	given: usize,
}

impl ProvenState {
	/// A reader over `nodes` (a `state_getReadProof` answer); a node given twice is refused.
	pub fn new(root: H256, nodes: Vec<Vec<u8>>) -> Result<Self, Failure> {
		let given = nodes.len();
		let proof = StorageProof::new(nodes);
		if proof.len() != given {
			return Err(Failure::StateProof(format!(
				"{} of the {given} nodes are given twice",
				given.saturating_sub(proof.len())
			)));
		}
		Ok(Self { root, db: proof.into_memory_db(), recorder: Default::default(), given })
	}

	/// The value at `key`: `None` when the proof shows the key is absent; a
	/// [`Failure::StateProof`] when the proof does not reach the key.
	pub fn read(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, Failure> {
		let mut recorder = self.recorder.as_trie_recorder(self.root);
		sp_trie::read_trie_value::<LayoutV1<BlakeTwo256>, _>(
			&self.db,
			&self.root,
			key,
			Some(&mut recorder),
			None,
		)
		.map_err(|e| Failure::StateProof(format!("key 0x{}: {e}", hex::encode(key))))
	}

	/// Fails when some node was not needed by the reads.
	pub fn finish(self) -> Result<(), Failure> {
		let used = self.recorder.drain_storage_proof().len();
		if used != self.given {
			return Err(Failure::StateProof(format!(
				"{} of the {} nodes are not needed for the proven keys",
				self.given.saturating_sub(used),
				self.given
			)));
		}
		Ok(())
	}
}

/// A header as the node's JSON-RPC answers it (`chain_getHeader`, `chain_getBlock`), as the
/// SCALE-typed header (whose hash is the block hash).
pub fn header_from_json(json: &serde_json::Value) -> Result<Header, String> {
	let field = |name: &str| -> Result<&str, String> {
		json.get(name).and_then(|v| v.as_str()).ok_or_else(|| format!("the header has no {name}"))
	};
	let h256 = |name: &str| -> Result<H256, String> {
		field(name)?.parse().map_err(|e| format!("header {name}: {e:?}"))
	};
	let number = u32::from_str_radix(field("number")?.trim_start_matches("0x"), 16)
		.map_err(|e| format!("header number: {e}"))?;
	let logs = json
		.pointer("/digest/logs")
		.and_then(|logs| logs.as_array())
		.ok_or("the header has no digest logs")?
		.iter()
		.map(|log| {
			let text = log.as_str().ok_or("a digest log is not a string")?;
			let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| e.to_string())?;
			DigestItem::decode_all(&mut &bytes[..]).map_err(|e| format!("digest log: {e}"))
		})
		.collect::<Result<Vec<_>, String>>()?;
	Ok(Header {
		parent_hash: h256("parentHash")?,
		number,
		state_root: h256("stateRoot")?,
		extrinsics_root: h256("extrinsicsRoot")?,
		digest: sp_runtime::Digest { logs },
	})
}

fn hex_bytes(text: &str, what: &str) -> Result<Vec<u8>, Failure> {
	hex::decode(text.trim_start_matches("0x"))
		.map_err(|e| Failure::ChainSpec(format!("{what}: {text:.20}… is not hex: {e}")))
}

fn hex_map(
	value: Option<&serde_json::Value>,
	what: &str,
) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, Failure> {
	let object = value
		.and_then(|v| v.as_object())
		.ok_or_else(|| Failure::ChainSpec(format!("{what} is missing or not an object")))?;
	object
		.iter()
		.map(|(key, value)| {
			let value = value
				.as_str()
				.ok_or_else(|| Failure::ChainSpec(format!("{what}[{key}] is not a string")))?;
			Ok((hex_bytes(key, what)?, hex_bytes(value, what)?))
		})
		.collect()
}

#[cfg(test)]
mod tests;
