//! The rules behind the calls: opening (bond, status), answering, withdrawing and resolving
//! (where the bond, the deposit and the escrowed royalties go).

use crate::{pallet::*, Dispute, Response, VerdictOf, WeightInfo};
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	weights::Weight,
	BoundedVec,
};
use provenance_primitives::{
	DisputeId, DisputeKind, DisputeRegistry, DisputeState, DisputeTarget, EscrowRelease,
	RoyaltyEscrow, Verdict,
};
use sp_core::H256;
use sp_runtime::{
	traits::{One, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// See [`Pallet::open`]. Returns the new dispute's id.
	pub(crate) fn do_open(
		who: T::AccountId,
		target: DisputeTarget,
		kind: DisputeKind,
		evidence: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> Result<DisputeId, DispatchError> {
		let (owner, status) = T::Registry::answerable(&target).ok_or(Error::<T>::UnknownTarget)?;
		ensure!(status.is_usable(), Error::<T>::TargetNotActive);
		ensure!(owner != who, Error::<T>::CannotDisputeOwn);
		ensure!(!OpenDisputes::<T>::contains_key(target, &who), Error::<T>::AlreadyOpen);
		let open = OpenCount::<T>::get(target);
		ensure!(open < T::MaxOpenPerTarget::get(), Error::<T>::TooManyDisputes);
		let id = NextDisputeId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;

		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)
			.map_err(|_| Error::<T>::InsufficientBond)?;
		if open == 0 {
			T::Registry::set_disputed(&target, true)?;
		}

		NextDisputeId::<T>::put(next);
		OpenCount::<T>::insert(target, open.saturating_add(1));
		OpenDisputes::<T>::insert(target, &who, id);
		DisputesByTarget::<T>::insert(target, id, ());
		Disputes::<T>::insert(
			id,
			Dispute {
				target,
				kind,
				opener: who.clone(),
				evidence,
				uri,
				bond,
				opened_at: frame_system::Pallet::<T>::block_number(),
				response: None,
				state: DisputeState::Open,
				closed_at: None,
			},
		);
		Self::deposit_event(Event::DisputeOpened { id, target, kind, opener: who, bond });
		Ok(id)
	}

	/// See [`Pallet::respond`].
	pub(crate) fn do_respond(
		who: T::AccountId,
		id: DisputeId,
		evidence: H256,
		uri: BoundedVec<u8, T::MaxUriLen>,
	) -> DispatchResult {
		let mut dispute = Self::open_dispute(id)?;
		let (owner, _) =
			T::Registry::answerable(&dispute.target).ok_or(Error::<T>::UnknownTarget)?;
		ensure!(owner == who, Error::<T>::NotTargetOwner);
		dispute.response =
			Some(Response { evidence, uri, block: frame_system::Pallet::<T>::block_number() });
		Disputes::<T>::insert(id, dispute);
		Self::deposit_event(Event::DisputeResponded { id, owner: who });
		Ok(())
	}

	/// See [`Pallet::withdraw`].
	pub(crate) fn do_withdraw(who: T::AccountId, id: DisputeId) -> DispatchResult {
		let mut dispute = Self::open_dispute(id)?;
		ensure!(dispute.opener == who, Error::<T>::NotOpener);
		Self::release_bond(&dispute)?;
		dispute.state = DisputeState::Withdrawn;
		Self::close(id, dispute.clone(), EscrowRelease::Beneficiaries)?;
		Self::deposit_event(Event::DisputeWithdrawn { id, opener: who, bond: dispute.bond });
		Ok(())
	}

	/// See [`Pallet::resolve`].
	pub(crate) fn do_resolve(id: DisputeId, verdict: VerdictOf<T>) -> DispatchResult {
		let mut dispute = Self::open_dispute(id)?;
		let (owner, status) =
			T::Registry::answerable(&dispute.target).ok_or(Error::<T>::UnknownTarget)?;
		let (bond_to, escrow) = match &verdict {
			Verdict::Dismissed => {
				if !dispute.bond.is_zero() {
					T::Currency::transfer_on_hold(
						&HoldReason::DisputeBond.into(),
						&dispute.opener,
						&owner,
						dispute.bond,
						Precision::BestEffort,
						Restriction::Free,
						Fortitude::Force,
					)?;
				}
				(owner, EscrowRelease::Beneficiaries)
			}
			Verdict::Retract => {
				ensure!(status.is_usable(), Error::<T>::VerdictNotApplicable);
				T::Registry::retract(&dispute.target, &dispute.opener)?;
				Self::release_bond(&dispute)?;
				(dispute.opener.clone(), EscrowRelease::To(dispute.opener.clone()))
			}
			Verdict::TransferTo(to) => {
				ensure!(
					status.is_usable() && dispute.target.asset().is_some() && *to != owner,
					Error::<T>::VerdictNotApplicable
				);
				T::Registry::transfer(&dispute.target, to)?;
				Self::release_bond(&dispute)?;
				(dispute.opener.clone(), EscrowRelease::To(to.clone()))
			}
		};
		// A verdict that retracted or moved the asset settles everything escrowed for it now; a
		// dismissal waits until no dispute about the asset is open.
		if let (Some(asset), EscrowRelease::To(_)) = (dispute.target.asset(), &escrow) {
			T::Escrow::release_escrow(asset, escrow.clone())?;
		}
		dispute.state = DisputeState::Resolved(verdict.clone());
		Self::close(id, dispute, escrow)?;
		Self::deposit_event(Event::DisputeResolved { id, verdict, bond_to });
		Ok(())
	}

	/// The weight `resolve` declares: its heaviest verdict.
	pub fn resolve_weight() -> Weight {
		T::WeightInfo::resolve_dismissed()
			.max(T::WeightInfo::resolve_retract())
			.max(T::WeightInfo::resolve_transfer())
	}

	/// The dispute `id` if it exists and is open.
	fn open_dispute(id: DisputeId) -> Result<Dispute<T>, DispatchError> {
		let dispute = Disputes::<T>::get(id).ok_or(Error::<T>::UnknownDispute)?;
		ensure!(dispute.state == DisputeState::Open, Error::<T>::NotOpen);
		Ok(dispute)
	}

	/// Release the whole bond of `dispute` to its opener.
	fn release_bond(dispute: &Dispute<T>) -> DispatchResult {
		if dispute.bond.is_zero() {
			return Ok(());
		}
		T::Currency::release(
			&HoldReason::DisputeBond.into(),
			&dispute.opener,
			dispute.bond,
			Precision::BestEffort,
		)
		.map(|_| ())
	}

	/// Store `dispute` (its state already set) as closed and drop it from the open indices.
	/// When it was the target's last open dispute, a still-disputed target is active again and
	/// what was escrowed for it is released as `escrow` says.
	fn close(
		id: DisputeId,
		mut dispute: Dispute<T>,
		escrow: EscrowRelease<T::AccountId>,
	) -> DispatchResult {
		let target = dispute.target;
		OpenDisputes::<T>::remove(target, &dispute.opener);
		let open = OpenCount::<T>::get(target).saturating_sub(One::one());
		if open.is_zero() {
			OpenCount::<T>::remove(target);
			T::Registry::set_disputed(&target, false)?;
			if let Some(asset) = target.asset() {
				T::Escrow::release_escrow(asset, escrow)?;
			}
		} else {
			OpenCount::<T>::insert(target, open);
		}
		dispute.closed_at = Some(frame_system::Pallet::<T>::block_number());
		Disputes::<T>::insert(id, dispute);
		Ok(())
	}
}
