//! `provenance`: the command-line client of Provenance Chain. See `cli/README.md`.

use clap::{Args, Parser, Subcommand};
use provenance_cli::{
	chain::DEFAULT_RPC,
	commands::{self, LineageFormat, Output, Signing, VerifyAgainst},
};
use std::{path::PathBuf, process::ExitCode, time::Duration};

#[derive(Parser, Debug)]
#[command(
	name = "provenance",
	version,
	about = "Provenance Chain client: hash, register, anchor, prove, trace lineage, dispute"
)]
struct Cli {
	/// One JSON document on stdout instead of text.
	#[arg(long, global = true)]
	json: bool,
	/// No progress bar and no notices on stderr (errors are still printed).
	#[arg(long, short, global = true)]
	quiet: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Content root of a file or directory (SPEC "Hashing conventions").
	Hash {
		/// File or directory (with --from-oms: optional, the folder to compare with the bundle).
		#[arg(required_unless_present = "from_oms")]
		path: Option<PathBuf>,
		/// Compute the root from an OpenSSF model-signing v1 bundle's per-file SHA-256 digests
		/// (no file is read), and say whether PATH, if given, still matches it.
		#[arg(long, value_name = "BUNDLE")]
		from_oms: Option<PathBuf>,
		/// PEM public key (P-256) to check the bundle's signature with.
		#[arg(long, value_name = "PEM", requires = "from_oms")]
		public_key: Option<PathBuf>,
		/// Also list every file: SHA-256, size, path.
		#[arg(long)]
		manifest: bool,
		#[command(flatten)]
		exclusions: ExclusionFlags,
	},
	/// Is this file or folder a registered dataset or model, and what is its standing (with every
	/// ancestor's)? Exit status 0 registered and active, 3 not registered, 4 disputed, retracted
	/// or displaced, 1 any error.
	Verify {
		/// File or directory.
		path: PathBuf,
		#[command(flatten)]
		exclusions: ExclusionFlags,
		#[command(flatten)]
		node: NodeArgs,
	},
	/// A standard document of a model's lineage or a dataset's versions: SPDX 3.0.1 (AI and
	/// Dataset profiles), CycloneDX 1.6 ML-BOM or W3C PROV-JSON. Read at the finalized head.
	Export {
		/// `model` or `dataset`.
		#[arg(value_enum)]
		kind: ExportKind,
		/// Its id.
		id: u64,
		/// The document format.
		#[arg(long, value_enum)]
		format: commands::ExportFormat,
		/// Write to FILE instead of stdout.
		#[arg(long, value_name = "FILE")]
		out: Option<PathBuf>,
		#[command(flatten)]
		node: NodeArgs,
	},
	/// Inference batches off-chain: build, prove, verify.
	#[command(subcommand)]
	Batch(BatchCommand),
	/// Datasets on chain.
	#[command(subcommand)]
	Dataset(DatasetCommand),
	/// Models on chain.
	#[command(subcommand)]
	Model(ModelCommand),
	/// Inference batches on chain.
	#[command(subcommand)]
	Inference(InferenceCommand),
	/// Royalty payments and claims.
	#[command(subcommand)]
	Royalties(RoyaltiesCommand),
	/// Disputes: challenge a record, answer, withdraw, look up.
	#[command(subcommand)]
	Dispute(DisputeCommand),
	/// A portable receipt: a JSON file proving a record was in the finalized state, which
	/// `verify-receipt` checks offline from the chain spec alone (docs/RECEIPTS.md).
	#[command(subcommand)]
	Receipt(ReceiptSubject),
	/// Check a receipt offline (no node, no network): exit status 0 when it verifies, 2 when it
	/// does not (the message names what failed: signature, threshold, unknown authority set,
	/// state proof, Merkle, wrong chain, …), 1 when a file cannot be read.
	VerifyReceipt {
		/// The receipt (written by `provenance receipt`).
		file: PathBuf,
		/// The chain's raw chain spec (`provenance-node export-chain-spec --chain local --raw`).
		#[arg(long, value_name = "SPEC.json")]
		chain_spec: PathBuf,
	},
	/// The lineage (ancestor models and datasets) of a model.
	Lineage {
		/// Model id.
		model_id: u64,
		/// How many levels up to follow (the node's default and limit apply).
		#[arg(long)]
		max_depth: Option<u32>,
		/// Output format.
		#[arg(long, value_enum, default_value_t = LineageFormat::Tree)]
		format: LineageFormat,
		#[command(flatten)]
		node: NodeArgs,
	},
}

#[derive(Args, Debug, Clone)]
struct NodeArgs {
	/// Node endpoint (also $PROVENANCE_RPC).
	#[arg(long, value_name = "URL")]
	rpc: Option<String>,
}

impl NodeArgs {
	fn url(&self) -> String {
		self.rpc
			.clone()
			.or_else(|| std::env::var("PROVENANCE_RPC").ok())
			.unwrap_or_else(|| DEFAULT_RPC.to_owned())
	}
}

#[derive(Args, Clone)]
struct SigningArgs {
	#[command(flatten)]
	node: NodeArgs,
	/// Secret URI of the signing sr25519 key, e.g. //Alice (prefer --suri-file or $PROVENANCE_SURI
	/// for real keys: command lines are visible to other users). Never printed.
	#[arg(long, value_name = "SURI")]
	suri: Option<String>,
	/// File holding the secret URI.
	#[arg(long, value_name = "FILE", conflicts_with = "suri")]
	suri_file: Option<PathBuf>,
	/// Seconds to wait for the transaction to be finalized.
	#[arg(long, value_name = "SECS", default_value_t = 180)]
	timeout: u64,
}

/// Never shows the secret, even in debug output.
impl std::fmt::Debug for SigningArgs {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.debug_struct("SigningArgs")
			.field("node", &self.node)
			.field("suri", &self.suri.as_ref().map(|_| "<redacted>"))
			.field("suri_file", &self.suri_file)
			.field("timeout", &self.timeout)
			.finish()
	}
}

impl SigningArgs {
	fn signing(&self) -> Signing {
		Signing {
			rpc: self.node.url(),
			suri: self.suri.clone(),
			suri_file: self.suri_file.clone(),
			timeout: Duration::from_secs(self.timeout),
		}
	}
}

#[derive(Args, Debug, Clone)]
struct LicenseFlags {
	/// SPDX licence expression, e.g. CC-BY-4.0 (default: the licence of the folder's Hugging Face
	/// card, `README.md`, when the CLI maps it).
	#[arg(long, value_name = "SPDX")]
	license: Option<String>,
	/// Forbid commercial use.
	#[arg(long)]
	no_commercial_use: bool,
	/// Forbid derivative works.
	#[arg(long)]
	no_derivatives: bool,
	/// Forbid use as AI training input.
	#[arg(long)]
	no_ai_training: bool,
	/// Hash of the full licence terms (0x + 64 hex digits).
	#[arg(long, value_name = "HASH", conflicts_with = "terms_file")]
	terms_hash: Option<String>,
	/// File with the full licence terms (its BLAKE2b-256 becomes the terms hash).
	#[arg(long, value_name = "FILE")]
	terms_file: Option<PathBuf>,
}

/// What a content root leaves out (SPEC "Hashing conventions").
#[derive(Args, Debug, Clone)]
struct ExclusionFlags {
	/// Leave out entries matching GLOB, repeatable: without `/` it matches a file or directory
	/// name at any depth (`*.tmp`), with `/` the path below the root (`logs/**`).
	#[arg(long = "exclude", value_name = "GLOB")]
	exclude: Vec<String>,
	/// Hash `.git/`, `.cache/huggingface/`, `.gitattributes`, `.DS_Store` … too (the default
	/// exclusions are off; the root then differs from everyone else's).
	#[arg(long)]
	no_default_excludes: bool,
}

impl ExclusionFlags {
	fn exclusions(&self) -> anyhow::Result<provenance_cli::content::Exclusions> {
		provenance_cli::content::Exclusions::new(!self.no_default_excludes, &self.exclude)
	}
}

impl LicenseFlags {
	fn request(&self) -> anyhow::Result<provenance_cli::args::LicenseRequest> {
		let terms_hash = match (&self.terms_hash, &self.terms_file) {
			(Some(h), _) => Some(provenance_cli::args::h256("--terms-hash", h)?),
			(None, Some(path)) => {
				Some(sp_core::H256(provenance_cli::content::blake2_256_file(path).map_err(
					|e| anyhow::anyhow!("cannot read --terms-file {}: {e}", path.display()),
				)?))
			}
			(None, None) => None,
		};
		Ok(provenance_cli::args::LicenseRequest {
			spdx: self.license.clone(),
			no_commercial_use: self.no_commercial_use,
			no_derivatives: self.no_derivatives,
			no_ai_training: self.no_ai_training,
			terms_hash,
		})
	}
}

/// What a dispute is about: exactly one of these (`--inference` also needs `--model-id`).
#[derive(Args, Debug, Clone)]
#[group(required = true, multiple = false)]
struct TargetFlags {
	/// A dataset.
	#[arg(long, value_name = "ID")]
	dataset: Option<u64>,
	/// A model.
	#[arg(long, value_name = "ID")]
	model: Option<u64>,
	/// An anchored inference batch.
	#[arg(long, value_name = "ID")]
	batch: Option<u64>,
	/// A model's claim to an inference output (with --model-id).
	#[arg(long, value_name = "OUTPUT_HASH", requires = "model_id")]
	inference: Option<String>,
}

impl TargetFlags {
	fn target(
		&self,
		model_id: Option<u64>,
	) -> anyhow::Result<provenance_primitives::DisputeTarget> {
		provenance_cli::args::dispute_target(
			self.dataset,
			self.model,
			self.batch,
			self.inference.as_deref(),
			model_id,
		)
	}
}

/// The evidence of a dispute or of an answer: its hash, or the document to hash.
#[derive(Args, Debug, Clone)]
#[group(required = true, multiple = false)]
struct EvidenceFlags {
	/// Hash of the evidence document (0x + 64 hex digits).
	#[arg(long, value_name = "HASH")]
	evidence: Option<String>,
	/// The evidence document (its BLAKE2b-256 becomes the evidence hash).
	#[arg(long, value_name = "FILE")]
	evidence_file: Option<PathBuf>,
}

impl EvidenceFlags {
	fn hash(&self) -> anyhow::Result<sp_core::H256> {
		commands::evidence_hash(self.evidence.as_deref(), self.evidence_file.as_deref())
	}
}

#[derive(Subcommand, Debug)]
enum BatchCommand {
	/// Root, count and proofs file of a JSON Lines records file.
	Build {
		/// One record per line: {"modelId","inputHash","outputHash","paramsHash"}.
		records: PathBuf,
		/// Where to write the proofs file (default: <records>.proofs).
		#[arg(long, short, value_name = "FILE")]
		out: Option<PathBuf>,
	},
	/// The proof of one record, as JSON, from a proofs file.
	Prove {
		/// Proofs file written by `batch build` or `inference anchor`.
		proofs: PathBuf,
		/// Leaf index (0-based line number of the record).
		#[arg(long, conflicts_with = "output_hash", required_unless_present = "output_hash")]
		index: Option<u64>,
		/// Output hash of the record.
		#[arg(long, value_name = "HASH")]
		output_hash: Option<String>,
		/// Write the JSON to a file instead of stdout.
		#[arg(long, short, value_name = "FILE")]
		out: Option<PathBuf>,
	},
	/// Check that a record is in a batch: against --root/--count, or against an anchored batch.
	Verify {
		/// The record: a JSON file, inline JSON, or - for stdin (a `batch prove` output works too).
		record: String,
		/// The proof: a JSON file, inline JSON, or - (a `batch prove` output works too).
		proof: String,
		/// Batch root to verify against (needs --count).
		#[arg(
			long,
			value_name = "HASH",
			requires = "count",
			conflicts_with = "batch_id",
			required_unless_present = "batch_id"
		)]
		root: Option<String>,
		/// Number of records in the batch (with --root).
		#[arg(long)]
		count: Option<u64>,
		/// Anchored batch to verify against, through the node (provenance_verifyInclusion).
		#[arg(long, value_name = "ID")]
		batch_id: Option<u64>,
		#[command(flatten)]
		node: NodeArgs,
	},
}

/// What a receipt proves.
#[derive(Subcommand, Debug)]
enum ReceiptSubject {
	/// A registered dataset.
	Dataset {
		/// Its id.
		id: u64,
		#[command(flatten)]
		options: ReceiptOptions,
	},
	/// A registered model (with --with-lineage, every ancestor model and dataset too, in one
	/// state proof).
	Model {
		/// Its id.
		id: u64,
		/// Prove every ancestor model and every dataset of the lineage too.
		#[arg(long)]
		with_lineage: bool,
		#[command(flatten)]
		options: ReceiptOptions,
	},
	/// A model's logged claim to an output.
	Inference {
		/// BLAKE2b-256 of the output.
		output_hash: String,
		/// The model that claims it.
		#[arg(long = "model", value_name = "ID")]
		model_id: u64,
		#[command(flatten)]
		options: ReceiptOptions,
	},
	/// One record of an anchored batch, with its Merkle inclusion proof.
	BatchRecord {
		/// The anchored batch.
		#[arg(long = "batch", value_name = "ID")]
		batch_id: u64,
		/// The record: a JSON file, inline JSON, or - (a `batch prove` output works too).
		#[arg(long)]
		record: String,
		/// Its proof: a JSON file, inline JSON, or - (a `batch prove` output works too).
		#[arg(long)]
		proof: String,
		#[command(flatten)]
		options: ReceiptOptions,
	},
}

/// Where a receipt is anchored and written.
#[derive(Args, Debug)]
struct ReceiptOptions {
	/// Anchor at this finalized block (the node must have stored its justification); default:
	/// the next block the node finalizes.
	#[arg(long, value_name = "FINALIZED_HASH")]
	at: Option<String>,
	/// Where to write the receipt.
	#[arg(long, short, value_name = "FILE")]
	out: PathBuf,
	#[command(flatten)]
	node: NodeArgs,
}

/// What `export` documents.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ExportKind {
	/// A model and its whole lineage.
	Model,
	/// A dataset and its previous versions.
	Dataset,
}

#[derive(Subcommand, Debug)]
enum DatasetCommand {
	/// Withdraw a dataset you own (its status becomes `retracted`; it stays for history, new models
	/// can no longer use it).
	Retract {
		/// Dataset id.
		id: u64,
		/// Why, in your words (stored on chain).
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Hash a dataset and register it.
	Register {
		/// Dataset file or directory.
		path: PathBuf,
		#[command(flatten)]
		exclusions: ExclusionFlags,
		#[command(flatten)]
		license: LicenseFlags,
		/// Where the data can be fetched (IPFS CID, https URL, …).
		#[arg(long, default_value = "", hide_default_value = true)]
		uri: String,
		/// Free-form metadata.
		#[arg(long, default_value = "", hide_default_value = true)]
		metadata: String,
		/// Ignore the folder's Hugging Face dataset card (README.md front matter).
		#[arg(long)]
		no_card: bool,
		/// ADDRESS:SHARE, repeatable; shares in percent summing to 100 (default: the signer, 100%).
		#[arg(long = "contributor", value_name = "ADDR:SHARE")]
		contributors: Vec<String>,
		/// The dataset this one is a new version of.
		#[arg(long, value_name = "ID")]
		previous_version: Option<u64>,
		/// Register in one step, without committing first. By default the CLI first submits
		/// `Datasets.commit` (a hash that hides the root) and registers in a later block, so
		/// someone who sees the root in the transaction pool and registers it first is displaced.
		#[arg(long)]
		no_commit: bool,
		#[command(flatten)]
		signing: SigningArgs,
	},
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum ModelCommand {
	/// Withdraw a model you own (its status becomes `retracted`; it stays for history, new models
	/// can no longer use it).
	Retract {
		/// Model id.
		id: u64,
		/// Why, in your words (stored on chain).
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Hash model weights and register them with their lineage.
	Register {
		/// Weights file or directory.
		path: PathBuf,
		#[command(flatten)]
		exclusions: ExclusionFlags,
		#[command(flatten)]
		license: LicenseFlags,
		/// Architecture/hyperparameter file (its BLAKE2b-256 is the config hash).
		#[arg(long, value_name = "FILE")]
		config: Option<PathBuf>,
		/// The config hash itself.
		#[arg(long, value_name = "HASH")]
		config_hash: Option<String>,
		/// Where the weights can be fetched.
		#[arg(long, default_value = "", hide_default_value = true)]
		uri: String,
		/// Free-form metadata.
		#[arg(long, default_value = "", hide_default_value = true)]
		metadata: String,
		/// Parent model and derivation, repeatable: ID:KIND with KIND one of fine-tune,
		/// distillation, merge, quantization, adapter, continued-pretraining, other.
		#[arg(long = "parent", value_name = "ID:KIND")]
		parents: Vec<String>,
		/// Dataset the model was trained on, repeatable.
		#[arg(long = "dataset", value_name = "ID")]
		datasets: Vec<u64>,
		/// Ignore the folder's Hugging Face model card (README.md front matter).
		#[arg(long)]
		no_card: bool,
		/// Map a card name (base_model or datasets entry) to a registered id, repeatable:
		/// NAME=ID, e.g. meta-llama/Llama-3.1-8B=3. Otherwise names are resolved by content
		/// root through the local Hugging Face cache.
		#[arg(long = "map", value_name = "NAME=ID")]
		maps: Vec<String>,
		/// Register without the card entries that cannot be mapped (they are listed).
		#[arg(long)]
		allow_unmapped: bool,
		/// Register in one step, without committing first. By default the CLI first submits
		/// `Models.commit` (a hash that hides the root) and registers in a later block, so
		/// someone who sees the root in the transaction pool and registers it first is displaced.
		#[arg(long)]
		no_commit: bool,
		#[command(flatten)]
		signing: SigningArgs,
	},
}

#[derive(Subcommand, Debug)]
enum InferenceCommand {
	/// Build a batch from a records file and anchor its root on chain.
	Anchor {
		/// JSON Lines records file (every record's modelId must be --model).
		records: PathBuf,
		/// Model the inferences belong to.
		#[arg(long, value_name = "ID")]
		model: u64,
		/// Where the records can be fetched.
		#[arg(long, default_value = "", hide_default_value = true)]
		uri: String,
		/// Where to write the proofs file (default: <records>.proofs).
		#[arg(long, value_name = "FILE")]
		proofs: Option<PathBuf>,
		#[command(flatten)]
		charge: ChargeArgs,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Log one inference on chain: the claim "this model produced this output".
	Log {
		/// Model that produced the output.
		#[arg(long, value_name = "ID")]
		model: u64,
		/// BLAKE2b-256 of the input (0x + 64 hex digits).
		#[arg(long, value_name = "HASH")]
		input_hash: String,
		/// BLAKE2b-256 of the output (0x + 64 hex digits).
		#[arg(long, value_name = "HASH")]
		output_hash: String,
		/// BLAKE2b-256 of the generation parameters (default: zero).
		#[arg(long, value_name = "HASH")]
		params_hash: Option<String>,
		#[command(flatten)]
		charge: ChargeArgs,
		#[command(flatten)]
		signing: SigningArgs,
	},
}

/// The usage charge of a priced model, shown before submitting.
#[derive(Args, Debug)]
struct ChargeArgs {
	/// Refuse to submit if the usage charge (count × the model's price per inference, quoted
	/// just before submitting) is higher: planck, or PROV with the unit (e.g. 0.5PROV).
	#[arg(long, value_name = "AMOUNT")]
	max_charge: Option<String>,
}

#[derive(Subcommand, Debug)]
enum RoyaltiesCommand {
	/// Pay for use of a model; the payment is split through its lineage.
	Pay {
		/// Model id.
		#[arg(long, value_name = "ID")]
		model: u64,
		/// Planck (integer) or PROV with the unit, e.g. 2.5PROV.
		#[arg(long)]
		amount: String,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Claim everything accrued to the signer.
	Claim {
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Exactly what a payment (--amount) or COUNT inferences at the model's price (--count)
	/// would credit, per account, and the quote hash.
	Quote {
		/// Model id.
		#[arg(long, value_name = "ID")]
		model: u64,
		/// A payment: planck (integer) or PROV with the unit.
		#[arg(long, required_unless_present = "count", conflicts_with = "count")]
		amount: Option<String>,
		/// A usage charge of this many inferences.
		#[arg(long, value_name = "N")]
		count: Option<u64>,
		#[command(flatten)]
		node: NodeArgs,
	},
	/// Show a model's price per inference, or set it with --set (its owner signs; 0 turns
	/// usage metering off). Inference.log then charges one price and anchor_batch count × price.
	Price {
		/// Model id.
		#[arg(long, value_name = "ID")]
		model: u64,
		/// The new price: planck (integer) or PROV with the unit.
		#[arg(long, value_name = "PRICE")]
		set: Option<String>,
		#[command(flatten)]
		signing: SigningArgs,
	},
}

#[derive(Subcommand, Debug)]
enum DisputeCommand {
	/// Challenge a dataset, model, batch or inference claim; holds the dispute bond until the
	/// dispute is withdrawn or decided. Prints the dispute id.
	Open {
		#[command(flatten)]
		target: TargetFlags,
		/// Model whose claim to the --inference output is disputed.
		#[arg(long, value_name = "ID", requires = "inference")]
		model_id: Option<u64>,
		/// What wrong is alleged: ownership, license, lineage, content or other.
		#[arg(long)]
		kind: String,
		#[command(flatten)]
		evidence: EvidenceFlags,
		/// Where the evidence can be read (IPFS CID, https URL, …).
		#[arg(long, default_value = "", hide_default_value = true)]
		uri: String,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Answer a dispute about a record you own (a later answer replaces an earlier one).
	Respond {
		/// Dispute id.
		id: u64,
		#[command(flatten)]
		evidence: EvidenceFlags,
		/// Where the answer's evidence can be read.
		#[arg(long, default_value = "", hide_default_value = true)]
		uri: String,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// Withdraw a dispute you opened, before it is decided; the bond is released.
	Withdraw {
		/// Dispute id.
		id: u64,
		#[command(flatten)]
		signing: SigningArgs,
	},
	/// One dispute (exit status 3 if there is none).
	Show {
		/// Dispute id.
		id: u64,
		#[command(flatten)]
		node: NodeArgs,
	},
	/// Every dispute about a dataset, model, batch or inference claim, open or closed.
	List {
		#[command(flatten)]
		target: TargetFlags,
		/// Model whose claim to the --inference output is disputed.
		#[arg(long, value_name = "ID", requires = "inference")]
		model_id: Option<u64>,
		#[command(flatten)]
		node: NodeArgs,
	},
}

async fn run(cli: Cli) -> anyhow::Result<()> {
	let out = Output { json: cli.json, quiet: cli.quiet };
	match cli.command {
		Command::Hash { path, from_oms: Some(bundle), public_key, manifest, exclusions } => {
			commands::hash_from_oms(
				&bundle,
				public_key.as_deref(),
				path.as_deref(),
				&exclusions.exclusions()?,
				manifest,
				&out,
			)
		}
		Command::Hash { path, from_oms: None, manifest, exclusions, .. } => {
			let path = path.ok_or_else(|| anyhow::anyhow!("give a file or directory to hash"))?;
			commands::hash(&path, &exclusions.exclusions()?, manifest, &out)
		}
		Command::Dataset(DatasetCommand::Retract { id, reason, signing }) => {
			commands::retract(commands::Registry::Dataset, id, &reason, &signing.signing(), &out)
				.await
		}
		Command::Model(ModelCommand::Retract { id, reason, signing }) => {
			commands::retract(commands::Registry::Model, id, &reason, &signing.signing(), &out)
				.await
		}
		Command::Export { kind, id, format, out: file, node } => {
			let subject = match kind {
				ExportKind::Model => provenance_primitives::Asset::Model(id),
				ExportKind::Dataset => provenance_primitives::Asset::Dataset(id),
			};
			commands::export(subject, format, file.as_deref(), &node.url(), &out).await
		}
		Command::Receipt(subject) => {
			use provenance_cli::receipt::Subject;
			let (subject, options) = match subject {
				ReceiptSubject::Dataset { id, options } => (Subject::Dataset { id }, options),
				ReceiptSubject::Model { id, with_lineage, options } => {
					(Subject::Model { id, with_lineage }, options)
				}
				ReceiptSubject::Inference { output_hash, model_id, options } => {
					let output_hash = provenance_cli::args::h256("OUTPUT_HASH", &output_hash)?;
					(Subject::Inference { output_hash, model_id }, options)
				}
				ReceiptSubject::BatchRecord { batch_id, record, proof, options } => {
					let args = commands::receipt::BatchRecordArgs {
						batch_id,
						record: &record,
						proof: &proof,
					};
					(commands::receipt::batch_record_subject(args)?, options)
				}
			};
			let ReceiptOptions { at, out: file, node } = options;
			commands::receipt::receipt(subject, at.as_deref(), &file, &node.url(), &out).await
		}
		Command::VerifyReceipt { file, chain_spec } => {
			commands::receipt::verify_receipt(&file, &chain_spec, &out)
		}
		Command::Verify { path, exclusions, node } => {
			commands::verify(&path, &exclusions.exclusions()?, &node.url(), &out).await
		}
		Command::Batch(BatchCommand::Build { records, out: proofs }) => {
			commands::batch_build(&records, proofs.as_deref(), &out)
		}
		Command::Batch(BatchCommand::Prove { proofs, index, output_hash, out: file }) => {
			commands::batch_prove(&proofs, index, output_hash.as_deref(), file.as_deref())
		}
		Command::Batch(BatchCommand::Verify { record, proof, root, count, batch_id, node }) => {
			let against = match (root, count, batch_id) {
				(Some(root), Some(count), None) => VerifyAgainst::Root { root, count },
				(None, _, Some(batch_id)) => VerifyAgainst::Batch { batch_id, rpc: node.url() },
				_ => anyhow::bail!("give --root and --count, or --batch-id"),
			};
			commands::batch_verify(&record, &proof, against, &out).await
		}
		Command::Dataset(DatasetCommand::Register {
			path,
			exclusions,
			license,
			uri,
			metadata,
			contributors,
			previous_version,
			no_commit,
			no_card,
			signing,
		}) => {
			let a = commands::DatasetRegister {
				path,
				exclusions: exclusions.exclusions()?,
				license: license.request()?,
				no_card,
				uri,
				metadata,
				contributors,
				previous_version,
				no_commit,
			};
			commands::dataset_register(a, &signing.signing(), &out).await
		}
		Command::Model(ModelCommand::Register {
			path,
			exclusions,
			license,
			config,
			config_hash,
			uri,
			metadata,
			parents,
			datasets,
			no_commit,
			no_card,
			maps,
			allow_unmapped,
			signing,
		}) => {
			let a = commands::ModelRegister {
				path,
				exclusions: exclusions.exclusions()?,
				license: license.request()?,
				card: commands::CardOptions {
					no_card,
					maps: provenance_cli::card::parse_map(&maps)?,
					allow_unmapped,
				},
				config_hash: commands::config_hash(config.as_deref(), config_hash.as_deref())?,
				uri,
				metadata,
				parents,
				datasets,
				no_commit,
			};
			commands::model_register(a, &signing.signing(), &out).await
		}
		Command::Inference(InferenceCommand::Anchor {
			records,
			model,
			uri,
			proofs,
			charge,
			signing,
		}) => {
			commands::inference_anchor(
				&records,
				model,
				&uri,
				proofs.as_deref(),
				charge.max_charge.as_deref(),
				&signing.signing(),
				&out,
			)
			.await
		}
		Command::Inference(InferenceCommand::Log {
			model,
			input_hash,
			output_hash,
			params_hash,
			charge,
			signing,
		}) => {
			let a = commands::LogArgs {
				model_id: model,
				input_hash: provenance_cli::args::h256("--input-hash", &input_hash)?,
				output_hash: provenance_cli::args::h256("--output-hash", &output_hash)?,
				params_hash: match params_hash {
					Some(h) => provenance_cli::args::h256("--params-hash", &h)?,
					None => sp_core::H256::zero(),
				},
				max_charge: charge.max_charge,
			};
			commands::inference_log(a, &signing.signing(), &out).await
		}
		Command::Royalties(RoyaltiesCommand::Pay { model, amount, signing }) => {
			commands::royalties_pay(model, &amount, &signing.signing(), &out).await
		}
		Command::Royalties(RoyaltiesCommand::Claim { signing }) => {
			commands::royalties_claim(&signing.signing(), &out).await
		}
		Command::Royalties(RoyaltiesCommand::Quote { model, amount, count, node }) => {
			let of = match (amount, count) {
				(Some(amount), _) => commands::QuoteOf::Payment(amount),
				(None, Some(count)) => commands::QuoteOf::Usage(count),
				(None, None) => {
					anyhow::bail!("give --amount (a payment) or --count (a usage charge)")
				}
			};
			commands::royalties_quote(&node.url(), model, of, &out).await
		}
		Command::Royalties(RoyaltiesCommand::Price { model, set, signing }) => {
			commands::royalties_price(model, set.as_deref(), &signing.signing(), &out).await
		}
		Command::Lineage { model_id, max_depth, format, node } => {
			commands::lineage(&node.url(), model_id, max_depth, format).await
		}
		Command::Dispute(DisputeCommand::Open {
			target,
			model_id,
			kind,
			evidence,
			uri,
			signing,
		}) => {
			let a = commands::DisputeOpen {
				target: target.target(model_id)?,
				kind: provenance_cli::args::dispute_kind(&kind)?,
				evidence: evidence.hash()?,
				uri,
			};
			commands::dispute_open(a, &signing.signing(), &out).await
		}
		Command::Dispute(DisputeCommand::Respond { id, evidence, uri, signing }) => {
			commands::dispute_respond(id, evidence.hash()?, &uri, &signing.signing(), &out).await
		}
		Command::Dispute(DisputeCommand::Withdraw { id, signing }) => {
			commands::dispute_withdraw(id, &signing.signing(), &out).await
		}
		Command::Dispute(DisputeCommand::Show { id, node }) => {
			commands::dispute_show(&node.url(), id, &out).await
		}
		Command::Dispute(DisputeCommand::List { target, model_id, node }) => {
			commands::dispute_list(&node.url(), target.target(model_id)?, &out).await
		}
	}
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
		Ok(rt) => rt,
		Err(e) => {
			eprintln!("error: cannot start the async runtime: {e}");
			return ExitCode::FAILURE;
		}
	};
	match runtime.block_on(run(cli)) {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			if let Some(commands::Exit(code)) = e.downcast_ref::<commands::Exit>() {
				return ExitCode::from(*code);
			}
			eprintln!("error: {e:#}");
			if e.downcast_ref::<commands::NotFound>().is_some() {
				ExitCode::from(commands::NOT_FOUND_EXIT)
			} else {
				ExitCode::FAILURE
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	#[test]
	fn the_command_line_is_well_formed() {
		Cli::command().debug_assert();
	}

	fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
		Cli::try_parse_from(std::iter::once("provenance").chain(args.iter().copied()))
	}

	const H: &str = "0xabababababababababababababababababababababababababababababababab";

	fn open(extra: &[&str]) -> Result<Cli, clap::Error> {
		let mut args = vec!["dispute", "open", "--kind", "ownership", "--evidence", H];
		args.extend_from_slice(extra);
		parse(&args)
	}

	#[test]
	fn a_dispute_names_exactly_one_target_and_its_evidence_once() {
		let h = H;
		for ok in [
			vec!["--dataset", "1"],
			vec!["--model", "2"],
			vec!["--batch", "3"],
			vec!["--inference", h, "--model-id", "4"],
		] {
			let cli = open(&ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
			let Command::Dispute(DisputeCommand::Open { target, model_id, .. }) = cli.command
			else {
				panic!("{ok:?} is not dispute open");
			};
			assert!(target.target(model_id).is_ok(), "{ok:?}");
		}
		for bad in [
			vec![],
			vec!["--dataset", "1", "--model", "2"],
			vec!["--dataset", "1", "--inference", h, "--model-id", "4"],
			vec!["--inference", h],
		] {
			assert!(open(&bad).is_err(), "{bad:?}");
		}
		// `--model-id` without `--inference` parses, and is refused before anything is sent.
		let cli = open(&["--dataset", "1", "--model-id", "4"]).expect("parses");
		let Command::Dispute(DisputeCommand::Open { target, model_id, .. }) = cli.command else {
			panic!("not dispute open");
		};
		assert!(target.target(model_id).is_err());
		// Evidence: a hash or a file, exactly one.
		assert!(parse(&["dispute", "open", "--dataset", "1", "--kind", "other"]).is_err());
		assert!(parse(&[
			"dispute",
			"open",
			"--dataset",
			"1",
			"--kind",
			"other",
			"--evidence",
			h,
			"--evidence-file",
			"e.pdf"
		])
		.is_err());
		assert!(
			parse(&["dispute", "respond", "7", "--evidence-file", "e.pdf", "--uri", "x"]).is_ok()
		);
		assert!(parse(&["dispute", "respond", "7"]).is_err());
		assert!(parse(&["dispute", "withdraw", "7"]).is_ok());
		assert!(parse(&["--json", "dispute", "show", "7"]).is_ok());
		assert!(parse(&["dispute", "list", "--model", "2"]).is_ok());
		assert!(parse(&["dispute", "list"]).is_err());
	}
}
