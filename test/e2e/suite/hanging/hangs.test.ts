// Used only by test/host/launcher.test.ts: a run that never reports must be ended by the launcher.
describe('a deliberately hanging suite', function () {
  this.timeout(0);
  it('never finishes', () => new Promise<void>(() => undefined));
});
