//! `log`: one claim per `(output_hash, model)`, by the model's owner or an operator, with its
//! deposit.

use super::*;
use crate::{ClaimCount, Claims, Error, Event, InferenceEntry};
use frame_support::{assert_noop, assert_ok};
use provenance_primitives::views::InferenceView;

#[test]
fn owner_logs_an_inference() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(ALICE, &r));

		assert_eq!(
			Claims::<Test>::get(r.output_hash, MODEL),
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
			Inference::inference_view(r.output_hash, MODEL),
			Some(InferenceView {
				model_id: MODEL,
				input_hash: r.input_hash,
				output_hash: r.output_hash,
				params_hash: r.params_hash,
				submitter: ALICE,
				block: 1,
			})
		);
		assert_eq!(Inference::inference_view(H256::repeat_byte(0xee), MODEL), None);
		assert_eq!(Inference::inference_view(r.output_hash, OTHER_MODEL), None);
		assert_eq!(ClaimCount::<Test>::get(r.output_hash), 1);
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
		assert_eq!(Claims::<Test>::get(r.output_hash, MODEL).map(|e| e.submitter), Some(BOB));
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
fn the_same_model_cannot_claim_an_output_twice() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(ALICE, &r));
		assert_noop!(log(ALICE, &r), Error::<Test>::AlreadyLogged);
		// Also not through an operator, nor with another input or parameters.
		let again = InferenceRecord { input_hash: H256::repeat_byte(9), ..r };
		assert_noop!(log(BOB, &again), Error::<Test>::AlreadyLogged);
		assert_eq!(Claims::<Test>::get(r.output_hash, MODEL).map(|e| e.submitter), Some(ALICE));
	});
}

/// Output squatting: a throwaway model that logs a victim's output first does not block the
/// real model's claim; both claims are kept and listed.
#[test]
fn another_models_claim_does_not_block_the_real_one() {
	build_and_execute(|| {
		let real = record(MODEL, 1);
		let squatter = InferenceRecord { model_id: OTHER_MODEL, ..real };
		assert_ok!(log(CHARLIE, &squatter));
		assert_ok!(log(ALICE, &real));
		System::assert_last_event(
			Event::InferenceLogged {
				model_id: MODEL,
				output_hash: real.output_hash,
				submitter: ALICE,
			}
			.into(),
		);
		assert_eq!(ClaimCount::<Test>::get(real.output_hash), 2);
		let claims = Inference::inference_claims(real.output_hash);
		assert_eq!(
			claims.iter().map(|c| (c.model_id, c.submitter)).collect::<Vec<_>>(),
			vec![(MODEL, ALICE), (OTHER_MODEL, CHARLIE)]
		);
		assert_eq!(held_for_logs(ALICE), LOG_DEPOSIT);
		assert_eq!(held_for_logs(CHARLIE), LOG_DEPOSIT);
		assert!(Inference::inference_claims(H256::repeat_byte(0xee)).is_empty());
	});
}

#[test]
fn an_output_takes_at_most_max_claims() {
	build_and_execute(|| {
		let output = H256::repeat_byte(0x42);
		let claim = |model_id| InferenceRecord { model_id, output_hash: output, ..record(0, 1) };
		for _ in 0..MAX_CLAIMS_PER_OUTPUT {
			let model = MockRegistry::add_model(DAVE, vec![], vec![]);
			assert_ok!(log(DAVE, &claim(model)));
		}
		let one_too_many = MockRegistry::add_model(DAVE, vec![], vec![]);
		assert_noop!(log(DAVE, &claim(one_too_many)), Error::<Test>::TooManyClaims);
		assert_eq!(ClaimCount::<Test>::get(output), MAX_CLAIMS_PER_OUTPUT);
		assert_eq!(Inference::inference_claims(output).len(), MAX_CLAIMS_PER_OUTPUT as usize);
		// Other outputs are unaffected.
		assert_ok!(log(DAVE, &record(one_too_many, 2)));
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
