//! Benchmarks of every call, at their worst cases.

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
use crate::Pallet as Models;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use provenance_primitives::{
	DatasetBenchmarkHelper, DatasetId, Derivation, License, ModelBenchmarkHelper, ModelId,
};
use sp_core::H256;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// A funded account.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	Models::<T>::fund_for_benchmarks(&who);
	who
}

/// `b` bytes split between a uri (filled first) and metadata.
fn payload<T: Config>(b: u32) -> (BoundedVec<u8, T::MaxUriLen>, BoundedVec<u8, T::MaxMetadataLen>) {
	let uri_len = b.min(T::MaxUriLen::get());
	let metadata_len = b.saturating_sub(uri_len).min(T::MaxMetadataLen::get());
	(
		BoundedVec::truncate_from(vec![b'u'; uri_len as usize]),
		BoundedVec::truncate_from(vec![b'm'; metadata_len as usize]),
	)
}

/// A model owned by `owner` with `operators` operators.
fn model_with_operators<T: Config>(
	owner: &T::AccountId,
	operators: u32,
) -> Result<ModelId, BenchmarkError> {
	let id = Models::<T>::create_model(owner.clone(), vec![], vec![], 7_000);
	let (uri, metadata) =
		payload::<T>(T::MaxUriLen::get().saturating_add(T::MaxMetadataLen::get()));
	Models::<T>::do_update_metadata(owner.clone(), id, uri, metadata)?;
	for i in 0..operators {
		Models::<T>::do_add_operator(owner.clone(), id, account("operator", i, 0))?;
	}
	Ok(id)
}

/// `p` parents and `d` datasets owned by someone else than the benchmark's caller, every parent
/// distilled from (so both licence checks run).
#[allow(clippy::type_complexity)]
fn upstream_of<T: Config>(
	p: u32,
	d: u32,
) -> Result<
	(BoundedVec<(ModelId, Derivation), T::MaxParents>, BoundedVec<DatasetId, T::MaxDatasets>),
	BenchmarkError,
> {
	let upstream = funded::<T>("upstream", 0);
	let parents: Vec<(ModelId, Derivation)> = (0..p)
		.map(|i| {
			(
				Models::<T>::create_model(upstream.clone(), vec![], vec![], i),
				Derivation::Distillation,
			)
		})
		.collect();
	let datasets: Vec<DatasetId> = (0..d)
		.map(|i| {
			T::BenchmarkHelper::create_dataset(
				upstream.clone(),
				License::permissive(b"CC-BY-4.0"),
				vec![],
				i,
			)
		})
		.collect();
	let parents =
		BoundedVec::try_from(parents).map_err(|_| BenchmarkError::Stop("too many parents"))?;
	let datasets =
		BoundedVec::try_from(datasets).map_err(|_| BenchmarkError::Stop("too many datasets"))?;
	Ok((parents, datasets))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: every parent and dataset exists, belongs to someone else (so the ownership
	/// exemption is not taken) and is distilled from (so both licence checks run); the new licence
	/// is commercial, so the lineage check runs in full; uri and metadata fill `b` bytes.
	#[benchmark]
	fn register(
		p: Linear<0, { T::MaxParents::get() }>,
		d: Linear<0, { T::MaxDatasets::get() }>,
		b: Linear<0, { T::MaxUriLen::get().saturating_add(T::MaxMetadataLen::get()) }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let (parents, datasets) = upstream_of::<T>(p, d)?;
		let (uri, metadata) = payload::<T>(b);
		let weights_root = H256::repeat_byte(0xaa);
		// And the caller reveals a commitment that displaces a front-runner's model with the
		// most operators.
		let salt = [7u8; 32];
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		Models::<T>::commit(
			RawOrigin::Signed(caller.clone()).into(),
			provenance_primitives::registration_commitment(&weights_root, &caller, &salt),
		)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		let front_runner = funded::<T>("front_runner", 0);
		let squatted = Models::<T>::do_register(
			front_runner.clone(),
			weights_root,
			H256::zero(),
			BoundedVec::default(),
			License::permissive(b"MIT"),
			BoundedVec::default(),
			BoundedVec::default(),
			BoundedVec::default(),
			None,
		)?
		.id;
		for i in 0..T::MaxOperators::get() {
			Models::<T>::do_add_operator(
				front_runner.clone(),
				squatted,
				account("operator", i, 1),
			)?;
		}
		frame_system::Pallet::<T>::set_block_number(3u32.into());
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			weights_root,
			H256::repeat_byte(0xbb),
			uri,
			License::permissive(b"Apache-2.0"),
			metadata,
			parents,
			datasets,
			Some(salt),
		);

		assert_last_event::<T>(Event::ModelRegistered { id, owner: caller, weights_root });
		Ok(())
	}

	/// The worst case of a registration that displaces nothing: the inputs of `register`, and
	/// a matured commitment revealed (its deposit released). `register` refunds to this.
	#[benchmark]
	fn register_without_displacement(
		p: Linear<0, { T::MaxParents::get() }>,
		d: Linear<0, { T::MaxDatasets::get() }>,
		b: Linear<0, { T::MaxUriLen::get().saturating_add(T::MaxMetadataLen::get()) }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let (parents, datasets) = upstream_of::<T>(p, d)?;
		let (uri, metadata) = payload::<T>(b);
		let weights_root = H256::repeat_byte(0xaa);
		let salt = [7u8; 32];
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		Models::<T>::commit(
			RawOrigin::Signed(caller.clone()).into(),
			provenance_primitives::registration_commitment(&weights_root, &caller, &salt),
		)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		let id = NextModelId::<T>::get();

		#[extrinsic_call]
		register(
			RawOrigin::Signed(caller.clone()),
			weights_root,
			H256::repeat_byte(0xbb),
			uri,
			License::permissive(b"Apache-2.0"),
			metadata,
			parents,
			datasets,
			Some(salt),
		);

		assert_last_event::<T>(Event::ModelRegistered { id, owner: caller, weights_root });
		Ok(())
	}

	/// Worst case: the deposit grows (a hold is placed) to `b` bytes of uri and metadata.
	#[benchmark]
	fn update_metadata(
		b: Linear<0, { T::MaxUriLen::get().saturating_add(T::MaxMetadataLen::get()) }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = Models::<T>::create_model(caller.clone(), vec![], vec![], 0);
		let (uri, metadata) = payload::<T>(b);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, uri.clone(), metadata.clone());

		assert_last_event::<T>(Event::MetadataUpdated { id });
		let model = Models::<T>::model_view(id).ok_or("model vanished")?;
		assert_eq!(model.uri, uri.into_inner());
		assert_eq!(model.metadata, metadata.into_inner());
		Ok(())
	}

	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let commitment = H256::repeat_byte(0xc0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), commitment);

		assert_last_event::<T>(Event::Committed { who: caller, commitment });
		Ok(())
	}

	#[benchmark]
	fn clear_commitment() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let commitment = H256::repeat_byte(0xc0);
		Models::<T>::commit(RawOrigin::Signed(caller.clone()).into(), commitment)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), commitment);

		assert_last_event::<T>(Event::CommitmentCleared { commitment });
		Ok(())
	}

	#[benchmark]
	fn offer_transfer() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, 0)?;
		let to = funded::<T>("new_owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), id, to.clone());

		assert_last_event::<T>(Event::TransferOffered { id, from: caller, to });
		Ok(())
	}

	/// Worst case: `o` operators to clear, a partial release and a move of the deposit, and
	/// the royalty settings' reset.
	#[benchmark]
	fn accept_transfer(o: Linear<0, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, o)?;
		let new_owner = funded::<T>("new_owner", 0);
		Models::<T>::offer_transfer(
			RawOrigin::Signed(caller.clone()).into(),
			id,
			new_owner.clone(),
		)?;
		// Worst case: the royalty settings the transfer resets include a full beneficiary list
		// whose deposit is released, an upstream part and a price.
		<T::OnOwnershipChanged as provenance_primitives::OnOwnershipChanged>::set_up_worst_case(
			provenance_primitives::Asset::Model(id),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), id);

		assert_last_event::<T>(Event::OwnershipTransferred { id, from: caller, to: new_owner });
		Ok(())
	}

	#[benchmark]
	fn cancel_transfer() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, 0)?;
		let to = funded::<T>("new_owner", 0);
		Models::<T>::offer_transfer(RawOrigin::Signed(caller.clone()).into(), id, to.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert_last_event::<T>(Event::TransferCancelled { id, to });
		Ok(())
	}

	/// Retraction by the owner (Root skips the ownership comparison, so it is cheaper).
	#[benchmark]
	fn retract() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, 0)?;
		let reason: BoundedVec<u8, T::MaxReasonLen> =
			BoundedVec::truncate_from(vec![b'r'; T::MaxReasonLen::get() as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, reason.clone());

		assert_last_event::<T>(Event::ModelRetracted { id, reason });
		Ok(())
	}

	/// Worst case: `o` operators already there, so the duplicate check scans them all.
	#[benchmark]
	fn add_operator(
		o: Linear<0, { T::MaxOperators::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, o)?;
		let operator: T::AccountId = account("new_operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, operator.clone());

		assert_last_event::<T>(Event::OperatorAdded { id, operator });
		Ok(())
	}

	/// Worst case: `o` operators, the removed one last.
	#[benchmark]
	fn remove_operator(o: Linear<1, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		Models::<T>::fund_for_benchmarks(&caller);
		let id = model_with_operators::<T>(&caller, o)?;
		let operator: T::AccountId = account("operator", o.saturating_sub(1), 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, operator.clone());

		assert_last_event::<T>(Event::OperatorRemoved { id, operator });
		Ok(())
	}

	impl_benchmark_test_suite!(Models, crate::mock::new_test_ext(), crate::mock::Test);
}
