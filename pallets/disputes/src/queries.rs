//! Read access for the runtime API: one dispute, and the disputes of a target.

use crate::{pallet::*, Dispute};
use alloc::vec::Vec;
use frame_support::traits::Get;
use provenance_primitives::{
	views::{DisputeResponseView, DisputeView},
	DisputeId, DisputeTarget,
};
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// The dispute `id` as the runtime API returns it, or `None` if it does not exist.
	pub fn dispute_view(id: DisputeId) -> Option<DisputeView<T::AccountId>> {
		Disputes::<T>::get(id).map(|dispute| Self::view(id, dispute))
	}

	/// The disputes of `target`, open or closed, by id: at most [`Config::MaxListed`] of them
	/// (a prefix walk of `DisputesByTarget`, never a scan of all disputes).
	pub fn disputes_of(target: DisputeTarget) -> Vec<DisputeView<T::AccountId>> {
		let max = usize::try_from(T::MaxListed::get()).unwrap_or(usize::MAX);
		let mut ids: Vec<DisputeId> =
			DisputesByTarget::<T>::iter_key_prefix(target).take(max).collect();
		ids.sort_unstable();
		ids.into_iter().filter_map(Self::dispute_view).collect()
	}

	fn view(id: DisputeId, dispute: Dispute<T>) -> DisputeView<T::AccountId> {
		DisputeView {
			id,
			target: dispute.target,
			kind: dispute.kind,
			opener: dispute.opener,
			evidence: dispute.evidence,
			uri: dispute.uri.into_inner(),
			bond: dispute.bond.unique_saturated_into(),
			opened_at: dispute.opened_at.unique_saturated_into(),
			response: dispute.response.map(|r| DisputeResponseView {
				evidence: r.evidence,
				uri: r.uri.into_inner(),
				block: r.block.unique_saturated_into(),
			}),
			state: dispute.state,
			closed_at: dispute.closed_at.map(|b| b.unique_saturated_into()),
		}
	}
}
