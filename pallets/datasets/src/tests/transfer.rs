//! `transfer_ownership`: the deposit moves, still held, to the new owner.

use super::*;
use crate::{DatasetsByOwner, Error};
use frame_support::assert_noop;
use provenance_primitives::DatasetInspect;
use sp_runtime::{DispatchError, TokenError};

#[test]
fn transfer_ownership_moves_the_deposit() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let deposit = default_deposit();
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
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
		// Contributors are royalty shares and do not follow the owner.
		assert_eq!(Datasets::dataset_contributors(id), vec![(ALICE, Perbill::one())]);
		assert!(!DatasetsByOwner::<Test>::contains_key(ALICE, id));
		assert!(DatasetsByOwner::<Test>::contains_key(BOB, id));
		assert_eq!(Datasets::dataset_ids_of(&BOB), vec![id]);

		// The new owner is in charge now.
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(META)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, bv(URI), bv(b"")));
		assert_eq!(held(BOB), deposit - 2 * 4);
	});
}

#[test]
fn transfer_ownership_fails_for_unknown_foreign_or_retracted_datasets() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), 0, BOB),
			Error::<Test>::NotFound
		);
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn transfer_ownership_fails_for_the_current_owner_or_a_missing_account() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::AlreadyOwner
		);
		// Account 99 does not exist and cannot receive a hold.
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, 99),
			DispatchError::Token(TokenError::CannotCreateHold)
		);
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn transfer_ownership_to_a_poor_account_does_not_touch_its_balance() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		// POOR cannot afford a deposit of its own, but receiving one costs it nothing.
		assert!(POOR_ENDOWMENT < default_deposit());
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, POOR));
		assert_eq!(Balances::free_balance(POOR), POOR_ENDOWMENT);
		assert_eq!(held(POOR), default_deposit());
		assert_eq!(held(ALICE), 0);
	});
}
