//! Talking to a Provenance Chain node: the custom `provenance_*` and `royalties_*` JSON-RPC
//! methods through the typed client that `provenance-rpc` generates ([`ProvenanceApiClient`],
//! answers are the runtime's own view types), and signed extrinsics through subxt's dynamic API
//! (no hand-rolled encoding, no codegen: call arguments are `scale_value::Value`s encoded against
//! the node's live metadata).
//!
//! Every submission is checked before it is sent, so a doomed transaction leaves no trace on
//! chain (not even a fee): the transaction pool's own validation (fees payable, nonce, signature)
//! and, when the node allows it (`system_dryRun`, available on a local node), a dry run of the
//! call itself, whose failure names the pallet error and its documentation. Then it is submitted
//! and watched until it is in a finalized block.
//!
//! [`ProvenanceApiClient`]: provenance_rpc::ProvenanceApiClient

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use jsonrpsee::{
	core::ClientError,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value as Json;
use std::{future::Future, sync::Arc, time::Duration};
use subxt::{
	backend::LegacyBackend,
	config::{SubstrateConfig, SubstrateExtrinsicParamsBuilder},
	dynamic::{At, Value},
	error::DispatchError,
	ext::scale_value::Composite,
	transactions::{DynamicPayload, TransactionInvalid, ValidationResult},
	OnlineClient,
};
use subxt_rpcs::{client::RpcParams, RpcClient};
use subxt_signer::sr25519::Keypair;

/// The default node endpoint.
pub const DEFAULT_RPC: &str = "ws://127.0.0.1:9944";
/// Decimals of the PROV token.
pub const DECIMALS: u32 = 12;
/// Longest wait for the answer of one query (and of a dry run).
const QUERY_TIMEOUT: Duration = Duration::from_secs(60);

/// A call ready to be signed: pallet, call name and named arguments.
pub type Call = DynamicPayload<Composite<()>>;

/// Builds a dynamic call from named arguments.
pub fn call(pallet: &str, name: &str, args: Vec<(&str, Value)>) -> Call {
	subxt::dynamic::tx(pallet, name, Composite::named(args))
}

/// A connection to a node.
pub struct Chain {
	/// The subxt client.
	pub api: OnlineClient<SubstrateConfig>,
	/// The raw JSON-RPC client under `api` (for `system_dryRun`).
	rpc: RpcClient,
	/// The typed client of the `provenance_*` / `royalties_*` methods (see [`Chain::queries`]).
	queries: QueryClient,
	url: String,
}

/// A client of the node's `provenance_*` / `royalties_*` query methods only: no metadata download,
/// so a read-only command (`verify`) pays one WebSocket handshake and its round trips.
pub struct QueryClient {
	client: WsClient,
	url: String,
}

impl QueryClient {
	/// Connects to a node (ws:// or wss://), with a bounded wait.
	pub async fn connect(url: &str) -> Result<Self> {
		let client = tokio::time::timeout(
			Duration::from_secs(20),
			WsClientBuilder::default().request_timeout(QUERY_TIMEOUT).build(url),
		)
		.await
		.map_err(|_| unreachable(url, "timed out after 20 s".into()))?
		.map_err(|e| unreachable(url, e.to_string()))?;
		Ok(Self { client, url: url.to_owned() })
	}

	/// The typed client: call it through [`provenance_rpc::ProvenanceApiClient`] (in scope),
	/// wrapped in [`QueryClient::query`].
	pub fn queries(&self) -> &WsClient {
		&self.client
	}

	/// A standard JSON-RPC method (`chain_getFinalizedHead`, `system_chain`, …) with positional
	/// parameters.
	pub async fn raw(&self, method: &str, params: Vec<Json>) -> Result<Json> {
		use jsonrpsee::core::{client::ClientT, params::ArrayParams};
		let mut array = ArrayParams::new();
		for p in params {
			array.insert(p).map_err(|e| anyhow!("cannot encode {method} parameters: {e}"))?;
		}
		self.query(method, self.client.request::<Json, _>(method, array)).await
	}

	/// Awaits one call of the typed client (`method` is its JSON-RPC name, for errors), at most
	/// 60 s.
	pub async fn query<T>(
		&self,
		method: &str,
		call: impl Future<Output = Result<T, ClientError>>,
	) -> Result<T> {
		tokio::time::timeout(QUERY_TIMEOUT, call)
			.await
			.map_err(|_| {
				anyhow!("{method} at {}: no answer within {} s", self.url, QUERY_TIMEOUT.as_secs())
			})?
			.map_err(|e| query_error(&self.url, method, &e))
	}
}

fn unreachable(url: &str, reason: String) -> anyhow::Error {
	anyhow!("cannot reach the node at {url}: {reason} (is provenance-node running? see --rpc)")
}

/// One event emitted by a submitted extrinsic.
#[derive(Debug, Clone)]
pub struct ChainEvent {
	/// Pallet name, e.g. `Datasets`.
	pub pallet: String,
	/// Event name, e.g. `DatasetRegistered`.
	pub name: String,
	/// Its fields.
	pub fields: Value<()>,
}

impl ChainEvent {
	/// A numeric field of the event.
	pub fn u128_field(&self, field: &str) -> Option<u128> {
		self.fields.at(field).and_then(|v| v.as_u128())
	}
}

/// The outcome of a finalized extrinsic.
#[derive(Debug, Clone)]
pub struct Finalized {
	/// The finalized block it is in.
	pub block_hash: String,
	/// Its events.
	pub events: Vec<ChainEvent>,
}

impl Finalized {
	/// The first event with this pallet and name.
	pub fn event(&self, pallet: &str, name: &str) -> Option<&ChainEvent> {
		self.events.iter().find(|e| e.pallet == pallet && e.name == name)
	}
}

/// Formats an amount of planck as PROV (12 decimals), e.g. `1.5 PROV`.
pub fn format_prov(amount: u128) -> String {
	let unit = 10u128.pow(DECIMALS);
	let whole = amount / unit;
	let frac = amount % unit;
	if frac == 0 {
		format!("{whole} PROV")
	} else {
		let digits = format!("{frac:012}");
		format!("{whole}.{} PROV", digits.trim_end_matches('0'))
	}
}

/// Parses an amount: an integer number of planck (`1500000000000`), or a decimal followed by
/// `PROV` (`1.5PROV`, `1.5 PROV`).
pub fn parse_amount(text: &str) -> Result<u128> {
	let trimmed = text.trim();
	let upper = trimmed.to_ascii_uppercase();
	if let Some(number) = upper.strip_suffix("PROV") {
		let number = number.trim();
		let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
		if whole.is_empty() && frac.is_empty() {
			bail!("invalid amount {text:?}");
		}
		if frac.len() > DECIMALS as usize {
			bail!("invalid amount {text:?}: PROV has {DECIMALS} decimals");
		}
		let parse = |s: &str| -> Result<u128> {
			if s.is_empty() {
				return Ok(0);
			}
			if !s.bytes().all(|b| b.is_ascii_digit()) {
				bail!("invalid amount {text:?}");
			}
			s.parse::<u128>().map_err(|_| anyhow!("invalid amount {text:?}"))
		};
		let whole = parse(whole)?;
		let frac_value = parse(frac)? * 10u128.pow(DECIMALS - frac.len() as u32);
		return whole
			.checked_mul(10u128.pow(DECIMALS))
			.and_then(|w| w.checked_add(frac_value))
			.ok_or_else(|| anyhow!("amount {text:?} is too large"));
	}
	if !trimmed.bytes().all(|b| b.is_ascii_digit()) || trimmed.is_empty() {
		bail!("invalid amount {text:?}: give an integer number of planck or a decimal with PROV, e.g. 1.5PROV");
	}
	trimmed.parse::<u128>().map_err(|_| anyhow!("amount {text:?} is too large"))
}

/// An error of the typed query client, naming the method and the node.
fn query_error(url: &str, method: &str, e: &ClientError) -> anyhow::Error {
	match e {
		ClientError::Call(error) => anyhow!(
			"the node at {url} rejected {method}: {} (code {})",
			error.message(),
			error.code()
		),
		ClientError::Transport(_) | ClientError::RestartNeeded(_) => {
			anyhow!("lost the connection to the node at {url} during {method}: {e}")
		}
		ClientError::RequestTimeout => {
			anyhow!("{method} at {url}: no answer within {} s", QUERY_TIMEOUT.as_secs())
		}
		ClientError::ParseError(error) => {
			anyhow!("cannot read the answer of {method} from the node at {url}: {error}")
		}
		other => anyhow!("{method} at {url} failed: {other}"),
	}
}

fn rpc_error(url: &str, method: &str, e: subxt_rpcs::Error) -> anyhow::Error {
	match e {
		subxt_rpcs::Error::Client(inner) => {
			let text = inner.to_string();
			if text.contains("restart") || text.contains("onnection") || text.contains("closed") {
				anyhow!("lost the connection to the node at {url} during {method}: {text}")
			} else {
				anyhow!("the node at {url} rejected {method}: {text}")
			}
		}
		other => anyhow!("{method} at {url} failed: {other}"),
	}
}

impl Chain {
	/// Connects to a node (ws:// or wss://), with a bounded wait.
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = tokio::time::timeout(Duration::from_secs(20), RpcClient::from_insecure_url(url))
			.await
			.map_err(|_| unreachable(url, "timed out after 20 s".into()))?
			.map_err(|e| unreachable(url, e.to_string()))?;
		let backend = LegacyBackend::<SubstrateConfig>::builder().build(rpc.clone());
		let api = tokio::time::timeout(
			Duration::from_secs(30),
			OnlineClient::<SubstrateConfig>::from_backend(Arc::new(backend)),
		)
		.await
		.map_err(|_| unreachable(url, "no answer within 30 s".into()))?
		.map_err(|e| unreachable(url, e.to_string()))?;
		let queries = QueryClient::connect(url).await?;
		Ok(Self { api, rpc, queries, url: url.to_owned() })
	}

	/// The endpoint.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The typed client of the node's `provenance_*` and `royalties_*` methods: call them through
	/// [`provenance_rpc::ProvenanceApiClient`] (in scope), wrapped in [`Chain::query`], e.g.
	/// `chain.query("provenance_getModel", chain.queries().get_model(Some(id.into()), None))`.
	pub fn queries(&self) -> &WsClient {
		self.queries.queries()
	}

	/// Awaits one call of the typed client (`method` is its JSON-RPC name, for errors), at most
	/// 60 s.
	pub async fn query<T>(
		&self,
		method: &str,
		call: impl Future<Output = Result<T, ClientError>>,
	) -> Result<T> {
		self.queries.query(method, call).await
	}

	/// The number of the block `hash`, or of the best block with `None` (`chain_getHeader`).
	async fn block_number(&self, hash: Option<&str>) -> Result<u64> {
		const METHOD: &str = "chain_getHeader";
		let mut params = RpcParams::new();
		if let Some(hash) = hash {
			params.push(hash).map_err(|e| anyhow!("cannot encode {METHOD} parameters: {e}"))?;
		}
		let header = tokio::time::timeout(QUERY_TIMEOUT, self.rpc.request::<Json>(METHOD, params))
			.await
			.map_err(|_| {
				anyhow!("{METHOD} at {}: no answer within {} s", self.url, QUERY_TIMEOUT.as_secs())
			})?
			.map_err(|e| rpc_error(&self.url, METHOD, e))?;
		header
			.get("number")
			.and_then(Json::as_str)
			.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| anyhow!("{METHOD} at {}: no block number in {header}", self.url))
	}

	/// Waits (up to `timeout`) until the best block is higher than the block `hash`: a call that
	/// needs an earlier extrinsic's block to be in the past (revealing a commitment) is then
	/// checked and dry-run on a state where it is. Finality can reach the best block itself, so
	/// "finalized" alone does not say that.
	pub async fn wait_past(&self, hash: &str, timeout: Duration) -> Result<()> {
		let target = self.block_number(Some(hash)).await?;
		let deadline = tokio::time::Instant::now() + timeout;
		while self.block_number(None).await? <= target {
			if tokio::time::Instant::now() >= deadline {
				bail!("no block after #{target} within {} s", timeout.as_secs());
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		Ok(())
	}

	/// `system_dryRun` of a SCALE-encoded extrinsic (`0x`-hex): the raw `ApplyExtrinsicResult`.
	async fn dry_run(&self, extrinsic: String) -> Result<Json> {
		const METHOD: &str = "system_dryRun";
		let mut params = RpcParams::new();
		params.push(extrinsic).map_err(|e| anyhow!("cannot encode {METHOD} parameters: {e}"))?;
		tokio::time::timeout(QUERY_TIMEOUT, self.rpc.request::<Json>(METHOD, params))
			.await
			.map_err(|_| {
				anyhow!("{METHOD} at {}: no answer within {} s", self.url, QUERY_TIMEOUT.as_secs())
			})?
			.map_err(|e| rpc_error(&self.url, METHOD, e))
	}

	/// Free balance of an account (0 when it does not exist).
	pub async fn free_balance(&self, account: [u8; 32]) -> Result<u128> {
		let at = self.api.at_current_block().await.context("cannot read the chain state")?;
		let addr = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
		let value =
			at.storage().try_fetch(addr, (account,)).await.context("cannot read System.Account")?;
		Ok(match value {
			Some(v) => {
				let v = v.decode().context("cannot decode System.Account")?;
				v.at("data").at("free").and_then(|f| f.as_u128()).unwrap_or(0)
			}
			None => 0,
		})
	}

	/// Signs `call`, checks it would succeed, submits it and waits until it is finalized.
	pub async fn submit(&self, call: &Call, signer: &Keypair, wait: Duration) -> Result<Finalized> {
		self.submit_or_check(call, signer, Some(wait))
			.await?
			.ok_or_else(|| anyhow!("not submitted"))
	}

	/// Signs `call` and checks, without submitting anything, that the pool would accept it
	/// (fees, nonce, signature) and that it would succeed (`system_dryRun`, when the node allows
	/// it). Errors say what would fail and that nothing was submitted.
	pub async fn check(&self, call: &Call, signer: &Keypair) -> Result<()> {
		self.submit_or_check(call, signer, None).await.map(|_| ())
	}

	/// [`Chain::check`], then, with `wait`, submits and waits up to `wait` for finality.
	async fn submit_or_check(
		&self,
		call: &Call,
		signer: &Keypair,
		wait: Option<Duration>,
	) -> Result<Option<Finalized>> {
		let what = format!("{}.{}", call.pallet_name(), call.call_name());
		let at = self.api.at_current_block().await.context("cannot read the chain state")?;
		let metadata = at.metadata();
		let mut txs = at.transactions();
		let params = SubstrateExtrinsicParamsBuilder::<SubstrateConfig>::new().build();
		let tx = txs
			.create_signed(call, signer, params)
			.await
			.map_err(|e| anyhow!("cannot build {what} against the node's metadata: {e}"))?;
		let who = signer.public_key().to_account_id();

		// 1. Would the pool accept it (fees, nonce, signature)?
		match tx.validate().await {
			Ok(ValidationResult::Valid(_)) => {}
			Ok(ValidationResult::Invalid(TransactionInvalid::Payment)) => {
				let free = self.free_balance(who.0).await.unwrap_or(0);
				bail!(
					"insufficient funds: {who} cannot pay the fee for {what} (free balance {}); nothing was submitted",
					format_prov(free)
				);
			}
			Ok(ValidationResult::Invalid(reason)) => {
				bail!("the node refuses {what} ({reason:?}); nothing was submitted")
			}
			Ok(ValidationResult::Unknown(reason)) => {
				bail!("the node cannot validate {what} ({reason:?}); nothing was submitted")
			}
			Err(e) => bail!("cannot validate {what}: {e}"),
		}

		// 2. Would the call itself succeed? `system_dryRun` applies the extrinsic on top of the
		//    best block without initialising a new block, so the mortal transaction's checkpoint
		//    (this very block) is not in `BlockHash` yet and its signature would not check: dry-run
		//    an immortal copy (same signer, nonce and call) instead. Skipped when the node does not
		//    allow the method (remote nodes with safe RPC methods only).
		let immortal = SubstrateExtrinsicParamsBuilder::<SubstrateConfig>::new().immortal().build();
		if let Ok(copy) = txs.create_signed(call, signer, immortal).await {
			let bytes = format!("0x{}", hex::encode(copy.encoded()));
			if let Ok(result) = self.dry_run(bytes).await {
				let raw = result
					.as_str()
					.and_then(|h| hex::decode(h.trim_start_matches("0x")).ok())
					.unwrap_or_default();
				if let Some(message) = dry_run_failure(&raw, metadata.clone()) {
					let funds = [
						"FundsUnavailable",
						"InsufficientBalance",
						"Funds are unavailable",
						"Payment",
					];
					if funds.iter().any(|f| message.contains(f)) {
						let free = self.free_balance(who.0).await.unwrap_or(0);
						bail!(
							"insufficient funds: {who} (free balance {}) cannot cover {what} and its deposit: {message}; nothing was submitted",
							format_prov(free)
						);
					}
					bail!("{what} would fail: {message}; nothing was submitted");
				}
			}
		}

		let Some(wait) = wait else {
			return Ok(None);
		};

		// 3. Submit and wait for finality.
		let progress =
			tx.submit_and_watch().await.map_err(|e| anyhow!("cannot submit {what}: {e}"))?;
		let in_block = tokio::time::timeout(wait, progress.wait_for_finalized())
			.await
			.map_err(|_| {
				anyhow!(
					"{what} was submitted but not finalized within {} s; check the chain before retrying",
					wait.as_secs()
				)
			})?
			.map_err(|e| anyhow!("{what} was not finalized: {e}"))?;
		let block_hash = format!("{:?}", in_block.block_hash());
		let events = in_block.wait_for_success().await.map_err(|e| match e {
			subxt::error::TransactionEventsError::ExtrinsicFailed(dispatch) => anyhow!(
				"{what} failed in block {block_hash}: {}",
				describe_dispatch_error(&dispatch)
			),
			other => anyhow!("cannot read the events of {what}: {other}"),
		})?;
		let mut out = Vec::new();
		for event in events.iter() {
			let event = event.map_err(|e| anyhow!("cannot decode an event of {what}: {e}"))?;
			let fields = event
				.decode_fields_unchecked_as::<Value<()>>()
				.map_err(|e| anyhow!("cannot decode an event of {what}: {e}"))?;
			out.push(ChainEvent {
				pallet: event.pallet_name().to_owned(),
				name: event.event_name().to_owned(),
				fields,
			});
		}
		Ok(Some(Finalized { block_hash, events: out }))
	}
}

/// A human description of a dispatch error: `Pallet::Error (its doc comment)` for pallet errors.
pub fn describe_dispatch_error(e: &DispatchError) -> String {
	match e {
		DispatchError::Module(module) => match module.details() {
			Ok(details) => {
				let docs = details.variant.docs.join(" ");
				let docs = docs.trim();
				if docs.is_empty() {
					format!("{}::{}", details.pallet.name(), details.variant.name)
				} else {
					format!("{}::{} ({docs})", details.pallet.name(), details.variant.name)
				}
			}
			Err(_) => module.to_string(),
		},
		other => other.to_string(),
	}
}

/// Decodes a `system_dryRun` result (`ApplyExtrinsicResult`); `Some(message)` when it failed.
fn dry_run_failure(raw: &[u8], metadata: subxt::ArcMetadata) -> Option<String> {
	match raw {
		// Ok(Ok(()))
		[0, 0, ..] => None,
		// Ok(Err(DispatchError))
		[0, 1, rest @ ..] => Some(match DispatchError::decode_from(rest, metadata) {
			Ok(e) => describe_dispatch_error(&e),
			Err(e) => format!("undecodable dispatch error ({e})"),
		}),
		// Err(TransactionValidityError::Invalid(Payment)): the fee cannot be paid. Other validity
		// errors of the dry-run copy are left to the pool's own validation (step 1).
		[1, 0, rest @ ..] => match TransactionInvalid::decode(&mut &rest[..]) {
			Ok(TransactionInvalid::Payment) => Some("cannot pay the fee (Payment)".into()),
			_ => None,
		},
		_ => None,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_parse_as_planck_or_prov() {
		assert_eq!(parse_amount("1500").unwrap(), 1500);
		assert_eq!(parse_amount("1PROV").unwrap(), 1_000_000_000_000);
		assert_eq!(parse_amount("2.5 PROV").unwrap(), 2_500_000_000_000);
		assert_eq!(parse_amount("0.000000000001prov").unwrap(), 1);
		assert_eq!(parse_amount(".5PROV").unwrap(), 500_000_000_000);
		for bad in ["", "abc", "1.5", "-1", "1.0000000000001PROV", "PROV", "1e3PROV"] {
			assert!(parse_amount(bad).is_err(), "{bad}");
		}
		assert_eq!(format_prov(2_500_000_000_000), "2.5 PROV");
		assert_eq!(format_prov(1), "0.000000000001 PROV");
		assert_eq!(format_prov(7_000_000_000_000), "7 PROV");
	}
}
