//! `integrity_test`, and `do_try_state` catching a broken total (so the check after every test
//! can fail).

use super::*;
use crate::TotalAccrued;
use frame_support::traits::Hooks;

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
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 100, None));
		TotalAccrued::<Test>::put(99);
		assert!(Royalties::do_try_state().is_err());
		TotalAccrued::<Test>::put(100);
		// More owed than held.
		set_balance(pallet_account(), 100);
		assert!(Royalties::do_try_state().is_err());
		set_balance(pallet_account(), 100 + ED);
	});
}

#[test]
fn try_state_detects_a_zero_or_orphan_price() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(9, vec![], vec![]);
		crate::Prices::<Test>::insert(m, 0);
		assert!(Royalties::do_try_state().is_err());
		crate::Prices::<Test>::insert(m, 7);
		assert!(Royalties::do_try_state().is_ok());
		crate::Prices::<Test>::insert(99, 7);
		assert!(Royalties::do_try_state().is_err());
		crate::Prices::<Test>::remove(99);
	});
}
