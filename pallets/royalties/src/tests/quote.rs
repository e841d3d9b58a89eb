//! `quote` and the distribution rule it shares with `pay`: the README example, remainders,
//! order, diamonds, the `MaxDepth` and `MaxVisited` cuts, fallbacks, and amounts near
//! `u128::MAX`.

use super::*;
use crate::{Accrued, Error, TotalAccrued};
use frame_support::assert_noop;
use provenance_primitives::{Asset, DatasetId};

#[test]
fn quote_fails_like_pay() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		MockRegistry::retract_model(m);
		assert_eq!(Royalties::quote(m, 10), Err(Error::<Test>::Retracted.into()));
		assert_eq!(Royalties::quote(99, 10), Err(Error::<Test>::UnknownModel.into()));
		assert_eq!(Royalties::quote(99, 0), Err(Error::<Test>::ZeroAmount.into()));
	});
}

/// The example of the README, to the last unit.
#[test]
fn worked_example_from_the_readme() {
	build_and_execute(|| {
		let (alice, bob, carol, dave, erin, frank) = (11, 12, 13, 14, 15, 16);
		let p = MockRegistry::add_model(carol, vec![], vec![]);
		let d1 = MockRegistry::add_dataset(30, pct(&[(dave, 50), (erin, 50)]));
		let d2 = MockRegistry::add_dataset(31, pct(&[(frank, 100)]));
		let m = MockRegistry::add_model(20, vec![p], vec![d1, d2]);
		set_balance(20, INITIAL); // the beneficiary list's deposit
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(20),
			Asset::Model(m),
			list(&[(alice, 70), (bob, 30)])
		));
		set_upstream(20, m, 25);

		let expected =
			vec![(alice, 528), (bob, 225), (carol, 84), (dave, 42), (erin, 41), (frank, 83)];
		assert_eq!(Royalties::quote(m, 1_003), Ok(expected.clone()));
		assert_eq!(Royalties::compute_distribution(m, 1_003), Ok(expected.clone()));

		System::reset_events();
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_003, None));
		for (who, amount) in &expected {
			assert_eq!(Accrued::<Test>::get(who), *amount);
			System::assert_has_event(Event::Credited { account: *who, amount: *amount }.into());
		}
		System::assert_has_event(Event::Paid { model_id: m, payer: 1, amount: 1_003 }.into());
		System::assert_last_event(Event::Distributed { model_id: m, recipients: 6 }.into());
		assert_eq!(TotalAccrued::<Test>::get(), 1_003);
	});
}

#[test]
fn equal_division_remainder_goes_to_the_first_child() {
	build_and_execute(|| {
		let ds: Vec<DatasetId> =
			(0..3).map(|i| MockRegistry::add_dataset(30, pct(&[(100 + i, 100)]))).collect();
		let m = MockRegistry::add_model(2, vec![], ds);
		set_upstream(2, m, 100);
		assert_eq!(Royalties::quote(m, 11), Ok(vec![(100, 5), (101, 3), (102, 3)]));

		// Parts of zero are not passed on (and cost no visit).
		let d = Royalties::distribution(m, 2).unwrap();
		assert_eq!(d.credits, vec![(100, 2)]);
		assert_eq!(d.visited, 2);
	});
}

#[test]
fn parents_come_before_datasets() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(30, pct(&[(100, 100)]));
		let p1 = MockRegistry::add_model(101, vec![], vec![]);
		let p2 = MockRegistry::add_model(102, vec![], vec![]);
		let m = MockRegistry::add_model(2, vec![p2, p1], vec![d]);
		set_upstream(2, m, 100);
		// Stored order p2, p1, then the dataset; the first (p2) takes the remainder.
		assert_eq!(Royalties::quote(m, 8), Ok(vec![(102, 4), (101, 2), (100, 2)]));
	});
}

#[test]
fn beneficiary_remainder_goes_to_the_first_beneficiary() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let third = Perbill::from_parts(333_333_333);
		let shares = BoundedVec::try_from(vec![
			(7, Perbill::from_parts(333_333_334)),
			(8, third),
			(9, third),
		])
		.unwrap();
		assert_ok!(Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(m), shares));
		// floor(1/3 of 10) = 3 for 8 and 9, 10 - 6 = 4 for 7.
		assert_eq!(Royalties::quote(m, 10), Ok(vec![(7, 4), (8, 3), (9, 3)]));
		// Tiny amounts: the last ones get nothing and are not listed.
		assert_eq!(Royalties::quote(m, 1), Ok(vec![(7, 1)]));
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1, None));
		assert!(!Accrued::<Test>::contains_key(8));
	});
}

#[test]
fn upstream_without_parents_or_datasets_stays() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		set_upstream(2, m, 100);
		assert_eq!(Royalties::quote(m, 77), Ok(vec![(2, 77)]));
	});
}

#[test]
fn a_diamond_ancestor_is_credited_by_both_paths() {
	build_and_execute(|| {
		let c = MockRegistry::add_model(24, vec![], vec![]);
		let a = MockRegistry::add_model(22, vec![c], vec![]);
		let b = MockRegistry::add_model(23, vec![c], vec![]);
		let r = MockRegistry::add_model(21, vec![a, b], vec![]);
		set_upstream(21, r, 50);
		set_upstream(22, a, 50);
		set_upstream(23, b, 50);

		let d = Royalties::distribution(r, 1_000).unwrap();
		assert_eq!(d.credits, vec![(21, 500), (22, 125), (23, 125), (24, 250)]);
		assert_eq!(d.visited, 5); // r, a, b, c via a, c via b

		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), r, 1_000, None));
		assert_eq!(Accrued::<Test>::get(24), 250);
	});
}

#[test]
fn max_depth_leaves_the_remainder_with_the_last_asset_reached() {
	build_and_execute(|| {
		// Chain b5 -> b4 -> ... -> b0, every model passing everything on.
		let mut prev: Option<ModelId> = None;
		let mut chain = vec![];
		for owner in 40..=45u64 {
			let id = MockRegistry::add_model(owner, prev.into_iter().collect(), vec![]);
			set_upstream(owner, id, 100);
			chain.push(id);
			prev = Some(id);
		}
		let root = *chain.last().unwrap();
		// MaxDepth = 4: b1 sits at depth 4 and keeps its whole share; b0 is never reached.
		let d = Royalties::distribution(root, 1_000).unwrap();
		assert_eq!(d.credits, vec![(41, 1_000)]);
		assert_eq!(d.visited, 5);
	});
}

#[test]
fn max_visited_leaves_the_remainder_with_the_last_asset_reached() {
	build_and_execute(|| {
		let ds: Vec<DatasetId> =
			(0..20).map(|i| MockRegistry::add_dataset(30, pct(&[(100 + i, 100)]))).collect();
		let r = MockRegistry::add_model(50, vec![], ds);
		set_upstream(50, r, 100);
		// 20 parts of 100; MaxVisited = 16 leaves room for 15 datasets: 500 stays with r.
		let d = Royalties::distribution(r, 2_000).unwrap();
		assert_eq!(d.visited, 16);
		let mut expected = vec![];
		for i in 0..15 {
			expected.push((100 + i, 100));
		}
		expected.push((50, 500));
		let mut got = d.credits.clone();
		got.sort();
		expected.sort();
		assert_eq!(got, expected);
		// The weight refund follows the visits and the shares credited.
		assert_eq!(d.credited, 16);
		let info = Royalties::pay(RuntimeOrigin::signed(1), r, 2_000, None).unwrap();
		assert_eq!(info.actual_weight, Some(Royalties::pay_weight(16, 16)));
	});
}

#[test]
fn max_visited_cuts_deep_lineages_breadth_first() {
	build_and_execute(|| {
		// A diamond ladder: every level has two models, each with both models of the level
		// below as parents. Visits per level: 1, 2, 4, 8, ... cut at 16.
		let mut below: Vec<ModelId> = vec![];
		let mut owner = 60u64;
		for _level in 0..4 {
			let level: Vec<ModelId> = (0..2)
				.map(|_| {
					owner += 1;
					let id = MockRegistry::add_model(owner, below.clone(), vec![]);
					set_upstream(owner, id, 50);
					id
				})
				.collect();
			below = level;
		}
		let root = MockRegistry::add_model(99, below.clone(), vec![]);
		set_upstream(99, root, 50);
		let d = Royalties::distribution(root, 1 << 19).unwrap();
		assert_eq!(d.visited, 16);
		assert_eq!(credited_total(&d.credits), 1 << 19);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), root, 1 << 19, None));
	});
}

#[test]
fn shares_of_assets_without_valid_beneficiaries_return_to_the_sender() {
	build_and_execute(|| {
		let bad_sum = MockRegistry::add_dataset(30, pct(&[(100, 50), (101, 40)]));
		let too_long: Vec<(AccountId, Perbill)> =
			(0..9).map(|i| (200 + i, Perbill::from_rational(1u32, 9u32))).collect();
		let too_long = MockRegistry::add_dataset(31, too_long);
		let good = MockRegistry::add_dataset(32, pct(&[(300, 100)]));
		// Unknown dataset 77 and unknown parent model 88.
		let m = MockRegistry::add_model(2, vec![88], vec![bad_sum, too_long, 77, good]);
		set_upstream(2, m, 100);
		// 5 parts of 100: only `good` has valid beneficiaries.
		assert_eq!(Royalties::quote(m, 500), Ok(vec![(2, 400), (300, 100)]));
	});
}

#[test]
fn the_sender_of_a_fallback_is_the_nearest_valid_asset() {
	build_and_execute(|| {
		let p = MockRegistry::add_model(101, vec![], vec![77]);
		set_upstream(101, p, 100);
		let m = MockRegistry::add_model(2, vec![p], vec![]);
		set_upstream(2, m, 50);
		// p passes its 50 to unknown dataset 77, which hands it back to p's beneficiaries.
		assert_eq!(Royalties::quote(m, 100), Ok(vec![(2, 50), (101, 50)]));
	});
}

// ---------------------------------------------------------------------------------------------
// Amounts near u128::MAX

#[test]
fn amounts_near_u128_max_neither_overflow_nor_panic() {
	build_and_execute(|| {
		let d1 = MockRegistry::add_dataset(30, pct(&[(100, 33), (101, 33), (102, 34)]));
		let d2 = MockRegistry::add_dataset(31, pct(&[(103, 100)]));
		let p = MockRegistry::add_model(104, vec![], vec![d1]);
		let m = MockRegistry::add_model(2, vec![p], vec![d1, d2]);
		set_upstream(2, m, 99);
		set_upstream(104, p, 77);
		let odd = BoundedVec::try_from(vec![
			(5, Perbill::from_parts(1)),
			(6, Perbill::from_parts(999_999_998)),
			(7, Perbill::from_parts(1)),
		])
		.unwrap();
		assert_ok!(Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(m), odd));

		for amount in
			[u128::MAX, u128::MAX - 1, u128::MAX / 3, 1u128 << 127, u128::MAX - 999_999_999]
		{
			let credits = Royalties::quote(m, amount).expect("quotes");
			assert_eq!(credited_total(&credits), amount);
		}

		// Fund the payer up to the whole remaining issuance, then pay all it can.
		let payer = 9;
		set_balance(payer, u128::MAX - <Balances as Inspect<AccountId>>::total_issuance());
		assert_eq!(<Balances as Inspect<AccountId>>::total_issuance(), u128::MAX);
		let amount = balance(payer) - ED;
		let quote = Royalties::quote(m, amount).unwrap();
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(payer), m, amount, None));
		for (who, x) in &quote {
			assert_eq!(Accrued::<Test>::get(who), *x);
		}
		assert_eq!(TotalAccrued::<Test>::get(), amount);
		assert_eq!(balance(pallet_account()), amount + ED);
		// The payer has nothing left to pay with.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(payer), m, 1, None),
			Error::<Test>::InsufficientBalance
		);
		// The biggest beneficiary claims.
		let (top, top_amount) = quote.iter().max_by_key(|(_, x)| *x).copied().unwrap();
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(top)));
		assert_eq!(balance(top), top_amount);
		assert_eq!(TotalAccrued::<Test>::get(), amount - top_amount);
	});
}

/// Retracted and displaced assets are never credited: their share stays with the asset they
/// were reached from, and nothing flows past them.
#[test]
fn retracted_upstream_assets_are_never_credited() {
	build_and_execute(|| {
		let grandparent = MockRegistry::add_model(5, vec![], vec![]);
		let parent = MockRegistry::add_model(3, vec![grandparent], vec![]);
		let dataset = MockRegistry::add_dataset(4, vec![(4, Perbill::one())]);
		let m = MockRegistry::add_model(2, vec![parent], vec![dataset]);
		set_upstream(2, m, 50);
		set_upstream(3, parent, 50);

		// All active: 500 stays with 2, 250 to the parent (125 kept by 3, 125 to 5), 250 to 4.
		let before = Royalties::quote(m, 1_000).unwrap();
		assert_eq!(before.iter().find(|(w, _)| *w == 5).map(|c| c.1), Some(125));

		MockRegistry::retract_model(parent);
		let after = Royalties::quote(m, 1_000).unwrap();
		// The parent's 250 stays with the paid model's beneficiaries; nothing reaches 3 or 5.
		assert_eq!(after.iter().find(|(w, _)| *w == 2).map(|c| c.1), Some(750));
		assert!(after.iter().all(|(w, _)| *w != 3 && *w != 5));
		assert_eq!(after.iter().find(|(w, _)| *w == 4).map(|c| c.1), Some(250));

		MockRegistry::retract_dataset(dataset);
		let none = Royalties::quote(m, 1_000).unwrap();
		assert_eq!(none, vec![(2, 1_000)]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None));
		assert_eq!(Royalties::claimable(&2), 1_000);
	});
}
