//! `do_try_state` catches corrupted storage (so the check after every test can fail).

use super::*;
use crate::{Children, ModelByRoot, Models as ModelsMap, ModelsByDataset, Operators};
use provenance_primitives::Status;

fn operators(
	accounts: Vec<AccountId>,
) -> BoundedVec<AccountId, <Test as crate::Config>::MaxOperators> {
	bounded(accounts)
}

/// Builds a small registry, corrupts it with `corrupt`, and expects `do_try_state` to fail.
fn corrupted(corrupt: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		MockRegistry::insert_dataset(0, MockDataset::new(DAVE).license(non_commercial()));
		let a = register_model(ALICE, non_commercial(), vec![], vec![0]);
		let b = register_model(BOB, non_commercial(), vec![(a, Derivation::FineTune)], vec![]);
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(BOB), b, CHARLIE));
		assert_ok!(Models::do_try_state());
		corrupt();
		assert!(Models::do_try_state().is_err());
	});
}

#[test]
fn missing_reverse_entry_is_caught() {
	corrupted(|| Children::<Test>::remove(0u64, 1u64));
	corrupted(|| ModelsByDataset::<Test>::remove(0u64, 0u64));
}

#[test]
fn stray_reverse_entry_is_caught() {
	corrupted(|| Children::<Test>::insert(1u64, 0u64, Derivation::Merge));
	corrupted(|| Children::<Test>::insert(0u64, 1u64, Derivation::Merge));
	corrupted(|| ModelsByDataset::<Test>::insert(5u64, 1u64, ()));
}

#[test]
fn missing_parent_or_dataset_is_caught() {
	corrupted(|| ModelsMap::<Test>::remove(0u64));
	corrupted(|| MockRegistry::remove_dataset(0));
}

#[test]
fn inconsistent_flags_roots_and_deposits_are_caught() {
	corrupted(|| {
		ModelsMap::<Test>::mutate(1u64, |m| {
			if let Some(m) = m {
				m.non_commercial_lineage = false;
				m.license = open_license();
			}
		})
	});
	corrupted(|| ModelByRoot::<Test>::remove(root_of(0)));
	corrupted(|| ModelByRoot::<Test>::insert(H256::zero(), 1u64));
	corrupted(|| {
		ModelsMap::<Test>::mutate(0u64, |m| m.as_mut().map(|m| m.deposit += 1).unwrap_or(()))
	});
	corrupted(|| Operators::<Test>::insert(7u64, operators(vec![DAVE])));
	corrupted(|| Operators::<Test>::insert(1u64, operators(vec![CHARLIE, CHARLIE])));
	// A status change alone is consistent.
	new_test_ext().execute_with(|| {
		let a = register_model(ALICE, open_license(), vec![], vec![]);
		ModelsMap::<Test>::mutate(a, |m| {
			m.as_mut().map(|m| m.status = Status::Retracted).unwrap_or(())
		});
		assert_ok!(Models::do_try_state());
	});
}
