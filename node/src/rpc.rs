//! The node's JSON-RPC extensions: `system_*` account nonce, `payment_*` fees, GRANDPA's
//! `grandpa_roundState` / `grandpa_proveFinality` / `grandpa_subscribeJustifications` (what a
//! receipt needs to prove finality), and the `provenance_*` / `royalties_*` methods.

use jsonrpsee::RpcModule;
use provenance_runtime::{opaque::Block, AccountId, Balance, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;

/// What the GRANDPA RPC methods need from the voter.
pub struct GrandpaDeps<B> {
	/// The voter's state (the same instance the voter runs with), for `grandpa_roundState`.
	pub shared_voter_state: sc_consensus_grandpa::SharedVoterState,
	/// The authority set and its change history, for `grandpa_roundState` and finality proofs.
	pub shared_authority_set: sc_consensus_grandpa::SharedAuthoritySet<
		<Block as sp_runtime::traits::Block>::Hash,
		sp_runtime::traits::NumberFor<Block>,
	>,
	/// Justifications as blocks are finalized, for `grandpa_subscribeJustifications`.
	pub justification_stream: sc_consensus_grandpa::GrandpaJustificationStream<Block>,
	/// Runs subscriptions.
	pub subscription_executor: Arc<dyn sp_core::traits::SpawnNamed>,
	/// Answers `grandpa_proveFinality` from the database.
	pub finality_provider: Arc<sc_consensus_grandpa::FinalityProofProvider<B, Block>>,
}

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// GRANDPA's finality data.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC extensions.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ provenance_runtime_api::ProvenanceApi<Block, AccountId>
		+ provenance_runtime_api::RoyaltiesApi<Block, AccountId, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use provenance_rpc::ProvenanceApiServer;
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(provenance_rpc::Provenance::<_, Block>::new(client).into_rpc())?;

	Ok(module)
}
