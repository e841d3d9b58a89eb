// Foundation: a dev node finalizes blocks and a signed balance transfer lands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { startNode } from '../lib/node.js';
import { sendAndFinalize, findEvent, feePaid } from '../lib/tx.js';

let node;
before(async () => { node = await startNode({ finalized: 1 }); });
after(async () => { if (node) await node.stop(); });

test('chain properties: PROV, 12 decimals, SS58 42, all pallets present', async () => {
  const { api } = node;
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'PROV');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  assert.equal(props.ss58Format.unwrap().toNumber(), 42);
  for (const pallet of ['system', 'timestamp', 'aura', 'grandpa', 'balances', 'transactionPayment', 'sudo', 'datasets', 'models', 'inference', 'royalties']) {
    assert.ok(api.query[pallet] || api.tx[pallet], `pallet ${pallet} missing from metadata`);
  }
  const ext = api.registry.metadata.extrinsic.transactionExtensions ?? api.registry.metadata.extrinsic.signedExtensions;
  assert.ok(ext.map((e) => e.identifier.toString()).includes('CheckMetadataHash'));
});

test('a signed transfer is finalized with its event and new balances', async () => {
  const { api } = node;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const dest = keyring.addFromUri(`//E2E-transfer-${Date.now()}`);
  const amount = 1_234_000_000_000n;

  const before = (await api.query.system.account(alice.address)).data.free.toBigInt();
  const { events, blockHash } = await sendAndFinalize(api, api.tx.balances.transferKeepAlive(dest.address, amount), alice);

  const transfer = findEvent(events, 'balances', 'Transfer');
  assert.ok(transfer, 'Transfer event');
  assert.equal(transfer.data.from.toString(), alice.address);
  assert.equal(transfer.data.to.toString(), dest.address);
  assert.equal(transfer.data.amount.toBigInt(), amount);

  const at = await api.at(blockHash);
  const destFree = (await at.query.system.account(dest.address)).data.free.toBigInt();
  assert.equal(destFree, amount);
  const after = (await at.query.system.account(alice.address)).data.free.toBigInt();
  assert.equal(before - after, amount + feePaid(events));
  const finalized = await api.rpc.chain.getFinalizedHead();
  const finalizedNumber = (await api.rpc.chain.getHeader(finalized)).number.toNumber();
  const blockNumber = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  assert.ok(blockNumber <= finalizedNumber, 'block of the transfer is finalized');
});
