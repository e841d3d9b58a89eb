//! The native path of the provenance queries (see [`provenance_rpc::NativeCall`]).
//!
//! A query through the runtime API costs a fresh instance of the wasm runtime per call: about
//! 0.2 ms of CPU on the benchmark machine, most of it instantiation and resetting memory, for a
//! query whose own work (a few storage reads) takes a few microseconds. This node has the same
//! runtime compiled natively, so for a block whose on-chain code is *exactly* the wasm blob built
//! into this binary (same BLAKE2b-256 hash of `:code`), it runs the runtime API method natively,
//! read-only, on that block's state: the same code on the same state, hence the same answer.
//! For any other block (after a runtime upgrade, or on a chain started from another build) it
//! returns `None` and the RPC layer asks the wasm runtime, as it always may. Panics, which the
//! runtime code never raises, would also fall back to wasm rather than reach the RPC server.

use provenance_runtime::opaque::Block;
use sc_client_api::{backend::Backend, StorageProvider, TrieCacheContext};
use sp_core::{
	storage::{well_known_keys, StorageKey},
	H256,
};
use sp_io::hashing::blake2_256;
use sp_state_machine::{Ext, OverlayedChanges};
use std::{
	panic::{catch_unwind, AssertUnwindSafe},
	sync::Arc,
};

/// The native query runner for `client`, or `None` if this binary carries no wasm runtime to
/// compare the chain's code with.
pub fn native_call<C, BE>(client: Arc<C>, backend: Arc<BE>) -> Option<provenance_rpc::NativeCall>
where
	BE: Backend<Block> + 'static,
	C: StorageProvider<Block, BE> + Send + Sync + 'static,
{
	let native_code_hash = H256(blake2_256(provenance_runtime::WASM_BINARY?));
	let code_key = StorageKey(well_known_keys::CODE.to_vec());
	Some(Arc::new(move |at: H256, method: &str, args: &[u8]| {
		// The trie stores (and so hashes) the value of `:code`: one cached lookup.
		let on_chain = client.storage_hash(at, &code_key).ok()??;
		if on_chain != native_code_hash {
			return None;
		}
		let state = backend.state_at(at, TrieCacheContext::Untrusted).ok()?;
		let mut overlay = OverlayedChanges::default();
		let mut ext = Ext::new(&mut overlay, &state, None);
		catch_unwind(AssertUnwindSafe(|| {
			sp_externalities::set_and_run_with_externalities(&mut ext, || {
				provenance_runtime::apis::api::dispatch(method, args)
			})
		}))
		.ok()
		.flatten()
	}))
}

#[cfg(test)]
mod tests {
	use provenance_runtime::apis::api::dispatch;
	use std::panic::catch_unwind;

	/// Whether the runtime exports `method`: it answers `None` only for names it does not know;
	/// a known method given no arguments panics decoding them (before touching any state).
	fn runtime_knows(method: &str) -> bool {
		!matches!(catch_unwind(|| dispatch(method, &[])), Ok(None))
	}

	#[test]
	fn the_runtime_exports_every_method_the_rpc_asks_natively() {
		assert!(!runtime_knows("ProvenanceApi_no_such_method"));
		for method in provenance_rpc::runtime_methods::ALL {
			assert!(runtime_knows(method), "{method} is not a runtime API method");
		}
	}
}
