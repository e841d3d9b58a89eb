//! Provenance Chain node: Aura block production, GRANDPA finality, ParityDB storage and the
//! provenance JSON-RPC methods.

// `sc_cli::Error` and `sc_service::Error`, upstream types every sub-command returns, are large.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod executor;
mod rpc;
mod service;

fn main() {
	if let Err(error) = command::run() {
		// One clear line, no backtrace: bad `--chain`, busy port, unreadable base path, ...
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
