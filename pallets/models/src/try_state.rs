//! Cross-map invariants, checked by `try_state` and after every unit test.

use crate::{pallet::*, BalanceOf};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use provenance_primitives::{DatasetInspect, Status};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - every model id is below `NextModelId` and `ModelByRoot` maps its weights root to it,
	///   unless it is displaced (then the root maps to another model, and it holds no deposit
	///   and no operators);
	/// - the commitment deposit held from each account equals its pending commitments', and no
	///   model is offered to its own owner;
	/// - every parent is an older existing model and every dataset exists;
	/// - `Children` and `ModelsByDataset` hold exactly the forward edges, no more, no less;
	/// - every `non_commercial_lineage` flag equals its definition over direct parents and
	///   datasets, and no commercial licence sits on a non-commercial lineage;
	/// - `ModelByRoot` has no stale entry, `Operators` no entry for a missing model, no duplicate
	///   and no empty list;
	/// - every owner's `ModelDeposit` hold equals the sum of the deposits of the models they own.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextModelId::<T>::get();
		let mut held = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut forward_edges: u64 = 0;

		for (id, model) in Models::<T>::iter() {
			ensure!(id < next_id, "a model id is not below NextModelId");
			if model.status == Status::Displaced {
				// History: its deposit went to the committer, its root indexes the committer's.
				ensure!(model.deposit.is_zero(), "a displaced model still has a deposit");
				ensure!(!Operators::<T>::contains_key(id), "a displaced model has operators");
				ensure!(
					ModelByRoot::<T>::get(model.weights_root).is_some_and(|other| other != id),
					"a displaced model's root does not index another model"
				);
			} else {
				ensure!(
					ModelByRoot::<T>::get(model.weights_root) == Some(id),
					"ModelByRoot does not map a model's weights root to it"
				);
			}

			let mut restricted_upstream = false;
			for (parent_id, how) in model.parents.iter() {
				ensure!(*parent_id < id, "a parent is not older than its child");
				let parent = Models::<T>::get(parent_id).ok_or("a parent model does not exist")?;
				ensure!(
					Children::<T>::get(parent_id, id) == Some(*how),
					"a parent edge has no matching Children entry"
				);
				restricted_upstream = restricted_upstream || parent.non_commercial_lineage;
				forward_edges = forward_edges.saturating_add(1);
			}
			for dataset_id in model.datasets.iter() {
				let dataset = T::Datasets::dataset_summary(*dataset_id)
					.ok_or("a training dataset does not exist")?;
				ensure!(
					ModelsByDataset::<T>::contains_key(dataset_id, id),
					"a dataset edge has no matching ModelsByDataset entry"
				);
				restricted_upstream = restricted_upstream || !dataset.license.commercial_use;
				forward_edges = forward_edges.saturating_add(1);
			}
			ensure!(
				model.non_commercial_lineage
					== (restricted_upstream || !model.license.commercial_use),
				"a non_commercial_lineage flag is inconsistent"
			);
			ensure!(
				!(model.license.commercial_use && restricted_upstream),
				"a commercial model descends from a non-commercial asset"
			);

			let entry = held.entry(model.owner.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(model.deposit);
		}

		let mut reverse_edges: u64 = 0;
		for (parent_id, child_id, how) in Children::<T>::iter() {
			let child =
				Models::<T>::get(child_id).ok_or("a Children entry names a missing model")?;
			ensure!(
				child.parents.contains(&(parent_id, how)),
				"a Children entry has no matching parent edge"
			);
			reverse_edges = reverse_edges.saturating_add(1);
		}
		for (dataset_id, model_id, ()) in ModelsByDataset::<T>::iter() {
			let model = Models::<T>::get(model_id)
				.ok_or("a ModelsByDataset entry names a missing model")?;
			ensure!(
				model.datasets.contains(&dataset_id),
				"a ModelsByDataset entry has no matching dataset edge"
			);
			reverse_edges = reverse_edges.saturating_add(1);
		}
		ensure!(
			forward_edges == reverse_edges,
			"reverse indices and forward edges differ in number"
		);

		for (root, id) in ModelByRoot::<T>::iter() {
			ensure!(
				Models::<T>::get(id).map(|model| model.weights_root) == Some(root),
				"a ModelByRoot entry is stale"
			);
		}

		for (id, operators) in Operators::<T>::iter() {
			ensure!(Models::<T>::contains_key(id), "operators of a missing model");
			ensure!(!operators.is_empty(), "an empty operator list is stored");
			for (i, operator) in operators.iter().enumerate() {
				ensure!(
					!operators.iter().skip(i.saturating_add(1)).any(|other| other == operator),
					"an operator is listed twice"
				);
			}
		}

		let mut commitments: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (_, pending) in Commitments::<T>::iter() {
			let entry = commitments.entry(pending.who).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(pending.deposit);
		}
		for (who, total) in commitments {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CommitmentDeposit.into(), &who) == total,
				"held commitment deposits differ from the pending commitments"
			);
		}
		for (id, to) in PendingTransfers::<T>::iter() {
			let model = Models::<T>::get(id).ok_or("an offer names a missing model")?;
			ensure!(model.owner != to, "a model is offered to its owner");
		}

		for (owner, deposits) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ModelDeposit.into(), &owner) == deposits,
				"an owner's held deposit differs from the sum of their models' deposits"
			);
		}
		Ok(())
	}
}
