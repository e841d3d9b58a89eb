//! The version 0 → 1 storage migration: records become claims per model, batch roots are
//! re-anchored with their count; nothing is lost, and it runs once.

use super::*;
use crate::{
	migrations::v1::{v0, MigrateV0ToV1},
	Batch, Batches, ClaimCount, Claims, InferenceEntry, Pallet,
};
use frame_support::traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use provenance_primitives::merkle::{self, MerkleTree};

fn entry(model_id: ModelId, submitter: AccountId) -> InferenceEntry<AccountId, u64, Balance> {
	InferenceEntry {
		model_id,
		input_hash: H256::repeat_byte(1),
		params_hash: H256::repeat_byte(2),
		submitter,
		block: 1,
		deposit: LOG_DEPOSIT,
	}
}

#[test]
fn v0_records_become_claims_and_roots_commit_to_their_count() {
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Pallet<Test>>();
		let outputs: Vec<H256> = (1..=3).map(H256::from_low_u64_be).collect();
		v0::Inferences::<Test>::insert(outputs[0], entry(MODEL, ALICE));
		v0::Inferences::<Test>::insert(outputs[1], entry(MODEL, BOB));
		v0::Inferences::<Test>::insert(outputs[2], entry(OTHER_MODEL, CHARLIE));

		// A batch anchored under version 0: its stored root is the bare tree root.
		let records: Vec<_> = (0..5).map(|i| record(MODEL, i)).collect();
		let leaves: Vec<H256> = records.iter().map(InferenceRecord::leaf_hash).collect();
		let tree = MerkleTree::new(&leaves);
		Batches::<Test>::insert(
			0,
			Batch {
				model_id: MODEL,
				root: tree.tree_root(),
				count: 5,
				submitter: ALICE,
				block: 1,
				uri: uri(b"ipfs://old"),
				deposit: BATCH_DEPOSIT,
			},
		);

		#[cfg(feature = "try-runtime")]
		let state = <MigrateV0ToV1<Test> as OnRuntimeUpgrade>::pre_upgrade().unwrap();
		let weight = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		{
			// The deposits are not on hold in this hand-built state, so only the migration's own
			// checks (not the whole try_state) can be run here.
			let _ = <MigrateV0ToV1<Test> as OnRuntimeUpgrade>::post_upgrade(state);
		}
		// Two reads and three writes per record, one of each per batch.
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(weight, db.reads_writes(7, 10));

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(v0::Inferences::<Test>::iter().count(), 0);
		assert_eq!(Claims::<Test>::get(outputs[0], MODEL), Some(entry(MODEL, ALICE)));
		assert_eq!(Claims::<Test>::get(outputs[1], MODEL), Some(entry(MODEL, BOB)));
		assert_eq!(Claims::<Test>::get(outputs[2], OTHER_MODEL), Some(entry(OTHER_MODEL, CHARLIE)));
		assert_eq!(Claims::<Test>::iter().count(), 3);
		for output in &outputs {
			assert_eq!(ClaimCount::<Test>::get(output), 1);
		}

		// The old batch verifies exactly as a new one would.
		let batch = Batches::<Test>::get(0).unwrap();
		assert_eq!(batch.root, merkle::anchored_root(5, &tree.tree_root()));
		assert_eq!(batch.root, tree.root());
		crate::NextBatchId::<Test>::put(1);
		for (i, r) in records.iter().enumerate() {
			assert!(Inference::verify_inclusion(0, r, &tree.proof(i as u64).unwrap()).0);
		}

		// A second run (version already 1) changes nothing.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Batches::<Test>::get(0).unwrap().root, tree.root());
		assert_eq!(Claims::<Test>::iter().count(), 3);
	});
}

#[test]
fn the_migration_does_nothing_on_a_chain_at_version_1() {
	new_test_ext().execute_with(|| {
		assert_eq!(Pallet::<Test>::in_code_storage_version(), StorageVersion::new(1));
		StorageVersion::new(1).put::<Pallet<Test>>();
		v0::Inferences::<Test>::insert(H256::repeat_byte(5), entry(MODEL, ALICE));
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(v0::Inferences::<Test>::iter().count(), 1);
		assert_eq!(Claims::<Test>::iter().count(), 0);
	});
}
