// Verifies forgeline's keyless Sigstore bundles with sigstore-js (@sigstore/verify), a real peer, offline: the trust
// material is the given trusted_root.json (the stand-ins' Fulcio CA, Rekor and CT log keys), with sigstore-js's
// default thresholds (one tlog entry, one SCT, one verified timestamp: the entry's integrated time) and an identity
// policy: the certificate's SAN must be IDENTITY exactly and its OIDC issuer extension ISSUER.
// Usage: node verify-keyless-bundles.js TRUSTED_ROOT_JSON IDENTITY ISSUER FILE...   (each FILE has FILE.sigstore.json)
// Prints "OK <file>" or "FAIL <file>: <error>" per file; exit status 0 only when every file verified.
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const [rootFile, identity, issuer, ...files] = process.argv.slice(2);
const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootFile, 'utf8')));
const verifier = new Verifier(toTrustMaterial(root));
const escaped = identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const policy = { subjectAlternativeName: new RegExp(`^${escaped}$`), extensions: { issuer } };

let failed = 0;
for (const file of files) {
  try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(file + '.sigstore.json', 'utf8')));
    verifier.verify(toSignedEntity(bundle, fs.readFileSync(file)), policy);
    console.log(`OK ${file}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${e.code || ''} ${e.message}${e.cause ? ' (' + e.cause.message + ')' : ''}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
