//! `set_price`: only the model's owner; zero removes the entry; `quote_usage` and the usage
//! charge follow the price.

use super::*;
use crate::{Error, Prices, TotalAccrued};
use frame_support::assert_noop;
use provenance_primitives::UsageMeter;

#[test]
fn set_price_works_and_zero_removes_the_entry() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 7));
		System::assert_last_event(Event::PriceSet { model_id: m, price: 7 }.into());
		assert_eq!(Royalties::price_of(m), 7);
		assert_eq!(Royalties::quote_usage(m, 3), Ok((7, vec![(2, 21)])));
		assert_eq!(Royalties::quote_usage(m, 0), Err(Error::<Test>::ZeroAmount.into()));

		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 0));
		System::assert_last_event(Event::PriceSet { model_id: m, price: 0 }.into());
		assert!(!Prices::<Test>::contains_key(m));
		assert_eq!(Royalties::quote_usage(m, 3), Ok((0, vec![])));
	});
}

#[test]
fn set_price_rejects_bad_input() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_noop!(
			Royalties::set_price(RuntimeOrigin::signed(2), 99, 7),
			Error::<Test>::UnknownModel
		);
		assert_noop!(Royalties::set_price(RuntimeOrigin::signed(3), m, 7), Error::<Test>::NotOwner);
		assert_noop!(
			Royalties::set_price(RuntimeOrigin::none(), m, 7),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn quote_usage_refuses_unknown_and_retracted_models() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 7));
		assert_eq!(Royalties::quote_usage(99, 1), Err(Error::<Test>::UnknownModel.into()));
		MockRegistry::retract_model(m);
		assert_eq!(Royalties::quote_usage(m, 1), Err(Error::<Test>::Retracted.into()));
	});
}

#[test]
fn a_usage_charge_is_the_quoted_distribution_with_its_own_events() {
	build_and_execute(|| {
		let base = MockRegistry::add_model(3, vec![], vec![]);
		let m = MockRegistry::add_model(2, vec![base], vec![]);
		set_upstream(2, m, 40);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(2), m, 1_001));
		let (_, quote) = Royalties::quote_usage(m, 5).expect("quotable");
		System::reset_events();

		let weight = <Royalties as UsageMeter<AccountId>>::charge_usage(&1, m, 5).expect("charged");
		assert_eq!(weight, Royalties::pay_weight(2, 2));
		assert_eq!(credited_total(&quote), 5_005);
		for (who, amount) in &quote {
			assert_eq!(Royalties::claimable(who), *amount);
		}
		assert_eq!(TotalAccrued::<Test>::get(), 5_005);
		assert_eq!(
			royalty_events(),
			vec![
				Event::UsageCharged { model_id: m, payer: 1, count: 5, amount: 5_005 },
				Event::Credited { account: 2, amount: 3_003 },
				Event::Credited { account: 3, amount: 2_002 },
				Event::Distributed { model_id: m, recipients: 2 },
			]
		);
	});
}

#[test]
fn a_free_model_charges_nothing_and_declares_no_extra_weight() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		System::reset_events();
		let weight =
			<Royalties as UsageMeter<AccountId>>::charge_usage(&1, m, 1_000_000).expect("free");
		assert_eq!(weight, frame_support::weights::Weight::zero());
		assert_eq!(
			<Royalties as UsageMeter<AccountId>>::charge_weight_bound(m),
			frame_support::weights::Weight::zero()
		);
		assert!(royalty_events().is_empty());
		assert_eq!(TotalAccrued::<Test>::get(), 0);
	});
}
