//! Escrow of a disputed asset's royalties: what a payment credits while the asset is disputed
//! (the quote shows it), and where `release_escrow` sends it.

use super::*;
use crate::{Accrued, TotalAccrued};
use provenance_primitives::{Asset, EscrowRelease, RoyaltyEscrow, Status};
use provenance_test_registry::{MockDataset, MockModel};

/// A model of 2 (upstream 50%) trained on dataset 0 of 3 and 4 (60/40): returns (model, dataset).
fn model_on_dataset() -> (ModelId, u64) {
	let d = MockRegistry::add_dataset(3, pct(&[(3, 60), (4, 40)]));
	let m = MockRegistry::add_model(2, vec![], vec![d]);
	assert_ok!(Royalties::set_upstream(RuntimeOrigin::signed(2), m, Perbill::from_percent(50)));
	(m, d)
}

fn dispute_dataset(d: u64) {
	let mut dataset = MockRegistry::dataset(d).unwrap();
	dataset.status = Status::Disputed;
	MockRegistry::insert_dataset(d, dataset);
}

#[test]
fn a_disputed_assets_share_is_escrowed_and_the_quote_says_so() {
	build_and_execute(|| {
		let (m, d) = model_on_dataset();
		dispute_dataset(d);
		let escrow = Royalties::escrow_account(Asset::Dataset(d));
		let quote = Royalties::quote(m, 1_003).unwrap();
		assert_eq!(quote, vec![(2, 502), (escrow, 501)]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_003, None));
		assert_eq!(Accrued::<Test>::get(escrow), 501);
		assert_eq!(Accrued::<Test>::get(3), 0);
		assert_eq!(TotalAccrued::<Test>::get(), 1_003);
		// Nobody can claim the escrow: it has no key, and `claim` pays only the caller. (In this
		// mock, accounts are `u64`, so every escrow account truncates to the pallet's own; in the
		// runtime the 32-byte sub-accounts differ per asset, see the runtime's escrow test.)
	});
}

#[test]
fn a_disputed_paid_model_escrows_what_it_keeps_and_still_pays_upstream() {
	build_and_execute(|| {
		let (m, _) = model_on_dataset();
		MockRegistry::insert_model(m, {
			let mut model: MockModel = MockRegistry::model(m).unwrap();
			model.status = Status::Disputed;
			model
		});
		let escrow = Royalties::escrow_account(Asset::Model(m));
		let quote = Royalties::quote(m, 1_000).unwrap();
		assert_eq!(quote, vec![(escrow, 500), (3, 300), (4, 200)]);
	});
}

#[test]
fn a_share_handed_back_to_a_disputed_model_is_escrowed_too() {
	build_and_execute(|| {
		// The disputed model passes half upstream to its dataset, which is retracted: the
		// dataset's share comes back to the model, and so into the model's escrow, never to its
		// owner while the dispute is open.
		let (m, d) = model_on_dataset();
		MockRegistry::retract_dataset(d);
		MockRegistry::insert_model(m, {
			let mut model: MockModel = MockRegistry::model(m).unwrap();
			model.status = Status::Disputed;
			model
		});
		let escrow = Royalties::escrow_account(Asset::Model(m));
		assert_eq!(Royalties::quote(m, 1_000).unwrap(), vec![(escrow, 1_000)]);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None));
		assert_eq!(Accrued::<Test>::get(2), 0);
		assert_eq!(Accrued::<Test>::get(escrow), 1_000);
	});
}

#[test]
fn release_to_the_beneficiaries_splits_exactly_and_keeps_the_total() {
	build_and_execute(|| {
		let (m, d) = model_on_dataset();
		dispute_dataset(d);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_003, None));
		let released = <Royalties as RoyaltyEscrow<_, _>>::release_escrow(
			Asset::Dataset(d),
			EscrowRelease::Beneficiaries,
		)
		.unwrap();
		assert_eq!(released, 501);
		// 40% of 501 floors to 200; the remainder goes to the first beneficiary.
		assert_eq!((Accrued::<Test>::get(3), Accrued::<Test>::get(4)), (301, 200));
		assert_eq!(Accrued::<Test>::get(Royalties::escrow_account(Asset::Dataset(d))), 0);
		assert_eq!(TotalAccrued::<Test>::get(), 1_003);
		System::assert_last_event(
			Event::EscrowReleased { asset: Asset::Dataset(d), amount: 501 }.into(),
		);
		// Nothing left: a second release credits nothing and emits nothing.
		let events = System::events().len();
		assert_eq!(
			<Royalties as RoyaltyEscrow<_, _>>::release_escrow(
				Asset::Dataset(d),
				EscrowRelease::To(9)
			),
			Ok(0)
		);
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn release_to_one_account_credits_it_all() {
	build_and_execute(|| {
		let (m, d) = model_on_dataset();
		dispute_dataset(d);
		assert_ok!(Royalties::pay(RuntimeOrigin::signed(1), m, 1_000, None));
		assert_ok!(<Royalties as RoyaltyEscrow<_, _>>::release_escrow(
			Asset::Dataset(d),
			EscrowRelease::To(4)
		));
		assert_eq!(Accrued::<Test>::get(4), 500);
		assert_ok!(Royalties::claim(RuntimeOrigin::signed(4)));
	});
}

#[test]
fn release_to_the_beneficiaries_of_a_dataset_without_valid_ones_pays_its_owner() {
	build_and_execute(|| {
		let d = MockRegistry::add_dataset_with(MockDataset::new(3).contributors(vec![]));
		let escrow = Royalties::escrow_account(Asset::Dataset(d));
		Accrued::<Test>::insert(escrow, 70);
		TotalAccrued::<Test>::put(70);
		Balances::set_balance(&pallet_account(), 70 + ED);
		assert_ok!(<Royalties as RoyaltyEscrow<_, _>>::release_escrow(
			Asset::Dataset(d),
			EscrowRelease::Beneficiaries
		));
		assert_eq!(Accrued::<Test>::get(3), 70);
	});
}
