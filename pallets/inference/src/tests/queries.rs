//! `verify_inclusion`: Merkle proofs of records against anchored batches.

use super::*;
use crate::NextBatchId;
use frame_support::assert_ok;
use provenance_primitives::{
	merkle::{InclusionProof, MerkleTree},
	BatchId,
};

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
		MockRegistry::retract_model(MODEL);
		assert!(Inference::verify_inclusion(batch_id, &records[4], &tree.proof(4).unwrap()).0);
	});
}

/// SPEC "a proof binds its position": in a 5-record batch, record 4's proof presented as index 3
/// is refused (the crate's own verifier accepts it), and no proof verifies under another count.
#[test]
fn a_proof_verifies_only_at_its_own_index() {
	build_and_execute(|| {
		let records: Vec<_> = (0..5).map(|i| record(MODEL, i)).collect();
		let (batch_id, tree) = anchor_records(ALICE, MODEL, &records);
		let proof = tree.proof(4).unwrap();
		assert!(Inference::verify_inclusion(batch_id, &records[4], &proof).0);
		let as_three = InclusionProof { leaf_index: 3, ..proof };
		assert!(!Inference::verify_inclusion(batch_id, &records[4], &as_three).0);

		// The same tree anchored with a count of 4: nothing verifies against it.
		assert_ok!(anchor(ALICE, MODEL, tree.root(), 4));
		let wrong_count = NextBatchId::<Test>::get() - 1;
		for (i, r) in records.iter().enumerate() {
			let proof = tree.proof(i as u64).unwrap();
			assert!(!Inference::verify_inclusion(wrong_count, r, &proof).0, "record {i}");
		}
	});
}
