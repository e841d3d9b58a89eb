//! `register`: the happy paths, the stored record and every input it refuses.

use super::*;
use crate::{Children, Error, ModelByRoot, Models as ModelsMap, ModelsByDataset};
use codec::{Decode, Encode};
use frame_support::{assert_noop, traits::ConstU32};
use provenance_primitives::Status;

#[test]
fn registering_a_base_model_stores_it_and_holds_a_deposit() {
	build_and_execute(|| {
		assert_eq!(held(ALICE), 0);
		assert_ok!(Models::register(
			RuntimeOrigin::signed(ALICE),
			H256::repeat_byte(1),
			H256::repeat_byte(2),
			bounded(b"ipfs://base".to_vec()),
			open_license(),
			bounded(b"{\"arch\":\"llama\"}".to_vec()),
			bounded(vec![]),
			bounded(vec![]),
			None,
		));
		System::assert_last_event(
			Event::ModelRegistered { id: 0, owner: ALICE, weights_root: H256::repeat_byte(1) }
				.into(),
		);

		let model = ModelsMap::<Test>::get(0u64).expect("stored");
		assert_eq!(model.owner, ALICE);
		assert_eq!(model.weights_root, H256::repeat_byte(1));
		assert_eq!(model.config_hash, H256::repeat_byte(2));
		assert_eq!(model.uri.to_vec(), b"ipfs://base".to_vec());
		assert_eq!(model.registered_at, 1);
		assert_eq!(model.status, Status::Active);
		assert!(!model.non_commercial_lineage);
		assert_eq!(ModelByRoot::<Test>::get(H256::repeat_byte(1)), Some(0));
		assert_eq!(NextModelId::<Test>::get(), 1);

		// The deposit is the base plus a per-byte part, and it is really held.
		assert!(model.deposit > DEPOSIT_BASE);
		assert_eq!((model.deposit - DEPOSIT_BASE) % DEPOSIT_PER_BYTE, 0);
		assert_eq!(held(ALICE), model.deposit);
		assert_eq!(Balances::free_balance(ALICE), ENDOWMENT - model.deposit);
	});
}

#[test]
fn ids_are_sequential() {
	build_and_execute(|| {
		assert_eq!(register_model(ALICE, open_license(), vec![], vec![]), 0);
		assert_eq!(register_model(BOB, open_license(), vec![], vec![]), 1);
		assert_eq!(register_model(ALICE, open_license(), vec![(0, Derivation::Merge)], vec![]), 2);
		assert_eq!(NextModelId::<Test>::get(), 3);
	});
}

#[test]
fn parents_and_datasets_are_indexed_in_reverse() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(10, MockDataset::new(CHARLIE).license(open_license()));
		MockRegistry::insert_dataset(11, MockDataset::new(CHARLIE).license(open_license()));
		let a = register_model(ALICE, open_license(), vec![], vec![10]);
		let b = register_model(BOB, open_license(), vec![], vec![]);
		let c = register_model(
			CHARLIE,
			open_license(),
			vec![(a, Derivation::Merge), (b, Derivation::Merge)],
			vec![10, 11],
		);

		assert_eq!(Children::<Test>::get(a, c), Some(Derivation::Merge));
		assert_eq!(Children::<Test>::get(b, c), Some(Derivation::Merge));
		assert_eq!(Children::<Test>::iter_key_prefix(a).collect::<Vec<_>>(), vec![c]);
		let mut on_10 = ModelsByDataset::<Test>::iter_key_prefix(10u64).collect::<Vec<_>>();
		on_10.sort();
		assert_eq!(on_10, vec![a, c]);
		assert_eq!(ModelsByDataset::<Test>::iter_key_prefix(11u64).collect::<Vec<_>>(), vec![c]);
		assert_eq!(ModelsByDataset::<Test>::iter_key_prefix(12u64).count(), 0);
	});
}

#[test]
fn unknown_parent_is_refused() {
	build_and_execute(|| {
		register_model(ALICE, open_license(), vec![], vec![]);
		assert_noop!(
			register_as(
				BOB,
				root_of(1),
				open_license(),
				vec![(0, Derivation::FineTune), (5, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::UnknownParent
		);
	});
}

#[test]
fn unknown_dataset_is_refused() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(0, MockDataset::new(ALICE).license(open_license()));
		assert_noop!(
			register_as(ALICE, root_of(0), open_license(), vec![], vec![0, 1]),
			Error::<Test>::UnknownDataset
		);
	});
}

#[test]
fn retracted_parent_is_refused() {
	build_and_execute(|| {
		let parent = register_model(ALICE, open_license(), vec![], vec![]);
		assert_ok!(Models::retract(RuntimeOrigin::signed(ALICE), parent, bounded(vec![])));
		// Not even its owner may build on it.
		assert_noop!(
			register_as(
				ALICE,
				root_of(1),
				open_license(),
				vec![(parent, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::Retracted
		);
	});
}

#[test]
fn retracted_dataset_is_refused() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(3, MockDataset::new(ALICE).license(open_license()));
		MockRegistry::retract_dataset(3);
		assert_noop!(
			register_as(ALICE, root_of(0), open_license(), vec![], vec![3]),
			Error::<Test>::Retracted
		);
	});
}

/// A model cannot name itself as parent: ids are handed out sequentially *after* every check, and
/// every parent must already exist. The only id the new model could get is `NextModelId`, which no
/// stored model has, so naming it fails as an unknown parent. The lineage graph is therefore a DAG
/// (every edge points to a strictly smaller id), which `try_state` checks.
#[test]
fn naming_itself_as_parent_is_impossible() {
	build_and_execute(|| {
		let base = register_model(ALICE, open_license(), vec![], vec![]);
		let own_id = NextModelId::<Test>::get();
		assert_eq!(own_id, base + 1);
		assert_noop!(
			register_as(
				ALICE,
				root_of(own_id),
				open_license(),
				vec![(own_id, Derivation::FineTune)],
				vec![]
			),
			Error::<Test>::UnknownParent
		);
		assert_noop!(
			register_as(
				ALICE,
				root_of(own_id),
				open_license(),
				vec![(base, Derivation::FineTune), (own_id, Derivation::Merge)],
				vec![]
			),
			Error::<Test>::UnknownParent
		);
		// The same call without the self-reference succeeds and gets exactly that id.
		assert_eq!(
			register_model(ALICE, open_license(), vec![(base, Derivation::FineTune)], vec![]),
			own_id
		);
	});
}

#[test]
fn duplicate_parent_is_refused() {
	build_and_execute(|| {
		let a = register_model(ALICE, open_license(), vec![], vec![]);
		let b = register_model(ALICE, open_license(), vec![], vec![]);
		assert_noop!(
			register_as(
				ALICE,
				root_of(2),
				open_license(),
				vec![(a, Derivation::Merge), (b, Derivation::Merge), (a, Derivation::Adapter)],
				vec![]
			),
			Error::<Test>::DuplicateParent
		);
	});
}

#[test]
fn duplicate_dataset_is_refused() {
	build_and_execute(|| {
		MockRegistry::insert_dataset(0, MockDataset::new(ALICE).license(open_license()));
		MockRegistry::insert_dataset(1, MockDataset::new(ALICE).license(open_license()));
		assert_noop!(
			register_as(ALICE, root_of(0), open_license(), vec![], vec![1, 0, 1]),
			Error::<Test>::DuplicateDataset
		);
	});
}

#[test]
fn duplicate_weights_root_is_refused() {
	build_and_execute(|| {
		register_model(ALICE, open_license(), vec![], vec![]);
		// Whoever tries, the first registrant keeps the root.
		assert_noop!(
			register_as(BOB, root_of(0), open_license(), vec![], vec![]),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			register_as(ALICE, root_of(0), non_commercial(), vec![], vec![]),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn too_many_parents_or_datasets_cannot_even_be_built() {
	build_and_execute(|| {
		// MaxParents = MaxDatasets = 4 in the mock.
		let five_parents: Vec<(ModelId, Derivation)> =
			(0..5).map(|i| (i, Derivation::Merge)).collect();
		assert!(BoundedVec::<(ModelId, Derivation), ConstU32<4>>::try_from(five_parents.clone())
			.is_err());
		assert!(BoundedVec::<DatasetId, ConstU32<4>>::try_from(vec![0u64; 5]).is_err());
		assert!(BoundedVec::<u8, ConstU32<64>>::try_from(vec![0u8; 65]).is_err());

		// An extrinsic carrying more parents (or datasets) than the bound does not decode.
		let encoded_call = |parents: Vec<(ModelId, Derivation)>, datasets: Vec<DatasetId>| {
			// pallet index 2, call index 0, then the arguments in order.
			(
				2u8,
				0u8,
				H256::repeat_byte(1),
				H256::repeat_byte(2),
				b"ipfs://x".to_vec(),
				open_license(),
				Vec::<u8>::new(),
				parents,
				datasets,
				Option::<[u8; 32]>::None,
			)
				.encode()
		};
		let four_parents: Vec<(ModelId, Derivation)> =
			(0..4).map(|i| (i, Derivation::Merge)).collect();
		assert!(
			RuntimeCall::decode(&mut &encoded_call(four_parents.clone(), vec![0; 4])[..]).is_ok()
		);
		assert!(RuntimeCall::decode(&mut &encoded_call(five_parents, vec![])[..]).is_err());
		assert!(RuntimeCall::decode(&mut &encoded_call(four_parents, vec![0; 5])[..]).is_err());
	});
}

#[test]
fn registration_needs_the_deposit() {
	build_and_execute(|| {
		assert_noop!(
			register_as(PAUPER, root_of(0), open_license(), vec![], vec![]),
			Error::<Test>::InsufficientDeposit
		);
		// Just below the deposit (plus the existential deposit that must stay free) is not enough.
		use frame_support::traits::fungible::Mutate;
		let deposit = {
			register_model(ALICE, open_license(), vec![], vec![]);
			ModelsMap::<Test>::get(0u64).expect("stored").deposit
		};
		<Balances as Mutate<AccountId>>::set_balance(&PAUPER, deposit);
		assert_noop!(
			register_as(PAUPER, root_of(1), open_license(), vec![], vec![]),
			Error::<Test>::InsufficientDeposit
		);
		<Balances as Mutate<AccountId>>::set_balance(&PAUPER, deposit + 1);
		assert_ok!(register_as(PAUPER, root_of(1), open_license(), vec![], vec![]));
		assert_eq!(held(PAUPER), deposit);
	});
}

#[test]
fn register_needs_a_signed_origin() {
	build_and_execute(|| {
		assert_noop!(
			Models::register(
				RuntimeOrigin::root(),
				root_of(0),
				H256::zero(),
				bounded(vec![]),
				open_license(),
				bounded(vec![]),
				bounded(vec![]),
				bounded(vec![]),
				None,
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
