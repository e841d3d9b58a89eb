//! Unit and property tests of the royalties pallet.

use crate::{
	mock::*, Accrued, Beneficiaries, BeneficiariesOf, Error, Event, TotalAccrued, Upstream,
};
use alloc::collections::{BTreeMap, VecDeque};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{Inspect, Mutate},
		Get, Hooks,
	},
	BoundedVec,
};
use provenance_primitives::{Asset, DatasetId, ModelId};
use sp_runtime::{Perbill, TokenError};

// ---------------------------------------------------------------------------------------------
// Helpers

fn list(entries: &[(AccountId, u32)]) -> BeneficiariesOf<Test> {
	BoundedVec::try_from(
		entries.iter().map(|(who, pct)| (*who, Perbill::from_percent(*pct))).collect::<Vec<_>>(),
	)
	.expect("within MaxBeneficiaries")
}

fn pct(entries: &[(AccountId, u32)]) -> Vec<(AccountId, Perbill)> {
	entries.iter().map(|(who, p)| (*who, Perbill::from_percent(*p))).collect()
}

fn pallet_account() -> AccountId {
	Royalties::account_id()
}

fn balance(who: AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::balance(&who)
}

fn set_balance(who: AccountId, amount: Balance) {
	<Balances as Mutate<AccountId>>::set_balance(&who, amount);
}

fn royalty_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Royalties(e) = r.event { Some(e) } else { None })
		.collect()
}

fn set_upstream(owner: AccountId, model: ModelId, percent: u32) {
	assert_ok!(Royalties::set_upstream(
		RuntimeOrigin::signed(owner),
		model,
		Perbill::from_percent(percent)
	));
}

fn credited_total(credits: &[(AccountId, Balance)]) -> Balance {
	credits.iter().fold(0u128, |acc, (_, x)| acc.checked_add(*x).expect("no overflow"))
}

// ---------------------------------------------------------------------------------------------
// set_beneficiaries

#[test]
fn set_beneficiaries_works_for_datasets_and_models() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let m = MockRegistry::add_model(2, vec![], vec![d]);

		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 60), (8, 40)])
		));
		System::assert_last_event(Event::BeneficiariesSet { asset: Asset::Dataset(d) }.into());
		assert_eq!(Beneficiaries::<Test>::get(Asset::Dataset(d)), Some(list(&[(7, 60), (8, 40)])));

		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(9, 100)])
		));
		System::assert_last_event(Event::BeneficiariesSet { asset: Asset::Model(m) }.into());
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(m)), Some(pct(&[(9, 100)])));
	});
}

#[test]
fn beneficiaries_default_to_contributors_and_owner() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(5, 30), (6, 70)]));
		let m = MockRegistry::add_model(2, vec![], vec![d]);
		assert_eq!(Royalties::beneficiaries_of(Asset::Dataset(d)), Some(pct(&[(5, 30), (6, 70)])));
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(m)), Some(pct(&[(2, 100)])));
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(99)), None);
		assert_eq!(Royalties::beneficiaries_of(Asset::Dataset(99)), None);
	});
}

#[test]
fn set_beneficiaries_rejects_bad_input() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let ok = list(&[(7, 100)]);

		// Unknown assets.
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(99), ok.clone()),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(99), ok.clone()),
			Error::<Test>::UnknownAsset
		);
		// Not the owner (the model's owner cannot set the dataset's and vice versa).
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Dataset(d), ok.clone()),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Model(m), ok.clone()),
			Error::<Test>::NotOwner
		);
		// Empty.
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Dataset(d),
				BoundedVec::default()
			),
			Error::<Test>::NoBeneficiaries
		);
		// Duplicate account.
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Dataset(d),
				list(&[(7, 50), (7, 50)])
			),
			Error::<Test>::DuplicateBeneficiary
		);
		// Shares under and over 100%, off by one part per billion.
		let under = BoundedVec::try_from(vec![
			(7, Perbill::from_percent(50)),
			(8, Perbill::from_parts(499_999_999)),
		])
		.unwrap();
		let over = BoundedVec::try_from(vec![
			(7, Perbill::from_percent(50)),
			(8, Perbill::from_parts(500_000_001)),
		])
		.unwrap();
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(d), under),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(m), over),
			Error::<Test>::SharesNotWhole
		);
		// Unsigned.
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::none(), Asset::Dataset(d), ok),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn too_many_beneficiaries_cannot_be_expressed() {
	let nine: Vec<(AccountId, Perbill)> =
		(0..9).map(|i| (i, Perbill::from_rational(1u32, 9u32))).collect();
	assert!(BeneficiariesOf::<Test>::try_from(nine).is_err());
	let eight: Vec<(AccountId, Perbill)> =
		(0..8).map(|i| (i, Perbill::from_rational(1u32, 8u32))).collect();
	assert!(BeneficiariesOf::<Test>::try_from(eight).is_ok());
}

#[test]
fn set_beneficiaries_is_allowed_on_retracted_assets() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		MockRegistry::retract_dataset(d);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(3, 100)])
		));
	});
}

// ---------------------------------------------------------------------------------------------
// set_upstream

#[test]
fn set_upstream_works_and_zero_removes_the_entry() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		set_upstream(2, m, 40);
		System::assert_last_event(
			Event::UpstreamSet { model_id: m, upstream: Perbill::from_percent(40) }.into(),
		);
		assert_eq!(Royalties::upstream_of(m), Perbill::from_percent(40));
		assert!(Upstream::<Test>::contains_key(m));

		set_upstream(2, m, 0);
		System::assert_last_event(
			Event::UpstreamSet { model_id: m, upstream: Perbill::zero() }.into(),
		);
		assert!(!Upstream::<Test>::contains_key(m));
	});
}

#[test]
fn set_upstream_rejects_bad_input() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_noop!(
			Royalties::set_upstream(RuntimeOrigin::signed(2), 99, Perbill::one()),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Royalties::set_upstream(RuntimeOrigin::signed(3), m, Perbill::one()),
			Error::<Test>::NotOwner
		);
	});
}

// ---------------------------------------------------------------------------------------------
// pay

#[test]
fn pay_is_charged_for_the_bound_and_refunded_per_visit_and_share() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(2, 50), (3, 30), (4, 20)])
		));
		let d = Royalties::distribution(m, 1_000).unwrap();
		assert_eq!((d.visited, d.credited), (1, 3));

		let max_visited: u32 = <Test as crate::Config>::MaxVisited::get();
		let max_beneficiaries: u32 = <Test as crate::Config>::MaxBeneficiaries::get();
		let call = crate::Call::<Test>::pay { model_id: m, amount: 1_000 };
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, Royalties::pay_weight_bound());
		assert_eq!(declared, Royalties::pay_weight(max_visited, max_visited * max_beneficiaries));

		let info = Royalties::pay(RuntimeOrigin::signed(1), m, 1_000).unwrap();
		assert_eq!(info.actual_weight, Some(Royalties::pay_weight(1, 3)));
		assert!(Royalties::pay_weight(1, 3).all_lte(declared));
	});
}

#[test]
fn pay_credits_the_owner_by_default_and_emits_events() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let info = Royalties::pay(RuntimeOrigin::signed(1), m, 1_000).expect("pays");
		// One visit, one share: refunded down from the bound.
		assert_eq!(info.actual_weight, Some(Royalties::pay_weight(1, 1)));

		assert_eq!(balance(1), INITIAL - 1_000);
		assert_eq!(balance(pallet_account()), ED + 1_000);
		assert_eq!(Accrued::<Test>::get(2), 1_000);
		assert_eq!(TotalAccrued::<Test>::get(), 1_000);
		assert_eq!(Royalties::claimable(&2), 1_000);
		assert_eq!(
			royalty_events(),
			vec![
				Event::Paid { model_id: m, payer: 1, amount: 1_000 },
				Event::Credited { account: 2, amount: 1_000 },
				Event::Distributed { model_id: m, recipients: 1 },
			]
		);
		System::assert_last_event(Event::Distributed { model_id: m, recipients: 1 }.into());

		// A second payment accumulates.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(3), m, 500));
		assert_eq!(Accrued::<Test>::get(2), 1_500);
		assert_eq!(TotalAccrued::<Test>::get(), 1_500);
	});
}

#[test]
fn pay_rejects_bad_input_and_moves_nothing() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let gone = MockRegistry::add_model(2, vec![], vec![]);
		MockRegistry::retract_model(gone);

		assert_noop!(Royalties::pay(RuntimeOrigin::signed(1), m, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Royalties::pay(RuntimeOrigin::signed(1), 99, 10), Error::<Test>::UnknownModel);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), gone, 10),
			Error::<Test>::ModelRetracted
		);
		// The payer must stay alive: at most INITIAL - ED.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL - ED + 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL),
			Error::<Test>::InsufficientBalance
		);
		// An account without funds.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(42), m, 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, u128::MAX),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(balance(1), INITIAL);
		assert_eq!(TotalAccrued::<Test>::get(), 0);

		// Exactly the affordable maximum works.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL - ED));
		assert_eq!(balance(1), ED);
	});
}

#[test]
fn quote_fails_like_pay() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		MockRegistry::retract_model(m);
		assert_eq!(Royalties::quote(m, 10), Err(Error::<Test>::ModelRetracted.into()));
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_003));
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1));
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

		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), r, 1_000));
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
		let info = Royalties::pay(RuntimeOrigin::signed(1), r, 2_000).unwrap();
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), root, 1 << 19));
	});
}

#[test]
fn retracted_ancestors_are_still_credited() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(30, pct(&[(100, 100)]));
		let p = MockRegistry::add_model(101, vec![], vec![]);
		let m = MockRegistry::add_model(2, vec![p], vec![d]);
		set_upstream(2, m, 50);
		MockRegistry::retract_model(p);
		MockRegistry::retract_dataset(d);
		assert_eq!(Royalties::quote(m, 100), Ok(vec![(2, 50), (101, 25), (100, 25)]));
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(payer), m, amount));
		for (who, x) in &quote {
			assert_eq!(Accrued::<Test>::get(who), *x);
		}
		assert_eq!(TotalAccrued::<Test>::get(), amount);
		assert_eq!(balance(pallet_account()), amount + ED);
		// The payer has nothing left to pay with.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(payer), m, 1),
			Error::<Test>::InsufficientBalance
		);
		// The biggest beneficiary claims.
		let (top, top_amount) = quote.iter().max_by_key(|(_, x)| *x).copied().unwrap();
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(top)));
		assert_eq!(balance(top), top_amount);
		assert_eq!(TotalAccrued::<Test>::get(), amount - top_amount);
	});
}

// ---------------------------------------------------------------------------------------------
// claim

#[test]
fn claim_pays_out_everything_and_keeps_the_pallet_account_alive() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000));
		// Everything the account holds beyond its endowment is owed to 9.
		assert_eq!(balance(pallet_account()), Accrued::<Test>::get(9) + ED);

		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		System::assert_last_event(Event::Claimed { account: 9, amount: 1_000 }.into());
		assert_eq!(balance(9), 1_000);
		assert_eq!(balance(pallet_account()), ED);
		assert_eq!(Accrued::<Test>::get(9), 0);
		assert!(!Accrued::<Test>::contains_key(9));
		assert_eq!(TotalAccrued::<Test>::get(), 0);
		assert!(System::account_exists(&pallet_account()));

		assert_noop!(Royalties::claim(RuntimeOrigin::signed(9)), Error::<Test>::NothingToClaim);

		// Payments and claims keep working afterwards.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 10));
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		assert_eq!(balance(9), 1_010);
	});
}

#[test]
fn claim_with_nothing_accrued_fails() {
	build_and_execute(|| {
		assert_noop!(Royalties::claim(RuntimeOrigin::signed(1)), Error::<Test>::NothingToClaim);
	});
}

#[test]
fn claim_works_when_the_accrued_amount_is_the_whole_balance() {
	build_and_execute(|| {
		// An account that was never endowed holds exactly what is owed.
		set_balance(pallet_account(), 0);
		Accrued::<Test>::insert(7, 500);
		TotalAccrued::<Test>::put(500);
		set_balance(pallet_account(), 500);
		// Not the state the pallet keeps (no endowment), but a claim must still work.
		assert!(Royalties::do_try_state().is_err());

		assert_ok!(Royalties::claim(RuntimeOrigin::signed(7)));
		assert_eq!(balance(7), 500);
		assert_eq!(balance(pallet_account()), 0);
		assert_eq!(TotalAccrued::<Test>::get(), 0);
	});
}

#[test]
fn pay_endows_an_empty_pallet_account() {
	build_and_execute(|| {
		set_balance(pallet_account(), 0);
		let m = MockRegistry::add_model(9, vec![], vec![]);
		// Even a payment below the existential deposit works: the payer adds the endowment.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 3));
		assert_eq!(balance(1), INITIAL - 3 - ED);
		assert_eq!(balance(pallet_account()), 3 + ED);
		assert_eq!(Accrued::<Test>::get(9), 3);
		// Later payments move only the amount.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 7));
		assert_eq!(balance(1), INITIAL - 10 - ED);
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		assert_eq!(balance(pallet_account()), ED);
	});
}

#[test]
fn claim_below_the_existential_deposit_waits_for_more() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, ED - 1));
		// Account 9 holds nothing: it cannot receive less than the existential deposit.
		assert_noop!(Royalties::claim(RuntimeOrigin::signed(9)), TokenError::BelowMinimum);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1));
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		assert_eq!(balance(9), ED);
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Royalties as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn try_state_detects_a_broken_total() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 100));
		TotalAccrued::<Test>::put(99);
		assert!(Royalties::do_try_state().is_err());
		TotalAccrued::<Test>::put(100);
		// More owed than held.
		set_balance(pallet_account(), 100);
		assert!(Royalties::do_try_state().is_err());
		set_balance(pallet_account(), 100 + ED);
	});
}

// ---------------------------------------------------------------------------------------------
// Property tests: random lineages, random amounts.

/// xorshift64*: small, deterministic, good enough to shake out edge cases.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	fn u128(&mut self) -> u128 {
		(u128::from(self.next()) << 64) | u128::from(self.next())
	}
	/// `k` distinct accounts from `base..base + 32` with random shares summing to 100%.
	fn shares(&mut self, base: u64, k: usize) -> Vec<(AccountId, u32)> {
		let mut accounts: Vec<AccountId> = vec![];
		while accounts.len() < k {
			let a = base + self.below(32);
			if !accounts.contains(&a) {
				accounts.push(a);
			}
		}
		let mut cuts: Vec<u32> =
			(1..k).map(|_| self.below(1_000_000_001) as u32).collect::<Vec<_>>();
		cuts.push(0);
		cuts.push(1_000_000_000);
		cuts.sort();
		accounts.into_iter().zip(cuts.windows(2).map(|w| w[1] - w[0])).collect()
	}
}

/// The reference model of a lineage, kept by the test independently of the pallet.
#[derive(Default)]
struct Dag {
	/// owner, parents, datasets, upstream (parts per billion), explicit beneficiaries.
	models: Vec<(AccountId, Vec<ModelId>, Vec<DatasetId>, u32, Option<Vec<(AccountId, u32)>>)>,
	/// contributors, explicit beneficiaries.
	datasets: Vec<(Vec<(AccountId, u32)>, Option<Vec<(AccountId, u32)>>)>,
}

fn floor_parts(parts: u32, x: u128) -> u128 {
	let d = 1_000_000_000u128;
	let p = u128::from(parts);
	(x / d) * p + (x % d) * p / d
}

/// The split rule written out again, plainly, over the test's own copy of the lineage.
fn reference(dag: &Dag, root: ModelId, amount: u128) -> Vec<(AccountId, u128)> {
	const MAX_DEPTH: u32 = 4;
	const MAX_VISITED: usize = 16;
	let resolve = |asset: Asset| -> Option<Vec<(AccountId, u32)>> {
		match asset {
			Asset::Model(id) => dag.models.get(id as usize).map(|(owner, _, _, _, b)| {
				b.clone().unwrap_or_else(|| vec![(*owner, 1_000_000_000)])
			}),
			Asset::Dataset(id) => {
				dag.datasets.get(id as usize).map(|(c, b)| b.clone().unwrap_or_else(|| c.clone()))
			}
		}
	};
	let mut order: Vec<AccountId> = vec![];
	let mut totals: BTreeMap<AccountId, u128> = BTreeMap::new();
	let mut credit = |who: AccountId, x: u128| {
		if x > 0 {
			if !totals.contains_key(&who) {
				order.push(who);
			}
			*totals.entry(who).or_default() += x;
		}
	};
	let mut queue = VecDeque::new();
	queue.push_back((Asset::Model(root), amount, 0u32, vec![]));
	let mut pushed = 1usize;
	while let Some((asset, share, depth, fallback)) = queue.pop_front() {
		let bens = resolve(asset).unwrap_or(fallback);
		let mut kept = share;
		if let Asset::Model(id) = asset {
			if let Some((_, parents, datasets, upstream, _)) = dag.models.get(id as usize) {
				let children: Vec<Asset> = parents
					.iter()
					.map(|p| Asset::Model(*p))
					.chain(datasets.iter().map(|d| Asset::Dataset(*d)))
					.collect();
				if depth < MAX_DEPTH && *upstream > 0 && !children.is_empty() {
					let up = floor_parts(*upstream, share);
					let n = children.len() as u128;
					for (k, child) in children.into_iter().enumerate() {
						let part = if k == 0 { up / n + up % n } else { up / n };
						if part == 0 {
							continue;
						}
						if pushed >= MAX_VISITED {
							break;
						}
						pushed += 1;
						kept -= part;
						queue.push_back((child, part, depth + 1, bens.clone()));
					}
				}
			}
		}
		let others: u128 = bens.iter().skip(1).map(|(_, p)| floor_parts(*p, kept)).sum();
		credit(bens[0].0, kept - others);
		for (who, p) in bens.iter().skip(1) {
			credit(*who, floor_parts(*p, kept));
		}
	}
	order.into_iter().map(|who| (who, totals[&who])).collect()
}

fn to_list(shares: &[(AccountId, u32)]) -> BeneficiariesOf<Test> {
	BoundedVec::try_from(
		shares.iter().map(|(w, p)| (*w, Perbill::from_parts(*p))).collect::<Vec<_>>(),
	)
	.unwrap()
}

/// Builds a random lineage in the mock registry and the pallet, and the same in a [`Dag`].
fn random_lineage(rng: &mut Rng) -> Dag {
	let mut dag = Dag::default();
	for _ in 0..rng.below(5) {
		let k = 1 + rng.below(4) as usize;
		let contributors = rng.shares(1_000, k);
		let owner = 500 + rng.below(4);
		let id = MockRegistry::add_dataset(
			owner,
			contributors.iter().map(|(w, p)| (*w, Perbill::from_parts(*p))).collect(),
		);
		let mut explicit = None;
		if rng.chance(30) {
			let k = 1 + rng.below(8) as usize;
			let b = rng.shares(2_000, k);
			assert_ok!(Royalties::set_beneficiaries(
				RuntimeOrigin::signed(owner),
				Asset::Dataset(id),
				to_list(&b)
			));
			explicit = Some(b);
		}
		dag.datasets.push((contributors, explicit));
	}
	let n_models = 1 + rng.below(12);
	for i in 0..n_models {
		let owner = 600 + rng.below(6);
		let mut parents = vec![];
		for _ in 0..rng.below(4) {
			if i > 0 {
				let p = rng.below(i);
				if !parents.contains(&p) {
					parents.push(p);
				}
			}
		}
		let mut datasets = vec![];
		for _ in 0..rng.below(4) {
			let d = if rng.chance(10) {
				999 // unknown: its share returns to the sender
			} else if dag.datasets.is_empty() {
				continue;
			} else {
				rng.below(dag.datasets.len() as u64)
			};
			if !datasets.contains(&d) {
				datasets.push(d);
			}
		}
		let id = MockRegistry::add_model(owner, parents.clone(), datasets.clone());
		assert_eq!(id, i);
		let upstream = match rng.below(4) {
			0 => 0,
			1 => 1_000_000_000,
			_ => rng.below(1_000_000_001) as u32,
		};
		assert_ok!(Royalties::set_upstream(
			RuntimeOrigin::signed(owner),
			id,
			Perbill::from_parts(upstream)
		));
		let mut explicit = None;
		if rng.chance(50) {
			let k = 1 + rng.below(8) as usize;
			let b = rng.shares(3_000, k);
			assert_ok!(Royalties::set_beneficiaries(
				RuntimeOrigin::signed(owner),
				Asset::Model(id),
				to_list(&b)
			));
			explicit = Some(b);
		}
		dag.models.push((owner, parents, datasets, upstream, explicit));
	}
	dag
}

fn random_amount(rng: &mut Rng, cap: u128) -> u128 {
	let x = match rng.below(5) {
		0 => 1 + u128::from(rng.below(100)),
		1 => u128::from(rng.next()),
		2 => rng.u128(),
		3 => u128::MAX - u128::from(rng.below(1_000_000)),
		_ => 1 + u128::from(rng.below(1_000_000_000_000)),
	};
	x.clamp(1, cap)
}

#[test]
fn random_lineages_credit_exactly_what_is_quoted_and_paid() {
	let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
	for case in 0..400 {
		build_and_execute(|| {
			let dag = random_lineage(&mut rng);
			let payer = 77;
			for _ in 0..1 + rng.below(3) {
				let root = rng.below(dag.models.len() as u64);
				// Whatever the issuance leaves room for (minus the payer's own ED).
				let room = u128::MAX - <Balances as Inspect<AccountId>>::total_issuance();
				if room <= 4 * ED {
					break;
				}
				let amount = random_amount(&mut rng, room - 2 * ED);

				// Quotes never overflow, whatever the amount.
				let big = Royalties::quote(root, u128::MAX).expect("quote");
				assert_eq!(credited_total(&big), u128::MAX, "case {case}");

				let quote = Royalties::quote(root, amount).expect("quote");
				assert_eq!(credited_total(&quote), amount, "case {case}");
				assert!(quote.iter().all(|(_, x)| *x > 0), "case {case}");
				assert_eq!(quote, reference(&dag, root, amount), "case {case}");

				set_balance(payer, amount + ED);
				let before: Vec<Balance> =
					quote.iter().map(|(who, _)| Accrued::<Test>::get(who)).collect();
				let total_before = TotalAccrued::<Test>::get();
				let held_before = balance(pallet_account());
				assert_ok!(Royalties::pay(RuntimeOrigin::signed(payer), root, amount));
				for ((who, x), b) in quote.iter().zip(before) {
					assert_eq!(Accrued::<Test>::get(who) - b, *x, "case {case}");
				}
				assert_eq!(TotalAccrued::<Test>::get() - total_before, amount, "case {case}");
				assert_eq!(balance(pallet_account()) - held_before, amount, "case {case}");
				assert_eq!(balance(payer), ED);
				assert!(balance(pallet_account()) >= TotalAccrued::<Test>::get());
				assert_ok!(Royalties::do_try_state());

				// Some beneficiaries claim.
				for (who, _) in quote.iter().filter(|_| rng.chance(30)) {
					let owed = Accrued::<Test>::get(who);
					if owed >= ED {
						let had = balance(*who);
						assert_ok!(Royalties::claim(RuntimeOrigin::signed(*who)));
						assert_eq!(balance(*who) - had, owed);
						assert_eq!(Royalties::claimable(who), 0);
					}
				}
				assert_ok!(Royalties::do_try_state());
				// Burn what the beneficiaries received so the issuance leaves room again.
				for (who, _) in &quote {
					set_balance(*who, 0);
				}
				set_balance(payer, 0);
			}
		});
	}
}
