//! The runtime upgrade's `try-runtime` checks, run against a real chain's state.
//!
//! `tests/e2e/network/fixtures/local-v103-state.json` is the finalized state of the four-validator
//! `local` network of the upgrade suite (tests/e2e/network/upgrade.test.js) while it still ran the
//! previous release (spec 103), at its sixth block: genesis, three datasets and a two-model
//! lineage (a base model and a fine-tune of it), every storage pair but `:code`. The tests load it
//! into externalities and do what `try-runtime-cli on-runtime-upgrade` does against a live chain,
//! through the same entry point
//! (`Executive::try_runtime_upgrade`, which the `TryRuntime` API calls): every migration's
//! `pre_upgrade`, the migrations, their `post_upgrade`, then every pallet's `try_state`.
//! try-runtime-cli itself is not used: the crates.io release is 0.42.0, built for polkadot v1.10.0
//! (2024), and the maintained one is installed from git, which the project's scripts cannot reach.
//!
//! Regenerate the fixture together with the fixture runtime (fixtures/README.md).

use crate::{
	AccountId, AllPalletsWithSystem, Datasets, Executive, Models, Runtime, System, VERSION,
};
use frame_support::traits::{OnRuntimeUpgrade, TryState, TryStateSelect};
use frame_try_runtime::UpgradeCheckSelect;
use provenance_primitives::{
	views::{DatasetView, ModelView},
	DatasetId, ModelId,
};
use sp_core::{bytes::from_hex, storage::Storage};

const V103_STATE: &str = include_str!("../../tests/e2e/network/fixtures/local-v103-state.json");

/// Externalities holding the spec-103 chain's state.
fn v103_chain() -> sp_io::TestExternalities {
	let snapshot: serde_json::Value =
		serde_json::from_str(V103_STATE).expect("the fixture is JSON");
	assert_eq!(snapshot["specVersion"], 103, "the fixture is the spec-103 chain");
	let pairs = snapshot["top"].as_array().expect("the fixture lists its storage pairs");
	let mut storage = Storage::default();
	for pair in pairs {
		let hex = |i: usize| from_hex(pair[i].as_str().expect("hex string")).expect("valid hex");
		storage.top.insert(hex(0), hex(1));
	}
	sp_io::TestExternalities::new(storage)
}

/// Every dataset and model of the chain, as the RPC returns them.
fn records() -> (Vec<DatasetView<AccountId>>, Vec<ModelView<AccountId>>) {
	let datasets = (0..pallet_datasets::NextDatasetId::<Runtime>::get())
		.filter_map(|id: DatasetId| Datasets::dataset_view(id))
		.collect();
	let models = (0..pallet_models::NextModelId::<Runtime>::get())
		.filter_map(|id: ModelId| Models::model_view(id))
		.collect();
	(datasets, models)
}

#[test]
fn the_fixture_is_a_populated_spec_103_chain() {
	v103_chain().execute_with(|| {
		let last = frame_system::LastRuntimeUpgrade::<Runtime>::get().expect("set at genesis");
		assert_eq!(last.spec_version, 103u32.into());
		assert!(System::block_number() > 0, "a chain that has run");
		assert!(pallet_session::Validators::<Runtime>::get().is_empty(), "no sessions at 103");
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		let (datasets, models) = records();
		assert_eq!(datasets.len(), 3);
		assert_eq!(models.len(), 2);
		assert_eq!(models[1].parents.len(), 1, "the fine-tune names its base model");
	});
}

#[test]
fn the_upgrade_from_the_previous_release_passes_every_try_runtime_check() {
	v103_chain().execute_with(|| {
		let before = records();

		// Pre-upgrade checks, migrations, post-upgrade checks, then every pallet's try_state.
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("every pre/post-upgrade check and try_state passes");
		let max_block = crate::configs::RuntimeBlockWeights::get().max_block;
		assert!(
			weight.all_lte(max_block),
			"the upgrade fits in one block: {weight:?} of {max_block:?}"
		);

		// The v104 migration made the four authorities session validators.
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
		assert_eq!(
			pallet_collator_selection::Invulnerables::<Runtime>::get().len(),
			4,
			"governance now manages the same four validators"
		);
		// Every record reads back unchanged through the current runtime.
		assert_eq!(records(), before);
		let last = frame_system::LastRuntimeUpgrade::<Runtime>::get().expect("recorded");
		assert_eq!(last.spec_version, VERSION.spec_version.into());
	});
}

#[test]
fn a_second_upgrade_is_a_no_op_that_still_passes_every_check() {
	v103_chain().execute_with(|| {
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All).expect("first upgrade");
		let before = (records(), pallet_session::Validators::<Runtime>::get());

		// What the next release's upgrade runs on this chain: the same migrations, all done.
		crate::Migrations::try_on_runtime_upgrade(true).expect("the migrations are idempotent");
		AllPalletsWithSystem::try_state(System::block_number(), TryStateSelect::All)
			.expect("every pallet's invariants hold");
		assert_eq!((records(), pallet_session::Validators::<Runtime>::get()), before);
	});
}

#[test]
fn a_record_that_no_longer_decodes_fails_the_checks() {
	v103_chain().execute_with(|| {
		// What a forgotten migration leaves behind: bytes the current types cannot read.
		let key = pallet_datasets::Datasets::<Runtime>::hashed_key_for(0);
		sp_io::storage::set(&key, &[0xff, 0x01]);
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err());
	});
}
