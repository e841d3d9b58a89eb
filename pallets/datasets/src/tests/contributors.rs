//! `set_contributors`: the shares are checked and the deposit follows the new size.

use super::*;
use crate::Error;
use frame_support::assert_noop;
use provenance_primitives::DatasetInspect;

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
