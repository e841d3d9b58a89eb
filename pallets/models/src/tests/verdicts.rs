//! What dispute verdicts do to a model (called by the Disputes pallet through the runtime): the
//! `Disputed` status and what it refuses, `retract_by_verdict` and `transfer_by_verdict`.

use super::*;
use crate::{Error, ModelByRoot, Operators, PendingTransfers};
use frame_support::{assert_noop, traits::fungible::Inspect};
use provenance_primitives::Status;

fn status(id: ModelId) -> Status {
	crate::Models::<Test>::get(id).unwrap().status
}

#[test]
fn a_disputed_model_keeps_working_but_cannot_be_transferred_or_retracted() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		Models::set_disputed(id, true);
		assert_eq!(status(id), Status::Disputed);
		// Still usable: a child may name it, an operator may be added.
		register_model(CHARLIE, open_license(), vec![(id, Derivation::FineTune)], vec![]);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_noop!(
			Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Models::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(vec![])),
			Error::<Test>::UnderDispute
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::root(), id, bounded(vec![])),
			Error::<Test>::UnderDispute
		);
		Models::set_disputed(id, false);
		assert_eq!(status(id), Status::Active);
	});
}

#[test]
fn retract_by_verdict_gives_the_deposit_to_the_opener() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let deposit = held(ALICE);
		assert!(deposit > 0);
		let bob_before = Balances::balance(&BOB);
		assert_ok!(Models::retract_by_verdict(id, &BOB));
		assert_eq!(status(id), Status::Retracted);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&BOB), bob_before + deposit);
		System::assert_has_event(
			Event::DepositForfeited { id, from: ALICE, to: BOB, amount: deposit }.into(),
		);
		assert_noop!(Models::retract_by_verdict(id, &BOB), Error::<Test>::Retracted);
		assert_noop!(Models::retract_by_verdict(77, &BOB), Error::<Test>::NotFound);
	});
}

#[test]
fn transfer_by_verdict_moves_ownership_and_deposit_and_clears_operators() {
	build_and_execute(|| {
		let id = register_model(CHARLIE, open_license(), vec![], vec![]);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(CHARLIE), id, DAVE));
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(CHARLIE), id, DAVE));
		Models::set_disputed(id, true);
		assert_ok!(Models::transfer_by_verdict(id, &ALICE));
		let model = crate::Models::<Test>::get(id).unwrap();
		assert_eq!(model.owner, ALICE);
		assert_eq!(model.status, Status::Disputed);
		assert_eq!(ModelByRoot::<Test>::get(model.weights_root), Some(id));
		assert!(Operators::<Test>::get(id).is_empty());
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		assert_eq!(held(CHARLIE), 0);
		assert_eq!(held(ALICE), model.deposit);
		System::assert_has_event(
			Event::OwnershipTransferred { id, from: CHARLIE, to: ALICE }.into(),
		);
		assert_noop!(Models::transfer_by_verdict(id, &ALICE), Error::<Test>::AlreadyOwner);
		assert_noop!(Models::transfer_by_verdict(77, &ALICE), Error::<Test>::NotFound);
	});
}
