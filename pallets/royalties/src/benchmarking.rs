//! Benchmarks of the royalties pallet, all with worst-case inputs.

// Benchmarks set up worst cases and may panic on a broken setup; they are not in the runtime
// that validators run.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::panic,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::cast_possible_truncation
)]

use super::*;
use crate::Pallet as Royalties;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Consideration, Footprint, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use provenance_primitives::{
	quote_hash, Asset, DatasetBenchmarkHelper, Derivation, License, ModelBenchmarkHelper, ModelId,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// `accounts` with equal shares summing to exactly 100% (the first takes the remainder).
fn even_shares<T: Config>(accounts: Vec<T::AccountId>) -> BeneficiariesOf<T> {
	let n = accounts.len().max(1) as u32;
	let each = Perbill::one().deconstruct() / n;
	let first = Perbill::one().deconstruct().saturating_sub(each.saturating_mul(n - 1));
	let list: Vec<_> = accounts
		.into_iter()
		.enumerate()
		.map(|(i, who)| (who, Perbill::from_parts(if i == 0 { first } else { each })))
		.collect();
	BoundedVec::truncate_from(list)
}

/// A large payment: a million existential deposits.
fn big_amount<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().max(1u32.into()).saturating_mul(1_000_000u32.into())
}

/// Gives `who` enough to pay `amount` and stay alive.
fn fund<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) {
	let ed = T::Currency::minimum_balance();
	let _ = T::Currency::set_balance(who, amount.saturating_mul(2u32.into()).saturating_add(ed));
}

/// Builds a lineage in which a payment makes `v` visits: models `0..v` in heap order (model
/// `i` has parents `2i + 1` and `2i + 2` when they exist, so each visit reaches a distinct
/// model), each with `shares` beneficiaries of its own (accounts no other model uses) and an
/// upstream part of 50%. Returns the root (model 0). Needs `MaxDepth ≥ log2(v)`.
fn lineage<T: Config>(v: u32, shares: u32) -> Result<ModelId, BenchmarkError> {
	let mut ids: Vec<Option<ModelId>> = vec![None; v as usize];
	for i in (0..v).rev() {
		let parents: Vec<(ModelId, Derivation)> = [2 * i + 1, 2 * i + 2]
			.into_iter()
			.filter_map(|p| ids.get(p as usize).copied().flatten())
			.map(|p| (p, Derivation::Merge))
			.collect();
		let owner: T::AccountId = account("owner", i, 0);
		let id = T::ModelHelper::create_model(owner, parents, vec![], i);
		let beneficiaries =
			(0..shares).map(|j| account("beneficiary", i * shares + j, 0)).collect();
		let list =
			BeneficiaryList { beneficiaries: even_shares::<T>(beneficiaries), deposit: None };
		Beneficiaries::<T>::insert(Asset::Model(id), list);
		Upstream::<T>::insert(id, Perbill::from_percent(50));
		if let Some(slot) = ids.get_mut(i as usize) {
			*slot = Some(id);
		}
	}
	ids.first().copied().flatten().ok_or(BenchmarkError::Stop("empty lineage"))
}

/// Pays `big_amount` for `root` from a funded account and checks that `recipients` accounts
/// were credited; returns the payer and the amount.
fn payer_for<T: Config>(
	root: ModelId,
	recipients: u32,
) -> Result<(T::AccountId, BalanceOf<T>), BenchmarkError> {
	let payer: T::AccountId = whitelisted_caller();
	let amount = big_amount::<T>();
	fund::<T>(&payer, amount);
	let quoted = Royalties::<T>::quote(root, amount)
		.map_err(|_| BenchmarkError::Stop("quote failed"))?
		.len() as u32;
	if quoted != recipients {
		return Err(BenchmarkError::Stop("unexpected number of recipients"));
	}
	Ok((payer, amount))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the list replaces a full one whose deposit another account paid (a hold
	/// from the caller and a release to that account).
	#[benchmark]
	fn set_beneficiaries(
		b: Linear<1, { T::MaxBeneficiaries::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let dataset = T::DatasetHelper::create_dataset(
			caller.clone(),
			License::permissive(b"CC-BY-4.0"),
			vec![],
			0,
		);
		let asset = Asset::Dataset(dataset);
		let previous = even_shares::<T>(
			(0..T::MaxBeneficiaries::get()).map(|i| account("previous", i, 0)).collect(),
		);
		let previous_payer: T::AccountId = account("previous payer", 0, 0);
		let footprint = Footprint::from_encodable(&previous);
		T::BeneficiaryDeposit::ensure_successful(&previous_payer, footprint);
		let ticket = T::BeneficiaryDeposit::new(&previous_payer, footprint)
			.map_err(|_| BenchmarkError::Stop("previous deposit"))?;
		Beneficiaries::<T>::insert(
			asset,
			BeneficiaryList { beneficiaries: previous, deposit: Some((previous_payer, ticket)) },
		);
		let beneficiaries =
			even_shares::<T>((0..b).map(|i| account("beneficiary", i, 0)).collect());
		T::BeneficiaryDeposit::ensure_successful(
			&caller,
			Footprint::from_encodable(&beneficiaries),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), asset, beneficiaries.clone());

		let stored = Beneficiaries::<T>::get(asset).ok_or(BenchmarkError::Stop("no list"))?;
		assert_eq!(stored.beneficiaries, beneficiaries);
		assert_eq!(stored.deposit.map(|(payer, _)| payer), Some(caller));
		assert_last_event::<T>(Event::BeneficiariesSet { asset });
		Ok(())
	}

	/// A full list of a dataset (the larger record to read), its deposit released.
	#[benchmark]
	fn clear_beneficiaries() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let dataset = T::DatasetHelper::create_dataset(
			caller.clone(),
			License::permissive(b"CC-BY-4.0"),
			vec![],
			0,
		);
		let asset = Asset::Dataset(dataset);
		let beneficiaries = even_shares::<T>(
			(0..T::MaxBeneficiaries::get()).map(|i| account("beneficiary", i, 0)).collect(),
		);
		let footprint = Footprint::from_encodable(&beneficiaries);
		T::BeneficiaryDeposit::ensure_successful(&caller, footprint);
		let ticket = T::BeneficiaryDeposit::new(&caller, footprint)
			.map_err(|_| BenchmarkError::Stop("deposit"))?;
		Beneficiaries::<T>::insert(
			asset,
			BeneficiaryList { beneficiaries, deposit: Some((caller.clone(), ticket)) },
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), asset);

		assert!(Beneficiaries::<T>::get(asset).is_none());
		assert_last_event::<T>(Event::BeneficiariesCleared { asset });
		Ok(())
	}

	#[benchmark]
	fn set_upstream() {
		let caller: T::AccountId = whitelisted_caller();
		let model = T::ModelHelper::create_model(caller.clone(), vec![], vec![], 0);
		let upstream = Perbill::from_percent(30);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), model, upstream);

		assert_last_event::<T>(Event::UpstreamSet { model_id: model, upstream });
	}

	/// A payment visiting `v` assets, each with one beneficiary: the cost of a visit (and of
	/// one credited share). [`Pallet::pay_weight`] adds the cost of further shares.
	#[benchmark]
	fn pay(v: Linear<1, { T::MaxVisited::get() }>) -> Result<(), BenchmarkError> {
		let root = lineage::<T>(v, 1)?;
		let (payer, amount) = payer_for::<T>(root, v)?;
		// Pinned to its quote: the hash comparison is part of the measured work.
		let expected = Some(quote_hash(
			&Royalties::<T>::quote(root, amount).map_err(|_| BenchmarkError::Stop("no quote"))?,
		));

		#[extrinsic_call]
		pay(RawOrigin::Signed(payer), root, amount, expected);

		assert_eq!(TotalAccrued::<T>::get(), amount);
		assert_last_event::<T>(Event::Distributed { model_id: root, recipients: v });
		Ok(())
	}

	/// A payment to one model with `s` beneficiaries: the cost of each credited share.
	#[benchmark]
	fn pay_shares(s: Linear<1, { T::MaxBeneficiaries::get() }>) -> Result<(), BenchmarkError> {
		let root = lineage::<T>(1, s)?;
		let (payer, amount) = payer_for::<T>(root, s)?;
		let expected = Some(quote_hash(
			&Royalties::<T>::quote(root, amount).map_err(|_| BenchmarkError::Stop("no quote"))?,
		));

		#[extrinsic_call]
		pay(RawOrigin::Signed(payer), root, amount, expected);

		assert_eq!(TotalAccrued::<T>::get(), amount);
		assert_last_event::<T>(Event::Distributed { model_id: root, recipients: s });
		Ok(())
	}

	#[benchmark]
	fn set_price() {
		let caller: T::AccountId = whitelisted_caller();
		let model = T::ModelHelper::create_model(caller.clone(), vec![], vec![], 0);
		let price: BalanceOf<T> = T::MinimumCredit::get().max(7u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), model, price);

		assert_eq!(Prices::<T>::get(model), Some(price));
		assert_last_event::<T>(Event::PriceSet { model_id: model, price });
	}

	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		let model = T::ModelHelper::create_model(caller.clone(), vec![], vec![], 0);
		let payer: T::AccountId = account("payer", 0, 0);
		let amount = big_amount::<T>();
		fund::<T>(&payer, amount);
		Royalties::<T>::do_pay(&payer, model, amount, None)
			.map_err(|_| BenchmarkError::Stop("pay failed"))?;
		assert_eq!(Accrued::<T>::get(&caller), amount);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(Accrued::<T>::get(&caller).is_zero());
		assert_last_event::<T>(Event::Claimed { account: caller, amount });
		Ok(())
	}

	impl_benchmark_test_suite!(Royalties, crate::mock::new_test_ext(), crate::mock::Test);
}
