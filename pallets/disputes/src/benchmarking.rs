//! Benchmarks of the disputes pallet, against the runtime's real registries and royalties: the
//! target is a dataset with the most beneficiaries and royalties in escrow (the costliest
//! status change, deposit move and escrow release).

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
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use provenance_primitives::{
	DatasetBenchmarkHelper, DisputeId, DisputeKind, DisputeState, DisputeTarget,
	EscrowBenchmarkHelper, License, Verdict,
};
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// Lots of funds for `who`.
fn fund<T: Config>(who: &T::AccountId) {
	let plenty = T::Currency::minimum_balance()
		.saturating_add(T::DisputeBond::get())
		.saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(who, plenty);
}

/// A dataset owned by a funded owner, with the most beneficiaries and royalties in escrow.
fn target<T: Config>() -> (T::AccountId, DisputeTarget) {
	let owner: T::AccountId = account("owner", 0, 0);
	fund::<T>(&owner);
	let id =
		T::BenchmarkHelper::create_dataset(owner.clone(), License::permissive(b"MIT"), vec![], 0);
	fund::<T>(&owner);
	let target = DisputeTarget::Dataset(id);
	T::EscrowHelper::worst_case_escrow(target.asset().unwrap());
	(owner, target)
}

fn uri<T: Config>(len: u32) -> BoundedVec<u8, T::MaxUriLen> {
	BoundedVec::try_from(vec![b'u'; len as usize]).unwrap()
}

/// An open dispute against a fresh target, by the whitelisted caller.
fn opened<T: Config>() -> (T::AccountId, T::AccountId, DisputeTarget, DisputeId) {
	let (owner, target) = target::<T>();
	let opener: T::AccountId = whitelisted_caller();
	fund::<T>(&opener);
	let id = Pallet::<T>::do_open(
		opener.clone(),
		target,
		DisputeKind::Ownership,
		H256::repeat_byte(1),
		uri::<T>(T::MaxUriLen::get()),
	)
	.unwrap();
	(owner, opener, target, id)
}

fn state<T: Config>(id: DisputeId) -> DisputeState<T::AccountId> {
	Disputes::<T>::get(id).unwrap().state
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The first dispute against a target (which marks it `Disputed`), with a URI of `u` bytes.
	#[benchmark]
	fn open(u: Linear<0, { T::MaxUriLen::get() }>) {
		let (_, target) = target::<T>();
		let opener: T::AccountId = whitelisted_caller();
		fund::<T>(&opener);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(opener),
			target,
			DisputeKind::Ownership,
			H256::repeat_byte(1),
			uri::<T>(u),
		);

		assert_eq!(OpenCount::<T>::get(target), 1);
	}

	/// The owner's answer with a URI of `u` bytes.
	#[benchmark]
	fn respond(u: Linear<0, { T::MaxUriLen::get() }>) {
		let (owner, _, _, id) = opened::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, H256::repeat_byte(2), uri::<T>(u));

		assert!(Disputes::<T>::get(id).unwrap().response.is_some());
	}

	/// The target's last dispute withdrawn: status restored, escrow split among the most
	/// beneficiaries.
	#[benchmark]
	fn withdraw() {
		let (_, opener, _, id) = opened::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(opener), id);

		assert_eq!(state::<T>(id), DisputeState::Withdrawn);
	}

	/// `Dismissed` of the target's last dispute: bond to the owner, status restored, escrow
	/// split among the most beneficiaries.
	#[benchmark]
	fn resolve_dismissed() -> Result<(), BenchmarkError> {
		let (_, _, _, id) = opened::<T>();
		let origin =
			T::ResolveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		resolve(origin as T::RuntimeOrigin, id, Verdict::Dismissed);

		assert_eq!(state::<T>(id), DisputeState::Resolved(Verdict::Dismissed));
		Ok(())
	}

	/// `Retract`: the dataset retracted, its deposit to the opener, the escrow to the opener.
	#[benchmark]
	fn resolve_retract() -> Result<(), BenchmarkError> {
		let (_, _, _, id) = opened::<T>();
		let origin =
			T::ResolveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		resolve(origin as T::RuntimeOrigin, id, Verdict::Retract);

		assert_eq!(state::<T>(id), DisputeState::Resolved(Verdict::Retract));
		Ok(())
	}

	/// `TransferTo`: ownership, root index and deposit to the opener, settings reset, escrow
	/// to the new owner.
	#[benchmark]
	fn resolve_transfer() -> Result<(), BenchmarkError> {
		let (_, opener, _, id) = opened::<T>();
		let origin =
			T::ResolveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let verdict = Verdict::TransferTo(opener);

		#[extrinsic_call]
		resolve(origin as T::RuntimeOrigin, id, verdict.clone());

		assert_eq!(state::<T>(id), DisputeState::Resolved(verdict));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
