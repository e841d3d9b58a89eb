// A council motion as members make one (pallet-collective `Council`, three genesis members,
// threshold two): the proposer proposes `call` and votes aye (its own aye is not implied), a
// second member votes aye, a third closes it. Shared by the disputes test and the validators suite.
import assert from 'node:assert/strict';
import { sendAndFinalize, findEvent, errorName } from './tx.js';

/**
 * Passes `call` through the council: `{ proposer, voter, closer }` are keyring pairs of members.
 * Returns the close's `{ events, blockHash, … }` with `executed` (the `Council.Executed` event) and
 * `result`: 'ok', or the executed call's error as `section.Name`.
 */
export async function councilMotion(api, call, { proposer, voter, closer }) {
  const lengthBound = call.method.encodedLength; // the call alone, not the extrinsic wrapping it
  const proposed = await sendAndFinalize(api, api.tx.council.propose(2, call, lengthBound), proposer);
  const p = findEvent(proposed.events, 'council', 'Proposed');
  assert.ok(p, 'Council.Proposed');
  assert.equal(p.data.threshold.toNumber(), 2);
  const hash = p.data.proposalHash;
  const index = p.data.proposalIndex;
  const own = await sendAndFinalize(api, api.tx.council.vote(hash, index, true), proposer);
  assert.ok(findEvent(own.events, 'council', 'Voted'), 'Council.Voted (proposer)');
  const voted = await sendAndFinalize(api, api.tx.council.vote(hash, index, true), voter);
  assert.ok(findEvent(voted.events, 'council', 'Voted'), 'Council.Voted');
  const weightBound = (await call.paymentInfo(closer.address)).weight;
  const closed = await sendAndFinalize(api, api.tx.council.close(hash, index, weightBound, lengthBound), closer);
  assert.ok(findEvent(closed.events, 'council', 'Approved'), 'Council.Approved');
  const executed = findEvent(closed.events, 'council', 'Executed');
  assert.ok(executed, 'Council.Executed');
  assert.equal(executed.data.proposalHash.toHex(), hash.toHex());
  const { result } = executed.data;
  return { ...closed, executed, result: result.isOk ? 'ok' : errorName(api, result.asErr) };
}
