//! Read access for the runtime API (`quote`, `claimable`) and the resolution rules behind a
//! distribution: the beneficiaries and the upstream part of an asset.

use crate::{pallet::*, types::CreditsOf, BalanceOf};
use alloc::{vec, vec::Vec};
use frame_support::{ensure, traits::Get};
use provenance_primitives::{check_shares, Asset, DatasetInspect, ModelId, ModelInspect};
use sp_runtime::traits::Zero;
use sp_runtime::{DispatchError, Perbill};

impl<T: Config> Pallet<T> {
	/// What `pay(model_id, amount)` would credit, aggregated per account, in the order the
	/// accounts are first credited. Used by the runtime API `quote`.
	pub fn quote(model_id: ModelId, amount: BalanceOf<T>) -> Result<CreditsOf<T>, DispatchError> {
		Self::compute_distribution(model_id, amount)
	}

	/// What `count` inferences of `model_id` are charged and how the charge is credited, exactly
	/// as `Inference.log` (`count` 1) or `Inference.anchor_batch` would credit it now: the
	/// model's price, and the credits of `count × price` (empty when usage is free). Used by the
	/// runtime API `quote_usage`.
	///
	/// Errors: `ZeroAmount` (`count` is zero), `UnknownModel`, `Retracted` (of a model that
	/// accepts no inferences), `Overflow` (`count × price` does not fit in a balance),
	/// `BelowMinimumCredit` (never for a price set since storage version 1).
	pub fn quote_usage(
		model_id: ModelId,
		count: u64,
	) -> Result<(BalanceOf<T>, CreditsOf<T>), DispatchError> {
		ensure!(count >= 1, Error::<T>::ZeroAmount);
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.status.is_usable(), Error::<T>::Retracted);
		let (price, amount) = Self::usage_charge(model_id, count)?;
		if amount.is_zero() {
			return Ok((price, Vec::new()));
		}
		Ok((price, Self::compute_distribution(model_id, amount)?))
	}

	/// The royalties `who` can claim now. Used by the runtime API `claimable`.
	pub fn claimable(who: &T::AccountId) -> BalanceOf<T> {
		Accrued::<T>::get(who)
	}

	/// The beneficiaries a payment reaching `asset` is split among: the stored list, or the
	/// default (a dataset's contributors, a model's owner at 100%). `None` when the asset does
	/// not exist, or when a dataset's default contributor list is not a valid beneficiary list
	/// (empty, duplicates, shares not whole, or longer than `MaxBeneficiaries`).
	pub fn beneficiaries_of(asset: Asset) -> Option<Vec<(T::AccountId, Perbill)>> {
		let owner = match asset {
			Asset::Model(id) => T::Models::model_summary(id).map(|s| s.owner),
			Asset::Dataset(_) => None,
		};
		Self::beneficiaries_given(asset, owner.as_ref())
	}

	/// [`Pallet::beneficiaries_of`] for a caller that already read the model's owner (`None`
	/// for a dataset, or for a model that does not exist).
	pub(crate) fn beneficiaries_given(
		asset: Asset,
		model_owner: Option<&T::AccountId>,
	) -> Option<Vec<(T::AccountId, Perbill)>> {
		if let Some(stored) = Beneficiaries::<T>::get(asset) {
			return Some(stored.beneficiaries.into_inner());
		}
		match asset {
			Asset::Dataset(id) => {
				let contributors = T::Datasets::dataset_contributors(id);
				let max = usize::try_from(T::MaxBeneficiaries::get()).unwrap_or(usize::MAX);
				(contributors.len() <= max && check_shares(&contributors).is_ok())
					.then_some(contributors)
			}
			Asset::Model(_) => model_owner.map(|owner| vec![(owner.clone(), Perbill::one())]),
		}
	}

	/// The upstream part of a model (zero by default).
	pub fn upstream_of(model_id: ModelId) -> Perbill {
		Upstream::<T>::get(model_id)
	}

	/// What `pay(model_id, amount)` credits, aggregated per account, in the order the accounts
	/// are first credited; the amounts add up to `amount` exactly. The one function behind both
	/// [`Pallet::pay`] and [`Pallet::quote`].
	///
	/// Errors: `ZeroAmount`, `UnknownModel`, `Retracted`, `BelowMinimumCredit`, `Overflow` (never
	/// in practice).
	pub fn compute_distribution(
		model_id: ModelId,
		amount: BalanceOf<T>,
	) -> Result<CreditsOf<T>, DispatchError> {
		Self::distribution(model_id, amount).map(|d| d.credits)
	}
}
