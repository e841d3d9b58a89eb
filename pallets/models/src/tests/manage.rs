//! `update_metadata`, `offer_transfer` / `accept_transfer` / `cancel_transfer`, `retract`, `add_operator`, `remove_operator`, and the
//! deposit they adjust.

use super::*;
use crate::{Error, Models as ModelsMap, Operators, PendingTransfers};
use frame_support::{assert_noop, traits::fungible::Mutate};
use provenance_primitives::{ModelInspect, Status};
use sp_runtime::{DispatchError, TokenError};

fn deposit_of(id: ModelId) -> Balance {
	ModelsMap::<Test>::get(id).expect("exists").deposit
}

/// Bytes of one operator (a `u64` account) in the deposit formula.
const OPERATOR_BYTES: Balance = 8;

// ---- update_metadata ----

#[test]
fn update_metadata_replaces_fields_and_adjusts_the_deposit() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let before = deposit_of(id);
		assert_eq!(held(ALICE), before);

		// 10 more metadata bytes: 10 more bytes paid for (the length prefix stays one byte).
		assert_ok!(Models::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bounded(b"ipfs://weights".to_vec()),
			bounded(vec![b'm'; 10]),
		));
		System::assert_last_event(Event::MetadataUpdated { id }.into());
		assert_eq!(deposit_of(id), before + 10 * DEPOSIT_PER_BYTE);
		assert_eq!(held(ALICE), deposit_of(id));
		let view = Models::model_view(id).expect("exists");
		assert_eq!(view.metadata, vec![b'm'; 10]);

		// Shorter uri and no metadata: part of the deposit comes back.
		assert_ok!(Models::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bounded(b"ipfs://w".to_vec()),
			bounded(vec![]),
		));
		assert_eq!(deposit_of(id), before - 6 * DEPOSIT_PER_BYTE);
		assert_eq!(held(ALICE), deposit_of(id));
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - deposit_of(id));
	});
}

#[test]
fn update_metadata_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_noop!(
			Models::update_metadata(
				RuntimeOrigin::signed(ALICE),
				9,
				bounded(vec![]),
				bounded(vec![])
			),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Models::update_metadata(
				RuntimeOrigin::signed(BOB),
				id,
				bounded(vec![]),
				bounded(vec![])
			),
			Error::<Test>::NotOwner
		);
		// An owner who cannot afford the larger deposit.
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, 1);
		assert_noop!(
			Models::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				bounded(vec![b'u'; 64]),
				bounded(vec![b'm'; 128])
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn retracted_models_may_still_update_metadata() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(b"bug".to_vec())));
		assert_ok!(Models::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bounded(vec![]),
			bounded(b"see erratum".to_vec())
		));
	});
}

// ---- offer_transfer, accept_transfer, cancel_transfer ----

#[test]
fn transfer_moves_the_deposit_and_clears_operators() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let bare = deposit_of(id);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_eq!(held(ALICE), bare + 2 * OPERATOR_BYTES * DEPOSIT_PER_BYTE);

		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::TransferOffered { id, from: ALICE, to: BOB }.into());
		// Nothing moves before acceptance.
		assert_eq!(ModelsMap::<Test>::get(id).expect("exists").owner, ALICE);
		assert_eq!(held(ALICE), bare + 2 * OPERATOR_BYTES * DEPOSIT_PER_BYTE);
		assert!(provenance_test_registry::RecordOwnershipChanges::recorded().is_empty());

		assert_ok!(Models::accept_transfer(RuntimeOrigin::signed(BOB), id));
		assert_eq!(
			provenance_test_registry::RecordOwnershipChanges::recorded(),
			vec![provenance_primitives::Asset::Model(id)]
		);
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		System::assert_has_event(Event::OperatorRemoved { id, operator: CHARLIE }.into());
		System::assert_has_event(Event::OperatorRemoved { id, operator: DAVE }.into());
		System::assert_last_event(Event::OwnershipTransferred { id, from: ALICE, to: BOB }.into());

		assert_eq!(ModelsMap::<Test>::get(id).expect("exists").owner, BOB);
		assert!(!Operators::<Test>::contains_key(id));
		assert!(!<Models as ModelInspect<AccountId>>::is_owner_or_operator(id, &CHARLIE));
		assert_eq!(deposit_of(id), bare);
		// The operators' part went back to ALICE; the rest moved, still held, to BOB: the deposit
		// travels with the model and BOB's free balance is not touched.
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - bare);
		assert_eq!(held(BOB), bare);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT);

		// The new owner manages it; the old one no longer can.
		assert_noop!(
			Models::update_metadata(
				RuntimeOrigin::signed(ALICE),
				id,
				bounded(vec![]),
				bounded(vec![])
			),
			Error::<Test>::NotOwner
		);
		assert_ok!(Models::update_metadata(
			RuntimeOrigin::signed(BOB),
			id,
			bounded(vec![]),
			bounded(vec![])
		));
	});
}

#[test]
fn offer_transfer_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let offer = |who, id, to| Models::offer_transfer(RuntimeOrigin::signed(who), id, to);
		assert_noop!(offer(ALICE, 5, BOB), Error::<Test>::NotFound);
		assert_noop!(offer(BOB, id, CHARLIE), Error::<Test>::NotOwner);
		assert_noop!(offer(ALICE, id, ALICE), Error::<Test>::AlreadyOwner);
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(b"x".to_vec())));
		assert_noop!(offer(ALICE, id, BOB), Error::<Test>::Retracted);
	});
}

#[test]
fn accept_transfer_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let accept = |who, id| Models::accept_transfer(RuntimeOrigin::signed(who), id);
		assert_noop!(accept(BOB, 5), Error::<Test>::NotFound);
		assert_noop!(accept(BOB, id), Error::<Test>::NoOffer);
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(accept(CHARLIE, id), Error::<Test>::NotOfferedToYou);
		// A retracted model with an offer left in place (as if written directly) cannot move.
		ModelsMap::<Test>::mutate(id, |m| m.as_mut().expect("exists").status = Status::Retracted);
		assert_noop!(accept(BOB, id), Error::<Test>::Retracted);
		ModelsMap::<Test>::mutate(id, |m| m.as_mut().expect("exists").status = Status::Active);
		// Retraction withdraws the offer.
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(b"x".to_vec())));
		assert_eq!(PendingTransfers::<Test>::get(id), None);
		assert_noop!(accept(BOB, id), Error::<Test>::NoOffer);
	});
}

#[test]
fn accept_transfer_by_an_account_that_cannot_hold_fails() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		// PAUPER's account does not exist and cannot receive a hold.
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, PAUPER));
		assert_noop!(
			Models::accept_transfer(RuntimeOrigin::signed(PAUPER), id),
			DispatchError::Token(TokenError::CannotCreateHold)
		);
	});
}

#[test]
fn a_new_offer_replaces_the_old_one_and_cancel_withdraws_it() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let cancel = |who, id| Models::cancel_transfer(RuntimeOrigin::signed(who), id);
		assert_noop!(cancel(ALICE, 5), Error::<Test>::NotFound);
		assert_noop!(cancel(ALICE, id), Error::<Test>::NoOffer);
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_noop!(
			Models::accept_transfer(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotOfferedToYou
		);
		assert_noop!(cancel(BOB, id), Error::<Test>::NotOwner);
		assert_ok!(cancel(ALICE, id));
		System::assert_last_event(Event::TransferCancelled { id, to: CHARLIE }.into());
		assert_noop!(
			Models::accept_transfer(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NoOffer
		);
		assert_eq!(ModelsMap::<Test>::get(id).expect("exists").owner, ALICE);
	});
}

// ---- retract ----

#[test]
fn owner_or_root_may_retract() {
	build_and_execute(|| {
		let a = register_model(ALICE, open_license(), vec![], vec![]);
		let b = register_model(BOB, open_license(), vec![], vec![]);
		let deposit = held(ALICE);

		assert_ok!(Models::retract(
			RuntimeOrigin::signed(ALICE),
			a,
			bounded(b"leaked data".to_vec())
		));
		System::assert_last_event(
			Event::ModelRetracted { id: a, reason: bounded(b"leaked data".to_vec()) }.into(),
		);
		assert_eq!(ModelsMap::<Test>::get(a).expect("kept").status, Status::Retracted);
		// The record stays, so does its deposit.
		assert_eq!(held(ALICE), deposit);

		assert_ok!(Models::retract(RuntimeOrigin::root(), b, bounded(b"court order".to_vec())));
		System::assert_last_event(
			Event::ModelRetracted { id: b, reason: bounded(b"court order".to_vec()) }.into(),
		);
		assert_eq!(
			<Models as ModelInspect<AccountId>>::model_summary(b).expect("kept").status,
			Status::Retracted
		);
	});
}

#[test]
fn retract_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_noop!(
			Models::retract(RuntimeOrigin::signed(ALICE), 3, bounded(vec![])),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::root(), 3, bounded(vec![])),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::signed(BOB), id, bounded(vec![])),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::none(), id, bounded(vec![])),
			DispatchError::BadOrigin
		);
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(vec![])));
		assert_noop!(
			Models::retract(RuntimeOrigin::signed(ALICE), id, bounded(vec![])),
			Error::<Test>::Retracted
		);
		assert_noop!(
			Models::retract(RuntimeOrigin::root(), id, bounded(vec![])),
			Error::<Test>::Retracted
		);
	});
}

// ---- operators ----

#[test]
fn operators_are_added_and_removed_with_their_deposit() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		let bare = deposit_of(id);
		let per_operator = OPERATOR_BYTES * DEPOSIT_PER_BYTE;

		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::OperatorAdded { id, operator: BOB }.into());
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_eq!(deposit_of(id), bare + 2 * per_operator);
		assert_eq!(held(ALICE), bare + 2 * per_operator);
		assert_eq!(Models::model_view(id).expect("exists").operators, vec![BOB, CHARLIE]);

		let inspect = <Models as ModelInspect<AccountId>>::is_owner_or_operator;
		assert!(inspect(id, &ALICE) && inspect(id, &BOB) && inspect(id, &CHARLIE));
		assert!(!inspect(id, &DAVE));
		assert!(!inspect(id + 1, &ALICE));

		assert_ok!(Models::remove_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::OperatorRemoved { id, operator: BOB }.into());
		assert!(!inspect(id, &BOB));
		assert_eq!(held(ALICE), bare + per_operator);
		assert_ok!(Models::remove_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_eq!(held(ALICE), bare);
		assert!(!Operators::<Test>::contains_key(id));
	});
}

#[test]
fn add_operator_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), 7, BOB),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB),
			Error::<Test>::AlreadyOperator
		);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, DAVE));
		// MaxOperators = 3 in the mock.
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), id, PAUPER),
			Error::<Test>::TooManyOperators
		);

		let other = register_model(ALICE, open_license(), vec![], vec![]);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, 1);
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), other, BOB),
			Error::<Test>::InsufficientDeposit
		);
		<Balances as Mutate<AccountId>>::set_balance(&ALICE, ENDOWMENT);
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), other, bounded(vec![])));
		assert_noop!(
			Models::add_operator(RuntimeOrigin::signed(ALICE), other, BOB),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn remove_operator_errors() {
	build_and_execute(|| {
		let id = register_model(ALICE, open_license(), vec![], vec![]);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(
			Models::remove_operator(RuntimeOrigin::signed(ALICE), 7, BOB),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Models::remove_operator(RuntimeOrigin::signed(CHARLIE), id, BOB),
			Error::<Test>::NotOwner
		);
		// Even an operator cannot remove itself: only the owner manages operators.
		assert_noop!(
			Models::remove_operator(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Models::remove_operator(RuntimeOrigin::signed(ALICE), id, CHARLIE),
			Error::<Test>::NotOperator
		);
	});
}
