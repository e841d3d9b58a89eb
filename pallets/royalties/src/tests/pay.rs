//! `pay`: the weight charged and refunded, the credits and events, the input it refuses, and the
//! endowment of an empty pallet account.

use super::*;
use crate::{Accrued, Error, TotalAccrued};
use frame_support::{assert_noop, dispatch::GetDispatchInfo, traits::Get};
use provenance_primitives::Asset;

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
		let call = crate::Call::<Test>::pay { model_id: m, amount: 1_000, expected: None };
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, Royalties::pay_weight_bound());
		assert_eq!(declared, Royalties::pay_weight(max_visited, max_visited * max_beneficiaries));

		let info = Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None).unwrap();
		assert_eq!(info.actual_weight, Some(Royalties::pay_weight(1, 3)));
		assert!(Royalties::pay_weight(1, 3).all_lte(declared));
	});
}

#[test]
fn pay_credits_the_owner_by_default_and_emits_events() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let info = Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None).expect("pays");
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(3), m, 500, None));
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

		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, 0, None),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), 99, 10, None),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), gone, 10, None),
			Error::<Test>::Retracted
		);
		// The payer must stay alive: at most INITIAL - ED.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL - ED + 1, None),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL, None),
			Error::<Test>::InsufficientBalance
		);
		// An account without funds.
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(42), m, 1, None),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, u128::MAX, None),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(balance(1), INITIAL);
		assert_eq!(TotalAccrued::<Test>::get(), 0);

		// Exactly the affordable maximum works.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, INITIAL - ED, None));
		assert_eq!(balance(1), ED);
	});
}

#[test]
fn pay_endows_an_empty_pallet_account() {
	build_and_execute(|| {
		set_balance(pallet_account(), 0);
		let m = MockRegistry::add_model(9, vec![], vec![]);
		// Even a payment below the existential deposit works: the payer adds the endowment.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 3, None));
		assert_eq!(balance(1), INITIAL - 3 - ED);
		assert_eq!(balance(pallet_account()), 3 + ED);
		assert_eq!(Accrued::<Test>::get(9), 3);
		// Later payments move only the amount.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 7, None));
		assert_eq!(balance(1), INITIAL - 10 - ED);
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		assert_eq!(balance(pallet_account()), ED);
	});
}

/// A payer pays what it was quoted: `expected` pins the split; a change since the quote (here a
/// new upstream part) fails with `QuoteChanged` and moves nothing.
#[test]
fn pay_pinned_to_a_stale_quote_fails_and_moves_nothing() {
	build_and_execute(|| {
		let parent = MockRegistry::add_model(3, vec![], vec![]);
		let m = MockRegistry::add_model(2, vec![parent], vec![]);
		let quote = Royalties::quote(m, 1_000).expect("quotes");
		let pinned = provenance_primitives::quote_hash(&quote);

		set_upstream(2, m, 40);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, Some(pinned)),
			Error::<Test>::QuoteChanged
		);
		// Another amount is another quote too.
		set_upstream(2, m, 0);
		assert_noop!(
			Royalties::pay(RuntimeOrigin::signed(1), m, 999, Some(pinned)),
			Error::<Test>::QuoteChanged
		);
		assert_eq!(balance(1), INITIAL);
		assert_eq!(TotalAccrued::<Test>::get(), 0);

		// Pinned to the current quote, it pays exactly that.
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, Some(pinned)));
		assert_eq!(Royalties::claimable(&2), 1_000);
	});
}
