//! Inference batches: records in JSON Lines, the batch root, the proofs file, single proofs and
//! their verification. The tree, the leaves and the verification are
//! [`provenance_primitives::merkle`]'s, the code the runtime uses.
//!
//! ## Records file
//! One JSON object per line: `{"modelId": 7, "inputHash": "0x…", "outputHash": "0x…",
//! "paramsHash": "0x…"}` (hashes are 0x + 64 hex digits; other keys are ignored). The leaf index of a
//! record is its line number minus one. Blank lines are errors (they would shift every index after
//! them), except for the final newline.
//!
//! ## Proofs file (binary, little-endian)
//! A 64-byte header — magic `PVPROOFS`, version `u32` (1), `depth: u32` (the longest proof),
//! `count: u64`, `root: [u8; 32]`, `entry_size: u32`, 4 reserved bytes — then `count` fixed-size
//! entries in leaf order: the record's SCALE encoding (104 bytes), the number of siblings (`u8`),
//! and `depth` 32-byte sibling slots (unused ones zero). Fixed-size entries make a proof one seek
//! away; a lookup by output hash is one sequential scan.

use anyhow::{bail, ensure, Context, Result};
use codec::{Decode, Encode};
use provenance_primitives::merkle::{verify, InclusionProof, InferenceRecord, MerkleTree};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sp_core::H256;
use std::{
	borrow::Cow,
	fs::File,
	io::{Read, Seek, SeekFrom, Write},
	path::{Path, PathBuf},
};

/// Magic bytes opening a proofs file.
pub const MAGIC: &[u8; 8] = b"PVPROOFS";
/// Format version of the proofs file.
pub const VERSION: u32 = 1;
/// Size of the proofs file header.
pub const HEADER_LEN: usize = 64;
/// SCALE size of an [`InferenceRecord`].
pub const RECORD_LEN: usize = InferenceRecord::ENCODED_LEN;
/// Records parsed per parallel block.
const BLOCK_LINES: usize = 1 << 16;
/// Bytes read per block of the records file.
const READ_BLOCK: usize = 16 << 20;

/// A parse error of one line of a records file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
	/// 1-based line number.
	pub line: u64,
	/// What is wrong.
	pub message: String,
}

impl std::fmt::Display for LineError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "line {}: {}", self.line, self.message)
	}
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord<'a> {
	model_id: u64,
	#[serde(borrow)]
	input_hash: Cow<'a, str>,
	#[serde(borrow)]
	output_hash: Cow<'a, str>,
	#[serde(borrow)]
	params_hash: Cow<'a, str>,
}

/// Parses a `0x` + 64 hex digit string.
pub fn parse_h256(field: &str, text: &str) -> Result<H256, String> {
	let digits = text
		.strip_prefix("0x")
		.ok_or_else(|| format!("{field}: expected a 0x-prefixed hex string, got {text:?}"))?;
	if digits.len() != 64 {
		return Err(format!("{field}: expected 64 hex digits after 0x, got {}", digits.len()));
	}
	let mut out = [0u8; 32];
	for (byte, pair) in out.iter_mut().zip(digits.as_bytes().chunks_exact(2)) {
		let (hi, lo) = (HEX[pair[0] as usize], HEX[pair[1] as usize]);
		if hi | lo == 0xff {
			return Err(format!("{field}: not valid hex"));
		}
		*byte = (hi << 4) | lo;
	}
	Ok(H256(out))
}

/// Hex digit values, `0xff` for non-digits (a table: this runs 200 million times per million
/// records).
const HEX: [u8; 256] = {
	let mut t = [0xffu8; 256];
	let mut i = 0;
	while i < 10 {
		t[b'0' as usize + i] = i as u8;
		i += 1;
	}
	let mut i = 0;
	while i < 6 {
		t[b'a' as usize + i] = 10 + i as u8;
		t[b'A' as usize + i] = 10 + i as u8;
		i += 1;
	}
	t
};

/// Parses one line of a records file (without its newline).
pub fn parse_record(line: &[u8]) -> Result<InferenceRecord, String> {
	let line = line.strip_suffix(b"\r").unwrap_or(line);
	if line.iter().all(u8::is_ascii_whitespace) {
		return Err("empty line (every line must be one JSON record)".into());
	}
	let raw: RawRecord = serde_json::from_slice(line).map_err(|e| {
		let text = e.to_string();
		let message = text.rfind(" at line ").map_or(text.as_str(), |at| &text[..at]);
		format!("invalid JSON record at column {}: {message}", e.column())
	})?;
	Ok(InferenceRecord {
		model_id: raw.model_id,
		input_hash: parse_h256("inputHash", &raw.input_hash)?,
		output_hash: parse_h256("outputHash", &raw.output_hash)?,
		params_hash: parse_h256("paramsHash", &raw.params_hash)?,
	})
}

fn parse_block(
	lines: &[&[u8]],
	first_line: u64,
	out: &mut Vec<InferenceRecord>,
) -> Result<(), LineError> {
	let parsed: Vec<Result<InferenceRecord, String>> =
		lines.par_iter().with_min_len(1024).map(|line| parse_record(line)).collect();
	for (i, result) in parsed.into_iter().enumerate() {
		match result {
			Ok(record) => out.push(record),
			Err(message) => return Err(LineError { line: first_line + i as u64, message }),
		}
	}
	Ok(())
}

/// Reads and parses a whole records file, streaming it in blocks parsed in parallel. A malformed
/// line is reported with its line number.
pub fn read_records(path: &Path) -> Result<Vec<InferenceRecord>> {
	let mut file =
		File::open(path).with_context(|| format!("cannot open records file {}", path.display()))?;
	read_records_from(&mut file).with_context(|| format!("records file {}", path.display()))
}

/// [`read_records`] from any reader.
pub fn read_records_from(reader: &mut impl Read) -> Result<Vec<InferenceRecord>> {
	let mut records = Vec::new();
	let mut carry: Vec<u8> = Vec::new();
	let mut chunk = vec![0u8; READ_BLOCK];
	let mut next_line = 1u64;
	loop {
		let n = loop {
			match reader.read(&mut chunk) {
				Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
				other => break other.context("cannot read records")?,
			}
		};
		let eof = n == 0;
		carry.extend_from_slice(&chunk[..n]);
		// Complete lines only, unless the input ended.
		let complete = if eof {
			carry.len()
		} else {
			match carry.iter().rposition(|b| *b == b'\n') {
				Some(pos) => pos + 1,
				None => continue,
			}
		};
		if complete > 0 {
			let body = &carry[..complete];
			let body = body.strip_suffix(b"\n").unwrap_or(body);
			let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').collect();
			for block in lines.chunks(BLOCK_LINES) {
				parse_block(block, next_line, &mut records).map_err(anyhow::Error::msg)?;
				next_line += block.len() as u64;
			}
		}
		carry.drain(..complete);
		if eof {
			break;
		}
	}
	ensure!(!records.is_empty(), "no records: a batch needs at least one");
	Ok(records)
}

/// Leaf values of `records`, computed in parallel with [`InferenceRecord::leaf_hash`] (the
/// BLAKE2b-256 of the SCALE encoding, written to the stack: no allocation per record).
pub fn leaves(records: &[InferenceRecord]) -> Vec<H256> {
	records.par_iter().with_min_len(4096).map(InferenceRecord::leaf_hash).collect()
}

/// Longest proof in a tree of `count` leaves: `ceil(log2(count))`.
pub fn depth(count: u64) -> u32 {
	if count <= 1 {
		0
	} else {
		64 - (count - 1).leading_zeros()
	}
}

/// Summary of a built batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
	/// Merkle root over the records' leaves.
	pub root: H256,
	/// Number of records.
	pub count: u64,
	/// Longest proof.
	pub depth: u32,
}

fn entry_size(depth: u32) -> usize {
	RECORD_LEN + 1 + 32 * depth as usize
}

fn header(summary: &BatchSummary) -> [u8; HEADER_LEN] {
	let mut h = [0u8; HEADER_LEN];
	h[..8].copy_from_slice(MAGIC);
	h[8..12].copy_from_slice(&VERSION.to_le_bytes());
	h[12..16].copy_from_slice(&summary.depth.to_le_bytes());
	h[16..24].copy_from_slice(&summary.count.to_le_bytes());
	h[24..56].copy_from_slice(summary.root.as_bytes());
	h[56..60].copy_from_slice(&(entry_size(summary.depth) as u32).to_le_bytes());
	h
}

/// Where the time of [`build_timed`] went.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildTimings {
	/// Leaf hashes (parallel).
	pub leaves: std::time::Duration,
	/// The tree (`MerkleTree::new`).
	pub tree: std::time::Duration,
	/// Proofs generated (parallel) and written.
	pub proofs: std::time::Duration,
}

/// Builds the tree over `records` and writes the proofs file to `out` (written to a temporary
/// file next to it, then renamed, so a failure never leaves a truncated proofs file behind).
pub fn build(records: &[InferenceRecord], out: &Path) -> Result<BatchSummary> {
	build_timed(records, out).map(|(summary, _)| summary)
}

/// [`build`], with the time of each step.
pub fn build_timed(
	records: &[InferenceRecord],
	out: &Path,
) -> Result<(BatchSummary, BuildTimings)> {
	ensure!(!records.is_empty(), "no records: a batch needs at least one");
	let mut timings = BuildTimings::default();
	let started = std::time::Instant::now();
	let leaves = leaves(records);
	timings.leaves = started.elapsed();
	let started = std::time::Instant::now();
	let tree = MerkleTree::new(&leaves);
	drop(leaves);
	timings.tree = started.elapsed();
	let started = std::time::Instant::now();
	let count = records.len() as u64;
	let summary = BatchSummary { root: tree.root(), count, depth: depth(count) };
	let size = entry_size(summary.depth);

	let tmp = tmp_path(out);
	let result = (|| -> Result<()> {
		let file =
			File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
		// Entries are generated in parallel a block at a time while a writer thread writes the
		// previous block, so the disk and the cores work at once.
		let (to_writer, from_builder) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
		let (recycle, buffers) = std::sync::mpsc::channel::<Vec<u8>>();
		let writer = std::thread::spawn(move || -> std::io::Result<()> {
			let mut file = file;
			file.write_all(&header(&summary))?;
			for block in from_builder {
				file.write_all(&block)?;
				let _ = recycle.send(block);
			}
			file.flush()
		});
		let generate = || -> Result<()> {
			for (b, chunk) in records.chunks(BLOCK_LINES).enumerate() {
				let base = (b * BLOCK_LINES) as u64;
				let mut block = buffers.try_recv().unwrap_or_default();
				block.resize(size * chunk.len(), 0);
				block.par_chunks_mut(size).with_min_len(1024).enumerate().try_for_each(
					|(i, entry)| -> Result<()> {
						let index = base + i as u64;
						let proof = tree.proof(index).context("proof index out of range")?;
						chunk[i].encode_to(&mut &mut entry[..RECORD_LEN]);
						entry[RECORD_LEN] = proof.siblings.len() as u8;
						let used = RECORD_LEN + 1 + 32 * proof.siblings.len();
						for (slot, sibling) in
							entry[RECORD_LEN + 1..used].chunks_exact_mut(32).zip(&proof.siblings)
						{
							slot.copy_from_slice(sibling.as_bytes());
						}
						entry[used..].fill(0);
						Ok(())
					},
				)?;
				if to_writer.send(block).is_err() {
					break; // the writer failed: its error is reported below
				}
			}
			Ok(())
		};
		let generated = generate();
		drop(to_writer);
		let written = writer.join().map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
		generated?;
		written?;
		Ok(())
	})();
	match result {
		Ok(()) => std::fs::rename(&tmp, out)
			.with_context(|| format!("cannot move {} to {}", tmp.display(), out.display()))?,
		Err(e) => {
			let _ = std::fs::remove_file(&tmp);
			return Err(e.context(format!("cannot write proofs file {}", out.display())));
		}
	}
	timings.proofs = started.elapsed();
	Ok((summary, timings))
}

fn tmp_path(out: &Path) -> PathBuf {
	let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
	name.push(format!(".tmp{}", std::process::id()));
	out.with_file_name(name)
}

/// The default proofs file of a records file: `<records>.proofs`.
pub fn default_proofs_path(records: &Path) -> PathBuf {
	let mut name = records.as_os_str().to_os_string();
	name.push(".proofs");
	PathBuf::from(name)
}

/// A proof with its record and the batch it was built for, as `batch prove` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofBundle {
	/// The record.
	pub record: InferenceRecord,
	/// Its inclusion proof.
	pub proof: InclusionProof,
	/// The root the proof was built for (informative: verification takes the root and count
	/// from the chain or from the command line, never from here).
	pub root: H256,
	/// The batch size the proof was built for (informative, see `root`).
	pub count: u64,
}

/// An opened proofs file.
pub struct ProofsFile {
	file: File,
	path: PathBuf,
	/// Root, count and depth from the header.
	pub summary: BatchSummary,
	entry_size: usize,
}

impl ProofsFile {
	/// Opens a proofs file and checks its header and size.
	pub fn open(path: &Path) -> Result<Self> {
		let mut file = File::open(path)
			.with_context(|| format!("cannot open proofs file {}", path.display()))?;
		let mut h = [0u8; HEADER_LEN];
		file.read_exact(&mut h)
			.with_context(|| format!("{} is not a proofs file (too short)", path.display()))?;
		ensure!(&h[..8] == MAGIC, "{} is not a proofs file (bad magic)", path.display());
		let version = u32::from_le_bytes(h[8..12].try_into()?);
		ensure!(
			version == VERSION,
			"{}: unsupported proofs file version {version}",
			path.display()
		);
		let depth = u32::from_le_bytes(h[12..16].try_into()?);
		let count = u64::from_le_bytes(h[16..24].try_into()?);
		let root = H256::from_slice(&h[24..56]);
		let entry_size = u32::from_le_bytes(h[56..60].try_into()?) as usize;
		ensure!(
			depth == self::depth(count) && entry_size == self::entry_size(depth) && count > 0,
			"{}: corrupt proofs file header",
			path.display()
		);
		let expected = HEADER_LEN as u64 + count * entry_size as u64;
		let actual = file.metadata()?.len();
		ensure!(
			actual == expected,
			"{}: truncated or corrupt proofs file ({actual} bytes, expected {expected})",
			path.display()
		);
		Ok(Self {
			file,
			path: path.to_path_buf(),
			summary: BatchSummary { root, count, depth },
			entry_size,
		})
	}

	fn decode_entry(&self, index: u64, entry: &[u8]) -> Result<(InferenceRecord, InclusionProof)> {
		let record = InferenceRecord::decode(&mut &entry[..RECORD_LEN])
			.with_context(|| format!("{}: corrupt entry {index}", self.path.display()))?;
		let n = entry[RECORD_LEN] as usize;
		ensure!(n <= self.summary.depth as usize, "{}: corrupt entry {index}", self.path.display());
		let siblings = (0..n)
			.map(|s| H256::from_slice(&entry[RECORD_LEN + 1 + 32 * s..RECORD_LEN + 33 + 32 * s]))
			.collect();
		Ok((record, InclusionProof { leaf_index: index, siblings }))
	}

	/// The record and proof at `index`, checked against the header's root.
	pub fn at(&mut self, index: u64) -> Result<ProofBundle> {
		ensure!(
			index < self.summary.count,
			"leaf index {index} is out of range: the batch has {} records (0..{})",
			self.summary.count,
			self.summary.count - 1
		);
		let mut entry = vec![0u8; self.entry_size];
		self.file.seek(SeekFrom::Start(HEADER_LEN as u64 + index * self.entry_size as u64))?;
		self.file.read_exact(&mut entry)?;
		let (record, proof) = self.decode_entry(index, &entry)?;
		self.bundle(record, proof)
	}

	/// The first record with this output hash, and its proof.
	pub fn find_output(&mut self, output_hash: &H256) -> Result<ProofBundle> {
		self.file.seek(SeekFrom::Start(HEADER_LEN as u64))?;
		let per_read = (4 << 20) / self.entry_size + 1;
		let mut buffer = vec![0u8; per_read * self.entry_size];
		let mut index = 0u64;
		while index < self.summary.count {
			let n = (per_read as u64).min(self.summary.count - index) as usize;
			let bytes = &mut buffer[..n * self.entry_size];
			self.file.read_exact(bytes)?;
			let found = bytes
				.chunks(self.entry_size)
				.position(|entry| &entry[40..72] == output_hash.as_bytes());
			if let Some(i) = found {
				let at = index + i as u64;
				let (record, proof) =
					self.decode_entry(at, &bytes[i * self.entry_size..(i + 1) * self.entry_size])?;
				return self.bundle(record, proof);
			}
			index += n as u64;
		}
		bail!("no record with output hash {output_hash:?} in {}", self.path.display())
	}

	fn bundle(&self, record: InferenceRecord, proof: InclusionProof) -> Result<ProofBundle> {
		ensure!(
			verify(&self.summary.root, self.summary.count, &record, &proof),
			"{}: entry {} does not verify against the file's own root (corrupt file)",
			self.path.display(),
			proof.leaf_index
		);
		Ok(ProofBundle { record, proof, root: self.summary.root, count: self.summary.count })
	}
}

/// Reads a JSON argument: inline JSON when it starts with `{`, `-` for stdin, else a file path.
pub fn read_json_arg(what: &str, arg: &str) -> Result<serde_json::Value> {
	let text = if arg.trim_start().starts_with('{') {
		arg.to_owned()
	} else if arg == "-" {
		let mut s = String::new();
		std::io::stdin()
			.read_to_string(&mut s)
			.with_context(|| format!("cannot read {what} from stdin"))?;
		s
	} else {
		std::fs::read_to_string(arg).with_context(|| format!("cannot read {what} file {arg}"))?
	};
	serde_json::from_str(&text).with_context(|| format!("{what} ({arg}) is not valid JSON"))
}

/// The record in a JSON value: the value itself, or its `record` field (a `batch prove` output).
pub fn record_from_json(value: &serde_json::Value) -> Result<InferenceRecord> {
	let value = value.get("record").unwrap_or(value);
	let text = serde_json::to_vec(value)?;
	parse_record(&text).map_err(|e| anyhow::anyhow!("record: {e}"))
}

/// The proof in a JSON value: the value itself, or its `proof` field (a `batch prove` output).
pub fn proof_from_json(value: &serde_json::Value) -> Result<InclusionProof> {
	let value = value.get("proof").unwrap_or(value);
	let leaf_index = value
		.get("leafIndex")
		.context("proof: missing field leafIndex")?
		.as_u64()
		.context("proof.leafIndex: expected a non-negative integer")?;
	let siblings = value
		.get("siblings")
		.context("proof: missing field siblings")?
		.as_array()
		.context("proof.siblings: expected an array")?
		.iter()
		.enumerate()
		.map(|(i, s)| {
			let text = s
				.as_str()
				.with_context(|| format!("proof.siblings[{i}]: expected a hex string"))?;
			parse_h256(&format!("proof.siblings[{i}]"), text).map_err(anyhow::Error::msg)
		})
		.collect::<Result<Vec<_>>>()?;
	Ok(InclusionProof { leaf_index, siblings })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn depth_is_the_longest_proof() {
		for n in 1..=600u64 {
			let leaves: Vec<H256> = (0..n).map(H256::from_low_u64_be).collect();
			let tree = MerkleTree::new(&leaves);
			let longest =
				(0..n).map(|i| tree.proof(i).map_or(0, |p| p.siblings.len())).max().unwrap_or(0);
			assert_eq!(depth(n) as usize, longest, "n = {n}");
		}
		assert_eq!(depth(1 << 20), 20);
		assert_eq!(depth((1 << 20) + 1), 21);
	}

	#[test]
	fn records_stream_across_read_blocks_with_line_numbers() {
		let line = br#"{"modelId":1,"inputHash":"0x0101010101010101010101010101010101010101010101010101010101010101","outputHash":"0x0202020202020202020202020202020202020202020202020202020202020202","paramsHash":"0x0303030303030303030303030303030303030303030303030303030303030303"}"#;
		// A reader that returns a few bytes at a time splits lines at every possible place.
		struct Trickle<'a>(&'a [u8], usize);
		impl Read for Trickle<'_> {
			fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
				let n = self.1.min(self.0.len()).min(buf.len());
				buf[..n].copy_from_slice(&self.0[..n]);
				self.0 = &self.0[n..];
				Ok(n)
			}
		}
		let mut text = Vec::new();
		for _ in 0..5 {
			text.extend_from_slice(line);
			text.push(b'\n');
		}
		for step in [1, 7, 100, 1 << 20] {
			let records = read_records_from(&mut Trickle(&text, step)).unwrap();
			assert_eq!(records.len(), 5);
		}
		let mut broken = text.clone();
		broken.extend_from_slice(b"{\"modelId\": 1}\n");
		let err = read_records_from(&mut Trickle(&broken, 13)).unwrap_err().to_string();
		assert!(err.starts_with("line 6: "), "{err}");
	}
}
