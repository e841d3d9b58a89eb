// Datasets on a real dev node: register, read back from chain state and over RPC, refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, findEvent, feePaid } from '../lib/tx.js';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aConcat } from '@polkadot/util';
import { dev, registerDataset, uniqueHash, PERBILL_ONE, license, rawRpc } from '../lib/chain.js';

let node;
before(async () => { node = await startNode(); });
after(async () => { if (node) await node.stop(); });

test('register a dataset and read it back from state and RPC', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const held0 = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
  const { id, contentRoot, events } = await registerDataset(api, alice, {
    contributors: [[alice.address, 600_000_000], [bob.address, 400_000_000]],
  });
  const registered = events.map((r) => r.event).find((e) => e.method === 'DatasetRegistered');
  assert.equal(registered.data.owner.toString(), alice.address);
  assert.equal(registered.data.contentRoot?.toHex?.() ?? registered.data.content_root.toHex(), contentRoot);

  const stored = (await api.query.datasets.datasets(id)).unwrap();
  assert.equal(stored.owner.toString(), alice.address);
  assert.equal(stored.contentRoot.toHex(), contentRoot);
  assert.equal(stored.contributors.length, 2);
  assert.equal((await api.query.datasets.datasetByRoot(contentRoot)).unwrap().toNumber(), id);
  const held = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
  assert.ok(held > held0, 'a storage deposit is held');

  const viaRpc = (await api.rpc.provenance.getDataset(id)).toJSON();
  assert.equal(viaRpc.id, id);
  assert.equal(viaRpc.owner, alice.address);
  assert.equal(viaRpc.contentRoot, contentRoot);
  assert.equal(viaRpc.sizeBytes, 123456);
  assert.equal(viaRpc.uri, 'ipfs://bafy-dataset');
  assert.equal(viaRpc.license.spdx, 'Apache-2.0');
  assert.deepEqual(viaRpc.contributors.map((c) => [c.account, c.share.perbill]), [[alice.address, 600_000_000], [bob.address, 400_000_000]]);
  assert.equal(viaRpc.status, 'active');
  assert.deepEqual((await api.rpc.provenance.getDatasetByRoot(contentRoot)).toJSON(), viaRpc);
  assert.equal(await rawRpc(api, 'provenance_getDataset', [999_999]), null);
  assert.equal(await rawRpc(api, 'provenance_getDatasetByRoot', [uniqueHash('absent')]), null);
});

test('a duplicate content root and bad shares are refused', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const { contentRoot } = await registerDataset(api, alice);
  await assert.rejects(registerDataset(api, bob, { contentRoot }), /AlreadyRegistered/);
  await assert.rejects(
    registerDataset(api, alice, { contributors: [[alice.address, PERBILL_ONE - 1]] }),
    /SharesNotWhole/,
  );
  await assert.rejects(
    registerDataset(api, alice, { contributors: [[alice.address, 500_000_000], [alice.address, 500_000_000]] }),
    /DuplicateContributor/,
  );
});

test('retract: the owner retracts, a stranger cannot', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const { id } = await registerDataset(api, alice, { lic: license({ spdx: 'CC-BY-4.0' }) });
  await assert.rejects(sendAndFinalize(api, api.tx.datasets.retract(id, 'not mine'), bob), /NotOwner/);
  await sendAndFinalize(api, api.tx.datasets.retract(id, 'PII found'), alice);
  assert.equal((await api.rpc.provenance.getDataset(id)).toJSON().status, 'retracted');
  void uniqueHash;
});

test('commit, then register: a front-runner who registers the committed root afterwards is displaced and its deposit moves to the committer', async () => {
  const { api } = node;
  const alice = dev('Alice');
  const bob = dev('Bob');
  const contentRoot = uniqueHash('committed-dataset');
  const salt = blake2AsHex(`salt-${Date.now()}`, 256);
  // SCALE((content_root, account, salt)): 32 + 32 + 32 bytes.
  const commitment = blake2AsHex(u8aConcat(hexToU8a(contentRoot), alice.publicKey, hexToU8a(salt)), 256);
  const committed = await sendAndFinalize(api, api.tx.datasets.commit(commitment), alice);
  assert.ok(findEvent(committed.events, 'datasets', 'Committed'));

  // Bob (who saw the root, say in the pool) registers it first, without a commitment.
  const squatter = await registerDataset(api, bob, { contentRoot });
  const bobDeposit = (await api.query.datasets.datasets(squatter.id)).unwrap().deposit.toBigInt();
  assert.ok(bobDeposit > 0n);
  const aliceFree = async (at) => (at ? await api.query.system.account.at(at, alice.address) : await api.query.system.account(alice.address)).data.free.toBigInt();
  const before = await aliceFree();

  const mine = await registerDataset(api, alice, { contentRoot, salt });
  const displaced = findEvent(mine.events, 'datasets', 'DatasetDisplaced');
  assert.ok(displaced, 'DatasetDisplaced');
  assert.equal(displaced.data.id.toNumber(), squatter.id);
  assert.equal(displaced.data.by.toNumber(), mine.id);
  assert.equal(displaced.data.deposit.toBigInt(), bobDeposit);
  const old = (await api.rpc.provenance.getDataset(squatter.id)).toJSON();
  assert.equal(old.status, 'displaced');
  assert.equal(old.owner, bob.address);
  assert.equal((await api.rpc.provenance.getDatasetByRoot(contentRoot)).toJSON().id, mine.id);
  assert.equal((await api.query.datasets.datasets(squatter.id)).unwrap().deposit.toBigInt(), 0n);
  // Alice received Bob's deposit (free) and got her commitment deposit back; she paid her own deposit and fees.
  const myDeposit = (await api.query.datasets.datasets(mine.id)).unwrap().deposit.toBigInt();
  const after = await aliceFree(mine.blockHash);
  const fee = feePaid(mine.events);
  assert.equal(after - before, bobDeposit + 10_000_000_000n - myDeposit - fee);
  // Without a commitment the root cannot be taken again.
  await assert.rejects(registerDataset(api, bob, { contentRoot }), /AlreadyRegistered/);
});
