//! `Retract` verdicts of the Disputes pallet on inference claims and batches: the record is
//! removed and its deposit goes to the dispute's opener.

use super::*;
use crate::{BatchesByModel, ClaimCount, Claims, Error, Event, NextBatchId};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};

#[test]
fn a_retracted_claim_is_removed_and_its_deposit_goes_to_the_opener() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(BOB, &r));
		let other = InferenceRecord { model_id: OTHER_MODEL, ..r };
		assert_ok!(log(CHARLIE, &other));
		assert_eq!(Inference::claim_submitter(r.output_hash, MODEL), Some(BOB));
		let dave_before = Balances::balance(&DAVE);

		assert_ok!(Inference::remove_claim_by_verdict(r.output_hash, MODEL, &DAVE));
		assert!(!Claims::<Test>::contains_key(r.output_hash, MODEL));
		assert_eq!(ClaimCount::<Test>::get(r.output_hash), 1);
		assert_eq!(held_for_logs(BOB), 0);
		assert_eq!(Balances::balance(&DAVE), dave_before + LOG_DEPOSIT);
		System::assert_last_event(
			Event::ClaimRemoved {
				model_id: MODEL,
				output_hash: r.output_hash,
				deposit_to: DAVE,
				deposit: LOG_DEPOSIT,
			}
			.into(),
		);
		// The model may claim the output again; the other model's claim was untouched.
		assert_ok!(log(ALICE, &r));
		assert_ok!(Inference::remove_claim_by_verdict(other.output_hash, OTHER_MODEL, &DAVE));
		assert_ok!(Inference::remove_claim_by_verdict(r.output_hash, MODEL, &DAVE));
		assert_eq!(ClaimCount::<Test>::get(r.output_hash), 0);
		assert_noop!(
			Inference::remove_claim_by_verdict(r.output_hash, MODEL, &DAVE),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn a_retracted_batch_is_removed_and_its_deposit_goes_to_the_opener() {
	build_and_execute(|| {
		let id = NextBatchId::<Test>::get();
		assert_ok!(anchor(ALICE, MODEL, H256::repeat_byte(5), 10));
		assert_eq!(Inference::batch_submitter(id), Some(ALICE));
		let dave_before = Balances::balance(&DAVE);
		assert_ok!(Inference::remove_batch_by_verdict(id, &DAVE));
		assert_eq!(Inference::batch_view(id), None);
		assert!(!BatchesByModel::<Test>::contains_key(MODEL, id));
		assert_eq!(held_for_batches(ALICE), 0);
		assert_eq!(Balances::balance(&DAVE), dave_before + BATCH_DEPOSIT);
		System::assert_last_event(
			Event::BatchRemoved { batch_id: id, deposit_to: DAVE, deposit: BATCH_DEPOSIT }.into(),
		);
		assert_noop!(Inference::remove_batch_by_verdict(id, &DAVE), Error::<Test>::NotFound);
		assert_eq!(Inference::batch_submitter(id), None);
	});
}
