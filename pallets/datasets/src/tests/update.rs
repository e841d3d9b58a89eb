//! `update_metadata`: the deposit follows the new size.

use super::*;
use crate::Error;
use frame_support::assert_noop;

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
