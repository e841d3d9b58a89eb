//! An accepted transfer resets the asset's royalty settings (`OnOwnershipChanged`).

use super::*;
use crate::{Beneficiaries, Prices, Upstream};
use provenance_primitives::{Asset, OnOwnershipChanged};

#[test]
fn ownership_change_resets_beneficiaries_upstream_and_price() {
	build_and_execute(|| {
		let model = MockRegistry::add_model(1, vec![], vec![]);
		assert_ok!(Royalties::set_beneficiaries(
			RuntimeOrigin::signed(1),
			Asset::Model(model),
			list(&[(2, 100)]),
		));
		assert_ok!(Royalties::set_upstream(
			RuntimeOrigin::signed(1),
			model,
			Perbill::from_percent(30)
		));
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(1), model, 7));
		<Royalties as OnOwnershipChanged>::ownership_changed(Asset::Model(model));
		System::assert_last_event(Event::SettingsReset { asset: Asset::Model(model) }.into());
		assert!(!Beneficiaries::<Test>::contains_key(Asset::Model(model)));
		assert_eq!(Upstream::<Test>::get(model), Perbill::zero());
		assert_eq!(Royalties::price_of(model), 0);
	});
}

#[test]
fn ownership_change_of_a_priced_model_alone_resets_its_price() {
	build_and_execute(|| {
		let model = MockRegistry::add_model(1, vec![], vec![]);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(1), model, 7));
		<Royalties as OnOwnershipChanged>::ownership_changed(Asset::Model(model));
		System::assert_last_event(Event::SettingsReset { asset: Asset::Model(model) }.into());
		assert!(!Prices::<Test>::contains_key(model));
	});
}

#[test]
fn ownership_change_of_an_asset_with_default_settings_emits_nothing() {
	build_and_execute(|| {
		let model = MockRegistry::add_model(1, vec![], vec![]);
		System::reset_events();
		<Royalties as OnOwnershipChanged>::ownership_changed(Asset::Model(model));
		<Royalties as OnOwnershipChanged>::ownership_changed(Asset::Dataset(3));
		assert!(System::events().is_empty());
	});
}
