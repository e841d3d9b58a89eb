//! Unit tests of the inference pallet.

use crate::{
	mock::*, Batch, Batches, BatchesByModel, Error, Event, HoldReason, InferenceEntry, Inferences,
	NextBatchId,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Hooks},
	BoundedVec,
};
use provenance_primitives::{
	merkle::{InclusionProof, InferenceRecord, MerkleTree},
	views::{BatchView, InferenceView},
	BatchId, ModelId,
};
use sp_core::H256;

type Uri = BoundedVec<u8, MaxUriLen>;

fn uri(bytes: &[u8]) -> Uri {
	Uri::try_from(bytes.to_vec()).expect("short enough")
}

fn held_for_logs(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Inference(HoldReason::InferenceDeposit), &who)
}

fn held_for_batches(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Inference(HoldReason::BatchDeposit), &who)
}

fn record(model_id: ModelId, i: u64) -> InferenceRecord {
	InferenceRecord {
		model_id,
		input_hash: H256::from_low_u64_be(i.wrapping_mul(3).wrapping_add(1)),
		output_hash: H256::from_low_u64_be(i),
		params_hash: H256::from_low_u64_le(i.wrapping_add(7)),
	}
}

fn log(who: AccountId, r: &InferenceRecord) -> frame_support::dispatch::DispatchResult {
	Inference::log(
		RuntimeOrigin::signed(who),
		r.model_id,
		r.input_hash,
		r.output_hash,
		r.params_hash,
	)
}

fn anchor(
	who: AccountId,
	model_id: ModelId,
	root: H256,
	count: u64,
) -> frame_support::dispatch::DispatchResult {
	Inference::anchor_batch(RuntimeOrigin::signed(who), model_id, root, count, uri(b"ipfs://batch"))
}

// ---------------------------------------------------------------------------------------------
// log
// ---------------------------------------------------------------------------------------------

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
		MockModels::remove_operator(MODEL, BOB);
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
		assert_noop!(log(ALICE, &record(RETRACTED_MODEL, 1)), Error::<Test>::ModelRetracted);
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

// ---------------------------------------------------------------------------------------------
// anchor_batch
// ---------------------------------------------------------------------------------------------

#[test]
fn owner_anchors_a_batch() {
	build_and_execute(|| {
		let root = H256::repeat_byte(0x42);
		assert_ok!(anchor(ALICE, MODEL, root, 1_000));

		assert_eq!(
			Batches::<Test>::get(0),
			Some(Batch {
				model_id: MODEL,
				root,
				count: 1_000,
				submitter: ALICE,
				block: 1,
				uri: uri(b"ipfs://batch"),
				deposit: BATCH_DEPOSIT,
			})
		);
		assert_eq!(NextBatchId::<Test>::get(), 1);
		assert!(BatchesByModel::<Test>::contains_key(MODEL, 0));
		assert_eq!(held_for_batches(ALICE), BATCH_DEPOSIT);
		assert_eq!(held_for_logs(ALICE), 0);
		System::assert_last_event(
			Event::BatchAnchored {
				batch_id: 0,
				model_id: MODEL,
				root,
				count: 1_000,
				submitter: ALICE,
			}
			.into(),
		);
		assert_eq!(
			Inference::batch_view(0),
			Some(BatchView {
				id: 0,
				model_id: MODEL,
				root,
				count: 1_000,
				submitter: ALICE,
				block: 1,
				uri: b"ipfs://batch".to_vec(),
			})
		);
		assert_eq!(Inference::batch_view(1), None);
	});
}

#[test]
fn batch_ids_are_sequential_and_indexed_per_model() {
	build_and_execute(|| {
		assert_ok!(anchor(ALICE, MODEL, H256::repeat_byte(1), 1));
		System::set_block_number(2);
		assert_ok!(anchor(CHARLIE, OTHER_MODEL, H256::repeat_byte(2), 2));
		assert_ok!(anchor(BOB, MODEL, H256::repeat_byte(3), 3));
		System::assert_last_event(
			Event::BatchAnchored {
				batch_id: 2,
				model_id: MODEL,
				root: H256::repeat_byte(3),
				count: 3,
				submitter: BOB,
			}
			.into(),
		);
		assert_eq!(NextBatchId::<Test>::get(), 3);
		assert_eq!(Inference::batch_view(1).map(|b| (b.model_id, b.block)), Some((OTHER_MODEL, 2)));
		let mut of_model: Vec<BatchId> = BatchesByModel::<Test>::iter_key_prefix(MODEL).collect();
		of_model.sort();
		assert_eq!(of_model, vec![0, 2]);
		assert_eq!(
			BatchesByModel::<Test>::iter_key_prefix(OTHER_MODEL).collect::<Vec<_>>(),
			vec![1]
		);
		assert_eq!(held_for_batches(BOB), BATCH_DEPOSIT);
	});
}

#[test]
fn batch_with_an_empty_or_maximal_uri_is_accepted() {
	build_and_execute(|| {
		assert_ok!(Inference::anchor_batch(
			RuntimeOrigin::signed(ALICE),
			MODEL,
			H256::repeat_byte(1),
			1,
			Uri::default()
		));
		let longest = Uri::try_from(vec![b'x'; MAX_URI_LEN as usize]).unwrap();
		assert_ok!(Inference::anchor_batch(
			RuntimeOrigin::signed(ALICE),
			MODEL,
			H256::repeat_byte(2),
			u64::from(u32::MAX),
			longest.clone()
		));
		assert_eq!(Inference::batch_view(1).map(|b| b.uri), Some(longest.into_inner()));
	});
}

#[test]
fn batch_of_zero_records_fails() {
	build_and_execute(|| {
		assert_noop!(anchor(ALICE, MODEL, H256::repeat_byte(1), 0), Error::<Test>::EmptyBatch);
	});
}

#[test]
fn batch_larger_than_the_tree_allows_fails() {
	build_and_execute(|| {
		assert_noop!(
			anchor(ALICE, MODEL, H256::repeat_byte(1), u64::from(u32::MAX) + 1),
			Error::<Test>::BatchTooLarge
		);
		assert_noop!(
			anchor(ALICE, MODEL, H256::repeat_byte(1), u64::MAX),
			Error::<Test>::BatchTooLarge
		);
	});
}

#[test]
fn batch_for_an_unknown_model_fails() {
	build_and_execute(|| {
		assert_noop!(
			anchor(ALICE, UNKNOWN_MODEL, H256::repeat_byte(1), 1),
			Error::<Test>::UnknownModel
		);
	});
}

#[test]
fn batch_for_a_retracted_model_fails() {
	build_and_execute(|| {
		assert_noop!(
			anchor(ALICE, RETRACTED_MODEL, H256::repeat_byte(1), 1),
			Error::<Test>::ModelRetracted
		);
	});
}

#[test]
fn batch_by_neither_owner_nor_operator_fails() {
	build_and_execute(|| {
		assert_noop!(anchor(DAVE, MODEL, H256::repeat_byte(1), 1), Error::<Test>::NotOperator);
		assert_noop!(anchor(CHARLIE, MODEL, H256::repeat_byte(1), 1), Error::<Test>::NotOperator);
	});
}

#[test]
fn batch_without_funds_for_the_deposit_fails() {
	build_and_execute(|| {
		assert_noop!(
			anchor(POOR, POOR_MODEL, H256::repeat_byte(1), 1),
			Error::<Test>::InsufficientDeposit
		);
		// Enough for a log record is not enough for a batch.
		let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(
			&POOR,
			LOG_DEPOSIT + 1,
		);
		assert_ok!(log(POOR, &record(POOR_MODEL, 1)));
		let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(
			&POOR,
			BATCH_DEPOSIT,
		);
		assert_noop!(
			anchor(POOR, POOR_MODEL, H256::repeat_byte(1), 1),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn batch_when_ids_are_exhausted_fails() {
	build_and_execute(|| {
		NextBatchId::<Test>::put(BatchId::MAX);
		assert_noop!(anchor(ALICE, MODEL, H256::repeat_byte(1), 1), Error::<Test>::BatchIdOverflow);
	});
}

#[test]
fn uri_over_the_bound_cannot_be_built_nor_decoded() {
	build_and_execute(|| {
		let too_long = vec![b'x'; MAX_URI_LEN as usize + 1];
		assert!(Uri::try_from(too_long.clone()).is_err());

		// A call encoded with an over-long URI does not decode; the same bytes with the longest
		// allowed URI do (so the failure is the bound, not the framing).
		let encode = |uri: Vec<u8>| {
			let mut bytes = vec![INFERENCE_PALLET_INDEX, 1u8];
			(MODEL, H256::repeat_byte(1), 1u64, uri).encode_to(&mut bytes);
			bytes
		};
		let longest = vec![b'x'; MAX_URI_LEN as usize];
		let decoded = RuntimeCall::decode(&mut &encode(longest.clone())[..]).expect("within bound");
		assert_eq!(
			decoded,
			RuntimeCall::Inference(crate::Call::anchor_batch {
				model_id: MODEL,
				root: H256::repeat_byte(1),
				count: 1,
				uri: Uri::try_from(longest).unwrap(),
			})
		);
		assert!(RuntimeCall::decode(&mut &encode(too_long)[..]).is_err());
	});
}

#[test]
fn anchor_is_signed_only() {
	build_and_execute(|| {
		assert_noop!(
			Inference::anchor_batch(
				RuntimeOrigin::root(),
				MODEL,
				H256::repeat_byte(1),
				1,
				uri(b"x")
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

// ---------------------------------------------------------------------------------------------
// verify_inclusion
// ---------------------------------------------------------------------------------------------

/// Anchors `records` as one batch of `model_id`, sent by `owner`; returns its id and tree.
fn anchor_records(
	owner: AccountId,
	model_id: ModelId,
	records: &[InferenceRecord],
) -> (BatchId, MerkleTree) {
	let leaves: Vec<H256> = records.iter().map(|r| r.leaf_hash()).collect();
	let tree = MerkleTree::new(&leaves);
	let id = NextBatchId::<Test>::get();
	assert_ok!(anchor(owner, model_id, tree.root(), records.len() as u64));
	(id, tree)
}

#[test]
fn every_record_of_a_thousand_record_batch_verifies() {
	build_and_execute(|| {
		let records: Vec<_> = (0..1_000).map(|i| record(MODEL, i)).collect();
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &records);
		let batch = Inference::batch_view(batch_id);
		assert!(batch.is_some());

		for (i, r) in records.iter().enumerate() {
			let proof = tree.proof(i as u64).expect("index in range");
			assert_eq!(
				Inference::verify_inclusion(batch_id, r, &proof),
				(true, batch.clone()),
				"leaf {i}"
			);
		}
	});
}

#[test]
fn inclusion_fails_for_anything_but_the_right_record_proof_and_batch() {
	build_and_execute(|| {
		let records: Vec<_> = (0..1_000).map(|i| record(MODEL, i)).collect();
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &records);
		// Another batch of the same model: the first 999 records (another root and count).
		let (shorter_id, shorter_tree) = anchor_records(ALICE, MODEL, &records[..999]);
		// Another batch of the same model: other records, same size.
		let others: Vec<_> = (1_000..2_000).map(|i| record(MODEL, i)).collect();
		let (others_id, _) = anchor_records(ALICE, MODEL, &others);
		let batch = Inference::batch_view(batch_id);

		for i in (0..1_000u64).step_by(37).chain([998, 999]) {
			let r = &records[i as usize];
			let proof = tree.proof(i).unwrap();
			assert_eq!(Inference::verify_inclusion(batch_id, r, &proof), (true, batch.clone()));

			// A proof for another leaf.
			let other_leaf = &records[((i + 1) % 1_000) as usize];
			assert_eq!(
				Inference::verify_inclusion(batch_id, other_leaf, &proof),
				(false, batch.clone())
			);
			// The same output with another input or parameters.
			let tampered = InferenceRecord { params_hash: H256::repeat_byte(0xff), ..*r };
			assert!(!Inference::verify_inclusion(batch_id, &tampered, &proof).0);

			// A truncated proof, and a padded one.
			let mut truncated = proof.clone();
			truncated.siblings.pop();
			assert!(!Inference::verify_inclusion(batch_id, r, &truncated).0);
			let mut padded = proof.clone();
			padded.siblings.push(H256::zero());
			assert!(!Inference::verify_inclusion(batch_id, r, &padded).0);

			// The right proof of the right leaf against other batches.
			assert!(!Inference::verify_inclusion(others_id, r, &proof).0);
			assert!(!Inference::verify_inclusion(shorter_id, r, &proof).0);
			// ...and that leaf's own proof in the shorter batch does not verify in the full one
			// when the trees differ along its path.
			if let Some(shorter_proof) = shorter_tree.proof(i) {
				assert!(Inference::verify_inclusion(shorter_id, r, &shorter_proof).0);
				if shorter_proof != proof {
					assert!(!Inference::verify_inclusion(batch_id, r, &shorter_proof).0);
				}
			}

			// A leaf index past the count, or the proof under another index.
			for leaf_index in [1_000, 1_001, u64::from(u32::MAX), u64::MAX] {
				let past = InclusionProof { leaf_index, siblings: proof.siblings.clone() };
				assert_eq!(Inference::verify_inclusion(batch_id, r, &past), (false, batch.clone()));
			}
			let moved =
				InclusionProof { leaf_index: (i + 2) % 1_000, siblings: proof.siblings.clone() };
			assert!(!Inference::verify_inclusion(batch_id, r, &moved).0);

			// An unknown batch.
			assert_eq!(
				Inference::verify_inclusion(NextBatchId::<Test>::get(), r, &proof),
				(false, None)
			);
			assert_eq!(Inference::verify_inclusion(BatchId::MAX, r, &proof), (false, None));
		}

		// Empty and absurd proofs.
		let r = &records[0];
		assert!(!Inference::verify_inclusion(batch_id, r, &InclusionProof::default()).0);
		let huge = InclusionProof { leaf_index: 0, siblings: vec![H256::zero(); 10_000] };
		assert!(!Inference::verify_inclusion(batch_id, r, &huge).0);
	});
}

#[test]
fn inclusion_fails_for_a_record_of_another_model() {
	build_and_execute(|| {
		// A batch anchored for OTHER_MODEL whose leaves claim to be MODEL's records: the Merkle
		// proof itself is sound, but the records do not belong to the batch's model.
		let claimed: Vec<_> = (0..10).map(|i| record(MODEL, i)).collect();
		let (lying_id, lying_tree) = anchor_records(CHARLIE, OTHER_MODEL, &claimed);
		let proof = lying_tree.proof(3).unwrap();
		assert_eq!(
			Inference::verify_inclusion(lying_id, &claimed[3], &proof),
			(false, Inference::batch_view(lying_id))
		);

		// A record of MODEL relabelled as OTHER_MODEL against MODEL's batch.
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &claimed);
		let proof = tree.proof(3).unwrap();
		assert!(Inference::verify_inclusion(batch_id, &claimed[3], &proof).0);
		let relabelled = InferenceRecord { model_id: OTHER_MODEL, ..claimed[3] };
		assert!(!Inference::verify_inclusion(batch_id, &relabelled, &proof).0);
	});
}

#[test]
fn single_record_batch_verifies_with_an_empty_proof() {
	build_and_execute(|| {
		let only = [record(MODEL, 7)];
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &only);
		let proof = tree.proof(0).unwrap();
		assert!(proof.siblings.is_empty());
		assert!(Inference::verify_inclusion(batch_id, &only[0], &proof).0);
		assert!(!Inference::verify_inclusion(batch_id, &record(MODEL, 8), &proof).0);
	});
}

#[test]
fn inclusion_holds_after_the_model_is_retracted() {
	build_and_execute(|| {
		let records: Vec<_> = (0..5).map(|i| record(MODEL, i)).collect();
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &records);
		MockModels::retract(MODEL);
		assert!(Inference::verify_inclusion(batch_id, &records[4], &tree.proof(4).unwrap()).0);
	});
}

// ---------------------------------------------------------------------------------------------
// Invariants and configuration
// ---------------------------------------------------------------------------------------------

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
		Inferences::<Test>::mutate(r.output_hash, |e| {
			e.as_mut().unwrap().deposit = LOG_DEPOSIT + 1
		});
		assert!(Inference::do_try_state().is_err());
		Inferences::<Test>::mutate(r.output_hash, |e| e.as_mut().unwrap().deposit = LOG_DEPOSIT);

		// A missing index entry.
		BatchesByModel::<Test>::remove(MODEL, 0);
		assert!(Inference::do_try_state().is_err());
		BatchesByModel::<Test>::insert(MODEL, 0, ());

		// A record of a model that no longer exists.
		Inferences::<Test>::mutate(r.output_hash, |e| e.as_mut().unwrap().model_id = UNKNOWN_MODEL);
		assert!(Inference::do_try_state().is_err());
		Inferences::<Test>::mutate(r.output_hash, |e| e.as_mut().unwrap().model_id = MODEL);

		assert_ok!(Inference::do_try_state());
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		<Inference as Hooks<u64>>::integrity_test();
	});
}
