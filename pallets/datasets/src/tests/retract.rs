//! `retract`: by the owner or Root; the record and its deposit stay.

use super::*;
use crate::Error;
use frame_support::assert_noop;
use provenance_primitives::{DatasetInspect, Status};
use sp_runtime::DispatchError;

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
			Error::<Test>::Retracted
		);
		assert_noop!(
			Datasets::retract(RuntimeOrigin::root(), id, reason(b"again")),
			Error::<Test>::Retracted
		);
	});
}
