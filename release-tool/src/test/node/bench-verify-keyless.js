// bench/keyless-verify.sh's sigstore-js half: verifies the same keyless bundles as forgeline, in one node process,
// with @sigstore/verify's default thresholds (one tlog entry with its inclusion proof, checkpoint and promise, one
// SCT, the certificate chain, the signature) and the same trusted_root.json and identity policy. Round 0 warms the
// JIT; then ROUNDS timed rounds over every file, and the best round's rate is printed (KeylessVerifyBench runs it with
// ROUNDS 1, once per pass, taking turns with forgeline).
// Usage: node bench-verify-keyless.js TRUSTED_ROOT_JSON IDENTITY ISSUER ROUNDS FILE...   (each FILE has FILE.sigstore.json)
// Prints "sigstore-js <rate>" (bundles per second); exit status 1 if any bundle fails to verify.
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const [rootFile, identity, issuer, roundsArg, ...files] = process.argv.slice(2);
const rounds = parseInt(roundsArg, 10);
const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootFile, 'utf8')));
const verifier = new Verifier(toTrustMaterial(root));
const escaped = identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const policy = { subjectAlternativeName: new RegExp(`^${escaped}$`), extensions: { issuer } };

let best = 0;
for (let round = 0; round <= rounds; round++) {
  const start = process.hrtime.bigint();
  for (const file of files) {
    // Read each time, as forgeline reads the file and its bundle each time: the same work on both sides.
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(file + '.sigstore.json', 'utf8')));
    verifier.verify(toSignedEntity(bundle, fs.readFileSync(file)), policy);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (round > 0) { best = Math.max(best, files.length / seconds); }
}
console.log(`sigstore-js ${best.toFixed(1)}`);
