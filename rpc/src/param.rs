//! [`Param`]: a typed JSON-RPC parameter whose parse error names the parameter.

use jsonrpsee::types::ErrorObjectOwned;
use serde::{
	de::DeserializeOwned, ser::Error as _, Deserialize, Deserializer, Serialize, Serializer,
};
use serde_json::Value;

/// JSON-RPC error code for bad parameters.
pub const INVALID_PARAMS: i32 = -32602;

/// A parameter of type `T` in the [`ProvenanceApi`](crate::ProvenanceApiServer) trait.
///
/// jsonrpsee would reject a malformed parameter itself, with a message that does not say which
/// parameter was wrong. A `Param` accepts any JSON value and keeps the outcome of reading it as a
/// `T`; the server then turns a failure into an error that starts with the parameter's name and
/// the path inside it (`proof.siblings[0]: invalid length …`). Clients build one from a `T` with
/// `.into()`; it serializes as the `T`.
///
/// Parameters are declared as `Option<Param<T>>` in the trait, so that a missing required
/// parameter also reaches the server, which names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Param<T>(Result<T, String>);

impl<T> From<T> for Param<T> {
	fn from(value: T) -> Self {
		Self(Ok(value))
	}
}

impl<T: Serialize> Serialize for Param<T> {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		match &self.0 {
			Ok(value) => value.serialize(serializer),
			Err(error) => Err(S::Error::custom(error)),
		}
	}
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Param<T> {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let value = Value::deserialize(deserializer)?;
		Ok(Self(serde_path_to_error::deserialize::<_, T>(value.clone()).map_err(|error| {
			let mut path = error.path().to_string();
			let inner = error.into_inner();
			// serde names a missing field in the message, at the path of the object holding it:
			// put it into the path, so that the error starts with `record.inputHash`.
			let message = inner.to_string();
			if let Some(field) =
				message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next())
			{
				path = if path == "." { field.to_owned() } else { format!("{path}.{field}") };
				return if path.starts_with('[') {
					format!("{path}: missing field")
				} else {
					format!(".{path}: missing field")
				};
			}
			let mut got = value.to_string();
			if got.len() > 80 {
				got = format!("{}…", got.chars().take(80).collect::<String>());
			}
			if path == "." {
				format!("{inner} (got {got})")
			} else if path.starts_with('[') {
				format!("{path}: {inner}")
			} else {
				format!(".{path}: {inner}")
			}
		})))
	}
}

/// An "invalid params" error with this message.
pub fn invalid(message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS, message, None::<()>)
}

impl<T> Param<T> {
	/// The value of required parameter `name`, or an error naming it.
	pub fn required(param: Option<Self>, name: &str) -> Result<T, ErrorObjectOwned> {
		Self::optional(param, name)?.ok_or_else(|| invalid(format!("{name}: missing parameter")))
	}

	/// The value of optional parameter `name` (`None` when absent or `null`), or an error naming
	/// it.
	pub fn optional(param: Option<Self>, name: &str) -> Result<Option<T>, ErrorObjectOwned> {
		match param {
			None => Ok(None),
			Some(Self(Ok(value))) => Ok(Some(value)),
			Some(Self(Err(error))) if error.starts_with(['.', '[']) => {
				Err(invalid(format!("{name}{error}")))
			}
			Some(Self(Err(error))) => Err(invalid(format!("{name}: {error}"))),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use provenance_primitives::merkle::InclusionProof;
	use serde_json::json;

	fn error_of<T: DeserializeOwned>(value: Value) -> String {
		let param: Param<T> = serde_json::from_value(value).expect("a Param reads any JSON");
		Param::required(Some(param), "p").err().map(|e| e.message().to_owned()).unwrap_or_default()
	}

	#[test]
	fn errors_name_the_parameter_and_the_path_inside_it() {
		let negative = error_of::<u64>(json!(-1));
		assert!(negative.starts_with("p: ") && negative.contains("-1"), "{negative}");
		let siblings = error_of::<InclusionProof>(json!({ "leafIndex": 0, "siblings": ["0x1"] }));
		assert!(siblings.starts_with("p.siblings[0]: "), "{siblings}");
		assert_eq!(
			error_of::<InclusionProof>(json!({ "siblings": [] })),
			"p.leafIndex: missing field"
		);
		assert_eq!(
			Param::<u64>::required(None, "id").err().map(|e| e.message().to_owned()),
			Some("id: missing parameter".into())
		);
		assert_eq!(Param::<u64>::optional(None, "at").ok(), Some(None));
	}

	#[test]
	fn a_param_serializes_as_its_value() {
		assert_eq!(serde_json::to_value(Param::from(7u64)).ok(), Some(json!(7)));
	}
}
