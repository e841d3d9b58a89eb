//! Commit, then register: a front-runner who registers a committed root after the commitment is
//! displaced by the committer's reveal, and its deposit goes to the committer.

use super::*;
use crate::{Commitments, DatasetByRoot, Error};
use frame_support::assert_noop;
use provenance_primitives::{registration_commitment, Status};

const SALT: [u8; 32] = [9; 32];

fn commitment(who: u64, n: u8) -> H256 {
	registration_commitment(&root(n), &who, &SALT)
}

fn commit(who: u64, n: u8) -> DispatchResult {
	Datasets::commit(RuntimeOrigin::signed(who), commitment(who, n))
}

fn reveal(who: u64, n: u8, salt: [u8; 32]) -> DispatchResultWithPostInfo {
	Datasets::register(
		RuntimeOrigin::signed(who),
		root(n),
		1_000,
		bv(URI),
		mit(),
		bv(META),
		sole(who),
		None,
		Some(salt),
	)
}

fn held_for_commitments(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who)
}

use frame_support::dispatch::DispatchResultWithPostInfo;
use sp_runtime::DispatchResult;

#[test]
fn commit_holds_a_deposit_and_reveal_releases_it() {
	build_and_execute(|| {
		assert_ok!(commit(ALICE, 1));
		System::assert_last_event(dataset_event(Event::Committed {
			who: ALICE,
			commitment: commitment(ALICE, 1),
		}));
		assert_eq!(held_for_commitments(ALICE), COMMITMENT_DEPOSIT);
		// Not in the block of the commitment.
		assert_noop!(reveal(ALICE, 1, SALT), Error::<Test>::CommitmentNotMatured);
		System::set_block_number(2);
		assert_ok!(reveal(ALICE, 1, SALT));
		assert_eq!(held_for_commitments(ALICE), 0);
		assert!(!Commitments::<Test>::contains_key(commitment(ALICE, 1)));
		assert_eq!(Datasets::dataset_view(0).unwrap().owner, ALICE);
	});
}

#[test]
fn a_front_runner_is_displaced_and_loses_its_deposit_to_the_committer() {
	build_and_execute(|| {
		assert_ok!(commit(ALICE, 1));
		// BOB sees ALICE's root (say, in the pool) and registers it first, without a commitment.
		System::set_block_number(2);
		let front_runner = register_default(BOB, 1);
		let bob_deposit = held(BOB);
		assert!(bob_deposit > 0);
		let alice_free = Balances::free_balance(ALICE);

		System::set_block_number(3);
		assert_ok!(reveal(ALICE, 1, SALT));
		let mine = DatasetByRoot::<Test>::get(root(1)).unwrap();
		assert_ne!(mine, front_runner);
		System::assert_has_event(dataset_event(Event::DatasetDisplaced {
			id: front_runner,
			by: mine,
			deposit: bob_deposit,
		}));
		let displaced = Datasets::dataset_view(front_runner).unwrap();
		assert_eq!(displaced.status, Status::Displaced);
		assert_eq!(displaced.owner, BOB);
		assert_eq!(Datasets::dataset_view(mine).unwrap().owner, ALICE);
		// BOB's deposit went to ALICE, free; ALICE holds her own record's deposit.
		assert_eq!(held(BOB), 0);
		assert_eq!(
			Balances::free_balance(ALICE),
			alice_free + bob_deposit + COMMITMENT_DEPOSIT - held(ALICE)
		);
		// The displaced record can no longer be changed.
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(BOB), front_runner, bv(URI), bv(b"")),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn a_record_registered_before_the_commitment_is_not_displaced() {
	build_and_execute(|| {
		let first = register_default(BOB, 1);
		System::set_block_number(2);
		assert_ok!(commit(ALICE, 1));
		System::set_block_number(3);
		assert_noop!(reveal(ALICE, 1, SALT), Error::<Test>::AlreadyRegistered);
		// Nor one registered in the very block of the commitment.
		assert_ok!(commit(CHARLIE, 2));
		let same_block = register_default(BOB, 2);
		System::set_block_number(4);
		assert_noop!(reveal(CHARLIE, 2, SALT), Error::<Test>::AlreadyRegistered);
		assert_eq!(Datasets::dataset_view(first).unwrap().status, Status::Active);
		assert_eq!(Datasets::dataset_view(same_block).unwrap().status, Status::Active);
	});
}

#[test]
fn register_without_a_commitment_cannot_take_a_registered_root() {
	build_and_execute(|| {
		register_default(BOB, 1);
		System::set_block_number(2);
		assert_noop!(
			register_full(ALICE, root(1), sole(ALICE), None),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn reveal_errors() {
	build_and_execute(|| {
		// No commitment at all, or another salt.
		assert_noop!(reveal(ALICE, 1, SALT), Error::<Test>::UnknownCommitment);
		assert_ok!(commit(ALICE, 1));
		System::set_block_number(2);
		assert_noop!(reveal(ALICE, 1, [8; 32]), Error::<Test>::UnknownCommitment);
		// Someone else cannot reveal ALICE's commitment (it binds the account).
		assert_noop!(reveal(BOB, 1, SALT), Error::<Test>::UnknownCommitment);
		// Expired after COMMITMENT_LIFETIME blocks.
		System::set_block_number(1 + COMMITMENT_LIFETIME + 1);
		assert_noop!(reveal(ALICE, 1, SALT), Error::<Test>::CommitmentExpired);
	});
}

#[test]
fn commit_errors() {
	build_and_execute(|| {
		assert_ok!(commit(ALICE, 1));
		assert_noop!(commit(ALICE, 1), Error::<Test>::AlreadyCommitted);
		// Account 99 has no funds.
		assert_noop!(commit(99, 1), Error::<Test>::InsufficientDeposit);
	});
}

#[test]
fn clear_commitment_by_the_committer_or_anyone_after_expiry() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::clear_commitment(RuntimeOrigin::signed(ALICE), commitment(ALICE, 1)),
			Error::<Test>::UnknownCommitment
		);
		assert_ok!(commit(ALICE, 1));
		assert_ok!(commit(ALICE, 2));
		assert_noop!(
			Datasets::clear_commitment(RuntimeOrigin::signed(BOB), commitment(ALICE, 1)),
			Error::<Test>::CommitmentNotExpired
		);
		assert_ok!(Datasets::clear_commitment(RuntimeOrigin::signed(ALICE), commitment(ALICE, 1)));
		System::assert_last_event(dataset_event(Event::CommitmentCleared {
			commitment: commitment(ALICE, 1),
		}));
		assert_eq!(held_for_commitments(ALICE), COMMITMENT_DEPOSIT);
		System::set_block_number(1 + COMMITMENT_LIFETIME + 1);
		assert_ok!(Datasets::clear_commitment(RuntimeOrigin::signed(BOB), commitment(ALICE, 2)));
		assert_eq!(held_for_commitments(ALICE), 0);
	});
}

#[test]
fn register_is_refunded_to_the_cheaper_weight_unless_it_displaced_a_record() {
	use crate::WeightInfo;
	build_and_execute(|| {
		let (u, m) = (URI.len() as u32, META.len() as u32);
		let full = <() as WeightInfo>::register(u, m, 1);
		let cheaper = <() as WeightInfo>::register_without_displacement(u, m, 1);
		assert!(cheaper.ref_time() < full.ref_time(), "{cheaper:?} < {full:?}");

		assert_ok!(commit(ALICE, 1));
		assert_ok!(commit(ALICE, 2));
		System::set_block_number(2);
		register_default(BOB, 1);
		System::set_block_number(3);
		// Displacing BOB's record: charged in full (no post-dispatch weight).
		assert_eq!(reveal(ALICE, 1, SALT).unwrap().actual_weight, None);
		// Nothing to displace: refunded to the cheaper benchmark.
		assert_eq!(reveal(ALICE, 2, SALT).unwrap().actual_weight, Some(cheaper));
	});
}
