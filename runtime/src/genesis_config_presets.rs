//! Genesis presets: `development` (Alice validates alone), `local_testnet` (Alice, Bob, Charlie
//! and Dave validate, so finality survives one lost validator) and `staging` (the same validators,
//! no sudo key). All endow the well-known dev accounts and seat Alice, Bob and Charlie on the
//! council; `development` and `local_testnet` also make Alice sudo.

use crate::{
	opaque::SessionKeys, AccountId, BalancesConfig, CollatorSelectionConfig,
	CouncilMembershipConfig, RuntimeGenesisConfig, SessionConfig, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;

/// Free balance of every endowed dev account: one million PROV.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The name of the preset without sudo (`--chain staging`).
pub const STAGING_PRESET: &str = "staging";

/// The genesis council: Alice, Bob and Charlie.
fn council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// A genesis validator: its account and its session keys (Aura, GRANDPA).
type Validator = (AccountId, AuraId, GrandpaId);

fn testnet_genesis(
	validators: Vec<Validator>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		// The validators are governance's set (`CollatorSelection`); `Session` hands their keys
		// to Aura and GRANDPA, whose own genesis authorities stay empty.
		collator_selection: CollatorSelectionConfig {
			invulnerables: validators.iter().map(|v| v.0.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|(account, aura, grandpa)| {
					(
						account.clone(),
						account.clone(),
						SessionKeys { aura: aura.clone(), grandpa: grandpa.clone() },
					)
				})
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root },
		council_membership: CouncilMembershipConfig {
			members: council().try_into().unwrap_or_default(),
		},
	})
}

/// The well-known dev validator `keyring`: its account, its sr25519 Aura key and its ed25519
/// GRANDPA key (what `--alice`, `--bob`, ... insert into a node's keystore).
fn validator(keyring: Sr25519Keyring) -> Validator {
	let ed = match keyring {
		Sr25519Keyring::Alice => sp_keyring::Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => sp_keyring::Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => sp_keyring::Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => sp_keyring::Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => sp_keyring::Ed25519Keyring::Eve,
		_ => sp_keyring::Ed25519Keyring::Ferdie,
	};
	(keyring.to_account_id(), keyring.public().into(), ed.public().into())
}

fn local_validators() -> Vec<Validator> {
	vec![
		validator(Sr25519Keyring::Alice),
		validator(Sr25519Keyring::Bob),
		validator(Sr25519Keyring::Charlie),
		validator(Sr25519Keyring::Dave),
	]
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The `development` preset: Alice is the only validator.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![validator(Sr25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate.
pub fn local_config_genesis() -> Value {
	testnet_genesis(local_validators(), dev_accounts(), Some(Sr25519Keyring::Alice.to_account_id()))
}

/// The `staging` preset: the validators of `local_testnet`, no sudo key; the council governs.
pub fn staging_config_genesis() -> Value {
	testnet_genesis(local_validators(), dev_accounts(), None)
}

/// The JSON patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		STAGING_PRESET => staging_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the available presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(STAGING_PRESET),
	]
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{configs::GovernanceOrigin, RuntimeOrigin};
	use frame_support::traits::EnsureOrigin;

	fn patch(name: &str) -> Value {
		let bytes = get_preset(&PresetId::from(name)).expect("the preset exists");
		serde_json::from_slice(&bytes).expect("a JSON patch")
	}

	#[test]
	fn staging_has_no_sudo_key_and_every_preset_seats_the_council() {
		assert_eq!(patch(STAGING_PRESET)["sudo"]["key"], Value::Null);
		for name in [
			sp_genesis_builder::DEV_RUNTIME_PRESET,
			sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		] {
			assert!(patch(name)["sudo"]["key"].is_string(), "{name} has a sudo key");
		}
		for name in preset_names() {
			let members = patch(name.as_ref())["councilMembership"]["members"].clone();
			assert_eq!(members.as_array().map(Vec::len), Some(3), "{name:?}: {members}");
		}
	}

	#[test]
	fn governance_is_root_or_two_thirds_of_the_council() {
		let members = |ayes, of| {
			RuntimeOrigin::from(pallet_collective::RawOrigin::<
				AccountId,
				crate::configs::CouncilCollective,
			>::Members(ayes, of))
		};
		assert!(GovernanceOrigin::try_origin(RuntimeOrigin::root()).is_ok());
		assert!(GovernanceOrigin::try_origin(members(2, 3)).is_ok());
		assert!(GovernanceOrigin::try_origin(members(3, 3)).is_ok());
		assert!(GovernanceOrigin::try_origin(members(1, 3)).is_err());
		assert!(GovernanceOrigin::try_origin(members(3, 5)).is_err());
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert!(GovernanceOrigin::try_origin(RuntimeOrigin::signed(alice)).is_err());
	}
}
