// Validates CycloneDX 1.6 JSON files with the CycloneDX project's own library: its strict JSON
// schema (no additional properties) over ajv. Prints "OK <file>" or "FAIL <file> <errors>" per file;
// exits 0 when every file is valid, 1 when one is not, 2 on a usage or setup error.
import { readFile } from 'node:fs/promises';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate-sboms.mjs FILE.cdx.json...');
  process.exit(2);
}
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
let failed = 0;
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const errors = await validator.validate(text);
  if (errors === null) {
    console.log(`OK ${file}`);
  } else {
    failed++;
    console.log(`FAIL ${file} ${JSON.stringify(errors)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
