//! The deposit held for a beneficiary list: taken by `set_beneficiaries`, adjusted when the
//! payer replaces its own list, moved when another owner replaces it, released when the list is
//! cleared or reset by an ownership change.

use super::*;
use crate::{Beneficiaries, Error};
use frame_support::assert_noop;
use provenance_primitives::{Asset, OnOwnershipChanged};

#[test]
fn a_list_holds_a_deposit_priced_by_its_size() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let before = balance(1);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 60), (8, 40)])
		));
		assert_eq!(list_hold(1), list_deposit(2));
		assert_eq!(balance(1), before - list_deposit(2));
		let stored = Beneficiaries::<Test>::get(Asset::Dataset(d)).unwrap();
		assert_eq!(stored.deposit.map(|(payer, _)| payer), Some(1));

		// A longer list from the same owner: the deposit grows by the difference ...
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 25), (8, 25), (9, 25), (10, 25)])
		));
		assert_eq!(list_hold(1), list_deposit(4));
		// ... and a shorter one gives the difference back.
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 100)])
		));
		assert_eq!(list_hold(1), list_deposit(1));
		assert_eq!(balance(1), before - list_deposit(1));
	});
}

#[test]
fn an_owner_who_cannot_afford_the_deposit_is_refused() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(1, vec![], vec![]);
		// Free balance one unit short of the deposit (and the existential deposit).
		set_balance(1, list_deposit(2) + ED - 1);
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Model(m),
				list(&[(7, 50), (8, 50)])
			),
			Error::<Test>::InsufficientDeposit
		);
		set_balance(1, list_deposit(2) + ED);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(m),
			list(&[(7, 50), (8, 50)])
		));
		assert_eq!(list_hold(1), list_deposit(2));
	});
}

#[test]
fn an_ownership_change_releases_the_deposit_to_whoever_paid_it() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(1, vec![], vec![]);
		let before = balance(1);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(m),
			list(&[(7, 100)])
		));
		assert_eq!(list_hold(1), list_deposit(1));
		give_model(m, 2);
		<Royalties as OnOwnershipChanged>::ownership_changed(Asset::Model(m));
		assert!(!Beneficiaries::<Test>::contains_key(Asset::Model(m)));
		assert_eq!(list_hold(1), 0);
		assert_eq!(balance(1), before);
		assert_eq!(list_hold(2), 0);
	});
}

#[test]
fn a_new_owner_replacing_a_list_it_did_not_pay_for_releases_the_old_deposit() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(1, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(m),
			list(&[(7, 50), (8, 50)])
		));
		// The owner changes without the reset (as a dispute verdict's hand-over could, were it
		// not wired to `OnOwnershipChanged`): the new owner's list takes its own deposit and
		// the old one is released to its payer.
		give_model(m, 2);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(9, 100)])
		));
		assert_eq!(list_hold(1), 0);
		assert_eq!(list_hold(2), list_deposit(1));
		let stored = Beneficiaries::<Test>::get(Asset::Model(m)).unwrap();
		assert_eq!(stored.deposit.map(|(payer, _)| payer), Some(2));
	});
}

#[test]
fn a_list_without_a_deposit_from_before_v1_takes_one_when_replaced() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		Beneficiaries::<Test>::insert(
			Asset::Dataset(d),
			crate::BeneficiaryList { beneficiaries: list(&[(7, 100)]), deposit: None },
		);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(8, 100)])
		));
		assert_eq!(list_hold(1), list_deposit(1));
	});
}

/// Makes `to` the owner of model `id` in the mock registry.
fn give_model(id: provenance_primitives::ModelId, to: AccountId) {
	let mut model = MockRegistry::model(id).expect("the model exists");
	model.owner = to;
	MockRegistry::insert_model(id, model);
}

#[test]
fn growing_ones_own_list_beyond_ones_funds_is_refused() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(1, vec![], vec![]);
		set_balance(1, list_deposit(1) + ED + 5);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(m),
			list(&[(7, 100)])
		));
		// One more entry costs 12 more than the 5 left.
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Model(m),
				list(&[(7, 50), (8, 50)])
			),
			Error::<Test>::InsufficientDeposit
		);
		assert_eq!(list_hold(1), list_deposit(1));
	});
}

#[test]
fn a_new_owner_who_cannot_afford_the_deposit_leaves_the_old_one_untouched() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(1, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(m),
			list(&[(7, 100)])
		));
		give_model(m, 2);
		set_balance(2, ED);
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(2),
				Asset::Model(m),
				list(&[(9, 100)])
			),
			Error::<Test>::InsufficientDeposit
		);
		assert_eq!(list_hold(1), list_deposit(1));
		assert_eq!(
			Beneficiaries::<Test>::get(Asset::Model(m)).and_then(|l| l.deposit).map(|(p, _)| p),
			Some(1)
		);
	});
}
