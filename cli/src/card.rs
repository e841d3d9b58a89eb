//! Hugging Face model and dataset cards: the YAML front matter of a folder's `README.md`
//! (`license`, `base_model`, `base_model_relation`, `datasets`), how each entry maps to the
//! chain's vocabulary, and how card names are resolved to registered ids.
//!
//! Names are resolved **by content, not by name**: a card's `base_model: org/name` is looked up in
//! the local Hugging Face hub cache (`models--org--name/snapshots/<revision>/`), the snapshot's
//! content root is computed, and the chain is asked which model has that root. A name index on
//! chain would be first come, first served, so anyone could claim `hf:meta-llama/…` for their
//! own model and every fine-tune resolved through it would name the wrong parent; a content root
//! cannot be claimed by a different model. What is not in the cache is mapped by hand
//! (`--map org/name=ID`) or refused (unless `--allow-unmapped`).

use anyhow::{bail, Context, Result};
use provenance_primitives::Derivation;
use serde_yaml::Value as Yaml;
use std::path::{Path, PathBuf};

/// The card fields the CLI reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
	/// `license` (a Hugging Face licence id such as `apache-2.0`).
	pub license: Option<String>,
	/// `license_name` (for `license: other`).
	pub license_name: Option<String>,
	/// `base_model`: one name or several (a merge).
	pub base_models: Vec<String>,
	/// `base_model_relation`: `adapter`, `merge`, `quantized` or `finetune`.
	pub base_model_relation: Option<String>,
	/// `datasets`.
	pub datasets: Vec<String>,
}

/// The front matter of `dir/README.md`, or `None` when the folder has no card (or `dir` is a
/// file, or the README has no front matter).
pub fn read(dir: &Path) -> Result<Option<Card>> {
	if !dir.is_dir() {
		return Ok(None);
	}
	let readme = dir.join("README.md");
	let text = match std::fs::read_to_string(&readme) {
		Ok(text) => text,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
		Err(e) => return Err(e).with_context(|| format!("cannot read {}", readme.display())),
	};
	let Some(yaml) = front_matter(&text) else { return Ok(None) };
	parse(yaml)
		.with_context(|| format!("the model card front matter of {}", readme.display()))
		.map(Some)
}

/// The YAML between a leading `---` line and the next `---` line.
pub fn front_matter(text: &str) -> Option<&str> {
	let text = text.strip_prefix('\u{feff}').unwrap_or(text);
	let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
	if rest.starts_with("---") {
		return Some("");
	}
	let end = rest.find("\n---")?;
	rest.get(..=end)
}

fn strings(value: Option<&Yaml>, field: &str) -> Result<Vec<String>> {
	match value {
		None | Some(Yaml::Null) => Ok(Vec::new()),
		Some(Yaml::String(s)) => Ok(vec![s.trim().to_owned()]),
		Some(Yaml::Sequence(items)) => items
			.iter()
			.map(|item| match item {
				Yaml::String(s) => Ok(s.trim().to_owned()),
				other => bail!("`{field}` lists {other:?}, not a name"),
			})
			.collect(),
		Some(other) => bail!("`{field}` is {other:?}, not a name or a list of names"),
	}
}

fn string(value: Option<&Yaml>, field: &str) -> Result<Option<String>> {
	let mut all = strings(value, field)?;
	match all.len() {
		0 => Ok(None),
		1 => Ok(all.pop()),
		_ => bail!("`{field}` lists several values; one is expected"),
	}
}

/// Parses card front matter.
pub fn parse(yaml: &str) -> Result<Card> {
	let doc: Yaml = serde_yaml::from_str(yaml).context("not valid YAML")?;
	let map = match &doc {
		Yaml::Mapping(map) => map,
		Yaml::Null => return Ok(Card::default()),
		other => bail!("expected a mapping of fields, found {other:?}"),
	};
	let get = |key: &str| map.get(Yaml::String(key.to_owned()));
	Ok(Card {
		license: string(get("license"), "license")?,
		license_name: string(get("license_name"), "license_name")?,
		base_models: strings(get("base_model"), "base_model")?,
		base_model_relation: string(get("base_model_relation"), "base_model_relation")?,
		datasets: strings(get("datasets"), "datasets")?,
	})
}

/// A Hugging Face licence id mapped to the chain's `License`: SPDX id and the three flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LicenseMapping {
	/// The card's id.
	pub hf: &'static str,
	/// SPDX identifier (`LicenseRef-…` where SPDX has none).
	pub spdx: &'static str,
	/// Commercial use allowed.
	pub commercial_use: bool,
	/// Derivative works allowed.
	pub derivatives_allowed: bool,
	/// Use as AI training input (or, for a model, distillation) allowed.
	pub ai_training_allowed: bool,
}

const fn lic(
	hf: &'static str,
	spdx: &'static str,
	commercial_use: bool,
	derivatives_allowed: bool,
	ai_training_allowed: bool,
) -> LicenseMapping {
	LicenseMapping { hf, spdx, commercial_use, derivatives_allowed, ai_training_allowed }
}

/// The licences the CLI maps (docs/MODEL-CARDS.md has the same table). Anything else, including
/// `other` and `unknown`, is unmapped: give `--license` and its flags.
pub const LICENSES: &[LicenseMapping] = &[
	// Permissive.
	lic("apache-2.0", "Apache-2.0", true, true, true),
	lic("mit", "MIT", true, true, true),
	lic("bsd-2-clause", "BSD-2-Clause", true, true, true),
	lic("bsd-3-clause", "BSD-3-Clause", true, true, true),
	lic("bsd-3-clause-clear", "BSD-3-Clause-Clear", true, true, true),
	lic("isc", "ISC", true, true, true),
	lic("zlib", "Zlib", true, true, true),
	lic("bsl-1.0", "BSL-1.0", true, true, true),
	lic("unlicense", "Unlicense", true, true, true),
	lic("wtfpl", "WTFPL", true, true, true),
	lic("postgresql", "PostgreSQL", true, true, true),
	lic("afl-3.0", "AFL-3.0", true, true, true),
	lic("artistic-2.0", "Artistic-2.0", true, true, true),
	lic("ecl-2.0", "ECL-2.0", true, true, true),
	lic("ofl-1.1", "OFL-1.1", true, true, true),
	lic("ncsa", "NCSA", true, true, true),
	lic("mpl-2.0", "MPL-2.0", true, true, true),
	lic("epl-2.0", "EPL-2.0", true, true, true),
	lic("cc0-1.0", "CC0-1.0", true, true, true),
	lic("pddl", "PDDL-1.0", true, true, true),
	lic("odc-by", "ODC-By-1.0", true, true, true),
	lic("cdla-permissive-1.0", "CDLA-Permissive-1.0", true, true, true),
	lic("cdla-permissive-2.0", "CDLA-Permissive-2.0", true, true, true),
	lic("cc-by-2.0", "CC-BY-2.0", true, true, true),
	lic("cc-by-3.0", "CC-BY-3.0", true, true, true),
	lic("cc-by-4.0", "CC-BY-4.0", true, true, true),
	// Copyleft / share-alike: allowed, on the licence's terms.
	lic("cc-by-sa-3.0", "CC-BY-SA-3.0", true, true, true),
	lic("cc-by-sa-4.0", "CC-BY-SA-4.0", true, true, true),
	lic("odbl", "ODbL-1.0", true, true, true),
	lic("cdla-sharing-1.0", "CDLA-Sharing-1.0", true, true, true),
	lic("gpl-2.0", "GPL-2.0-only", true, true, true),
	lic("gpl-3.0", "GPL-3.0-only", true, true, true),
	lic("agpl-3.0", "AGPL-3.0-only", true, true, true),
	lic("lgpl-2.1", "LGPL-2.1-only", true, true, true),
	lic("lgpl-3.0", "LGPL-3.0-only", true, true, true),
	lic("eupl-1.2", "EUPL-1.2", true, true, true),
	// Non-commercial.
	lic("cc-by-nc-2.0", "CC-BY-NC-2.0", false, true, true),
	lic("cc-by-nc-3.0", "CC-BY-NC-3.0", false, true, true),
	lic("cc-by-nc-4.0", "CC-BY-NC-4.0", false, true, true),
	lic("cc-by-nc-sa-2.0", "CC-BY-NC-SA-2.0", false, true, true),
	lic("cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0", false, true, true),
	lic("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", false, true, true),
	// No derivatives.
	lic("cc-by-nd-4.0", "CC-BY-ND-4.0", true, false, true),
	lic("cc-by-nc-nd-3.0", "CC-BY-NC-ND-3.0", false, false, true),
	lic("cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0", false, false, true),
	// Responsible AI licences: commercial use and derivatives allowed under use restrictions.
	lic("openrail", "LicenseRef-OpenRAIL", true, true, true),
	lic("openrail++", "LicenseRef-OpenRAIL-plus-plus", true, true, true),
	lic("creativeml-openrail-m", "LicenseRef-CreativeML-OpenRAIL-M", true, true, true),
	lic("bigscience-openrail-m", "LicenseRef-BigScience-OpenRAIL-M", true, true, true),
	lic("bigcode-openrail-m", "LicenseRef-BigCode-OpenRAIL-M", true, true, true),
	lic("bigscience-bloom-rail-1.0", "LicenseRef-BigScience-BLOOM-RAIL-1.0", true, true, true),
	// Model vendors' licences. Llama 2 forbids using the model or its output to improve other
	// large language models (no distillation); Llama 3 and later allow it with attribution.
	lic("llama2", "LicenseRef-Llama-2-Community", true, true, false),
	lic("llama3", "LicenseRef-Llama-3-Community", true, true, true),
	lic("llama3.1", "LicenseRef-Llama-3.1-Community", true, true, true),
	lic("llama3.2", "LicenseRef-Llama-3.2-Community", true, true, true),
	lic("llama3.3", "LicenseRef-Llama-3.3-Community", true, true, true),
	lic("llama4", "LicenseRef-Llama-4-Community", true, true, true),
	lic("gemma", "LicenseRef-Gemma-Terms-of-Use", true, true, true),
	// Research only.
	lic(
		"fair-noncommercial-research-license",
		"LicenseRef-FAIR-Noncommercial-Research",
		false,
		true,
		true,
	),
	lic("deepfloyd-if-license", "LicenseRef-DeepFloyd-IF", false, true, true),
	lic("apple-amlr", "LicenseRef-Apple-AMLR", false, true, true),
];

/// The mapping of a card's licence id, if the CLI knows it (case-insensitive).
pub fn map_license(hf: &str) -> Option<&'static LicenseMapping> {
	let hf = hf.trim().to_ascii_lowercase();
	LICENSES.iter().find(|m| m.hf == hf)
}

/// The derivation of a card's `base_model_relation`, or the default: a merge when there are
/// several base models, else a fine-tune (what the Hub itself infers).
pub fn derivation(relation: Option<&str>, base_models: usize) -> Result<Derivation> {
	Ok(match relation.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
		None if base_models > 1 => Derivation::Merge,
		None => Derivation::FineTune,
		Some("finetune" | "fine-tune" | "fine_tune") => Derivation::FineTune,
		Some("adapter") => Derivation::Adapter,
		Some("merge") => Derivation::Merge,
		Some("quantized" | "quantization") => Derivation::Quantization,
		Some("distillation" | "distilled") => Derivation::Distillation,
		Some(other) => {
			bail!("base_model_relation {other:?} is not one of adapter, merge, quantized, finetune")
		}
	})
}

/// Which Hub repository type a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoKind {
	/// `models--org--name`.
	Model,
	/// `datasets--org--name`.
	Dataset,
}

/// The Hugging Face hub cache: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
/// `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub` (as `huggingface_hub`).
pub fn hub_cache() -> Option<PathBuf> {
	let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
	var("HF_HUB_CACHE")
		.or_else(|| var("HF_HOME").map(|h| h.join("hub")))
		.or_else(|| var("XDG_CACHE_HOME").map(|c| c.join("huggingface/hub")))
		.or_else(|| var("HOME").map(|h| h.join(".cache/huggingface/hub")))
}

/// The snapshot folders of `name` in the hub cache, the one `refs/main` names first.
pub fn snapshots(cache: &Path, kind: RepoKind, name: &str) -> Vec<PathBuf> {
	let prefix = match kind {
		RepoKind::Model => "models",
		RepoKind::Dataset => "datasets",
	};
	let repo = cache.join(format!("{prefix}--{}", name.replace('/', "--")));
	let main = std::fs::read_to_string(repo.join("refs/main")).ok();
	let mut found: Vec<PathBuf> = match std::fs::read_dir(repo.join("snapshots")) {
		Ok(entries) => {
			entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect()
		}
		Err(_) => Vec::new(),
	};
	found.sort();
	if let Some(main) = main.map(|m| m.trim().to_owned()) {
		if let Some(i) =
			found.iter().position(|p| p.file_name().is_some_and(|n| n == main.as_str()))
		{
			let first = found.remove(i);
			found.insert(0, first);
		}
	}
	found
}

/// `--map NAME=ID` entries.
pub fn parse_map(entries: &[String]) -> Result<Vec<(String, u64)>> {
	entries
		.iter()
		.map(|e| {
			let (name, id) = e
				.rsplit_once('=')
				.with_context(|| format!("--map {e:?}: expected NAME=ID, e.g. org/base-model=3"))?;
			let id =
				id.trim().parse().with_context(|| format!("--map {e:?}: {id:?} is not an id"))?;
			Ok((name.trim().to_owned(), id))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn front_matter_is_the_leading_yaml_block() {
		let card = "---\nlicense: mit\nbase_model: org/base\n---\n# Title\n---\nnot yaml\n";
		assert_eq!(front_matter(card), Some("license: mit\nbase_model: org/base\n"));
		assert_eq!(front_matter("# no front matter\n---\n"), None);
		assert_eq!(front_matter("---\nunterminated: yes\n"), None);
		assert_eq!(
			front_matter("\u{feff}---\r\nlicense: mit\r\n---\r\n"),
			Some("license: mit\r\n")
		);
	}

	#[test]
	fn fields_are_strings_or_lists() {
		let card = parse(
			"license: apache-2.0\nbase_model:\n- a/one\n- b/two\nbase_model_relation: merge\ndatasets: org/data\ntags: [x]\n",
		)
		.unwrap();
		assert_eq!(card.license.as_deref(), Some("apache-2.0"));
		assert_eq!(card.base_models, ["a/one", "b/two"]);
		assert_eq!(card.datasets, ["org/data"]);
		assert_eq!(card.base_model_relation.as_deref(), Some("merge"));
		assert!(parse("license: [mit, apache-2.0]\n").is_err());
		assert!(parse("datasets: {a: b}\n").is_err());
		assert!(parse("- just\n- a list\n").is_err());
		assert_eq!(parse("").unwrap(), Card::default());
	}

	#[test]
	fn licenses_map_with_their_flags() {
		let nc = map_license("CC-BY-NC-4.0").unwrap();
		assert_eq!(
			(nc.spdx, nc.commercial_use, nc.derivatives_allowed),
			("CC-BY-NC-4.0", false, true)
		);
		assert!(!map_license("llama2").unwrap().ai_training_allowed);
		assert!(!map_license("cc-by-nd-4.0").unwrap().derivatives_allowed);
		assert!(map_license("other").is_none());
		assert!(map_license("unknown").is_none());
		for m in LICENSES {
			assert!(m.spdx.len() <= provenance_primitives::MAX_SPDX_LEN as usize, "{}", m.hf);
			assert_eq!(LICENSES.iter().filter(|o| o.hf == m.hf).count(), 1, "{} once", m.hf);
		}
	}

	#[test]
	fn the_docs_list_every_licence_row() {
		let docs = include_str!("../../docs/MODEL-CARDS.md");
		let yes = |b: bool| if b { "yes" } else { "no" };
		for m in LICENSES {
			let row = format!(
				"| `{}` | `{}` | {} | {} | {} |",
				m.hf,
				m.spdx,
				yes(m.commercial_use),
				yes(m.derivatives_allowed),
				yes(m.ai_training_allowed)
			);
			assert!(docs.contains(&row), "docs/MODEL-CARDS.md lacks {row}");
		}
	}

	#[test]
	fn relations_map_to_derivations() {
		assert_eq!(derivation(None, 1).unwrap(), Derivation::FineTune);
		assert_eq!(derivation(None, 2).unwrap(), Derivation::Merge);
		assert_eq!(derivation(Some("adapter"), 1).unwrap(), Derivation::Adapter);
		assert_eq!(derivation(Some("quantized"), 1).unwrap(), Derivation::Quantization);
		assert!(derivation(Some("sideways"), 1).is_err());
	}

	#[test]
	fn snapshots_put_refs_main_first() {
		let dir = tempfile::tempdir().unwrap();
		let repo = dir.path().join("models--org--name");
		for rev in ["aaa", "bbb", "ccc"] {
			std::fs::create_dir_all(repo.join("snapshots").join(rev)).unwrap();
		}
		std::fs::create_dir_all(repo.join("refs")).unwrap();
		std::fs::write(repo.join("refs/main"), "bbb").unwrap();
		let found = snapshots(dir.path(), RepoKind::Model, "org/name");
		let names: Vec<_> =
			found.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
		assert_eq!(names, ["bbb", "aaa", "ccc"]);
		assert!(snapshots(dir.path(), RepoKind::Dataset, "org/name").is_empty());
	}

	#[test]
	fn maps_are_name_equals_id() {
		assert_eq!(parse_map(&["org/a=3".into()]).unwrap(), [("org/a".to_owned(), 3)]);
		assert!(parse_map(&["org/a".into()]).is_err());
		assert!(parse_map(&["org/a=x".into()]).is_err());
	}
}
