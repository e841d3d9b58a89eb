//! Licence enforcement: derivatives, AI training and the transitive commercial-use rule.

use super::*;
use crate::{Error, Models as ModelsMap};
use frame_support::{
	assert_noop,
	storage::{with_transaction, TransactionOutcome},
};
use provenance_primitives::ModelInspect;
use sp_runtime::DispatchError;

fn lineage_flag(id: ModelId) -> bool {
	<Models as ModelInspect<AccountId>>::model_summary(id).expect("exists").non_commercial_lineage
}

#[test]
fn non_commercial_ancestor_three_levels_up_blocks_a_commercial_model() {
	build_and_execute(|| {
		// great-grandparent (non-commercial) <- grandparent <- parent <- new model
		let great_grandparent = register_model(ALICE, non_commercial(), vec![], vec![]);
		let grandparent = register_model(
			BOB,
			non_commercial(),
			vec![(great_grandparent, Derivation::FineTune)],
			vec![],
		);
		let parent = register_model(
			CHARLIE,
			non_commercial(),
			vec![(grandparent, Derivation::Adapter)],
			vec![],
		);
		assert!(
			lineage_flag(great_grandparent) && lineage_flag(grandparent) && lineage_flag(parent)
		);

		// Merged with an unrelated, fully open model: the restriction still comes through.
		let open = register_model(DAVE, open_license(), vec![], vec![]);
		assert!(!lineage_flag(open));
		assert_noop!(
			register_as(
				DAVE,
				root_of(4),
				open_license(),
				vec![(open, Derivation::Merge), (parent, Derivation::Merge)],
				vec![]
			),
			Error::<Test>::CommercialUseNotPermitted
		);
		// Owning the ancestor does not lift the commercial restriction.
		assert_noop!(
			register_as(
				ALICE,
				root_of(4),
				open_license(),
				vec![(parent, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::CommercialUseNotPermitted
		);
		// A non-commercial licence is fine, and inherits the flag.
		let child = register_model(
			DAVE,
			non_commercial(),
			vec![(open, Derivation::Merge), (parent, Derivation::Merge)],
			vec![],
		);
		assert!(lineage_flag(child));
		// Without the restricted branch, a commercial licence is fine.
		let commercial =
			register_model(DAVE, open_license(), vec![(open, Derivation::FineTune)], vec![]);
		assert!(!lineage_flag(commercial));
	});
}

#[test]
fn non_commercial_dataset_blocks_commercial_models_directly_and_downstream() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(0, MockDataset::new(ALICE).license(non_commercial()));
		MockRegistry::insert_dataset(1, MockDataset::new(ALICE).license(open_license()));
		assert_noop!(
			register_as(BOB, root_of(0), open_license(), vec![], vec![1, 0]),
			Error::<Test>::CommercialUseNotPermitted
		);
		// A model with an open licence of its own but a non-commercial dataset... must be
		// non-commercial itself; its descendants inherit the restriction.
		let trained = register_model(BOB, non_commercial(), vec![], vec![0]);
		assert!(lineage_flag(trained));
		assert_noop!(
			register_as(
				CHARLIE,
				root_of(1),
				open_license(),
				vec![(trained, Derivation::Quantization)],
				vec![1]
			),
			Error::<Test>::CommercialUseNotPermitted
		);
		let fine = register_model(CHARLIE, open_license(), vec![], vec![1]);
		assert!(!lineage_flag(fine));
	});
}

#[test]
fn no_training_dataset_is_usable_by_its_owner_only() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(0, MockDataset::new(ALICE).license(no_training()));
		assert_noop!(
			register_as(BOB, root_of(0), open_license(), vec![], vec![0]),
			Error::<Test>::TrainingNotPermitted
		);
		let own = register_model(ALICE, open_license(), vec![], vec![0]);
		assert_eq!(<Models as ModelInspect<AccountId>>::model_datasets(own), vec![0]);
	});
}

#[test]
fn no_derivatives_parent_is_usable_by_its_owner_only() {
	build_and_execute(|| {
		let parent = register_model(ALICE, no_derivatives(), vec![], vec![]);
		for how in [Derivation::FineTune, Derivation::Quantization, Derivation::Merge] {
			assert_noop!(
				register_as(BOB, root_of(1), open_license(), vec![(parent, how)], vec![]),
				Error::<Test>::DerivativesNotPermitted
			);
		}
		let child =
			register_model(ALICE, open_license(), vec![(parent, Derivation::FineTune)], vec![]);
		assert_eq!(
			<Models as ModelInspect<AccountId>>::model_parents(child),
			vec![(parent, Derivation::FineTune)]
		);
		// After a transfer the new owner, not the old one, enjoys the exemption.
		assert_ok!(Models::offer_transfer(RuntimeOrigin::signed(ALICE), parent, BOB));
		assert_ok!(Models::accept_transfer(RuntimeOrigin::signed(BOB), parent));
		assert_noop!(
			register_as(
				ALICE,
				root_of(2),
				open_license(),
				vec![(parent, Derivation::Adapter)],
				vec![]
			),
			Error::<Test>::DerivativesNotPermitted
		);
		register_model(BOB, open_license(), vec![(parent, Derivation::Adapter)], vec![]);
	});
}

#[test]
fn distilling_a_no_training_model_is_reserved_to_its_owner() {
	build_and_execute(|| {
		let teacher = register_model(ALICE, no_training(), vec![], vec![]);
		assert_noop!(
			register_as(
				BOB,
				root_of(1),
				open_license(),
				vec![(teacher, Derivation::Distillation)],
				vec![]
			),
			Error::<Test>::TrainingNotPermitted
		);
		// Derivatives are allowed, so other derivations are fine for anyone.
		register_model(BOB, open_license(), vec![(teacher, Derivation::FineTune)], vec![]);
		register_model(ALICE, open_license(), vec![(teacher, Derivation::Distillation)], vec![]);
	});
}

/// The transitive commercial-use rule on a 200-deep chain, and why it costs O(direct parents).
///
/// Design: each model stores `non_commercial_lineage = own licence forbids commercial use OR any
/// direct parent's flag OR any direct dataset forbids it`. By induction over registration order
/// (parents are always registered before their children) the flag is true exactly when some
/// ancestor at any depth, or a dataset of one, forbids commercial use. `register` therefore reads
/// only its direct parents' records and its direct datasets.
///
/// With immutable licences the flag of a model equals `!license.commercial_use` (a commercial
/// model can never sit under a restricted one), so the stored flag matters when an ancestor's
/// licence is no longer the whole story, e.g. after a future relicensing.
///
/// The test proves the "only direct parents" part by deleting, inside a storage transaction that
/// is rolled back afterwards, every ancestor record except the direct parent, and the dataset at
/// the root of the chain, and by turning the direct parent's own licence commercial: the
/// commercial model at depth 200 is still refused for the right reason (an implementation walking
/// the ancestry would fail with another error; one reading only the parent's licence would let it
/// through), a non-commercial one is still accepted, and the dataset registry is not read at all.
#[test]
fn commercial_use_check_on_a_200_deep_chain_reads_only_direct_parents() {
	build_and_execute(|| {
		const DEPTH: u64 = 200;
		MockRegistry::insert_dataset(0, MockDataset::new(DAVE).license(non_commercial()));
		let mut tip = register_model(ALICE, non_commercial(), vec![], vec![0]);
		for _ in 1..DEPTH {
			tip =
				register_model(ALICE, non_commercial(), vec![(tip, Derivation::FineTune)], vec![]);
		}
		assert_eq!(tip, DEPTH - 1);
		assert_eq!(
			crate::Pallet::<Test>::lineage(tip, u32::MAX, u32::MAX).expect("exists").models.len(),
			199
		);
		assert!((0..DEPTH).all(lineage_flag));

		// The commercial model at depth 200 is refused.
		assert_noop!(
			register_as(
				BOB,
				root_of(DEPTH),
				open_license(),
				vec![(tip, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::CommercialUseNotPermitted
		);

		let reads_before = MockRegistry::dataset_reads();
		let _ = with_transaction(|| -> TransactionOutcome<Result<(), DispatchError>> {
			// Forget every ancestor but the direct parent, and the dataset at the root.
			for id in 0..tip {
				ModelsMap::<Test>::remove(id);
			}
			MockRegistry::remove_dataset(0);
			// Even with the direct parent's own licence turned commercial (a state no call can
			// reach today, as licences are immutable), the restriction travels in its flag.
			ModelsMap::<Test>::mutate(tip, |parent| {
				if let Some(parent) = parent {
					parent.license = open_license();
				}
			});

			assert_noop!(
				register_as(
					BOB,
					root_of(DEPTH),
					open_license(),
					vec![(tip, Derivation::FineTune)],
					vec![]
				),
				Error::<Test>::CommercialUseNotPermitted
			);
			let child =
				register_model(BOB, non_commercial(), vec![(tip, Derivation::FineTune)], vec![]);
			assert!(lineage_flag(child));
			assert_eq!(
				MockRegistry::dataset_reads(),
				reads_before,
				"the dataset registry was read"
			);
			TransactionOutcome::Rollback(Ok(()))
		});
		MockRegistry::insert_dataset(0, MockDataset::new(DAVE).license(non_commercial()));
		assert!(ModelsMap::<Test>::contains_key(0u64));
		assert_eq!(NextModelId::<Test>::get(), DEPTH);

		// Control: a chain whose root dataset allows commercial use lets a commercial tip through.
		MockRegistry::insert_dataset(1, MockDataset::new(DAVE).license(open_license()));
		let mut open_tip = register_model(CHARLIE, open_license(), vec![], vec![1]);
		for _ in 1..DEPTH {
			open_tip = register_model(
				CHARLIE,
				open_license(),
				vec![(open_tip, Derivation::FineTune)],
				vec![],
			);
		}
		let commercial =
			register_model(BOB, open_license(), vec![(open_tip, Derivation::FineTune)], vec![]);
		assert!(!lineage_flag(commercial));
	});
}
