//! The commands: each parses and checks its input, prints a human summary on stdout (or one JSON
//! document with `--json`), and returns an error (printed once by `main`, exit status 1) when
//! anything is wrong. Chain commands check everything they can before submitting, so a failure
//! leaves no on-chain state behind.

use crate::{
	args::{self, LicenseArgs},
	batch::{self, ProofsFile},
	chain::{self, Chain},
	content,
};
use anyhow::{anyhow, bail, ensure, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use provenance_primitives::{
	merkle::{verify, InferenceRecord},
	Derivation,
};
use serde_json::{json, Value as Json};
use sp_core::H256;
use std::{
	collections::{BTreeMap, BTreeSet},
	io::IsTerminal,
	path::{Path, PathBuf},
	time::Duration,
};
use subxt::{dynamic::Value, utils::AccountId32};

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

fn hex32(bytes: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Lists and hashes a path with a progress bar, reporting skipped entries on stderr.
fn hash_with_progress(path: &Path, out: &Output) -> Result<content::ContentHash> {
	let listing = content::list(path)?;
	for skipped in &listing.skipped {
		out.notice(format!("warning: {skipped}"));
	}
	let bar = out.progress(listing.total_bytes(), "hashing");
	let counter = bar.clone();
	let result = content::hash_listing(listing, path, &move |n| counter.inc(n));
	bar.finish_and_clear();
	result
}

// ---------------------------------------------------------------------------------------------
// hash
// ---------------------------------------------------------------------------------------------

/// `provenance hash <path>`.
pub fn hash(path: &Path, manifest: bool, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let hashed = hash_with_progress(path, out)?;
	let elapsed = started.elapsed();
	if out.json {
		let mut doc = json!({
			"path": path.display().to_string(),
			"root": format!("{:?}", hashed.root),
			"fileCount": hashed.files.len(),
			"totalBytes": hashed.total_bytes,
			"skipped": hashed.skipped.iter().map(|s| s.path.display().to_string()).collect::<Vec<_>>(),
		});
		if manifest {
			doc["files"] = hashed
				.files
				.iter()
				.map(|f| {
					json!({
						"path": String::from_utf8_lossy(&f.relative_path),
						"size": f.size,
						"hash": hex32(&f.file_hash),
					})
				})
				.collect();
		}
		print_json(&doc);
	} else {
		println!("{:?}  {}", hashed.root, path.display());
		if manifest {
			for f in &hashed.files {
				println!(
					"{}  {:>14}  {}",
					hex32(&f.file_hash),
					f.size,
					String::from_utf8_lossy(&f.relative_path)
				);
			}
		}
		let secs = elapsed.as_secs_f64().max(1e-9);
		out.notice(format!(
			"{} files, {} ({} bytes) in {:.2} s, {}/s",
			hashed.files.len(),
			human_bytes(hashed.total_bytes),
			hashed.total_bytes,
			secs,
			human_bytes((hashed.total_bytes as f64 / secs) as u64)
		));
	}
	Ok(())
}

// ---------------------------------------------------------------------------------------------
// batch
// ---------------------------------------------------------------------------------------------

/// `provenance batch build <records.jsonl>`.
pub fn batch_build(records_path: &Path, proofs: Option<&Path>, out: &Output) -> Result<()> {
	let started = std::time::Instant::now();
	let records = batch::read_records(records_path)?;
	let parsed = started.elapsed();
	let proofs_path =
		proofs.map(Path::to_path_buf).unwrap_or_else(|| batch::default_proofs_path(records_path));
	let (summary, timings) = batch::build_timed(&records, &proofs_path)?;
	let elapsed = started.elapsed();
	if out.json {
		print_json(&json!({
			"root": format!("{:?}", summary.root),
			"count": summary.count,
			"depth": summary.depth,
			"proofs": proofs_path.display().to_string(),
		}));
	} else {
		println!("root:   {:?}", summary.root);
		println!("count:  {}", summary.count);
		println!("proofs: {}", proofs_path.display());
		out.notice(format!(
			"built in {:.2} s (records read {:.2} s, leaves {:.2} s, tree {:.2} s, proofs written {:.2} s)",
			elapsed.as_secs_f64(),
			parsed.as_secs_f64(),
			timings.leaves.as_secs_f64(),
			timings.tree.as_secs_f64(),
			timings.proofs.as_secs_f64()
		));
	}
	Ok(())
}

/// `provenance batch prove <proofs> --index N | --output-hash H`.
pub fn batch_prove(
	proofs: &Path,
	index: Option<u64>,
	output_hash: Option<&str>,
	write_to: Option<&Path>,
) -> Result<()> {
	let mut file = ProofsFile::open(proofs)?;
	let bundle = match (index, output_hash) {
		(Some(i), None) => file.at(i)?,
		(None, Some(h)) => file.find_output(&args::h256("--output-hash", h)?)?,
		_ => bail!("give exactly one of --index or --output-hash"),
	};
	let text = serde_json::to_string_pretty(&bundle)?;
	match write_to {
		Some(path) => std::fs::write(path, text + "\n")
			.with_context(|| format!("cannot write {}", path.display()))?,
		None => println!("{text}"),
	}
	Ok(())
}

/// Where `batch verify` takes the root and count from.
pub enum VerifyAgainst {
	/// Given on the command line.
	Root { root: String, count: u64 },
	/// An anchored batch, through `provenance_verifyInclusion`.
	Batch { batch_id: u64, rpc: String },
}

/// `provenance batch verify <record> <proof> …`.
pub async fn batch_verify(
	record_arg: &str,
	proof_arg: &str,
	against: VerifyAgainst,
	out: &Output,
) -> Result<()> {
	let record = batch::record_from_json(&batch::read_json_arg("record", record_arg)?)?;
	let proof = batch::proof_from_json(&batch::read_json_arg("proof", proof_arg)?)?;
	let (valid, context) = match against {
		VerifyAgainst::Root { root, count } => {
			let root = args::h256("--root", &root)?;
			ensure!(count > 0, "--count must be at least 1");
			(
				verify(&root, count, &record, &proof),
				json!({ "root": format!("{root:?}"), "count": count }),
			)
		}
		VerifyAgainst::Batch { batch_id, rpc } => {
			let chain = Chain::connect(&rpc).await?;
			let answer = chain
				.rpc(
					"provenance_verifyInclusion",
					vec![json!(batch_id), record_json(&record), serde_json::to_value(&proof)?],
				)
				.await?;
			let batch = answer.get("batch").cloned().unwrap_or(Json::Null);
			if batch.is_null() {
				bail!("batch {batch_id} does not exist on the chain at {rpc}");
			}
			(
				answer.get("valid").and_then(Json::as_bool).unwrap_or(false),
				json!({ "batch": batch }),
			)
		}
	};
	if out.json {
		let mut doc = json!({ "valid": valid, "leafIndex": proof.leaf_index });
		if let (Json::Object(d), Json::Object(c)) = (&mut doc, context.clone()) {
			d.extend(c);
		}
		print_json(&doc);
	}
	if !valid {
		bail!(
			"proof does NOT verify: record {} at leaf index {} is not proven to be in {}",
			format!("{:?}", record.output_hash),
			proof.leaf_index,
			describe_target(&context)
		);
	}
	if !out.json {
		println!(
			"valid: record at leaf index {} is in {}",
			proof.leaf_index,
			describe_target(&context)
		);
	}
	Ok(())
}

fn describe_target(context: &Json) -> String {
	if let Some(batch) = context.get("batch") {
		format!(
			"batch {} (root {}, {} records)",
			batch.get("id").map(|v| v.to_string()).unwrap_or_default(),
			batch.get("root").and_then(Json::as_str).unwrap_or("?"),
			batch.get("count").map(|v| v.to_string()).unwrap_or_default()
		)
	} else {
		format!(
			"the batch with root {} and {} records",
			context.get("root").and_then(Json::as_str).unwrap_or("?"),
			context.get("count").map(|v| v.to_string()).unwrap_or_default()
		)
	}
}

fn record_json(r: &InferenceRecord) -> Json {
	json!({
		"modelId": r.model_id,
		"inputHash": format!("{:?}", r.input_hash),
		"outputHash": format!("{:?}", r.output_hash),
		"paramsHash": format!("{:?}", r.params_hash),
	})
}

// ---------------------------------------------------------------------------------------------
// Chain commands
// ---------------------------------------------------------------------------------------------

async fn constant_u32(chain: &Chain, pallet: &str, name: &str) -> Option<u32> {
	let at = chain.api.at_current_block().await.ok()?;
	at.constants().entry(subxt::dynamic::constant::<u32>(pallet, name)).ok()
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

async fn get_object(chain: &Chain, method: &str, param: Json) -> Result<Option<Json>> {
	let v = chain.rpc(method, vec![param]).await?;
	Ok(if v.is_null() { None } else { Some(v) })
}

fn field_str<'a>(v: &'a Json, key: &str) -> &'a str {
	v.get(key).and_then(Json::as_str).unwrap_or("?")
}

fn field_num(v: &Json, key: &str) -> String {
	v.get(key).map(|x| x.to_string()).unwrap_or_else(|| "?".into())
}

/// Checks that every parent model and dataset exists and is active.
async fn check_inputs(
	chain: &Chain,
	parents: &[(u64, Derivation)],
	datasets: &[u64],
) -> Result<()> {
	for (id, _) in parents {
		let model = get_object(chain, "provenance_getModel", json!(id))
			.await?
			.ok_or_else(|| anyhow!("parent model {id} does not exist on the chain"))?;
		ensure!(
			field_str(&model, "status") == "active",
			"parent model {id} is retracted and cannot be used"
		);
	}
	for id in datasets {
		let dataset = get_object(chain, "provenance_getDataset", json!(id))
			.await?
			.ok_or_else(|| anyhow!("dataset {id} does not exist on the chain"))?;
		ensure!(
			field_str(&dataset, "status") == "active",
			"dataset {id} is retracted and cannot be used"
		);
	}
	Ok(())
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

/// Arguments of `dataset register`.
pub struct DatasetRegister {
	/// File or directory.
	pub path: PathBuf,
	/// License terms.
	pub license: LicenseArgs,
	/// Where the data can be fetched.
	pub uri: String,
	/// Free-form metadata.
	pub metadata: String,
	/// `ADDRESS:SHARE` entries (default: the signer, 100%).
	pub contributors: Vec<String>,
	/// Previous version.
	pub previous_version: Option<u64>,
}

/// `provenance dataset register`.
pub async fn dataset_register(a: DatasetRegister, s: &Signing, out: &Output) -> Result<()> {
	a.license.check()?;
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let contributors: Vec<(AccountId32, u32)> = if a.contributors.is_empty() {
		vec![(me.clone(), 1_000_000_000)]
	} else {
		a.contributors.iter().map(|c| args::contributor(c)).collect::<Result<_>>()?
	};
	args::check_contributors(&contributors)?;
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Datasets", "MaxUriLen", "--uri", a.uri.len()).await?;
	check_len(&chain, "Datasets", "MaxMetadataLen", "--metadata", a.metadata.len()).await?;
	check_len(&chain, "Datasets", "MaxContributors", "the contributor list", contributors.len())
		.await?;

	let hashed = hash_with_progress(&a.path, out)?;
	let root = hashed.root;
	out.notice(format!(
		"content root {root:?} ({} files, {})",
		hashed.files.len(),
		human_bytes(hashed.total_bytes)
	));

	if let Some(existing) =
		get_object(&chain, "provenance_getDatasetByRoot", json!(format!("{root:?}"))).await?
	{
		bail!(
			"already registered: content root {root:?} is dataset {} registered by {} at block {}; nothing was submitted",
			field_num(&existing, "id"),
			field_str(&existing, "owner"),
			field_num(&existing, "registeredAt"),
		);
	}
	if let Some(prev) = a.previous_version {
		let previous = get_object(&chain, "provenance_getDataset", json!(prev))
			.await?
			.ok_or_else(|| anyhow!("--previous-version {prev}: no such dataset"))?;
		ensure!(
			field_str(&previous, "owner") == me.to_string(),
			"--previous-version {prev}: dataset {prev} is owned by {}, not by the signer {me}",
			field_str(&previous, "owner")
		);
	}

	let call = chain::call(
		"Datasets",
		"register",
		vec![
			("content_root", args::hash_value(&root)),
			("size_bytes", Value::u128(hashed.total_bytes.into())),
			("uri", Value::from_bytes(a.uri.as_bytes())),
			("license", a.license.value()),
			("metadata", Value::from_bytes(a.metadata.as_bytes())),
			(
				"contributors",
				Value::unnamed_composite(contributors.iter().map(|(who, parts)| {
					Value::unnamed_composite([
						args::account_value(who),
						Value::u128((*parts).into()),
					])
				})),
			),
			("previous_version", args::option(a.previous_version.map(|v| Value::u128(v.into())))),
		],
	);
	out.notice("submitting Datasets.register and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Datasets", "DatasetRegistered", "id")?;
	if out.json {
		print_json(&json!({
			"datasetId": id,
			"contentRoot": format!("{root:?}"),
			"sizeBytes": hashed.total_bytes,
			"fileCount": hashed.files.len(),
			"owner": me.to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"dataset {id} registered: content root {root:?}, {} files, {} bytes (block {})",
			hashed.files.len(),
			hashed.total_bytes,
			done.block_hash
		);
	}
	Ok(())
}

/// Arguments of `model register`.
pub struct ModelRegister {
	/// Weights file or directory.
	pub path: PathBuf,
	/// License terms.
	pub license: LicenseArgs,
	/// Hash of architecture and hyperparameters.
	pub config_hash: H256,
	/// Where the weights can be fetched.
	pub uri: String,
	/// Free-form metadata.
	pub metadata: String,
	/// Parents (`ID:KIND`).
	pub parents: Vec<String>,
	/// Datasets trained on.
	pub datasets: Vec<u64>,
}

/// The config hash of `--config FILE` (BLAKE2b-256 of its bytes) or `--config-hash`.
pub fn config_hash(config: Option<&Path>, hash: Option<&str>) -> Result<H256> {
	match (config, hash) {
		(Some(path), None) => {
			let (h, _) = content::hash_file(path)
				.with_context(|| format!("cannot read --config {}", path.display()))?;
			Ok(H256(h))
		}
		(None, Some(text)) => args::h256("--config-hash", text),
		(None, None) => {
			bail!("give the model's configuration: --config FILE (hashed) or --config-hash 0x…")
		}
		(Some(_), Some(_)) => bail!("give only one of --config and --config-hash"),
	}
}

/// `provenance model register`.
pub async fn model_register(a: ModelRegister, s: &Signing, out: &Output) -> Result<()> {
	a.license.check()?;
	let parents: Vec<(u64, Derivation)> =
		a.parents.iter().map(|p| args::parent(p)).collect::<Result<_>>()?;
	let mut seen = BTreeSet::new();
	for (id, _) in &parents {
		ensure!(seen.insert(*id), "parent model {id} is listed twice");
	}
	let mut seen = BTreeSet::new();
	for id in &a.datasets {
		ensure!(seen.insert(*id), "dataset {id} is listed twice");
	}
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Models", "MaxUriLen", "--uri", a.uri.len()).await?;
	check_len(&chain, "Models", "MaxMetadataLen", "--metadata", a.metadata.len()).await?;
	check_len(&chain, "Models", "MaxParents", "the parent list", parents.len()).await?;
	check_len(&chain, "Models", "MaxDatasets", "the dataset list", a.datasets.len()).await?;
	check_inputs(&chain, &parents, &a.datasets).await?;

	let hashed = hash_with_progress(&a.path, out)?;
	let root = hashed.root;
	out.notice(format!(
		"weights root {root:?} ({} files, {})",
		hashed.files.len(),
		human_bytes(hashed.total_bytes)
	));
	if let Some(existing) =
		get_object(&chain, "provenance_getModelByRoot", json!(format!("{root:?}"))).await?
	{
		bail!(
			"already registered: weights root {root:?} is model {} registered by {} at block {}; nothing was submitted",
			field_num(&existing, "id"),
			field_str(&existing, "owner"),
			field_num(&existing, "registeredAt"),
		);
	}

	let call = chain::call(
		"Models",
		"register",
		vec![
			("weights_root", args::hash_value(&root)),
			("config_hash", args::hash_value(&a.config_hash)),
			("uri", Value::from_bytes(a.uri.as_bytes())),
			("license", a.license.value()),
			("metadata", Value::from_bytes(a.metadata.as_bytes())),
			(
				"parents",
				Value::unnamed_composite(parents.iter().map(|(id, kind)| {
					Value::unnamed_composite([
						Value::u128((*id).into()),
						Value::unnamed_variant(args::derivation_variant(*kind), []),
					])
				})),
			),
			(
				"datasets",
				Value::unnamed_composite(a.datasets.iter().map(|id| Value::u128((*id).into()))),
			),
		],
	);
	out.notice("submitting Models.register and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Models", "ModelRegistered", "id")?;
	if out.json {
		print_json(&json!({
			"modelId": id,
			"weightsRoot": format!("{root:?}"),
			"configHash": format!("{:?}", a.config_hash),
			"owner": me.to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!("model {id} registered: weights root {root:?} (block {})", done.block_hash);
	}
	Ok(())
}

/// `provenance inference anchor <records.jsonl> --model ID`.
pub async fn inference_anchor(
	records_path: &Path,
	model_id: u64,
	uri: &str,
	proofs: Option<&Path>,
	s: &Signing,
	out: &Output,
) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	check_len(&chain, "Inference", "MaxUriLen", "--uri", uri.len()).await?;
	let model = get_object(&chain, "provenance_getModel", json!(model_id))
		.await?
		.ok_or_else(|| anyhow!("model {model_id} does not exist on the chain"))?;
	ensure!(field_str(&model, "status") == "active", "model {model_id} is retracted");
	let me_text = me.to_string();
	let is_operator = model
		.get("operators")
		.and_then(Json::as_array)
		.is_some_and(|ops| ops.iter().any(|o| o.as_str() == Some(me_text.as_str())));
	ensure!(
		field_str(&model, "owner") == me_text || is_operator,
		"the signer {me_text} is neither the owner ({}) nor an operator of model {model_id}",
		field_str(&model, "owner")
	);

	let records = batch::read_records(records_path)?;
	if let Some((i, r)) = records.iter().enumerate().find(|(_, r)| r.model_id != model_id) {
		bail!(
			"records file {} line {}: modelId is {}, but the batch is anchored for model {model_id}",
			records_path.display(),
			i + 1,
			r.model_id
		);
	}
	let proofs_path =
		proofs.map(Path::to_path_buf).unwrap_or_else(|| batch::default_proofs_path(records_path));
	let summary = batch::build(&records, &proofs_path)?;
	out.notice(format!(
		"batch root {:?} over {} records; proofs in {}",
		summary.root,
		summary.count,
		proofs_path.display()
	));

	let call = chain::call(
		"Inference",
		"anchor_batch",
		vec![
			("model_id", Value::u128(model_id.into())),
			("root", args::hash_value(&summary.root)),
			("count", Value::u128(summary.count.into())),
			("uri", Value::from_bytes(uri.as_bytes())),
		],
	);
	out.notice("submitting Inference.anchor_batch and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let id = event_id(&done, "Inference", "BatchAnchored", "batch_id")?;
	if out.json {
		print_json(&json!({
			"batchId": id,
			"modelId": model_id,
			"root": format!("{:?}", summary.root),
			"count": summary.count,
			"proofs": proofs_path.display().to_string(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"batch {id} anchored: root {:?}, {} records (block {})",
			summary.root, summary.count, done.block_hash
		);
	}
	Ok(())
}

/// `provenance royalties pay --model ID --amount AMOUNT`.
pub async fn royalties_pay(model_id: u64, amount: &str, s: &Signing, out: &Output) -> Result<()> {
	let amount = chain::parse_amount(amount)?;
	ensure!(amount > 0, "--amount must be more than 0");
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let chain = Chain::connect(&s.rpc).await?;
	get_object(&chain, "provenance_getModel", json!(model_id))
		.await?
		.ok_or_else(|| anyhow!("model {model_id} does not exist on the chain"))?;
	let call = chain::call(
		"Royalties",
		"pay",
		vec![("model_id", Value::u128(model_id.into())), ("amount", Value::u128(amount))],
	);
	out.notice("submitting Royalties.pay and waiting for finality…");
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let credited: Vec<(String, u128)> = done
		.events
		.iter()
		.filter(|e| e.pallet == "Royalties" && e.name == "Credited")
		.map(|e| (account_field(e, "account"), e.u128_field("amount").unwrap_or(0)))
		.collect();
	if out.json {
		print_json(&json!({
			"modelId": model_id,
			"amount": amount.to_string(),
			"credited": credited.iter().map(|(a, v)| json!({ "account": a, "amount": v.to_string() })).collect::<Vec<_>>(),
			"block": done.block_hash,
		}));
	} else {
		println!(
			"paid {} for model {model_id} (block {})",
			chain::format_prov(amount),
			done.block_hash
		);
		for (who, value) in credited {
			println!("  credited {:>24}  {who}", chain::format_prov(value));
		}
	}
	Ok(())
}

fn account_field(e: &chain::ChainEvent, field: &str) -> String {
	use subxt::dynamic::At;
	let Some(v) = e.fields.at(field) else { return "?".into() };
	// An AccountId32 decodes as a composite of 32 bytes (possibly wrapped once).
	let mut bytes = Vec::new();
	fn collect(v: &Value<()>, out: &mut Vec<u8>) {
		use subxt::ext::scale_value::{Primitive, ValueDef};
		match &v.value {
			ValueDef::Primitive(Primitive::U128(b)) => out.push(*b as u8),
			ValueDef::Composite(c) => c.values().for_each(|x| collect(x, out)),
			_ => {}
		}
	}
	collect(v, &mut bytes);
	match <[u8; 32]>::try_from(bytes.as_slice()) {
		Ok(raw) => AccountId32(raw).to_string(),
		Err(_) => "?".into(),
	}
}

/// `provenance royalties claim`.
pub async fn royalties_claim(s: &Signing, out: &Output) -> Result<()> {
	let signer = args::signer(s.suri.as_deref(), s.suri_file.as_deref())?;
	let me = signer.public_key().to_account_id();
	let chain = Chain::connect(&s.rpc).await?;
	let claimable = chain.rpc("royalties_claimable", vec![json!(me.to_string())]).await?;
	let claimable: u128 = match &claimable {
		Json::String(t) => t.parse().unwrap_or(0),
		Json::Number(n) => n.as_u64().unwrap_or(0).into(),
		_ => 0,
	};
	ensure!(
		claimable > 0,
		"nothing to claim: {me} has no accrued royalties; nothing was submitted"
	);
	let call = chain::call("Royalties", "claim", vec![]);
	out.notice(format!("claiming {}; waiting for finality…", chain::format_prov(claimable)));
	let done = chain.submit(&call, &signer, s.timeout).await?;
	let amount = done
		.event("Royalties", "Claimed")
		.and_then(|e| e.u128_field("amount"))
		.unwrap_or(claimable);
	if out.json {
		print_json(
			&json!({ "account": me.to_string(), "claimed": amount.to_string(), "block": done.block_hash }),
		);
	} else {
		println!("claimed {} to {me} (block {})", chain::format_prov(amount), done.block_hash);
	}
	Ok(())
}

// ---------------------------------------------------------------------------------------------
// lineage
// ---------------------------------------------------------------------------------------------

/// Output format of `lineage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LineageFormat {
	/// An indented tree.
	Tree,
	/// Graphviz DOT.
	Dot,
	/// The RPC answer, with each node's record.
	Json,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
	Model(u64),
	Dataset(u64),
}

impl Node {
	fn dot_id(&self) -> String {
		match self {
			Node::Model(id) => format!("m{id}"),
			Node::Dataset(id) => format!("d{id}"),
		}
	}
}

fn edge_target(to: &Json) -> Option<Node> {
	if let Some(id) = to.get("model").and_then(Json::as_u64) {
		return Some(Node::Model(id));
	}
	to.get("dataset").and_then(Json::as_u64).map(Node::Dataset)
}

fn short_hash(h: &str) -> String {
	if h.len() > 14 {
		format!("{}…{}", &h[..10], &h[h.len() - 4..])
	} else {
		h.to_owned()
	}
}

fn node_label(node: &Node, details: &BTreeMap<Node, Json>) -> String {
	let (kind, id) = match node {
		Node::Model(id) => ("model", id),
		Node::Dataset(id) => ("dataset", id),
	};
	let Some(d) = details.get(node) else { return format!("{kind} {id}") };
	let spdx = d.get("license").and_then(|l| l.get("spdx")).and_then(Json::as_str).unwrap_or("?");
	let root = match node {
		Node::Model(_) => field_str(d, "weightsRoot"),
		Node::Dataset(_) => field_str(d, "contentRoot"),
	};
	let mut label = format!("{kind} {id} [{spdx}] {}", short_hash(root));
	if field_str(d, "status") == "retracted" {
		label.push_str(" (retracted)");
	}
	label
}

/// `provenance lineage <model-id>`.
pub async fn lineage(
	rpc: &str,
	model_id: u64,
	max_depth: Option<u32>,
	format: LineageFormat,
) -> Result<()> {
	let chain = Chain::connect(rpc).await?;
	let mut params = vec![json!(model_id)];
	if let Some(d) = max_depth {
		params.push(json!(d));
	}
	let lineage = chain.rpc("provenance_lineage", params).await?;
	ensure!(!lineage.is_null(), "model {model_id} does not exist on the chain at {rpc}");

	let mut nodes = vec![Node::Model(model_id)];
	nodes.extend(
		lineage
			.get("models")
			.and_then(Json::as_array)
			.into_iter()
			.flatten()
			.filter_map(Json::as_u64)
			.map(Node::Model),
	);
	nodes.extend(
		lineage
			.get("datasets")
			.and_then(Json::as_array)
			.into_iter()
			.flatten()
			.filter_map(Json::as_u64)
			.map(Node::Dataset),
	);
	let lookups = nodes.iter().map(|n| {
		let chain = &chain;
		async move {
			let (method, id) = match n {
				Node::Model(id) => ("provenance_getModel", id),
				Node::Dataset(id) => ("provenance_getDataset", id),
			};
			(n.clone(), chain.rpc(method, vec![json!(id)]).await)
		}
	});
	let mut details = BTreeMap::new();
	for (node, result) in futures::future::join_all(lookups).await {
		let value = result?;
		if !value.is_null() {
			details.insert(node, value);
		}
	}
	let mut children: BTreeMap<Node, Vec<(Node, String)>> = BTreeMap::new();
	let edges = lineage.get("edges").and_then(Json::as_array).cloned().unwrap_or_default();
	for e in &edges {
		let (Some(from), Some(to)) =
			(e.get("from").and_then(Json::as_u64), e.get("to").and_then(edge_target))
		else {
			continue;
		};
		let kind = e.get("kind").and_then(Json::as_str).unwrap_or("?").to_owned();
		children.entry(Node::Model(from)).or_default().push((to, kind));
	}
	let truncated = lineage.get("truncated").and_then(Json::as_bool).unwrap_or(false);

	match format {
		LineageFormat::Json => {
			let mut doc = lineage.clone();
			doc["details"] = json!(details
				.iter()
				.map(|(n, d)| (n.dot_id(), d.clone()))
				.collect::<serde_json::Map<String, Json>>());
			print_json(&doc);
		}
		LineageFormat::Dot => {
			println!("digraph lineage {{");
			println!("  rankdir=BT;");
			println!("  node [fontname=\"Helvetica\"];");
			for n in &nodes {
				let shape = match n {
					Node::Model(_) => "box",
					Node::Dataset(_) => "cylinder",
				};
				let extra = if *n == Node::Model(model_id) { ", style=bold" } else { "" };
				println!(
					"  {} [label=\"{}\", shape={shape}{extra}];",
					n.dot_id(),
					node_label(n, &details).replace('\\', "\\\\").replace('"', "\\\"")
				);
			}
			for (from, list) in &children {
				for (to, kind) in list {
					println!(
						"  {} -> {} [label=\"{}\"];",
						from.dot_id(),
						to.dot_id(),
						kind.replace('"', "\\\"")
					);
				}
			}
			if truncated {
				println!("  truncated [label=\"(truncated)\", shape=plaintext];");
			}
			println!("}}");
		}
		LineageFormat::Tree => {
			println!("{}", node_label(&Node::Model(model_id), &details));
			let mut shown = BTreeSet::new();
			shown.insert(Node::Model(model_id));
			print_tree(&Node::Model(model_id), "", &children, &details, &mut shown);
			if truncated {
				println!("(truncated: the lineage is deeper or larger than the query allowed; see --max-depth)");
			}
		}
	}
	Ok(())
}

fn print_tree(
	node: &Node,
	prefix: &str,
	children: &BTreeMap<Node, Vec<(Node, String)>>,
	details: &BTreeMap<Node, Json>,
	shown: &mut BTreeSet<Node>,
) {
	let Some(list) = children.get(node) else { return };
	for (i, (child, kind)) in list.iter().enumerate() {
		let last = i + 1 == list.len();
		let (branch, next) = if last { ("└── ", "    ") } else { ("├── ", "│   ") };
		let repeat = !shown.insert(child.clone());
		let more = if repeat && children.contains_key(child) { " (see above)" } else { "" };
		println!("{prefix}{branch}{kind}: {}{more}", node_label(child, details));
		if !repeat {
			print_tree(child, &format!("{prefix}{next}"), children, details, shown);
		}
	}
}
