//! Commit, then register: a front-runner who registers a committed weights root after the
//! commitment is displaced by the committer's reveal; its deposit goes to the committer.

use super::*;
use crate::{Commitments, Error, Event, ModelByRoot, Models as ModelsMap, Operators};
use frame_support::{assert_noop, traits::fungible::InspectHold};
use provenance_primitives::{registration_commitment, Status};

const SALT: [u8; 32] = [9; 32];
const ROOT: H256 = H256::repeat_byte(0x5a);

fn commitment(who: AccountId) -> H256 {
	registration_commitment(&ROOT, &who, &SALT)
}

fn commit(who: AccountId) -> frame_support::dispatch::DispatchResult {
	Models::commit(RuntimeOrigin::signed(who), commitment(who))
}

fn reveal(who: AccountId, salt: [u8; 32]) -> frame_support::dispatch::DispatchResultWithPostInfo {
	reveal_root(who, ROOT, salt)
}

fn reveal_root(
	who: AccountId,
	root: H256,
	salt: [u8; 32],
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Models::register(
		RuntimeOrigin::signed(who),
		root,
		H256::repeat_byte(7),
		bounded(b"ipfs://weights".to_vec()),
		open_license(),
		bounded(vec![]),
		bounded(vec![]),
		bounded(vec![]),
		Some(salt),
	)
}

fn held_for_commitments(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::CommitmentDeposit.into(), &who)
}

#[test]
fn a_front_runner_is_displaced_and_loses_its_deposit_to_the_committer() {
	build_and_execute(|| {
		assert_ok!(commit(ALICE));
		System::assert_last_event(
			Event::Committed { who: ALICE, commitment: commitment(ALICE) }.into(),
		);
		assert_eq!(held_for_commitments(ALICE), COMMITMENT_DEPOSIT);
		assert_noop!(reveal(ALICE, SALT), Error::<Test>::CommitmentNotMatured);

		System::set_block_number(2);
		let front_runner = NextModelId::<Test>::get();
		assert_ok!(register_as(BOB, ROOT, open_license(), vec![], vec![]));
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(BOB), front_runner, CHARLIE));
		let bob_deposit = held(BOB);
		let alice_free = Balances::free_balance(ALICE);

		System::set_block_number(3);
		let mine = NextModelId::<Test>::get();
		assert_ok!(reveal(ALICE, SALT));
		System::assert_has_event(
			Event::OperatorRemoved { id: front_runner, operator: CHARLIE }.into(),
		);
		System::assert_has_event(
			Event::ModelDisplaced { id: front_runner, by: mine, deposit: bob_deposit }.into(),
		);
		assert_eq!(ModelByRoot::<Test>::get(ROOT), Some(mine));
		let displaced = ModelsMap::<Test>::get(front_runner).unwrap();
		assert_eq!(displaced.status, Status::Displaced);
		assert_eq!(displaced.owner, BOB);
		assert!(!Operators::<Test>::contains_key(front_runner));
		assert_eq!(held(BOB), 0);
		assert_eq!(held_for_commitments(ALICE), 0);
		assert_eq!(
			Balances::free_balance(ALICE),
			alice_free + bob_deposit + COMMITMENT_DEPOSIT - held(ALICE)
		);
		// A displaced model cannot be a parent.
		assert_noop!(
			register_as(
				CHARLIE,
				root_of(50),
				open_license(),
				vec![(front_runner, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn only_a_later_registration_by_someone_else_is_displaced() {
	build_and_execute(|| {
		// Registered before the commitment: it stays.
		assert_ok!(register_as(BOB, ROOT, open_license(), vec![], vec![]));
		System::set_block_number(2);
		assert_ok!(commit(ALICE));
		System::set_block_number(3);
		assert_noop!(reveal(ALICE, SALT), Error::<Test>::AlreadyRegistered);
		// Without a commitment nothing is displaced either.
		assert_noop!(
			register_as(ALICE, ROOT, open_license(), vec![], vec![]),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn reveal_commit_and_clear_errors() {
	build_and_execute(|| {
		assert_noop!(reveal(ALICE, SALT), Error::<Test>::UnknownCommitment);
		assert_ok!(commit(ALICE));
		assert_noop!(commit(ALICE), Error::<Test>::AlreadyCommitted);
		assert_noop!(
			Models::commit(RuntimeOrigin::signed(PAUPER), commitment(PAUPER)),
			Error::<Test>::InsufficientDeposit
		);
		System::set_block_number(2);
		assert_noop!(reveal(ALICE, [1; 32]), Error::<Test>::UnknownCommitment);
		assert_noop!(reveal(BOB, SALT), Error::<Test>::UnknownCommitment);
		assert_noop!(
			Models::clear_commitment(RuntimeOrigin::signed(BOB), commitment(ALICE)),
			Error::<Test>::CommitmentNotExpired
		);
		System::set_block_number(1 + COMMITMENT_LIFETIME + 1);
		assert_noop!(reveal(ALICE, SALT), Error::<Test>::CommitmentExpired);
		assert_ok!(Models::clear_commitment(RuntimeOrigin::signed(BOB), commitment(ALICE)));
		System::assert_last_event(
			Event::CommitmentCleared { commitment: commitment(ALICE) }.into(),
		);
		assert!(!Commitments::<Test>::contains_key(commitment(ALICE)));
		assert_eq!(held_for_commitments(ALICE), 0);
		assert_noop!(
			Models::clear_commitment(RuntimeOrigin::signed(ALICE), commitment(ALICE)),
			Error::<Test>::UnknownCommitment
		);
	});
}

#[test]
fn the_committer_may_clear_at_any_time() {
	build_and_execute(|| {
		assert_ok!(commit(ALICE));
		assert_ok!(Models::clear_commitment(RuntimeOrigin::signed(ALICE), commitment(ALICE)));
		assert_eq!(held_for_commitments(ALICE), 0);
	});
}

#[test]
fn register_is_refunded_to_the_cheaper_weight_unless_it_displaced_a_model() {
	use crate::WeightInfo;
	build_and_execute(|| {
		let bytes = b"ipfs://weights".len() as u32;
		let full = <() as WeightInfo>::register(0, 0, bytes);
		let cheaper = <() as WeightInfo>::register_without_displacement(0, 0, bytes);
		assert!(cheaper.ref_time() < full.ref_time(), "{cheaper:?} < {full:?}");

		let other = H256::repeat_byte(0x6b);
		assert_ok!(commit(ALICE));
		assert_ok!(Models::commit(
			RuntimeOrigin::signed(ALICE),
			registration_commitment(&other, &ALICE, &SALT)
		));
		System::set_block_number(2);
		assert_ok!(register_as(BOB, ROOT, open_license(), vec![], vec![]));
		System::set_block_number(3);
		// Displacing BOB's model: charged in full (no post-dispatch weight).
		assert_eq!(reveal(ALICE, SALT).unwrap().actual_weight, None);
		// Nothing to displace: refunded to the cheaper benchmark.
		assert_eq!(reveal_root(ALICE, other, SALT).unwrap().actual_weight, Some(cheaper));
	});
}
