//! Versioned storage migrations of the inference pallet.

/// Version 0 → 1: claims per model and anchored roots that commit to the count.
///
/// * Every record of `Inferences` (one per output hash) becomes the claim
///   `Claims[(output_hash, model_id)]`, and `ClaimCount[output_hash]` counts it.
/// * Every batch's stored root `r` (the bare tree root) becomes
///   `merkle::anchored_root(count, r)`, so every proof that verified before still verifies, and
///   only at its own index and count (`docs/HASHING.md`).
///
/// Runs in one block: `O(records + batches)` reads and writes, reported as its weight. Chains
/// that predate claims hold few records (the testnets); a chain with millions of logged records
/// would need a multi-block migration instead.
pub mod v1 {
	use crate::{BatchOf, Batches, ClaimCount, Claims, Config, InferenceEntryOf, Pallet};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use provenance_primitives::merkle::anchored_root;
	use sp_core::H256;

	/// The storage of version 0 that this migration reads.
	pub mod v0 {
		use super::*;

		/// Version 0's records: one per output hash.
		#[frame_support::storage_alias]
		pub type Inferences<T: Config> =
			StorageMap<Pallet<T>, Blake2_128Concat, H256, InferenceEntryOf<T>, OptionQuery>;
	}

	/// The migration itself, without the version check; use [`MigrateV0ToV1`].
	pub struct InnerMigrateV0ToV1<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads: u64 = 0;
			let mut writes: u64 = 0;
			for (output_hash, entry) in v0::Inferences::<T>::drain() {
				reads = reads.saturating_add(2);
				writes = writes.saturating_add(3);
				ClaimCount::<T>::mutate(output_hash, |count| *count = count.saturating_add(1));
				Claims::<T>::insert(output_hash, entry.model_id, entry);
			}
			Batches::<T>::translate_values(|mut batch: BatchOf<T>| {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				batch.root = anchored_root(batch.count, &batch.root);
				Some(batch)
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		/// Records the number of version-0 records and every batch's `(id, count, root)`.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let records = v0::Inferences::<T>::iter_keys().count() as u64;
			let batches: Vec<_> =
				Batches::<T>::iter().map(|(id, batch)| (id, batch.count, batch.root)).collect();
			Ok((records, batches).encode())
		}

		/// Checks that no record and no batch was lost and that every root was re-anchored.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (records, batches): (u64, Vec<(provenance_primitives::BatchId, u64, H256)>) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(v0::Inferences::<T>::iter_keys().next().is_none(), "v0 records remain");
			ensure!(Claims::<T>::iter_keys().count() as u64 == records, "records were lost");
			let counted: u64 = ClaimCount::<T>::iter_values().map(u64::from).sum();
			ensure!(counted == records, "ClaimCount does not count the claims");
			for (id, count, old_root) in batches {
				let batch = Batches::<T>::get(id).ok_or("a batch was lost")?;
				ensure!(batch.count == count, "a batch's count changed");
				ensure!(
					batch.root == anchored_root(count, &old_root),
					"a root was not re-anchored"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}

	/// Version 0 → 1, run only when the stored version is 0; sets it to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
