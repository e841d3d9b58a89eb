//! Read access for the runtime API and for other pallets ([`DatasetInspect`]), and the dataset
//! factory the benchmarks of other pallets use.

use crate::{Config, DatasetByRoot, Datasets, DatasetsByOwner, Pallet};
use alloc::vec::Vec;
#[cfg(feature = "runtime-benchmarks")]
use provenance_primitives::License;
use provenance_primitives::{views::DatasetView, DatasetId, DatasetInspect, DatasetSummary};
use sp_core::H256;
use sp_runtime::{Perbill, SaturatedConversion};

impl<T: Config> Pallet<T> {
	/// The dataset `id` as returned by the runtime API, or `None`.
	pub fn dataset_view(id: DatasetId) -> Option<DatasetView<T::AccountId>> {
		Datasets::<T>::get(id).map(|d| DatasetView {
			id,
			owner: d.owner,
			content_root: d.content_root,
			size_bytes: d.size_bytes,
			uri: d.uri.into_inner(),
			license: d.license,
			metadata: d.metadata.into_inner(),
			contributors: d.contributors.into_inner(),
			previous_version: d.previous_version,
			registered_at: d.registered_at.saturated_into::<u32>(),
			status: d.status,
		})
	}

	/// The id of the dataset registered with `root`, or `None`.
	pub fn dataset_id_by_root(root: H256) -> Option<DatasetId> {
		DatasetByRoot::<T>::get(root)
	}

	/// Ids of the datasets owned by `owner` (active and retracted), ascending.
	pub fn dataset_ids_of(owner: &T::AccountId) -> Vec<DatasetId> {
		let mut ids: Vec<DatasetId> = DatasetsByOwner::<T>::iter_key_prefix(owner).collect();
		ids.sort_unstable();
		ids
	}
}

impl<T: Config> DatasetInspect<T::AccountId> for Pallet<T> {
	fn dataset_summary(id: DatasetId) -> Option<DatasetSummary<T::AccountId>> {
		Datasets::<T>::get(id).map(|d| DatasetSummary {
			owner: d.owner,
			content_root: d.content_root,
			status: d.status,
			license: d.license,
		})
	}

	fn dataset_contributors(id: DatasetId) -> Vec<(T::AccountId, Perbill)> {
		Datasets::<T>::get(id).map(|d| d.contributors.into_inner()).unwrap_or_default()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> provenance_primitives::DatasetBenchmarkHelper<T::AccountId> for Pallet<T> {
	/// Writes an active dataset straight to storage. The caller needs no funds: the deposit is
	/// minted to the owner and held, so the pallet's invariants hold. Contributors default to
	/// the owner alone and are not checked.
	fn create_dataset(
		owner: T::AccountId,
		license: License,
		contributors: Vec<(T::AccountId, Perbill)>,
		seed: u32,
	) -> DatasetId {
		use crate::{types::Dataset, NextDatasetId};
		use frame_support::{
			traits::fungible::{Inspect, Mutate},
			BoundedVec,
		};
		use provenance_primitives::Status;
		use sp_runtime::traits::{BlakeTwo256, Hash, Saturating, Zero};

		let id = NextDatasetId::<T>::get();
		let contributors = if contributors.is_empty() {
			alloc::vec![(owner.clone(), Perbill::one())]
		} else {
			contributors
		};
		let content_root = BlakeTwo256::hash_of(&(b"pallet-datasets/bench", seed, id));
		let mut record = Dataset::<T> {
			owner: owner.clone(),
			content_root,
			size_bytes: 1,
			uri: BoundedVec::new(),
			license,
			metadata: BoundedVec::new(),
			contributors: BoundedVec::truncate_from(contributors),
			previous_version: None,
			registered_at: frame_system::Pallet::<T>::block_number(),
			status: Status::Active,
			deposit: Zero::zero(),
		};
		let deposit = Self::deposit_for(&record);
		let minted =
			T::Currency::mint_into(&owner, deposit.saturating_add(T::Currency::minimum_balance()));
		if minted.is_ok() && Self::hold_deposit(&owner, deposit).is_ok() {
			record.deposit = deposit;
		}
		NextDatasetId::<T>::put(id.saturating_add(1));
		Datasets::<T>::insert(id, record);
		DatasetByRoot::<T>::insert(content_root, id);
		DatasetsByOwner::<T>::insert(&owner, id, ());
		id
	}
}
