//! Standard documents of a model's or a dataset's provenance, from the chain's records:
//!
//! * **SPDX 3.0.1** (JSON-LD) with the AI and Dataset profiles: an `ai_AIPackage` per model and a
//!   `dataset_DatasetPackage` per dataset, `trainedOn` and `descendantOf` relationships, declared
//!   licences, suppliers (owners) and originators (contributors);
//! * **CycloneDX 1.6** ML-BOM: `machine-learning-model` and `data` components, the model card's
//!   training datasets, each model's ancestors in `pedigree.ancestors`, and the dependency graph;
//! * **W3C PROV-JSON**: entities (models, datasets), one activity per model that produced it, the
//!   agents (accounts), `used`, `wasGeneratedBy`, `wasDerivedFrom`, `wasAttributedTo`.
//!
//! Every document names records by IRIs under `urn:provenance-chain:<genesis hash>:`, records the
//! block the answer was read at, and carries each record's root, status and registration block.
//! Rendering is a pure function of a [`Graph`] (read by `commands::export`), so it is unit-tested
//! without a node; the end-to-end test validates the documents with each format's official
//! library.

use crate::args::status_name;
use provenance_primitives::{
	views::{DatasetView, EdgeKind, ModelView},
	Asset, Derivation, License,
};
use provenance_rpc::AccountId;
use serde_json::{json, Value as Json};
use sp_core::H256;
use std::collections::{BTreeMap, BTreeSet};

/// Everything a document is made from.
#[derive(Clone, Debug)]
pub struct Graph {
	/// The chain's genesis hash (names the chain in every IRI).
	pub genesis: H256,
	/// The chain's name (`system_chain`).
	pub chain: String,
	/// The block the records were read at, and its number.
	pub at: (H256, u64),
	/// When the document was made (RFC 3339, UTC).
	pub created: String,
	/// The record the document is about.
	pub subject: Asset,
	/// Every model reached (the subject's ancestors, or the models derived from a dataset).
	pub models: BTreeMap<u64, ModelView<AccountId>>,
	/// Every dataset reached.
	pub datasets: BTreeMap<u64, DatasetView<AccountId>>,
	/// True when the chain's walk limits cut the lineage short.
	pub truncated: bool,
}

/// The CLI's name and version, as the creating tool.
const TOOL: &str = "provenance";
const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn derivation_name(d: Derivation) -> &'static str {
	crate::args::derivation_name(d)
}

fn share_percent(p: sp_runtime::Perbill) -> String {
	let parts = p.deconstruct();
	format!("{}.{:07}", parts / 10_000_000, parts % 10_000_000)
		.trim_end_matches('0')
		.trim_end_matches('.')
		.to_owned()
}

impl Graph {
	fn base(&self) -> String {
		format!("urn:provenance-chain:{:?}:", self.genesis)
	}
	fn model_iri(&self, id: u64) -> String {
		format!("{}model:{id}", self.base())
	}
	fn dataset_iri(&self, id: u64) -> String {
		format!("{}dataset:{id}", self.base())
	}
	fn asset_iri(&self, a: Asset) -> String {
		match a {
			Asset::Model(id) => self.model_iri(id),
			Asset::Dataset(id) => self.dataset_iri(id),
		}
	}
	fn account_iri(&self, a: &AccountId) -> String {
		format!("{}account:{a}", self.base())
	}
	fn subject_name(&self) -> String {
		match self.subject {
			Asset::Model(id) => format!("model {id}"),
			Asset::Dataset(id) => format!("dataset {id}"),
		}
	}
	/// Every account that owns or contributed to a record, sorted.
	fn accounts(&self) -> BTreeSet<String> {
		let mut all = BTreeSet::new();
		for m in self.models.values() {
			all.insert(m.owner.to_string());
		}
		for d in self.datasets.values() {
			all.insert(d.owner.to_string());
			all.extend(d.contributors.iter().map(|(a, _)| a.to_string()));
		}
		all
	}
	/// Edges `(model, parent model or dataset, kind)` among the records present.
	fn edges(&self) -> Vec<(u64, Asset, EdgeKind)> {
		let mut out = Vec::new();
		for m in self.models.values() {
			for (parent, kind) in &m.parents {
				if self.models.contains_key(parent) {
					out.push((m.id, Asset::Model(*parent), EdgeKind::Derived(*kind)));
				}
			}
			for d in &m.datasets {
				if self.datasets.contains_key(d) {
					out.push((m.id, Asset::Dataset(*d), EdgeKind::TrainedOn));
				}
			}
		}
		out
	}
	/// A deterministic UUID for this document (same records at the same block → same id).
	fn uuid(&self) -> String {
		let h = sp_crypto_hashing::blake2_256(
			format!("{:?}{:?}{:?}{}", self.genesis, self.subject, self.at.0, self.created)
				.as_bytes(),
		);
		let mut b: [u8; 16] = [0; 16];
		b.copy_from_slice(&h[..16]);
		b[6] = (b[6] & 0x0f) | 0x80; // version 8: custom
		b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
		let x = hex::encode(b);
		format!("{}-{}-{}-{}-{}", &x[..8], &x[8..12], &x[12..16], &x[16..20], &x[20..])
	}
}

fn license_terms(l: &License) -> Vec<(&'static str, String)> {
	let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
	let mut v = vec![
		("commercialUse", yes(l.commercial_use)),
		("derivativesAllowed", yes(l.derivatives_allowed)),
		("aiTrainingAllowed", yes(l.ai_training_allowed)),
	];
	if let Some(t) = l.terms_hash {
		v.push(("termsHash", format!("{t:?}")));
	}
	v
}

// ---- SPDX 3.0.1 ---------------------------------------------------------------------------

/// The SPDX 3.0.1 JSON-LD document.
pub fn spdx3(g: &Graph) -> Json {
	const CI: &str = "_:creationinfo";
	let base = g.base();
	let tool_id = format!("{base}tool:{TOOL}-{TOOL_VERSION}");
	let creator_id = format!("{base}agent:provenance-chain");
	let mut graph = vec![
		json!({
			"type": "CreationInfo",
			"@id": CI,
			"specVersion": "3.0.1",
			"created": g.created,
			"createdBy": [creator_id],
			"createdUsing": [tool_id],
			"comment": format!("Read from chain {} (genesis {:?}) at block #{} {:?}.", g.chain, g.genesis, g.at.1, g.at.0),
		}),
		json!({
			"type": "SoftwareAgent",
			"spdxId": creator_id,
			"creationInfo": CI,
			"name": format!("Provenance Chain {}", g.chain),
		}),
		json!({
			"type": "Tool",
			"spdxId": tool_id,
			"creationInfo": CI,
			"name": format!("{TOOL} {TOOL_VERSION}"),
		}),
	];
	let mut elements = vec![creator_id.clone(), tool_id.clone()];
	for account in g.accounts() {
		let id = format!("{base}account:{account}");
		graph.push(json!({
			"type": "Agent",
			"spdxId": id,
			"creationInfo": CI,
			"name": account,
			"externalIdentifier": [{
				"type": "ExternalIdentifier",
				"externalIdentifierType": "other",
				"identifier": account,
				"issuingAuthority": "SS58 account address",
			}],
		}));
		elements.push(id);
	}
	let mut licenses: BTreeMap<String, String> = BTreeMap::new();
	let mut license_of =
		|spdx: &str, graph: &mut Vec<Json>, elements: &mut Vec<String>| -> String {
			let next = licenses.len();
			licenses
				.entry(spdx.to_owned())
				.or_insert_with(|| {
					let id = format!("{base}license:{next}");
					graph.push(json!({
						"type": "simplelicensing_LicenseExpression",
						"spdxId": id,
						"creationInfo": CI,
						"simplelicensing_licenseExpression": spdx,
					}));
					elements.push(id.clone());
					id
				})
				.clone()
		};
	let mut relationships = Vec::new();
	let mut relate = |from: &str, kind: &str, to: Vec<String>, comment: Option<String>| {
		let n = relationships.len();
		let mut r = json!({
			"type": "Relationship",
			"spdxId": format!("{base}relationship:{n}"),
			"creationInfo": CI,
			"from": from,
			"relationshipType": kind,
			"to": to,
		});
		if let Some(c) = comment {
			r["comment"] = json!(c);
		}
		relationships.push(r);
	};
	let verified = |root: &H256, what: &str| {
		json!([{
			"type": "Hash",
			"algorithm": "other",
			"hashValue": hex::encode(root.as_bytes()),
			"comment": format!("Provenance Chain {what}: the binary-merkle-tree (BLAKE2b-256) root over the files' (path, SHA-256) leaves, docs/HASHING.md (hashing v2)"),
		}])
	};
	for m in g.models.values() {
		let id = g.model_iri(m.id);
		let mut package = json!({
			"type": "ai_AIPackage",
			"spdxId": id,
			"creationInfo": CI,
			"name": format!("model {}", m.id),
			"software_primaryPurpose": "model",
			"software_packageVersion": format!("registered at block {}", m.registered_at),
			"suppliedBy": g.account_iri(&m.owner),
			"verifiedUsing": verified(&m.weights_root, "weights root"),
			"externalIdentifier": [{
				"type": "ExternalIdentifier",
				"externalIdentifierType": "other",
				"identifier": format!("model/{}", m.id),
				"issuingAuthority": format!("Provenance Chain {} (genesis {:?})", g.chain, g.genesis),
			}],
			"ai_hyperparameter": [{ "type": "DictionaryEntry", "key": "configHash", "value": format!("{:?}", m.config_hash) }],
			"comment": format!("status: {}; licence terms: {}", status_name(m.status), license_terms(&m.license).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")),
		});
		if !m.uri.is_empty() {
			package["software_downloadLocation"] = json!(text(&m.uri));
		}
		if !m.metadata.is_empty() {
			package["description"] = json!(text(&m.metadata));
		}
		graph.push(package);
		elements.push(id.clone());
		let l = license_of(&text(&m.license.spdx), &mut graph, &mut elements);
		relate(&id, "hasDeclaredLicense", vec![l], None);
	}
	for d in g.datasets.values() {
		let id = g.dataset_iri(d.id);
		let mut package = json!({
			"type": "dataset_DatasetPackage",
			"spdxId": id,
			"creationInfo": CI,
			"name": format!("dataset {}", d.id),
			"software_primaryPurpose": "data",
			"software_packageVersion": format!("registered at block {}", d.registered_at),
			"suppliedBy": g.account_iri(&d.owner),
			"originatedBy": d.contributors.iter().map(|(a, _)| g.account_iri(a)).collect::<Vec<_>>(),
			"verifiedUsing": verified(&d.content_root, "content root"),
			"dataset_datasetType": ["other"],
			"dataset_datasetSize": d.size_bytes,
			"externalIdentifier": [{
				"type": "ExternalIdentifier",
				"externalIdentifierType": "other",
				"identifier": format!("dataset/{}", d.id),
				"issuingAuthority": format!("Provenance Chain {} (genesis {:?})", g.chain, g.genesis),
			}],
			"comment": format!(
				"status: {}; contributors: {}; licence terms: {}",
				status_name(d.status),
				d.contributors.iter().map(|(a, s)| format!("{a} {}%", share_percent(*s))).collect::<Vec<_>>().join(", "),
				license_terms(&d.license).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
			),
		});
		if !d.uri.is_empty() {
			package["software_downloadLocation"] = json!(text(&d.uri));
		}
		if !d.metadata.is_empty() {
			package["description"] = json!(text(&d.metadata));
		}
		graph.push(package);
		elements.push(id.clone());
		let l = license_of(&text(&d.license.spdx), &mut graph, &mut elements);
		relate(&id, "hasDeclaredLicense", vec![l], None);
		if let Some(previous) = d.previous_version.filter(|p| g.datasets.contains_key(p)) {
			relate(
				&id,
				"descendantOf",
				vec![g.dataset_iri(previous)],
				Some("a new version of".into()),
			);
		}
	}
	for (from, to, kind) in g.edges() {
		match kind {
			EdgeKind::TrainedOn => {
				relate(&g.model_iri(from), "trainedOn", vec![g.asset_iri(to)], None)
			}
			EdgeKind::Derived(d) => relate(
				&g.model_iri(from),
				"descendantOf",
				vec![g.asset_iri(to)],
				Some(format!("derivation: {}", derivation_name(d))),
			),
		}
	}
	for r in &relationships {
		if let Some(id) = r["spdxId"].as_str() {
			elements.push(id.to_owned());
		}
	}
	graph.extend(relationships);
	let mut document = json!({
		"type": "SpdxDocument",
		"spdxId": format!("{base}document:{}", g.uuid()),
		"creationInfo": CI,
		"name": format!("Provenance of {} on {}", g.subject_name(), g.chain),
		"profileConformance": ["core", "software", "ai", "dataset", "simpleLicensing"],
		"rootElement": [g.asset_iri(g.subject)],
		"element": elements,
	});
	if g.truncated {
		document["comment"] = json!("The lineage was cut short by the chain's walk limits.");
	}
	graph.push(document);
	json!({
		"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
		"@graph": graph,
	})
}

// ---- CycloneDX 1.6 ------------------------------------------------------------------------

fn cdx_ref(a: Asset) -> String {
	match a {
		Asset::Model(id) => format!("model-{id}"),
		Asset::Dataset(id) => format!("dataset-{id}"),
	}
}

fn cdx_properties(pairs: Vec<(String, String)>) -> Json {
	pairs.into_iter().map(|(name, value)| json!({ "name": name, "value": value })).collect()
}

fn cdx_licenses(l: &License) -> Json {
	json!([{ "expression": text(&l.spdx) }])
}

fn looks_like_url(uri: &[u8]) -> Option<String> {
	let t = text(uri);
	let scheme_end = t.find(':')?;
	let ok = scheme_end > 0
		&& t[..scheme_end].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
		&& !t.chars().any(|c| c.is_whitespace() || c.is_control());
	ok.then_some(t)
}

/// The CycloneDX 1.6 ML-BOM.
pub fn cyclonedx(g: &Graph) -> Json {
	let prefix = "provenance-chain";
	let mut components = Vec::new();
	let mut dependencies: BTreeMap<String, Vec<String>> = BTreeMap::new();
	for (from, to, _) in g.edges() {
		dependencies.entry(cdx_ref(Asset::Model(from))).or_default().push(cdx_ref(to));
	}
	let model_component = |m: &ModelView<AccountId>, with_ref: bool| {
		let mut props = vec![
			(format!("{prefix}:weightsRoot"), format!("{:?}", m.weights_root)),
			(format!("{prefix}:configHash"), format!("{:?}", m.config_hash)),
			(format!("{prefix}:status"), status_name(m.status).to_owned()),
			(format!("{prefix}:owner"), m.owner.to_string()),
			(format!("{prefix}:registeredAt"), m.registered_at.to_string()),
			(format!("{prefix}:iri"), g.model_iri(m.id)),
		];
		for (k, v) in license_terms(&m.license) {
			props.push((format!("{prefix}:license:{k}"), v));
		}
		let mut c = json!({
			"type": "machine-learning-model",
			"name": format!("model {}", m.id),
			"supplier": { "name": m.owner.to_string() },
			"licenses": cdx_licenses(&m.license),
			"properties": cdx_properties(props),
		});
		if with_ref {
			c["bom-ref"] = json!(cdx_ref(Asset::Model(m.id)));
		}
		if !m.metadata.is_empty() {
			c["description"] = json!(text(&m.metadata));
		}
		if let Some(url) = looks_like_url(&m.uri) {
			c["externalReferences"] = json!([{ "type": "distribution", "url": url }]);
		}
		c
	};
	for m in g.models.values() {
		let mut c = model_component(m, true);
		let trained: Vec<Json> = m
			.datasets
			.iter()
			.filter(|d| g.datasets.contains_key(d))
			.map(|d| json!({ "ref": cdx_ref(Asset::Dataset(*d)) }))
			.collect();
		c["modelCard"] = json!({
			"bom-ref": format!("model-{}-card", m.id),
			"modelParameters": { "datasets": trained },
		});
		let ancestors: Vec<Json> = m
			.parents
			.iter()
			.filter_map(|(p, kind)| {
				let parent = g.models.get(p)?;
				let mut a = model_component(parent, false);
				if let Some(props) = a["properties"].as_array_mut() {
					props.push(
						json!({ "name": format!("{prefix}:derivation"), "value": derivation_name(*kind) }),
					);
				}
				Some(a)
			})
			.collect();
		if !ancestors.is_empty() {
			c["pedigree"] = json!({ "ancestors": ancestors });
		}
		components.push(c);
	}
	for d in g.datasets.values() {
		let mut props = vec![
			(format!("{prefix}:contentRoot"), format!("{:?}", d.content_root)),
			(format!("{prefix}:sizeBytes"), d.size_bytes.to_string()),
			(format!("{prefix}:status"), status_name(d.status).to_owned()),
			(format!("{prefix}:owner"), d.owner.to_string()),
			(format!("{prefix}:registeredAt"), d.registered_at.to_string()),
			(format!("{prefix}:iri"), g.dataset_iri(d.id)),
		];
		for (a, share) in &d.contributors {
			props
				.push((format!("{prefix}:contributor"), format!("{a} {}%", share_percent(*share))));
		}
		if let Some(previous) = d.previous_version {
			props.push((format!("{prefix}:previousVersion"), format!("dataset {previous}")));
		}
		for (k, v) in license_terms(&d.license) {
			props.push((format!("{prefix}:license:{k}"), v));
		}
		let mut data = json!({
			"type": "dataset",
			"name": format!("dataset {}", d.id),
			"governance": {
				"owners": [{ "organization": { "name": d.owner.to_string() } }],
			},
		});
		if let Some(url) = looks_like_url(&d.uri) {
			data["contents"] = json!({ "url": url });
		}
		if !d.metadata.is_empty() {
			data["description"] = json!(text(&d.metadata));
		}
		components.push(json!({
			"type": "data",
			"bom-ref": cdx_ref(Asset::Dataset(d.id)),
			"name": format!("dataset {}", d.id),
			"supplier": { "name": d.owner.to_string() },
			"licenses": cdx_licenses(&d.license),
			"data": [data],
			"properties": cdx_properties(props),
		}));
	}
	let mut deps: Vec<Json> = g
		.models
		.keys()
		.map(|id| {
			let r = cdx_ref(Asset::Model(*id));
			json!({ "ref": r, "dependsOn": dependencies.get(&r).cloned().unwrap_or_default() })
		})
		.collect();
	deps.extend(
		g.datasets.keys().map(|id| json!({ "ref": cdx_ref(Asset::Dataset(*id)), "dependsOn": [] })),
	);
	let subject = components
		.iter()
		.find(|c| c["bom-ref"] == cdx_ref(g.subject))
		.map(|c| json!({ "type": c["type"], "name": c["name"], "bom-ref": format!("{}-subject", cdx_ref(g.subject)) }));
	let mut metadata = json!({
		"timestamp": g.created,
		"tools": { "components": [{ "type": "application", "name": TOOL, "version": TOOL_VERSION }] },
		"properties": cdx_properties(vec![
			(format!("{prefix}:chain"), g.chain.clone()),
			(format!("{prefix}:genesis"), format!("{:?}", g.genesis)),
			(format!("{prefix}:block"), format!("#{} {:?}", g.at.1, g.at.0)),
			(format!("{prefix}:lineageTruncated"), g.truncated.to_string()),
		]),
	});
	if let Some(s) = subject {
		metadata["component"] = s;
	}
	json!({
		"bomFormat": "CycloneDX",
		"specVersion": "1.6",
		"serialNumber": format!("urn:uuid:{}", g.uuid()),
		"version": 1,
		"metadata": metadata,
		"components": components,
		"dependencies": deps,
	})
}

// ---- W3C PROV-JSON ------------------------------------------------------------------------

/// The W3C PROV-JSON document.
pub fn prov(g: &Graph) -> Json {
	let mut entity = serde_json::Map::new();
	let mut activity = serde_json::Map::new();
	let mut agent = serde_json::Map::new();
	let mut used = serde_json::Map::new();
	let mut generated = serde_json::Map::new();
	let mut derived = serde_json::Map::new();
	let mut attributed = serde_json::Map::new();
	let mut associated = serde_json::Map::new();
	let qn = |kind: &str, id: u64| format!("chain:{kind}/{id}");
	let acct = |a: &AccountId| format!("account:{a}");
	let typed = |v: &str| json!({ "$": v, "type": "prov:QUALIFIED_NAME" });
	for account in g.accounts() {
		agent.insert(
			format!("account:{account}"),
			json!({ "prov:type": typed("prov:Agent"), "prov:label": account }),
		);
	}
	let mut n = 0usize;
	let mut next = |prefix: &str| {
		n += 1;
		format!("_:{prefix}{n}")
	};
	for m in g.models.values() {
		let e = qn("model", m.id);
		let mut attrs = json!({
			"prov:type": typed("chain:Model"),
			"prov:label": format!("model {}", m.id),
			"chain:weightsRoot": format!("{:?}", m.weights_root),
			"chain:configHash": format!("{:?}", m.config_hash),
			"chain:license": text(&m.license.spdx),
			"chain:status": status_name(m.status),
			"chain:registeredAt": m.registered_at,
		});
		if !m.uri.is_empty() {
			attrs["prov:location"] = json!(text(&m.uri));
		}
		entity.insert(e.clone(), attrs);
		let act = qn("training", m.id);
		activity.insert(
			act.clone(),
			json!({ "prov:type": typed("chain:Training"), "prov:label": format!("making model {}", m.id) }),
		);
		generated.insert(next("g"), json!({ "prov:entity": e, "prov:activity": act }));
		attributed.insert(
			next("a"),
			json!({ "prov:entity": e, "prov:agent": acct(&m.owner), "prov:role": "owner" }),
		);
		associated.insert(next("w"), json!({ "prov:activity": act, "prov:agent": acct(&m.owner) }));
	}
	for d in g.datasets.values() {
		let e = qn("dataset", d.id);
		let mut attrs = json!({
			"prov:type": typed("chain:Dataset"),
			"prov:label": format!("dataset {}", d.id),
			"chain:contentRoot": format!("{:?}", d.content_root),
			"chain:sizeBytes": d.size_bytes,
			"chain:license": text(&d.license.spdx),
			"chain:status": status_name(d.status),
			"chain:registeredAt": d.registered_at,
		});
		if !d.uri.is_empty() {
			attrs["prov:location"] = json!(text(&d.uri));
		}
		entity.insert(e.clone(), attrs);
		attributed.insert(
			next("a"),
			json!({ "prov:entity": e, "prov:agent": acct(&d.owner), "prov:role": "owner" }),
		);
		for (a, share) in &d.contributors {
			attributed.insert(
				next("a"),
				json!({ "prov:entity": e, "prov:agent": acct(a), "prov:role": "contributor", "chain:share": format!("{}%", share_percent(*share)) }),
			);
		}
		if let Some(previous) = d.previous_version.filter(|p| g.datasets.contains_key(p)) {
			derived.insert(
				next("d"),
				json!({ "prov:generatedEntity": e, "prov:usedEntity": qn("dataset", previous), "prov:type": typed("prov:Revision") }),
			);
		}
	}
	for (from, to, kind) in g.edges() {
		let (target, derivation) = match (to, kind) {
			(Asset::Model(p), EdgeKind::Derived(d)) => (qn("model", p), derivation_name(d)),
			(Asset::Dataset(d), _) => (qn("dataset", d), "trainedOn"),
			(Asset::Model(p), EdgeKind::TrainedOn) => (qn("model", p), "trainedOn"),
		};
		let act = qn("training", from);
		used.insert(next("u"), json!({ "prov:activity": act, "prov:entity": target }));
		derived.insert(
			next("d"),
			json!({
				"prov:generatedEntity": qn("model", from),
				"prov:usedEntity": target,
				"prov:activity": act,
				"chain:derivation": derivation,
			}),
		);
	}
	let mut doc = json!({
		"prefix": {
			"chain": g.base(),
			"account": format!("{}account:", g.base()),
			"xsd": "http://www.w3.org/2001/XMLSchema#",
		},
		"entity": entity,
		"activity": activity,
		"agent": agent,
	});
	for (key, map) in [
		("used", used),
		("wasGeneratedBy", generated),
		("wasDerivedFrom", derived),
		("wasAttributedTo", attributed),
		("wasAssociatedWith", associated),
	] {
		if !map.is_empty() {
			doc[key] = Json::Object(map);
		}
	}
	doc
}

/// `created` for a document: now, as RFC 3339 UTC with seconds.
pub fn now_rfc3339() -> String {
	let secs = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or(0);
	rfc3339(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
pub fn rfc3339(secs: u64) -> String {
	let days = (secs / 86_400) as i64;
	let rem = secs % 86_400;
	// Days to civil date (H. Hinnant's algorithm).
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		rem / 3_600,
		(rem % 3_600) / 60,
		rem % 60
	)
}

#[cfg(test)]
mod tests {
	use super::*;
	use provenance_primitives::{License, Status};
	use sp_runtime::Perbill;

	fn account(n: u8) -> AccountId {
		AccountId::from([n; 32])
	}

	fn graph() -> Graph {
		let license = |s: &[u8]| License { terms_hash: None, ..License::permissive(s) };
		let dataset = DatasetView {
			id: 3,
			owner: account(1),
			content_root: H256::repeat_byte(3),
			size_bytes: 1000,
			uri: b"ipfs://bafy".to_vec(),
			license: license(b"CC-BY-4.0"),
			metadata: b"corpus".to_vec(),
			contributors: vec![
				(account(1), Perbill::from_percent(60)),
				(account(2), Perbill::from_percent(40)),
			],
			previous_version: None,
			registered_at: 7,
			status: Status::Active,
		};
		let model = |id: u64, parents: Vec<(u64, Derivation)>, datasets: Vec<u64>| ModelView {
			id,
			owner: account(id as u8),
			weights_root: H256::repeat_byte(id as u8),
			config_hash: H256::zero(),
			uri: b"https://example.org/w".to_vec(),
			license: license(b"Apache-2.0"),
			metadata: Vec::new(),
			parents,
			datasets,
			operators: Vec::new(),
			registered_at: 9,
			status: Status::Active,
		};
		Graph {
			genesis: H256::repeat_byte(0xaa),
			chain: "Development".into(),
			at: (H256::repeat_byte(0xbb), 42),
			created: rfc3339(1_796_000_000),
			subject: Asset::Model(5),
			models: [
				(4, model(4, vec![], vec![3])),
				(5, model(5, vec![(4, Derivation::Adapter)], vec![3])),
			]
			.into_iter()
			.collect(),
			datasets: [(3, dataset)].into_iter().collect(),
			truncated: false,
		}
	}

	#[test]
	fn dates_are_rfc3339() {
		assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
		assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
		assert_eq!(rfc3339(1_796_000_000), "2026-11-30T00:53:20Z"); // `date -u -d @1796000000`
	}

	#[test]
	fn spdx_has_packages_relationships_and_a_document() {
		let doc = spdx3(&graph());
		let items = doc["@graph"].as_array().unwrap();
		let of = |t: &str| items.iter().filter(|i| i["type"] == t).count();
		assert_eq!(of("ai_AIPackage"), 2);
		assert_eq!(of("dataset_DatasetPackage"), 1);
		assert_eq!(of("SpdxDocument"), 1);
		let rel = |kind: &str| items.iter().filter(|i| i["relationshipType"] == kind).count();
		assert_eq!(rel("trainedOn"), 2);
		assert_eq!(rel("descendantOf"), 1);
		assert_eq!(rel("hasDeclaredLicense"), 3);
		let document = items.iter().find(|i| i["type"] == "SpdxDocument").unwrap();
		assert!(document["rootElement"][0].as_str().unwrap().ends_with(":model:5"));
		// Every element the document lists exists once.
		let ids: BTreeSet<&str> = items.iter().filter_map(|i| i["spdxId"].as_str()).collect();
		for e in document["element"].as_array().unwrap() {
			assert!(ids.contains(e.as_str().unwrap()), "{e}");
		}
	}

	#[test]
	fn cyclonedx_has_card_pedigree_and_dependencies() {
		let bom = cyclonedx(&graph());
		let comps = bom["components"].as_array().unwrap();
		let m5 = comps.iter().find(|c| c["bom-ref"] == "model-5").unwrap();
		assert_eq!(m5["modelCard"]["modelParameters"]["datasets"], json!([{ "ref": "dataset-3" }]));
		assert_eq!(m5["pedigree"]["ancestors"][0]["name"], "model 4");
		let deps = bom["dependencies"].as_array().unwrap();
		let d5 = deps.iter().find(|d| d["ref"] == "model-5").unwrap();
		assert_eq!(d5["dependsOn"], json!(["model-4", "dataset-3"]));
		assert!(bom["serialNumber"].as_str().unwrap().starts_with("urn:uuid:"));
		assert_eq!(looks_like_url(b"not a url"), None);
	}

	#[test]
	fn prov_derives_models_from_parents_and_data() {
		let doc = prov(&graph());
		let derived = doc["wasDerivedFrom"].as_object().unwrap();
		assert!(derived.values().any(|d| d["prov:generatedEntity"] == "chain:model/5"
			&& d["prov:usedEntity"] == "chain:model/4"
			&& d["chain:derivation"] == "adapter"));
		assert!(derived.values().any(|d| d["prov:generatedEntity"] == "chain:model/5"
			&& d["prov:usedEntity"] == "chain:dataset/3"));
		assert_eq!(doc["entity"].as_object().unwrap().len(), 3);
		let shares: Vec<_> = doc["wasAttributedTo"]
			.as_object()
			.unwrap()
			.values()
			.filter_map(|a| a["chain:share"].as_str())
			.collect();
		assert_eq!(shares, ["60%", "40%"]);
	}
}
