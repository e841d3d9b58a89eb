//! Benchmarks of every call, with worst-case bounded inputs.

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
use crate::{types::ContributorsOf, Pallet as Datasets};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use provenance_primitives::{DatasetId, License, Status, MAX_SPDX_LEN};
use sp_core::H256;
use sp_runtime::{traits::Saturating, Perbill};

const SEED: u32 = 0;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// An account funded with enough for several maximal deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let max_bytes =
		u32::try_from(<Dataset<T> as codec::MaxEncodedLen>::max_encoded_len()).unwrap_or(u32::MAX);
	let amount = Datasets::<T>::deposit_for_bytes(max_bytes)
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// `len` bytes of filler.
fn bytes<S: Get<u32>>(len: u32) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(alloc::vec![b'x'; len as usize])
}

/// The largest licence: a maximal SPDX expression and a terms hash.
fn max_license() -> License {
	License {
		spdx: BoundedVec::truncate_from(alloc::vec![b'A'; MAX_SPDX_LEN as usize]),
		commercial_use: true,
		derivatives_allowed: true,
		ai_training_allowed: true,
		terms_hash: Some(H256::repeat_byte(0x7e)),
	}
}

/// `count` (at least one) distinct contributors whose shares sum to exactly 100%.
fn contributors<T: Config>(count: u32) -> ContributorsOf<T> {
	let count = count.max(1);
	let whole = Perbill::one().deconstruct();
	let share = whole / count;
	let mut given: u32 = 0;
	let mut list = Vec::new();
	for i in 0..count {
		let parts = if i.saturating_add(1) == count { whole.saturating_sub(given) } else { share };
		given = given.saturating_add(parts);
		list.push((account::<T::AccountId>("contributor", i, SEED), Perbill::from_parts(parts)));
	}
	BoundedVec::truncate_from(list)
}

/// Registers a dataset of `owner` through the pallet's own logic.
fn register_dataset<T: Config>(
	owner: &T::AccountId,
	seed: u8,
	uri_len: u32,
	metadata_len: u32,
	contributor_count: u32,
) -> Result<DatasetId, BenchmarkError> {
	Datasets::<T>::do_register(
		owner.clone(),
		H256::repeat_byte(seed),
		u64::MAX,
		bytes::<T::MaxUriLen>(uri_len),
		max_license(),
		bytes::<T::MaxMetadataLen>(metadata_len),
		contributors::<T>(contributor_count),
		None,
		None,
	)
	.map(|registered| registered.id)
	.map_err(|_| BenchmarkError::Stop("cannot register the set-up dataset"))
}

/// A maximal dataset of `owner`.
fn register_max<T: Config>(owner: &T::AccountId, seed: u8) -> Result<DatasetId, BenchmarkError> {
	register_dataset::<T>(
		owner,
		seed,
		T::MaxUriLen::get(),
		T::MaxMetadataLen::get(),
		T::MaxContributors::get(),
	)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register(
		u: Linear<0, { T::MaxUriLen::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
		c: Linear<1, { T::MaxContributors::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let previous = register_max::<T>(&caller, 1)?;
		let root = H256::repeat_byte(2);
		// Worst case: the caller reveals a commitment and displaces a front-runner's record.
		let salt = [7u8; 32];
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		Datasets::<T>::commit(
			RawOrigin::Signed(caller.clone()).into(),
			provenance_primitives::registration_commitment(&root, &caller, &salt),
		)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		let front_runner = funded::<T>("front_runner", 0);
		Datasets::<T>::do_register(
			front_runner,
			root,
			u64::MAX,
			bytes::<T::MaxUriLen>(T::MaxUriLen::get()),
			max_license(),
			bytes::<T::MaxMetadataLen>(T::MaxMetadataLen::get()),
			contributors::<T>(1),
			None,
			None,
		)
		.map_err(|_| BenchmarkError::Stop("front-runner cannot register"))?;
		frame_system::Pallet::<T>::set_block_number(3u32.into());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			root,
			u64::MAX,
			bytes::<T::MaxUriLen>(u),
			max_license(),
			bytes::<T::MaxMetadataLen>(m),
			contributors::<T>(c),
			Some(previous),
			Some(salt),
		);

		let id = DatasetByRoot::<T>::get(root).ok_or(BenchmarkError::Stop("not registered"))?;
		assert_last_event::<T>(Event::DatasetRegistered { id, owner: caller, content_root: root });
		Ok(())
	}

	/// The worst case of a registration that displaces nothing: it reveals a matured commitment
	/// (releasing its deposit) and supersedes a previous version. `register` refunds to this.
	#[benchmark]
	fn register_without_displacement(
		u: Linear<0, { T::MaxUriLen::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
		c: Linear<1, { T::MaxContributors::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let previous = register_max::<T>(&caller, 1)?;
		let root = H256::repeat_byte(2);
		let salt = [7u8; 32];
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		Datasets::<T>::commit(
			RawOrigin::Signed(caller.clone()).into(),
			provenance_primitives::registration_commitment(&root, &caller, &salt),
		)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());

		#[extrinsic_call]
		register(
			RawOrigin::Signed(caller.clone()),
			root,
			u64::MAX,
			bytes::<T::MaxUriLen>(u),
			max_license(),
			bytes::<T::MaxMetadataLen>(m),
			contributors::<T>(c),
			Some(previous),
			Some(salt),
		);

		let id = DatasetByRoot::<T>::get(root).ok_or(BenchmarkError::Stop("not registered"))?;
		assert_last_event::<T>(Event::DatasetRegistered { id, owner: caller, content_root: root });
		Ok(())
	}

	#[benchmark]
	fn update_metadata(
		u: Linear<0, { T::MaxUriLen::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		// Start small so that a long update has to hold more deposit.
		let id = register_dataset::<T>(&caller, 1, 0, 0, T::MaxContributors::get())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, bytes::<T::MaxUriLen>(u), bytes::<T::MaxMetadataLen>(m));

		assert_last_event::<T>(Event::MetadataUpdated { id });
		Ok(())
	}

	#[benchmark]
	fn set_contributors(c: Linear<1, { T::MaxContributors::get() }>) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		// Start with one contributor so that more contributors hold more deposit.
		let id =
			register_dataset::<T>(&caller, 1, T::MaxUriLen::get(), T::MaxMetadataLen::get(), 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, contributors::<T>(c));

		assert_last_event::<T>(Event::ContributorsSet { id });
		Ok(())
	}

	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let commitment = H256::repeat_byte(0xc0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), commitment);

		assert_last_event::<T>(Event::Committed { who: caller, commitment });
		Ok(())
	}

	#[benchmark]
	fn clear_commitment() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let commitment = H256::repeat_byte(0xc0);
		Datasets::<T>::commit(RawOrigin::Signed(caller.clone()).into(), commitment)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), commitment);

		assert_last_event::<T>(Event::CommitmentCleared { commitment });
		Ok(())
	}

	#[benchmark]
	fn offer_transfer() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = register_max::<T>(&caller, 1)?;
		let to = funded::<T>("new_owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id, to.clone());

		assert_last_event::<T>(Event::TransferOffered { id, from: caller, to });
		Ok(())
	}

	#[benchmark]
	fn accept_transfer() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = register_max::<T>(&caller, 1)?;
		let new_owner = funded::<T>("new_owner", 0);
		Datasets::<T>::offer_transfer(
			RawOrigin::Signed(caller.clone()).into(),
			id,
			new_owner.clone(),
		)?;
		// Worst case: the royalty settings the transfer resets include a full beneficiary list
		// whose deposit is released.
		<T::OnOwnershipChanged as provenance_primitives::OnOwnershipChanged>::set_up_worst_case(
			provenance_primitives::Asset::Dataset(id),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), id);

		assert_last_event::<T>(Event::OwnershipTransferred { id, from: caller, to: new_owner });
		Ok(())
	}

	#[benchmark]
	fn cancel_transfer() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = register_max::<T>(&caller, 1)?;
		let to = funded::<T>("new_owner", 0);
		Datasets::<T>::offer_transfer(RawOrigin::Signed(caller.clone()).into(), id, to.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_last_event::<T>(Event::TransferCancelled { id, to });
		Ok(())
	}

	#[benchmark]
	fn retract(r: Linear<0, { T::MaxReasonLen::get() }>) -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		let id = register_max::<T>(&caller, 1)?;
		let reason = bytes::<T::MaxReasonLen>(r);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, reason.clone());

		let status = Datasets::<T>::dataset_view(id).map(|d| d.status);
		assert_eq!(status, Some(Status::Retracted));
		assert_last_event::<T>(Event::DatasetRetracted { id, reason });
		Ok(())
	}

	impl_benchmark_test_suite!(Datasets, crate::mock::new_test_ext(), crate::mock::Test);
}
