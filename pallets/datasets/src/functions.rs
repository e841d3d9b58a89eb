//! The rules of the registry: what each call checks and writes, and the deposit arithmetic.

use crate::{
	types::{BalanceOf, CommitmentOf, ContributorsOf, Dataset},
	Commitments, Config, DatasetByRoot, Datasets, DatasetsByOwner, Error, Event, HoldReason,
	NextDatasetId, Pallet, PendingTransfers,
};
use codec::Encode;
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{
	check_shares, registration_commitment, Asset, Commitment, DatasetId, License,
	OnOwnershipChanged, Registered, SharesError, Status,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// Register a dataset owned by `who`; see [`Pallet::register`]. Returns the new id and
	/// whether a record was displaced.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_register(
		who: T::AccountId,
		content_root: H256,
		size_bytes: u64,
		uri: BoundedVec<u8, T::MaxUriLen>,
		license: License,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
		contributors: ContributorsOf<T>,
		previous_version: Option<DatasetId>,
		salt: Option<[u8; 32]>,
	) -> Result<Registered<DatasetId>, DispatchError> {
		Self::ensure_shares(&contributors)?;
		let committed_at = match salt {
			Some(salt) => Some(Self::take_commitment(&who, &content_root, &salt)?),
			None => None,
		};
		let displaced = match DatasetByRoot::<T>::get(content_root) {
			None => None,
			Some(existing) => {
				let record = Datasets::<T>::get(existing).ok_or(Error::<T>::AlreadyRegistered)?;
				// Only a record registered (by someone else) in a block after the commitment was
				// made can be taken over.
				let displaceable = committed_at
					.is_some_and(|made_at| record.registered_at > made_at && record.owner != who);
				ensure!(displaceable, Error::<T>::AlreadyRegistered);
				Some((existing, record))
			}
		};
		if let Some(previous) = previous_version {
			let previous =
				Datasets::<T>::get(previous).ok_or(Error::<T>::UnknownPreviousVersion)?;
			ensure!(previous.owner == who, Error::<T>::NotOwner);
		}

		let id = NextDatasetId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;

		let mut record = Dataset::<T> {
			owner: who.clone(),
			content_root,
			size_bytes,
			uri,
			license,
			metadata,
			contributors,
			previous_version,
			registered_at: frame_system::Pallet::<T>::block_number(),
			status: Status::Active,
			deposit: Zero::zero(),
		};
		let deposit = Self::deposit_for(&record);
		Self::hold_deposit(&who, deposit)?;
		record.deposit = deposit;

		let displaced_any = displaced.is_some();
		if let Some((displaced_id, displaced_record)) = displaced {
			Self::displace(displaced_id, displaced_record, &who, id)?;
		}
		NextDatasetId::<T>::put(next);
		Datasets::<T>::insert(id, record);
		DatasetByRoot::<T>::insert(content_root, id);
		DatasetsByOwner::<T>::insert(&who, id, ());

		Self::deposit_event(Event::DatasetRegistered { id, owner: who, content_root });
		Ok(Registered { id, displaced: displaced_any })
	}

	/// Replace `uri` and `metadata`; see [`Pallet::update_metadata`].
	pub(crate) fn do_update_metadata(
		who: T::AccountId,
		id: DatasetId,
		uri: BoundedVec<u8, T::MaxUriLen>,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		let mut record = Self::owned_active(&who, id)?;
		record.uri = uri;
		record.metadata = metadata;
		Self::readjust_deposit(id, &mut record)?;
		Datasets::<T>::insert(id, record);
		Self::deposit_event(Event::MetadataUpdated { id });
		Ok(())
	}

	/// Replace the contributors; see [`Pallet::set_contributors`].
	pub(crate) fn do_set_contributors(
		who: T::AccountId,
		id: DatasetId,
		contributors: ContributorsOf<T>,
	) -> DispatchResult {
		let mut record = Self::owned_active(&who, id)?;
		Self::ensure_shares(&contributors)?;
		record.contributors = contributors;
		Self::readjust_deposit(id, &mut record)?;
		Datasets::<T>::insert(id, record);
		Self::deposit_event(Event::ContributorsSet { id });
		Ok(())
	}

	/// Record a commitment of `who`; see [`Pallet::commit`].
	pub(crate) fn do_commit(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(!Commitments::<T>::contains_key(commitment), Error::<T>::AlreadyCommitted);
		let deposit = T::CommitmentDeposit::get();
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::CommitmentDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		let made_at = frame_system::Pallet::<T>::block_number();
		Commitments::<T>::insert(commitment, Commitment { who: who.clone(), made_at, deposit });
		Self::deposit_event(Event::Committed { who, commitment });
		Ok(())
	}

	/// Remove a commitment and release its deposit; see [`Pallet::clear_commitment`].
	pub(crate) fn do_clear_commitment(who: T::AccountId, commitment: H256) -> DispatchResult {
		let pending = Commitments::<T>::get(commitment).ok_or(Error::<T>::UnknownCommitment)?;
		if pending.who != who {
			let expires_at = pending.made_at.saturating_add(T::CommitmentLifetime::get());
			ensure!(
				frame_system::Pallet::<T>::block_number() > expires_at,
				Error::<T>::CommitmentNotExpired
			);
		}
		Commitments::<T>::remove(commitment);
		Self::release_commitment_deposit(&pending)?;
		Self::deposit_event(Event::CommitmentCleared { commitment });
		Ok(())
	}

	/// Consume the matured, unexpired commitment of `who` to `content_root` with `salt`;
	/// returns the block it was made in.
	fn take_commitment(
		who: &T::AccountId,
		content_root: &H256,
		salt: &[u8; 32],
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let commitment = registration_commitment(content_root, who, salt);
		let pending = Commitments::<T>::get(commitment).ok_or(Error::<T>::UnknownCommitment)?;
		ensure!(pending.who == *who, Error::<T>::UnknownCommitment);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > pending.made_at, Error::<T>::CommitmentNotMatured);
		let expires_at = pending.made_at.saturating_add(T::CommitmentLifetime::get());
		ensure!(now <= expires_at, Error::<T>::CommitmentExpired);
		Commitments::<T>::remove(commitment);
		Self::release_commitment_deposit(&pending)?;
		Ok(pending.made_at)
	}

	fn release_commitment_deposit(pending: &CommitmentOf<T>) -> DispatchResult {
		if pending.deposit.is_zero() {
			return Ok(());
		}
		T::Currency::release(
			&HoldReason::CommitmentDeposit.into(),
			&pending.who,
			pending.deposit,
			Precision::BestEffort,
		)
		.map(|_| ())
	}

	/// Mark `record` (`id`) displaced by the committer `by_who`'s new dataset `by`: its deposit
	/// moves from its owner to the committer (free), the root will index `by`.
	fn displace(
		id: DatasetId,
		mut record: Dataset<T>,
		by_who: &T::AccountId,
		by: DatasetId,
	) -> DispatchResult {
		let deposit = record.deposit;
		if !deposit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::DatasetDeposit.into(),
				&record.owner,
				by_who,
				deposit,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		record.deposit = Zero::zero();
		record.status = Status::Displaced;
		Datasets::<T>::insert(id, record);
		PendingTransfers::<T>::remove(id);
		Self::deposit_event(Event::DatasetDisplaced { id, by, deposit });
		Ok(())
	}

	/// Record an offer of `id` to `to`; see [`Pallet::offer_transfer`].
	pub(crate) fn do_offer_transfer(
		who: T::AccountId,
		id: DatasetId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::owned_active(&who, id)?;
		ensure!(record.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(to != who, Error::<T>::AlreadyOwner);
		PendingTransfers::<T>::insert(id, to.clone());
		Self::deposit_event(Event::TransferOffered { id, from: who, to });
		Ok(())
	}

	/// Hand `id` and its deposit to `who`, to whom it was offered; see
	/// [`Pallet::accept_transfer`].
	pub(crate) fn do_accept_transfer(who: T::AccountId, id: DatasetId) -> DispatchResult {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		let offered_to = PendingTransfers::<T>::get(id).ok_or(Error::<T>::NoOffer)?;
		ensure!(offered_to == who, Error::<T>::NotOfferedToYou);
		ensure!(record.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(record.status == Status::Active, Error::<T>::Retracted);
		Self::hand_over(id, record, who, Fortitude::Polite)
	}

	/// Make `to` the owner of `record` (`id`): the deposit travels with it, still held (the old
	/// owner paid it and the new owner's free balance is not touched); any offer is dropped and
	/// the royalty settings are reset.
	fn hand_over(
		id: DatasetId,
		mut record: Dataset<T>,
		to: T::AccountId,
		fortitude: Fortitude,
	) -> DispatchResult {
		let from = record.owner.clone();
		if !record.deposit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::DatasetDeposit.into(),
				&from,
				&to,
				record.deposit,
				Precision::Exact,
				Restriction::OnHold,
				fortitude,
			)?;
		}
		record.owner = to.clone();

		PendingTransfers::<T>::remove(id);
		DatasetsByOwner::<T>::remove(&from, id);
		DatasetsByOwner::<T>::insert(&to, id, ());
		Datasets::<T>::insert(id, record);
		T::OnOwnershipChanged::ownership_changed(Asset::Dataset(id));
		Self::deposit_event(Event::OwnershipTransferred { id, from, to });
		Ok(())
	}

	// ---- dispute verdicts (called by the Disputes pallet through the runtime) ----

	/// Mark `id` `Disputed` (from `Active`) or `Active` again (from `Disputed`); other statuses
	/// and unknown ids are left alone.
	pub fn set_disputed(id: DatasetId, disputed: bool) {
		let (from, to) = if disputed {
			(Status::Active, Status::Disputed)
		} else {
			(Status::Disputed, Status::Active)
		};
		Datasets::<T>::mutate(id, |record| {
			if let Some(record) = record.as_mut().filter(|r| r.status == from) {
				record.status = to;
			}
		});
	}

	/// A `Retract` verdict: `id` is retracted and the deposit its owner held for it goes to
	/// `deposit_to`, free.
	pub fn retract_by_verdict(id: DatasetId, deposit_to: &T::AccountId) -> DispatchResult {
		let mut record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(record.status.is_usable(), Error::<T>::Retracted);
		let amount = record.deposit;
		if !amount.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::DatasetDeposit.into(),
				&record.owner,
				deposit_to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		let from = record.owner.clone();
		record.deposit = Zero::zero();
		record.status = Status::Retracted;
		Datasets::<T>::insert(id, record);
		PendingTransfers::<T>::remove(id);
		Self::deposit_event(Event::DepositForfeited { id, from, to: deposit_to.clone(), amount });
		Self::deposit_event(Event::DatasetRetracted {
			id,
			reason: BoundedVec::truncate_from(b"dispute verdict".to_vec()),
		});
		Ok(())
	}

	/// A `TransferTo(to)` verdict: `to` owns `id`, with its root index and its deposit (still
	/// held, now from `to`).
	pub fn transfer_by_verdict(id: DatasetId, to: &T::AccountId) -> DispatchResult {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(record.status.is_usable(), Error::<T>::Retracted);
		ensure!(record.owner != *to, Error::<T>::AlreadyOwner);
		Self::hand_over(id, record, to.clone(), Fortitude::Force)?;
		// The contributors were the previous owner's claim too: the rightful owner now receives
		// the dataset's royalties (and may name contributors again with `set_contributors`).
		let mut record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		record.contributors = BoundedVec::truncate_from(alloc::vec![(to.clone(), Perbill::one())]);
		Self::readjust_deposit(id, &mut record)?;
		Datasets::<T>::insert(id, record);
		Self::deposit_event(Event::ContributorsSet { id });
		Ok(())
	}

	/// Withdraw the open offer of `id`; see [`Pallet::cancel_transfer`].
	pub(crate) fn do_cancel_transfer(who: T::AccountId, id: DatasetId) -> DispatchResult {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(record.owner == who, Error::<T>::NotOwner);
		let to = PendingTransfers::<T>::take(id).ok_or(Error::<T>::NoOffer)?;
		Self::deposit_event(Event::TransferCancelled { id, to });
		Ok(())
	}

	/// Retract a dataset; `who` is `None` for Root. See [`Pallet::retract`].
	pub(crate) fn do_retract(
		who: Option<T::AccountId>,
		id: DatasetId,
		reason: BoundedVec<u8, T::MaxReasonLen>,
	) -> DispatchResult {
		let mut record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		if let Some(who) = who {
			ensure!(record.owner == who, Error::<T>::NotOwner);
		}
		ensure!(record.status != Status::Disputed, Error::<T>::UnderDispute);
		ensure!(record.status == Status::Active, Error::<T>::Retracted);
		// Retracted datasets stay as history: the deposit stays held from the owner.
		record.status = Status::Retracted;
		Datasets::<T>::insert(id, record);
		PendingTransfers::<T>::remove(id);
		Self::deposit_event(Event::DatasetRetracted { id, reason });
		Ok(())
	}

	/// The record `id` if it exists, is owned by `who` and is active or disputed.
	fn owned_active(who: &T::AccountId, id: DatasetId) -> Result<Dataset<T>, DispatchError> {
		let record = Datasets::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(record.owner == *who, Error::<T>::NotOwner);
		ensure!(record.status.is_usable(), Error::<T>::Retracted);
		Ok(record)
	}

	/// Maps [`check_shares`] failures to this pallet's errors.
	fn ensure_shares(contributors: &[(T::AccountId, Perbill)]) -> DispatchResult {
		check_shares(contributors).map_err(|e| {
			match e {
				SharesError::Empty => Error::<T>::NoContributors,
				SharesError::Duplicate => Error::<T>::DuplicateContributor,
				SharesError::NotWhole => Error::<T>::SharesNotWhole,
			}
			.into()
		})
	}

	// ---- deposits ----

	/// Bytes a record occupies in storage: the length of its SCALE encoding, as stored (the
	/// `deposit` field included; it has the fixed width of the balance type, so its value does
	/// not change the length).
	pub fn stored_bytes(record: &Dataset<T>) -> u32 {
		u32::try_from(record.encoded_size()).unwrap_or(u32::MAX)
	}

	/// `DepositBase + DepositPerByte * bytes`, saturating.
	pub fn deposit_for_bytes(bytes: u32) -> BalanceOf<T> {
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// The deposit a record requires: `deposit_for_bytes(stored_bytes(record))`.
	pub fn deposit_for(record: &Dataset<T>) -> BalanceOf<T> {
		Self::deposit_for_bytes(Self::stored_bytes(record))
	}

	/// Hold `amount` from `who`; failing to hold (funds, account) is `InsufficientDeposit`.
	pub(crate) fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::DatasetDeposit.into(), who, amount).map_err(|e| match e {
			DispatchError::Token(_) => Error::<T>::InsufficientDeposit.into(),
			other => other,
		})
	}

	/// Release up to `amount` of the dataset deposit held from `who`.
	fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::DatasetDeposit.into(), who, amount, Precision::BestEffort)
			.map(|_| ())
	}

	/// Recompute the deposit of a changed record and hold or release the difference from its
	/// owner. Emits `DepositUpdated` when the amount changed.
	fn readjust_deposit(id: DatasetId, record: &mut Dataset<T>) -> DispatchResult {
		let old_deposit = record.deposit;
		let new_deposit = Self::deposit_for(record);
		if new_deposit > old_deposit {
			Self::hold_deposit(&record.owner, new_deposit.saturating_sub(old_deposit))?;
		} else if new_deposit < old_deposit {
			Self::release_deposit(&record.owner, old_deposit.saturating_sub(new_deposit))?;
		} else {
			return Ok(());
		}
		record.deposit = new_deposit;
		Self::deposit_event(Event::DepositUpdated {
			id,
			owner: record.owner.clone(),
			old_deposit,
			new_deposit,
		});
		Ok(())
	}
}
