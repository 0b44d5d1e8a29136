// documents.schemas.ts is generated from database/*.json; this fails when someone edits a schema
// and forgets to rerun `npm run gen:documents`, so the derived types never drift from the JSON.
import { readFileSync } from 'node:fs';
import { generate, OUTPUT } from '../../scripts/gen-documents';

it('documents.schemas.ts is what scripts/gen-documents.ts writes from database/*.json', () => {
  expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
});
