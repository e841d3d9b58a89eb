//! Usage metering: a priced model's `log` charges one price and `anchor_batch` `count × price`,
//! split through the lineage by the royalties pallet exactly as quoted; all or nothing.

use super::*;
use crate::{Batches, Claims, Error};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	traits::fungible::{Inspect, Mutate},
};
use pallet_royalties::Event as RoyaltiesEvent;
use provenance_primitives::UsageMeter;
use sp_runtime::Perbill;

/// Contributors of the dataset the fine-tune was trained on.
const CONTRIBUTORS: [AccountId; 3] = [21, 22, 23];
/// Owners of the base model and of the fine-tune.
const BASE_OWNER: AccountId = 11;
const FINE_TUNE_OWNER: AccountId = 12;

/// base ← fine-tune (trained on a dataset of three contributors) ← quantization owned by
/// `ALICE` and operated by `BOB`; half of each payment flows upstream at both derived levels.
/// Returns the quantization.
fn metered_lineage(price: Balance) -> ModelId {
	let base = MockRegistry::add_model(BASE_OWNER, vec![], vec![]);
	let dataset = MockRegistry::add_dataset(
		30,
		vec![
			(CONTRIBUTORS[0], Perbill::from_percent(50)),
			(CONTRIBUTORS[1], Perbill::from_percent(30)),
			(CONTRIBUTORS[2], Perbill::from_percent(20)),
		],
	);
	let fine_tune = MockRegistry::add_model(FINE_TUNE_OWNER, vec![base], vec![dataset]);
	let quantization = MockRegistry::add_model(ALICE, vec![fine_tune], vec![]);
	MockRegistry::add_operator(quantization, BOB);
	for (owner, model) in [(FINE_TUNE_OWNER, fine_tune), (ALICE, quantization)] {
		assert_ok!(Royalties::set_upstream(
			RuntimeOrigin::signed(owner),
			model,
			Perbill::from_percent(50)
		));
	}
	assert_ok!(Royalties::set_price(RuntimeOrigin::signed(ALICE), quantization, price));
	quantization
}

fn claimable(who: AccountId) -> Balance {
	Royalties::claimable(&who)
}

fn free(who: AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::balance(&who)
}

fn accounts() -> Vec<AccountId> {
	let mut all = vec![ALICE, BASE_OWNER, FINE_TUNE_OWNER];
	all.extend(CONTRIBUTORS);
	all
}

fn royalty_events() -> Vec<RoyaltiesEvent<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Royalties(e) = r.event { Some(e) } else { None })
		.collect()
}

#[test]
fn an_anchored_million_pays_every_beneficiary_exactly_its_quoted_share() {
	build_and_execute(|| {
		let model = metered_lineage(7);
		let (price, quote) = Royalties::quote_usage(model, 1_000_000).expect("quotable");
		assert_eq!(price, 7);
		let charge: Balance = 7_000_000;
		assert_eq!(quote.iter().map(|(_, x)| x).sum::<Balance>(), charge);
		let before: Vec<Balance> = accounts().into_iter().map(claimable).collect();
		<Balances as Mutate<AccountId>>::set_balance(&BOB, 10_000_000);
		let submitter_before = free(BOB);
		System::reset_events();

		assert_ok!(anchor(BOB, model, H256::repeat_byte(1), 1_000_000));

		for (who, was) in accounts().into_iter().zip(before) {
			let quoted = quote.iter().find(|(a, _)| *a == who).map_or(0, |(_, x)| *x);
			assert_eq!(claimable(who) - was, quoted, "account {who}");
		}
		// 7,000,000: the quantization keeps half (ALICE 3,500,000); the fine-tune gets
		// 3,500,000, keeps half (1,750,000) and passes 875,000 to the base and 875,000 to the
		// dataset (50/30/20).
		assert_eq!(claimable(ALICE), 3_500_000);
		assert_eq!(claimable(FINE_TUNE_OWNER), 1_750_000);
		assert_eq!(claimable(BASE_OWNER), 875_000);
		assert_eq!(claimable(21), 437_500);
		assert_eq!(claimable(22), 262_500);
		assert_eq!(claimable(23), 175_000);
		assert_eq!(submitter_before - free(BOB), charge + BATCH_DEPOSIT);
		let events = royalty_events();
		assert_eq!(
			events.first(),
			Some(&RoyaltiesEvent::UsageCharged {
				model_id: model,
				payer: BOB,
				count: 1_000_000,
				amount: charge
			})
		);
		assert_eq!(
			events.last(),
			Some(&RoyaltiesEvent::Distributed { model_id: model, recipients: 6 })
		);
		assert_eq!(
			events.iter().filter(|e| matches!(e, RoyaltiesEvent::UsageCharged { .. })).count(),
			1,
			"one distribution per batch, not one per record"
		);
	});
}

#[test]
fn a_logged_inference_pays_one_price() {
	build_and_execute(|| {
		let model = metered_lineage(1_000);
		let (_, quote) = Royalties::quote_usage(model, 1).expect("quotable");
		let r = record(model, 1);
		assert_ok!(log(ALICE, &r));
		assert!(Claims::<Test>::contains_key(r.output_hash, model));
		for (who, amount) in quote {
			assert_eq!(claimable(who), amount);
		}
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), 1_000);
	});
}

#[test]
fn a_submitter_who_cannot_pay_records_nothing_and_credits_nobody() {
	build_and_execute(|| {
		let model = metered_lineage(7);
		// Enough for the batch deposit and the fee, not for 7,000,000.
		<Balances as Mutate<AccountId>>::set_balance(&BOB, 1_000);
		assert_noop!(
			anchor(BOB, model, H256::repeat_byte(1), 1_000_000),
			pallet_royalties::Error::<Test>::InsufficientBalance
		);
		assert_eq!(Batches::<Test>::iter().count(), 0);
		assert_eq!(held_for_batches(BOB), 0);
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), 0);

		<Balances as Mutate<AccountId>>::set_balance(&BOB, LOG_DEPOSIT + 5);
		assert_noop!(
			log(BOB, &record(model, 1)),
			pallet_royalties::Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn a_charge_that_overflows_is_refused() {
	build_and_execute(|| {
		let model = metered_lineage(Balance::MAX / 2);
		assert_noop!(
			anchor(BOB, model, H256::repeat_byte(1), 3),
			pallet_royalties::Error::<Test>::Overflow
		);
		assert_eq!(
			Royalties::quote_usage(model, 3),
			Err(pallet_royalties::Error::<Test>::Overflow.into())
		);
	});
}

#[test]
fn free_models_are_not_charged_and_weigh_what_they_did() {
	build_and_execute(|| {
		assert_eq!(Royalties::quote_usage(MODEL, 10), Ok((0, vec![])));
		let before = free(ALICE);
		let call = crate::Call::<Test>::log {
			model_id: MODEL,
			input_hash: H256::zero(),
			output_hash: H256::repeat_byte(9),
			params_hash: H256::zero(),
		};
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, <() as crate::WeightInfo>::log());
		assert_ok!(log(ALICE, &record(MODEL, 1)));
		assert_eq!(before - free(ALICE), LOG_DEPOSIT);
		assert!(royalty_events().is_empty());
	});
}

#[test]
fn metered_calls_declare_the_bound_and_refund_to_the_distribution_made() {
	build_and_execute(|| {
		let model = metered_lineage(1_000);
		let bound = <Royalties as UsageMeter<AccountId>>::charge_weight_bound(model);
		assert_eq!(bound, Royalties::pay_weight_bound());
		let call = crate::Call::<Test>::log {
			model_id: model,
			input_hash: H256::zero(),
			output_hash: H256::repeat_byte(9),
			params_hash: H256::zero(),
		};
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, <() as crate::WeightInfo>::log() + bound);

		let post = Inference::log(
			RuntimeOrigin::signed(ALICE),
			model,
			H256::zero(),
			H256::repeat_byte(9),
			H256::zero(),
		)
		.expect("logged");
		// Four visits (quantization, fine-tune, base, dataset), six shares credited.
		let actual = <() as crate::WeightInfo>::log() + Royalties::pay_weight(4, 6);
		assert_eq!(post.actual_weight, Some(actual));
		assert_eq!(post.pays_fee, Pays::Yes);
		assert!(actual.all_lt(declared));
	});
}

#[test]
fn a_price_change_changes_the_next_charge_and_zero_turns_metering_off() {
	build_and_execute(|| {
		let model = metered_lineage(7);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(ALICE), model, 9));
		assert_ok!(anchor(ALICE, model, H256::repeat_byte(1), 10));
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), 90);
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(ALICE), model, 0));
		assert_ok!(anchor(ALICE, model, H256::repeat_byte(2), 10));
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), 90);
	});
}

#[test]
fn refused_calls_charge_nothing() {
	build_and_execute(|| {
		let model = metered_lineage(7);
		assert_noop!(anchor(DAVE, model, H256::repeat_byte(1), 10), Error::<Test>::NotOperator);
		let r = record(model, 1);
		assert_ok!(log(ALICE, &r));
		let accrued = pallet_royalties::TotalAccrued::<Test>::get();
		assert_noop!(log(ALICE, &r), Error::<Test>::AlreadyLogged);
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), accrued);
	});
}

#[test]
fn a_disputed_models_part_of_a_charge_is_escrowed() {
	build_and_execute(|| {
		let model = metered_lineage(1_000);
		MockRegistry::insert_model(model, {
			let mut m = MockRegistry::model(model).expect("exists");
			m.status = provenance_primitives::Status::Disputed;
			m
		});
		let escrow = Royalties::escrow_account(provenance_primitives::Asset::Model(model));
		let (_, quote) = Royalties::quote_usage(model, 1).expect("a disputed model is usable");
		assert_eq!(quote.first(), Some(&(escrow, 500)));
		assert_ok!(log(BOB, &record(model, 1)));
		assert_eq!(claimable(ALICE), 0, "the owner's part waits for the verdict");
		assert_eq!(pallet_royalties::Accrued::<Test>::get(escrow), 500);
		assert_eq!(pallet_royalties::TotalAccrued::<Test>::get(), 1_000);
	});
}

#[test]
fn anchor_declares_the_bound_and_is_refunded_to_the_distribution_made() {
	build_and_execute(|| {
		let model = metered_lineage(1_000);
		let bound = <Royalties as UsageMeter<AccountId>>::charge_weight_bound(model);
		let call = crate::Call::<Test>::anchor_batch {
			model_id: model,
			root: H256::repeat_byte(1),
			count: 1,
			uri: uri(b"ipfs://batch"),
		};
		let own = <() as crate::WeightInfo>::anchor_batch(12);
		assert_eq!(call.get_dispatch_info().call_weight, own + bound);
		let post = Inference::anchor_batch(
			RuntimeOrigin::signed(ALICE),
			model,
			H256::repeat_byte(1),
			1,
			uri(b"ipfs://batch"),
		)
		.expect("anchored");
		assert_eq!(post.actual_weight, Some(own + Royalties::pay_weight(4, 6)));
	});
}

#[test]
fn a_retracted_model_can_still_be_priced_but_accepts_no_inference() {
	build_and_execute(|| {
		assert_ok!(Royalties::set_price(RuntimeOrigin::signed(ALICE), RETRACTED_MODEL, 5));
		assert_noop!(log(ALICE, &record(RETRACTED_MODEL, 1)), Error::<Test>::Retracted);
		assert_eq!(
			Royalties::quote_usage(RETRACTED_MODEL, 1),
			Err(pallet_royalties::Error::<Test>::Retracted.into())
		);
	});
}

#[test]
fn a_metered_call_refused_before_the_charge_pays_only_its_own_weight() {
	build_and_execute(|| {
		let model = metered_lineage(1_000);
		let err = Inference::log(
			RuntimeOrigin::signed(DAVE),
			model,
			H256::zero(),
			H256::repeat_byte(9),
			H256::zero(),
		)
		.expect_err("Dave is not an operator");
		assert_eq!(err.error, Error::<Test>::NotOperator.into());
		assert_eq!(err.post_info.actual_weight, Some(<() as crate::WeightInfo>::log()));

		let err = Inference::anchor_batch(
			RuntimeOrigin::signed(ALICE),
			model,
			H256::zero(),
			0,
			uri(b"ipfs://batch"),
		)
		.expect_err("an empty batch");
		assert_eq!(err.error, Error::<Test>::EmptyBatch.into());
		assert_eq!(err.post_info.actual_weight, Some(<() as crate::WeightInfo>::anchor_batch(12)));

		// A refused charge keeps the declared weight (the distribution was computed).
		<Balances as Mutate<AccountId>>::set_balance(&BOB, LOG_DEPOSIT + 5);
		let err = Inference::log(
			RuntimeOrigin::signed(BOB),
			model,
			H256::zero(),
			H256::repeat_byte(9),
			H256::zero(),
		)
		.expect_err("Bob cannot pay");
		assert_eq!(err.error, pallet_royalties::Error::<Test>::InsufficientBalance.into());
		assert_eq!(err.post_info.actual_weight, None);
	});
}
