//! The runtime-API helpers (`model_view`, `model_id_by_root`, `lineage`, `descendants`) and
//! `ModelInspect`.

use super::*;
use provenance_primitives::{
	views::{EdgeKind, LineageEdge, LineageNode},
	Asset, ModelInspect, Status,
};

/// Dataset 0 <- A; A <- B (fine-tune); A <- C (adapter, also trained on dataset 1);
/// B, C <- M (merge). Two paths from M to A: a diamond.
struct Diamond {
	a: ModelId,
	b: ModelId,
	c: ModelId,
	m: ModelId,
}

fn diamond() -> Diamond {
	MockRegistry::insert_dataset(0, MockDataset::new(DAVE).license(open_license()));
	MockRegistry::insert_dataset(1, MockDataset::new(DAVE).license(open_license()));
	let a = register_model(ALICE, open_license(), vec![], vec![0]);
	let b = register_model(BOB, open_license(), vec![(a, Derivation::FineTune)], vec![]);
	let c = register_model(CHARLIE, open_license(), vec![(a, Derivation::Adapter)], vec![1]);
	let m = register_model(
		DAVE,
		open_license(),
		vec![(b, Derivation::Merge), (c, Derivation::Merge)],
		vec![],
	);
	Diamond { a, b, c, m }
}

fn derived(from: ModelId, to: ModelId, how: Derivation) -> LineageEdge {
	LineageEdge { from, to: Asset::Model(to), kind: EdgeKind::Derived(how) }
}

fn trained(from: ModelId, dataset: u64) -> LineageEdge {
	LineageEdge { from, to: Asset::Dataset(dataset), kind: EdgeKind::TrainedOn }
}

fn ids(nodes: &[LineageNode]) -> Vec<u64> {
	nodes.iter().map(|n| n.id).collect()
}

fn sorted(mut v: Vec<ModelId>) -> Vec<ModelId> {
	v.sort();
	v
}

#[test]
fn lineage_of_a_diamond_lists_each_node_once_and_every_edge() {
	build_and_execute(|| {
		let Diamond { a, b, c, m } = diamond();
		let lineage = Models::lineage(m, 10, 100).expect("exists");
		assert_eq!(lineage.root, m);
		assert_eq!(ids(&lineage.models), vec![b, c, a]);
		assert_eq!(ids(&lineage.datasets), vec![1, 0]);
		assert_eq!(
			lineage.edges,
			vec![
				derived(m, b, Derivation::Merge),
				derived(m, c, Derivation::Merge),
				derived(b, a, Derivation::FineTune),
				derived(c, a, Derivation::Adapter),
				trained(c, 1),
				trained(a, 0),
			]
		);
		assert!(!lineage.truncated);

		// A base model has an empty lineage.
		let base = Models::lineage(a, 10, 100).expect("exists");
		assert_eq!(ids(&base.models), Vec::<u64>::new());
		assert_eq!(ids(&base.datasets), vec![0]);
		assert_eq!(base.edges, vec![trained(a, 0)]);
		assert!(!base.truncated);
		assert_eq!(Models::lineage(m + 1, 10, 100), None);
	});
}

#[test]
fn lineage_limits_set_the_truncated_flag() {
	build_and_execute(|| {
		let Diamond { a, b, c, m } = diamond();

		let shallow = Models::lineage(m, 1, 100).expect("exists");
		assert_eq!(ids(&shallow.models), vec![b, c]);
		assert!(shallow.datasets.is_empty());
		assert_eq!(
			shallow.edges,
			vec![derived(m, b, Derivation::Merge), derived(m, c, Derivation::Merge)]
		);
		assert!(shallow.truncated);

		let none = Models::lineage(m, 0, 100).expect("exists");
		assert!(none.models.is_empty() && none.edges.is_empty() && none.truncated);

		// Two nodes only: B and C; their edges to A are left out.
		let few = Models::lineage(m, 10, 2).expect("exists");
		assert_eq!(ids(&few.models), vec![b, c]);
		assert!(few.datasets.is_empty());
		assert_eq!(few.edges.len(), 2);
		assert!(few.truncated);

		// Exactly enough room: not truncated.
		let exact = Models::lineage(m, 3, 5).expect("exists");
		assert_eq!(ids(&exact.models), vec![b, c, a]);
		assert_eq!(ids(&exact.datasets), vec![1, 0]);
		assert!(!exact.truncated);

		// A base model without datasets at depth 0 has nothing to cut.
		let lone = register_model(ALICE, open_license(), vec![], vec![]);
		assert!(!Models::lineage(lone, 0, 0).expect("exists").truncated);
		assert!(Models::lineage(a, 0, 0).expect("exists").truncated);
	});
}

#[test]
fn descendants_of_a_diamond_walk_the_reverse_indices() {
	build_and_execute(|| {
		let Diamond { a, b, c, m } = diamond();

		let of_dataset = Models::descendants(Asset::Dataset(0), 10, 100).expect("exists");
		assert_eq!(of_dataset.models.len(), 4, "M reached twice but listed once");
		assert_eq!(of_dataset.models[0], a);
		assert_eq!(sorted(of_dataset.models[1..3].to_vec()), vec![b, c]);
		assert_eq!(of_dataset.models[3], m);
		assert!(!of_dataset.truncated);

		let of_a = Models::descendants(Asset::Model(a), 10, 100).expect("exists");
		assert_eq!(sorted(of_a.models[..2].to_vec()), vec![b, c]);
		assert_eq!(of_a.models[2..], [m]);
		assert!(!of_a.truncated);

		assert_eq!(
			Models::descendants(Asset::Dataset(1), 10, 100).expect("exists").models,
			vec![c, m]
		);
		let leaf = Models::descendants(Asset::Model(m), 10, 100).expect("exists");
		assert!(leaf.models.is_empty() && !leaf.truncated);

		// Limits.
		let shallow = Models::descendants(Asset::Model(a), 1, 100).expect("exists");
		assert_eq!(sorted(shallow.models), vec![b, c]);
		assert!(shallow.truncated);
		let few = Models::descendants(Asset::Dataset(0), 10, 2).expect("exists");
		assert_eq!(few.models.len(), 2);
		assert!(few.truncated);
		let exact = Models::descendants(Asset::Model(a), 2, 3).expect("exists");
		assert_eq!(exact.models.len(), 3);
		assert!(!exact.truncated);

		// Unknown assets.
		assert_eq!(Models::descendants(Asset::Model(m + 1), 10, 100), None);
		assert_eq!(Models::descendants(Asset::Dataset(2), 10, 100), None);
		// A dataset no model was trained on.
		MockRegistry::insert_dataset(2, MockDataset::new(DAVE).license(open_license()));
		assert!(Models::descendants(Asset::Dataset(2), 10, 100).expect("exists").models.is_empty());
	});
}

#[test]
fn model_view_and_lookup_by_root() {
	build_and_execute(|| {
		let Diamond { c, .. } = diamond();
		assert_ok!(Models::add_operator(RuntimeOrigin::signed(CHARLIE), c, DAVE));
		let view = Models::model_view(c).expect("exists");
		assert_eq!(view.id, c);
		assert_eq!(view.owner, CHARLIE);
		assert_eq!(view.weights_root, root_of(c));
		assert_eq!(view.config_hash, H256::repeat_byte(7));
		assert_eq!(view.uri, b"ipfs://weights".to_vec());
		assert_eq!(view.license, open_license());
		assert_eq!(view.parents, vec![(0, Derivation::Adapter)]);
		assert_eq!(view.datasets, vec![1]);
		assert_eq!(view.operators, vec![DAVE]);
		assert_eq!(view.registered_at, 1);
		assert_eq!(view.status, Status::Active);

		assert_eq!(Models::model_id_by_root(root_of(c)), Some(c));
		assert_eq!(Models::model_id_by_root(H256::zero()), None);
		assert_eq!(Models::model_view(99), None);
	});
}

#[test]
fn model_inspect_for_other_pallets() {
	build_and_execute(|| {
		let Diamond { a, m, .. } = diamond();
		let summary = <Models as ModelInspect<AccountId>>::model_summary(m).expect("exists");
		assert_eq!(summary.owner, DAVE);
		assert_eq!(summary.status, Status::Active);
		assert_eq!(summary.license, open_license());
		assert!(!summary.non_commercial_lineage);
		assert_eq!(
			<Models as ModelInspect<AccountId>>::model_parents(m),
			vec![(1, Derivation::Merge), (2, Derivation::Merge)]
		);
		assert_eq!(<Models as ModelInspect<AccountId>>::model_datasets(a), vec![0]);
		assert_eq!(<Models as ModelInspect<AccountId>>::model_summary(42), None);
		assert!(<Models as ModelInspect<AccountId>>::model_parents(42).is_empty());
		assert!(<Models as ModelInspect<AccountId>>::model_datasets(42).is_empty());
	});
}

/// Whatever a caller asks (a raw `state_call` can pass `u32::MAX`), a walk goes no deeper than
/// `MaxQueryDepth` (256 in the mock) and lists no more than `MaxQueryNodes` (300 in the mock).
#[test]
fn walks_are_clamped_to_the_runtime_bounds() {
	build_and_execute(|| {
		// A chain of 260 fine-tunes: 259 ancestors above the last model.
		let mut chain = vec![register_model(ALICE, open_license(), vec![], vec![])];
		for _ in 0..259 {
			let parent = *chain.last().expect("non-empty");
			chain.push(register_model(
				ALICE,
				open_license(),
				vec![(parent, Derivation::FineTune)],
				vec![],
			));
		}
		let last = *chain.last().expect("non-empty");
		let deep = Models::lineage(last, u32::MAX, u32::MAX).expect("exists");
		assert_eq!(deep.models.len(), 256);
		assert!(deep.truncated);
		let below =
			Models::descendants(Asset::Model(chain[0]), u32::MAX, u32::MAX).expect("exists");
		assert_eq!(below.models.len(), 256);
		assert!(below.truncated);

		// A model with 301 direct children: the node bound cuts the list at 300.
		let base = register_model(BOB, open_license(), vec![], vec![]);
		for _ in 0..301 {
			register_model(BOB, open_license(), vec![(base, Derivation::Adapter)], vec![]);
		}
		let wide = Models::descendants(Asset::Model(base), u32::MAX, u32::MAX).expect("exists");
		assert_eq!(wide.models.len(), 300);
		assert!(wide.truncated);
	});
}

#[test]
fn lineage_shows_every_status_and_taint_whatever_the_depth_asked() {
	new_test_ext().execute_with(|| {
		let Diamond { a, b, c, m } = diamond();
		let clean = Models::lineage(m, 10, 100).expect("exists");
		assert!(!clean.tainted_ancestry);
		assert_eq!(clean.status, Status::Active);

		// A disputed ancestor is shown but does not taint.
		Models::set_disputed(b, true);
		let disputed = Models::lineage(m, 10, 100).expect("exists");
		assert_eq!(
			disputed.models[0],
			LineageNode {
				id: b,
				status: Status::Disputed,
				root: root_of(b),
				license: Models::model_view(b).expect("exists").license,
			}
		);
		assert!(!disputed.tainted_ancestry);

		// A retracted dataset two levels up taints M even when only one level is asked for.
		MockRegistry::retract_dataset(0);
		let full = Models::lineage(m, 10, 100).expect("exists");
		// Each node carries its root and licence.
		assert!(full.datasets.contains(&LineageNode {
			id: 0,
			status: Status::Retracted,
			root: MockRegistry::dataset_root(0),
			license: MockRegistry::dataset(0).expect("exists").license,
		}));
		assert_eq!(full.weights_root, root_of(m));
		assert!(full.tainted_ancestry);
		let shallow = Models::lineage(m, 1, 100).expect("exists");
		assert_eq!(ids(&shallow.models), vec![b, c]);
		assert!(shallow.truncated && shallow.tainted_ancestry);
		// A's own lineage is tainted too; C's (trained on dataset 1, child of A) as well.
		assert!(Models::lineage(a, 10, 100).expect("exists").tainted_ancestry);
		assert!(Models::lineage(c, 10, 100).expect("exists").tainted_ancestry);
	});
}
