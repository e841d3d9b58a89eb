//! Versioned storage migrations of the royalties pallet.

/// Version 0 → 1: beneficiary lists carry the deposit held for them; prices respect the minimum
/// credit.
///
/// * Every stored list `l` becomes `BeneficiaryList { beneficiaries: l, deposit: None }`: lists
///   set before deposits existed hold none (their owners were never asked for one, and may not
///   afford it now). A later `set_beneficiaries` on such an asset takes the deposit;
///   `clear_beneficiaries` removes it with nothing to release.
/// * A price per inference below `MinimumCredit` is removed (the model's usage becomes free):
///   every charge at it would now fail with `BelowMinimumCredit`, so `Inference.log` of the
///   model would fail until its owner set a new price. Raising it instead would multiply what
///   operators pay without their consent.
///
/// Runs in one block: one read and one write per list and per removed price, one read per
/// price (one list per asset and one price per model at most).
pub mod v1 {
	use crate::{Beneficiaries, BeneficiariesOf, BeneficiaryList, Config, Pallet, Prices};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};

	/// The migration itself, without the version check; use [`MigrateV0ToV1`].
	pub struct InnerMigrateV0ToV1<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut lists: u64 = 0;
			Beneficiaries::<T>::translate::<BeneficiariesOf<T>, _>(|_, beneficiaries| {
				lists = lists.saturating_add(1);
				Some(BeneficiaryList { beneficiaries, deposit: None })
			});
			let minimum = T::MinimumCredit::get();
			let (mut prices, mut removed): (u64, u64) = (0, 0);
			Prices::<T>::translate_values(|price| {
				prices = prices.saturating_add(1);
				if price < minimum {
					removed = removed.saturating_add(1);
					None
				} else {
					Some(price)
				}
			});
			T::DbWeight::get()
				.reads_writes(lists.saturating_add(prices), lists.saturating_add(removed))
		}

		/// Records every version-0 list, encoded.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let lists: Vec<(provenance_primitives::Asset, Vec<u8>)> =
				Beneficiaries::<T>::iter_keys()
					.filter_map(|asset| {
						let key = Beneficiaries::<T>::hashed_key_for(asset);
						frame_support::storage::unhashed::get_raw(&key).map(|raw| (asset, raw))
					})
					.collect();
			Ok(lists.encode())
		}

		/// Checks that every list is kept, unchanged, with no deposit, and that no price is below
		/// the minimum credit.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let lists: Vec<(provenance_primitives::Asset, Vec<u8>)> =
				Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(
				Beneficiaries::<T>::iter_keys().count() == lists.len(),
				"the number of beneficiary lists changed"
			);
			for (asset, raw) in lists {
				let old = BeneficiariesOf::<T>::decode(&mut &raw[..])
					.map_err(|_| "a version-0 list does not decode")?;
				let new = Beneficiaries::<T>::get(asset).ok_or("a beneficiary list was lost")?;
				ensure!(new.beneficiaries == old, "a beneficiary list changed");
				ensure!(new.deposit.is_none(), "a migrated list claims a deposit");
			}
			ensure!(
				Prices::<T>::iter_values().all(|price| price >= T::MinimumCredit::get()),
				"a price below the minimum credit remains"
			);
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
