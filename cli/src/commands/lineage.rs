//! `provenance lineage`: a model's ancestor models and datasets, each with its status (active,
//! disputed, retracted, displaced) and whether the ancestry is tainted, printed as an indented
//! tree, Graphviz DOT or JSON. Statuses and the taint come from the `provenance_lineage` answer
//! itself; each node's licence and root, for its label, from one look-up per node.

use super::print_json;
use crate::args::status_name;
use crate::chain::Chain;
use anyhow::{bail, Result};
use provenance_primitives::{
	views::{DatasetView, EdgeKind, ModelView},
	Asset, License, Status,
};
use provenance_rpc::{AccountId, ProvenanceApiClient};
use serde_json::Value as Json;
use sp_core::H256;
use std::collections::{BTreeMap, BTreeSet};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

impl From<Asset> for Node {
	fn from(asset: Asset) -> Self {
		match asset {
			Asset::Model(id) => Node::Model(id),
			Asset::Dataset(id) => Node::Dataset(id),
		}
	}
}

/// A node's record, as the node answered it.
enum Record {
	Model(ModelView<AccountId>),
	Dataset(DatasetView<AccountId>),
}

impl Record {
	fn license(&self) -> &License {
		match self {
			Record::Model(m) => &m.license,
			Record::Dataset(d) => &d.license,
		}
	}

	/// The weights root of a model, the content root of a dataset.
	fn root(&self) -> H256 {
		match self {
			Record::Model(m) => m.weights_root,
			Record::Dataset(d) => d.content_root,
		}
	}

	/// The record's JSON, exactly as the RPC method answered it.
	fn to_json(&self) -> serde_json::Result<Json> {
		match self {
			Record::Model(m) => serde_json::to_value(m),
			Record::Dataset(d) => serde_json::to_value(d),
		}
	}
}

/// The name of an edge's kind, as in JSON: the derivation (`fineTune`, …) or `trainedOn`.
fn kind_name(kind: EdgeKind) -> &'static str {
	match kind {
		EdgeKind::Derived(derivation) => derivation.as_str(),
		EdgeKind::TrainedOn => "trainedOn",
	}
}

fn short_hash(h: &str) -> String {
	if h.len() > 14 {
		format!("{}…{}", &h[..10], &h[h.len() - 4..])
	} else {
		h.to_owned()
	}
}

/// `model 3 [MIT] 0x77aa01…0b12 (disputed)`: kind, id, licence and root from the node's record
/// (when it could be read), status from the lineage answer.
fn node_label(
	node: &Node,
	details: &BTreeMap<Node, Record>,
	statuses: &BTreeMap<Node, Status>,
) -> String {
	let (kind, id) = match node {
		Node::Model(id) => ("model", id),
		Node::Dataset(id) => ("dataset", id),
	};
	let mut label = match details.get(node) {
		Some(d) => {
			// As in JSON: text when UTF-8, else 0x-hex.
			let spdx: &[u8] = d.license().spdx.as_ref();
			let spdx = match std::str::from_utf8(spdx) {
				Ok(text) => text.to_owned(),
				Err(_) => format!("0x{}", hex::encode(spdx)),
			};
			format!("{kind} {id} [{spdx}] {}", short_hash(&format!("{:?}", d.root())))
		}
		None => format!("{kind} {id}"),
	};
	if let Some(status) = statuses.get(node) {
		label.push_str(&format!(" ({})", status_name(*status)));
	}
	label
}

/// DOT colour of a node by status: none when active.
fn dot_color(status: Option<&Status>) -> &'static str {
	match status {
		Some(Status::Disputed) => ", color=orange",
		Some(Status::Retracted | Status::Displaced) => ", color=red",
		Some(Status::Active) | None => "",
	}
}

/// `provenance lineage <model-id>`.
pub async fn lineage(
	rpc: &str,
	model_id: u64,
	max_depth: Option<u32>,
	format: LineageFormat,
) -> Result<()> {
	let chain = Chain::connect(rpc).await?;
	let Some(lineage) = chain
		.query(
			"provenance_lineage",
			chain.queries().lineage(Some(model_id.into()), max_depth.map(Into::into), None),
		)
		.await?
	else {
		bail!("model {model_id} does not exist on the chain at {rpc}");
	};

	// Every node with its status, as the lineage answer gives them (the root first, then the
	// ancestors in breadth-first order).
	let mut nodes = vec![Node::Model(model_id)];
	nodes.extend(lineage.models.iter().map(|m| Node::Model(m.id)));
	nodes.extend(lineage.datasets.iter().map(|d| Node::Dataset(d.id)));
	let mut statuses = BTreeMap::new();
	statuses.insert(Node::Model(model_id), lineage.status);
	statuses.extend(lineage.models.iter().map(|m| (Node::Model(m.id), m.status)));
	statuses.extend(lineage.datasets.iter().map(|d| (Node::Dataset(d.id), d.status)));
	// One look-up per node for the licence and root of its label (the lineage answer carries ids
	// and statuses only).
	let chain = &chain;
	let lookups = nodes.iter().map(|&node| async move {
		let record = match node {
			Node::Model(id) => chain
				.query("provenance_getModel", chain.queries().get_model(Some(id.into()), None))
				.await
				.map(|model| model.map(Record::Model)),
			Node::Dataset(id) => chain
				.query("provenance_getDataset", chain.queries().get_dataset(Some(id.into()), None))
				.await
				.map(|dataset| dataset.map(Record::Dataset)),
		};
		(node, record)
	});
	let mut details = BTreeMap::new();
	for (node, record) in futures::future::join_all(lookups).await {
		if let Some(record) = record? {
			details.insert(node, record);
		}
	}
	let mut children: BTreeMap<Node, Vec<(Node, String)>> = BTreeMap::new();
	for edge in &lineage.edges {
		children
			.entry(Node::Model(edge.from))
			.or_default()
			.push((Node::from(edge.to), kind_name(edge.kind).to_owned()));
	}
	let truncated = lineage.truncated;
	let tainted = lineage.tainted_ancestry;

	match format {
		LineageFormat::Json => {
			let mut doc = serde_json::to_value(&lineage)?;
			let mut by_node = serde_json::Map::new();
			for (node, record) in &details {
				by_node.insert(node.dot_id(), record.to_json()?);
			}
			doc["details"] = Json::Object(by_node);
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
				let bold = if *n == Node::Model(model_id) { ", style=bold" } else { "" };
				let color = dot_color(statuses.get(n));
				println!(
					"  {} [label=\"{}\", shape={shape}{bold}{color}];",
					n.dot_id(),
					node_label(n, &details, &statuses).replace('\\', "\\\\").replace('"', "\\\"")
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
			if tainted {
				println!(
					"  tainted [label=\"(tainted ancestry: an ancestor is retracted or displaced)\", shape=plaintext, fontcolor=red];"
				);
			}
			println!("}}");
		}
		LineageFormat::Tree => {
			println!("{}", node_label(&Node::Model(model_id), &details, &statuses));
			let mut shown = BTreeSet::new();
			shown.insert(Node::Model(model_id));
			print_tree(&Node::Model(model_id), "", &children, &details, &statuses, &mut shown);
			if truncated {
				println!("(truncated: the lineage is deeper or larger than the query allowed; see --max-depth)");
			}
			if tainted {
				println!("tainted ancestry: yes (an ancestor model or dataset is retracted or displaced)");
			} else {
				println!("tainted ancestry: no");
			}
		}
	}
	Ok(())
}

fn print_tree(
	node: &Node,
	prefix: &str,
	children: &BTreeMap<Node, Vec<(Node, String)>>,
	details: &BTreeMap<Node, Record>,
	statuses: &BTreeMap<Node, Status>,
	shown: &mut BTreeSet<Node>,
) {
	let Some(list) = children.get(node) else { return };
	for (i, (child, kind)) in list.iter().enumerate() {
		let last = i + 1 == list.len();
		let (branch, next) = if last { ("└── ", "    ") } else { ("├── ", "│   ") };
		let repeat = !shown.insert(*child);
		let more = if repeat && children.contains_key(child) { " (see above)" } else { "" };
		let label = node_label(child, details, statuses);
		println!("{prefix}{branch}{kind}: {label}{more}");
		if !repeat {
			print_tree(child, &format!("{prefix}{next}"), children, details, statuses, shown);
		}
	}
}
