//! Invariants of the registry, checked by `try_state` and after every unit test.

use crate::{
	types::BalanceOf, Commitments, Config, DatasetByRoot, Datasets, DatasetsByOwner, HoldReason,
	NextDatasetId, Pallet, PendingTransfers,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use provenance_primitives::{check_shares, Status};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks:
	/// - `NextDatasetId` is greater than every dataset id;
	/// - `DatasetByRoot` and the non-displaced `Datasets` map roots and ids one-to-one; a
	///   displaced record holds no deposit and its root indexes another record;
	/// - the commitment deposit held from each account equals its pending commitments';
	/// - no dataset is offered to its own owner;
	/// - `DatasetsByOwner` lists exactly the records of each owner;
	/// - every record's contributors are non-empty, unique and sum to 100%;
	/// - every record's deposit equals `deposit_for(record)` (zero for a record retracted by a
	///   dispute verdict, whose deposit was forfeited);
	/// - the dataset deposit held from each owner equals the sum of their records' deposits.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextDatasetId::<T>::get();
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut records: u64 = 0;

		for (id, record) in Datasets::<T>::iter() {
			ensure!(id < next, "a dataset id is not below NextDatasetId");
			ensure!(
				DatasetsByOwner::<T>::contains_key(&record.owner, id),
				"a dataset is missing from its owner's index"
			);
			if record.status == Status::Displaced {
				// History: its deposit went to the committer, its root indexes the committer's.
				ensure!(record.deposit.is_zero(), "a displaced dataset still has a deposit");
				ensure!(
					DatasetByRoot::<T>::get(record.content_root).is_some_and(|other| other != id),
					"a displaced dataset's root does not index another dataset"
				);
				ensure!(!PendingTransfers::<T>::contains_key(id), "a displaced dataset is offered");
				continue;
			}
			records = records.saturating_add(1);
			ensure!(
				DatasetByRoot::<T>::get(record.content_root) == Some(id),
				"a dataset's content root does not index back to it"
			);
			ensure!(check_shares(&record.contributors).is_ok(), "contributor shares are not whole");
			// A dispute verdict that retracted the dataset forfeited its whole deposit.
			let forfeited = record.status == Status::Retracted && record.deposit.is_zero();
			ensure!(
				forfeited || record.deposit == Self::deposit_for(&record),
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
		ensure!(roots == records, "DatasetByRoot and the non-displaced Datasets differ in size");

		let mut commitments: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (_, pending) in Commitments::<T>::iter() {
			let entry = commitments.entry(pending.who).or_default();
			*entry = entry.saturating_add(pending.deposit);
		}
		let commitment_reason = HoldReason::CommitmentDeposit.into();
		for (who, total) in commitments {
			ensure!(
				T::Currency::balance_on_hold(&commitment_reason, &who) == total,
				"held commitment deposits differ from the pending commitments"
			);
		}

		for (owner, id, ()) in DatasetsByOwner::<T>::iter() {
			let record = Datasets::<T>::get(id).ok_or("owner index names a missing dataset")?;
			ensure!(record.owner == owner, "owner index names a dataset of someone else");
		}
		for (id, to) in PendingTransfers::<T>::iter() {
			let record = Datasets::<T>::get(id).ok_or("an offer names a missing dataset")?;
			ensure!(record.owner != to, "a dataset is offered to its owner");
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
