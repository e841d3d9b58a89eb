//! The commands, one module per noun: each parses its input, prints a human summary on stdout (or
//! one JSON document with `--json`), and returns an error (printed once by `main`, exit status 1)
//! when anything is wrong, or a [`NotFound`] error (exit status 3) when a record asked for by id
//! does not exist (`dispute show`).
//!
//! Chain commands check locally only what the chain cannot explain well: the encoding bounds of
//! the call's arguments (lengths against the pallets' constants, the SPDX id's 64 bytes; past them
//! the call fails to decode with an unhelpful message) and what is not the chain's to say (a
//! records file's model ids). Every chain rule (ownership, existence and status of referenced
//! records, duplicates, shares, licences, amounts) is checked by the chain itself in the dry run
//! before anything is submitted ([`Chain::submit`]), whose error names the pallet error and its
//! documentation (`Datasets::AlreadyRegistered (…)`), so a refused command leaves no on-chain
//! state behind. (A node that does not allow `system_dryRun` reports the same error once the
//! transaction is in a block.)
//!
//! This module holds what several nouns share (the [`Output`] and [`Signing`] options, printing,
//! hashing with progress, the bounds checks) and re-exports every command as `commands::<name>`.

pub mod batch;
pub mod dataset;
pub mod dispute;
pub mod export;
pub mod hash;
pub mod inference;
pub mod lineage;
pub mod model;
pub mod receipt;
pub mod retract;
pub mod royalties;
pub mod verify;

pub use self::{
	batch::{batch_build, batch_prove, batch_verify, VerifyAgainst},
	dataset::{dataset_register, DatasetRegister},
	dispute::{
		dispute_list, dispute_open, dispute_respond, dispute_show, dispute_withdraw, evidence_hash,
		DisputeOpen,
	},
	export::{export, ExportFormat},
	hash::{hash, hash_from_oms},
	inference::{inference_anchor, inference_log, LogArgs},
	lineage::{lineage, LineageFormat},
	model::{config_hash, model_register, CardOptions, ModelRegister},
	retract::{retract, Registry},
	royalties::{royalties_claim, royalties_pay, royalties_price, royalties_quote, QuoteOf},
	verify::verify,
};

use crate::{
	args,
	chain::{self, Chain},
	content,
};
use anyhow::{anyhow, ensure, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value as Json;
use std::{
	io::IsTerminal,
	path::{Path, PathBuf},
	time::Duration,
};

/// Options shared by every command.
#[derive(Clone, Debug)]
pub struct Output {
	/// One JSON document on stdout instead of text.
	pub json: bool,
	/// No progress bar and no notices on stderr.
	pub quiet: bool,
}

impl Output {
	fn notice(&self, text: impl std::fmt::Display) {
		if !self.quiet {
			eprintln!("{text}");
		}
	}

	fn progress(&self, total: u64, what: &str) -> ProgressBar {
		if self.quiet || !std::io::stderr().is_terminal() {
			return ProgressBar::hidden();
		}
		let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(8));
		bar.set_style(
			ProgressStyle::with_template(
				"{prefix} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
			)
			.unwrap_or_else(|_| ProgressStyle::default_bar())
			.progress_chars("=> "),
		);
		bar.set_prefix(what.to_owned());
		bar
	}
}

/// Options of commands that sign. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct Signing {
	/// Node endpoint.
	pub rpc: String,
	/// Secret URI given on the command line.
	pub suri: Option<String>,
	/// File holding the secret URI.
	pub suri_file: Option<PathBuf>,
	/// How long to wait for finality.
	pub timeout: Duration,
}

impl std::fmt::Debug for Signing {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.debug_struct("Signing")
			.field("rpc", &self.rpc)
			.field("suri", &self.suri.as_ref().map(|_| "<redacted>"))
			.field("suri_file", &self.suri_file)
			.field("timeout", &self.timeout)
			.finish()
	}
}

/// Exit status of a command whose record does not exist ([`NotFound`]).
pub const NOT_FOUND_EXIT: u8 = 3;

/// The record a command asked for by id does not exist: `main` prints the message and exits with
/// [`NOT_FOUND_EXIT`] instead of 1, so scripts can tell "absent" from "failed".
#[derive(Debug)]
pub struct NotFound(pub String);

impl std::fmt::Display for NotFound {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for NotFound {}

/// A command printed its answer and ends with this exit status (`verify`'s 3 and 4): `main`
/// prints nothing more.
#[derive(Debug)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "exit status {}", self.0)
	}
}

impl std::error::Error for Exit {}

fn human_bytes(n: u64) -> String {
	const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
	let mut value = n as f64;
	let mut unit = 0;
	while value >= 1024.0 && unit < UNITS.len() - 1 {
		value /= 1024.0;
		unit += 1;
	}
	if unit == 0 {
		format!("{n} B")
	} else {
		format!("{value:.1} {}", UNITS[unit])
	}
}

fn print_json(value: &Json) {
	println!("{}", serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()));
}

/// `SPDX (commercial use: yes, derivatives: yes, AI training: no)`.
fn describe_license(l: &args::LicenseArgs) -> String {
	let yes = |b: bool| if b { "yes" } else { "no" };
	format!(
		"{} (commercial use: {}, derivatives: {}, AI training: {})",
		l.spdx,
		yes(l.commercial_use),
		yes(l.derivatives_allowed),
		yes(l.ai_training_allowed)
	)
}

/// Lists and hashes a path with a progress bar, reporting skipped entries on stderr.
fn hash_with_progress(
	path: &Path,
	exclusions: &content::Exclusions,
	out: &Output,
) -> Result<content::ContentHash> {
	let listing = content::list(path, exclusions)?;
	for skipped in &listing.skipped {
		out.notice(format!("warning: {skipped}"));
	}
	if !listing.excluded.is_empty() {
		out.notice(format!(
			"excluded {} entries: {}",
			listing.excluded.len(),
			listing.excluded.join(", ")
		));
	}
	let bar = out.progress(listing.total_bytes(), "hashing");
	let counter = bar.clone();
	let result = content::hash_listing(listing, path, &move |n| counter.inc(n));
	bar.finish_and_clear();
	result
}

async fn constant_u32(chain: &Chain, pallet: &str, name: &str) -> Option<u32> {
	let at = chain.api.at_current_block().await.ok()?;
	at.constants().entry(subxt::dynamic::constant::<u32>(pallet, name)).ok()
}

async fn constant_u128(chain: &Chain, pallet: &str, name: &str) -> Option<u128> {
	let at = chain.api.at_current_block().await.ok()?;
	at.constants().entry(subxt::dynamic::constant::<u128>(pallet, name)).ok()
}

async fn check_len(
	chain: &Chain,
	pallet: &str,
	constant: &str,
	what: &str,
	len: usize,
) -> Result<()> {
	if let Some(max) = constant_u32(chain, pallet, constant).await {
		ensure!(
			len <= max as usize,
			"{what} has {len} entries or bytes, the chain allows at most {max}"
		);
	}
	Ok(())
}

/// Commit first (SPEC: registration cannot be front-run): submits `<pallet>.commit` of
/// `registration_commitment(root, signer, salt)` with a fresh random salt and waits for its
/// finality, so the `register` that follows (from a later block) reveals a matured commitment.
/// Returns the salt to pass to `register`, or `None` when `no_commit` (the user's
/// `--no-commit`).
async fn commit_first(
	chain: &Chain,
	signer: &subxt_signer::sr25519::Keypair,
	pallet: &str,
	root: &sp_core::H256,
	no_commit: bool,
	timeout: Duration,
	out: &Output,
) -> Result<Option<[u8; 32]>> {
	if no_commit {
		out.notice("--no-commit: registering without a commitment (a front-runner's record could not be displaced)");
		return Ok(None);
	}
	let salt = random_salt()?;
	let who = signer.public_key().to_account_id();
	let commitment = provenance_primitives::registration_commitment(
		root,
		&sp_core::crypto::AccountId32::new(who.0),
		&salt,
	);
	let call = chain::call(pallet, "commit", vec![("commitment", args::hash_value(&commitment))]);
	out.notice(format!(
		"committing first ({pallet}.commit {commitment:?}) so nobody can register this root ahead of you; waiting for finality…"
	));
	let committed = chain.submit(&call, signer, timeout).await?;
	// The reveal must come in a later block than the commitment.
	chain.wait_past(&committed.block_hash, timeout).await?;
	Ok(Some(salt))
}

/// 32 random bytes from the operating system.
fn random_salt() -> Result<[u8; 32]> {
	use std::io::Read;
	let mut salt = [0u8; 32];
	std::fs::File::open("/dev/urandom")
		.and_then(|mut f| f.read_exact(&mut salt))
		.map_err(|e| anyhow!("cannot read random bytes for the commitment salt: {e}"))?;
	Ok(salt)
}

fn event_id(done: &chain::Finalized, pallet: &str, name: &str, field: &str) -> Result<u64> {
	let event = done.event(pallet, name).ok_or_else(|| {
		anyhow!("finalized in block {}, but no {pallet}.{name} event was found", done.block_hash)
	})?;
	event
		.u128_field(field)
		.and_then(|v| u64::try_from(v).ok())
		.ok_or_else(|| anyhow!("{pallet}.{name} has no numeric {field} field"))
}
