//! Parsing of JSON-RPC parameters, with errors that name the field.

use crate::{AccountId, Balance, INVALID_PARAMS};
use jsonrpsee::types::ErrorObjectOwned;
use provenance_primitives::{
	merkle::{InclusionProof, InferenceRecord},
	Asset,
};
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, H256};

/// Largest `max_depth` a lineage or descendants query may ask for (also the default).
pub const MAX_DEPTH_LIMIT: u32 = 256;
/// Most nodes one lineage or descendants query visits before reporting `truncated`.
pub const MAX_NODES: u32 = 10_000;

pub(crate) fn invalid(message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS, message, None::<()>)
}

fn missing(field: &str) -> ErrorObjectOwned {
	invalid(format!("{field}: missing parameter"))
}

fn describe(value: &Value) -> &'static str {
	match value {
		Value::Null => "null",
		Value::Bool(_) => "a boolean",
		Value::Number(_) => "a number",
		Value::String(_) => "a string",
		Value::Array(_) => "an array",
		Value::Object(_) => "an object",
	}
}

/// A non-negative integer id.
pub(crate) fn u64_value(field: &str, value: &Value) -> Result<u64, ErrorObjectOwned> {
	match value {
		Value::Number(n) => n.as_u64().ok_or_else(|| {
			invalid(format!("{field}: expected a non-negative integer below 2^64, got {n}"))
		}),
		other => Err(invalid(format!(
			"{field}: expected a non-negative integer, got {}",
			describe(other)
		))),
	}
}

pub(crate) fn required_u64(field: &str, value: Option<Value>) -> Result<u64, ErrorObjectOwned> {
	u64_value(field, value.as_ref().ok_or_else(|| missing(field))?)
}

/// A `0x`-prefixed 32-byte hex string.
pub(crate) fn hash_value(field: &str, value: &Value) -> Result<H256, ErrorObjectOwned> {
	let Value::String(text) = value else {
		return Err(invalid(format!(
			"{field}: expected a 0x-prefixed 32-byte hex string, got {}",
			describe(value)
		)));
	};
	let hex =
		text.strip_prefix("0x").ok_or_else(|| invalid(format!("{field}: expected a 0x prefix")))?;
	if hex.len() % 2 != 0 {
		return Err(invalid(format!("{field}: odd number of hex digits ({})", hex.len())));
	}
	let bytes = decode_hex(hex).ok_or_else(|| invalid(format!("{field}: not valid hex")))?;
	if bytes.len() != 32 {
		return Err(invalid(format!("{field}: expected 32 bytes, got {}", bytes.len())));
	}
	Ok(H256::from_slice(&bytes))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
	let digits: Vec<u8> = hex
		.bytes()
		.map(|c| match c {
			b'0'..=b'9' => Some(c - b'0'),
			b'a'..=b'f' => Some(c - b'a' + 10),
			b'A'..=b'F' => Some(c - b'A' + 10),
			_ => None,
		})
		.collect::<Option<_>>()?;
	Some(digits.chunks(2).map(|pair| pair.iter().fold(0u8, |acc, d| acc * 16 + d)).collect())
}

pub(crate) fn required_hash(field: &str, value: Option<Value>) -> Result<H256, ErrorObjectOwned> {
	hash_value(field, value.as_ref().ok_or_else(|| missing(field))?)
}

pub(crate) fn optional_hash(
	field: &str,
	value: Option<Value>,
) -> Result<Option<H256>, ErrorObjectOwned> {
	match value {
		None | Some(Value::Null) => Ok(None),
		Some(value) => hash_value(field, &value).map(Some),
	}
}

/// `max_depth`: absent means [`MAX_DEPTH_LIMIT`]; more than that is an error.
pub(crate) fn max_depth(value: Option<Value>) -> Result<u32, ErrorObjectOwned> {
	match value {
		None | Some(Value::Null) => Ok(MAX_DEPTH_LIMIT),
		Some(value) => {
			let depth = u64_value("max_depth", &value)?;
			if depth > u64::from(MAX_DEPTH_LIMIT) {
				return Err(invalid(format!(
					"max_depth: {depth} is over the limit of {MAX_DEPTH_LIMIT}"
				)));
			}
			u32::try_from(depth).map_err(|_| invalid("max_depth: out of range".into()))
		}
	}
}

/// `{ "model": id }` or `{ "dataset": id }`.
pub(crate) fn required_asset(field: &str, value: Option<Value>) -> Result<Asset, ErrorObjectOwned> {
	let value = value.ok_or_else(|| missing(field))?;
	let Value::Object(map) = &value else {
		return Err(invalid(format!(
			"{field}: expected {{\"model\": id}} or {{\"dataset\": id}}, got {}",
			describe(&value)
		)));
	};
	match (map.len(), map.get("model"), map.get("dataset")) {
		(1, Some(id), None) => Ok(Asset::Model(u64_value(&format!("{field}.model"), id)?)),
		(1, None, Some(id)) => Ok(Asset::Dataset(u64_value(&format!("{field}.dataset"), id)?)),
		_ => Err(invalid(format!("{field}: expected exactly one key, \"model\" or \"dataset\""))),
	}
}

/// `{ modelId, inputHash, outputHash, paramsHash }`.
pub(crate) fn required_record(
	field: &str,
	value: Option<Value>,
) -> Result<InferenceRecord, ErrorObjectOwned> {
	let value = value.ok_or_else(|| missing(field))?;
	let Value::Object(map) = &value else {
		return Err(invalid(format!("{field}: expected an object, got {}", describe(&value))));
	};
	let get =
		|key: &str| map.get(key).ok_or_else(|| invalid(format!("{field}.{key}: missing field")));
	Ok(InferenceRecord {
		model_id: u64_value(&format!("{field}.modelId"), get("modelId")?)?,
		input_hash: hash_value(&format!("{field}.inputHash"), get("inputHash")?)?,
		output_hash: hash_value(&format!("{field}.outputHash"), get("outputHash")?)?,
		params_hash: hash_value(&format!("{field}.paramsHash"), get("paramsHash")?)?,
	})
}

/// Longest proof accepted: a tree of 2^64 leaves.
const MAX_SIBLINGS: usize = 64;

/// `{ leafIndex, siblings: [hash, ...] }`.
pub(crate) fn required_proof(
	field: &str,
	value: Option<Value>,
) -> Result<InclusionProof, ErrorObjectOwned> {
	let value = value.ok_or_else(|| missing(field))?;
	let Value::Object(map) = &value else {
		return Err(invalid(format!("{field}: expected an object, got {}", describe(&value))));
	};
	let leaf_index = u64_value(
		&format!("{field}.leafIndex"),
		map.get("leafIndex").ok_or_else(|| invalid(format!("{field}.leafIndex: missing field")))?,
	)?;
	let siblings = match map.get("siblings") {
		Some(Value::Array(items)) if items.len() <= MAX_SIBLINGS => items
			.iter()
			.enumerate()
			.map(|(i, item)| hash_value(&format!("{field}.siblings[{i}]"), item))
			.collect::<Result<Vec<_>, _>>()?,
		Some(Value::Array(items)) => {
			return Err(invalid(format!(
				"{field}.siblings: {} entries, at most {MAX_SIBLINGS} allowed",
				items.len()
			)))
		}
		Some(other) => {
			return Err(invalid(format!(
				"{field}.siblings: expected an array, got {}",
				describe(other)
			)))
		}
		None => return Err(invalid(format!("{field}.siblings: missing field"))),
	};
	Ok(InclusionProof { leaf_index, siblings })
}

/// A balance: a decimal string (preferred, exact) or a non-negative integer number.
pub(crate) fn required_balance(
	field: &str,
	value: Option<Value>,
) -> Result<Balance, ErrorObjectOwned> {
	match value.ok_or_else(|| missing(field))? {
		Value::String(text) => text.parse::<u128>().map_err(|_| {
			invalid(format!("{field}: expected a decimal integer string, got {text:?}"))
		}),
		Value::Number(n) => n
			.as_u64()
			.map(u128::from)
			.ok_or_else(|| invalid(format!("{field}: expected a non-negative integer, got {n}"))),
		other => {
			Err(invalid(format!("{field}: expected a decimal string, got {}", describe(&other))))
		}
	}
}

/// An SS58 address.
pub(crate) fn required_account(
	field: &str,
	value: Option<Value>,
) -> Result<AccountId, ErrorObjectOwned> {
	match value.ok_or_else(|| missing(field))? {
		Value::String(text) => AccountId::from_ss58check(&text)
			.map_err(|e| invalid(format!("{field}: not a valid SS58 address ({e:?})"))),
		other => Err(invalid(format!(
			"{field}: expected an SS58 address string, got {}",
			describe(&other)
		))),
	}
}
