//! What dispute verdicts do to a dataset (called by the Disputes pallet through the runtime):
//! the `Disputed` status and what it refuses, `retract_by_verdict` (deposit to the opener) and
//! `transfer_by_verdict` (ownership, root index, contributors and deposit to the new owner).

use super::*;
use crate::{DatasetByRoot, DatasetsByOwner, Error, PendingTransfers};
use frame_support::{assert_noop, traits::fungible::Inspect};
use provenance_primitives::Status;

fn status(id: DatasetId) -> Status {
	crate::Datasets::<Test>::get(id).unwrap().status
}

#[test]
fn a_disputed_dataset_keeps_working_but_cannot_be_transferred_or_retracted() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(Datasets::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		Datasets::set_disputed(id, true);
		assert_eq!(status(id), Status::Disputed);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(b"m")));
		assert_noop!(
			Datasets::offer_transfer(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Datasets::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"escape")),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::root(), id, reason(b"governance")),
			Error::<Test>::UnderDispute
		);
		Datasets::set_disputed(id, false);
		assert_eq!(status(id), Status::Active);
		// Only Active <-> Disputed: a retracted dataset stays retracted.
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		Datasets::set_disputed(id, true);
		assert_eq!(status(id), Status::Retracted);
	});
}

#[test]
fn retract_by_verdict_gives_the_deposit_to_the_opener() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		Datasets::set_disputed(id, true);
		let bob_before = Balances::balance(&BOB);
		assert_ok!(Datasets::retract_by_verdict(id, &BOB));
		assert_eq!(status(id), Status::Retracted);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&BOB), bob_before + default_deposit());
		assert_eq!(crate::Datasets::<Test>::get(id).unwrap().deposit, 0);
		System::assert_has_event(dataset_event(Event::DepositForfeited {
			id,
			from: ALICE,
			to: BOB,
			amount: default_deposit(),
		}));
		assert_noop!(Datasets::retract_by_verdict(id, &BOB), Error::<Test>::Retracted);
		assert_noop!(Datasets::retract_by_verdict(42, &BOB), Error::<Test>::NotFound);
	});
}

#[test]
fn transfer_by_verdict_moves_ownership_contributors_and_deposit() {
	build_and_execute(|| {
		// Eve (CHARLIE here) squats a root with herself and a friend as contributors.
		let id = NextDatasetId::<Test>::get();
		assert_ok!(register_full(
			CHARLIE,
			root(1),
			parts(&[(CHARLIE, 500_000_000), (BOB, 500_000_000)]),
			None
		));
		assert_ok!(Datasets::offer_transfer(RuntimeOrigin::signed(CHARLIE), id, BOB));
		let squatted_deposit = held(CHARLIE);
		Datasets::set_disputed(id, true);
		assert_ok!(Datasets::transfer_by_verdict(id, &ALICE));
		let record = crate::Datasets::<Test>::get(id).unwrap();
		assert_eq!(record.owner, ALICE);
		assert_eq!(record.contributors.to_vec(), vec![(ALICE, Perbill::one())]);
		assert_eq!(DatasetByRoot::<Test>::get(root(1)), Some(id));
		assert!(DatasetsByOwner::<Test>::contains_key(ALICE, id));
		assert!(!DatasetsByOwner::<Test>::contains_key(CHARLIE, id));
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		// The squatter's deposit is now held from Alice; the smaller record's surplus is
		// released to her.
		assert_eq!(held(CHARLIE), 0);
		assert_eq!(held(ALICE), default_deposit());
		assert!(squatted_deposit > default_deposit());
		assert_eq!(record.deposit, default_deposit());
		// The status is left to the disputes pallet.
		assert_eq!(record.status, Status::Disputed);
		System::assert_has_event(dataset_event(Event::OwnershipTransferred {
			id,
			from: CHARLIE,
			to: ALICE,
		}));
		assert_noop!(Datasets::transfer_by_verdict(id, &ALICE), Error::<Test>::AlreadyOwner);
		assert_noop!(Datasets::transfer_by_verdict(42, &ALICE), Error::<Test>::NotFound);
		assert_ok!(Datasets::retract_by_verdict(id, &BOB));
		assert_noop!(Datasets::transfer_by_verdict(id, &BOB), Error::<Test>::Retracted);
	});
}
