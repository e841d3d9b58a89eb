//! Runtime-level storage migrations: changes that span several pallets.

/// Spec 103 → 104: validators move from fixed genesis authorities to sessions.
///
/// Up to spec 103 the validator set was the Aura and GRANDPA authorities written at genesis; from
/// 104 it is `CollatorSelection`'s governance-managed set, handed to Aura and GRANDPA by
/// `Session`. A chain upgraded from 103 has empty `Session` and `CollatorSelection` storage and
/// would author no block with a known author and never rotate sessions. This migration registers
/// the running validators, unchanged:
///
/// * each Aura authority, paired by position with the GRANDPA authority of the same index (the
///   order both were written in at genesis), becomes a validator whose account is its Aura
///   (sr25519) public key and whose session keys are exactly its current Aura and GRANDPA keys —
///   on the dev and local chains that account is the well-known one (Alice, Bob, …);
/// * the validators become `CollatorSelection`'s invulnerables, `Session`'s current and queued
///   set (so the first rotation changes nothing), and session 0 of `Historical` (so equivocation
///   reports can prove their keys); GRANDPA's current set maps to session 0.
///
/// Each validator can then rotate its keys (`Session.set_keys`) and governance can change the set.
///
/// Not a `VersionedMigration`: FRAME sets a pallet's storage version when the pallet first appears
/// in the runtime, before any migration runs, so `Session`'s version cannot tell a spec-103 chain
/// from a newer one. The migration is guarded by the state instead — it runs only while
/// `Session.Validators` is empty and Aura has authorities (exactly the spec-103 state; a chain
/// started at 104 or later has its validators from genesis) — so it is a no-op on every later
/// upgrade. Bounded: at most `MaxAuthorities` (32) validators.
pub mod v104 {
	use crate::{opaque::SessionKeys, AccountId, Runtime, Session};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use alloc::vec::Vec as AllocVec;
	use frame_support::{
		traits::{OnRuntimeUpgrade, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The validators of a spec-103 chain: `(account, session keys)` from the Aura and GRANDPA
	/// authorities, paired by position; `None` if the two sets differ in length (then nothing
	/// can be paired safely and the migration leaves the chain as it is).
	pub fn validators_from_authorities() -> Option<AllocVec<(AccountId, SessionKeys)>> {
		let aura = pallet_aura::Authorities::<Runtime>::get();
		let grandpa = pallet_grandpa::Authorities::<Runtime>::get();
		if aura.len() != grandpa.len() || aura.is_empty() {
			return None;
		}
		Some(
			aura.iter()
				.zip(grandpa.iter())
				.map(|(aura, (grandpa, _weight))| {
					let account = AccountId::from(sp_core::sr25519::Public::from(aura.clone()));
					(account, SessionKeys { aura: aura.clone(), grandpa: grandpa.clone() })
				})
				.collect(),
		)
	}

	/// The migration without the version check; use [`IntroduceSessions`].
	pub struct InnerIntroduceSessions;

	impl UncheckedOnRuntimeUpgrade for InnerIntroduceSessions {
		fn on_runtime_upgrade() -> Weight {
			let db = <Runtime as frame_system::Config>::DbWeight::get();
			let Some(validators) = validators_from_authorities() else {
				frame_support::defensive!(
					"v104: Aura and GRANDPA authority sets differ; validators not registered"
				);
				return db.reads(2);
			};
			let count = validators.len() as u64;

			let mut accounts: AllocVec<AccountId> = AllocVec::new();
			for (account, keys) in &validators {
				pallet_session::NextKeys::<Runtime>::insert(account, keys);
				for (raw, key_type) in keys.clone().into_raw_public_keys() {
					pallet_session::KeyOwner::<Runtime>::insert((key_type, raw), account);
				}
				// What `Session.set_keys` does: the keys keep the account alive.
				if frame_system::Pallet::<Runtime>::inc_consumers_without_limit(account).is_err() {
					frame_system::Pallet::<Runtime>::inc_providers(account);
				}
				accounts.push(account.clone());
			}
			pallet_session::Validators::<Runtime>::put(accounts.clone());
			pallet_session::QueuedKeys::<Runtime>::put(validators);

			let mut sorted = accounts;
			sorted.sort();
			if let Ok(invulnerables) = sorted.try_into() {
				pallet_collator_selection::Invulnerables::<Runtime>::put::<
					frame_support::BoundedVec<
						AccountId,
						<Runtime as pallet_collator_selection::Config>::MaxInvulnerables,
					>,
				>(invulnerables);
			}

			// Session 0's validator root (what the session's genesis would have stored), and
			// GRANDPA's current set belongs to it.
			<<Runtime as pallet_session::Config>::SessionManager as pallet_session::SessionManager<
				AccountId,
			>>::new_session_genesis(0);
			pallet_grandpa::SetIdSession::<Runtime>::insert(
				pallet_grandpa::CurrentSetId::<Runtime>::get(),
				0,
			);

			// Per validator: NextKeys, two KeyOwner entries, the account; then the sets, the
			// historical root and GRANDPA's set mapping.
			db.reads_writes(
				count.saturating_mul(2).saturating_add(6),
				count.saturating_mul(4).saturating_add(14),
			)
		}

		/// The authorities before the upgrade.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let validators = validators_from_authorities()
				.ok_or("v104: Aura and GRANDPA authority sets differ")?;
			Ok(validators.encode())
		}

		/// Every validator is registered with its old keys, the authorities are unchanged.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before: AllocVec<(AccountId, SessionKeys)> =
				Decode::decode(&mut &state[..]).map_err(|_| "v104: pre_upgrade state")?;
			check_registered(&before).map_err(Into::into)
		}
	}

	/// Checks that every `(account, keys)` is a registered, current and queued validator with
	/// those keys, and that Aura and GRANDPA still have the same authorities.
	pub fn check_registered(validators: &[(AccountId, SessionKeys)]) -> Result<(), &'static str> {
		let accounts: AllocVec<AccountId> = validators.iter().map(|(a, _)| a.clone()).collect();
		if pallet_session::Validators::<Runtime>::get() != accounts {
			return Err("v104: session validators differ from the authorities");
		}
		if pallet_session::QueuedKeys::<Runtime>::get() != validators {
			return Err("v104: queued keys differ from the authorities' keys");
		}
		for (account, keys) in validators {
			if Session::load_keys(account).as_ref() != Some(keys) {
				return Err("v104: a validator's keys are not registered");
			}
			if !pallet_collator_selection::Invulnerables::<Runtime>::get().contains(account) {
				return Err("v104: a validator is not in the governance set");
			}
		}
		if validators_from_authorities().as_deref() != Some(validators) {
			return Err("v104: the Aura or GRANDPA authorities changed");
		}
		if pallet_session::historical::StoredRange::<Runtime>::get().is_none() {
			return Err("v104: no historical session root");
		}
		Ok(())
	}

	/// [`InnerIntroduceSessions`], run only on a chain in the spec-103 state: no session
	/// validators yet, Aura authorities present.
	pub struct IntroduceSessions;

	impl IntroduceSessions {
		/// Whether the chain is in the spec-103 state this migration converts.
		pub fn needed() -> bool {
			pallet_session::Validators::<Runtime>::decode_len().unwrap_or(0) == 0
				&& pallet_aura::Authorities::<Runtime>::decode_len().unwrap_or(0) > 0
		}
	}

	impl OnRuntimeUpgrade for IntroduceSessions {
		fn on_runtime_upgrade() -> Weight {
			let check = <Runtime as frame_system::Config>::DbWeight::get().reads(2);
			if Self::needed() {
				check.saturating_add(InnerIntroduceSessions::on_runtime_upgrade())
			} else {
				check
			}
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			if Self::needed() {
				InnerIntroduceSessions::pre_upgrade().map(|state| Some(state).encode())
			} else {
				Ok(None::<Vec<u8>>.encode())
			}
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			match Option::<Vec<u8>>::decode(&mut &state[..]).map_err(|_| "v104: state")? {
				Some(state) => InnerIntroduceSessions::post_upgrade(state),
				None => Ok(()),
			}
		}
	}
}
