//! Two-step transfers: `offer_transfer`, `accept_transfer`, `cancel_transfer`. Nothing moves
//! until the recipient accepts; then the deposit moves, still held, to the new owner.

use super::*;
use crate::{DatasetsByOwner, Error, PendingTransfers};
use frame_support::assert_noop;
use provenance_primitives::{Asset, DatasetInspect, Status};
use sp_runtime::{DispatchError, DispatchResult, TokenError};

fn offer(who: u64, id: u64, to: u64) -> DispatchResult {
	Datasets::offer_transfer(RuntimeOrigin::signed(who), id, to)
}

fn accept(who: u64, id: u64) -> DispatchResult {
	Datasets::accept_transfer(RuntimeOrigin::signed(who), id)
}

fn cancel(who: u64, id: u64) -> DispatchResult {
	Datasets::cancel_transfer(RuntimeOrigin::signed(who), id)
}

#[test]
fn an_offer_moves_nothing_until_it_is_accepted() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let deposit = default_deposit();
		assert_ok!(offer(ALICE, id, BOB));
		System::assert_last_event(dataset_event(Event::TransferOffered {
			id,
			from: ALICE,
			to: BOB,
		}));
		assert_eq!(PendingTransfers::<Test>::get(id), Some(BOB));
		// Nothing moved: ALICE still owns it and holds the deposit; she is still in charge.
		assert_eq!(Datasets::dataset_view(id).unwrap().owner, ALICE);
		assert_eq!(held(ALICE), deposit);
		assert_eq!(held(BOB), 0);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(META)));
		assert!(provenance_test_registry::RecordOwnershipChanges::recorded().is_empty());
	});
}

#[test]
fn acceptance_moves_the_dataset_and_its_deposit() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let deposit = default_deposit();
		assert_ok!(offer(ALICE, id, BOB));
		assert_ok!(accept(BOB, id));
		System::assert_last_event(dataset_event(Event::OwnershipTransferred {
			id,
			from: ALICE,
			to: BOB,
		}));

		// The deposit moved, still held, from ALICE to BOB: BOB's free balance is untouched.
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - deposit);
		assert_eq!(held(BOB), deposit);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT);

		assert_eq!(Datasets::dataset_view(id).unwrap().owner, BOB);
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		// Contributors are royalty shares and do not follow the owner.
		assert_eq!(Datasets::dataset_contributors(id), vec![(ALICE, Perbill::one())]);
		assert!(!DatasetsByOwner::<Test>::contains_key(ALICE, id));
		assert!(DatasetsByOwner::<Test>::contains_key(BOB, id));
		assert_eq!(Datasets::dataset_ids_of(&BOB), vec![id]);
		// Royalty settings are told to return to their defaults.
		assert_eq!(
			provenance_test_registry::RecordOwnershipChanges::recorded(),
			vec![Asset::Dataset(id)]
		);

		// The new owner is in charge now, and the offer cannot be accepted twice.
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(META)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, bv(URI), bv(b"")));
		assert_eq!(held(BOB), deposit - 2 * 4);
		assert_noop!(accept(BOB, id), Error::<Test>::NoOffer);
	});
}

#[test]
fn a_new_offer_replaces_the_old_one_and_cancel_withdraws_it() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(offer(ALICE, id, BOB));
		assert_ok!(offer(ALICE, id, CHARLIE));
		assert_noop!(accept(BOB, id), Error::<Test>::NotOfferedToYou);
		assert_ok!(cancel(ALICE, id));
		System::assert_last_event(dataset_event(Event::TransferCancelled { id, to: CHARLIE }));
		assert_noop!(accept(CHARLIE, id), Error::<Test>::NoOffer);
		assert_eq!(Datasets::dataset_view(id).unwrap().owner, ALICE);
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn offer_transfer_errors() {
	build_and_execute(|| {
		assert_noop!(offer(ALICE, 0, BOB), Error::<Test>::NotFound);
		let id = register_default(ALICE, 1);
		assert_noop!(offer(BOB, id, CHARLIE), Error::<Test>::NotOwner);
		assert_noop!(offer(ALICE, id, ALICE), Error::<Test>::AlreadyOwner);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_noop!(offer(ALICE, id, BOB), Error::<Test>::Retracted);
	});
}

#[test]
fn accept_transfer_errors() {
	build_and_execute(|| {
		assert_noop!(accept(BOB, 0), Error::<Test>::NotFound);
		let id = register_default(ALICE, 1);
		assert_noop!(accept(BOB, id), Error::<Test>::NoOffer);
		assert_ok!(offer(ALICE, id, BOB));
		assert_noop!(accept(CHARLIE, id), Error::<Test>::NotOfferedToYou);
		// Retraction withdraws the offer.
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		assert_noop!(accept(BOB, id), Error::<Test>::NoOffer);
	});
}

#[test]
fn accept_transfer_of_a_dataset_retracted_with_an_open_offer_fails() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(offer(ALICE, id, BOB));
		// Governance-style retraction that leaves the offer in place (as if written directly).
		crate::Datasets::<Test>::mutate(id, |d| d.as_mut().unwrap().status = Status::Retracted);
		assert_noop!(accept(BOB, id), Error::<Test>::Retracted);
	});
}

#[test]
fn accept_transfer_by_an_account_that_cannot_hold_fails() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		// Account 99 does not exist and cannot receive a hold.
		assert_ok!(offer(ALICE, id, 99));
		assert_noop!(accept(99, id), DispatchError::Token(TokenError::CannotCreateHold));
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn cancel_transfer_errors() {
	build_and_execute(|| {
		assert_noop!(cancel(ALICE, 0), Error::<Test>::NotFound);
		let id = register_default(ALICE, 1);
		assert_noop!(cancel(ALICE, id), Error::<Test>::NoOffer);
		assert_ok!(offer(ALICE, id, BOB));
		assert_noop!(cancel(BOB, id), Error::<Test>::NotOwner);
	});
}

#[test]
fn acceptance_by_a_poor_account_does_not_touch_its_balance() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		// POOR cannot afford a deposit of its own, but receiving one costs it nothing.
		assert!(POOR_ENDOWMENT < default_deposit());
		assert_ok!(offer(ALICE, id, POOR));
		assert_ok!(accept(POOR, id));
		assert_eq!(Balances::free_balance(POOR), POOR_ENDOWMENT);
		assert_eq!(held(POOR), default_deposit());
		assert_eq!(held(ALICE), 0);
	});
}
