//! Chain specifications built from the runtime's genesis presets.

use provenance_runtime::WASM_BINARY;
use sc_service::ChainType;

/// The chain specification type of this node.
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "PROV".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm binary is not available".to_string())
}

/// `--dev`: Alice validates alone; dev accounts endowed.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance Development")
		.with_id("provenance_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: Alice, Bob, Charlie and Dave validate.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance Local Testnet")
		.with_id("provenance_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain staging`: Alice, Bob, Charlie and Dave validate; no sudo key: the council (Alice, Bob,
/// Charlie) is the only governance.
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Provenance Staging")
		.with_id("provenance_staging")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(provenance_runtime::genesis_config_presets::STAGING_PRESET)
		.with_properties(properties())
		.build())
}
