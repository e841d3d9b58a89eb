//! Invariants of the disputes, checked by `try_state` and after every unit test.

use crate::pallet::*;
use frame_support::{ensure, traits::fungible::InspectHold};
use provenance_primitives::{DisputeRegistry, DisputeState, Status};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// * every open dispute is indexed in `OpenDisputes` under its target and opener, and
	///   `OpenCount` counts exactly the open disputes of each target (no zero entry);
	/// * every dispute is indexed in `DisputesByTarget`, closed ones have `closed_at`;
	/// * the bond held from each account equals the bonds of its open disputes;
	/// * a dataset or model with an open dispute is not `Active` (it is `Disputed`, or was
	///   retracted or displaced meanwhile).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let mut open_per_target = BTreeMap::new();
		let mut bonds_per_account = BTreeMap::<T::AccountId, crate::BalanceOf<T>>::new();
		for (id, dispute) in Disputes::<T>::iter() {
			ensure!(id < NextDisputeId::<T>::get(), "a dispute id is not below NextDisputeId");
			ensure!(
				DisputesByTarget::<T>::contains_key(dispute.target, id),
				"a dispute is missing from DisputesByTarget"
			);
			if dispute.state == DisputeState::Open {
				ensure!(dispute.closed_at.is_none(), "an open dispute has closed_at");
				ensure!(
					OpenDisputes::<T>::get(dispute.target, &dispute.opener) == Some(id),
					"an open dispute is not in OpenDisputes"
				);
				let n: &mut u32 = open_per_target.entry(dispute.target).or_default();
				*n = n.saturating_add(1);
				let b = bonds_per_account.entry(dispute.opener.clone()).or_default();
				*b = b.saturating_add(dispute.bond);
			} else {
				ensure!(dispute.closed_at.is_some(), "a closed dispute has no closed_at");
			}
		}
		for (target, _, id) in OpenDisputes::<T>::iter() {
			let open = Disputes::<T>::get(id).map(|d| d.state == DisputeState::Open);
			ensure!(open == Some(true), "OpenDisputes points at a dispute that is not open");
			ensure!(
				open_per_target.contains_key(&target),
				"OpenDisputes lists a target without open disputes"
			);
		}
		for (target, count) in OpenCount::<T>::iter() {
			ensure!(!count.is_zero(), "a zero OpenCount entry is stored");
			ensure!(
				open_per_target.get(&target) == Some(&count),
				"OpenCount differs from the number of open disputes"
			);
		}
		for (target, count) in open_per_target.iter() {
			ensure!(OpenCount::<T>::get(target) == *count, "an open dispute is not counted");
			if target.asset().is_some() {
				if let Some((_, status)) = T::Registry::answerable(target) {
					ensure!(
						status != Status::Active,
						"a dataset or model with an open dispute is Active"
					);
				}
			}
		}
		for (who, bonds) in bonds_per_account {
			let held = T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who);
			ensure!(held == bonds, "held bonds differ from the bonds of open disputes");
		}
		Ok(())
	}
}
