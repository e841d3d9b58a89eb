//! Unit tests: happy paths with events and deposits, and every error of every call.

use crate::{
	mock::*, DatasetByRoot, Datasets as DatasetsStorage, DatasetsByOwner, Error, Event, HoldReason,
	NextDatasetId,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get, Hooks},
	BoundedVec,
};
use provenance_primitives::{DatasetId, DatasetInspect, License, Status, MAX_SPDX_LEN};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, TokenError};

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
) -> sp_runtime::DispatchResult {
	Datasets::register(
		RuntimeOrigin::signed(who),
		content_root,
		1_000,
		bv(URI),
		mit(),
		bv(META),
		contributors,
		previous_version,
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

// ---------------------------------------------------------------------------------------------
// register
// ---------------------------------------------------------------------------------------------

#[test]
fn register_works_and_holds_the_deposit() {
	build_and_execute(|| {
		assert_ok!(register_full(
			ALICE,
			root(1),
			parts(&[(ALICE, 600_000_000), (BOB, 400_000_000)]),
			None
		));
		System::assert_last_event(dataset_event(Event::DatasetRegistered {
			id: 0,
			owner: ALICE,
			content_root: root(1),
		}));

		// 8+32+8 + (1+11) + (1+3+3+1) + (1+4) + (1+2*12) + 1 + 8 + 1 + 16 = 124 bytes.
		assert_eq!(expected_bytes(URI.len(), 3, false, META.len(), 2, false), 124);
		let deposit = 100 + 2 * 124;
		assert_eq!(held(ALICE), deposit);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - deposit);

		assert_eq!(NextDatasetId::<Test>::get(), 1);
		assert_eq!(DatasetByRoot::<Test>::get(root(1)), Some(0));
		assert!(DatasetsByOwner::<Test>::contains_key(ALICE, 0));
		assert_eq!(Datasets::dataset_id_by_root(root(1)), Some(0));
		assert_eq!(Datasets::dataset_id_by_root(root(9)), None);
		assert_eq!(Datasets::dataset_ids_of(&ALICE), vec![0]);

		let view = Datasets::dataset_view(0).expect("registered");
		assert_eq!(view.id, 0);
		assert_eq!(view.owner, ALICE);
		assert_eq!(view.content_root, root(1));
		assert_eq!(view.size_bytes, 1_000);
		assert_eq!(view.uri, URI.to_vec());
		assert_eq!(view.license, mit());
		assert_eq!(view.metadata, META.to_vec());
		assert_eq!(
			view.contributors,
			vec![
				(ALICE, Perbill::from_parts(600_000_000)),
				(BOB, Perbill::from_parts(400_000_000))
			]
		);
		assert_eq!(view.previous_version, None);
		assert_eq!(view.registered_at, 1);
		assert_eq!(view.status, Status::Active);
		assert_eq!(DatasetsStorage::<Test>::get(0).unwrap().deposit, deposit);
		assert_eq!(Datasets::dataset_view(1), None);
	});
}

#[test]
fn the_standard_deposit_is_324() {
	build_and_execute(|| {
		// 8+32+8 + (1+11) + (1+3+3+1) + (1+4) + (1+12) + 1 + 8 + 1 + 16 = 112 bytes.
		assert_eq!(default_deposit(), 100 + 2 * 112);
		register_default(ALICE, 1);
		assert_eq!(held(ALICE), 324);
	});
}

#[test]
fn register_a_new_version() {
	build_and_execute(|| {
		let first = register_default(ALICE, 1);
		System::set_block_number(5);
		assert_ok!(register_full(ALICE, root(2), sole(ALICE), Some(first)));
		System::assert_last_event(dataset_event(Event::DatasetRegistered {
			id: 1,
			owner: ALICE,
			content_root: root(2),
		}));
		let second = deposit_of(expected_bytes(URI.len(), 3, false, META.len(), 1, true));
		assert_eq!(second, default_deposit() + 2 * 8);
		assert_eq!(held(ALICE), default_deposit() + second);
		let view = Datasets::dataset_view(1).unwrap();
		assert_eq!(view.previous_version, Some(first));
		assert_eq!(view.registered_at, 5);
		assert_eq!(Datasets::dataset_ids_of(&ALICE), vec![0, 1]);
	});
}

#[test]
fn a_retracted_dataset_can_be_superseded() {
	build_and_execute(|| {
		let first = register_default(ALICE, 1);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), first, reason(b"bad labels")));
		assert_ok!(register_full(ALICE, root(2), sole(ALICE), Some(first)));
		assert_eq!(Datasets::dataset_view(1).unwrap().previous_version, Some(first));
	});
}

#[test]
fn license_with_terms_hash_costs_its_bytes() {
	build_and_execute(|| {
		let license = License {
			spdx: bv(b"CC-BY-NC-4.0"),
			commercial_use: false,
			derivatives_allowed: true,
			ai_training_allowed: false,
			terms_hash: Some(root(0xaa)),
		};
		assert_ok!(Datasets::register(
			RuntimeOrigin::signed(ALICE),
			root(1),
			7,
			bv(URI),
			license.clone(),
			bv(META),
			sole(ALICE),
			None,
		));
		assert_eq!(
			held(ALICE),
			deposit_of(expected_bytes(URI.len(), 12, true, META.len(), 1, false))
		);
		assert_eq!(Datasets::dataset_view(0).unwrap().license, license);
	});
}

#[test]
fn registered_at_saturates_to_u32() {
	build_and_execute(|| {
		System::set_block_number(u64::from(u32::MAX) + 10);
		register_default(ALICE, 1);
		assert_eq!(Datasets::dataset_view(0).unwrap().registered_at, u32::MAX);
	});
}

#[test]
fn register_fails_for_a_duplicate_root() {
	build_and_execute(|| {
		register_default(ALICE, 1);
		assert_noop!(
			register_full(ALICE, root(1), sole(ALICE), None),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			register_full(BOB, root(1), sole(BOB), None),
			Error::<Test>::AlreadyRegistered
		);
		// The first registrant keeps the root, even after retracting.
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), 0, reason(b"")));
		assert_noop!(
			register_full(BOB, root(1), sole(BOB), None),
			Error::<Test>::AlreadyRegistered
		);
		assert_eq!(Datasets::dataset_id_by_root(root(1)), Some(0));
		assert_eq!(Datasets::dataset_view(0).unwrap().owner, ALICE);
	});
}

#[test]
fn register_fails_for_an_unknown_previous_version() {
	build_and_execute(|| {
		assert_noop!(
			register_full(ALICE, root(1), sole(ALICE), Some(0)),
			Error::<Test>::UnknownPreviousVersion
		);
		register_default(ALICE, 1);
		assert_noop!(
			register_full(ALICE, root(2), sole(ALICE), Some(1)),
			Error::<Test>::UnknownPreviousVersion
		);
	});
}

#[test]
fn register_fails_for_a_foreign_previous_version() {
	build_and_execute(|| {
		let alices = register_default(ALICE, 1);
		assert_noop!(register_full(BOB, root(2), sole(BOB), Some(alices)), Error::<Test>::NotOwner);
	});
}

#[test]
fn register_fails_when_shares_are_not_whole() {
	build_and_execute(|| {
		// 99.9999999%: one part per billion short.
		assert_noop!(
			register_full(ALICE, root(1), parts(&[(ALICE, 500_000_000), (BOB, 499_999_999)]), None),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			register_full(ALICE, root(1), parts(&[(ALICE, 999_999_999)]), None),
			Error::<Test>::SharesNotWhole
		);
		// 100% + 1 ppb.
		assert_noop!(
			register_full(ALICE, root(1), parts(&[(ALICE, 500_000_000), (BOB, 500_000_001)]), None),
			Error::<Test>::SharesNotWhole
		);
		// The boundary itself is accepted.
		assert_ok!(register_full(
			ALICE,
			root(1),
			parts(&[(ALICE, 500_000_000), (BOB, 500_000_000)]),
			None
		));
	});
}

#[test]
fn register_fails_for_a_duplicate_contributor() {
	build_and_execute(|| {
		assert_noop!(
			register_full(ALICE, root(1), parts(&[(BOB, 500_000_000), (BOB, 500_000_000)]), None),
			Error::<Test>::DuplicateContributor
		);
	});
}

#[test]
fn register_fails_without_contributors() {
	build_and_execute(|| {
		assert_noop!(
			register_full(ALICE, root(1), BoundedVec::new(), None),
			Error::<Test>::NoContributors
		);
	});
}

#[test]
fn register_fails_when_the_deposit_is_unaffordable() {
	build_and_execute(|| {
		assert!(POOR_ENDOWMENT < default_deposit());
		assert_noop!(
			register_full(POOR, root(1), sole(POOR), None),
			Error::<Test>::InsufficientDeposit
		);
		// An account that does not exist at all.
		assert_noop!(
			register_full(99, root(1), sole(99), None),
			Error::<Test>::InsufficientDeposit
		);
		assert_eq!(Balances::free_balance(POOR), POOR_ENDOWMENT);
		assert_eq!(held(POOR), 0);
	});
}

#[test]
fn register_needs_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::register(
				RuntimeOrigin::root(),
				root(1),
				1,
				bv(URI),
				mit(),
				bv(META),
				sole(ALICE),
				None
			),
			DispatchError::BadOrigin
		);
	});
}

// ---------------------------------------------------------------------------------------------
// bounds: over-long inputs cannot be built nor decoded
// ---------------------------------------------------------------------------------------------

/// A `Datasets::register` call encoded by hand, with plain vectors so any length can be sent.
fn encoded_register(
	uri: Vec<u8>,
	spdx: Vec<u8>,
	metadata: Vec<u8>,
	contributors: Vec<(u64, Perbill)>,
) -> Vec<u8> {
	let mut bytes = vec![PALLET_INDEX, 0u8];
	root(1).encode_to(&mut bytes);
	1_000u64.encode_to(&mut bytes);
	uri.encode_to(&mut bytes);
	// License { spdx, commercial_use, derivatives_allowed, ai_training_allowed, terms_hash }
	(spdx, true, true, true, Option::<H256>::None).encode_to(&mut bytes);
	metadata.encode_to(&mut bytes);
	contributors.encode_to(&mut bytes);
	Option::<DatasetId>::None.encode_to(&mut bytes);
	bytes
}

fn many(count: u64) -> Vec<(u64, Perbill)> {
	// Shares do not matter for decoding.
	(0..count).map(|i| (i + 10, Perbill::zero())).collect()
}

#[test]
fn a_call_at_the_bounds_decodes() {
	build_and_execute(|| {
		let max_uri = <MaxUri as Get<u32>>::get() as usize;
		let max_meta = <MaxMeta as Get<u32>>::get() as usize;
		let bytes = encoded_register(
			vec![b'u'; max_uri],
			vec![b's'; MAX_SPDX_LEN as usize],
			vec![b'm'; max_meta],
			many(<MaxContrib as Get<u32>>::get().into()),
		);
		let call = RuntimeCall::decode(&mut &bytes[..]).expect("within bounds");
		match call {
			RuntimeCall::Datasets(crate::Call::register {
				uri,
				license,
				metadata,
				contributors,
				..
			}) => {
				assert_eq!(uri.len(), max_uri);
				assert_eq!(license.spdx.len(), MAX_SPDX_LEN as usize);
				assert_eq!(metadata.len(), max_meta);
				assert_eq!(contributors.len(), <MaxContrib as Get<u32>>::get() as usize);
			}
			other => panic!("unexpected call {other:?}"),
		}
	});
}

#[test]
fn too_many_contributors_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxContrib as Get<u32>>::get() as u64 + 1;
		assert!(Contributors::try_from(many(over)).is_err());
		assert!(Contributors::try_from(many(over - 1)).is_ok());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), META.to_vec(), many(over));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), META.to_vec(), many(over - 1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}

#[test]
fn an_over_long_uri_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxUri as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxUri>::try_from(vec![b'u'; over]).is_err());
		let bytes = encoded_register(vec![b'u'; over], b"MIT".to_vec(), META.to_vec(), many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		// update_metadata(id, uri, metadata)
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, vec![b'u'; over], META.to_vec()).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
	});
}

#[test]
fn over_long_metadata_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxMeta as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxMeta>::try_from(vec![b'm'; over]).is_err());
		let bytes = encoded_register(URI.to_vec(), b"MIT".to_vec(), vec![b'm'; over], many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, URI.to_vec(), vec![b'm'; over]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 1u8];
		(0u64, URI.to_vec(), vec![b'm'; over - 1]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}

#[test]
fn an_over_long_spdx_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = MAX_SPDX_LEN as usize + 1;
		assert!(BoundedVec::<u8, frame_support::traits::ConstU32<MAX_SPDX_LEN>>::try_from(vec![
                b's';
                over
            ])
		.is_err());
		let license = (vec![b's'; over], true, true, true, Option::<H256>::None).encode();
		assert!(License::decode(&mut &license[..]).is_err());
		let bytes = encoded_register(URI.to_vec(), vec![b's'; over], META.to_vec(), many(1));
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
	});
}

#[test]
fn an_over_long_reason_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let over = <MaxReason as Get<u32>>::get() as usize + 1;
		assert!(BoundedVec::<u8, MaxReason>::try_from(vec![b'r'; over]).is_err());
		let mut bytes = vec![PALLET_INDEX, 4u8];
		(0u64, vec![b'r'; over]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		let mut bytes = vec![PALLET_INDEX, 4u8];
		(0u64, vec![b'r'; over - 1]).encode_to(&mut bytes);
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	});
}

// ---------------------------------------------------------------------------------------------
// update_metadata
// ---------------------------------------------------------------------------------------------

#[test]
fn update_metadata_holds_more_for_longer_values() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let old = default_deposit();
		let new_uri = b"https://example.org/data.tar"; // 28 bytes
		let new_meta = b"{\"rows\":1000000}"; // 16 bytes
		assert_ok!(Datasets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bv(new_uri),
			bv(new_meta)
		));
		let new = deposit_of(expected_bytes(new_uri.len(), 3, false, new_meta.len(), 1, false));
		assert_eq!(new - old, 2 * ((28 - 11) + (16 - 4)));
		assert_eq!(
			last_events(2),
			vec![
				dataset_event(Event::DepositUpdated {
					id,
					owner: ALICE,
					old_deposit: old,
					new_deposit: new
				}),
				dataset_event(Event::MetadataUpdated { id }),
			]
		);
		assert_eq!(held(ALICE), new);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - new);
		let view = Datasets::dataset_view(id).unwrap();
		assert_eq!(view.uri, new_uri.to_vec());
		assert_eq!(view.metadata, new_meta.to_vec());
	});
}

#[test]
fn update_metadata_releases_for_shorter_values() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(b"x"), bv(b"")));
		let new = deposit_of(expected_bytes(1, 3, false, 0, 1, false));
		assert_eq!(default_deposit() - new, 2 * (10 + 4));
		System::assert_has_event(dataset_event(Event::DepositUpdated {
			id,
			owner: ALICE,
			old_deposit: default_deposit(),
			new_deposit: new,
		}));
		System::assert_last_event(dataset_event(Event::MetadataUpdated { id }));
		assert_eq!(held(ALICE), new);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - new);
	});
}

#[test]
fn update_metadata_of_the_same_size_keeps_the_deposit() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(Datasets::update_metadata(
			RuntimeOrigin::signed(ALICE),
			id,
			bv(b"ipfs://bafz"),
			bv(b"meto")
		));
		System::assert_last_event(dataset_event(Event::MetadataUpdated { id }));
		assert!(!has_deposit_updated());
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn update_metadata_fails_for_unknown_foreign_or_retracted_datasets() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), 0, bv(URI), bv(META)),
			Error::<Test>::NotFound
		);
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, bv(URI), bv(META)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(META)),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn update_metadata_fails_when_the_extra_deposit_is_unaffordable() {
	build_and_execute(|| {
		let id = register_default(BOB, 1);
		// Leave BOB only the existential deposit besides what is held.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), BOB, 1));
		assert_noop!(
			Datasets::update_metadata(
				RuntimeOrigin::signed(BOB),
				id,
				bv(b"https://example.org/longer"),
				bv(META)
			),
			Error::<Test>::InsufficientDeposit
		);
		// Shrinking needs no funds.
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, bv(b""), bv(b"")));
		assert_eq!(held(BOB), deposit_of(expected_bytes(0, 3, false, 0, 1, false)));
	});
}

// ---------------------------------------------------------------------------------------------
// set_contributors
// ---------------------------------------------------------------------------------------------

#[test]
fn set_contributors_works_and_adjusts_the_deposit() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let contributors =
			parts(&[(ALICE, 200_000_000), (BOB, 300_000_000), (CHARLIE, 500_000_000)]);
		assert_ok!(Datasets::set_contributors(
			RuntimeOrigin::signed(ALICE),
			id,
			contributors.clone()
		));
		let new = deposit_of(expected_bytes(URI.len(), 3, false, META.len(), 3, false));
		assert_eq!(new - default_deposit(), 2 * 2 * 12);
		assert_eq!(
			last_events(2),
			vec![
				dataset_event(Event::DepositUpdated {
					id,
					owner: ALICE,
					old_deposit: default_deposit(),
					new_deposit: new
				}),
				dataset_event(Event::ContributorsSet { id }),
			]
		);
		assert_eq!(held(ALICE), new);
		assert_eq!(Datasets::dataset_contributors(id), contributors.into_inner());

		// Back to one contributor releases the difference.
		assert_ok!(Datasets::set_contributors(RuntimeOrigin::signed(ALICE), id, sole(BOB)));
		System::assert_last_event(dataset_event(Event::ContributorsSet { id }));
		assert_eq!(held(ALICE), default_deposit());
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - default_deposit());
	});
}

#[test]
fn set_contributors_fails_for_unknown_foreign_or_retracted_datasets() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::set_contributors(RuntimeOrigin::signed(ALICE), 0, sole(ALICE)),
			Error::<Test>::NotFound
		);
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::set_contributors(RuntimeOrigin::signed(BOB), id, sole(BOB)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_noop!(
			Datasets::set_contributors(RuntimeOrigin::signed(ALICE), id, sole(BOB)),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn set_contributors_fails_for_bad_shares() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let set = |c: Contributors| Datasets::set_contributors(RuntimeOrigin::signed(ALICE), id, c);
		assert_noop!(set(parts(&[(ALICE, 999_999_999)])), Error::<Test>::SharesNotWhole);
		assert_noop!(
			set(parts(&[(ALICE, 1), (BOB, 1_000_000_000)])),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			set(parts(&[(BOB, 400_000_000), (CHARLIE, 200_000_000), (BOB, 400_000_000)])),
			Error::<Test>::DuplicateContributor
		);
		assert_noop!(set(BoundedVec::new()), Error::<Test>::NoContributors);
	});
}

#[test]
fn set_contributors_fails_when_the_extra_deposit_is_unaffordable() {
	build_and_execute(|| {
		let id = register_default(BOB, 1);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), BOB, 1));
		assert_noop!(
			Datasets::set_contributors(
				RuntimeOrigin::signed(BOB),
				id,
				parts(&[(BOB, 500_000_000), (CHARLIE, 500_000_000)])
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

// ---------------------------------------------------------------------------------------------
// transfer_ownership
// ---------------------------------------------------------------------------------------------

#[test]
fn transfer_ownership_moves_the_deposit() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		let deposit = default_deposit();
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(dataset_event(Event::OwnershipTransferred {
			id,
			from: ALICE,
			to: BOB,
		}));

		// The deposit moved, still held, from ALICE to BOB: BOB's free balance is untouched.
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - deposit);
		assert_eq!(held(BOB), deposit);
		assert_eq!(Balances::free_balance(BOB), ENDOWMENT);

		assert_eq!(Datasets::dataset_view(id).unwrap().owner, BOB);
		// Contributors are royalty shares and do not follow the owner.
		assert_eq!(Datasets::dataset_contributors(id), vec![(ALICE, Perbill::one())]);
		assert!(!DatasetsByOwner::<Test>::contains_key(ALICE, id));
		assert!(DatasetsByOwner::<Test>::contains_key(BOB, id));
		assert_eq!(Datasets::dataset_ids_of(&BOB), vec![id]);

		// The new owner is in charge now.
		assert_noop!(
			Datasets::update_metadata(RuntimeOrigin::signed(ALICE), id, bv(URI), bv(META)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::update_metadata(RuntimeOrigin::signed(BOB), id, bv(URI), bv(b"")));
		assert_eq!(held(BOB), deposit - 2 * 4);
	});
}

#[test]
fn transfer_ownership_fails_for_unknown_foreign_or_retracted_datasets() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), 0, BOB),
			Error::<Test>::NotFound
		);
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(BOB), id, BOB),
			Error::<Test>::NotOwner
		);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"gone")));
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, BOB),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn transfer_ownership_fails_for_the_current_owner_or_a_missing_account() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, ALICE),
			Error::<Test>::AlreadyOwner
		);
		// Account 99 does not exist and cannot receive a hold.
		assert_noop!(
			Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, 99),
			DispatchError::Token(TokenError::CannotCreateHold)
		);
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn transfer_ownership_to_a_poor_account_does_not_touch_its_balance() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		// POOR cannot afford a deposit of its own, but receiving one costs it nothing.
		assert!(POOR_ENDOWMENT < default_deposit());
		assert_ok!(Datasets::transfer_ownership(RuntimeOrigin::signed(ALICE), id, POOR));
		assert_eq!(Balances::free_balance(POOR), POOR_ENDOWMENT);
		assert_eq!(held(POOR), default_deposit());
		assert_eq!(held(ALICE), 0);
	});
}

// ---------------------------------------------------------------------------------------------
// retract
// ---------------------------------------------------------------------------------------------

#[test]
fn the_owner_can_retract_and_the_deposit_stays_held() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"PII found")));
		System::assert_last_event(dataset_event(Event::DatasetRetracted {
			id,
			reason: reason(b"PII found"),
		}));
		assert_eq!(Datasets::dataset_view(id).unwrap().status, Status::Retracted);
		assert_eq!(Datasets::dataset_summary(id).unwrap().status, Status::Retracted);
		assert_eq!(held(ALICE), default_deposit());
		assert_eq!(Datasets::dataset_id_by_root(root(1)), Some(id));
	});
}

#[test]
fn root_can_retract_any_dataset() {
	build_and_execute(|| {
		let id = register_default(ALICE, 1);
		assert_ok!(Datasets::retract(RuntimeOrigin::root(), id, reason(b"court order")));
		System::assert_last_event(dataset_event(Event::DatasetRetracted {
			id,
			reason: reason(b"court order"),
		}));
		assert_eq!(Datasets::dataset_view(id).unwrap().status, Status::Retracted);
		assert_eq!(held(ALICE), default_deposit());
	});
}

#[test]
fn retract_fails_for_unknown_foreign_or_retracted_datasets() {
	build_and_execute(|| {
		assert_noop!(
			Datasets::retract(RuntimeOrigin::signed(ALICE), 0, reason(b"")),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::root(), 0, reason(b"")),
			Error::<Test>::NotFound
		);
		let id = register_default(ALICE, 1);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::signed(BOB), id, reason(b"")),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::none(), id, reason(b"")),
			DispatchError::BadOrigin
		);
		assert_ok!(Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"")));
		assert_noop!(
			Datasets::retract(RuntimeOrigin::signed(ALICE), id, reason(b"again")),
			Error::<Test>::AlreadyRetracted
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::root(), id, reason(b"again")),
			Error::<Test>::AlreadyRetracted
		);
	});
}

// ---------------------------------------------------------------------------------------------
// read access, hooks, invariants
// ---------------------------------------------------------------------------------------------

#[test]
fn dataset_inspect_reads_records() {
	build_and_execute(|| {
		assert_eq!(Datasets::dataset_summary(0), None);
		assert!(Datasets::dataset_contributors(0).is_empty());
		register_full(ALICE, root(1), parts(&[(BOB, 250_000_000), (CHARLIE, 750_000_000)]), None)
			.unwrap();
		let summary = Datasets::dataset_summary(0).unwrap();
		assert_eq!(summary.owner, ALICE);
		assert_eq!(summary.status, Status::Active);
		assert_eq!(summary.license, mit());
		assert_eq!(
			Datasets::dataset_contributors(0),
			vec![
				(BOB, Perbill::from_parts(250_000_000)),
				(CHARLIE, Perbill::from_parts(750_000_000))
			]
		);
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Datasets as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn try_state_detects_a_wrong_deposit() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		assert_ok!(Datasets::do_try_state());
		DatasetsStorage::<Test>::mutate(0, |d| d.as_mut().unwrap().deposit += 1);
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_dangling_root_index() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		DatasetByRoot::<Test>::insert(root(7), 0);
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_an_unheld_deposit() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<u64>>::release(
			&HoldReason::DatasetDeposit.into(),
			&ALICE,
			1,
			frame_support::traits::tokens::Precision::Exact,
		));
		assert!(Datasets::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_an_id_beyond_next() {
	new_test_ext().execute_with(|| {
		register_default(ALICE, 1);
		NextDatasetId::<Test>::put(0);
		assert!(Datasets::do_try_state().is_err());
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_helper_creates_active_datasets() {
	use provenance_primitives::DatasetBenchmarkHelper;
	build_and_execute(|| {
		let a = Datasets::create_dataset(77, mit(), vec![], 1);
		let b = Datasets::create_dataset(
			77,
			License::permissive(b"Apache-2.0"),
			vec![(BOB, Perbill::one())],
			1,
		);
		assert_ne!(a, b);
		let summary = Datasets::dataset_summary(a).unwrap();
		assert_eq!((summary.owner, summary.status), (77, Status::Active));
		assert_eq!(Datasets::dataset_contributors(a), vec![(77, Perbill::one())]);
		assert_eq!(Datasets::dataset_contributors(b), vec![(BOB, Perbill::one())]);
		assert_ne!(
			Datasets::dataset_view(a).unwrap().content_root,
			Datasets::dataset_view(b).unwrap().content_root
		);
	});
}
