//! `set_beneficiaries`, and the default beneficiaries of datasets and models.

use super::*;
use crate::{Beneficiaries, Error};
use frame_support::assert_noop;
use provenance_primitives::Asset;

#[test]
fn set_beneficiaries_works_for_datasets_and_models() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let m = MockRegistry::add_model(2, vec![], vec![d]);

		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 60), (8, 40)])
		));
		System::assert_last_event(Event::BeneficiariesSet { asset: Asset::Dataset(d) }.into());
		assert_eq!(
			Beneficiaries::<Test>::get(Asset::Dataset(d)).map(|l| l.beneficiaries),
			Some(list(&[(7, 60), (8, 40)]))
		);

		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(9, 100)])
		));
		System::assert_last_event(Event::BeneficiariesSet { asset: Asset::Model(m) }.into());
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(m)), Some(pct(&[(9, 100)])));
	});
}

#[test]
fn beneficiaries_default_to_contributors_and_owner() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(5, 30), (6, 70)]));
		let m = MockRegistry::add_model(2, vec![], vec![d]);
		assert_eq!(Royalties::beneficiaries_of(Asset::Dataset(d)), Some(pct(&[(5, 30), (6, 70)])));
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(m)), Some(pct(&[(2, 100)])));
		assert_eq!(Royalties::beneficiaries_of(Asset::Model(99)), None);
		assert_eq!(Royalties::beneficiaries_of(Asset::Dataset(99)), None);
	});
}

#[test]
fn set_beneficiaries_rejects_bad_input() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		let m = MockRegistry::add_model(2, vec![], vec![]);
		let ok = list(&[(7, 100)]);

		// Unknown assets.
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(99), ok.clone()),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(99), ok.clone()),
			Error::<Test>::UnknownAsset
		);
		// Not the owner (the model's owner cannot set the dataset's and vice versa).
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Dataset(d), ok.clone()),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Model(m), ok.clone()),
			Error::<Test>::NotOwner
		);
		// Empty.
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Dataset(d),
				BoundedVec::default()
			),
			Error::<Test>::NoBeneficiaries
		);
		// Duplicate account.
		assert_noop!(
			Royalties::set_beneficiaries(
				RuntimeOrigin::signed(1),
				Asset::Dataset(d),
				list(&[(7, 50), (7, 50)])
			),
			Error::<Test>::DuplicateBeneficiary
		);
		// Shares under and over 100%, off by one part per billion.
		let under = BoundedVec::try_from(vec![
			(7, Perbill::from_percent(50)),
			(8, Perbill::from_parts(499_999_999)),
		])
		.unwrap();
		let over = BoundedVec::try_from(vec![
			(7, Perbill::from_percent(50)),
			(8, Perbill::from_parts(500_000_001)),
		])
		.unwrap();
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(d), under),
			Error::<Test>::SharesNotWhole
		);
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(m), over),
			Error::<Test>::SharesNotWhole
		);
		// Unsigned.
		assert_noop!(
			Royalties::set_beneficiaries(RuntimeOrigin::none(), Asset::Dataset(d), ok),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn too_many_beneficiaries_cannot_be_expressed() {
	let nine: Vec<(AccountId, Perbill)> =
		(0..9).map(|i| (i, Perbill::from_rational(1u32, 9u32))).collect();
	assert!(BeneficiariesOf::<Test>::try_from(nine).is_err());
	let eight: Vec<(AccountId, Perbill)> =
		(0..8).map(|i| (i, Perbill::from_rational(1u32, 8u32))).collect();
	assert!(BeneficiariesOf::<Test>::try_from(eight).is_ok());
}

#[test]
fn set_beneficiaries_is_allowed_on_retracted_assets() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		MockRegistry::retract_dataset(d);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(3, 100)])
		));
	});
}
