//! `register`: the stored record, the deposit, versions, and every input it refuses.

use super::*;
use crate::{DatasetByRoot, Datasets as DatasetsStorage, DatasetsByOwner, Error};
use frame_support::assert_noop;
use provenance_primitives::Status;
use sp_runtime::DispatchError;

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
				None,
				None
			),
			DispatchError::BadOrigin
		);
	});
}
