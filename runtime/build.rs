//! Builds the runtime's WebAssembly blob (with the metadata hash when `metadata-hash` is on).
//!
//! The wasm is the production runtime: the `runtime-benchmarks` feature of the native build is
//! not passed on to it unless `wasm-benchmarks` is on too (only the benchmarking node enables
//! it), nor `try-runtime` unless `wasm-try-runtime` is (for try-runtime-cli), so the runtime that
//! validators run and chain specs embed has neither benchmarking code nor the `TryRuntime` API
//! (whose checks anyone could make a node run through `state_call`). Both stay in the native
//! build, for the tests.

#[cfg(feature = "std")]
fn main() {
	// The wasm builder enables in the wasm every feature whose `CARGO_FEATURE_*` variable is set.
	if std::env::var_os("CARGO_FEATURE_WASM_BENCHMARKS").is_none() {
		for feature in ["RUNTIME_BENCHMARKS", "FRAME_BENCHMARKING", "FRAME_SYSTEM_BENCHMARKING"] {
			std::env::remove_var(format!("CARGO_FEATURE_{feature}"));
		}
	}
	if std::env::var_os("CARGO_FEATURE_WASM_TRY_RUNTIME").is_none() {
		for feature in ["TRY_RUNTIME", "FRAME_TRY_RUNTIME"] {
			std::env::remove_var(format!("CARGO_FEATURE_{feature}"));
		}
	}
	let builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("PROV", 12);
	builder.build();
}

#[cfg(not(feature = "std"))]
fn main() {}
