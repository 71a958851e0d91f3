// Prints one closing line counting every test that ran: "tests: N passed, N failed".
import fs from 'node:fs';

const read = file => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};
let passed = 0;
let failed = 0;
const jest = read('test-results/jest.json');
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests;
}
const browser = read('test-results/playwright.json');
if (browser) {
  passed += browser.stats.expected + browser.stats.flaky;
  failed += browser.stats.unexpected;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
