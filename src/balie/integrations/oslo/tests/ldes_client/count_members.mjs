// SPDX-License-Identifier: EUPL-1.2
// Replicates an LDES with the reference client and prints what it read, as one JSON line.
import { intoConfig, replicateLDES } from "ldes-client";

const client = replicateLDES(intoConfig({ url: process.argv[2], noShape: true, startFresh: true }));
const reader = client.stream({ highWaterMark: 10 }).getReader();
const members = new Set();
let types = new Set();
for (;;) {
  const next = await reader.read();
  if (next.done) break;
  members.add(next.value.id.value);
  for (const quad of next.value.quads) {
    if (quad.subject.value === next.value.id.value && quad.predicate.value.endsWith("#type")) {
      types.add(quad.object.value);
    }
  }
}
console.log(JSON.stringify({ members: members.size, types: [...types] }));
process.exit(0);
