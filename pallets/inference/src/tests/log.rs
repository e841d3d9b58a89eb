//! `log`: one record per output hash, by the model's owner or an operator, with its deposit.

use super::*;
use crate::{Error, Event, InferenceEntry, Inferences};
use frame_support::{assert_noop, assert_ok};
use provenance_primitives::views::InferenceView;

#[test]
fn owner_logs_an_inference() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(ALICE, &r));

		assert_eq!(
			Inferences::<Test>::get(r.output_hash),
			Some(InferenceEntry {
				model_id: MODEL,
				input_hash: r.input_hash,
				params_hash: r.params_hash,
				submitter: ALICE,
				block: 1,
				deposit: LOG_DEPOSIT,
			})
		);
		assert_eq!(held_for_logs(ALICE), LOG_DEPOSIT);
		assert_eq!(Balances::free_balance(ALICE), INITIAL_BALANCE - LOG_DEPOSIT);
		System::assert_last_event(
			Event::InferenceLogged {
				model_id: MODEL,
				output_hash: r.output_hash,
				submitter: ALICE,
			}
			.into(),
		);
		assert_eq!(
			Inference::inference_view(r.output_hash),
			Some(InferenceView {
				model_id: MODEL,
				input_hash: r.input_hash,
				output_hash: r.output_hash,
				params_hash: r.params_hash,
				submitter: ALICE,
				block: 1,
			})
		);
		assert_eq!(Inference::inference_view(H256::repeat_byte(0xee)), None);
	});
}

#[test]
fn operator_logs_an_inference() {
	build_and_execute(|| {
		let r = record(MODEL, 2);
		assert_ok!(log(BOB, &r));
		System::assert_last_event(
			Event::InferenceLogged { model_id: MODEL, output_hash: r.output_hash, submitter: BOB }
				.into(),
		);
		assert_eq!(Inferences::<Test>::get(r.output_hash).map(|e| e.submitter), Some(BOB));
		// The operator pays, not the owner.
		assert_eq!(held_for_logs(BOB), LOG_DEPOSIT);
		assert_eq!(held_for_logs(ALICE), 0);
	});
}

#[test]
fn removed_operator_can_no_longer_log() {
	build_and_execute(|| {
		MockRegistry::remove_operator(MODEL, BOB);
		assert_noop!(log(BOB, &record(MODEL, 3)), Error::<Test>::NotOperator);
	});
}

#[test]
fn deposits_add_up_per_record() {
	build_and_execute(|| {
		for i in 0..5 {
			assert_ok!(log(ALICE, &record(MODEL, i)));
		}
		assert_eq!(held_for_logs(ALICE), 5 * LOG_DEPOSIT);
	});
}

#[test]
fn log_for_an_unknown_model_fails() {
	build_and_execute(|| {
		assert_noop!(log(ALICE, &record(UNKNOWN_MODEL, 1)), Error::<Test>::UnknownModel);
	});
}

#[test]
fn log_for_a_retracted_model_fails() {
	build_and_execute(|| {
		assert_noop!(log(ALICE, &record(RETRACTED_MODEL, 1)), Error::<Test>::Retracted);
	});
}

#[test]
fn log_by_neither_owner_nor_operator_fails() {
	build_and_execute(|| {
		assert_noop!(log(DAVE, &record(MODEL, 1)), Error::<Test>::NotOperator);
		// The owner of another model is a stranger to this one.
		assert_noop!(log(CHARLIE, &record(MODEL, 1)), Error::<Test>::NotOperator);
	});
}

#[test]
fn log_of_an_already_logged_output_fails() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(ALICE, &r));
		assert_noop!(log(ALICE, &r), Error::<Test>::AlreadyLogged);
		// Same output, other submitter, other model, other input: still one record per output.
		let other =
			InferenceRecord { model_id: OTHER_MODEL, input_hash: H256::repeat_byte(9), ..r };
		assert_noop!(log(CHARLIE, &other), Error::<Test>::AlreadyLogged);
		assert_eq!(Inferences::<Test>::get(r.output_hash).map(|e| e.submitter), Some(ALICE));
	});
}

#[test]
fn log_without_funds_for_the_deposit_fails() {
	build_and_execute(|| {
		assert_noop!(log(POOR, &record(POOR_MODEL, 1)), Error::<Test>::InsufficientDeposit);
	});
}

#[test]
fn log_is_signed_only() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_noop!(
			Inference::log(
				RuntimeOrigin::root(),
				MODEL,
				r.input_hash,
				r.output_hash,
				r.params_hash
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
