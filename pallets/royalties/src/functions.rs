//! The logic behind the calls: beneficiaries, upstream, the distribution of a payment through the
//! lineage graph, payments and claims. See the README for the rules in prose.

use crate::{pallet::*, BalanceOf, BeneficiariesOf, BeneficiaryList, Distribution, WeightInfo};
use alloc::{collections::BTreeMap, vec, vec::Vec};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
		Consideration, Footprint, Get,
	},
	weights::Weight,
};
use provenance_primitives::{
	check_shares, quote_hash, Asset, DatasetInspect, EscrowRelease, ModelId, ModelInspect,
	SharesError, Status,
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

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

impl<AccountId, Balance: Zero + Saturating + Copy + PartialOrd> Ledger<AccountId, Balance> {
	/// The credits, with every credit below `minimum` added to the largest credit (the first
	/// credited of equals) instead: the dust rule that keeps every accrued balance claimable.
	/// The total is unchanged; when it is at least `minimum`, so is every credit left.
	fn into_credits(self, minimum: Balance) -> Vec<(AccountId, Balance)> {
		let credits = self.credits;
		if credits.iter().all(|(_, amount)| *amount >= minimum) {
			return credits;
		}
		let mut largest = 0usize;
		let mut most = Balance::zero();
		for (i, (_, amount)) in credits.iter().enumerate() {
			if *amount > most {
				largest = i;
				most = *amount;
			}
		}
		let mut kept = Vec::with_capacity(credits.len());
		let mut target = 0usize;
		let mut dust = Balance::zero();
		for (i, (who, amount)) in credits.into_iter().enumerate() {
			if i == largest {
				target = kept.len();
				kept.push((who, amount));
			} else if amount >= minimum {
				kept.push((who, amount));
			} else {
				// Never saturates: the dust is part of a total that fits in a balance.
				dust = dust.saturating_add(amount);
			}
		}
		if let Some(entry) = kept.get_mut(target) {
			entry.1 = entry.1.saturating_add(dust);
		}
		kept
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
		let footprint = Footprint::from_encodable(&beneficiaries);
		let deposit = match Beneficiaries::<T>::get(asset).and_then(|list| list.deposit) {
			// The caller paid for the list it replaces: the deposit follows the new size.
			Some((depositor, ticket)) if depositor == *who => ticket.update(who, footprint),
			previous => {
				let ticket = T::BeneficiaryDeposit::new(who, footprint);
				if ticket.is_ok() {
					if let Some((depositor, old)) = previous {
						old.drop(&depositor)?;
					}
				}
				ticket
			}
		}
		.map_err(|_| Error::<T>::InsufficientDeposit)?;
		let list = BeneficiaryList { beneficiaries, deposit: Some((who.clone(), deposit)) };
		Beneficiaries::<T>::insert(asset, list);
		Self::deposit_event(Event::BeneficiariesSet { asset });
		Ok(())
	}

	/// See [`Pallet::clear_beneficiaries`].
	pub(crate) fn do_clear_beneficiaries(who: &T::AccountId, asset: Asset) -> DispatchResult {
		let owner = Self::asset_owner(asset).ok_or(Error::<T>::UnknownAsset)?;
		ensure!(owner == *who, Error::<T>::NotOwner);
		let list = Beneficiaries::<T>::take(asset).ok_or(Error::<T>::NoBeneficiaryList)?;
		if let Some((depositor, ticket)) = list.deposit {
			ticket.drop(&depositor)?;
		}
		Self::deposit_event(Event::BeneficiariesCleared { asset });
		Ok(())
	}

	/// Removes `asset`'s beneficiary list, if any, and releases its deposit to whoever paid it
	/// (an ownership change). Returns whether there was a list.
	fn reset_beneficiaries(asset: Asset) -> bool {
		let Some(list) = Beneficiaries::<T>::take(asset) else { return false };
		if let Some((depositor, ticket)) = list.deposit {
			if let Err(e) = ticket.drop(&depositor) {
				log::error!(
					target: crate::LOG_TARGET,
					"could not release the beneficiary-list deposit of {asset:?}: {e:?}"
				);
			}
		}
		true
	}

	/// See [`Pallet::set_upstream`].
	pub(crate) fn do_set_upstream(
		who: &T::AccountId,
		model_id: ModelId,
		upstream: Perbill,
	) -> DispatchResult {
		Self::ensure_model_owner(who, model_id)?;
		if upstream.is_zero() {
			Upstream::<T>::remove(model_id);
		} else {
			Upstream::<T>::insert(model_id, upstream);
		}
		Self::deposit_event(Event::UpstreamSet { model_id, upstream });
		Ok(())
	}

	/// See [`Pallet::set_price`].
	pub(crate) fn do_set_price(
		who: &T::AccountId,
		model_id: ModelId,
		price: BalanceOf<T>,
	) -> DispatchResult {
		Self::ensure_model_owner(who, model_id)?;
		ensure!(
			price.is_zero() || price >= T::MinimumCredit::get(),
			Error::<T>::BelowMinimumCredit
		);
		if price.is_zero() {
			Prices::<T>::remove(model_id);
		} else {
			Prices::<T>::insert(model_id, price);
		}
		Self::deposit_event(Event::PriceSet { model_id, price });
		Ok(())
	}

	/// `who` owns model `model_id`. Errors: `UnknownModel`, `NotOwner`.
	fn ensure_model_owner(who: &T::AccountId, model_id: ModelId) -> DispatchResult {
		let summary = T::Models::model_summary(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(summary.owner == *who, Error::<T>::NotOwner);
		Ok(())
	}

	/// The price per inference of a model (zero when usage is free).
	pub fn price_of(model_id: ModelId) -> BalanceOf<T> {
		Prices::<T>::get(model_id).unwrap_or_else(Zero::zero)
	}

	/// The price of `model_id` and what `count` inferences cost at it: `(price, count × price)`,
	/// from one read of the price. Errors: `Overflow` when the product does not fit in a balance.
	pub fn usage_charge(
		model_id: ModelId,
		count: u64,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let price = Self::price_of(model_id);
		if price.is_zero() {
			return Ok((price, price));
		}
		BalanceOf::<T>::try_from(count)
			.ok()
			.and_then(|count| count.checked_mul(&price))
			.map(|amount| (price, amount))
			.ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// See [`provenance_primitives::UsageMeter::charge_usage`]: moves `count × price` from
	/// `payer` into the pallet account and credits it through the lineage, as [`Pallet::pay`]
	/// would (the same distribution, so `royalties_quoteUsage` is exactly what is credited).
	/// Returns the weight of the work done: nothing beyond the price read when the model has no
	/// price.
	pub(crate) fn do_charge_usage(
		payer: &T::AccountId,
		model_id: ModelId,
		count: u64,
	) -> Result<Weight, DispatchError> {
		let (_, amount) = Self::usage_charge(model_id, count)?;
		if amount.is_zero() {
			return Ok(Weight::zero());
		}
		let lead = Event::UsageCharged { model_id, payer: payer.clone(), count, amount };
		let (visited, credited) = Self::collect(payer, model_id, amount, None, lead)?;
		Ok(Self::pay_weight(visited, credited))
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
		expected: Option<H256>,
	) -> Result<(u32, u32), DispatchError> {
		let lead = Event::Paid { model_id, payer: payer.clone(), amount };
		Self::collect(payer, model_id, amount, expected, lead)
	}

	/// Moves `amount` from `payer` into the pallet account and credits its distribution through
	/// `model_id`'s lineage (only if it hashes to `expected`, when given), emitting `lead` (what
	/// the money was for), one `Credited` per account, then `Distributed`. The one engine behind
	/// payments and usage charges. Returns the visits made and the shares credited.
	fn collect(
		payer: &T::AccountId,
		model_id: ModelId,
		amount: BalanceOf<T>,
		expected: Option<H256>,
		lead: Event<T>,
	) -> Result<(u32, u32), DispatchError> {
		let Distribution { credits, visited, credited } = Self::distribution(model_id, amount)?;
		if let Some(expected) = expected {
			ensure!(quote_hash(&credits) == expected, Error::<T>::QuoteChanged);
		}

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
		Self::deposit_event(lead);

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

	/// The account holding accrued royalties.
	pub fn account_id() -> T::AccountId {
		use sp_runtime::traits::AccountIdConversion;
		T::PalletId::get().into_account_truncating()
	}

	/// The owner of a dataset or a model, if it exists.
	pub(crate) fn asset_owner(asset: Asset) -> Option<T::AccountId> {
		match asset {
			Asset::Dataset(id) => T::Datasets::dataset_summary(id).map(|s| s.owner),
			Asset::Model(id) => T::Models::model_summary(id).map(|s| s.owner),
		}
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
	///   to the beneficiaries of the asset it was reached from;
	/// * so does a retracted or displaced asset: it is never credited and passes nothing further
	///   upstream; its share stays with the asset it was reached from (the payer's side);
	/// * a disputed asset passes its upstream part on as usual, but what it keeps, and every share
	///   handed back to it by a parent or dataset that cannot be credited, is credited to its
	///   escrow account ([`Pallet::escrow_account`]) until its disputes are decided.
	pub fn distribution(
		model_id: ModelId,
		amount: BalanceOf<T>,
	) -> Result<Distribution<T::AccountId, BalanceOf<T>>, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let root_links = T::Models::model_links(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(root_links.summary.status.is_usable(), Error::<T>::Retracted);
		ensure!(amount >= T::MinimumCredit::get(), Error::<T>::BelowMinimumCredit);
		let root = Asset::Model(model_id);
		let root_beneficiaries = match Beneficiaries::<T>::get(root) {
			Some(stored) => stored.beneficiaries.into_inner(),
			None => vec![(root_links.summary.owner.clone(), Perbill::one())],
		};
		let mut root_links = Some(root_links);

		let max_visited = usize::try_from(T::MaxVisited::get()).unwrap_or(usize::MAX).max(1);
		let max_depth = T::MaxDepth::get();

		// Beneficiary lists resolved so far; every visit points at one of them.
		let mut lists: Vec<Vec<(T::AccountId, Perbill)>> = vec![root_beneficiaries];
		let mut visits: Vec<Visit<BalanceOf<T>>> =
			vec![Visit { asset: root, amount, depth: 0, from: 0 }];
		let mut ledger = Ledger::new();

		let mut i = 0usize;
		while let Some(visit) = visits.get(i).cloned() {
			// One read of the asset's record per visit: its status, and for a model its owner,
			// parents and datasets (the paid model's was read above).
			let links = match visit.asset {
				Asset::Model(_) if i == 0 => root_links.take(),
				Asset::Model(id) => T::Models::model_links(id),
				Asset::Dataset(_) => None,
			};
			let status = match (visit.asset, &links) {
				(Asset::Model(_), links) => links.as_ref().map(|l| l.summary.status),
				(Asset::Dataset(id), _) => T::Datasets::dataset_summary(id).map(|s| s.status),
			};
			// Which list this visit's kept share is split among. The paid model is usable.
			let active = i == 0 || status.is_some_and(|s| s.is_usable());
			let list = if status == Some(Status::Disputed) {
				// Escrowed until the asset's disputes are decided: what it keeps, and every share
				// one of its parents or datasets hands back to it.
				lists.push(vec![(Self::escrow_account(visit.asset), Perbill::one())]);
				lists.len().saturating_sub(1)
			} else if i == 0 {
				0
			} else if !active {
				visit.from
			} else {
				let owner = links.as_ref().map(|l| &l.summary.owner);
				match Self::beneficiaries_given(visit.asset, owner) {
					Some(own) => {
						lists.push(own);
						lists.len().saturating_sub(1)
					}
					None => visit.from,
				}
			};

			let mut kept = visit.amount;
			if let (Asset::Model(id), Some(links), true) =
				(visit.asset, links, active && visit.depth < max_depth)
			{
				let upstream = Upstream::<T>::get(id);
				if !upstream.is_zero() {
					let children: Vec<Asset> = links
						.parents
						.into_iter()
						.map(|(parent, _)| Asset::Model(parent))
						.chain(links.datasets.into_iter().map(Asset::Dataset))
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

		let credited = ledger.shares;
		Ok(Distribution {
			credits: ledger.into_credits(T::MinimumCredit::get()),
			visited: u32::try_from(visits.len()).unwrap_or(u32::MAX),
			credited,
		})
	}

	/// The account that holds, as an ordinary accrued credit nobody can claim (no key exists
	/// for it), the royalties of `asset` while it is disputed: the pallet account's sub-account
	/// `("escrow", asset)`.
	pub fn escrow_account(asset: Asset) -> T::AccountId {
		use sp_runtime::traits::AccountIdConversion;
		T::PalletId::get().into_sub_account_truncating((b"escrow", asset))
	}

	/// See [`provenance_primitives::RoyaltyEscrow::release_escrow`]: credits what is escrowed
	/// for `asset` to `release`'s recipients. The total accrued does not change.
	pub(crate) fn do_release_escrow(
		asset: Asset,
		release: EscrowRelease<T::AccountId>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let escrow = Self::escrow_account(asset);
		let amount = Accrued::<T>::take(&escrow);
		if amount.is_zero() {
			return Ok(amount);
		}
		let mut ledger = Ledger::new();
		match release {
			EscrowRelease::To(who) => {
				ledger.credit(&who, amount).ok_or(Error::<T>::Overflow)?;
			}
			EscrowRelease::Beneficiaries => {
				// An asset without valid beneficiaries pays its owner; one that no longer
				// exists (never the case for a disputed record) cannot be released.
				let beneficiaries = match Self::beneficiaries_of(asset) {
					Some(list) => list,
					None => vec![(
						Self::asset_owner(asset).ok_or(Error::<T>::UnknownAsset)?,
						Perbill::one(),
					)],
				};
				Self::split(amount, &beneficiaries, &mut ledger)?;
			}
		}
		for (who, credit) in ledger.into_credits(T::MinimumCredit::get()) {
			Accrued::<T>::try_mutate(&who, |accrued| -> DispatchResult {
				*accrued = accrued.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::Credited { account: who, amount: credit });
		}
		Self::deposit_event(Event::EscrowReleased { asset, amount });
		Ok(amount)
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
}

/// An accepted transfer resets the asset's royalty settings: beneficiaries, upstream and price
/// were the previous owner's choices. Accrued credits stay with whoever earned them.
impl<T: Config> provenance_primitives::OnOwnershipChanged for Pallet<T> {
	fn ownership_changed(asset: Asset) {
		let had_beneficiaries = Self::reset_beneficiaries(asset);
		let (had_upstream, had_price) = match asset {
			Asset::Model(id) => {
				(Upstream::<T>::take(id) != Perbill::zero(), Prices::<T>::take(id).is_some())
			}
			Asset::Dataset(_) => (false, false),
		};
		if had_beneficiaries || had_upstream || had_price {
			Self::deposit_event(Event::SettingsReset { asset });
		}
	}

	/// A full beneficiary list whose deposit the owner paid, and for a model an upstream part
	/// and a price: a reset then removes three entries and releases a hold.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_worst_case(asset: Asset) {
		let Some(owner) = Self::asset_owner(asset) else { return };
		let beneficiaries = full_list::<T>();
		let footprint = Footprint::from_encodable(&beneficiaries);
		T::BeneficiaryDeposit::ensure_successful(&owner, footprint);
		if let Ok(ticket) = T::BeneficiaryDeposit::new(&owner, footprint) {
			let list = BeneficiaryList { beneficiaries, deposit: Some((owner, ticket)) };
			Beneficiaries::<T>::insert(asset, list);
		}
		if let Asset::Model(id) = asset {
			Upstream::<T>::insert(id, Perbill::from_percent(50));
			Prices::<T>::insert(id, T::MinimumCredit::get());
		}
	}
}

/// `MaxBeneficiaries` benchmark accounts with shares summing to exactly 100% (the first takes
/// the rounding remainder).
#[cfg(feature = "runtime-benchmarks")]
fn full_list<T: Config>() -> BeneficiariesOf<T> {
	let max = T::MaxBeneficiaries::get();
	let share = Perbill::from_rational(1u32, max.max(1));
	let mut list: Vec<(T::AccountId, Perbill)> =
		(0..max).map(|i| (frame_benchmarking::account("beneficiary", i, 0), share)).collect();
	let first =
		1_000_000_000u32.saturating_sub(share.deconstruct().saturating_mul(max.saturating_sub(1)));
	if let Some(entry) = list.first_mut() {
		entry.1 = Perbill::from_parts(first);
	}
	BeneficiariesOf::<T>::truncate_from(list)
}

impl<T: Config> provenance_primitives::UsageMeter<T::AccountId> for Pallet<T> {
	fn charge_usage(
		payer: &T::AccountId,
		model_id: ModelId,
		count: u64,
	) -> Result<Weight, DispatchError> {
		Self::do_charge_usage(payer, model_id, count)
	}

	fn charge_weight_bound(model_id: ModelId) -> Weight {
		if Prices::<T>::contains_key(model_id) {
			Self::pay_weight_bound()
		} else {
			Weight::zero()
		}
	}
}

impl<T: Config> provenance_primitives::RoyaltyEscrow<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn release_escrow(
		asset: Asset,
		release: EscrowRelease<T::AccountId>,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_release_escrow(asset, release)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> provenance_primitives::EscrowBenchmarkHelper<T::AccountId> for Pallet<T> {
	/// `asset` gets `MaxBeneficiaries` beneficiaries, in a list whose deposit its owner holds (a
	/// verdict that moves the asset releases it), and a funded escrow large enough that every
	/// beneficiary's share is above the minimum credit (a release credits every one of them).
	fn worst_case_escrow(asset: Asset) {
		<Self as provenance_primitives::OnOwnershipChanged>::set_up_worst_case(asset);
		if !Beneficiaries::<T>::contains_key(asset) {
			Beneficiaries::<T>::insert(
				asset,
				BeneficiaryList { beneficiaries: full_list::<T>(), deposit: None },
			);
		}
		let amount: BalanceOf<T> = T::MinimumCredit::get()
			.saturating_mul(T::MaxBeneficiaries::get().into())
			.saturating_mul(1_000u32.into())
			.max(1_000_000u32.into());
		let account = Self::account_id();
		let _ =
			T::Currency::mint_into(&account, amount.saturating_add(T::Currency::minimum_balance()));
		Accrued::<T>::mutate(Self::escrow_account(asset), |a| *a = a.saturating_add(amount));
		TotalAccrued::<T>::mutate(|t| *t = t.saturating_add(amount));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> provenance_primitives::UsageBenchmarkHelper<T::AccountId> for Pallet<T> {
	/// base ← fine-tune (also trained on a dataset of three contributors) ← quantization owned by
	/// `owner`; upstream 50% on the fine-tune and the quantization; a price on the quantization
	/// of 50 minimum credits (at least 1,000): one inference's charge reaches every asset of the
	/// lineage with every credit above the minimum.
	fn metered_lineage(owner: T::AccountId) -> ModelId {
		use provenance_primitives::{
			DatasetBenchmarkHelper, Derivation, License, ModelBenchmarkHelper,
		};
		let third = Perbill::from_rational(1u32, 3u32);
		let first = Perbill::one().saturating_sub(third).saturating_sub(third);
		let contributors = vec![
			(frame_benchmarking::account("contributor", 0, 0), first),
			(frame_benchmarking::account("contributor", 1, 0), third),
			(frame_benchmarking::account("contributor", 2, 0), third),
		];
		let base = T::ModelHelper::create_model(
			frame_benchmarking::account("base owner", 0, 0),
			vec![],
			vec![],
			1_000,
		);
		let dataset = T::DatasetHelper::create_dataset(
			frame_benchmarking::account("dataset owner", 0, 0),
			License::permissive(b"CC-BY-4.0"),
			contributors,
			1_000,
		);
		let fine_tune = T::ModelHelper::create_model(
			frame_benchmarking::account("fine-tune owner", 0, 0),
			vec![(base, Derivation::FineTune)],
			vec![dataset],
			1_001,
		);
		let quantization = T::ModelHelper::create_model(
			owner,
			vec![(fine_tune, Derivation::Quantization)],
			vec![],
			1_002,
		);
		Upstream::<T>::insert(fine_tune, Perbill::from_percent(50));
		Upstream::<T>::insert(quantization, Perbill::from_percent(50));
		// Every share of one inference's charge at least the minimum credit (the smallest is a
		// contributor's: a third of 12.5 %), so the dust rule folds none of them.
		let price = T::MinimumCredit::get()
			.saturating_mul(50u32.into())
			.max(BalanceOf::<T>::from(1_000u32));
		Prices::<T>::insert(quantization, price);
		quantization
	}
}
