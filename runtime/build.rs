//! Builds the runtime's WebAssembly blob (with the metadata hash when `metadata-hash` is on).
//!
//! The wasm is the production runtime: the `runtime-benchmarks` feature of the native build is
//! not passed on to it unless `wasm-benchmarks` is on too (only the benchmarking node enables
//! it), nor `try-runtime` unless `wasm-try-runtime` is (for try-runtime-cli), so the runtime that
//! validators run and chain specs embed has neither benchmarking code nor the `TryRuntime` API
//! (whose checks anyone could make a node run through `state_call`). Both stay in the native
//! build, for the tests.
//!
//! The blob does not depend on the folder the repository is cloned in (docs/BUILD.md): the wasm
//! builder compiles this crate as a path dependency of a project it generates in the target
//! directory, and cargo derives every path crate's `-C metadata` (symbol hashes, hence the code
//! layout) from its absolute path. So the wasm is built through a fixed path,
//! [`fixed_source::LINK`], a symbolic link to this checkout, held under a lock while the wasm
//! compiles. And while it compiles, `scripts/rustc-wrapper.sh` maps every machine-specific path
//! the compiler writes into the blob (panic locations) to a fixed one: this checkout and the
//! link to `/provenance-chain`, the cargo home (the registry's crates) to `/cargo`, the
//! toolchain's standard library sources to `/rust-src`.

#[cfg(feature = "std")]
fn main() {
	use std::path::PathBuf;

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

	let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
	let checkout = manifest_dir.parent().map(PathBuf::from).unwrap_or_default();
	let source = fixed_source::enter(&checkout);
	let builder = match &source {
		Ok(link) => substrate_wasm_builder::WasmBuilder::new()
			.with_project(link.join("runtime").join("Cargo.toml"))
			.unwrap_or_else(|error| panic!("{error}: {}", link.display()))
			.import_memory()
			.export_heap_base(),
		Err(error) => {
			println!(
				"cargo:warning=building the runtime wasm from {} (its hash then depends on that \
				 folder): {error}",
				checkout.display()
			);
			substrate_wasm_builder::WasmBuilder::init_with_defaults()
		}
	};
	#[cfg(feature = "metadata-hash")]
	let builder = builder.enable_metadata_hash("PROV", 12);
	builder.build();

	// The wasm builder asks cargo to rerun this script when a file of a crate it compiled changes,
	// naming the files through the link, which another checkout may since have pointed elsewhere:
	// name this checkout's own folders too.
	for path in ["runtime", "runtime-api", "primitives", "pallets", "Cargo.toml", "Cargo.lock"] {
		println!("cargo:rerun-if-changed={}", checkout.join(path).display());
	}
	drop(source);
}

#[cfg(not(feature = "std"))]
fn main() {}

/// The fixed path the runtime wasm is built through.
#[cfg(feature = "std")]
mod fixed_source {
	use std::{
		fs::{self, File},
		io,
		path::{Path, PathBuf},
	};

	/// The symbolic link the wasm builder is given instead of the checkout's own path.
	pub const LINK: &str = "/tmp/provenance-chain-source";
	/// Held (an exclusive file lock) from pointing [`LINK`] until the wasm is built, so that two
	/// checkouts building at once take turns instead of compiling each other's sources.
	const LOCK: &str = "/tmp/provenance-chain-source.lock";

	/// The link, pointing at `checkout`, with the lock that keeps it there while it lives.
	pub struct Source {
		link: PathBuf,
		_lock: File,
	}

	impl std::ops::Deref for Source {
		type Target = Path;

		fn deref(&self) -> &Path {
			&self.link
		}
	}

	/// Points [`LINK`] at `checkout` (atomically: a new link renamed over the old one) and
	/// tells the rustc wrapper which paths to map (see the module's documentation). Fails, and
	/// the caller builds from the checkout's own path, where the link cannot be made (another
	/// user's link, no symbolic links on this platform).
	pub fn enter(checkout: &Path) -> io::Result<Source> {
		let lock = File::options().create(true).truncate(false).write(true).open(LOCK)?;
		lock.lock()?;
		let staged = PathBuf::from(format!("{LINK}.{}", std::process::id()));
		let _ = fs::remove_file(&staged);
		symlink(checkout, &staged)?;
		if let Err(error) = fs::rename(&staged, LINK) {
			let _ = fs::remove_file(&staged);
			return Err(error);
		}
		std::env::set_var("PROVENANCE_SOURCE_LINK", LINK);
		if let Some(cargo_home) = cargo_home() {
			std::env::set_var("PROVENANCE_CARGO_HOME", cargo_home);
		}
		if let Some(rust_src) = rust_src() {
			std::env::set_var("PROVENANCE_RUST_SRC", rust_src);
		}
		Ok(Source { link: PathBuf::from(LINK), _lock: lock })
	}

	/// Where cargo keeps the registry's crates: `$CARGO_HOME`, by default `~/.cargo`.
	fn cargo_home() -> Option<PathBuf> {
		std::env::var_os("CARGO_HOME")
			.map(PathBuf::from)
			.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
	}

	/// The standard library's sources that the wasm build compiles: `<sysroot>/lib/rustlib/src/rust`
	/// of the compiler cargo runs (`$RUSTC`).
	fn rust_src() -> Option<PathBuf> {
		let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
		let output =
			std::process::Command::new(rustc).args(["--print", "sysroot"]).output().ok()?;
		let sysroot = String::from_utf8(output.stdout).ok()?;
		Some(PathBuf::from(sysroot.trim()).join("lib").join("rustlib").join("src").join("rust"))
	}

	#[cfg(unix)]
	fn symlink(original: &Path, link: &Path) -> io::Result<()> {
		std::os::unix::fs::symlink(original, link)
	}

	#[cfg(not(unix))]
	fn symlink(_: &Path, _: &Path) -> io::Result<()> {
		Err(io::Error::new(io::ErrorKind::Unsupported, "symbolic links are Unix-only here"))
	}
}
