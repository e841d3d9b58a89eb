//! The validator set and root calls under governance, on the real runtime started from the
//! `local_testnet` and `development` presets: validators added and removed by a council motion
//! take effect at a session boundary (Aura and GRANDPA follow), session keys rotate only with a
//! proof of ownership, GRANDPA equivocations are recorded as offences, and a runtime upgrade is
//! authorized by the council through `Whitelist`.

use crate::{
	configs::CouncilCollective, genesis_config_presets, opaque::SessionKeys, AccountId,
	CollatorSelection, Council, Executive, Grandpa, Historical, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeGenesisConfig, RuntimeOrigin, Session, System, Whitelist, SESSION_PERIOD, SLOT_DURATION,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{KeyOwnerProofSystem, OnFinalize},
};
use serde_json::Value;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{Hash, Header as _},
	Digest, DigestItem, DispatchError,
};

/// The runtime's genesis state from a named preset, the way the node builds it: the preset's
/// JSON patch merged into the default configuration.
fn preset_ext(name: &str) -> sp_io::TestExternalities {
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			}
			(base, patch) => *base = patch,
		}
	}
	let patch = genesis_config_presets::get_preset(&name.into()).expect("the preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, serde_json::from_slice(&patch).expect("a JSON patch"));
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).expect("serializes"),
		)
		.expect("the genesis state builds")
	});
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext
}

/// Finalizes the current block (unless at genesis) and starts the next one, with its Aura slot
/// and timestamp, as a node would.
fn next_block() {
	let number = System::block_number();
	let parent = if number == 0 { H256::zero() } else { Executive::finalize_block().hash() };
	let number = number + 1;
	let slot = Slot::from(u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	Executive::initialize_block(&crate::Header::new(
		number,
		H256::zero(),
		H256::zero(),
		parent,
		digest,
	));
	let now = u64::from(number) * SLOT_DURATION;
	assert_ok!(crate::Timestamp::set(RuntimeOrigin::none(), now));
}

/// Runs blocks until `number` is the current block.
fn run_to_block(number: u32) {
	while System::block_number() < number {
		next_block();
	}
}

fn aura_authorities() -> Vec<sp_consensus_aura::sr25519::AuthorityId> {
	pallet_aura::Authorities::<Runtime>::get().into_inner()
}

fn account(keyring: Sr25519Keyring) -> AccountId {
	keyring.to_account_id()
}

/// The origin of a council motion approved by `ayes` of `of` members.
fn council(ayes: u32, of: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(ayes, of).into()
}

/// Passes `call` through the council as users do: Alice proposes it with a threshold of two,
/// Alice and Bob vote aye (two of the three genesis members: two thirds), Charlie closes it.
fn council_motion(call: RuntimeCall) {
	let length = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get();
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
		2,
		Box::new(call),
		length
	));
	for voter in [Sr25519Keyring::Alice, Sr25519Keyring::Bob] {
		assert_ok!(Council::vote(RuntimeOrigin::signed(account(voter)), hash, index, true));
	}
	assert_ok!(Council::close(
		RuntimeOrigin::signed(account(Sr25519Keyring::Charlie)),
		hash,
		index,
		weight,
		length
	));
	let executed = System::events().into_iter().any(|record| {
		matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash, result: Ok(()) })
				if proposal_hash == hash
		)
	});
	assert!(executed, "the motion executed: {:?}", System::events());
}

/// New session keys for `owner` in the test keystore, and the proof that `owner` holds them.
fn new_session_keys(owner: &AccountId) -> (SessionKeys, Vec<u8>) {
	let generated = SessionKeys::generate(&owner.encode(), None);
	(generated.keys, generated.proof.encode())
}

/// The first block of the session after the next one: when a change made now takes effect.
fn second_session_boundary() -> u32 {
	(System::block_number() / SESSION_PERIOD + 2) * SESSION_PERIOD
}

#[test]
fn the_local_preset_starts_four_validators_through_the_session_keys() {
	preset_ext("local_testnet").execute_with(|| {
		let validators: Vec<AccountId> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.into_iter()
		.map(account)
		.collect();
		let mut sorted = validators.clone();
		sorted.sort();
		// Governance's set is kept sorted, and it is the session's set.
		assert_eq!(pallet_collator_selection::Invulnerables::<Runtime>::get().to_vec(), sorted);
		assert_eq!(Session::validators(), sorted);
		assert_eq!(aura_authorities().len(), 4);
		let grandpa = Grandpa::grandpa_authorities();
		assert_eq!(grandpa.len(), 4);
		for keyring in [Ed25519Keyring::Alice, Ed25519Keyring::Dave] {
			let id: sp_consensus_grandpa::AuthorityId = keyring.public().into();
			assert!(grandpa.iter().any(|(authority, weight)| *authority == id && *weight == 1));
		}
	});
}

#[test]
fn governance_adds_a_validator_who_authors_from_the_second_session_on() {
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let eve = account(Sr25519Keyring::Eve);
		// Governance cannot add a validator without session keys.
		assert_noop!(
			CollatorSelection::add_invulnerable(council(2, 3), eve.clone()),
			pallet_collator_selection::Error::<Runtime>::ValidatorNotRegistered
		);
		let (keys, proof) = new_session_keys(&eve);
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(eve.clone()), keys.clone(), proof));
		// Nobody but governance adds validators: not Eve, not one council member.
		assert_noop!(
			CollatorSelection::add_invulnerable(RuntimeOrigin::signed(eve.clone()), eve.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CollatorSelection::add_invulnerable(council(1, 3), eve.clone()),
			DispatchError::BadOrigin
		);
		council_motion(RuntimeCall::CollatorSelection(
			pallet_collator_selection::Call::add_invulnerable { who: eve.clone() },
		));
		System::assert_has_event(
			pallet_collator_selection::Event::InvulnerableAdded { account_id: eve.clone() }.into(),
		);

		let boundary = second_session_boundary();
		run_to_block(boundary - 1);
		assert!(!Session::validators().contains(&eve), "not before the boundary");
		run_to_block(boundary);
		assert!(Session::validators().contains(&eve));
		assert!(aura_authorities().contains(&keys.aura));
		// GRANDPA's authority set follows at the end of the boundary block.
		Grandpa::on_finalize(boundary);
		assert!(Grandpa::grandpa_authorities().iter().any(|(id, _)| *id == keys.grandpa));
		assert_eq!(Grandpa::current_set_id(), 1);
	});
}

#[test]
fn governance_removes_a_validator_at_the_second_session_boundary() {
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let dave = account(Sr25519Keyring::Dave);
		assert_noop!(
			CollatorSelection::remove_invulnerable(
				RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
				dave.clone()
			),
			DispatchError::BadOrigin
		);
		council_motion(RuntimeCall::CollatorSelection(
			pallet_collator_selection::Call::remove_invulnerable { who: dave.clone() },
		));
		assert_noop!(
			CollatorSelection::remove_invulnerable(council(2, 3), dave.clone()),
			pallet_collator_selection::Error::<Runtime>::NotInvulnerable
		);
		let boundary = second_session_boundary();
		run_to_block(boundary);
		assert!(!Session::validators().contains(&dave));
		assert_eq!(aura_authorities().len(), 3);
		Grandpa::on_finalize(boundary);
		assert_eq!(Grandpa::grandpa_authorities().len(), 3);
	});
}

#[test]
fn sessions_without_a_change_do_not_rotate_nor_fill_a_block() {
	preset_ext("local_testnet").execute_with(|| {
		let index = Session::current_index();
		for boundary in 1..=5 {
			run_to_block(boundary * SESSION_PERIOD);
			// Session charges a whole block for a rotation; a boundary with nothing to change
			// leaves the block to users.
			let used = System::block_weight().total();
			let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
			assert!(
				used.ref_time() < max.ref_time() / 10,
				"boundary block {boundary} used {used:?}"
			);
		}
		assert_eq!(Session::current_index(), index, "nothing changed: no rotation");
		Grandpa::on_finalize(5 * SESSION_PERIOD);
		assert_eq!(Grandpa::current_set_id(), 0);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		// The session has a historical root for equivocation proofs.
		let bob: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
		let proof =
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, bob)).expect("Bob validates");
		assert_eq!(proof.session, index);
	});
}

#[test]
fn a_change_rotates_at_the_next_two_boundaries_only() {
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let index = Session::current_index();
		let dave = account(Sr25519Keyring::Dave);
		assert_ok!(CollatorSelection::remove_invulnerable(council(3, 3), dave.clone()));
		run_to_block((System::block_number() / SESSION_PERIOD + 1) * SESSION_PERIOD);
		assert_eq!(Session::current_index(), index + 1, "the new set is queued");
		run_to_block(System::block_number() + SESSION_PERIOD);
		assert_eq!(Session::current_index(), index + 2, "the queued set is applied");
		assert!(!Session::validators().contains(&dave));
		run_to_block(System::block_number() + 3 * SESSION_PERIOD);
		assert_eq!(Session::current_index(), index + 2, "then nothing more to change");
	});
}

#[test]
fn the_last_validator_cannot_be_removed() {
	preset_ext("development").execute_with(|| {
		next_block();
		assert_noop!(
			CollatorSelection::remove_invulnerable(council(3, 3), account(Sr25519Keyring::Alice)),
			pallet_collator_selection::Error::<Runtime>::TooFewEligibleCollators
		);
	});
}

#[test]
fn a_validator_rotates_its_keys_and_cannot_claim_keys_it_does_not_hold() {
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let bob = account(Sr25519Keyring::Bob);
		let eve = account(Sr25519Keyring::Eve);
		// Keys generated for Bob, replayed by Eve: the proof names Bob, so it fails for Eve.
		let (keys, proof) = new_session_keys(&bob);
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(eve), keys.clone(), proof.clone()),
			pallet_session::Error::<Runtime>::InvalidProof
		);
		// Another validator's current keys cannot be taken over either.
		let (_, charlie_proof) = new_session_keys(&account(Sr25519Keyring::Charlie));
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(bob.clone()), keys.clone(), charlie_proof),
			pallet_session::Error::<Runtime>::InvalidProof
		);
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(bob.clone()), keys.clone(), proof));

		let boundary = second_session_boundary();
		run_to_block(boundary);
		assert!(aura_authorities().contains(&keys.aura));
		assert!(!aura_authorities().contains(&Sr25519Keyring::Bob.public().into()));
		Grandpa::on_finalize(boundary);
		assert!(Grandpa::grandpa_authorities().iter().any(|(id, _)| *id == keys.grandpa));
		assert!(!Grandpa::grandpa_authorities()
			.iter()
			.any(|(id, _)| *id == Ed25519Keyring::Bob.public().into()));
	});
}

/// Two different prevotes by `offender` in the same round of set `set_id`.
fn prevote_equivocation(
	set_id: u64,
	offender: Ed25519Keyring,
) -> sp_consensus_grandpa::EquivocationProof<H256, u32> {
	let prevote = |target: u8| {
		let prevote =
			finality_grandpa::Prevote { target_hash: H256::repeat_byte(target), target_number: 1 };
		let payload = sp_consensus_grandpa::localized_payload(
			1,
			set_id,
			&finality_grandpa::Message::Prevote(prevote.clone()),
		);
		(prevote, offender.sign(&payload).into())
	};
	sp_consensus_grandpa::EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: offender.public().into(),
			first: prevote(1),
			second: prevote(2),
		}),
	)
}

#[test]
fn a_grandpa_equivocation_is_recorded_as_an_offence_once() {
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let offender: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
		let key_owner_proof = Historical::prove((sp_consensus_grandpa::KEY_TYPE, offender.clone()))
			.expect("Bob validates");
		let proof = prevote_equivocation(Grandpa::current_set_id(), Ed25519Keyring::Bob);

		// A report naming someone else's key fails the key ownership check.
		let charlie: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Charlie.public().into();
		let charlie_proof = Historical::prove((sp_consensus_grandpa::KEY_TYPE, charlie))
			.expect("Charlie validates");
		assert_noop!(
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof.clone()),
				charlie_proof
			),
			pallet_grandpa::Error::<Runtime>::InvalidKeyOwnershipProof
		);
		// Two votes for the same block are no equivocation.
		let same = {
			let prevote =
				finality_grandpa::Prevote { target_hash: H256::repeat_byte(1), target_number: 1 };
			let payload = sp_consensus_grandpa::localized_payload(
				1,
				Grandpa::current_set_id(),
				&finality_grandpa::Message::Prevote(prevote.clone()),
			);
			let signed = (prevote, Ed25519Keyring::Bob.sign(&payload).into());
			sp_consensus_grandpa::EquivocationProof::new(
				Grandpa::current_set_id(),
				sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
					round_number: 1,
					identity: offender.clone(),
					first: signed.clone(),
					second: signed,
				}),
			)
		};
		assert_noop!(
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(same),
				key_owner_proof.clone()
			),
			pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof
		);

		assert_ok!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(proof.clone()),
			key_owner_proof.clone()
		));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Offences(pallet_offences::Event::Offence { .. })
		)));
		assert_noop!(
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof),
				key_owner_proof
			),
			pallet_grandpa::Error::<Runtime>::DuplicateOffenceReport
		);
	});
}

#[test]
fn the_council_authorizes_a_runtime_upgrade_through_the_whitelist() {
	preset_ext("staging").execute_with(|| {
		next_block();
		let code_hash = H256::repeat_byte(7);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let call_hash = <Runtime as frame_system::Config>::Hashing::hash_of(&authorize);
		let alice = RuntimeOrigin::signed(account(Sr25519Keyring::Alice));

		// `authorize_upgrade` needs Root; staging has no sudo, and a motion is not Root.
		assert_noop!(System::authorize_upgrade(council(3, 3), code_hash), DispatchError::BadOrigin);
		assert_noop!(Whitelist::whitelist_call(alice.clone(), call_hash), DispatchError::BadOrigin);
		assert_noop!(Whitelist::whitelist_call(council(1, 3), call_hash), DispatchError::BadOrigin);
		// A signed account can only relay a dispatch governance has deferred, and there is none.
		assert_noop!(
			Whitelist::dispatch_whitelisted_call_with_preimage(alice, Box::new(authorize.clone())),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound
		);

		// Motion one whitelists the call's hash; motion two dispatches it as Root.
		council_motion(RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
			call_hash,
		}));
		council_motion(RuntimeCall::Whitelist(
			pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
				call: Box::new(authorize),
			},
		));
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);
		// The authorization is for that code only.
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::none(), vec![0u8; 64]),
			frame_system::Error::<Runtime>::Unauthorized
		);
	});
}

/// Puts the state of a `local_testnet` chain back into the shape spec 103 left it in: the same
/// Aura and GRANDPA authorities, but no sessions and no governance validator set.
fn make_spec_103_state() {
	pallet_session::Validators::<Runtime>::kill();
	pallet_session::QueuedKeys::<Runtime>::kill();
	let _ = pallet_session::NextKeys::<Runtime>::clear(u32::MAX, None);
	let _ = pallet_session::KeyOwner::<Runtime>::clear(u32::MAX, None);
	pallet_collator_selection::Invulnerables::<Runtime>::kill();
	pallet_session::historical::StoredRange::<Runtime>::kill();
	let _ = pallet_session::historical::HistoricalSessions::<Runtime>::clear(u32::MAX, None);
	let _ = pallet_grandpa::SetIdSession::<Runtime>::clear(u32::MAX, None);
}

#[test]
fn the_v104_migration_turns_the_genesis_authorities_into_session_validators() {
	use crate::migrations::v104;
	use frame_support::traits::OnRuntimeUpgrade;
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		let aura_before = aura_authorities();
		let grandpa_before = Grandpa::grandpa_authorities();
		make_spec_103_state();
		let expected = v104::validators_from_authorities().expect("paired authorities");
		assert_eq!(expected.len(), 4);
		// The account of each validator is its Aura key's: Alice's is Alice's.
		assert!(expected.iter().any(|(a, _)| *a == account(Sr25519Keyring::Alice)));
		assert!(v104::check_registered(&expected).is_err(), "the 103 state has no validators");

		let weight = v104::IntroduceSessions::on_runtime_upgrade();
		assert!(weight.ref_time() > 0);
		assert_eq!(v104::check_registered(&expected), Ok(()));
		// Runs once: a second upgrade finds the validators registered and does nothing.
		assert!(!v104::IntroduceSessions::needed());
		let again = v104::IntroduceSessions::on_runtime_upgrade();
		assert!(again.ref_time() < weight.ref_time());
		assert_eq!(v104::check_registered(&expected), Ok(()));

		// The chain goes on: two session boundaries later the authorities are the same ones,
		// GRANDPA's set did not change, and no session rotated (the migrated state is consistent:
		// nothing to change).
		run_to_block(2 * SESSION_PERIOD);
		assert_eq!(Session::current_index(), 0);
		assert_eq!(aura_authorities(), aura_before);
		Grandpa::on_finalize(2 * SESSION_PERIOD);
		assert_eq!(Grandpa::grandpa_authorities(), grandpa_before);
		assert_eq!(Grandpa::current_set_id(), 0);
		// An equivocation in the migrated set can be proven.
		let bob: sp_consensus_grandpa::AuthorityId = Ed25519Keyring::Bob.public().into();
		assert!(Historical::prove((sp_consensus_grandpa::KEY_TYPE, bob)).is_some());
	});
}

#[test]
fn after_the_v104_migration_governance_changes_the_set() {
	use crate::migrations::v104;
	use frame_support::traits::OnRuntimeUpgrade;
	preset_ext("local_testnet").execute_with(|| {
		next_block();
		make_spec_103_state();
		v104::IntroduceSessions::on_runtime_upgrade();
		let dave = account(Sr25519Keyring::Dave);
		assert_ok!(CollatorSelection::remove_invulnerable(council(2, 3), dave.clone()));
		run_to_block(second_session_boundary());
		assert!(!Session::validators().contains(&dave));
		assert_eq!(aura_authorities().len(), 3);
	});
}
