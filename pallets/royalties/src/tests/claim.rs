//! `claim`: pays out everything accrued and keeps the pallet account alive.

use super::*;
use crate::{Accrued, Error, TotalAccrued};
use frame_support::assert_noop;
use sp_runtime::TokenError;

#[test]
fn claim_pays_out_everything_and_keeps_the_pallet_account_alive() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None));
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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 10, None));
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
fn claim_below_the_existential_deposit_waits_for_more() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, ED - 1, None));
		// Account 9 holds nothing: it cannot receive less than the existential deposit.
		assert_noop!(Royalties::claim(RuntimeOrigin::signed(9)), TokenError::BelowMinimum);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1, None));
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(9)));
		assert_eq!(balance(9), ED);
	});
}
