import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** Loaded by VS Code in the extension host: runs the suite folder named by OCG_E2E_SUITE (only the tests matching OCG_E2E_GREP, when set). */
export function run(): Promise<void> {
  const suite = process.env.OCG_E2E_SUITE ?? 'default';
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', ...(process.env.OCG_E2E_GREP ? { grep: process.env.OCG_E2E_GREP } : {}) });
  const dir = join(__dirname, suite);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // A plain closing line CI can read, whatever the reporter printed.
      console.log(`e2e ${suite}: ${failures === 0 ? 'all tests passed' : `${failures} failed`}`);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
}
