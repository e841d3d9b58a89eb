//! `integrity_test`, and `do_try_state` catching corrupted storage (so the check after every
//! test can fail).

use super::*;
use crate::{DatasetByRoot, Datasets as DatasetsStorage};
use frame_support::traits::Hooks;

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Datasets as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn try_state_detects_a_wrong_deposit() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		assert_ok!(Datasets::do_try_state());
		DatasetsStorage::<Test>::mutate(0, |d| d.as_mut().unwrap().deposit += 1);
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_dangling_root_index() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		DatasetByRoot::<Test>::insert(root(7), 0);
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_an_unheld_deposit() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<u64>>::release(
			&HoldReason::DatasetDeposit.into(),
			&ALICE,
			1,
			frame_support::traits::tokens::Precision::Exact,
		));
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_an_id_beyond_next() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		NextDatasetId::<Test>::put(0);
		assert!(Datasets::do_try_state().is_err());
	});
}
