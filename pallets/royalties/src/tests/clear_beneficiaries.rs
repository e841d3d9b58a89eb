//! `clear_beneficiaries`: the owner returns an asset to its default beneficiaries and gets the
//! list's deposit back.

use super::*;
use crate::{Beneficiaries, BeneficiaryList, Error};
use frame_support::assert_noop;
use provenance_primitives::Asset;

#[test]
fn clear_beneficiaries_restores_the_default_and_releases_the_deposit() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(3, 100)]));
		let before = balance(1);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 100)])
		));
		assert_ok!(Royalties::clear_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(d)));
		System::assert_last_event(Event::BeneficiariesCleared { asset: Asset::Dataset(d) }.into());
		assert!(!Beneficiaries::<Test>::contains_key(Asset::Dataset(d)));
		assert_eq!(Royalties::beneficiaries_of(Asset::Dataset(d)), Some(pct(&[(3, 100)])));
		assert_eq!(list_hold(1), 0);
		assert_eq!(balance(1), before);
	});
}

#[test]
fn clear_beneficiaries_works_on_retracted_assets_and_lists_without_a_deposit() {
	build_and_execute(|| {
		let m = MockRegistry::add_model(2, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(2),
			Asset::Model(m),
			list(&[(7, 100)])
		));
		MockRegistry::retract_model(m);
		assert_ok!(Royalties::clear_beneficiaries(RuntimeOrigin::signed(2), Asset::Model(m)));
		assert_eq!(list_hold(2), 0);

		// A list kept by the v1 migration holds nothing: clearing it releases nothing.
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		Beneficiaries::<Test>::insert(
			Asset::Dataset(d),
			BeneficiaryList { beneficiaries: list(&[(7, 100)]), deposit: None },
		);
		let before = balance(1);
		assert_ok!(Royalties::clear_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(d)));
		assert_eq!(balance(1), before);
	});
}

#[test]
fn clear_beneficiaries_rejects_bad_input() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset(1, pct(&[(1, 100)]));
		assert_noop!(
			Royalties::clear_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(99)),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Royalties::clear_beneficiaries(RuntimeOrigin::signed(1), Asset::Dataset(d)),
			Error::<Test>::NoBeneficiaryList
		);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Dataset(d),
			list(&[(7, 100)])
		));
		assert_noop!(
			Royalties::clear_beneficiaries(RuntimeOrigin::signed(2), Asset::Dataset(d)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Royalties::clear_beneficiaries(RuntimeOrigin::none(), Asset::Dataset(d)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
