//! Unit tests, split by topic. Every test runs through [`build_and_execute`], which checks the
//! pallet's invariants (`do_try_state`) at its end.

use crate::{mock::*, NextModelId};
use frame_support::{assert_ok, traits::Get, BoundedVec};
use provenance_primitives::{DatasetId, Derivation, License, ModelId};
use sp_core::H256;

mod commit;
mod license;
mod manage;
mod queries;
mod register;
mod try_state;
mod verdicts;

/// The pallet's event type in the mock runtime.
pub type Event = crate::Event<Test>;

/// A bounded vector from a plain one (panics if over the bound: test helper only).
pub fn bounded<T, S: Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::try_from(items).unwrap_or_else(|_| panic!("over the bound"))
}

/// The weights root used by [`register_model`] for the model that will get id `id`.
pub fn root_of(id: ModelId) -> H256 {
	H256::from_low_u64_be(0xabc0_0000 + id)
}

/// Calls `register` with a short uri and no metadata.
pub fn register_as(
	who: AccountId,
	weights_root: H256,
	license: License,
	parents: Vec<(ModelId, Derivation)>,
	datasets: Vec<DatasetId>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Models::register(
		RuntimeOrigin::signed(who),
		weights_root,
		H256::repeat_byte(7),
		bounded(b"ipfs://weights".to_vec()),
		license,
		bounded(vec![]),
		bounded(parents),
		bounded(datasets),
		None,
	)
}

/// Registers a model (asserting success) and returns its id.
pub fn register_model(
	who: AccountId,
	license: License,
	parents: Vec<(ModelId, Derivation)>,
	datasets: Vec<DatasetId>,
) -> ModelId {
	let id = NextModelId::<Test>::get();
	assert_ok!(register_as(who, root_of(id), license, parents, datasets));
	System::assert_last_event(
		Event::ModelRegistered { id, owner: who, weights_root: root_of(id) }.into(),
	);
	id
}

/// Amount `who` holds for model deposits.
pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::ModelDeposit.into(), &who)
}
