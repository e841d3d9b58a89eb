//! Unit tests, split by call. Every test that runs through [`build_and_execute`] checks the
//! pallet's invariants (`do_try_state`) at its end.

use crate::{mock::*, HoldReason};
use frame_support::{traits::fungible::InspectHold, BoundedVec};
use provenance_primitives::{merkle::InferenceRecord, ModelId};
use sp_core::H256;

mod anchor_batch;
mod log;
mod metering;
mod migration;
mod queries;
mod try_state;
mod verdicts;

type Uri = BoundedVec<u8, MaxUriLen>;

fn uri(bytes: &[u8]) -> Uri {
	Uri::try_from(bytes.to_vec()).expect("short enough")
}

fn held_for_logs(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Inference(HoldReason::InferenceDeposit), &who)
}

fn held_for_batches(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Inference(HoldReason::BatchDeposit), &who)
}

fn record(model_id: ModelId, i: u64) -> InferenceRecord {
	InferenceRecord {
		model_id,
		input_hash: H256::from_low_u64_be(i.wrapping_mul(3).wrapping_add(1)),
		output_hash: H256::from_low_u64_be(i),
		params_hash: H256::from_low_u64_le(i.wrapping_add(7)),
	}
}

fn log(who: AccountId, r: &InferenceRecord) -> frame_support::dispatch::DispatchResult {
	Inference::log(
		RuntimeOrigin::signed(who),
		r.model_id,
		r.input_hash,
		r.output_hash,
		r.params_hash,
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

fn anchor(
	who: AccountId,
	model_id: ModelId,
	root: H256,
	count: u64,
) -> frame_support::dispatch::DispatchResult {
	Inference::anchor_batch(RuntimeOrigin::signed(who), model_id, root, count, uri(b"ipfs://batch"))
		.map(|_| ())
		.map_err(|e| e.error)
}
