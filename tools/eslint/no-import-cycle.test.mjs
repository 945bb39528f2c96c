import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import process from 'node:process';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { noImportCycle } from './no-import-cycle.mjs';

// The rule reads the imported files from disk, so each case gets real files in a temporary folder.
const root = mkdtempSync(join(tmpdir(), 'no-import-cycle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir, contents) {
  const base = join(root, dir);
  for (const [name, text] of Object.entries(contents)) {
    mkdirSync(join(base, name, '..'), { recursive: true });
    writeFileSync(join(base, name), text);
  }
  return base;
}

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

const twoWay = files('two-way', { 'a.ts': "import { b } from './b.js';\nexport const a = b;\n", 'b.ts': "import { a } from './a.js';\nexport const b = 1;\nvoid a;\n" });
const typeOnly = files('type-only', {
  'errors.ts': "import type { Rec } from './train.js';\nexport type E = Rec;\n",
  'train.ts': "import type { M } from './model.js';\nexport interface Rec { m: M }\n",
  'model.ts': "import type { E } from './errors.js';\nexport interface M { e?: E }\n",
});
const leaf = files('leaf', {
  'errors.ts': "import type { Rec } from './records.js';\nexport type E = Rec;\n",
  'records.ts': 'export interface Rec { n: number }\n',
  'train.ts': "import type { E } from './errors.js';\nimport type { Rec } from './records.js';\nexport type T = [E, Rec];\n",
});
const reexport = files('reexport', {
  'index.ts': "export * from './x/index.js';\n",
  'x/index.ts': "export { y } from '../y.js';\n",
  'y.ts': "import '../reexport/index.js';\nexport const y = 1;\n",
});
const packages = files('packages', { 'a.ts': "import { b } from 'some-package';\nimport { c } from './missing.js';\nexport const a = [b, c];\n" });

tester.run('no-import-cycle', noImportCycle, {
  valid: [
    { filename: join(leaf, 'errors.ts'), code: "import type { Rec } from './records.js';\nexport type E = Rec;\n" },
    { filename: join(leaf, 'train.ts'), code: "import type { E } from './errors.js';\nimport type { Rec } from './records.js';\nexport type T = [E, Rec];\n" },
    { filename: join(packages, 'a.ts'), code: "import { b } from 'some-package';\nimport { c } from './missing.js';\nexport const a = [b, c];\n" },
  ],
  invalid: [
    { filename: join(twoWay, 'a.ts'), code: "import { b } from './b.js';\nexport const a = b;\n", errors: [{ messageId: 'cycle' }] },
    {
      // type-only imports count: a circle of `import type` through three files is reported, path included
      filename: join(typeOnly, 'errors.ts'),
      code: "import type { Rec } from './train.js';\nexport type E = Rec;\n",
      errors: [{ messageId: 'cycle', data: { path: ['errors.ts', 'train.ts', 'model.ts', 'errors.ts'].map((f) => relative(process.cwd(), join(typeOnly, f))).join(' -> ') } }],
    },
    { filename: join(reexport, 'index.ts'), code: "export * from './x/index.js';\n", errors: [{ messageId: 'cycle' }] },
    { filename: join(twoWay, 'b.ts'), code: "const m = await import('./a.js');\nexport const b = m;\n", errors: [{ messageId: 'cycle' }] },
  ],
});
