//! `anchor_batch`: sequential ids, the per-model index, the deposit, and the bounds on `count`
//! and `uri`.

use super::*;
use crate::{Batch, Batches, BatchesByModel, Error, Event, NextBatchId};
use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok};
use provenance_primitives::{views::BatchView, BatchId};

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
			Error::<Test>::Retracted
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
		assert_noop!(anchor(ALICE, MODEL, H256::repeat_byte(1), 1), Error::<Test>::Overflow);
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
