//! The logic behind the calls: beneficiaries, upstream, the distribution of a payment through the
//! lineage graph, payments and claims. See the README for the rules in prose.

use crate::{pallet::*, WeightInfo};
use alloc::{collections::BTreeMap, vec, vec::Vec};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Get,
	},
	weights::Weight,
};
use provenance_primitives::{
	check_shares, Asset, DatasetInspect, ModelId, ModelInspect, SharesError, Status,
};
use sp_runtime::{
	traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

/// What a payment credits, and how many asset visits computing it took.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Distribution<AccountId, Balance> {
	/// Credited accounts and amounts, aggregated per account, in the order the accounts were
	/// first credited. No zero amounts. The amounts add up to the payment exactly.
	pub credits: Vec<(AccountId, Balance)>,
	/// Visits made (the paid model included), at most `MaxVisited`.
	pub visited: u32,
	/// Beneficiary shares credited over all visits (one per beneficiary of each list a visit
	/// split its kept part among), at most `MaxVisited × MaxBeneficiaries`. At least the number
	/// of credited accounts; the weight refund follows it.
	pub credited: u32,
}

/// One asset reached by one path of a payment's walk.
#[derive(Clone)]
struct Visit<Balance> {
	/// The asset reached.
	asset: Asset,
	/// The share of the payment reaching it along this path.
	amount: Balance,
	/// Its distance from the paid model.
	depth: u32,
	/// Index (in the table of beneficiary lists) of the list of the visit it came from.
	from: usize,
}

/// Credits aggregated per account, in first-credited order.
struct Ledger<AccountId, Balance> {
	index: BTreeMap<AccountId, usize>,
	credits: Vec<(AccountId, Balance)>,
	/// Shares credited so far, zero amounts included.
	shares: u32,
}

impl<AccountId: Ord + Clone, Balance: Zero + CheckedAdd + Copy> Ledger<AccountId, Balance> {
	fn new() -> Self {
		Self { index: BTreeMap::new(), credits: Vec::new(), shares: 0 }
	}

	/// Adds `amount` to `who`'s credit; `None` on overflow. Zero amounts are not recorded.
	fn credit(&mut self, who: &AccountId, amount: Balance) -> Option<()> {
		self.shares = self.shares.saturating_add(1);
		if amount.is_zero() {
			return Some(());
		}
		match self.index.get(who) {
			Some(&i) => {
				let entry = self.credits.get_mut(i)?;
				entry.1 = entry.1.checked_add(&amount)?;
			}
			None => {
				self.index.insert(who.clone(), self.credits.len());
				self.credits.push((who.clone(), amount));
			}
		}
		Some(())
	}
}

impl<T: Config> Pallet<T> {
	/// See [`Pallet::set_beneficiaries`].
	pub(crate) fn do_set_beneficiaries(
		who: &T::AccountId,
		asset: Asset,
		beneficiaries: BeneficiariesOf<T>,
	) -> DispatchResult {
		let owner = Self::asset_owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == *who, Error::<T>::NotOwner);
		check_shares(&beneficiaries).map_err(|e| match e {
			SharesError::Empty => Error::<T>::NoBeneficiaries,
			SharesError::Duplicate => Error::<T>::DuplicateBeneficiary,
			SharesError::NotWhole => Error::<T>::SharesNotWhole,
		})?;
		Beneficiaries::<T>::insert(asset, beneficiaries);
		Self::deposit_event(Event::BeneficiariesSet { asset });
		Ok(())
	}

	/// See [`Pallet::set_upstream`].
	pub(crate) fn do_set_upstream(
		who: &T::AccountId,
		model_id: ModelId,
		upstream: Perbill,
	) -> DispatchResult {
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.owner == *who, Error::<T>::NotOwner);
		if upstream.is_zero() {
			Upstream::<T>::remove(model_id);
		} else {
			Upstream::<T>::insert(model_id, upstream);
		}
		Self::deposit_event(Event::UpstreamSet { model_id, upstream });
		Ok(())
	}

	/// The weight of a payment that made `visited` visits and credited `credited` beneficiary
	/// shares: the `pay` benchmark (one beneficiary per visited asset) plus, for the shares
	/// beyond one per visit, the per-share cost measured by the `pay_shares` benchmark.
	pub fn pay_weight(visited: u32, credited: u32) -> Weight {
		let extra_shares = credited.saturating_sub(visited);
		T::WeightInfo::pay(visited).saturating_add(
			T::WeightInfo::pay_shares(extra_shares.saturating_add(1))
				.saturating_sub(T::WeightInfo::pay_shares(1)),
		)
	}

	/// The weight `pay` declares before it runs: the most visits and shares a payment can make.
	pub fn pay_weight_bound() -> Weight {
		let visited = T::MaxVisited::get();
		Self::pay_weight(visited, visited.saturating_mul(T::MaxBeneficiaries::get()))
	}

	/// See [`Pallet::pay`]. Returns the visits made and the shares credited (for the weight
	/// refund).
	pub(crate) fn do_pay(
		payer: &T::AccountId,
		model_id: ModelId,
		amount: BalanceOf<T>,
	) -> Result<(u32, u32), DispatchError> {
		let Distribution { credits, visited, credited } = Self::distribution(model_id, amount)?;

		// The pallet account must hold everything accrued plus the existential deposit. If it
		// does not (it was never endowed, or the existential deposit was raised) the payer also
		// covers the shortfall, which is credited to nobody.
		let account = Self::account_id();
		let mut total = TotalAccrued::<T>::get();
		let shortfall = total
			.saturating_add(T::Currency::minimum_balance())
			.saturating_sub(T::Currency::balance(&account));
		let to_move = amount.checked_add(&shortfall).ok_or(Error::<T>::InsufficientBalance)?;
		ensure!(
			T::Currency::reducible_balance(payer, Preservation::Preserve, Fortitude::Polite)
				>= to_move,
			Error::<T>::InsufficientBalance
		);
		T::Currency::transfer(payer, &account, to_move, Preservation::Preserve)?;
		Self::deposit_event(Event::Paid { model_id, payer: payer.clone(), amount });

		let recipients = u32::try_from(credits.len()).unwrap_or(u32::MAX);
		for (who, credit) in credits {
			Accrued::<T>::try_mutate(&who, |accrued| -> DispatchResult {
				*accrued = accrued.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			total = total.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
			Self::deposit_event(Event::Credited { account: who, amount: credit });
		}
		TotalAccrued::<T>::put(total);
		Self::deposit_event(Event::Distributed { model_id, recipients });
		Ok((visited, credited))
	}

	/// See [`Pallet::claim`].
	pub(crate) fn do_claim(who: &T::AccountId) -> DispatchResult {
		let amount = Accrued::<T>::get(who);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		let account = Self::account_id();
		// The endowment keeps the account alive, so `Preserve` always suffices. Should the
		// account ever hold exactly the amount claimed (no endowment), it is emptied instead:
		// nothing else is owed, and the next payment endows it again.
		let preservation = if T::Currency::balance(&account) == amount {
			Preservation::Expendable
		} else {
			Preservation::Preserve
		};
		T::Currency::transfer(&account, who, amount, preservation)?;
		Accrued::<T>::remove(who);
		TotalAccrued::<T>::try_mutate(|total| -> DispatchResult {
			*total = total.checked_sub(&amount).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		Self::deposit_event(Event::Claimed { account: who.clone(), amount });
		Ok(())
	}

	/// The owner of a dataset or a model, if it exists.
	pub(crate) fn asset_owner(asset: Asset) -> Option<T::AccountId> {
		match asset {
			Asset::Dataset(id) => T::Datasets::dataset_summary(id).map(|s| s.owner),
			Asset::Model(id) => T::Models::model_summary(id).map(|s| s.owner),
		}
	}

	/// The beneficiaries a payment reaching `asset` is split among: the stored list, or the
	/// default (a dataset's contributors, a model's owner at 100%). `None` when the asset does
	/// not exist, or when a dataset's default contributor list is not a valid beneficiary list
	/// (empty, duplicates, shares not whole, or longer than `MaxBeneficiaries`).
	pub fn beneficiaries_of(asset: Asset) -> Option<Vec<(T::AccountId, Perbill)>> {
		if let Some(stored) = Beneficiaries::<T>::get(asset) {
			return Some(stored.into_inner());
		}
		match asset {
			Asset::Dataset(id) => {
				let contributors = T::Datasets::dataset_contributors(id);
				let max = usize::try_from(T::MaxBeneficiaries::get()).unwrap_or(usize::MAX);
				(contributors.len() <= max && check_shares(&contributors).is_ok())
					.then_some(contributors)
			}
			Asset::Model(id) => {
				T::Models::model_summary(id).map(|s| vec![(s.owner, Perbill::one())])
			}
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
	/// Errors: `ZeroAmount`, `UnknownModel`, `ModelRetracted`, `Overflow` (never in practice).
	pub fn compute_distribution(
		model_id: ModelId,
		amount: BalanceOf<T>,
	) -> Result<Vec<(T::AccountId, BalanceOf<T>)>, DispatchError> {
		Self::distribution(model_id, amount).map(|d| d.credits)
	}

	/// [`Pallet::compute_distribution`] together with the number of visits it made.
	///
	/// The walk is breadth-first. Each visit splits the share reaching an asset:
	/// * a model below `MaxDepth` with a non-zero upstream part and at least one parent or
	///   dataset passes `upstream.mul_floor(share)` on, divided equally among its parents (in
	///   stored order) then its datasets; the division remainder goes to the first of them. A
	///   part of zero is not passed on. Parts that no longer fit in `MaxVisited` stay with the
	///   model;
	/// * what the asset keeps is split among its beneficiaries by `mul_floor` of their shares;
	///   the rounding remainder goes to its first beneficiary;
	/// * an asset without valid beneficiaries (see [`Pallet::beneficiaries_of`]) hands its share
	///   to the beneficiaries of the asset it was reached from.
	pub fn distribution(
		model_id: ModelId,
		amount: BalanceOf<T>,
	) -> Result<Distribution<T::AccountId, BalanceOf<T>>, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.status == Status::Active, Error::<T>::ModelRetracted);
		let root = Asset::Model(model_id);
		let root_beneficiaries = match Beneficiaries::<T>::get(root) {
			Some(stored) => stored.into_inner(),
			None => vec![(summary.owner, Perbill::one())],
		};

		let max_visited = usize::try_from(T::MaxVisited::get()).unwrap_or(usize::MAX).max(1);
		let max_depth = T::MaxDepth::get();

		// Beneficiary lists resolved so far; every visit points at one of them.
		let mut lists: Vec<Vec<(T::AccountId, Perbill)>> = vec![root_beneficiaries];
		let mut visits: Vec<Visit<BalanceOf<T>>> =
			vec![Visit { asset: root, amount, depth: 0, from: 0 }];
		let mut ledger = Ledger::new();

		let mut i = 0usize;
		while let Some(visit) = visits.get(i).cloned() {
			// Which list this visit's kept share is split among.
			let list = if i == 0 {
				0
			} else {
				match Self::beneficiaries_of(visit.asset) {
					Some(own) => {
						lists.push(own);
						lists.len().saturating_sub(1)
					}
					None => visit.from,
				}
			};

			let mut kept = visit.amount;
			if let (Asset::Model(id), true) = (visit.asset, visit.depth < max_depth) {
				let upstream = Upstream::<T>::get(id);
				if !upstream.is_zero() {
					let children: Vec<Asset> = T::Models::model_parents(id)
						.into_iter()
						.map(|(parent, _)| Asset::Model(parent))
						.chain(T::Models::model_datasets(id).into_iter().map(Asset::Dataset))
						.collect();
					let count = u32::try_from(children.len()).map_err(|_| Error::<T>::Overflow)?;
					if count > 0 {
						let up = upstream.mul_floor(visit.amount);
						let n = BalanceOf::<T>::from(count);
						let each = up.checked_div(&n).ok_or(Error::<T>::Overflow)?;
						let rest = each
							.checked_mul(&n)
							.and_then(|whole| up.checked_sub(&whole))
							.ok_or(Error::<T>::Overflow)?;
						let first = each.checked_add(&rest).ok_or(Error::<T>::Overflow)?;
						for (k, child) in children.into_iter().enumerate() {
							let part = if k == 0 { first } else { each };
							if part.is_zero() {
								continue;
							}
							if visits.len() >= max_visited {
								break;
							}
							visits.push(Visit {
								asset: child,
								amount: part,
								depth: visit.depth.saturating_add(1),
								from: list,
							});
							kept = kept.checked_sub(&part).ok_or(Error::<T>::Overflow)?;
						}
					}
				}
			}

			let beneficiaries = lists.get(list).ok_or(Error::<T>::NoBeneficiaries)?;
			Self::split(kept, beneficiaries, &mut ledger)?;
			i = i.saturating_add(1);
		}

		Ok(Distribution {
			credits: ledger.credits,
			visited: u32::try_from(visits.len()).unwrap_or(u32::MAX),
			credited: ledger.shares,
		})
	}

	/// Credits `amount` to `beneficiaries` by `mul_floor` of their shares, the rounding
	/// remainder to the first of them.
	fn split(
		amount: BalanceOf<T>,
		beneficiaries: &[(T::AccountId, Perbill)],
		ledger: &mut Ledger<T::AccountId, BalanceOf<T>>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let ((first, _), others) =
			beneficiaries.split_first().ok_or(Error::<T>::NoBeneficiaries)?;
		let mut first_part = amount;
		for (_, share) in others {
			first_part =
				first_part.checked_sub(&share.mul_floor(amount)).ok_or(Error::<T>::Overflow)?;
		}
		ledger.credit(first, first_part).ok_or(Error::<T>::Overflow)?;
		for (who, share) in others {
			ledger.credit(who, share.mul_floor(amount)).ok_or(Error::<T>::Overflow)?;
		}
		Ok(())
	}

	/// Checks the pallet's invariants: `TotalAccrued` is the sum of `Accrued` (no zero entry);
	/// the pallet account holds all of it plus the existential deposit (or is empty with nothing
	/// owed); stored beneficiaries are valid; no zero upstream is stored.
	#[cfg(any(feature = "try-runtime", test))]
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
		for (_, beneficiaries) in Beneficiaries::<T>::iter() {
			ensure!(check_shares(&beneficiaries).is_ok(), "invalid stored beneficiaries");
		}
		for (_, upstream) in Upstream::<T>::iter() {
			ensure!(!upstream.is_zero(), "a zero Upstream entry is stored");
		}
		Ok(())
	}
}
