//! The offline checks against hand-made justifications, headers, tries and specs. (The e2e test
//! checks them against a real node: its genesis hash, justifications and read proofs.)

use super::*;
use sp_consensus_grandpa::{AuthoritySignature, ScheduledChange};
use sp_core::{ed25519, Pair};
use sp_runtime::Digest;

const ROUND: u64 = 3;
const SET: u64 = 0;

fn pair(name: &str) -> ed25519::Pair {
	ed25519::Pair::from_string(&format!("//{name}"), None).expect("a dev seed")
}

fn authorities() -> (Vec<ed25519::Pair>, AuthorityList) {
	let pairs: Vec<_> = ["Alice", "Bob", "Charlie", "Dave"].into_iter().map(pair).collect();
	let list = pairs.iter().map(|p| (AuthorityId::from(p.public()), 1)).collect();
	(pairs, list)
}

fn header(number: u32, parent: H256) -> Header {
	Header::new(number, H256::repeat_byte(1), H256::repeat_byte(2), parent, Digest::default())
}

type Signed = finality_grandpa::SignedPrecommit<H256, u32, AuthoritySignature, AuthorityId>;

fn precommit(signer: &ed25519::Pair, target: &Header, set_id: u64) -> Signed {
	let precommit =
		finality_grandpa::Precommit { target_hash: target.hash(), target_number: *target.number() };
	let message = finality_grandpa::Message::Precommit(precommit.clone());
	let payload = sp_consensus_grandpa::localized_payload(ROUND, set_id, &message);
	Signed {
		precommit,
		signature: AuthoritySignature::from(signer.sign(&payload)),
		id: AuthorityId::from(signer.public()),
	}
}

fn justification(target: &Header, precommits: Vec<Signed>, ancestry: Vec<Header>) -> Vec<u8> {
	GrandpaJustification::<Header> {
		round: ROUND,
		commit: finality_grandpa::Commit {
			target_hash: target.hash(),
			target_number: *target.number(),
			precommits,
		},
		votes_ancestries: ancestry,
	}
	.encode()
}

#[test]
fn three_of_four_signatures_finalize_and_two_do_not() {
	let (pairs, set) = authorities();
	let target = header(7, H256::repeat_byte(6));
	let three = pairs.iter().take(3).map(|p| precommit(p, &target, SET)).collect();
	assert_eq!(
		verify_justification(&target, &justification(&target, three, vec![]), SET, &set),
		Ok(ROUND)
	);

	let two: Vec<_> = pairs.iter().take(2).map(|p| precommit(p, &target, SET)).collect();
	assert_eq!(
		verify_justification(&target, &justification(&target, two.clone(), vec![]), SET, &set),
		Err(Failure::Threshold { signed: 2, needed: 3, total: 4 })
	);
	// A byte-for-byte repeated precommit is refused; the same authority voting twice (for the
	// target and for a descendant) counts once.
	let mut repeated = two.clone();
	repeated.push(precommit(&pairs[0], &target, SET));
	assert!(matches!(
		verify_justification(&target, &justification(&target, repeated, vec![]), SET, &set),
		Err(Failure::JustificationEncoding(why)) if why.contains("repeats precommit 0")
	));
	let child = header(8, target.hash());
	let mut equivocated = two;
	equivocated.push(precommit(&pairs[0], &child, SET));
	assert_eq!(
		verify_justification(&target, &justification(&target, equivocated, vec![child]), SET, &set),
		Err(Failure::Threshold { signed: 2, needed: 3, total: 4 })
	);
}

#[test]
fn a_bad_signature_another_set_a_stranger_or_another_target_fails() {
	let (pairs, set) = authorities();
	let target = header(7, H256::repeat_byte(6));
	let all =
		|set_id| -> Vec<Signed> { pairs.iter().map(|p| precommit(p, &target, set_id)).collect() };

	let mut flipped = all(SET);
	let mut bytes = flipped[1].signature.encode();
	bytes[5] ^= 0x01;
	flipped[1].signature = AuthoritySignature::decode(&mut &bytes[..]).expect("64 bytes");
	assert_eq!(
		verify_justification(&target, &justification(&target, flipped, vec![]), SET, &set),
		Err(Failure::Signature { index: 1 })
	);
	assert_eq!(
		verify_justification(&target, &justification(&target, all(SET + 1), vec![]), SET, &set),
		Err(Failure::Signature { index: 0 })
	);
	let mut stranger = all(SET);
	stranger[2] = precommit(&pair("Eve"), &target, SET);
	assert_eq!(
		verify_justification(&target, &justification(&target, stranger, vec![]), SET, &set),
		Err(Failure::UnknownSigner { index: 2 })
	);
	let other = header(8, target.hash());
	let encoded = justification(&target, all(SET), vec![]);
	assert!(matches!(
		verify_justification(&other, &encoded, SET, &set),
		Err(Failure::WrongTarget { .. })
	));
	assert!(matches!(
		verify_justification(&target, &encoded[..encoded.len() - 1], SET, &set),
		Err(Failure::JustificationEncoding(_))
	));
}

#[test]
fn a_precommit_for_a_descendant_counts_only_with_its_ancestry() {
	let (pairs, set) = authorities();
	let target = header(7, H256::repeat_byte(6));
	let child = header(8, target.hash());
	let grandchild = header(9, child.hash());
	let mut precommits: Vec<_> = pairs.iter().take(2).map(|p| precommit(p, &target, SET)).collect();
	precommits.push(precommit(&pairs[2], &grandchild, SET));
	let with = justification(&target, precommits.clone(), vec![child.clone(), grandchild.clone()]);
	assert_eq!(verify_justification(&target, &with, SET, &set), Ok(ROUND));
	let without = justification(&target, precommits.clone(), vec![grandchild.clone()]);
	assert!(matches!(
		verify_justification(&target, &without, SET, &set),
		Err(Failure::Ancestry(_))
	));
	// A header no precommit needs is refused too (a justification carries exactly its ancestry).
	let stray = header(8, H256::repeat_byte(3));
	let padded = justification(&target, precommits, vec![child, grandchild, stray]);
	assert!(matches!(verify_justification(&target, &padded, SET, &set), Err(Failure::Ancestry(_))));
}

#[test]
fn a_header_hands_over_only_by_an_immediate_scheduled_change() {
	let (_, next) = authorities();
	let with = |log: ConsensusLog<u32>| {
		let mut h = header(20, H256::zero());
		h.digest_mut().push(DigestItem::Consensus(GRANDPA_ENGINE_ID, log.encode()));
		h
	};
	let now = ScheduledChange { next_authorities: next.clone(), delay: 0 };
	assert_eq!(
		scheduled_change(&with(ConsensusLog::ScheduledChange(now.clone()))),
		Ok(Some(next.clone()))
	);
	assert_eq!(scheduled_change(&header(20, H256::zero())), Ok(None));
	let later = ScheduledChange { next_authorities: next, delay: 5 };
	assert!(matches!(
		scheduled_change(&with(ConsensusLog::ScheduledChange(later))),
		Err(Failure::HandOff(_))
	));
	assert!(matches!(
		scheduled_change(&with(ConsensusLog::ForcedChange(10, now))),
		Err(Failure::HandOff(_))
	));
}

#[test]
fn a_read_proof_proves_values_and_absences_and_nothing_else() {
	use sp_state_machine::{prove_read, InMemoryBackend};
	let entries: Vec<(Vec<u8>, Vec<u8>)> = (0u32..200)
		.map(|i| (format!("key-{i}").into_bytes(), vec![i as u8; 40 + (i as usize % 7)]))
		.collect();
	let backend = InMemoryBackend::<BlakeTwo256>::from((
		vec![(None, entries.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect())],
		sp_core::storage::StateVersion::V1,
	));
	let root = *backend.root();
	let backend_clone = backend.clone();
	let keys = vec![b"key-17".to_vec(), b"absent".to_vec()];
	let proof = prove_read(backend, &keys).expect("provable");
	let nodes: Vec<Vec<u8>> = proof.into_iter_nodes().collect();
	assert_eq!(read_proof(root, nodes.clone(), &keys), Ok(vec![Some(entries[17].1.clone()), None]));
	// A key the proof does not cover, another root, or a tampered node: refused.
	assert!(matches!(
		read_proof(root, nodes.clone(), &[b"key-18".to_vec()]),
		Err(Failure::StateProof(_))
	));
	assert!(matches!(
		read_proof(H256::repeat_byte(9), nodes.clone(), &keys),
		Err(Failure::StateProof(_))
	));
	// A node given twice, or a node the keys do not need: refused.
	let mut doubled = nodes.clone();
	doubled.push(nodes[0].clone());
	assert!(matches!(read_proof(root, doubled, &keys), Err(Failure::StateProof(_))));
	let more = [keys.clone(), vec![b"key-150".to_vec()]].concat();
	let more_nodes: Vec<Vec<u8>> =
		prove_read(backend_clone, &more).expect("provable").into_iter_nodes().collect();
	assert!(read_proof(root, more_nodes.clone(), &more).is_ok());
	assert!(matches!(
		read_proof(root, more_nodes, &keys),
		Err(Failure::StateProof(why)) if why.contains("not needed")
	));
	let mut tampered = nodes;
	let last = tampered.len() - 1;
	let byte = tampered[last].len() - 1;
	tampered[last][byte] ^= 0x01;
	assert!(read_proof(root, tampered, &keys).is_err());
}

#[test]
fn a_raw_spec_gives_its_authorities_and_a_root_that_covers_every_byte() {
	let (_, set) = authorities();
	let spec = |extra: &str| {
		serde_json::json!({ "genesis": { "raw": { "top": {
			format!("0x{}", hex::encode(grandpa_authorities_key())): format!("0x{}", hex::encode(set.encode())),
			"0x3a636f6465": format!("0x{extra}"),
		}, "childrenDefault": {} } } })
	};
	let genesis = genesis_from_raw_spec(&spec("00")).expect("a raw spec");
	assert_eq!(genesis.authorities, set);
	let other = genesis_from_raw_spec(&spec("01")).expect("a raw spec");
	assert_ne!(genesis.hash, other.hash, "another genesis value, another chain");
	assert!(matches!(
		genesis_from_raw_spec(&serde_json::json!({ "genesis": { "runtimeGenesis": {} } })),
		Err(Failure::ChainSpec(_))
	));
}
