//! The node's runtime executor: the wasm executor, except that the provenance queries run
//! natively when they can.
//!
//! A query through the runtime API costs a fresh instance of the wasm runtime per call (about
//! 0.2 ms of CPU on the benchmark machine, most of it instantiation), for a query whose own work
//! is a few storage reads. This node has the same runtime compiled natively. So a call of a
//! `ProvenanceApi_*` or `RoyaltiesApi_*` method made off-chain (an RPC query, a `state_call`, a
//! polkadot.js `api.call`), at a block whose on-chain code is *exactly* the wasm blob built into
//! this binary (same hash of `:code`), runs natively on that block's state: the same code on the
//! same state, hence the same answer. Everything else — block import and authoring, transaction
//! validation, any other runtime API, and every call at a block running another runtime — runs
//! in wasm, as does a query if the native code panics (which runtime code never does).
//! `--wasm-queries` turns the native path off. Measured: docs/PERFORMANCE.md ("RPC latency").

use crate::service::HostFunctions;
use sc_executor::{RuntimeVersionOf, WasmExecutor};
use sp_core::traits::{CallContext, CodeExecutor, Externalities, ReadRuntimeVersion, RuntimeCode};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The runtime APIs whose methods may run natively: the read-only provenance queries.
const NATIVE_APIS: [&str; 2] = ["ProvenanceApi_", "RoyaltiesApi_"];

/// The wasm executor, with the provenance queries answered natively when the block runs this
/// node's own runtime.
#[derive(Clone)]
pub struct QueryExecutor {
	wasm: WasmExecutor<HostFunctions>,
	/// Hash of this binary's runtime code, when native queries are on.
	native_code_hash: Option<Vec<u8>>,
}

impl QueryExecutor {
	/// `wasm` for everything; natively answered queries too when `native_queries` is set and this
	/// binary carries a wasm runtime to compare the chain's code with.
	pub fn new(wasm: WasmExecutor<HostFunctions>, native_queries: bool) -> Self {
		let native_code_hash = native_queries
			.then_some(provenance_runtime::WASM_BINARY)
			.flatten()
			.map(|code| sp_io::hashing::blake2_256(code).to_vec());
		Self { wasm, native_code_hash }
	}

	/// Whether queries can run natively at all.
	pub fn native_queries(&self) -> bool {
		self.native_code_hash.is_some()
	}

	fn runs_natively(
		&self,
		runtime_code: &RuntimeCode,
		method: &str,
		context: CallContext,
	) -> bool {
		context == CallContext::Offchain
			&& NATIVE_APIS.iter().any(|api| method.starts_with(api))
			&& self.native_code_hash.as_deref() == Some(runtime_code.hash.as_slice())
	}
}

/// Runs runtime API `method` natively on `ext`; `None` if the runtime does not know the method or
/// panicked.
fn dispatch_natively(ext: &mut dyn Externalities, method: &str, data: &[u8]) -> Option<Vec<u8>> {
	catch_unwind(AssertUnwindSafe(|| {
		sp_externalities::set_and_run_with_externalities(ext, || {
			provenance_runtime::apis::api::dispatch(method, data)
		})
	}))
	.ok()
	.flatten()
}

impl CodeExecutor for QueryExecutor {
	type Error = sc_executor::error::Error;

	fn call(
		&self,
		ext: &mut dyn Externalities,
		runtime_code: &RuntimeCode,
		method: &str,
		data: &[u8],
		context: CallContext,
	) -> (Result<Vec<u8>, Self::Error>, bool) {
		if self.runs_natively(runtime_code, method, context) {
			if let Some(result) = dispatch_natively(ext, method, data) {
				return (Ok(result), true);
			}
		}
		self.wasm.call(ext, runtime_code, method, data, context)
	}
}

impl RuntimeVersionOf for QueryExecutor {
	fn runtime_version(
		&self,
		ext: &mut dyn Externalities,
		runtime_code: &RuntimeCode,
	) -> sc_executor::error::Result<sp_version::RuntimeVersion> {
		self.wasm.runtime_version(ext, runtime_code)
	}
}

impl ReadRuntimeVersion for QueryExecutor {
	fn read_runtime_version(
		&self,
		wasm_code: &[u8],
		ext: &mut dyn Externalities,
	) -> Result<Vec<u8>, String> {
		self.wasm.read_runtime_version(wasm_code, ext)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Decode, Encode};
	use provenance_primitives::views::ModelView;
	use provenance_runtime::AccountId;

	#[test]
	fn every_query_api_answers_natively() {
		let mut ext = sp_io::TestExternalities::default();
		let mut ext = ext.ext();
		let answer = dispatch_natively(&mut ext, "ProvenanceApi_model", &7u64.encode())
			.expect("the native runtime knows ProvenanceApi_model");
		assert_eq!(Option::<ModelView<AccountId>>::decode(&mut &answer[..]).ok(), Some(None));
		let claimable = dispatch_natively(
			&mut ext,
			"RoyaltiesApi_claimable",
			&AccountId::new([0; 32]).encode(),
		);
		assert!(claimable.is_some());
		assert_eq!(dispatch_natively(&mut ext, "ProvenanceApi_no_such_method", &[]), None);
	}
}
