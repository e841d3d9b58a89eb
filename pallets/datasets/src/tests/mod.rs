//! Unit tests, split by call: happy paths with events and deposits, and every error of every
//! call. Every test that runs through [`build_and_execute`] checks the pallet's invariants
//! (`do_try_state`) at its end.

use crate::{mock::*, Event, HoldReason, NextDatasetId};
use frame_support::{
	assert_ok,
	traits::{fungible::InspectHold, Get},
	BoundedVec,
};
use provenance_primitives::{DatasetId, License};
use sp_core::H256;
use sp_runtime::Perbill;

mod bounds;
mod commit;
mod contributors;
mod queries;
mod register;
mod retract;
mod transfer;
mod try_state;
mod update;
mod verdicts;

type MaxUri = <Test as crate::Config>::MaxUriLen;
type MaxMeta = <Test as crate::Config>::MaxMetadataLen;
type MaxContrib = <Test as crate::Config>::MaxContributors;
type MaxReason = <Test as crate::Config>::MaxReasonLen;
type Contributors = BoundedVec<(u64, Perbill), MaxContrib>;

const URI: &[u8] = b"ipfs://bafy"; // 11 bytes
const META: &[u8] = b"meta"; // 4 bytes
/// Index of the `Datasets` pallet in the mock runtime.
const PALLET_INDEX: u8 = 2;

/// Encoded size of a mock record (u64 accounts and block numbers, u128 balance), written out
/// field by field, independently of the pallet's own computation. Lengths must stay below 64 so
/// that every compact length prefix is one byte.
fn expected_bytes(
	uri: usize,
	spdx: usize,
	terms: bool,
	meta: usize,
	contributors: usize,
	prev: bool,
) -> u128 {
	let owner = 8;
	let root = 32;
	let size = 8;
	let uri = 1 + uri;
	let license = 1 + spdx + 3 + if terms { 33 } else { 1 };
	let meta = 1 + meta;
	let contributors = 1 + contributors * (8 + 4);
	let prev = if prev { 9 } else { 1 };
	let registered_at = 8;
	let status = 1;
	let deposit = 16;
	(owner
		+ root + size
		+ uri + license
		+ meta + contributors
		+ prev + registered_at
		+ status
		+ deposit) as u128
}

fn deposit_of(bytes: u128) -> Balance {
	DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes
}

/// Deposit of the standard dataset registered by [`register_default`].
fn default_deposit() -> Balance {
	deposit_of(expected_bytes(URI.len(), 3, false, META.len(), 1, false))
}

fn bv<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::try_from(bytes.to_vec()).expect("within bound")
}

fn root(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn mit() -> License {
	License::permissive(b"MIT")
}

fn sole(who: u64) -> Contributors {
	BoundedVec::try_from(vec![(who, Perbill::one())]).unwrap()
}

fn parts(list: &[(u64, u32)]) -> Contributors {
	BoundedVec::try_from(
		list.iter().map(|(w, p)| (*w, Perbill::from_parts(*p))).collect::<Vec<_>>(),
	)
	.unwrap()
}

fn reason(bytes: &[u8]) -> BoundedVec<u8, MaxReason> {
	bv(bytes)
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::DatasetDeposit.into(), &who)
}

fn register_full(
	who: u64,
	content_root: H256,
	contributors: Contributors,
	previous_version: Option<DatasetId>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Datasets::register(
		RuntimeOrigin::signed(who),
		content_root,
		1_000,
		bv(URI),
		mit(),
		bv(META),
		contributors,
		previous_version,
		None,
	)
}

/// Registers the standard dataset (URI, MIT, META, `who` alone) and returns its id.
fn register_default(who: u64, n: u8) -> DatasetId {
	let id = NextDatasetId::<Test>::get();
	assert_ok!(register_full(who, root(n), sole(who), None));
	id
}

fn dataset_event(event: Event<Test>) -> RuntimeEvent {
	RuntimeEvent::Datasets(event)
}

fn last_events(n: usize) -> Vec<RuntimeEvent> {
	let events = System::events();
	events[events.len() - n..].iter().map(|r| r.event.clone()).collect()
}

fn has_deposit_updated() -> bool {
	System::events()
		.iter()
		.any(|r| matches!(r.event, RuntimeEvent::Datasets(Event::DepositUpdated { .. })))
}
