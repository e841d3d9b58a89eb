//! Invariants of the royalty accounts, checked by `try_state` and after every unit test.

use crate::{pallet::*, BalanceOf};
use frame_support::{
	ensure,
	traits::{fungible::Inspect, Get},
};
use provenance_primitives::{check_shares, ModelInspect};
use sp_runtime::traits::{CheckedAdd, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: `TotalAccrued` is the sum of `Accrued` (no zero entry);
	/// the pallet account holds all of it plus the existential deposit (or is empty with nothing
	/// owed); stored beneficiaries are valid; no zero upstream or price is stored; every price is
	/// at least the minimum credit and belongs to an existing model.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut sum = BalanceOf::<T>::zero();
		for (_, accrued) in Accrued::<T>::iter() {
			ensure!(!accrued.is_zero(), "a zero Accrued entry is stored");
			sum = sum.checked_add(&accrued).ok_or("the sum of Accrued overflows")?;
		}
		let total = TotalAccrued::<T>::get();
		ensure!(sum == total, "TotalAccrued differs from the sum of Accrued");
		let balance = T::Currency::balance(&Self::account_id());
		ensure!(balance >= total, "the pallet account holds less than TotalAccrued");
		ensure!(
			balance.is_zero() || balance >= total.saturating_add(T::Currency::minimum_balance()),
			"the pallet account cannot pay out TotalAccrued and stay alive"
		);
		for (_, list) in Beneficiaries::<T>::iter() {
			ensure!(check_shares(&list.beneficiaries).is_ok(), "invalid stored beneficiaries");
		}
		for (_, upstream) in Upstream::<T>::iter() {
			ensure!(!upstream.is_zero(), "a zero Upstream entry is stored");
		}
		for (model_id, price) in Prices::<T>::iter() {
			ensure!(!price.is_zero(), "a zero Prices entry is stored");
			ensure!(price >= T::MinimumCredit::get(), "a price below the minimum credit is stored");
			ensure!(
				T::Models::model_summary(model_id).is_some(),
				"a price is stored for a model that does not exist"
			);
		}
		Ok(())
	}
}
