//! `MinimumCredit`: no payment, usage charge or price below it; a payment's credits below it are
//! added to its largest credit (the dust rule), so that every accrued balance can be claimed.

use super::*;
use crate::{Accrued, Error};
use frame_support::assert_noop;
use provenance_primitives::{Asset, EscrowRelease, RoyaltyEscrow, Status};

/// Runs `test` with `MinimumCredit` set to `minimum`.
fn with_minimum(minimum: Balance, test: impl FnOnce()) {
	build_and_execute(|| {
		MinimumCredit::set(minimum);
		test();
		MinimumCredit::set(1);
	});
}

#[test]
fn credits_below_the_minimum_go_to_the_largest_credit() {
	with_minimum(100, || {
		// Model of 2 with beneficiaries 7 (90%), 8 (6%), 9 (4%): of 1,000, 8 and 9 would get
		// 60 and 40, both below 100; they go to 7, the largest.
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(7, 90), (8, 6), (9, 4)])
		));
		assert_eq!(Royalties::quote(m, 1_000), Ok(vec![(7, 1_000)]));
		// Of 2,000: 120 and 80; only 9's 80 is dust.
		assert_eq!(Royalties::quote(m, 2_000), Ok(vec![(7, 1_880), (8, 120)]));
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 2_000, None));
		assert_eq!(Accrued::<Test>::get(7), 1_880);
		assert_eq!(Accrued::<Test>::get(8), 120);
		assert_eq!(Accrued::<Test>::get(9), 0);
	});
}

#[test]
fn when_every_credit_is_dust_the_first_largest_takes_the_whole_payment() {
	with_minimum(100, || {
		// Four equal beneficiaries of 25% each get 25 of 100: all dust; the first of the
		// largest (7, credited first) takes everything.
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(7, 25), (8, 25), (9, 25), (10, 25)])
		));
		assert_eq!(Royalties::quote(m, 100), Ok(vec![(7, 100)]));
		// Through the lineage too: a dataset's 1-unit share is dust.
		let d = MockRegistry::add_dataset(3, pct(&[(3, 100)]));
		let child = MockRegistry::add_model(4, vec![], vec![d]);
		set_upstream(4, child, 1);
		assert_eq!(Royalties::quote(child, 100), Ok(vec![(4, 100)]));
	});
}

#[test]
fn payments_and_prices_below_the_minimum_are_refused() {
	with_minimum(100, || {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, 99, None),
			Error::<Test>::BelowMinimumCredit
		);
		assert_eq!(Royalties::quote(m, 99), Err(Error::<Test>::BelowMinimumCredit.into()));
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 100, None));
		assert_noop!(
			Royalties::set_price(RuntimeOrigin::signed(2), m, 99),
			Error::<Test>::BelowMinimumCredit
		);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 100));
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 0));
	});
}

#[test]
fn an_escrow_release_follows_the_dust_rule() {
	with_minimum(100, || {
		let d = MockRegistry::add_dataset(3, pct(&[(3, 95), (4, 5)]));
		let m = MockRegistry::add_model(2, vec![], vec![d]);
		set_upstream(2, m, 100);
		let mut dataset = MockRegistry::dataset(d).unwrap();
		dataset.status = Status::Disputed;
		MockRegistry::insert_dataset(d, dataset);
		let escrow = Royalties::escrow_account(Asset::Dataset(d));
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None));
		assert_eq!(Accrued::<Test>::get(escrow), 1_000);
		// Released to the contributors: 4's 5% (50) is dust and goes to 3.
		assert_eq!(
			<Royalties as RoyaltyEscrow<AccountId, Balance>>::release_escrow(
				Asset::Dataset(d),
				EscrowRelease::Beneficiaries
			),
			Ok(1_000)
		);
		assert_eq!(Accrued::<Test>::get(3), 1_000);
		assert_eq!(Accrued::<Test>::get(4), 0);
	});
}

#[test]
fn every_credit_of_a_payment_of_at_least_the_minimum_is_claimable_into_a_new_account() {
	with_minimum(ED, || {
		// Eight beneficiaries, the first with 30%, the others 10% each: of 30, the first would
		// get 9 and the others 3 each (below the existential deposit 5); all of it goes to the
		// first, who claims it into a fresh account.
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let ten: Vec<(AccountId, u32)> =
			(0..8).map(|i| (100 + i, if i == 0 { 30 } else { 10 })).collect();
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&ten)
		));
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 30, None));
		assert_eq!(Accrued::<Test>::get(100), 30);
		assert_eq!(balance(100), 0);
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(100)));
		assert_eq!(balance(100), 30);
	});
}
