//! `do_try_state` catches corrupted storage (so the check after every test can fail), and
//! `integrity_test` accepts the mock's configuration.

use super::*;
use crate::{Batches, BatchesByModel, ClaimCount, Claims, NextBatchId};
use frame_support::{assert_ok, traits::Hooks};

#[test]
fn try_state_detects_broken_invariants() {
	build_and_execute(|| {
		let r = record(MODEL, 1);
		assert_ok!(log(ALICE, &r));
		assert_ok!(anchor(ALICE, MODEL, H256::repeat_byte(1), 5));
		assert_ok!(Inference::do_try_state());

		// A batch id at or past NextBatchId.
		NextBatchId::<Test>::put(0);
		assert!(Inference::do_try_state().is_err());
		NextBatchId::<Test>::put(1);

		// A batch of zero records.
		Batches::<Test>::mutate(0, |b| b.as_mut().unwrap().count = 0);
		assert!(Inference::do_try_state().is_err());
		Batches::<Test>::mutate(0, |b| b.as_mut().unwrap().count = 5);

		// A record deposit that is not on hold.
		Claims::<Test>::mutate(r.output_hash, MODEL, |e| {
			e.as_mut().unwrap().deposit = LOG_DEPOSIT + 1
		});
		assert!(Inference::do_try_state().is_err());
		Claims::<Test>::mutate(r.output_hash, MODEL, |e| e.as_mut().unwrap().deposit = LOG_DEPOSIT);

		// A claim count that does not count the claims.
		ClaimCount::<Test>::insert(r.output_hash, 2);
		assert!(Inference::do_try_state().is_err());
		ClaimCount::<Test>::insert(r.output_hash, 1);

		// A missing index entry.
		BatchesByModel::<Test>::remove(MODEL, 0);
		assert!(Inference::do_try_state().is_err());
		BatchesByModel::<Test>::insert(MODEL, 0, ());

		// A record of a model that no longer exists.
		Claims::<Test>::mutate(r.output_hash, MODEL, |e| {
			e.as_mut().unwrap().model_id = UNKNOWN_MODEL
		});
		assert!(Inference::do_try_state().is_err());
		Claims::<Test>::mutate(r.output_hash, MODEL, |e| e.as_mut().unwrap().model_id = MODEL);

		assert_ok!(Inference::do_try_state());
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Inference as Hooks<u64>>::integrity_test();
	});
}
