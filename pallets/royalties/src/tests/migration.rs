//! The version 0 → 1 storage migration: beneficiary lists carry their deposit (none for lists
//! from version 0); nothing is lost, and it runs once.

use super::*;
use crate::{migrations::v1::MigrateV0ToV1, Beneficiaries, BeneficiaryList, Pallet};
use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use provenance_primitives::Asset;

/// Writes `beneficiaries` for `asset` as version 0 stored it: the bare list.
fn put_v0(asset: Asset, beneficiaries: &BeneficiariesOf<Test>) {
	let key = Beneficiaries::<Test>::hashed_key_for(asset);
	frame_support::storage::unhashed::put_raw(&key, &beneficiaries.encode());
}

#[test]
fn v0_lists_are_kept_without_a_deposit() {
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Pallet<Test>>();
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let m = MockRegistry::add_model(2, vec![], vec![]);
		put_v0(Asset::Dataset(d), &list(&[(7, 60), (8, 40)]));
		put_v0(Asset::Model(m), &list(&[(9, 100)]));
		// Prices of version 0: one below the minimum credit (removed), one at it (kept).
		MinimumCredit::set(10);
		let cheap = MockRegistry::add_model(2, vec![], vec![]);
		crate::Prices::<Test>::insert(cheap, 9);
		crate::Prices::<Test>::insert(m, 10);

		#[cfg(feature = "try-runtime")]
		let state = <MigrateV0ToV1<Test> as OnRuntimeUpgrade>::pre_upgrade().unwrap();
		let weight = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		<MigrateV0ToV1<Test> as OnRuntimeUpgrade>::post_upgrade(state).unwrap();

		// One read and one write per list, a read per price and a write per removed price, plus
		// the version's read and write.
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(weight, db.reads_writes(5, 4));
		assert_eq!(crate::Prices::<Test>::get(cheap), None);
		assert_eq!(crate::Prices::<Test>::get(m), Some(10));
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(
			Beneficiaries::<Test>::get(Asset::Dataset(d)),
			Some(BeneficiaryList { beneficiaries: list(&[(7, 60), (8, 40)]), deposit: None })
		);
		assert_eq!(
			Beneficiaries::<Test>::get(Asset::Model(m)),
			Some(BeneficiaryList { beneficiaries: list(&[(9, 100)]), deposit: None })
		);
		// Payments still follow the kept lists.
		assert_eq!(Royalties::quote(m, 100), Ok(vec![(9, 100)]));
		Royalties::do_try_state().unwrap();
		MinimumCredit::set(1);

		// A second run (version already 1) changes nothing.
		let again = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(again, db.reads(1));
		assert_eq!(Beneficiaries::<Test>::iter().count(), 2);
	});
}
