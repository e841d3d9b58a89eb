//! Invariants of the registry, checked by `try_state` and after every unit test.

use crate::{
	types::BalanceOf, Config, DatasetByRoot, Datasets, DatasetsByOwner, HoldReason, NextDatasetId,
	Pallet,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use provenance_primitives::check_shares;
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Checks:
	/// - `NextDatasetId` is greater than every dataset id;
	/// - `DatasetByRoot` and `Datasets` map roots and ids one-to-one;
	/// - `DatasetsByOwner` lists exactly the records of each owner;
	/// - every record's contributors are non-empty, unique and sum to 100%;
	/// - every record's deposit equals `deposit_for(record)`;
	/// - the dataset deposit held from each owner equals the sum of their records' deposits.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextDatasetId::<T>::get();
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut records: u64 = 0;

		for (id, record) in Datasets::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(id < next, "a dataset id is not below NextDatasetId");
			ensure!(
				DatasetByRoot::<T>::get(record.content_root) == Some(id),
				"a dataset's content root does not index back to it"
			);
			ensure!(
				DatasetsByOwner::<T>::contains_key(&record.owner, id),
				"a dataset is missing from its owner's index"
			);
			ensure!(check_shares(&record.contributors).is_ok(), "contributor shares are not whole");
			ensure!(
				record.deposit == Self::deposit_for(&record),
				"a dataset's deposit does not match its stored bytes"
			);
			let entry = held.entry(record.owner.clone()).or_default();
			*entry = entry.saturating_add(record.deposit);
		}

		let mut roots: u64 = 0;
		for (root, id) in DatasetByRoot::<T>::iter() {
			roots = roots.saturating_add(1);
			let record =
				Datasets::<T>::get(id).ok_or("a content root indexes a missing dataset")?;
			ensure!(record.content_root == root, "a content root indexes another dataset");
		}
		ensure!(roots == records, "DatasetByRoot and Datasets differ in size");

		for (owner, id, ()) in DatasetsByOwner::<T>::iter() {
			let record = Datasets::<T>::get(id).ok_or("owner index names a missing dataset")?;
			ensure!(record.owner == owner, "owner index names a dataset of someone else");
		}

		let reason = HoldReason::DatasetDeposit.into();
		for (owner, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&reason, &owner) == total,
				"held deposit differs from the sum of the owner's dataset deposits"
			);
		}
		Ok(())
	}
}
